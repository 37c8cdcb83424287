// Security (issue 30): every SQL statement reaches SQLite as constant text with `?` parameters,
// never put together from values. SqlTextScanner.h reads the sources; a reviewed list names
// the few names SQL is joined with that hold constant SQL (kConstants pass by their name). The
// scanner itself is tried on planted violations so that this test cannot pass by finding nothing.

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "SqlTextScanner.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

/// The project's source root (tests/..).
std::string sourceRoot() {
    return fs::path(SEGLOOP_TESTS_SOURCE_DIR).parent_path().string();
}

/// Reviewed names that SQL is joined with although they are not kConstants: file (relative
/// to the source root) -> name. Each was read and holds SQL text from constants or a number
/// the program makes, never outside text. A new entry needs the same review.
const std::multimap<std::string, std::string>& reviewedOperands() {
    static const std::multimap<std::string, std::string> reviewed = {
        // Savepoint names are "sp" + a counter (nextSavepointName()).
        {"storage/db/Transaction.cpp", "savepoint_"},
        // PRAGMA user_version takes no parameter; the version is the migration's number.
        {"storage/db/Database.cpp", "version"},
        // rowExists(database, "volumes", id): a table name from a literal at each call.
        {"storage/LabelVersionAdd.cpp", "table"},
        // The private query(whereClause, ...) helpers: every caller passes a literal
        // ("WHERE id = ?", "WHERE name = ?", ...) or one joined with kConstants.
        {"storage/LabelSetRepository.cpp", "whereClause"},
        {"storage/VolumeRepository.cpp", "whereClause"},
        {"storage/ModelRepository.cpp", "whereClause"},
        {"storage/TrainingRunRepository.cpp", "whereClause"},
        {"storage/QualityScoreRepository.cpp", "whereClause"},
        {"storage/LabelVersionRepository.cpp", "whereClause"},
    };
    return reviewed;
}

bool isConstantName(const std::string& name) {
    return name.size() > 1 && name[0] == 'k' && std::isupper(static_cast<unsigned char>(name[1]));
}

/// The operands of `found` that are neither kConstants nor reviewed for its file.
std::set<std::string> unreviewedOperands(const test::SqlConcatenation& found,
                                         std::set<std::string>& reviewedSeen) {
    std::set<std::string> left;
    for (const std::string& operand : found.operands) {
        if (isConstantName(operand))
            continue;
        bool reviewed = false;
        const auto [first, last] = reviewedOperands().equal_range(found.file);
        for (auto it = first; it != last; ++it) {
            if (it->second == operand) {
                reviewed = true;
                reviewedSeen.insert(found.file + " " + operand);
            }
        }
        if (!reviewed)
            left.insert(operand);
    }
    return left;
}

/// Every C++ source under the folders that hold product code (tests and third-party code are
/// not product code).
std::vector<std::string> productSources() {
    std::vector<std::string> files;
    for (const char* folder : {"app", "core", "render", "report", "storage", "ui", "workflow"}) {
        const fs::path root = fs::path(sourceRoot()) / folder;
        if (!fs::exists(root))
            continue;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            const std::string extension = entry.path().extension().string();
            if (entry.is_regular_file() && (extension == ".cpp" || extension == ".h"))
                files.push_back(fs::relative(entry.path(), sourceRoot()).string());
        }
    }
    return files;
}

std::vector<test::SqlConcatenation> scan(const std::string& file, const std::string& text) {
    return test::findSqlConcatenations(file, text);
}

TEST(SecuritySql, ProductSourcesBuildNoSqlFromValues) {
    const std::vector<std::string> files = productSources();
    size_t storageFiles = 0;
    size_t filesWithSql = 0;
    std::string problems;
    std::set<std::string> reviewedSeen;
    for (const std::string& file : files) {
        const std::string text = test::readSourceFile(sourceRoot() + "/" + file);
        storageFiles += file.rfind("storage/", 0) == 0 ? 1 : 0;
        filesWithSql += text.find("Statement") != std::string::npos ||
                                text.find("sqlite3_") != std::string::npos
                            ? 1
                            : 0;
        for (const test::SqlConcatenation& found : scan(file, text)) {
            const std::set<std::string> values = unreviewedOperands(found, reviewedSeen);
            if (values.empty())
                continue;  // joined with literals and kConstants only
            std::string names;
            for (const std::string& value : values)
                names += (names.empty() ? "" : ", ") + value;
            problems += found.file + ":" + std::to_string(found.line) + ": " + found.why +
                        " (with " + names + ")\n    " + found.sourceLine + "\n";
        }
    }
    EXPECT_GT(storageFiles, 20u) << "storage/ was not found under " << sourceRoot();
    EXPECT_GT(filesWithSql, 10u) << "no file that runs SQL was scanned";
    EXPECT_TRUE(problems.empty())
        << "SQL built from values (bind them with `?` and Statement::bind instead; a name "
           "that holds constant SQL goes into reviewedOperands() after review):\n"
        << problems;
    EXPECT_EQ(reviewedSeen.size(), reviewedOperands().size())
        << "a reviewed entry no longer matches its source line; remove or update it";
}

TEST(SecuritySql, PlantedViolationsInAFileAreFound) {
    test::TempDir temp;
    const std::string path = temp.file("Planted.cpp");
    {
        std::ofstream out(path);
        out << "void remove(Database& database, const std::string& name, int64_t id) {\n"
               "    Statement find(database, \"SELECT id FROM volumes WHERE name = '\" + name + "
               "\"'\");\n"
               "    database.execute(\"DELETE FROM labels WHERE id = \" + std::to_string(id));\n"
               "    std::string sql = \"UPDATE volumes SET name = \";\n"
               "    sql += name;\n"
               "    std::ostringstream text;\n"
               "    text << \"INSERT INTO notes (text) VALUES ('\" << name << \"')\";\n"
               "    const std::string where = \" WHERE id = \" + std::to_string(id);\n"
               "    sqlite3_exec(handle, query + where, nullptr, nullptr, nullptr);\n"
               "}\n";
    }
    const std::vector<test::SqlConcatenation> found =
        scan("Planted.cpp", test::readSourceFile(path));
    std::map<int, std::set<std::string>> operands;
    for (const test::SqlConcatenation& one : found)
        operands[one.line] = one.operands;
    const std::map<int, std::set<std::string>> expected = {
        {2, {"name"}},         {3, {"id"}}, {5, {"sql", "name"}},
        {7, {"text", "name"}}, {8, {"id"}}, {9, {"query", "where"}}};
    EXPECT_EQ(operands, expected);
    // The same joins with kConstants only pass the rule of ProductSourcesBuildNoSqlFromValues.
    const std::vector<test::SqlConcatenation> constant =
        scan("Constant.cpp",
             "Statement s(database, std::string(kSelect) + \" WHERE \" + kCondition);\n");
    ASSERT_EQ(constant.size(), 1u);
    EXPECT_EQ(constant.front().operands, (std::set<std::string>{"kSelect", "kCondition"}));
}

TEST(SecuritySql, PreparedStatementsAndCommentsAreNotFlagged) {
    const std::string clean =
        "// SELECT id FROM volumes WHERE name = ' + name  (a comment)\n"
        "/* \"DELETE FROM x\" + y */\n"
        "Statement find(database, \"SELECT id FROM volumes WHERE name = ? AND kind = ?\");\n"
        "find.bind(1, name);\n"
        "database.execute(R\"(CREATE TABLE t (id INTEGER PRIMARY KEY))\");\n"
        "Statement insert(database, \"INSERT INTO t (a, b) \"\n"
        "                           \"VALUES (?, ?)\");\n"
        "const std::string message = \"volume \" + std::to_string(id) + \" is missing\";\n"
        "const int total = count + 1;\n";
    const std::vector<test::SqlConcatenation> found = scan("Clean.cpp", clean);
    std::string shown;
    for (const test::SqlConcatenation& one : found)
        shown += std::to_string(one.line) + ": " + one.sourceLine + "\n";
    EXPECT_TRUE(found.empty()) << shown;
}

}  // namespace
}  // namespace segloop
