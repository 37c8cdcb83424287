#include "render/OverlayPanels.h"

#include <algorithm>
#include <cmath>

#include <imgui.h>

namespace segloop::render {

namespace {

constexpr float kMargin = 8.0f;
constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
    ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;

void drawLegend(const std::vector<LegendEntry>& legend) {
    for (const LegendEntry& entry : legend) {
        const ImVec4 colour(entry.colour[0], entry.colour[1], entry.colour[2], 1.0f);
        ImGui::ColorButton(entry.name.c_str(), colour,
                           ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder,
                           ImVec2(12.0f, 12.0f));
        ImGui::SameLine();
        ImGui::TextUnformatted(entry.name.c_str());
    }
}

float maximumOf(const std::vector<float>& values) {
    return values.empty() ? 1.0f : *std::max_element(values.begin(), values.end());
}

}  // namespace

std::vector<float> histogramOfUnitValues(const std::vector<float>& values, int binCount) {
    const int bins = std::max(1, binCount);
    std::vector<float> counts(static_cast<size_t>(bins), 0.0f);
    for (float value : values) {
        if (!std::isfinite(value))
            continue;
        const float clamped = std::clamp(value, 0.0f, 1.0f);
        const int bin = std::min(bins - 1, static_cast<int>(clamped * static_cast<float>(bins)));
        counts[static_cast<size_t>(bin)] += 1.0f;
    }
    return counts;
}

void OverlayPanels::draw() const {
    if (hud_.visible)
        drawHud();
    if (monitor_.visible)
        drawTrainingMonitor();
}

void OverlayPanels::drawHud() const {
    ImGui::SetNextWindowPos(ImVec2(kMargin, kMargin), ImGuiCond_Always);
    ImGui::SetNextWindowBgAlpha(0.65f);
    if (!ImGui::Begin("##hud", nullptr, kPanelFlags)) {
        ImGui::End();
        return;
    }
    if (hud_.cursorInside) {
        ImGui::Text("%.1f, %.1f, %.1f mm", hud_.cursorMm[0], hud_.cursorMm[1], hud_.cursorMm[2]);
        ImGui::Text("voxel [%lld, %lld, %lld]  value %.1f", hud_.cursorVoxel[0],
                    hud_.cursorVoxel[1], hud_.cursorVoxel[2], static_cast<double>(hud_.voxelValue));
    } else {
        ImGui::TextUnformatted("cursor outside the image");
    }
    ImGui::Text("class %d %s", hud_.activeClass, hud_.activeClassName.c_str());
    ImGui::Text("brush %.1f mm", hud_.brushRadiusMm);
    if (hud_.hasPredictedQuality) {
        ImGui::Text("predicted quality (Dice) %.2f", hud_.predictedQuality);
    }
    if (!hud_.legend.empty()) {
        ImGui::Separator();
        drawLegend(hud_.legend);
    }
    ImGui::End();
}

void OverlayPanels::drawTrainingMonitor() const {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - kMargin, kMargin), ImGuiCond_Always,
                            ImVec2(1.0f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.65f);
    if (!ImGui::Begin("##training", nullptr, kPanelFlags)) {
        ImGui::End();
        return;
    }
    const ImVec2 plotSize(220.0f, 60.0f);
    if (!monitor_.status.empty())
        ImGui::TextUnformatted(monitor_.status.c_str());
    const auto& loss = monitor_.loss;
    const std::string lossLabel =
        loss.empty() ? std::string("loss") : "loss " + std::to_string(loss.back()).substr(0, 6);
    ImGui::PlotLines("##loss", loss.data(), static_cast<int>(loss.size()), 0, lossLabel.c_str(),
                     0.0f, maximumOf(loss), plotSize);
    const auto& dice = monitor_.validationDice;
    const std::string diceLabel =
        dice.empty() ? std::string("validation Dice")
                     : "validation Dice " + std::to_string(dice.back()).substr(0, 5);
    ImGui::PlotLines("##dice", dice.data(), static_cast<int>(dice.size()), 0, diceLabel.c_str(),
                     0.0f, 1.0f, plotSize);
    const std::vector<float> histogram =
        histogramOfUnitValues(monitor_.predictedQuality, monitor_.qualityHistogramBins);
    ImGui::PlotHistogram("##quality", histogram.data(), static_cast<int>(histogram.size()), 0,
                         "predicted quality 0..1", 0.0f, maximumOf(histogram), plotSize);
    ImGui::End();
}

}  // namespace segloop::render
