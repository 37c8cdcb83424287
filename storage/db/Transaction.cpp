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

Transaction::Transaction(Database& database)
    : database_(database), fileMark_(database.rollbackFileMark()) {
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
    database_.removeRollbackFiles(fileMark_);  // the files of the rows just rolled back
}

void Transaction::commit() {
    database_.execute(savepoint_.empty() ? "COMMIT" : "RELEASE " + savepoint_);
    open_ = false;
    if (savepoint_.empty()) {
        database_.forgetRollbackFiles();  // committed: the files belong to their rows now
    }
}

}  // namespace segloop
