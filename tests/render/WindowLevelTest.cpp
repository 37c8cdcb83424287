#include "render/WindowLevel.h"

#include <gtest/gtest.h>

#include "core/image/Volume.h"

namespace segloop::render {
namespace {

TEST(WindowLevel, CtPresetsIncludeSoftTissue) {
    const auto presets = ctWindowLevelPresets();
    ASSERT_FALSE(presets.empty());
    EXPECT_EQ(presets.front().name, "CT soft tissue");
    EXPECT_DOUBLE_EQ(presets.front().windowLevel.lower(), -160.0);
    EXPECT_DOUBLE_EQ(presets.front().windowLevel.upper(), 240.0);
}

TEST(WindowLevel, PercentilesOfARampCoverItsRange) {
    ImageGeometry geometry;
    geometry.size = {101, 1, 1};
    Volume ramp(geometry);
    for (int i = 0; i <= 100; ++i)
        ramp.at(i, 0, 0) = static_cast<float>(i);
    const WindowLevel full = percentileWindowLevel(ramp, 0.0, 100.0);
    EXPECT_DOUBLE_EQ(full.lower(), 0.0);
    EXPECT_DOUBLE_EQ(full.upper(), 100.0);
    const WindowLevel inner = percentileWindowLevel(ramp, 10.0, 90.0);
    EXPECT_DOUBLE_EQ(inner.lower(), 10.0);
    EXPECT_DOUBLE_EQ(inner.upper(), 90.0);
}

TEST(WindowLevel, ConstantVolumeGivesUnitWindow) {
    ImageGeometry geometry;
    geometry.size = {4, 4, 4};
    Volume flat(geometry);
    const WindowLevel mapping = percentileWindowLevel(flat, 1.0, 99.0);
    EXPECT_DOUBLE_EQ(mapping.window, 1.0);
    EXPECT_EQ(mrWindowLevelPresets(flat).size(), 3u);
}

}  // namespace
}  // namespace segloop::render
