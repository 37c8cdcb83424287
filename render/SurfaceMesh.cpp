#include "render/SurfaceMesh.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <vtkAppendPolyData.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkUnsignedShortArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include "core/image/LabelMap.h"
#include "render/SliceLayer.h"

namespace segloop::render {

namespace {

/// Index box [lo, hi] (inclusive) of the non-zero labels grown by one voxel and clipped to the
/// volume; lo > hi on axis 0 when every label is 0.
struct LabelBox {
    std::array<int64_t, 3> lo{};
    std::array<int64_t, 3> hi{};
};

LabelBox nonZeroBox(const LabelMap& labels) {
    const auto& size = labels.geometry.size;
    LabelBox box{{size[0], size[1], size[2]}, {-1, -1, -1}};
    size_t n = 0;
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i, ++n) {
                if (labels.labels[n] == 0)
                    continue;
                const std::array<int64_t, 3> index{i, j, k};
                for (int a = 0; a < 3; ++a) {
                    box.lo[a] = std::min(box.lo[a], index[a]);
                    box.hi[a] = std::max(box.hi[a], index[a]);
                }
            }
        }
    }
    for (int a = 0; a < 3 && box.lo[0] <= box.hi[0]; ++a) {
        box.lo[a] = std::max<int64_t>(box.lo[a] - 1, 0);
        box.hi[a] = std::min<int64_t>(box.hi[a] + 1, size[a] - 1);
    }
    return box;
}

/// The labels inside `box` as VTK image data in index space (origin at the box's first voxel),
/// so that the surface filters scan only the labelled part of a large volume (a 512x512x300
/// volume took 1.5 s a rebuild when scanned whole, docs/benchmarks.md "Desktop window").
/// Wraps the label buffer without a copy when the box is the whole volume.
vtkSmartPointer<vtkImageData> labelsInIndexSpace(const LabelMap& labels, const LabelBox& box,
                                                 std::vector<uint16_t>& storage) {
    const auto& size = labels.geometry.size;
    std::array<int64_t, 3> extent{};
    for (int a = 0; a < 3; ++a)
        extent[a] = box.hi[a] - box.lo[a] + 1;
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(int(extent[0]), int(extent[1]), int(extent[2]));
    image->SetOrigin(double(box.lo[0]), double(box.lo[1]), double(box.lo[2]));
    if (extent[0] == size[0] && extent[1] == size[1] && extent[2] == size[2]) {
        image->GetPointData()->SetScalars(
            wrapVoxels<vtkUnsignedShortArray>(labels.labels.data(), labels.labels.size()));
        return image;
    }
    storage.resize(size_t(extent[0] * extent[1] * extent[2]));
    size_t out = 0;
    for (int64_t k = box.lo[2]; k <= box.hi[2]; ++k) {
        for (int64_t j = box.lo[1]; j <= box.hi[1]; ++j) {
            const size_t row = size_t((k * size[1] + j) * size[0] + box.lo[0]);
            std::copy_n(labels.labels.begin() + long(row), extent[0], storage.begin() + long(out));
            out += size_t(extent[0]);
        }
    }
    image->GetPointData()->SetScalars(
        wrapVoxels<vtkUnsignedShortArray>(storage.data(), storage.size()));
    return image;
}

}  // namespace

SurfaceMesh buildSurfaceMesh(const LabelMap& labels, int smoothingIterations) {
    SurfaceMesh mesh;
    const std::vector<size_t> counts = labels.classVoxelCounts();
    // One closed surface per class: a surface shared by two touching classes would mix their
    // colours along it.
    const LabelBox box = nonZeroBox(labels);
    if (box.lo[0] > box.hi[0])
        return mesh;
    std::vector<uint16_t> boxLabels;  // must outlive the pipeline below (wrapped, not copied)
    vtkSmartPointer<vtkImageData> image = labelsInIndexSpace(labels, box, boxLabels);
    auto append = vtkSmartPointer<vtkAppendPolyData>::New();
    int classesShown = 0;
    for (size_t label = 1; label < counts.size(); ++label) {
        if (counts[label] == 0)
            continue;
        auto flyingEdges = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
        flyingEdges->SetInputData(image);
        flyingEdges->ComputeScalarsOn();
        flyingEdges->ComputeNormalsOff();
        flyingEdges->SetValue(0, static_cast<double>(label));
        append->AddInputConnection(flyingEdges->GetOutputPort());
        ++classesShown;
    }
    if (classesShown == 0)
        return mesh;
    vtkSmartPointer<vtkAlgorithm> last = append;
    if (smoothingIterations > 0) {
        auto smoother = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
        smoother->SetInputConnection(append->GetOutputPort());
        smoother->SetNumberOfIterations(smoothingIterations);
        smoother->SetPassBand(0.1);
        smoother->NonManifoldSmoothingOn();
        smoother->NormalizeCoordinatesOn();
        last = smoother;
    }
    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
    normals->SetInputConnection(last->GetOutputPort());
    normals->SplittingOff();
    normals->ConsistencyOn();
    normals->Update();
    // Keep the result only, so that the label map may go away.
    mesh.polyData = vtkSmartPointer<vtkPolyData>::New();
    mesh.polyData->DeepCopy(normals->GetOutput());
    mesh.maxClass = static_cast<int>(counts.size()) - 1;
    const auto affine = labels.geometry.affineLps();
    std::copy(affine.begin(), affine.end(), mesh.indexToWorld.begin());
    return mesh;
}

}  // namespace segloop::render
