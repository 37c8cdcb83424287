#pragma once

#include <array>
#include <cstdint>

namespace segloop::ui {

/// What lies under the pointer in a slice view: position in mm (LPS), voxel, value, label.
struct CursorInfo {
    bool inside = false;
    std::array<double, 3> worldMm{};
    std::array<int64_t, 3> voxel{};
    float value = 0.0f;
    uint16_t label = 0;
};

}  // namespace segloop::ui
