#include "app/cli/CommandLine.h"

#include <cstdint>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

namespace segloop::cli {
namespace {

/// CLI11's help with our first lines: "Usage: segloop-cli NAME USAGE", the summary and the
/// description, as scripts and the tests read them.
class HelpFormatter : public CLI::Formatter {
  public:
    explicit HelpFormatter(const CommandSpec& spec) : spec_(spec) { column_width(28); }

    std::string make_usage(const CLI::App*, std::string) const override {
        return "Usage: segloop-cli " + spec_.name + " " + spec_.usage + "\n\n";
    }
    std::string make_description(const CLI::App*) const override {
        return spec_.summary + "\n" +
               (spec_.description.empty() ? "" : "\n" + spec_.description + "\n") + "\n";
    }

  private:
    const CommandSpec& spec_;
};

/// One CLI::App for `spec`; the values land in `values` (by option name) and `positional`.
std::unique_ptr<CLI::App> makeApp(const CommandSpec& spec,
                                  std::map<std::string, std::vector<std::string>>& values,
                                  std::vector<std::string>& positional) {
    auto app = std::make_unique<CLI::App>(spec.summary, "segloop-cli " + spec.name);
    app->formatter(std::make_shared<HelpFormatter>(spec));
    app->set_help_flag("-h,--help", "show this text");
    app->allow_extras(true);  // unknown options are ours to name (below)
    app->positionals_at_end(false);
    for (const OptionSpec& option : spec.options) {
        CLI::Option* added = nullptr;
        if (option.valueName.empty()) {
            added = app->add_flag_function(
                "--" + option.name,
                [&values, name = option.name](std::int64_t count) {
                    values[name].assign(size_t(count), "1");
                },
                option.help);
        } else {
            added = app->add_option("--" + option.name, values[option.name], option.help);
            added->type_name(option.valueName);
            added->expected(1);
            added->allow_extra_args(false);  // one value per --option; the rest are positional
        }
        added->multi_option_policy(option.repeatable ? CLI::MultiOptionPolicy::TakeAll
                                                     : CLI::MultiOptionPolicy::Throw);
        if (option.repeatable)
            added->expected(1, 1);
        added->group(option.group);
    }
    app->add_option("arguments", positional)->group("");  // positional, listed in the usage line
    return app;
}

}  // namespace

std::string ParsedArguments::value(const std::string& option, const std::string& fallback) const {
    const auto found = values_.find(option);
    return found == values_.end() || found->second.empty() ? fallback : found->second.back();
}

std::vector<std::string> ParsedArguments::values(const std::string& option) const {
    const auto found = values_.find(option);
    return found == values_.end() ? std::vector<std::string>{} : found->second;
}

int ParsedArguments::intValue(const std::string& option, int fallback) const {
    if (!has(option)) {
        return fallback;
    }
    const std::string text = value(option);
    try {
        size_t used = 0;
        const int number = std::stoi(text, &used);
        if (used == text.size()) {
            return number;
        }
    } catch (const std::exception&) {
    }
    throw UsageError{"--" + option + " needs a whole number, got '" + text + "'"};
}

ParsedArguments parseArguments(const CommandSpec& spec, const std::vector<std::string>& arguments) {
    std::map<std::string, std::vector<std::string>> values;
    std::vector<std::string> positional;
    std::unique_ptr<CLI::App> app = makeApp(spec, values, positional);
    std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // CLI11's order
    try {
        app->parse(reversed);
    } catch (const CLI::ParseError& error) {  // in our words, naming the option
        const std::string text = error.what();
        for (const OptionSpec& option : spec.options) {
            if (text.find("--" + option.name) == std::string::npos)
                continue;
            if (!option.repeatable && app->count("--" + option.name) > 1)
                throw UsageError{"--" + option.name + " given more than once"};
            if (option.valueName.empty())
                throw UsageError{"--" + option.name + " takes no value"};
            throw UsageError{"--" + option.name + " needs a value (" + option.valueName + ")"};
        }
        throw UsageError{error.what()};
    }
    for (const std::string& extra : app->remaining()) {
        if (extra.size() > 1 && extra[0] == '-') {
            const std::string name = extra.substr(extra.find_first_not_of('-'));
            throw UsageError{"unknown option --" + name.substr(0, name.find('=')) + " for '" +
                             spec.name + "'"};
        }
        positional.push_back(extra);
    }
    ParsedArguments parsed;
    parsed.positional = positional;
    for (const auto& [name, given] : values)
        for (const std::string& value : given)
            parsed.add(name, value);
    if (parsed.positional.size() < spec.minPositional) {
        throw UsageError{"'" + spec.name + "' needs " + spec.usage};
    }
    if (parsed.positional.size() > spec.maxPositional) {
        throw UsageError{"too many arguments for '" + spec.name + "' (usage: " + spec.usage + ")"};
    }
    return parsed;
}

std::string helpText(const CommandSpec& spec) {
    std::map<std::string, std::vector<std::string>> values;
    std::vector<std::string> positional;
    return makeApp(spec, values, positional)->help();
}

}  // namespace segloop::cli
