#include "render/SliceCrosshair.h"

#include <algorithm>
#include <cmath>

#include <imgui.h>

namespace segloop::render {

void SliceCrosshair::update(const std::array<int64_t, 3>& grid, const SliceFrame& frame,
                            const Vec3& continuousIndex) {
    const auto h = static_cast<size_t>(frame.horizontalAxis);
    const auto v = static_cast<size_t>(frame.verticalAxis);
    // From the outer edge of the first voxel to that of the last, as the image is drawn.
    ends_[0] = continuousIndex;
    ends_[0][h] = -0.5;
    ends_[1] = continuousIndex;
    ends_[1][h] = static_cast<double>(grid[h]) - 0.5;
    ends_[2] = continuousIndex;
    ends_[2][v] = -0.5;
    ends_[3] = continuousIndex;
    ends_[3][v] = static_cast<double>(grid[v]) - 0.5;
    placed_ = true;
}

void SliceCrosshair::setColour(double red, double green, double blue) {
    auto byte = [](double value) {
        return static_cast<uint8_t>(std::lround(std::clamp(value, 0.0, 1.0) * 255.0));
    };
    colour_ = {byte(red), byte(green), byte(blue)};
}

void SliceCrosshair::draw(const std::function<QPointF(const Vec3&)>& toWidget) const {
    if (!visible_ || !placed_)
        return;
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    const ImU32 colour = IM_COL32(colour_[0], colour_[1], colour_[2], 255);
    // Whole-pixel rectangles: crisp one-pixel lines in exactly the crosshair's colour.
    const QPointF left = toWidget(ends_[0]);
    const QPointF right = toWidget(ends_[1]);
    const float row = std::floor(static_cast<float>(left.y()));
    list->AddRectFilled(
        ImVec2(std::round(static_cast<float>(std::min(left.x(), right.x()))), row),
        ImVec2(std::round(static_cast<float>(std::max(left.x(), right.x()))), row + 1.0f), colour);
    const QPointF top = toWidget(ends_[2]);
    const QPointF bottom = toWidget(ends_[3]);
    const float column = std::floor(static_cast<float>(top.x()));
    list->AddRectFilled(
        ImVec2(column, std::round(static_cast<float>(std::min(top.y(), bottom.y())))),
        ImVec2(column + 1.0f, std::round(static_cast<float>(std::max(top.y(), bottom.y())))),
        colour);
}

}  // namespace segloop::render
