#include "render/SliceCrosshair.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>

namespace segloop::render {

SliceCrosshair::SliceCrosshair()
    : points_(vtkSmartPointer<vtkPoints>::New()),
      lines_(vtkSmartPointer<vtkPolyData>::New()),
      actor_(vtkSmartPointer<vtkActor>::New()) {
    points_->SetNumberOfPoints(4);
    for (vtkIdType index = 0; index < 4; ++index) points_->SetPoint(index, 0.0, 0.0, 0.0);
    auto cells = vtkSmartPointer<vtkCellArray>::New();
    const vtkIdType horizontal[2] = {0, 1};
    const vtkIdType vertical[2] = {2, 3};
    cells->InsertNextCell(2, horizontal);
    cells->InsertNextCell(2, vertical);
    lines_->SetPoints(points_);
    lines_->SetLines(cells);
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(lines_);
    actor_->SetMapper(mapper);
    actor_->GetProperty()->SetColor(1.0, 0.85, 0.2);
    actor_->GetProperty()->SetLineWidth(1.0f);
    actor_->GetProperty()->LightingOff();
    actor_->PickableOff();
    actor_->VisibilityOff();
}

vtkActor* SliceCrosshair::actor() const { return actor_; }

void SliceCrosshair::update(const std::array<int64_t, 3>& grid, const Vec3& spacingMm,
                            const SliceFrame& frame, int sliceIndex, const Vec3& continuousIndex) {
    const auto h = static_cast<size_t>(frame.horizontalAxis);
    const auto v = static_cast<size_t>(frame.verticalAxis);
    const auto s = static_cast<size_t>(frame.sliceAxis);
    Vec3 centre{continuousIndex[0] * spacingMm[0], continuousIndex[1] * spacingMm[1],
                continuousIndex[2] * spacingMm[2]};
    // Half a voxel towards the camera, so that the lines are never hidden by the slice.
    const Vec3 view = frame.viewDirection();
    centre[s] = sliceIndex * spacingMm[s] - 0.5 * spacingMm[s] * view[s];
    const double lowH = -0.5 * spacingMm[h];
    const double highH = (static_cast<double>(grid[h]) - 0.5) * spacingMm[h];
    const double lowV = -0.5 * spacingMm[v];
    const double highV = (static_cast<double>(grid[v]) - 0.5) * spacingMm[v];
    Vec3 point = centre;
    point[h] = lowH;
    points_->SetPoint(0, point.data());
    point[h] = highH;
    points_->SetPoint(1, point.data());
    point = centre;
    point[v] = lowV;
    points_->SetPoint(2, point.data());
    point[v] = highV;
    points_->SetPoint(3, point.data());
    points_->Modified();
    lines_->Modified();
}

void SliceCrosshair::setVisible(bool visible) { actor_->SetVisibility(visible ? 1 : 0); }

void SliceCrosshair::setColour(double red, double green, double blue) {
    actor_->GetProperty()->SetColor(red, green, blue);
}

}  // namespace segloop::render
