#include "storage/db/Database.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <utility>

#include "core/Error.h"
#include "storage/db/Statement.h"

namespace segloop {

namespace {

int openFlags(Database::OpenMode mode) {
    switch (mode) {
        case Database::OpenMode::ReadOnly:
            return SQLITE_OPEN_READONLY;
        case Database::OpenMode::ReadWrite:
            return SQLITE_OPEN_READWRITE;
        case Database::OpenMode::Create:
            return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        case Database::OpenMode::ReadOnlyImmutable:
            return SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    }
    return SQLITE_OPEN_READONLY;
}

/// `path` as an SQLite URI with the immutable flag ("file:/a%3Fb.segloop?immutable=1"): the
/// characters that a URI gives a meaning to are percent-encoded.
std::string immutableUri(const std::string& path) {
    std::string uri = "file:";
    for (const char character : path) {
        if (character == '?' || character == '#' || character == '%') {
            char encoded[4];
            std::snprintf(encoded, sizeof encoded, "%%%02X",
                          static_cast<unsigned>(static_cast<unsigned char>(character)));
            uri += encoded;
        } else {
            uri += character;
        }
    }
    return uri + "?immutable=1";
}

}  // namespace

Database::Database(const std::string& path, OpenMode mode) : path_(path) {
    const std::string name = mode == OpenMode::ReadOnlyImmutable ? immutableUri(path) : path;
    // NOMUTEX: a connection is used by one thread at a time (see the class brief).
    const int result =
        sqlite3_open_v2(name.c_str(), &handle_, openFlags(mode) | SQLITE_OPEN_NOMUTEX, nullptr);
    if (result != SQLITE_OK) {
        const std::string message =
            handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(result);
        close();
        throw Error(path_, "cannot open the database: " + message);
    }
    sqlite3_extended_result_codes(handle_, 1);
    setBusyTimeout(kDefaultBusyTimeoutMs);
    execute("PRAGMA foreign_keys = ON");
    if (queryInt64("PRAGMA foreign_keys") != 1) {
        close();
        throw Error(path_, "this SQLite library cannot enforce foreign keys");
    }
}

Database::~Database() {
    close();
}

Database::Database(Database&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        handle_ = std::exchange(other.handle_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

void Database::close() noexcept {
    if (handle_ != nullptr) {
        sqlite3_close_v2(handle_);
        handle_ = nullptr;
    }
}

bool Database::isReadOnly() const {
    return sqlite3_db_readonly(handle_, "main") == 1;
}

void Database::execute(const std::string& sql) {
    char* message = nullptr;
    const int result = sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &message);
    if (result != SQLITE_OK) {
        const std::string text = message != nullptr ? message : sqlite3_errstr(result);
        sqlite3_free(message);
        throw Error(path_, text);
    }
}

Statement Database::prepare(const std::string& sql) {
    return Statement(*this, sql);
}

int64_t Database::queryInt64(const std::string& sql) {
    Statement statement(*this, sql);
    if (!statement.step()) {
        throw Error(path_, "no result from: " + sql);
    }
    return statement.columnInt64(0);
}

std::string Database::queryText(const std::string& sql) {
    Statement statement(*this, sql);
    if (!statement.step()) {
        throw Error(path_, "no result from: " + sql);
    }
    return statement.columnText(0);
}

void Database::enableWriteAheadLog() {
    const std::string mode = queryText("PRAGMA journal_mode = WAL");
    if (mode != "wal") {
        throw Error(path_, "cannot use write-ahead logging (journal mode stays '" + mode +
                               "'); is the project on a network file system?");
    }
}

void Database::setBusyTimeout(int timeoutMs) {
    sqlite3_busy_timeout(handle_, timeoutMs);
}

int Database::userVersion() {
    return static_cast<int>(queryInt64("PRAGMA user_version"));
}

void Database::setUserVersion(int version) {
    execute("PRAGMA user_version = " + std::to_string(version));
}

int64_t Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(handle_);
}

int64_t Database::changes() const {
    return sqlite3_changes(handle_);
}

void Database::removeOnRollback(const std::string& path) {
    rollbackFiles_.push_back(path);
}

void Database::removeRollbackFiles(size_t mark) noexcept {
    while (rollbackFiles_.size() > mark) {
        std::error_code ignored;  // a file already gone is what we want
        std::filesystem::remove(rollbackFiles_.back(), ignored);
        rollbackFiles_.pop_back();
    }
}

bool Database::inTransaction() const {
    return sqlite3_get_autocommit(handle_) == 0;
}

void Database::fail(int resultCode, const std::string& context) const {
    // The connection's message is more precise ("UNIQUE constraint failed: series.uid")
    // when it belongs to this result; otherwise fall back to the code's generic text.
    std::string message = sqlite3_errstr(resultCode);
    if (handle_ != nullptr && (sqlite3_extended_errcode(handle_) & 0xff) == (resultCode & 0xff)) {
        message = sqlite3_errmsg(handle_);
    }
    throw Error(path_, context.empty() ? message : context + ": " + message);
}

}  // namespace segloop
