#pragma once

#include <array>

#include <vtkSmartPointer.h>

class vtkPolyData;

namespace segloop {
struct LabelMap;
}

namespace segloop::render {

/// The class surfaces of a label map, ready for SurfaceView::setMesh: one closed surface per
/// class present (discrete flying edges, windowed-sinc smoothing, normals) in index space, the
/// class as point scalars. A plain value; its poly data belongs to no pipeline or renderer.
struct SurfaceMesh {
    vtkSmartPointer<vtkPolyData> polyData;  ///< nullptr when no voxel is labelled
    int maxClass = 0;                       ///< the largest class value of the map
    std::array<double, 16> indexToWorld{};  ///< row-major affine, index -> LPS mm
};

/// Builds the surfaces of `labels` (`smoothingIterations` windowed-sinc passes, 0: none).
/// Touches no renderer or shared VTK object: any thread may call it (CaseViewer builds off the
/// GUI thread on a copy of the labels, then hands the result to the GUI thread).
SurfaceMesh buildSurfaceMesh(const LabelMap& labels, int smoothingIterations);

}  // namespace segloop::render
