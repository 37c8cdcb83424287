#include "core/io/DicomSeries.h"

#include <filesystem>

namespace segloop {

namespace {

std::string folderOf(const std::string& path) {
    return std::filesystem::path(path).parent_path().string();
}

/// True when every instance of the series lies in the same folder.
bool sharesOneFolder(const DicomSeries& series) {
    if (series.instances.empty()) {
        return true;
    }
    const std::string first = folderOf(series.instances.front().path);
    for (const DicomInstance& instance : series.instances) {
        if (folderOf(instance.path) != first) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string DicomPixelFormat::storedDataType() const {
    const std::string sign = pixelRepresentation == 1 ? "int" : "uint";
    switch (bitsAllocated) {
        case 8:
        case 16:
        case 32:
            return sign + std::to_string(bitsAllocated);
        default:
            return "unsupported (" + std::to_string(bitsAllocated) + " bits allocated)";
    }
}

std::string describeDicomSeries(const DicomSeries& series) {
    std::string where;
    if (series.instances.empty()) {
        where = "DICOM series " + (series.seriesInstanceUid.empty() ? std::string("(no UID)")
                                                                    : series.seriesInstanceUid);
    } else if (sharesOneFolder(series)) {
        where = folderOf(series.instances.front().path);
        if (where.empty()) {
            where = ".";
        }
    } else {
        where = series.instances.front().path;
    }
    std::string label;
    if (series.seriesNumber != 0) {
        label = std::to_string(series.seriesNumber);
    }
    if (!series.seriesDescription.empty()) {
        label += (label.empty() ? "\"" : " \"") + series.seriesDescription + "\"";
    }
    return label.empty() ? where : where + " (series " + label + ")";
}

std::string describeDicomInstance(const DicomSeries& series, const DicomInstance& instance) {
    const std::string file = sharesOneFolder(series)
                                 ? std::filesystem::path(instance.path).filename().string()
                                 : instance.path;
    return instance.frameNumber > 0 ? file + " frame " + std::to_string(instance.frameNumber)
                                    : file;
}

}  // namespace segloop
