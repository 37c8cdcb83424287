#include "CliTestSupport.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace segloop::test {

CommandResult runCli(const std::string& arguments) {
    return runCommand("'" + cliPath() + "' " + arguments);
}

std::string projectFingerprint(const std::string& projectFolder) {
    std::string fingerprint = runCli("info '" + projectFolder + "'").output;
    fingerprint += runCli("list --csv '" + projectFolder + "'").output;
    std::vector<std::string> files;
    const std::string data = projectFolder + "/data";
    if (std::filesystem::exists(data)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(data)) {
            if (entry.is_regular_file()) {
                files.push_back(entry.path().string() + " " + std::to_string(entry.file_size()));
            }
        }
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
        fingerprint += file + "\n";
    }
    return fingerprint;
}

void initProject(const std::string& folder) {
    const CommandResult result = runCli("init '" + folder + "' --classes anterior,posterior");
    ASSERT_EQ(result.exitCode, 0) << result.output;
}

void importHippocampus(const std::string& folder, const std::vector<std::string>& labelled,
                       const std::vector<std::string>& unlabelled) {
    for (const auto* numbers : {&labelled, &unlabelled}) {
        if (numbers->empty()) {
            continue;
        }
        std::string arguments = "import '" + folder + "'";
        for (const std::string& number : *numbers) {
            arguments += " '" + hippocampusImage(number) + "'";
        }
        if (numbers == &labelled) {
            arguments += " --labels '" + testDataDir() + "/hippocampus/labelsTr'";
        }
        const CommandResult result = runCli(arguments);
        ASSERT_EQ(result.exitCode, 0) << result.output;
    }
}

std::string hippocampusImage(const std::string& number) {
    return testDataDir() + "/hippocampus/imagesTr/hippocampus_" + number + ".nii.gz";
}

std::string hippocampusLabel(const std::string& number) {
    return testDataDir() + "/hippocampus/labelsTr/hippocampus_" + number + ".nii.gz";
}

}  // namespace segloop::test
