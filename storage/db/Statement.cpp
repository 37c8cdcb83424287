#include "storage/db/Statement.h"

#include <sqlite3.h>

#include <utility>

#include "core/Error.h"
#include "storage/db/Database.h"

namespace segloop {

namespace {

/// The first line of a statement's SQL, shortened, for error messages.
std::string shortSql(const char* sql) {
    std::string text = sql != nullptr ? sql : "";
    const size_t newline = text.find('\n');
    if (newline != std::string::npos) {
        text.resize(newline);
    }
    if (text.size() > 80) {
        text = text.substr(0, 77) + "...";
    }
    return text;
}

}  // namespace

Statement::Statement(Database& database, const std::string& sql) : database_(database) {
    const int result = sqlite3_prepare_v2(database.handle(), sql.c_str(),
                                          static_cast<int>(sql.size()), &statement_, nullptr);
    if (result != SQLITE_OK) {
        database.fail(result, "cannot prepare \"" + shortSql(sql.c_str()) + "\"");
    }
}

Statement::~Statement() {
    sqlite3_finalize(statement_);
}

Statement::Statement(Statement&& other) noexcept
    : database_(other.database_), statement_(std::exchange(other.statement_, nullptr)) {}

void Statement::checkBind(int resultCode, int index) {
    if (resultCode != SQLITE_OK) {
        database_.fail(resultCode, "cannot bind parameter " + std::to_string(index) + " of \"" +
                                       shortSql(sqlite3_sql(statement_)) + "\"");
    }
}

Statement& Statement::bind(int index, int64_t value) {
    checkBind(sqlite3_bind_int64(statement_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    checkBind(sqlite3_bind_double(statement_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    checkBind(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                                SQLITE_TRANSIENT),
              index);
    return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
    checkBind(sqlite3_bind_null(statement_, index), index);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
}

bool Statement::step() {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) {
        return true;
    }
    if (result == SQLITE_DONE) {
        return false;
    }
    // Leave the statement reusable, then report what SQLite said.
    const std::string sql = shortSql(sqlite3_sql(statement_));
    database_.fail(result, "\"" + sql + "\" failed");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(statement_);
}

bool Statement::columnIsNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t Statement::columnInt64(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double Statement::columnDouble(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::string Statement::columnText(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    const int bytes = sqlite3_column_bytes(statement_, column);
    return text != nullptr ? std::string(reinterpret_cast<const char*>(text), bytes)
                           : std::string();
}

std::optional<int64_t> Statement::columnOptionalInt64(int column) const {
    if (columnIsNull(column)) {
        return std::nullopt;
    }
    return columnInt64(column);
}

std::optional<double> Statement::columnOptionalDouble(int column) const {
    if (columnIsNull(column)) {
        return std::nullopt;
    }
    return columnDouble(column);
}

}  // namespace segloop
