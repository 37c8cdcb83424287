#pragma once

#include <cstdint>

namespace segloop::ui {

/// What a left click in a slice view does.
enum class EditTool { Navigate, Brush, Eraser, FloodFill };

/// The correction tools' state as the tool panel sets it: a plain value, GUI thread only.
struct ToolSettings {
    EditTool tool = EditTool::Navigate;
    double brushRadiusMm = 2.0;
    bool brushIsSphere = false;  ///< 3D sphere instead of a 2D disc in the view's plane
    uint16_t activeClass = 1;
    bool fillIn3D = false;
    double fillLowIntensity = 0.0;  ///< flood fill takes voxels in [low, high]
    double fillHighIntensity = 0.0;
    bool fillRangeFromSeed = true;  ///< use seed value +- fillTolerance instead of [low, high]
    double fillTolerance = 50.0;
};

/// Overlay visibility and opacity (0..1) of the slice views.
struct OverlaySettings {
    bool labelsVisible = true;
    double labelOpacity = 0.5;
    bool comparisonVisible = false;
    double comparisonOpacity = 0.7;
    bool uncertaintyVisible = false;
    double uncertaintyOpacity = 0.6;
    bool sgrsRegionsVisible = false;  ///< inference-time SGRS regions (saved by Predict)
    double sgrsRegionsOpacity = 0.5;
    bool crosshairVisible = true;
};

}  // namespace segloop::ui
