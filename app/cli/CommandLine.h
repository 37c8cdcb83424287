#pragma once

#include <map>
#include <string>
#include <vector>

namespace segloop::cli {

/// Exit codes scripts can rely on (also listed by `segloop-cli --help`).
enum ExitCode : int {
    kExitOk = 0,
    kExitFailed = 1,     ///< bad input or a failed operation; nothing was changed
    kExitUsage = 2,      ///< unknown command or option, missing argument
    kExitPartial = 3,    ///< --skip-bad: some inputs were refused, the rest were imported
    kExitCancelled = 4,  ///< interrupted (Ctrl-C); nothing half-done was kept
};

/// One option a command accepts: `--name VALUE` or, when `valueName` is empty, a `--name` flag.
struct OptionSpec {
    std::string name;
    std::string valueName;
    std::string help;
    bool repeatable = false;
    std::string group = "Options";  ///< the heading it is listed under in --help
};

/// What a command accepts, for parsing and for its `--help` text.
struct CommandSpec {
    std::string name;
    std::string summary;
    std::string usage;        ///< e.g. "PROJECT INPUT..."
    std::string description;  ///< longer text for --help
    size_t minPositional = 0;
    size_t maxPositional = 0;  ///< SIZE_MAX for "any number"
    std::vector<OptionSpec> options;
};

/// Parsed arguments of one command. Thrown UsageError on anything the spec does not allow.
class ParsedArguments {
  public:
    std::vector<std::string> positional;

    bool has(const std::string& option) const { return values_.count(option) > 0; }
    std::string value(const std::string& option, const std::string& fallback = "") const;
    std::vector<std::string> values(const std::string& option) const;
    int intValue(const std::string& option, int fallback) const;

    void add(const std::string& option, const std::string& value) {
        values_[option].push_back(value);
    }

  private:
    std::map<std::string, std::vector<std::string>> values_;
};

/// A command-line mistake; main() prints it with the command's usage and exits kExitUsage.
struct UsageError {
    std::string message;
};

/// Parses `arguments` (after the command name) against `spec` with CLI11; throws UsageError.
ParsedArguments parseArguments(const CommandSpec& spec, const std::vector<std::string>& arguments);

/// The `--help` text of one command (CLI11's, under our usage line; options by group).
std::string helpText(const CommandSpec& spec);

}  // namespace segloop::cli
