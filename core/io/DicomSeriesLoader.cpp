#include "core/io/DicomSeriesLoader.h"

#include <string>
#include <utility>
#include <vector>

#include "core/io/DicomCodecs.h"
#include "core/io/DicomParallel.h"
#include "core/io/DicomSliceReader.h"
#include "core/io/DicomSliceStack.h"
#include "core/io/DicomVoxelMemory.h"

namespace segloop {

LoadedDicomSeries loadDicomSeries(const DicomSeries& series, Progress* progress) {
    registerDicomCodecs();
    DicomSliceStack stack = arrangeDicomSlices(series);

    Volume volume;
    volume.geometry = stack.geometry;
    allocateZeroedVoxels(volume.voxels, stack.geometry.voxelCount());
    const size_t slicePixels = static_cast<size_t>(stack.geometry.size[0]) *
                               static_cast<size_t>(stack.geometry.size[1]);
    std::vector<std::string> storedTypes(stack.instances.size());
    runDicomTasks(stack.instances.size(), progress, "Reading DICOM", [&](size_t slice) {
        storedTypes[slice] = readDicomSlice(series, stack.instances[slice],
                                            volume.voxels.data() + slice * slicePixels);
    });

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
