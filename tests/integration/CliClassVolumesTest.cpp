// `segloop-cli info PROJECT VOLUME_ID`: the voxels and mL of each class of the volume's label of
// record, counted again here from the label file; "no label of record" without one.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "core/io/NiftiReader.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(CliClassVolumes, InfoListsEachClassOfTheLabelOfRecordInVoxelsAndMillilitres) {
    TempDir dir;
    const std::string project = dir.file("p");
    initProject(project);
    importHippocampus(project, {"003"}, {"006"});

    const CommandResult info = runCli("info '" + project + "' 1");
    ASSERT_EQ(info.exitCode, 0) << info.output;
    EXPECT_TRUE(contains(info.output, "Class volumes  of label of record v1 (human)"))
        << info.output;
    const LabelMap labels = readNiftiLabelMap(hippocampusLabel("003"));
    const std::vector<size_t> counts = labels.classVoxelCounts();
    ASSERT_GE(counts.size(), 3u);
    const auto& spacing = labels.geometry.spacingMm;
    const double voxelMillilitres = spacing[0] * spacing[1] * spacing[2] / 1000.0;
    const char* names[] = {"anterior", "posterior"};
    for (size_t label = 1; label <= 2; ++label) {
        char row[128];
        std::snprintf(row, sizeof row, "  %-9s  %12zu  %12.4f", names[label - 1], counts[label],
                      double(counts[label]) * voxelMillilitres);
        EXPECT_TRUE(contains(info.output, row)) << "expected '" << row << "' in\n" << info.output;
    }

    const CommandResult unlabelled = runCli("info '" + project + "' 2");
    ASSERT_EQ(unlabelled.exitCode, 0) << unlabelled.output;
    EXPECT_TRUE(contains(unlabelled.output, "no label of record")) << unlabelled.output;
}

}  // namespace
}  // namespace segloop
