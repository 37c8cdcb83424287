// The project store with real files: Decathlon hippocampus cases from tests/data.

#include <filesystem>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

std::string imagePath(const std::string& stem) {
    return test::testDataDir() + "/hippocampus/imagesTr/" + stem + ".nii.gz";
}
std::string labelPath(const std::string& stem) {
    return test::testDataDir() + "/hippocampus/labelsTr/" + stem + ".nii.gz";
}

class HippocampusProjectTest : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char* stem : {"hippocampus_001", "hippocampus_003"}) {
            if (!std::filesystem::exists(imagePath(stem)) ||
                !std::filesystem::exists(labelPath(stem))) {
                GTEST_SKIP() << "tests/data/hippocampus lacks " << stem;
            }
        }
    }

    int64_t importCase(const std::string& stem) {
        SeriesMetadata metadata;
        metadata.series.sourceKind = SourceKind::Nifti;
        metadata.series.sourcePath = imagePath(stem);
        metadata.series.description = stem;
        return project.volumes().importVolume(metadata, readNiftiVolume(imagePath(stem)));
    }

    NewLabelVersion humanLabel(int64_t volumeId, const std::string& source) {
        NewLabelVersion label;
        label.volumeId = volumeId;
        label.labelSetId = fixture.labelSetId;
        label.sourceName = source;
        return label;
    }

    TempDir temp;
    test::ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
};

TEST_F(HippocampusProjectTest, ImageAndLabelRoundTripThroughTheProject) {
    const int64_t volumeId = importCase("hippocampus_001");
    const LabelMap labels = readNiftiLabelMap(labelPath("hippocampus_001"));
    const int64_t labelId =
        project.labels().add(humanLabel(volumeId, labelPath("hippocampus_001")), labels);

    const Volume original = readNiftiVolume(imagePath("hippocampus_001"));
    const Volume stored = project.volumes().load(volumeId);
    EXPECT_TRUE(stored.geometry.sameGridAs(original.geometry));
    EXPECT_EQ(stored.voxels, original.voxels);
    EXPECT_EQ(project.labels().loadLatest(volumeId)->labels, labels.labels);

    const VolumeRecord record = project.volumes().get(volumeId);
    EXPECT_EQ(record.seriesDescription, "hippocampus_001");
    EXPECT_EQ(record.latestLabelVersionId, labelId);
    EXPECT_EQ(record.labelStatus, LabelProvenance::Human);
    EXPECT_EQ(project.summary().volumesHuman, 1);
}

TEST_F(HippocampusProjectTest, LabelOfAnotherCaseIsRefused) {
    const int64_t volumeId = importCase("hippocampus_001");
    const LabelMap wrong = readNiftiLabelMap(labelPath("hippocampus_003"));
    const ImageGeometry image = project.volumes().get(volumeId).geometry;
    ASSERT_NE(wrong.geometry.size, image.size) << "the two cases have different sizes";
    try {
        project.labels().add(humanLabel(volumeId, labelPath("hippocampus_003")), wrong);
        FAIL() << "expected a refusal";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), labelPath("hippocampus_003"));
        EXPECT_EQ(error.problem().rfind("label map is ", 0), 0u) << error.what();
        EXPECT_NE(error.problem().find(" but image is "), std::string::npos) << error.what();
    }
    EXPECT_TRUE(project.labels().listForVolume(volumeId).empty());
    EXPECT_TRUE(test::filesUnder(project.layout().labelsFolder()).empty());
}

TEST_F(HippocampusProjectTest, SameFileTwiceIsRefused) {
    importCase("hippocampus_001");
    try {
        importCase("hippocampus_001");
        FAIL() << "expected a refusal";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), imagePath("hippocampus_001"));
        EXPECT_NE(error.problem().find("is already in the project"), std::string::npos);
    }
    EXPECT_EQ(project.volumes().list().size(), 1u);
}

}  // namespace
}  // namespace segloop
