#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include <vtkSmartPointer.h>

#include "core/editing/VoxelBox.h"
#include "core/image/ImageGeometry.h"

class vtkDataArray;
class vtkImageData;
class vtkImageProperty;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkLookupTable;

namespace segloop::render {

/// One image layer of a slice view: voxel values on the grid (wrapped, not copied), the slice
/// mapper that cuts the current slice, and how values become colours (window/level or a lookup
/// table) with an opacity. Layers stack in a vtkImageStack by their layer number.
///
/// The image lives in grid space (spacing from the geometry, origin 0). After the wrapped
/// voxels change in place, dataModified() re-uploads only the shown slice on the next frame;
/// nothing is rebuilt. GUI thread only.
class SliceLayer {
  public:
    explicit SliceLayer(int layerNumber);
    ~SliceLayer();
    SliceLayer(const SliceLayer&) = delete;
    SliceLayer& operator=(const SliceLayer&) = delete;

    vtkImageSlice* actor() const;

    /// Shows `scalars` (one value per voxel, x fastest) on `grid`; the array may wrap memory
    /// owned elsewhere, which must then outlive the layer or be replaced first.
    void setScalars(vtkDataArray* scalars, const std::array<int64_t, 3>& grid,
                    const Vec3& spacingMm);
    /// Drops the data; the layer draws nothing.
    void clear();
    bool hasData() const { return hasData_; }
    /// The wrapped voxels changed in place.
    void dataModified();

    void setSlice(int axis, int index);

    /// Draws only the part of each slice inside `box` (in-plane; clipped to the grid; an empty
    /// box draws one voxel), or the whole slice for nullopt. For sparse layers such as labels:
    /// a slice's texture is then made and uploaded for the box, not the whole slice. The
    /// caller promises every voxel outside `box` draws transparent. Cleared with the data.
    void setCropBox(const std::optional<VoxelBox>& box);

    /// Requested visibility; the layer draws only when it also has data.
    void setVisible(bool visible);
    bool visible() const { return visible_; }
    void setOpacity(double opacity);
    double opacity() const;

    /// Grey values: [level - window/2, level + window/2] from black to white.
    void setWindowLevel(double window, double level);
    /// Colours from a lookup table over its own range (nearest-neighbour, for codes too).
    void setLookupTable(vtkLookupTable* table);
    void setNearestNeighbour(bool nearest);

    vtkImageData* imageData() const;

  private:
    void updateVisibility();
    void applySlice();
    void applyCrop();

    vtkSmartPointer<vtkImageData> image_;
    vtkSmartPointer<vtkImageSliceMapper> mapper_;
    vtkSmartPointer<vtkImageProperty> property_;
    vtkSmartPointer<vtkImageSlice> actor_;
    bool hasData_ = false;
    bool visible_ = true;
    int sliceAxis_ = 2;
    int sliceIndex_ = 0;
    std::optional<VoxelBox> cropBox_;
};

/// Wraps `count` values at `data` in a VTK array without copying; VTK never frees them.
template <typename VtkArray, typename Value>
vtkSmartPointer<VtkArray> wrapVoxels(const Value* data, size_t count) {
    auto array = vtkSmartPointer<VtkArray>::New();
    array->SetNumberOfComponents(1);
    // VTK's API takes a mutable pointer; the slice mappers only read it.
    array->SetArray(const_cast<Value*>(data), static_cast<vtkIdType>(count), 1);
    return array;
}

}  // namespace segloop::render
