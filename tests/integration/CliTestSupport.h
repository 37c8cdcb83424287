#pragma once

#include <string>
#include <vector>

#include "support/TestPaths.h"

namespace segloop::test {

/// Runs `segloop-cli ARGUMENTS` (a shell-quoted string) and returns exit code and output.
CommandResult runCli(const std::string& arguments);

/// Everything a user can see of a project: `info`, `list --csv` and the data files with
/// their sizes. Two equal fingerprints mean nothing in the project changed.
std::string projectFingerprint(const std::string& projectFolder);

/// A new project in `folder` with classes anterior, posterior; fails the test on error.
void initProject(const std::string& folder);

/// Imports tests/data/hippocampus cases by number ("001"): `labelled` with their labels, then
/// `unlabelled` without; fails the test on error.
void importHippocampus(const std::string& folder, const std::vector<std::string>& labelled,
                       const std::vector<std::string>& unlabelled);

std::string hippocampusImage(const std::string& number);
std::string hippocampusLabel(const std::string& number);

}  // namespace segloop::test
