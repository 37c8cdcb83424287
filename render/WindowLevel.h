#pragma once

#include <string>
#include <vector>

namespace segloop {
struct Volume;
}

namespace segloop::render {

/// Grey-value mapping of a slice view: intensities in [level - window/2, level + window/2] map
/// linearly from black to white. Units are the volume's (Hounsfield units for CT).
struct WindowLevel {
    double window = 400.0;
    double level = 40.0;

    double lower() const { return level - window / 2.0; }
    double upper() const { return level + window / 2.0; }
};

/// A named window/level, e.g. "CT soft tissue" (W 400, L 40).
struct WindowLevelPreset {
    std::string name;
    WindowLevel windowLevel;
};

/// The usual CT presets (soft tissue, lung, bone, brain, liver), in HU.
std::vector<WindowLevelPreset> ctWindowLevelPresets();

/// MR has no absolute scale: presets from the volume's own intensity percentiles
/// ("MR full range" 0.5-99.5 %, "MR contrast" 2-98 %, "MR bright" 50-99.9 %).
std::vector<WindowLevelPreset> mrWindowLevelPresets(const Volume& volume);

/// Window/level covering the given percentiles (0..100) of the volume's voxel values (sampled
/// when the volume is large). An empty or constant volume gives window 1 around its value.
WindowLevel percentileWindowLevel(const Volume& volume, double lowerPercent, double upperPercent);

}  // namespace segloop::render
