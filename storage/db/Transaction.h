#pragma once

#include <cstddef>
#include <string>

namespace segloop {

class Database;

/// A unit of work on one Database (RAII): rolled back when it goes away uncommitted, so a
/// thrown exception undoes every row written since it began.
///
/// The outermost Transaction is `BEGIN IMMEDIATE` (it takes the write lock at once, so a busy
/// database fails at the start rather than half-way); a Transaction opened while another is
/// active becomes a SAVEPOINT, so functions that write several rows can be composed into a
/// larger change. Data files registered with Database::removeOnRollback while it is open are
/// removed with its rows when it rolls back (or its COMMIT fails). Same thread as its
/// Database. Not copyable, not movable.
class Transaction {
  public:
    explicit Transaction(Database& database);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Makes the changes permanent (or, for a savepoint, part of the enclosing transaction).
    void commit();

  private:
    Database& database_;
    std::string savepoint_;  ///< Empty for the outermost transaction.
    size_t fileMark_ = 0;    ///< Database::rollbackFileMark() when it began.
    bool open_ = true;
};

}  // namespace segloop
