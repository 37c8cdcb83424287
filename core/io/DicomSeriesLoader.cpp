#include "core/io/DicomSeriesLoader.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/io/DicomCodecs.h"
#include "core/io/DicomFileReader.h"
#include "core/io/DicomParallel.h"
#include "core/io/DicomSliceStack.h"
#include "core/io/DicomVoxelMemory.h"

namespace segloop {

LoadedDicomSeries loadDicomSeries(const DicomSeries& series, Progress* progress) {
    registerDicomCodecs();
    DicomSliceStack stack = arrangeDicomSlices(series);

    Volume volume;
    volume.geometry = stack.geometry;
    allocateZeroedVoxels(volume.voxels, stack.geometry.voxelCount());
    const size_t slicePixels =
        static_cast<size_t>(stack.geometry.size[0]) * static_cast<size_t>(stack.geometry.size[1]);

    // One task per file: a multi-frame file fills all its slices from one read.
    std::vector<std::vector<DicomSliceTarget>> files;
    std::map<std::string, size_t> fileIndex;
    for (size_t slice = 0; slice < stack.instances.size(); ++slice) {
        const DicomInstance& instance = stack.instances[slice];
        const auto [it, inserted] = fileIndex.emplace(instance.path, files.size());
        if (inserted) {
            files.emplace_back();
        }
        files[it->second].push_back({&instance, volume.voxels.data() + slice * slicePixels});
    }
    std::vector<std::string> storedTypes(files.size());
    runDicomTasks(files.size(), progress, "Reading DICOM",
                  [&](size_t file) { storedTypes[file] = readDicomFile(series, files[file]); });

    volume.sourceDataType = storedTypes.front();
    for (const std::string& type : storedTypes) {
        if (type != volume.sourceDataType) {
            volume.sourceDataType = "float32";  // Mixed pixel formats: no one stored type.
            break;
        }
    }

    LoadedDicomSeries loaded;
    loaded.series = series;
    loaded.series.instances = std::move(stack.instances);
    loaded.volume = std::move(volume);
    return loaded;
}

}  // namespace segloop
