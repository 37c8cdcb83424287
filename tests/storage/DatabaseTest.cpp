// The SQLite wrapper: statements, transactions and the errors it turns SQLite failures into.

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

class DatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        database.execute(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
            " weight REAL, note TEXT)");
    }
    int64_t itemCount() { return database.queryInt64("SELECT COUNT(*) FROM items"); }
    void insert(const std::string& name) {
        database.prepare("INSERT INTO items (name) VALUES (?)").bind(1, name).run();
    }

    TempDir folder;
    Database database{folder.file("test.db"), Database::OpenMode::Create};
};

TEST_F(DatabaseTest, BindsAndReadsEveryType) {
    database.prepare("INSERT INTO items (name, weight, note) VALUES (?, ?, ?)")
        .bindAll("first", 2.5, nullptr)
        .run();
    const int64_t id = database.lastInsertRowId();
    database.prepare("INSERT INTO items (name, weight, note) VALUES (?, ?, ?)")
        .bindAll(std::string("second"), std::optional<double>(), std::optional<std::string>("x"))
        .run();

    Statement query = database.prepare("SELECT id, name, weight, note FROM items ORDER BY id");
    ASSERT_TRUE(query.step());
    EXPECT_EQ(query.columnInt64(0), id);
    EXPECT_EQ(query.columnText(1), "first");
    EXPECT_DOUBLE_EQ(query.columnDouble(2), 2.5);
    EXPECT_TRUE(query.columnIsNull(3));
    EXPECT_EQ(query.columnText(3), "");
    ASSERT_TRUE(query.step());
    EXPECT_FALSE(query.columnOptionalDouble(2).has_value());
    EXPECT_EQ(query.columnText(3), "x");
    EXPECT_FALSE(query.step());
}

TEST_F(DatabaseTest, ForeignKeysAreOnForEveryConnection) {
    EXPECT_EQ(database.queryInt64("PRAGMA foreign_keys"), 1);
    Database second(folder.file("test.db"), Database::OpenMode::ReadWrite);
    EXPECT_EQ(second.queryInt64("PRAGMA foreign_keys"), 1);
}

TEST_F(DatabaseTest, TransactionRollsBackUnlessCommitted) {
    {
        Transaction transaction(database);
        insert("a");
        insert("b");
        EXPECT_TRUE(database.inTransaction());
    }
    EXPECT_FALSE(database.inTransaction());
    EXPECT_EQ(itemCount(), 0);
    {
        Transaction transaction(database);
        insert("a");
        transaction.commit();
    }
    EXPECT_EQ(itemCount(), 1);
}

TEST_F(DatabaseTest, ExceptionInTheMiddleUndoesEveryRow) {
    insert("existing");
    try {
        Transaction transaction(database);
        insert("new 1");
        insert("new 2");
        insert("existing");  // UNIQUE violation half-way
        transaction.commit();
        FAIL() << "the duplicate insert should have thrown";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("UNIQUE constraint failed"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(itemCount(), 1);
}

TEST_F(DatabaseTest, NestedTransactionIsASavepoint) {
    Transaction outer(database);
    insert("outer");
    {
        Transaction inner(database);
        insert("inner, rolled back");
    }
    {
        Transaction inner(database);
        insert("inner, kept");
        inner.commit();
    }
    outer.commit();
    EXPECT_EQ(itemCount(), 2);
    EXPECT_EQ(database.queryInt64("SELECT COUNT(*) FROM items WHERE name LIKE '%rolled back'"), 0);
}

TEST_F(DatabaseTest, ErrorNamesTheFileAndSqlitesMessage) {
    insert("a");
    try {
        insert("a");
        FAIL() << "expected a constraint error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("test.db"));
        EXPECT_NE(error.problem().find("UNIQUE constraint failed: items.name"), std::string::npos)
            << error.what();
    }
    try {
        database.prepare("SELECT nonsense FROM nowhere");
        FAIL() << "expected a prepare error";
    } catch (const Error& error) {
        EXPECT_NE(error.problem().find("no such table: nowhere"), std::string::npos)
            << error.what();
    }
}

TEST_F(DatabaseTest, ReadOnlyConnectionReportsReadonlyDatabase) {
    insert("a");
    Database readOnly(folder.file("test.db"), Database::OpenMode::ReadOnly);
    EXPECT_TRUE(readOnly.isReadOnly());
    try {
        readOnly.execute("INSERT INTO items (name) VALUES ('b')");
        FAIL() << "expected a read-only error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("test.db"));
        EXPECT_NE(error.problem().find("readonly database"), std::string::npos) << error.what();
    }
}

TEST_F(DatabaseTest, FullDiskIsReportedAndRolledBack) {
    // max_page_count makes SQLite behave as on a full disk once the file would grow.
    const int64_t pages = database.queryInt64("PRAGMA page_count");
    database.execute("PRAGMA max_page_count = " + std::to_string(pages + 2));
    try {
        Transaction transaction(database);
        Statement statement = database.prepare("INSERT INTO items (name, note) VALUES (?, ?)");
        for (int i = 0; i < 1000; ++i) {
            statement.reset();
            statement.bindAll("row " + std::to_string(i), std::string(2000, 'x')).run();
        }
        transaction.commit();
        FAIL() << "expected the database to be full";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("test.db"));
        EXPECT_NE(error.problem().find("database or disk is full"), std::string::npos)
            << error.what();
    }
    EXPECT_FALSE(database.inTransaction());
    EXPECT_EQ(itemCount(), 0);
}

TEST(DatabaseOpenTest, MissingFileWithoutCreateIsAnError) {
    TempDir folder;
    try {
        Database database(folder.file("absent.db"), Database::OpenMode::ReadWrite);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("absent.db"));
        EXPECT_NE(error.problem().find("unable to open database file"), std::string::npos)
            << error.what();
    }
}

TEST(DatabaseOpenTest, WriteAheadLogCanBeEnabled) {
    TempDir folder;
    Database database(folder.file("wal.db"), Database::OpenMode::Create);
    database.enableWriteAheadLog();
    EXPECT_EQ(database.queryText("PRAGMA journal_mode"), "wal");
}

}  // namespace
}  // namespace segloop
