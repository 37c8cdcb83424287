#pragma once
// Finds SQL built by string concatenation in C++ sources (issue 30): SQL must reach SQLite as
// constant text with `?` parameters bound through Statement. Used by SecuritySqlTest.cpp.

#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace segloop::test {

/// One place where SQL text is put together from pieces.
struct SqlConcatenation {
    std::string file;
    int line = 0;
    std::string sourceLine;  ///< the line as written, trimmed
    std::string why;
    /// What the SQL is joined with, other than string literals: identifiers such as
    /// "kLabelOfRecordCondition" (a constant) or "name" (a value), "f()" for a call's result.
    std::set<std::string> operands;
};

/// A C++ token as the scanner needs it: string literals (raw ones too) with their text,
/// operators and identifiers; comments and whitespace dropped.
struct SqlScanToken {
    enum Kind { String, Identifier, Punctuation } kind;
    std::string text;
    int line;
};

inline std::vector<SqlScanToken> tokeniseForSqlScan(const std::string& source) {
    std::vector<SqlScanToken> tokens;
    int line = 1;
    size_t i = 0;
    const size_t n = source.size();
    auto countLines = [&](size_t from, size_t to) {
        for (size_t k = from; k < to && k < n; ++k)
            line += source[k] == '\n' ? 1 : 0;
    };
    while (i < n) {
        const char c = source[i];
        if (c == '\n' || std::isspace(static_cast<unsigned char>(c))) {
            line += c == '\n' ? 1 : 0;
            ++i;
        } else if (source.compare(i, 2, "//") == 0) {
            while (i < n && source[i] != '\n')
                ++i;
        } else if (source.compare(i, 2, "/*") == 0) {
            const size_t end = source.find("*/", i + 2);
            const size_t stop = end == std::string::npos ? n : end + 2;
            countLines(i, stop);
            i = stop;
        } else if (c == 'R' && i + 1 < n && source[i + 1] == '"') {  // R"delim( ... )delim"
            const size_t open = source.find('(', i + 2);
            const std::string delimiter = source.substr(i + 2, open - i - 2);
            const std::string close = ")" + delimiter + "\"";
            const size_t end = source.find(close, open);
            const size_t stop = end == std::string::npos ? n : end + close.size();
            tokens.push_back(
                {SqlScanToken::String,
                 source.substr(open + 1, (end == std::string::npos ? n : end) - open - 1), line});
            countLines(i, stop);
            i = stop;
        } else if (c == '"') {
            std::string text;
            size_t k = i + 1;
            while (k < n && source[k] != '"') {
                if (source[k] == '\\' && k + 1 < n)
                    text += source[k++];
                text += source[k++];
            }
            tokens.push_back({SqlScanToken::String, text, line});
            i = k + 1;
        } else if (c == '\'') {  // a character literal: skipped
            size_t k = i + 1;
            while (k < n && source[k] != '\'')
                k += source[k] == '\\' ? 2 : 1;
            i = k + 1;
        } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            size_t k = i;
            while (k < n &&
                   (std::isalnum(static_cast<unsigned char>(source[k])) || source[k] == '_'))
                ++k;
            tokens.push_back({SqlScanToken::Identifier, source.substr(i, k - i), line});
            i = k;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < n && (std::isalnum(static_cast<unsigned char>(source[i])) ||
                             source[i] == '.' || source[i] == '\''))
                ++i;
        } else {
            const bool twoCharacters =
                source.compare(i, 2, "+=") == 0 || source.compare(i, 2, "::") == 0 ||
                source.compare(i, 2, "->") == 0 || source.compare(i, 2, "<<") == 0;
            tokens.push_back(
                {SqlScanToken::Punctuation, source.substr(i, twoCharacters ? 2 : 1), line});
            i += twoCharacters ? 2 : 1;
        }
    }
    return tokens;
}

/// The identifiers an operand of a join stands for, from token `k` on (forward) or ending at
/// `k` (backward): nothing for a string literal; X for `X`, `std::string(X)`,
/// `std::to_string(X)`; the branches' identifiers for `(c ? "a" : b)`; "f()" for a call f(...).
inline void collectOperand(const std::vector<SqlScanToken>& tokens, size_t k, bool forward,
                           std::set<std::string>& operands) {
    static const std::set<std::string> wrappers = {"std", "string", "to_string", "c_str"};
    auto isPunct = [&](size_t i, const char* text) {
        return i < tokens.size() && tokens[i].kind == SqlScanToken::Punctuation &&
               tokens[i].text == text;
    };
    // The extent of the operand: [first, last].
    size_t first = k;
    size_t last = k;
    if (forward) {
        while (
            last < tokens.size() &&
            (isPunct(last, "::") || (tokens[last].kind == SqlScanToken::Identifier &&
                                     wrappers.count(tokens[last].text) && !isPunct(last + 1, "."))))
            ++last;
        if (last >= tokens.size())
            return;
        if (tokens[last].kind == SqlScanToken::Identifier) {
            size_t after = last + 1;  // member access: a.b_, a->b
            while ((isPunct(after, ".") || isPunct(after, "->")) && after + 1 < tokens.size())
                after += 2;
            if (!isPunct(after, "(")) {
                operands.insert(tokens[after - 1].text);
                return;
            }
            operands.insert(tokens[after - 1].text + "()");
            return;
        }
        if (!isPunct(last, "("))
            return;  // a literal
        first = last;
        int depth = 0;
        for (; last < tokens.size(); ++last) {
            depth += isPunct(last, "(") ? 1 : isPunct(last, ")") ? -1 : 0;
            if (depth == 0)
                break;
        }
    } else {
        if (!isPunct(k, ")")) {
            if (tokens[k].kind == SqlScanToken::Identifier)
                operands.insert(tokens[k].text);
            return;
        }
        int depth = 0;
        for (first = k + 1; first-- > 0;) {
            depth += isPunct(first, ")") ? 1 : isPunct(first, "(") ? -1 : 0;
            if (depth == 0)
                break;
        }
        if (first > 0 && tokens[first - 1].kind == SqlScanToken::Identifier &&
            !wrappers.count(tokens[first - 1].text)) {
            operands.insert(tokens[first - 1].text + "()");
            return;
        }
    }
    // Parenthesised: `(X)` after a wrapper, or a ternary: the identifiers that can be its value.
    size_t from = first + 1;
    for (size_t i = first + 1; i < last; ++i) {
        if (isPunct(i, "?"))
            from = i + 1;
    }
    for (size_t i = from; i < last; ++i) {
        if (tokens[i].kind == SqlScanToken::Identifier && !wrappers.count(tokens[i].text))
            operands.insert(tokens[i].text);
    }
}

/// True when a string literal reads as SQL: an upper-case SQL keyword as a word.
inline bool looksLikeSql(const std::string& text) {
    static const std::regex keyword(
        R"(\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|PRAGMA|CREATE|ALTER|DROP|SAVEPOINT|RELEASE|ROLLBACK|ORDER BY|GROUP BY|LIMIT|JOIN|ATTACH|VACUUM)\b)");
    return std::regex_search(text, keyword);
}

/// The places in `source` (the text of `file`) where SQL is built from pieces:
///  - an SQL-looking literal joined to something by `+`, `+=` or `<<`;
///  - a variable initialised from an SQL-looking literal, later extended (`+`, `+=`, append);
///  - a call that runs SQL (Statement, execute, queryInt64, queryText, sqlite3_exec,
///    sqlite3_prepare*) whose SQL argument holds a `+`.
inline std::vector<SqlConcatenation> findSqlConcatenations(const std::string& file,
                                                           const std::string& source) {
    std::vector<std::string> lines;
    {
        std::istringstream in(source);
        for (std::string text; std::getline(in, text);) {
            const size_t first = text.find_first_not_of(" \t");
            lines.push_back(first == std::string::npos ? "" : text.substr(first));
        }
    }
    std::vector<SqlConcatenation> found;
    const std::vector<SqlScanToken> tokens = tokeniseForSqlScan(source);
    // A join at token `join`: the operands on both sides (string literals add nothing).
    auto report = [&](int line, const std::string& why, size_t join) {
        std::set<std::string> operands;
        if (join > 0)
            collectOperand(tokens, join - 1, false, operands);
        collectOperand(tokens, join + 1, true, operands);
        for (SqlConcatenation& earlier : found) {
            if (earlier.line == line) {
                earlier.operands.insert(operands.begin(), operands.end());
                return;
            }
        }
        found.push_back({file, line, line - 1 < int(lines.size()) ? lines[size_t(line - 1)] : "",
                         why, operands});
    };
    auto isJoin = [&](size_t k) {
        return k < tokens.size() && tokens[k].kind == SqlScanToken::Punctuation &&
               (tokens[k].text == "+" || tokens[k].text == "+=" || tokens[k].text == "<<");
    };
    std::set<std::string> sqlVariables;
    for (size_t k = 0; k < tokens.size(); ++k) {
        if (tokens[k].kind != SqlScanToken::String || !looksLikeSql(tokens[k].text))
            continue;
        size_t last = k;  // adjacent literals are one literal
        while (last + 1 < tokens.size() && tokens[last + 1].kind == SqlScanToken::String)
            ++last;
        size_t firstOfChain = k;
        while (firstOfChain > 0 && tokens[firstOfChain - 1].kind == SqlScanToken::String)
            --firstOfChain;
        if (isJoin(last + 1))
            report(tokens[k].line, "SQL text joined with '+', '+=' or '<<'", last + 1);
        if (firstOfChain > 0 && isJoin(firstOfChain - 1))
            report(tokens[k].line, "SQL text joined with '+', '+=' or '<<'", firstOfChain - 1);
        if (firstOfChain >= 2 && tokens[firstOfChain - 2].kind == SqlScanToken::Identifier &&
            (tokens[firstOfChain - 1].text == "=" || tokens[firstOfChain - 1].text == "(" ||
             tokens[firstOfChain - 1].text == "{"))
            sqlVariables.insert(tokens[firstOfChain - 2].text);
    }
    static const std::set<std::string> sqlCalls = {
        "Statement",    "execute",         "queryInt64",         "queryText",
        "sqlite3_exec", "sqlite3_prepare", "sqlite3_prepare_v2", "sqlite3_prepare_v3"};
    for (size_t k = 0; k + 1 < tokens.size(); ++k) {
        const SqlScanToken& token = tokens[k];
        if (token.kind != SqlScanToken::Identifier)
            continue;
        if (sqlVariables.count(token.text) && isJoin(k + 1))
            report(token.line, "SQL variable '" + token.text + "' extended", k + 1);
        if (sqlVariables.count(token.text) && k + 3 < tokens.size() && tokens[k + 1].text == "." &&
            tokens[k + 2].text == "append")
            report(token.line, "SQL variable '" + token.text + "' extended", k + 2);
        if (!sqlCalls.count(token.text))
            continue;
        size_t open = k + 1;
        if (token.text == "Statement" && open < tokens.size() &&
            tokens[open].kind == SqlScanToken::Identifier)
            ++open;  // Statement name(database, "...")
        if (open >= tokens.size() || tokens[open].text != "(")
            continue;
        // execute/queryInt64/queryText(sql); Statement(database, sql); sqlite3_*(db, sql, ...)
        const int sqlIndex =
            token.text == "execute" || token.text == "queryInt64" || token.text == "queryText" ? 0
                                                                                               : 1;
        int depth = 0;
        int argument = 0;
        for (size_t a = open; a < tokens.size(); ++a) {
            const std::string& text = tokens[a].text;
            const bool punctuation = tokens[a].kind == SqlScanToken::Punctuation;
            if (punctuation && (text == "(" || text == "{" || text == "[")) {
                ++depth;
            } else if (punctuation && (text == ")" || text == "}" || text == "]")) {
                if (--depth == 0)
                    break;
            } else if (punctuation && depth == 1 && text == ",") {
                ++argument;
            } else if (argument == sqlIndex && isJoin(a)) {
                report(tokens[a].line, "SQL argument of " + token.text + " built with '+'", a);
            }
        }
    }
    return found;
}

inline std::string readSourceFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace segloop::test
