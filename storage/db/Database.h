#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace segloop {

class Statement;

/// One open SQLite connection (RAII): closes the file when it goes away.
///
/// Every SQLite failure becomes a segloop::Error whose subject is the database file and whose
/// problem is SQLite's own message ("database or disk is full", "attempt to write a readonly
/// database"), prefixed with what was being done. A connection is used by one thread at a time:
/// a thread that needs the project concurrently (the trainer) opens its own connection; WAL mode
/// lets readers and one writer work side by side. Movable, not copyable.
class Database {
  public:
    enum class OpenMode {
        ReadOnly,   ///< The file must exist; nothing can be written.
        ReadWrite,  ///< The file must exist.
        Create,     ///< Read-write; the file is created when missing.
        /// Read-only, and SQLite is told that nobody changes the file while it is open
        /// (`immutable=1`): no lock, no -shm file, so a folder the user cannot write can be
        /// read. A -wal file beside it is ignored: use ReadOnly when one holds changes.
        ReadOnlyImmutable,
    };

    static constexpr int kDefaultBusyTimeoutMs = 10000;

    /// Opens the file and turns on foreign keys, extended error codes and a busy timeout.
    /// WAL mode is a property of the file: see enableWriteAheadLog().
    Database(const std::string& path, OpenMode mode);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& path() const { return path_; }
    bool isReadOnly() const;

    /// Runs one or more SQL statements that return no rows of interest.
    void execute(const std::string& sql);
    /// Compiles one statement.
    Statement prepare(const std::string& sql);

    /// First column of the first row of a query (throws Error when there is no row).
    int64_t queryInt64(const std::string& sql);
    std::string queryText(const std::string& sql);

    /// Switches the file to write-ahead logging; throws when the file system refuses it.
    void enableWriteAheadLog();
    void setBusyTimeout(int timeoutMs);
    /// PRAGMA user_version: the schema version written by the migrations.
    int userVersion();
    void setUserVersion(int version);

    int64_t lastInsertRowId() const;
    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    int64_t changes() const;
    /// True while a transaction (or savepoint) is open on this connection.
    bool inTransaction() const;

    /// Registers a data file written for the open transaction (a row's voxel file, renamed
    /// into place before the commit): Transaction removes it when the rows it belongs to are
    /// rolled back, also when the outermost COMMIT fails (a full disk), so that no file stays
    /// without its row. Forgotten once the outermost transaction commits.
    void removeOnRollback(const std::string& path);
    /// How many files are registered now; a Transaction's rollback removes those after it.
    size_t rollbackFileMark() const { return rollbackFiles_.size(); }
    /// Removes (quietly) the files registered after `mark` and forgets them.
    void removeRollbackFiles(size_t mark) noexcept;
    /// Forgets every registered file (the outermost transaction committed).
    void forgetRollbackFiles() noexcept { rollbackFiles_.clear(); }

    /// Throws Error(path, context + ": " + SQLite's message for `resultCode`).
    [[noreturn]] void fail(int resultCode, const std::string& context) const;

    /// The raw handle, for the wrapper classes beside this one.
    sqlite3* handle() const { return handle_; }

  private:
    void close() noexcept;

    sqlite3* handle_ = nullptr;
    std::string path_;
    std::vector<std::string> rollbackFiles_;
};

}  // namespace segloop
