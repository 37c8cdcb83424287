// Export you can trust: labels of record by default, --include kinds, one binary mask per class,
// a manifest that names every file, never a rejected pseudo-label, never an overwrite.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "workflow/MaskExport.h"
#include "workflow/ReviewDecisions.h"
#include "workflow/WorkflowTestSupport.h"

namespace segloop {
namespace {

using test::WorkflowProjectTest;
namespace fs = std::filesystem;

std::vector<std::string> lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

class MaskExportTest : public WorkflowProjectTest {
  protected:
    void SetUp() override {
        WorkflowProjectTest::SetUp();
        human = addLabel(volumes[0], LabelProvenance::Human);
        addLabel(volumes[0], LabelProvenance::Pseudo, std::nullopt, 1);  // predict --all
        pseudo = addLabel(volumes[1], LabelProvenance::Pseudo, std::nullopt, 1);
        rejected = addLabel(volumes[2], LabelProvenance::Pseudo);
        rejectPseudoLabel(project, volumes[2], "bob");
        for (const VolumeRecord& volume : project.volumes().list())
            names.push_back(exportName(volume));
    }
    std::string labelFile(const std::string& out, int volume) {
        return out + "/labels/" + names[size_t(volume)] + ".nii.gz";
    }

    int64_t human = 0, pseudo = 0, rejected = 0;
    std::vector<std::string> names;
};

TEST_F(MaskExportTest, TheLabelsOfRecordByDefaultWithAManifest) {
    ExportRequest request;
    request.outputFolder = temp.file("out");
    const ExportReport report = exportLabels(project, request);
    EXPECT_EQ(report.images, 4u);
    EXPECT_EQ(report.labelFiles, 1u);
    EXPECT_EQ(readNiftiLabelMap(labelFile(request.outputFolder, 0)).labels,
              project.labels().load(human).labels)
        << "the human label, not the newer pseudo-label";
    for (int volume : {1, 2, 3})
        EXPECT_FALSE(fs::exists(labelFile(request.outputFolder, volume))) << volume;
    const std::vector<std::string> manifest = lines(report.manifestPath);
    ASSERT_EQ(manifest.size(), 2u);
    EXPECT_EQ(manifest[0],
              "file,volume,source,series_uid,label_version,kind,author,created_at,model,"
              "predicted_quality,\"volume_ml_Anterior\",\"volume_ml_Posterior\"");
    std::istringstream row(manifest[1]);
    std::vector<std::string> cells;
    for (std::string cell; std::getline(row, cell, ',');)
        cells.push_back(cell);
    ASSERT_EQ(cells.size(), 12u) << manifest[1];
    EXPECT_EQ(cells[1], std::to_string(volumes[0]));
    EXPECT_EQ(cells[3], "\"1.2.3.10\"");
    EXPECT_EQ(cells[4], std::to_string(human));
    EXPECT_EQ(cells[5], "human");
    // makeLabels: class 1 on i in [1, 4), class 2 on [4, 7), j in [1, 6), k in [1, 5); voxel
    // 0.8 x 0.9 x 1.5 mm = 1.08 mm^3.
    EXPECT_EQ(cells[10], "0.0648");  // 3 * 5 * 4 voxels * 1.08 mm^3 / 1000
    EXPECT_EQ(cells[11], "0.0648");
    EXPECT_EQ(project.auditLog().latest(1).front().action, "export labels");

    // Never an overwrite: the same export again stops before writing anything.
    EXPECT_THROW(exportLabels(project, request), Error);
    request.overwrite = true;
    EXPECT_NO_THROW(exportLabels(project, request));
}

TEST_F(MaskExportTest, PseudoLabelsOnlyWhenAskedAndNeverARejectedOne) {
    ExportRequest request;
    request.outputFolder = temp.file("with-pseudo");
    request.include = parseExportKinds("human,corrected,accepted,pseudo");
    request.images = false;
    const ExportReport report = exportLabels(project, request);
    EXPECT_EQ(report.images, 0u);
    EXPECT_EQ(report.labelFiles, 2u);
    EXPECT_EQ(readNiftiLabelMap(labelFile(request.outputFolder, 0)).labels,
              project.labels().load(human).labels);
    EXPECT_EQ(readNiftiLabelMap(labelFile(request.outputFolder, 1)).labels,
              project.labels().load(pseudo).labels);
    EXPECT_FALSE(fs::exists(labelFile(request.outputFolder, 2))) << "rejected";
    EXPECT_NE(lines(report.manifestPath)[2].find(",pseudo,"), std::string::npos);
    EXPECT_THROW(parseExportKinds("human,maybe"), Error);

    // Accepting volume 1 makes it a label of record: exported by default from then on.
    const int64_t accepted = acceptPseudoLabel(project, volumes[1], "alice");
    ExportRequest byDefault;
    byDefault.outputFolder = temp.file("after-accept");
    byDefault.perClass = true;
    const ExportReport after = exportLabels(project, byDefault);
    EXPECT_EQ(after.volumesWithLabels, 2u);
    EXPECT_EQ(after.labelFiles, 6u);  // two maps and two binary masks each
    const LabelMap anterior =
        readNiftiLabelMap(byDefault.outputFolder + "/labels/" + names[1] + "_Anterior.nii.gz");
    const LabelMap source = project.labels().load(accepted);
    for (size_t n = 0; n < source.labels.size(); ++n)
        ASSERT_EQ(anterior.labels[n], source.labels[n] == 1 ? 1 : 0) << n;
}

}  // namespace
}  // namespace segloop
