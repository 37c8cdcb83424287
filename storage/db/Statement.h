#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3_stmt;

namespace segloop {

class Database;

/// One compiled SQL statement (RAII: finalised when it goes away).
///
/// Parameters are bound by 1-based index as in SQLite; columns are read by 0-based index.
/// step() returns true while a row is ready. A failure throws segloop::Error naming the
/// database file and the statement's SQL. Belongs to its Database's thread; movable.
class Statement {
  public:
    Statement(Database& database, const std::string& sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::string& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    Statement& bind(int index, std::nullptr_t);
    Statement& bind(int index, const std::optional<int64_t>& value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind(int index, const std::optional<std::string>& value);

    /// Binds every argument in order to parameters 1, 2, 3, ...
    template <typename... Values>
    Statement& bindAll(const Values&... values) {
        int index = 0;
        (bind(++index, values), ...);
        return *this;
    }

    /// Advances to the next row: true when one is ready, false when the statement is done.
    bool step();
    /// Steps to the end, for statements that return no rows.
    void run();
    /// Makes the statement ready to run again; bindings are kept.
    void reset();

    bool columnIsNull(int column) const;
    int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    std::optional<int64_t> columnOptionalInt64(int column) const;
    std::optional<double> columnOptionalDouble(int column) const;

  private:
    void checkBind(int resultCode, int index);

    Database& database_;
    sqlite3_stmt* statement_ = nullptr;
};

}  // namespace segloop
