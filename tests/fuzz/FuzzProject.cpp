// Fuzz target `project`: opening a project whose database is hostile. The input is written as
// project.segloop in a fresh project folder (with its data/ folder) and opened with
// Project::open (storage: schema check, migrations), then its volumes are listed and its
// summary read, as `segloop-cli info` does. A segloop::Error is a refusal naming the file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "FuzzSupport.h"
#include "core/Error.h"
#include "storage/Project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20))
        return 0;
    const std::string folder = segloop::fuzz::fuzzWorkFolder() + "/project";
    std::filesystem::create_directories(folder + "/data");
    segloop::fuzz::writeFuzzFile(folder + "/project.segloop", data, size);
    try {
        segloop::Project project = segloop::Project::open(folder);
        project.volumes().list();
        project.summary();
    } catch (const segloop::Error&) {
    }
    return 0;
}
