#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include <QPointF>

#include "core/image/ImageGeometry.h"
#include "render/SliceFrame.h"

namespace segloop::render {

/// Two lines across the slice through a cursor voxel (horizontal and vertical on the screen),
/// spanning the image. Drawn with ImGui as the view's scene decoration, over the slice and
/// under the HUD, one pixel wide without blending: moving the crosshair repaints the view
/// without rendering the VTK scene again (RenderViewWidget reuses its last image).
/// GUI thread only.
class SliceCrosshair {
  public:
    /// Places the lines through `continuousIndex` on an image of `grid` voxels cut by `frame`.
    void update(const std::array<int64_t, 3>& grid, const SliceFrame& frame,
                const Vec3& continuousIndex);
    void setVisible(bool visible) { visible_ = visible; }
    bool visible() const { return visible_; }
    /// RGB in 0..1.
    void setColour(double red, double green, double blue);

    /// Draws the lines into ImGui's background draw list (inside an ImGui frame); `toWidget`
    /// maps a continuous voxel index to widget pixels (logical).
    void draw(const std::function<QPointF(const Vec3&)>& toWidget) const;

  private:
    std::array<Vec3, 4> ends_{};  ///< horizontal line's two ends, then the vertical line's
    std::array<uint8_t, 3> colour_{255, 217, 51};
    bool visible_ = false;
    bool placed_ = false;
};

}  // namespace segloop::render
