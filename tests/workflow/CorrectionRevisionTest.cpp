// A correction saved into the project bumps the dataset revision, and the trainer's view of the
// project (readProjectDataset) then counts the corrected case as labelled with the new file.

#include <gtest/gtest.h>

#include "storage/StorageTestSupport.h"
#include "support/TestPaths.h"
#include "workflow/ProjectDataset.h"

namespace segloop {
namespace {

TEST(CorrectionRevisionTest, TrainerSeesTheCorrectedCaseAtTheNewRevision) {
    test::TempDir temp;
    test::ProjectFixture fixture(temp.file("project"));
    Project& project = fixture.project;
    const Volume image = test::makeVolume();
    const int64_t volumeId = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), image);
    const int64_t model = project.models().add({0, "segmentation", 0, "sgrs", "", "", "{}"});

    NewLabelVersion pseudo;
    pseudo.volumeId = volumeId;
    pseudo.labelSetId = fixture.labelSetId;
    pseudo.provenance = LabelProvenance::Pseudo;
    pseudo.modelId = model;
    const int64_t pseudoId = project.labels().add(pseudo, test::makeLabels(image.geometry));
    const ProjectDataset before = readProjectDataset(project);
    EXPECT_EQ(before.revision, 0);
    ASSERT_EQ(before.cases.size(), 1u);
    EXPECT_FALSE(before.cases[0].labelled()) << "a pseudo-label is never a training label";
    EXPECT_TRUE(replacedPseudoLabels(project, before.cases).empty())
        << "an uncorrected pseudo-label has no known Dice to learn from";

    NewLabelVersion correction;
    correction.volumeId = volumeId;
    correction.labelSetId = fixture.labelSetId;
    correction.provenance = LabelProvenance::Corrected;
    correction.parentId = pseudoId;
    correction.author = "alice";
    LabelMap corrected = test::makeLabels(image.geometry);
    corrected.at(1, 1, 1) = 0;
    const int64_t correctedId = project.labels().add(correction, corrected);

    const ProjectDataset after = readProjectDataset(project);
    EXPECT_EQ(after.revision, before.revision + 1);
    EXPECT_EQ(project.labels().get(correctedId).datasetRevision, after.revision);
    ASSERT_TRUE(after.cases[0].labelled());
    EXPECT_EQ(after.cases[0].labelPath,
              project.layout().absolute(project.labels().get(correctedId).dataPath));
    EXPECT_EQ(volumeIdOfCase(after.cases[0]), volumeId);
    EXPECT_TRUE(project.labels().currentPseudoLabels().empty());

    // The pseudo-label the correction replaced is now a real error with a known Dice.
    const CaseMaskFiles replaced = replacedPseudoLabels(project, after.cases);
    ASSERT_EQ(replaced.size(), 1u);
    EXPECT_EQ(replaced[0].caseId, after.cases[0].id);
    EXPECT_EQ(replaced[0].path, project.layout().absolute(project.labels().get(pseudoId).dataPath));

    // Per case only the newest versions count, so the predictor's memory stays bounded.
    const int64_t newerId = project.labels().add(pseudo, test::makeLabels(image.geometry));
    EXPECT_EQ(replacedPseudoLabels(project, after.cases).size(), 2u);
    const CaseMaskFiles newest = replacedPseudoLabels(project, after.cases, 1);
    ASSERT_EQ(newest.size(), 1u);
    EXPECT_EQ(newest[0].path, project.layout().absolute(project.labels().get(newerId).dataPath));
}

}  // namespace
}  // namespace segloop
