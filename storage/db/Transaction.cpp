#include "storage/db/Transaction.h"

#include "storage/db/Database.h"

namespace segloop {

namespace {

/// Unique savepoint names per thread; only their distinctness within a connection matters.
std::string nextSavepointName() {
    thread_local unsigned counter = 0;
    return "segloop_savepoint_" + std::to_string(++counter);
}

}  // namespace

Transaction::Transaction(Database& database) : database_(database) {
    if (database_.inTransaction()) {
        savepoint_ = nextSavepointName();
        database_.execute("SAVEPOINT " + savepoint_);
    } else {
        database_.execute("BEGIN IMMEDIATE");
    }
}

Transaction::~Transaction() {
    if (!open_) {
        return;
    }
    try {
        if (savepoint_.empty()) {
            // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
            if (database_.inTransaction()) {
                database_.execute("ROLLBACK");
            }
        } else {
            database_.execute("ROLLBACK TO " + savepoint_ + "; RELEASE " + savepoint_);
        }
    } catch (...) {
        // A destructor must not throw; a failed rollback leaves SQLite to roll back on close.
    }
}

void Transaction::commit() {
    database_.execute(savepoint_.empty() ? "COMMIT" : "RELEASE " + savepoint_);
    open_ = false;
}

}  // namespace segloop
