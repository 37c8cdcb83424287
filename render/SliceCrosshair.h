#pragma once

#include <array>
#include <cstdint>

#include <vtkSmartPointer.h>

#include "core/image/ImageGeometry.h"
#include "render/SliceFrame.h"

class vtkActor;
class vtkPoints;
class vtkPolyData;

namespace segloop::render {

/// Two lines across the slice through a cursor voxel (horizontal and vertical on the screen),
/// drawn just in front of the slice. Grid space, as the slice layers. GUI thread only.
class SliceCrosshair {
public:
    SliceCrosshair();
    vtkActor* actor() const;

    /// Places the lines through `continuousIndex` on the slice at `sliceIndex`.
    void update(const std::array<int64_t, 3>& grid, const Vec3& spacingMm, const SliceFrame& frame,
                int sliceIndex, const Vec3& continuousIndex);
    void setVisible(bool visible);
    void setColour(double red, double green, double blue);

private:
    vtkSmartPointer<vtkPoints> points_;
    vtkSmartPointer<vtkPolyData> lines_;
    vtkSmartPointer<vtkActor> actor_;
};

}  // namespace segloop::render
