// `classes`: list the label classes of a project, add one, rename or recolour them. Label maps
// store class indices, so a rename or a new colour never changes what a saved label means.
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/cli/Commands.h"
#include "core/Error.h"
#include "storage/DefaultClassColours.h"
#include "storage/Project.h"
#include "storage/db/Transaction.h"

namespace segloop::cli {
namespace {

/// "RRGGBB" or "#RRGGBB" (hex) as a colour; UsageError naming `option` otherwise.
std::array<uint8_t, 3> parseColour(const std::string& text, const std::string& option) {
    const std::string digits = !text.empty() && text[0] == '#' ? text.substr(1) : text;
    bool valid = digits.size() == 6;
    for (const char c : digits) {
        valid = valid && std::isxdigit(static_cast<unsigned char>(c));
    }
    if (!valid) {
        throw UsageError{"--" + option + " needs a colour as RRGGBB in hex (e.g. E6194B), not '" +
                         text + "'"};
    }
    std::array<uint8_t, 3> colour{};
    for (size_t channel = 0; channel < 3; ++channel) {
        colour[channel] =
            static_cast<uint8_t>(std::stoul(digits.substr(channel * 2, 2), nullptr, 16));
    }
    return colour;
}

/// One `INDEX=VALUE` argument of --rename or --recolour.
struct ClassAssignment {
    uint16_t index = 0;
    std::string value;
};

ClassAssignment parseAssignment(const std::string& text, const std::string& option,
                                const std::string& valueName) {
    const size_t equals = text.find('=');
    const std::string index = text.substr(0, equals);
    bool valid = equals != std::string::npos && !index.empty() && equals + 1 < text.size();
    for (const char c : index) {
        valid = valid && std::isdigit(static_cast<unsigned char>(c));
    }
    if (!valid) {
        throw UsageError{"--" + option + " needs INDEX=" + valueName + ", not '" + text + "'"};
    }
    const unsigned long number = index.size() <= 5 ? std::stoul(index) : 0;
    if (number < 1 || number > 65535) {
        throw UsageError{"--" + option + " needs a class index from 1 to 65535, not '" + text +
                         "'"};
    }
    return {static_cast<uint16_t>(number), text.substr(equals + 1)};
}

/// The label set the command works on: --label-set NAME, else the project's first.
LabelSet chosenLabelSet(Project& project, const ParsedArguments& arguments) {
    if (arguments.has("label-set")) {
        const std::string name = arguments.value("label-set");
        if (auto labelSet = project.labelSets().findByName(name)) {
            return *labelSet;
        }
        throw Error("label set '" + name + "'", "no such label set in the project");
    }
    const std::vector<LabelSet> labelSets = project.labelSets().list();
    if (labelSets.empty()) {
        throw Error(project.layout().folder, "the project has no label set");
    }
    return labelSets.front();
}

void printClasses(const LabelSet& labelSet) {
    std::printf("Label set %s\n%5s  %-7s  %s\n", labelSet.name.c_str(), "index", "colour", "name");
    for (const LabelClass& labelClass : labelSet.classes) {
        std::printf("%5u  %-7s  %s\n", unsigned(labelClass.index),
                    colourHex(labelClass.colourRgb).c_str(), labelClass.name.c_str());
    }
}

int runClasses(const ParsedArguments& arguments) {
    if (arguments.has("colour") && !arguments.has("add")) {
        throw UsageError{
            "--colour is the colour of the class that --add makes; use --recolour "
            "INDEX=RRGGBB for a class the project has"};
    }
    // Everything is checked before the project is touched.
    std::vector<ClassAssignment> renames;
    for (const std::string& text : arguments.values("rename")) {
        renames.push_back(parseAssignment(text, "rename", "NAME"));
    }
    std::vector<std::pair<uint16_t, std::array<uint8_t, 3>>> recolours;
    for (const std::string& text : arguments.values("recolour")) {
        const ClassAssignment assignment = parseAssignment(text, "recolour", "RRGGBB");
        recolours.emplace_back(assignment.index, parseColour(assignment.value, "recolour"));
    }
    const bool add = arguments.has("add");
    const std::string newName = arguments.value("add");
    if (add && newName.empty()) {
        throw UsageError{"--add needs the name of the new class"};
    }
    const std::optional<std::array<uint8_t, 3>> newColour =
        arguments.has("colour") ? std::optional(parseColour(arguments.value("colour"), "colour"))
                                : std::nullopt;

    Project project = Project::open(arguments.positional[0]);
    const LabelSet labelSet = chosenLabelSet(project, arguments);
    if (renames.empty() && recolours.empty() && !add) {
        printClasses(labelSet);
        return kExitOk;
    }
    LabelSetRepository labelSets = project.labelSets();
    // All the changes, or none; what was done is printed once it is committed.
    Transaction transaction(project.database());
    std::string done;
    for (const ClassAssignment& rename : renames) {
        labelSets.renameClass(labelSet.id, rename.index, rename.value);
        done += "Renamed class " + std::to_string(rename.index) + " to '" + rename.value + "'\n";
    }
    for (const auto& [index, colour] : recolours) {
        labelSets.recolourClass(labelSet.id, index, colour);
        done += "Recoloured class " + std::to_string(index) + " to " + colourHex(colour) + "\n";
    }
    if (add) {
        const auto next =
            static_cast<uint16_t>(labelSet.classes.empty() ? 1 : labelSet.classes.back().index + 1);
        const std::array<uint8_t, 3> colour = newColour.value_or(defaultClassColour(next));
        const uint16_t index = labelSets.addClass(labelSet.id, newName, colour);
        done += "Added class " + std::to_string(index) + " '" + newName + "' (" +
                colourHex(colour) + ")\n";
    }
    transaction.commit();
    std::printf("%s", done.c_str());
    return kExitOk;
}

}  // namespace

Command classesCommand() {
    return {{"classes",
             "List, add, rename or recolour the label classes.",
             "PROJECT",
             "Without options: the classes of the label set (index, colour, name).\n"
             "Label maps store class indices: renaming or recolouring a class never changes\n"
             "what a saved label version means; an added class takes the next free index.\n"
             "All the changes of one call are made together, or none of them (each is in the\n"
             "project's audit log). Classes cannot be removed.",
             1,
             1,
             {{"add", "NAME", "add a class with the next free index"},
              {"colour", "RRGGBB", "colour of the class --add makes (default: the palette)"},
              {"rename", "INDEX=NAME", "rename class INDEX", true},
              {"recolour", "INDEX=RRGGBB", "give class INDEX a new colour (hex)", true},
              {"label-set", "NAME", "the label set to work on (default: the project's first)"}}},
            runClasses};
}

}  // namespace segloop::cli
