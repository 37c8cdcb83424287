#pragma once

#include <array>
#include <string>
#include <vector>

namespace segloop::render {

/// One entry of a colour legend (a label class or an SGRS region), colour as RGB in 0..1.
struct LegendEntry {
    std::string name;
    std::array<float, 3> colour{1.0f, 1.0f, 1.0f};

    bool operator==(const LegendEntry& other) const {
        return name == other.name && colour == other.colour;
    }
};

/// What the heads-up display shows. A plain value the ui layer fills in; the overlay only reads.
struct HudContent {
    bool visible = false;
    bool cursorInside = false;         ///< false: the cursor is off the image, no position shown
    std::array<double, 3> cursorMm{};  ///< world position (LPS, mm)
    std::array<long long, 3> cursorVoxel{};
    float voxelValue = 0.0f;
    std::string activeClassName;
    int activeClass = 0;
    double brushRadiusMm = 0.0;
    bool hasPredictedQuality = false;
    double predictedQuality = 0.0;    ///< predicted Dice of the shown mask, 0..1
    std::vector<LegendEntry> legend;  ///< e.g. the SGRS regions when that overlay is on

    /// Same text and legend: a view showing one need not be drawn again for the other.
    bool operator==(const HudContent& other) const {
        return visible == other.visible && cursorInside == other.cursorInside &&
               cursorMm == other.cursorMm && cursorVoxel == other.cursorVoxel &&
               voxelValue == other.voxelValue && activeClassName == other.activeClassName &&
               activeClass == other.activeClass && brushRadiusMm == other.brushRadiusMm &&
               hasPredictedQuality == other.hasPredictedQuality &&
               predictedQuality == other.predictedQuality && legend == other.legend;
    }
    bool operator!=(const HudContent& other) const { return !(*this == other); }
};

/// What the live training monitor shows. Filled by the ui layer from the trainer's events.
struct TrainingMonitorContent {
    bool visible = false;
    std::string status;                   ///< e.g. "training: step 120 / 2000"
    std::vector<float> loss;              ///< one value per logged step
    std::vector<float> validationDice;    ///< one value per validation
    std::vector<float> predictedQuality;  ///< predicted quality of every pseudo-label, 0..1
    int qualityHistogramBins = 10;
};

}  // namespace segloop::render
