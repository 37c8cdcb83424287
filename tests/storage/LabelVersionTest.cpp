// Label versions: grid checks, provenance, corrections as new versions, dataset revisions.

#include <filesystem>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

class LabelVersionTest : public ::testing::Test {
  protected:
    void SetUp() override {
        volumeId = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), image);
    }

    NewLabelVersion request(LabelProvenance provenance, const std::string& source = "case.nii.gz") {
        NewLabelVersion label;
        label.volumeId = volumeId;
        label.labelSetId = fixture.labelSetId;
        label.provenance = provenance;
        label.author = "alice";
        label.sourceName = source;
        return label;
    }

    int64_t addModel() {
        return project.models().add({0, "hippocampus-sgrs", 0, "sgrs", "", "", "{}"});
    }

    /// Expects `add` to be refused with `message` and nothing to be written.
    void expectRefused(const NewLabelVersion& label, const LabelMap& labels,
                       const std::string& message) {
        const auto counts = test::rowCounts(project.database());
        const auto files = test::filesUnder(project.layout().folder);
        try {
            project.labels().add(label, labels);
            ADD_FAILURE() << "expected a refusal: " << message;
        } catch (const Error& error) {
            EXPECT_EQ(std::string(error.what()), message);
        }
        EXPECT_EQ(test::rowCounts(project.database()), counts);
        EXPECT_EQ(test::filesUnder(project.layout().folder), files);
    }

    TempDir temp;
    test::ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
    Volume image = test::makeVolume();
    int64_t volumeId = 0;
};

TEST_F(LabelVersionTest, HumanLabelIsSavedWithProvenanceAndBumpsTheRevision) {
    const LabelMap labels = test::makeLabels(image.geometry);
    const int64_t id = project.labels().add(request(LabelProvenance::Human), labels);

    const LabelVersionRecord record = project.labels().get(id);
    EXPECT_EQ(record.dataPath, "data/labels/" + std::to_string(id) + ".nii.gz");
    EXPECT_EQ(record.provenance, LabelProvenance::Human);
    EXPECT_EQ(record.author, "alice");
    EXPECT_FALSE(record.modelId.has_value());
    EXPECT_FALSE(record.parentId.has_value());
    EXPECT_EQ(record.datasetRevision, 1);
    EXPECT_EQ(project.settings().datasetRevision(), 1);
    EXPECT_TRUE(std::filesystem::is_regular_file(project.layout().absolute(record.dataPath)));
    EXPECT_EQ(project.labels().load(id).labels, labels.labels);

    const VolumeRecord volume = project.volumes().get(volumeId);
    EXPECT_EQ(volume.labelStatus, LabelProvenance::Human);
    EXPECT_EQ(volume.latestLabelVersionId, id);
    const AuditEntry audit = project.auditLog().latest(1).at(0);
    EXPECT_EQ(audit.action, "add label version");
    EXPECT_EQ(audit.subject, "label version " + std::to_string(id));
    EXPECT_NE(audit.detailsJson.find("\"provenance\":\"human\""), std::string::npos);
}

TEST_F(LabelVersionTest, WrongSizeIsRefusedAndNothingIsWritten) {
    ImageGeometry smaller = image.geometry;
    smaller.size = {8, 7, 5};
    expectRefused(request(LabelProvenance::Human, "/labels/case_seg.nii.gz"),
                  test::makeLabels(smaller),
                  "/labels/case_seg.nii.gz: label map is 8x7x5 but image is 8x7x6");
    EXPECT_EQ(project.settings().datasetRevision(), 0);
}

TEST_F(LabelVersionTest, ShiftedGridIsRefusedWithTheDistance) {
    ImageGeometry shifted = image.geometry;
    shifted.originMm[2] += 2.5;
    expectRefused(request(LabelProvenance::Human), test::makeLabels(shifted),
                  "case.nii.gz: label map is on a different grid than its image (origin differs "
                  "by 2.5 mm)");
}

TEST_F(LabelVersionTest, OtherSpacingIsRefused) {
    ImageGeometry coarser = image.geometry;
    coarser.spacingMm[0] = 1.0;
    expectRefused(request(LabelProvenance::Human), test::makeLabels(coarser),
                  "case.nii.gz: label map is on a different grid than its image (spacing "
                  "1x0.9x1.5 mm against 0.8x0.9x1.5 mm)");
}

TEST_F(LabelVersionTest, TinyRoundingOfTheGridIsAccepted) {
    ImageGeometry rounded = image.geometry;
    rounded.originMm[0] += 2e-4;  // float32 rounding in a label file
    EXPECT_NO_THROW(
        project.labels().add(request(LabelProvenance::Human), test::makeLabels(rounded)));
}

TEST_F(LabelVersionTest, ClassOutsideTheLabelSetIsRefused) {
    expectRefused(request(LabelProvenance::Human), test::makeLabels(image.geometry, 7),
                  "case.nii.gz: label map has class 7, which label set 'default' does not define "
                  "(it has 1, 2)");
}

TEST_F(LabelVersionTest, PseudoLabelNamesItsModelAndKeepsTheRevision) {
    expectRefused(request(LabelProvenance::Pseudo), test::makeLabels(image.geometry),
                  "case.nii.gz: a pseudo-label must name the model version that made it");
    NewLabelVersion pseudo = request(LabelProvenance::Pseudo);
    pseudo.modelId = addModel();
    const int64_t id = project.labels().add(pseudo, test::makeLabels(image.geometry));
    EXPECT_EQ(project.labels().get(id).modelId, pseudo.modelId);
    EXPECT_EQ(project.settings().datasetRevision(), 0);
    EXPECT_EQ(project.volumes().get(volumeId).labelStatus, LabelProvenance::Pseudo);
}

TEST_F(LabelVersionTest, CorrectionIsANewVersionAndTheOldFileIsUntouched) {
    NewLabelVersion pseudo = request(LabelProvenance::Pseudo);
    pseudo.modelId = addModel();
    const int64_t pseudoId = project.labels().add(pseudo, test::makeLabels(image.geometry));
    const std::string pseudoPath =
        project.layout().absolute(project.labels().get(pseudoId).dataPath);
    const std::string pseudoBytes = test::fileBytes(pseudoPath);

    expectRefused(request(LabelProvenance::Corrected), test::makeLabels(image.geometry),
                  "case.nii.gz: a correction must name the label version it corrects");
    LabelMap corrected = test::makeLabels(image.geometry);
    corrected.at(1, 1, 1) = 0;
    NewLabelVersion correction = request(LabelProvenance::Corrected, "edit of volume 1");
    correction.parentId = pseudoId;
    const int64_t correctedId = project.labels().add(correction, corrected);

    EXPECT_NE(correctedId, pseudoId);
    EXPECT_EQ(project.labels().get(correctedId).parentId, pseudoId);
    EXPECT_EQ(test::fileBytes(pseudoPath), pseudoBytes) << "the pseudo-label's file is unchanged";
    EXPECT_EQ(project.labels().load(pseudoId).labels, test::makeLabels(image.geometry).labels);
    EXPECT_EQ(project.labels().loadLatest(volumeId)->labels, corrected.labels);
    EXPECT_EQ(project.settings().datasetRevision(), 1);
    EXPECT_EQ(project.labels().listForVolume(volumeId).size(), 2u);
    const VolumeRecord volume = project.volumes().get(volumeId);
    EXPECT_EQ(volume.labelStatus, LabelProvenance::Corrected);
    EXPECT_EQ(volume.latestLabelVersionId, correctedId);
    EXPECT_EQ(volume.labelVersionCount, 2);
}

TEST_F(LabelVersionTest, SavedVersionsCannotBeChangedInPlace) {
    const int64_t id =
        project.labels().add(request(LabelProvenance::Human), test::makeLabels(image.geometry));
    try {
        project.database().execute("UPDATE label_versions SET author = 'mallory' WHERE id = " +
                                   std::to_string(id));
        FAIL() << "expected the schema to refuse the update";
    } catch (const Error& error) {
        EXPECT_NE(error.problem().find("label versions are never changed"), std::string::npos);
    }
    EXPECT_EQ(project.labels().get(id).author, "alice");
}

TEST_F(LabelVersionTest, CorrectionOfAnotherVolumesLabelIsRefused) {
    const int64_t otherVolume =
        project.volumes().importVolume(test::makeMetadata("1.2.3.5"), test::makeVolume());
    NewLabelVersion human = request(LabelProvenance::Human);
    human.volumeId = otherVolume;
    const int64_t otherLabel = project.labels().add(human, test::makeLabels(image.geometry));
    NewLabelVersion correction = request(LabelProvenance::Corrected);
    correction.parentId = otherLabel;
    expectRefused(correction, test::makeLabels(image.geometry),
                  "case.nii.gz: label version " + std::to_string(otherLabel) +
                      " belongs to volume " + std::to_string(otherVolume) + ", not volume " +
                      std::to_string(volumeId));
}

TEST_F(LabelVersionTest, TrainerSeesTheHumanLabelsOfItsRevision) {
    const int64_t first =
        project.labels().add(request(LabelProvenance::Human), test::makeLabels(image.geometry));
    NewLabelVersion correction = request(LabelProvenance::Corrected);
    correction.parentId = first;
    const int64_t second = project.labels().add(correction, test::makeLabels(image.geometry));

    ASSERT_EQ(project.labels().labelsOfRecordAtRevision(1).size(), 1u);
    EXPECT_EQ(project.labels().labelsOfRecordAtRevision(1)[0].id, first);
    EXPECT_EQ(project.labels().labelsOfRecordAtRevision(2)[0].id, second);
    EXPECT_TRUE(project.labels().labelsOfRecordAtRevision(0).empty());
}

TEST_F(LabelVersionTest, VolumeWithoutLabelsLoadsNone) {
    EXPECT_FALSE(project.labels().loadLatest(volumeId).has_value());
    EXPECT_FALSE(project.labels().latestForVolume(volumeId).has_value());
}

}  // namespace
}  // namespace segloop
