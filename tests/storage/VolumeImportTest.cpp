// Importing volumes: atomic (file + rows), duplicate series refused, queries and loading.

#include <filesystem>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiWriter.h"
#include "storage/DerivedUid.h"
#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

class VolumeImportTest : public ::testing::Test {
  protected:
    TempDir temp;
    test::ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
};

TEST_F(VolumeImportTest, ImportWritesTheFileAndEveryRow) {
    const Volume volume = test::makeVolume();
    const int64_t volumeId = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), volume);

    const VolumeRecord record = project.volumes().get(volumeId);
    EXPECT_EQ(record.dataPath, "data/volumes/" + std::to_string(record.seriesId) + ".nii.gz");
    EXPECT_TRUE(std::filesystem::is_regular_file(project.layout().absolute(record.dataPath)));
    EXPECT_EQ(record.seriesInstanceUid, "1.2.3.4");
    EXPECT_EQ(record.studyDescription, "MR brain");
    EXPECT_EQ(record.seriesDescription, "T1 MPRAGE");
    EXPECT_EQ(record.modality, "MR");
    EXPECT_EQ(record.patientId, "PAT-001");
    EXPECT_EQ(record.frameOfReferenceUid, "1.2.826.0.1.3680043.2.1125.9.9");
    EXPECT_EQ(record.sourceKind, SourceKind::Dicom);
    EXPECT_EQ(record.sourcePath, "/incoming/1.2.3.4");
    EXPECT_EQ(record.dataType, "int16");
    EXPECT_EQ(record.geometry.size, volume.geometry.size);
    EXPECT_EQ(record.geometry.spacingMm, volume.geometry.spacingMm);
    EXPECT_EQ(record.geometry.originMm, volume.geometry.originMm);
    EXPECT_EQ(record.geometry.direction, volume.geometry.direction);
    EXPECT_FALSE(record.labelStatus.has_value());
    EXPECT_STREQ(labelStatusText(record.labelStatus), "none");
    EXPECT_FALSE(record.latestLabelVersionId.has_value());

    const auto counts = test::rowCounts(project.database());
    EXPECT_EQ(counts.at("patients"), 1);
    EXPECT_EQ(counts.at("studies"), 1);
    EXPECT_EQ(counts.at("series"), 1);
    EXPECT_EQ(counts.at("instances"), 6);
    EXPECT_EQ(counts.at("volumes"), 1);
    EXPECT_EQ(project.auditLog().latest(1).at(0).action, "import volume");
    EXPECT_EQ(test::filesUnder(project.layout().dataFolder()),
              std::set<std::string>{record.dataPath.substr(5)});
}

TEST_F(VolumeImportTest, LoadGivesBackTheVoxels) {
    const Volume volume = test::makeVolume();
    const int64_t volumeId = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), volume);
    const Volume loaded = project.volumes().load(volumeId);
    EXPECT_TRUE(loaded.geometry.sameGridAs(volume.geometry));
    EXPECT_EQ(loaded.voxels, volume.voxels);
}

TEST_F(VolumeImportTest, InstancesAreKeptForDicomSegReferences) {
    const int64_t volumeId =
        project.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
    const auto instances = project.volumes().instances(volumeId);
    ASSERT_EQ(instances.size(), 6u);
    EXPECT_EQ(instances[2].sopInstanceUid, "1.2.3.4.3");
    EXPECT_EQ(instances[2].sopClassUid, "1.2.840.10008.5.1.4.1.1.4");
    EXPECT_EQ(instances[2].sliceIndex, 2);
    EXPECT_EQ(instances[2].instanceNumber, 3);
    ASSERT_TRUE(instances[2].positionMm.has_value());
    EXPECT_DOUBLE_EQ((*instances[2].positionMm)[2], 3.25 + 3.0);
}

TEST_F(VolumeImportTest, TwoSeriesOfOneStudyShareItsRows) {
    project.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
    project.volumes().importVolume(test::makeMetadata("1.2.3.5"), test::makeVolume());
    const auto counts = test::rowCounts(project.database());
    EXPECT_EQ(counts.at("patients"), 1);
    EXPECT_EQ(counts.at("studies"), 1);
    EXPECT_EQ(counts.at("series"), 2);
    const auto volumes = project.volumes().list();
    ASSERT_EQ(volumes.size(), 2u);
    EXPECT_EQ(volumes[0].seriesInstanceUid, "1.2.3.4");
    EXPECT_EQ(volumes[1].seriesInstanceUid, "1.2.3.5");
    EXPECT_EQ(project.volumes().findBySeriesUid("1.2.3.5")->volumeId, volumes[1].volumeId);
}

TEST_F(VolumeImportTest, DuplicateSeriesIsRefusedAndNothingChanges) {
    project.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
    const auto countsBefore = test::rowCounts(project.database());
    const auto filesBefore = test::filesUnder(project.layout().folder);

    SeriesMetadata again = test::makeMetadata("1.2.3.4");
    again.series.sourcePath = "/elsewhere/copy";
    try {
        project.volumes().importVolume(again, test::makeVolume());
        FAIL() << "expected the duplicate to be refused";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), "/elsewhere/copy");
        EXPECT_NE(error.problem().find("series 1.2.3.4 is already in the project (imported from "
                                       "/incoming/1.2.3.4 on "),
                  std::string::npos)
            << error.what();
    }
    EXPECT_EQ(test::rowCounts(project.database()), countsBefore);
    EXPECT_EQ(test::filesUnder(project.layout().folder), filesBefore);
}

TEST_F(VolumeImportTest, FailureHalfWayLeavesTheProjectExactlyAsBefore) {
    project.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
    const auto countsBefore = test::rowCounts(project.database());
    const auto filesBefore = test::filesUnder(project.layout().folder);

    // The fourth instance repeats the third's slice: a constraint violation after the patient,
    // study, series and three instance rows were written.
    SeriesMetadata broken = test::makeMetadata("1.2.3.9");
    broken.study.studyInstanceUid = "1.2.3.8";
    broken.study.patient.patientId = "PAT-NEW";
    broken.instances[3].sliceIndex = 2;
    try {
        project.volumes().importVolume(broken, test::makeVolume());
        FAIL() << "expected the import to fail";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), project.layout().databasePath());
        EXPECT_NE(error.problem().find("UNIQUE constraint failed"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(test::rowCounts(project.database()), countsBefore);
    EXPECT_EQ(test::filesUnder(project.layout().folder), filesBefore);
}

TEST_F(VolumeImportTest, FullDatabaseLeavesNoFileBehind) {
    const auto filesBefore = test::filesUnder(project.layout().folder);
    const auto countsBefore = test::rowCounts(project.database());
    const int64_t pages = project.database().queryInt64("PRAGMA page_count");
    project.database().execute("PRAGMA max_page_count = " + std::to_string(pages));
    SeriesMetadata metadata = test::makeMetadata("1.2.3.4", 0);
    for (int64_t slice = 0; slice < 6; ++slice) {  // long file paths to fill pages
        metadata.instances.push_back({"1.2.3.4." + std::to_string(slice), "", 0, std::nullopt,
                                      slice, std::nullopt, std::string(3000, 'p')});
    }
    try {
        project.volumes().importVolume(metadata, test::makeVolume());
        FAIL() << "expected the database to be full";
    } catch (const Error& error) {
        EXPECT_NE(error.problem().find("database or disk is full"), std::string::npos)
            << error.what();
    }
    project.database().execute("PRAGMA max_page_count = 1073741823");
    EXPECT_EQ(test::rowCounts(project.database()), countsBefore);
    EXPECT_EQ(test::filesUnder(project.layout().folder), filesBefore);
}

TEST_F(VolumeImportTest, NiftiWithoutUidsGetsAStableUidFromItsContent) {
    const std::string source = temp.file("case_001.nii.gz");
    writeNiftiVolume(test::makeVolume(), source);
    std::filesystem::copy_file(source, temp.file("copy_of_case_001.nii.gz"));

    SeriesMetadata metadata;
    metadata.series.sourceKind = SourceKind::Nifti;
    metadata.series.sourcePath = source;
    const int64_t volumeId = project.volumes().importVolume(metadata, test::makeVolume());
    const VolumeRecord record = project.volumes().get(volumeId);
    EXPECT_EQ(record.seriesInstanceUid, seriesUidFromFileContent(source));
    EXPECT_EQ(record.studyInstanceUid, derivedUid("study", record.seriesInstanceUid));
    EXPECT_EQ(record.patientId, "");

    const auto countsBefore = test::rowCounts(project.database());
    metadata.series.sourcePath = temp.file("copy_of_case_001.nii.gz");
    try {
        project.volumes().importVolume(metadata, test::makeVolume());
        FAIL() << "the same content under another name must be refused";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), temp.file("copy_of_case_001.nii.gz"));
        EXPECT_NE(error.problem().find("is already in the project (imported from " + source),
                  std::string::npos)
            << error.what();
    }
    EXPECT_EQ(test::rowCounts(project.database()), countsBefore);
}

TEST_F(VolumeImportTest, StudyOfAnotherPatientIsRefused) {
    project.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
    SeriesMetadata other = test::makeMetadata("1.2.3.5");
    other.study.patient.patientId = "PAT-999";
    try {
        project.volumes().importVolume(other, test::makeVolume());
        FAIL() << "expected a refusal";
    } catch (const Error& error) {
        EXPECT_NE(error.problem().find("is in the project for another patient"), std::string::npos)
            << error.what();
        // No patient identity in a message that reaches terminals and logs.
        EXPECT_EQ(std::string(error.what()).find("PAT-"), std::string::npos) << error.what();
    }
    EXPECT_EQ(project.volumes().list().size(), 1u);
}

TEST_F(VolumeImportTest, VoxelCountMustMatchTheGrid) {
    Volume volume = test::makeVolume();
    volume.voxels.pop_back();
    EXPECT_THROW(project.volumes().importVolume(test::makeMetadata("1.2.3.4"), volume), Error);
    EXPECT_TRUE(project.volumes().list().empty());
}

TEST_F(VolumeImportTest, MissingVolumeIsAClearError) {
    try {
        project.volumes().get(42);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(), "volume 42: no such volume in the project");
    }
}

TEST_F(VolumeImportTest, ChangedVoxelFileIsDetectedOnLoad) {
    const int64_t volumeId =
        project.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
    const std::string path = project.layout().absolute(project.volumes().get(volumeId).dataPath);
    writeNiftiVolume(test::makeVolume({8, 7, 5}), path);
    try {
        project.volumes().load(volumeId);
        FAIL() << "expected an error";
    } catch (const Error& error) {
        // The volume, its file and the problem (another size than SegLoop wrote).
        EXPECT_EQ(error.subject(), "volume " + std::to_string(volumeId));
        EXPECT_NE(error.problem().find("its file " + path), std::string::npos) << error.what();
        EXPECT_NE(error.problem().find("replaced outside SegLoop"), std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace segloop
