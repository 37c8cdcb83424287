// DICOM out and in through the workflow: a label version of a DICOM-imported volume exported as
// a DICOM SEG and as an RTSTRUCT, then imported into another project that has the same series
// (the SEG or RTSTRUCT in the folder with the images) gives the same labels; the refusals.

#include <filesystem>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/Project.h"
#include "support/TestPaths.h"
#include "workflow/DerivedLabelImport.h"
#include "workflow/MaskExport.h"
#include "workflow/ProjectImport.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string hippo12() {
    return test::testDataDir() + "/dicom/hippo12";
}

/// A project with classes anterior and posterior and the hippo12 series; returns its volume.
int64_t makeDicomProject(const std::string& folder) {
    Project project = Project::create(folder);
    project.labelSets().create("labels",
                               {{1, "anterior", {255, 0, 0}}, {2, "posterior", {0, 255, 0}}});
    ImportRequest request;
    request.inputs = {hippo12()};
    return importImagesAndLabels(project, request, false).images.imported.at(0).volumeId;
}

/// Two boxes, one per class, with a hole in the first (RTSTRUCT holes must survive).
LabelMap twoBoxes(const ImageGeometry& grid) {
    LabelMap labels(grid);
    for (int64_t k = 2; k < 9; ++k)
        for (int64_t j = 5; j < 30; ++j)
            for (int64_t i = 3; i < 25; ++i)
                labels.at(i, j, k) = (i >= 10 && i < 14 && j >= 12 && j < 16) ? 0 : 1;
    for (int64_t k = 4; k < 7; ++k)
        for (int64_t j = 35; j < 45; ++j)
            for (int64_t i = 20; i < 30; ++i)
                labels.at(i, j, k) = 2;
    return labels;
}

class DicomLabelsTest : public ::testing::TestWithParam<ExportFormat> {
  protected:
    TempDir temp;
};

TEST_P(DicomLabelsTest, ExportThenImportGivesTheSameLabels) {
    const int64_t volumeA = makeDicomProject(temp.file("a"));
    Project a = Project::open(temp.file("a"));
    NewLabelVersion human;
    human.volumeId = volumeA;
    human.labelSetId = a.labelSets().list().front().id;
    const LabelMap labels = twoBoxes(a.volumes().get(volumeA).geometry);
    const int64_t version = a.labels().add(human, labels);
    ExportRequest request;
    request.outputFolder = temp.file("out");
    request.format = GetParam();
    const ExportReport report = exportLabels(a, request);
    ASSERT_EQ(report.labelFiles, 1u);
    const std::string folder =
        temp.file(GetParam() == ExportFormat::DicomSeg ? "out/seg" : "out/rtstruct");
    ASSERT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator{}), 1);

    // Another project: the series and the exported file in one folder, imported together.
    const std::string incoming = temp.file("incoming");
    fs::copy(hippo12(), incoming);
    fs::copy(folder, incoming, fs::copy_options::recursive);
    Project b = Project::create(temp.file("b"));
    b.labelSets().create("labels", {{1, "Anterior", {1, 2, 3}}, {2, "posterior", {4, 5, 6}}});
    ImportRequest both;
    both.inputs = {incoming};
    const ProjectImportReport imported = importImagesAndLabels(b, both, false);
    ASSERT_EQ(imported.images.imported.size(), 1u);
    ASSERT_EQ(imported.labels.size(), 1u);
    const DerivedLabelImportResult& result = imported.labels.front();
    EXPECT_EQ(result.volumeId, imported.images.imported.front().volumeId);
    EXPECT_EQ(result.classNames, (std::vector<std::string>{"anterior", "posterior"}));
    EXPECT_TRUE(result.addedClasses.empty());
    EXPECT_EQ(b.labels().load(result.labelVersionId).labels, a.labels().load(version).labels);
    EXPECT_EQ(b.labels().get(result.labelVersionId).provenance, LabelProvenance::Human);
    EXPECT_TRUE(imported.images.skippedFiles.empty()) << "the file is a label, not skipped";

    // The same file again into a project without the series: a clear refusal.
    Project c = Project::create(temp.file("c"));
    c.labelSets().create("labels", {{1, "anterior", {1, 2, 3}}});
    const std::string file = fs::directory_iterator(folder)->path().string();
    try {
        importDerivedLabels(c, file, "", false);
        FAIL() << "imported labels of a series the project lacks";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("not in the project"), std::string::npos)
            << error.what();
    }
    // A class the project lacks is refused, or added when asked.
    ImportRequest series;
    series.inputs = {hippo12()};
    importImagesAndLabels(c, series, false);
    EXPECT_THROW(importDerivedLabels(c, file, "", false), Error);
    const DerivedLabelImportResult added = importDerivedLabels(c, file, "alice", true);
    EXPECT_EQ(added.addedClasses, std::vector<std::string>{"posterior"});
    EXPECT_EQ(c.labels().get(added.labelVersionId).author, "alice");
}

INSTANTIATE_TEST_SUITE_P(Formats, DicomLabelsTest,
                         ::testing::Values(ExportFormat::DicomSeg, ExportFormat::RtStruct));

TEST(DicomLabels, VolumesImportedFromNiftiAreNamedAndLeftOut) {
    TempDir temp;
    Project project = Project::create(temp.file("p"));
    project.labelSets().create("labels",
                               {{1, "anterior", {255, 0, 0}}, {2, "posterior", {0, 255, 0}}});
    ImportRequest request;
    request.inputs = {test::testDataDir() + "/hippocampus/imagesTr/hippocampus_001.nii.gz"};
    request.labelsFolder = test::testDataDir() + "/hippocampus/labelsTr";
    importImagesAndLabels(project, request, false);
    ExportRequest dicom;
    dicom.outputFolder = temp.file("out");
    dicom.format = ExportFormat::DicomSeg;
    const ExportReport report = exportLabels(project, dicom);
    EXPECT_EQ(report.labelFiles, 0u);
    ASSERT_EQ(report.notes.size(), 1u);
    EXPECT_NE(report.notes[0].find("imported from NIfTI"), std::string::npos) << report.notes[0];
    EXPECT_THROW(exportFormatFromName("png"), Error);
}

}  // namespace
}  // namespace segloop

namespace segloop {
namespace {

TEST(DicomLabels, DeidentifiedSegAndSourceStillBelongTogether) {
    TempDir temp;
    const int64_t volume = makeDicomProject(temp.file("a"));
    Project a = Project::open(temp.file("a"));
    NewLabelVersion human;
    human.volumeId = volume;
    human.labelSetId = a.labelSets().list().front().id;
    const int64_t version = a.labels().add(human, twoBoxes(a.volumes().get(volume).geometry));
    ExportRequest request;
    request.outputFolder = temp.file("out");
    request.format = ExportFormat::DicomSeg;
    request.deidentify = true;
    request.sourceSeries = true;
    request.deidentifySalt = "salt";
    exportLabels(a, request);

    // The de-identified series and its SEG, imported elsewhere: the SEG finds its series.
    Project b = Project::create(temp.file("b"));
    b.labelSets().create("labels", {{1, "anterior", {1, 2, 3}}, {2, "posterior", {4, 5, 6}}});
    ImportRequest both;
    both.inputs = {temp.file("out")};
    const ProjectImportReport imported = importImagesAndLabels(b, both, false);
    ASSERT_EQ(imported.images.imported.size(), 1u);
    ASSERT_EQ(imported.labels.size(), 1u);
    EXPECT_EQ(b.labels().load(imported.labels.front().labelVersionId).labels,
              a.labels().load(version).labels);
    const VolumeRecord copy = b.volumes().list().front();
    const VolumeRecord original = a.volumes().get(volume);
    EXPECT_NE(copy.seriesInstanceUid, original.seriesInstanceUid);
    EXPECT_NE(copy.patientId, original.patientId);
    EXPECT_EQ(copy.patientId.rfind("ANON", 0), 0u) << copy.patientId;
}

}  // namespace
}  // namespace segloop
