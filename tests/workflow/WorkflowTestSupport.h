#pragma once

// A small real project for the workflow tests: four synthetic volumes, a segmentation and a
// quality model record, and helpers to add label versions of each kind.

#include <gtest/gtest.h>

#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"

namespace segloop::test {

class WorkflowProjectTest : public ::testing::Test {
  protected:
    void SetUp() override {
        segmentationModel = project.models().add({0, "segmentation", 0, "sgrs", "", "", "{}"});
        qualityModel = project.models().add({0, "quality", 0, "quality-predictor", "", "", "{}"});
        for (int n = 0; n < 4; ++n) {
            volumes.push_back(project.volumes().importVolume(
                makeMetadata("1.2.3." + std::to_string(n + 10)), image));
        }
    }

    /// Adds a version of `volumeId`; `secondClass` varies the map (2: the default blocks).
    int64_t addLabel(int64_t volumeId, LabelProvenance provenance,
                     std::optional<int64_t> parent = std::nullopt, uint16_t secondClass = 2) {
        NewLabelVersion label;
        label.volumeId = volumeId;
        label.labelSetId = fixture.labelSetId;
        label.provenance = provenance;
        label.parentId = parent;
        if (provenance == LabelProvenance::Pseudo)
            label.modelId = segmentationModel;
        return project.labels().add(label, makeLabels(image.geometry, secondClass));
    }

    TempDir temp;
    ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
    Volume image = makeVolume();
    std::vector<int64_t> volumes;
    int64_t segmentationModel = 0;
    int64_t qualityModel = 0;
};

}  // namespace segloop::test
