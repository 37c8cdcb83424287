#include "app/cli/CommandLine.h"

#include <cstdint>
#include <sstream>

namespace segloop::cli {

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
    ParsedArguments parsed;
    for (size_t n = 0; n < arguments.size(); ++n) {
        const std::string& argument = arguments[n];
        if (argument.size() > 2 && argument.compare(0, 2, "--") == 0) {
            std::string name = argument.substr(2);
            std::string inlineValue;
            const size_t equals = name.find('=');
            const bool hasInlineValue = equals != std::string::npos;
            if (hasInlineValue) {
                inlineValue = name.substr(equals + 1);
                name = name.substr(0, equals);
            }
            const OptionSpec* option = nullptr;
            for (const OptionSpec& candidate : spec.options) {
                if (candidate.name == name) {
                    option = &candidate;
                }
            }
            if (option == nullptr) {
                throw UsageError{"unknown option --" + name + " for '" + spec.name + "'"};
            }
            if (option->valueName.empty()) {
                if (hasInlineValue) {
                    throw UsageError{"--" + name + " takes no value"};
                }
                parsed.add(name, "1");
            } else if (hasInlineValue) {
                parsed.add(name, inlineValue);
            } else if (n + 1 < arguments.size()) {
                parsed.add(name, arguments[++n]);
            } else {
                throw UsageError{"--" + name + " needs a value (" + option->valueName + ")"};
            }
            if (!option->repeatable && parsed.values(name).size() > 1) {
                throw UsageError{"--" + name + " given more than once"};
            }
        } else {
            parsed.positional.push_back(argument);
        }
    }
    if (parsed.positional.size() < spec.minPositional) {
        throw UsageError{"'" + spec.name + "' needs " + spec.usage};
    }
    if (parsed.positional.size() > spec.maxPositional) {
        throw UsageError{"too many arguments for '" + spec.name + "' (usage: " + spec.usage + ")"};
    }
    return parsed;
}

std::string helpText(const CommandSpec& spec) {
    std::ostringstream text;
    text << "Usage: segloop-cli " << spec.name << " " << spec.usage << "\n\n"
         << spec.summary << "\n";
    if (!spec.description.empty()) {
        text << "\n" << spec.description << "\n";
    }
    text << "\nOptions:\n";
    for (const OptionSpec& option : spec.options) {
        std::string left = "  --" + option.name;
        if (!option.valueName.empty()) {
            left += " " + option.valueName;
        }
        text << left << std::string(left.size() < 26 ? 26 - left.size() : 1, ' ') << option.help
             << (option.repeatable ? " (repeatable)" : "") << "\n";
    }
    text << "  --help                  show this text\n";
    return text.str();
}

}  // namespace segloop::cli
