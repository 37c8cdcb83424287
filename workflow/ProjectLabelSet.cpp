#include "workflow/ProjectLabelSet.h"

#include <sstream>

#include "core/Error.h"
#include "storage/DefaultClassColours.h"
#include "storage/Project.h"

namespace segloop {

std::vector<LabelClass> labelClassesFromNames(const std::string& commaSeparatedNames) {
    std::vector<LabelClass> classes;
    std::istringstream names(commaSeparatedNames);
    std::string name;
    while (std::getline(names, name, ',')) {
        const size_t first = name.find_first_not_of(" \t");
        const size_t last = name.find_last_not_of(" \t");
        name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
        if (name.empty()) {
            throw Error("class names '" + commaSeparatedNames + "'", "one of the names is empty");
        }
        LabelClass labelClass;
        labelClass.index = static_cast<uint16_t>(classes.size() + 1);
        labelClass.name = name;
        labelClass.colourRgb = defaultClassColour(labelClass.index);
        classes.push_back(labelClass);
    }
    return classes;
}

LabelSet projectLabelSet(Project& project) {
    const std::vector<LabelSet> sets = project.labelSets().list();
    if (sets.empty())
        throw Error(project.layout().folder, "has no label set (make one with segloop-cli init)");
    return sets.front();
}

int64_t projectClassCount(Project& project) {
    const std::vector<LabelSet> sets = project.labelSets().list();
    return sets.empty() ? 2 : int64_t(sets.front().classes.size()) + 1;
}

}  // namespace segloop
