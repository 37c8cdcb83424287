#pragma once

#include <array>
#include <cstdint>

namespace segloop {

/// Default display colours (8-bit RGB) of label classes 1, 2, ... when a user names a class
/// without choosing a colour (`segloop-cli init --classes`, `segloop-cli classes --add`, the
/// window's "Add class"). Cycled for classes beyond the palette.
inline constexpr std::array<std::array<uint8_t, 3>, 6> kDefaultClassColours = {
    {{230, 25, 75}, {60, 180, 75}, {0, 130, 200}, {245, 130, 48}, {145, 30, 180}, {70, 240, 240}}};

/// The default colour of class `index` (1-based; 0 is treated as 1).
inline std::array<uint8_t, 3> defaultClassColour(uint16_t index) {
    return kDefaultClassColours[(index == 0 ? 0 : index - 1) % kDefaultClassColours.size()];
}

}  // namespace segloop
