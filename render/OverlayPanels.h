#pragma once

#include "render/OverlayContent.h"

namespace segloop::render {

/// The Dear ImGui panels drawn over a view: the heads-up display (top left: cursor position and
/// value, active class, brush, predicted quality, legend) and the live training monitor (top
/// right: loss and validation Dice curves, histogram of predicted quality). Holds plain copies
/// of what the ui layer last set; draw() reads them. GUI thread only.
class OverlayPanels {
  public:
    void setHud(const HudContent& hud) { hud_ = hud; }
    const HudContent& hud() const { return hud_; }
    void setTrainingMonitor(const TrainingMonitorContent& monitor) { monitor_ = monitor; }
    const TrainingMonitorContent& trainingMonitor() const { return monitor_; }

    /// Issues the ImGui calls of the visible panels; call between ImGui::NewFrame and Render.
    void draw() const;

  private:
    void drawHud() const;
    void drawTrainingMonitor() const;

    HudContent hud_;
    TrainingMonitorContent monitor_;
};

/// Counts of `values` (clamped to [0, 1]) in `binCount` equal bins: the quality histogram.
std::vector<float> histogramOfUnitValues(const std::vector<float>& values, int binCount);

}  // namespace segloop::render
