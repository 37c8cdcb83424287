// SegLoop's NIfTI reader against nibabel (an independent reader) on every hippocampus case.
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

#include <gtest/gtest.h>

#include "core/io/NiftiReader.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

TEST(NiftiNibabelAgreement, EveryHippocampusImageAndLabelMatches) {
    SEGLOOP_REQUIRE_SHARED_DATA();
    if (test::runCommand("/usr/bin/python3 -c 'import nibabel'").exitCode != 0) {
        GTEST_SKIP() << "python3-nibabel is not installed";
    }
    std::string files;
    int count = 0;
    for (const char* folder : {"imagesTr", "labelsTr"}) {
        for (const auto& entry : std::filesystem::directory_iterator(test::sharedDataDir() +
                                                                     "/hippocampus/" + folder)) {
            if (hasNiftiExtension(entry.path().string())) {
                files += " " + entry.path().string();
                ++count;
            }
        }
    }
    const test::CommandResult result = test::runCommand(
        "/usr/bin/python3 " SEGLOOP_TESTS_SOURCE_DIR "/tools/nibabel_summary.py" + files);
    ASSERT_EQ(result.exitCode, 0) << result.output;
    std::istringstream lines(result.output);
    std::string path;
    int checked = 0;
    while (lines >> path) {
        std::array<int64_t, 3> shape{};
        double sum = 0;
        std::array<double, 12> ras{};
        lines >> shape[0] >> shape[1] >> shape[2] >> sum;
        for (double& value : ras) {
            lines >> value;
        }
        SCOPED_TRACE(path);
        const Volume volume = readNiftiVolume(path);
        EXPECT_EQ(volume.geometry.size, shape);
        const double ours = std::accumulate(volume.voxels.begin(), volume.voxels.end(), 0.0);
        EXPECT_NEAR(ours, sum, 1e-6 * std::max(1.0, std::abs(sum)));
        const std::array<double, 16> affine = volume.geometry.affineRas();
        for (int n = 0; n < 12; ++n) {
            EXPECT_NEAR(affine[n], ras[n], 1e-5);
        }
        ++checked;
    }
    EXPECT_EQ(checked, count);
    EXPECT_GE(checked, 500);
}

}  // namespace
}  // namespace segloop
