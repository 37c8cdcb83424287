#include "app/cli/ClassVolumeTable.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "core/Error.h"
#include "core/metrics/ClassVolumes.h"
#include "storage/Project.h"

namespace segloop::cli {

void printClassVolumeTable(Project& project, int64_t volumeId) {
    const std::optional<LabelVersionRecord> record = project.labels().labelOfRecord(volumeId);
    if (!record) {
        std::printf("Class volumes  no label of record\n");
        return;
    }
    const long long version = static_cast<long long>(record->id);
    std::vector<ClassVolume> volumes;
    std::vector<LabelClass> classes;
    try {
        classes = project.labelSets().get(record->labelSetId).classes;
        std::vector<uint16_t> indices;
        for (const LabelClass& labelClass : classes) {
            indices.push_back(labelClass.index);
        }
        volumes = measureClassVolumes(project.labels().load(record->id), indices);
    } catch (const Error& error) {
        std::printf("Class volumes  of label of record v%lld: cannot be measured: %s\n", version,
                    error.what());
        return;
    }
    int nameWidth = 5;
    for (const LabelClass& labelClass : classes) {
        nameWidth = std::max(nameWidth, static_cast<int>(labelClass.name.size()));
    }
    std::printf("Class volumes  of label of record v%lld (%s)\n", version,
                toString(record->provenance));
    std::printf("  %-*s  %12s  %12s\n", nameWidth, "class", "voxels", "mL");
    for (size_t n = 0; n < volumes.size(); ++n) {
        std::printf("  %-*s  %12lld  %12.4f\n", nameWidth, classes[n].name.c_str(),
                    static_cast<long long>(volumes[n].voxels), volumes[n].millilitres);
    }
}

}  // namespace segloop::cli
