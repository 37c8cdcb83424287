#pragma once

// Helpers shared by the storage tests: small synthetic images, row counts and file listings.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "storage/Project.h"
#include "storage/SeriesMetadata.h"
#include "storage/db/Database.h"

namespace segloop::test {

/// An 8x7x6 image (by default) with 0.8x0.9x1.5 mm voxels and an intensity ramp.
inline Volume makeVolume(std::array<int64_t, 3> size = {8, 7, 6}) {
    ImageGeometry grid;
    grid.size = size;
    grid.spacingMm = {0.8, 0.9, 1.5};
    grid.originMm = {-10.0, 20.5, 3.25};
    Volume volume(grid);
    for (size_t i = 0; i < volume.voxels.size(); ++i) {
        volume.voxels[i] = static_cast<float>(i % 97) - 20.0f;
    }
    volume.sourceDataType = "int16";
    return volume;
}

/// A label map on `grid` with a block of class 1 and a smaller block of class 2.
inline LabelMap makeLabels(const ImageGeometry& grid, uint16_t secondClass = 2) {
    LabelMap labels(grid);
    for (int64_t k = 1; k < grid.size[2] - 1; ++k) {
        for (int64_t j = 1; j < grid.size[1] - 1; ++j) {
            for (int64_t i = 1; i < grid.size[0] - 1; ++i) {
                labels.at(i, j, k) = i < grid.size[0] / 2 ? 1 : secondClass;
            }
        }
    }
    return labels;
}

/// DICOM-like metadata with the given series UID and slice instances for a 6-slice image.
inline SeriesMetadata makeMetadata(const std::string& seriesUid, int64_t slices = 6) {
    SeriesMetadata metadata;
    metadata.study.studyInstanceUid = "1.2.826.0.1.3680043.2.1125.1.1";
    metadata.study.date = "20240131";
    metadata.study.description = "MR brain";
    metadata.study.patient.patientId = "PAT-001";
    metadata.study.patient.name = "Test^Patient";
    metadata.series.seriesInstanceUid = seriesUid;
    metadata.series.seriesNumber = 3;
    metadata.series.modality = "MR";
    metadata.series.description = "T1 MPRAGE";
    metadata.series.frameOfReferenceUid = "1.2.826.0.1.3680043.2.1125.9.9";
    metadata.series.sourceKind = SourceKind::Dicom;
    metadata.series.sourcePath = "/incoming/" + seriesUid;
    for (int64_t slice = 0; slice < slices; ++slice) {
        InstanceInfo instance;
        instance.sopInstanceUid = seriesUid + "." + std::to_string(slice + 1);
        instance.sopClassUid = "1.2.840.10008.5.1.4.1.1.4";
        instance.instanceNumber = slice + 1;
        instance.sliceIndex = slice;
        instance.positionMm = Vec3{-10.0, 20.5, 3.25 + 1.5 * static_cast<double>(slice)};
        instance.filePath = "/incoming/" + seriesUid + "/" + std::to_string(slice) + ".dcm";
        metadata.instances.push_back(instance);
    }
    return metadata;
}

/// The row count of every table of the project schema.
inline std::map<std::string, int64_t> rowCounts(Database& database) {
    std::map<std::string, int64_t> counts;
    for (const char* table : {"project_settings", "patients", "studies", "series", "instances",
                              "volumes", "label_sets", "label_classes", "label_versions", "models",
                              "training_runs", "quality_scores", "review_state", "audit_log"}) {
        counts[table] = database.queryInt64(std::string("SELECT COUNT(*) FROM ") + table);
    }
    return counts;
}

/// Every file under `folder`, relative to it.
inline std::set<std::string> filesUnder(const std::string& folder) {
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) {
            files.insert(std::filesystem::relative(entry.path(), folder).string());
        }
    }
    return files;
}

inline std::string fileBytes(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << bytes;
}

/// A project with one default label set ("Anterior" = 1, "Posterior" = 2).
struct ProjectFixture {
    explicit ProjectFixture(const std::string& folder) : project(Project::create(folder)) {
        labelSetId = project.labelSets().create(
            "default", {{1, "Anterior", {255, 0, 0}}, {2, "Posterior", {0, 255, 0}}});
    }
    Project project;
    int64_t labelSetId = 0;
};

}  // namespace segloop::test
