#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/LabelSetRepository.h"

namespace segloop {

class Project;

/// The classes of a new project from "anterior,posterior" (`segloop-cli init --classes`, the
/// window's New project): indices 1, 2, ... in that order, names trimmed, default colours.
/// Throws Error naming the text when a name is empty.
std::vector<LabelClass> labelClassesFromNames(const std::string& commaSeparatedNames);

/// The label set the loop works with: the project's first one (a project made by `init` or the
/// window has exactly one). Throws Error naming the project when it has none.
LabelSet projectLabelSet(Project& project);

/// The number of classes a segmentation model of the project predicts, background included
/// (2 when the project has no label set yet).
int64_t projectClassCount(Project& project);

}  // namespace segloop
