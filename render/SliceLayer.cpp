#include "render/SliceLayer.h"

#include <algorithm>

#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

namespace segloop::render {

SliceLayer::SliceLayer(int layerNumber)
    : image_(vtkSmartPointer<vtkImageData>::New()),
      mapper_(vtkSmartPointer<vtkImageSliceMapper>::New()),
      property_(vtkSmartPointer<vtkImageProperty>::New()),
      actor_(vtkSmartPointer<vtkImageSlice>::New()) {
    clear();
    mapper_->SetInputData(image_);
    mapper_->SliceAtFocalPointOff();
    mapper_->SliceFacesCameraOff();
    mapper_->BorderOn();  // edge voxels drawn whole, so pixels map to voxels exactly
    property_->SetLayerNumber(layerNumber);
    property_->SetInterpolationTypeToNearest();
    property_->SetOpacity(1.0);
    actor_->SetMapper(mapper_);
    actor_->SetProperty(property_);
    actor_->PickableOff();
}

SliceLayer::~SliceLayer() = default;

vtkImageSlice* SliceLayer::actor() const {
    return actor_;
}

vtkImageData* SliceLayer::imageData() const {
    return image_;
}

void SliceLayer::setScalars(vtkDataArray* scalars, const std::array<int64_t, 3>& grid,
                            const Vec3& spacingMm) {
    image_->Initialize();
    image_->SetDimensions(static_cast<int>(grid[0]), static_cast<int>(grid[1]),
                          static_cast<int>(grid[2]));
    image_->SetSpacing(spacingMm[0], spacingMm[1], spacingMm[2]);
    image_->SetOrigin(0.0, 0.0, 0.0);
    image_->GetPointData()->SetScalars(scalars);
    image_->Modified();
    hasData_ = true;
    updateVisibility();
    applySlice();
}

void SliceLayer::clear() {
    // A single transparent voxel keeps the pipeline valid while the layer is empty.
    auto placeholder = vtkSmartPointer<vtkUnsignedCharArray>::New();
    placeholder->SetNumberOfValues(1);
    placeholder->SetValue(0, 0);
    image_->Initialize();
    image_->SetDimensions(1, 1, 1);
    image_->GetPointData()->SetScalars(placeholder);
    image_->Modified();
    hasData_ = false;
    cropBox_.reset();
    mapper_->CroppingOff();
    updateVisibility();
}

void SliceLayer::dataModified() {
    if (auto* scalars = image_->GetPointData()->GetScalars())
        scalars->Modified();
    image_->Modified();
}

void SliceLayer::setSlice(int axis, int index) {
    // The mapper may clamp its slice number to the data it has (one voxel while the layer is
    // empty), which marks it modified: setting the same slice again must not undo that each
    // time, or every view would look changed and render again (RenderViewWidget).
    if (axis == sliceAxis_ && index == sliceIndex_)
        return;
    sliceAxis_ = axis;
    sliceIndex_ = index;
    applySlice();
}

void SliceLayer::applySlice() {
    mapper_->SetOrientation(sliceAxis_);
    mapper_->SetSliceNumber(sliceIndex_);
    applyCrop();
}

void SliceLayer::setCropBox(const std::optional<VoxelBox>& box) {
    cropBox_ = box;
    applyCrop();
}

void SliceLayer::applyCrop() {
    if (!cropBox_ || !hasData_) {
        mapper_->CroppingOff();
        return;
    }
    int dimensions[3];
    image_->GetDimensions(dimensions);
    int region[6];
    for (int axis = 0; axis < 3; ++axis) {
        const int last = dimensions[axis] - 1;
        // The slice axis keeps the whole extent: VTK clamps the slice number to the cropped
        // one, which would show another slice's voxels.
        int low = 0, high = last;
        if (axis != sliceAxis_) {
            low = static_cast<int>(std::clamp<int64_t>(cropBox_->min[size_t(axis)], 0, last));
            high = static_cast<int>(std::clamp<int64_t>(cropBox_->max[size_t(axis)], 0, last));
            if (cropBox_->empty() || high < low)
                high = low;
        }
        region[2 * axis] = low;
        region[2 * axis + 1] = high;
    }
    mapper_->SetCroppingRegion(region);  // marks the mapper modified only when it changes
    mapper_->CroppingOn();
}

void SliceLayer::setVisible(bool visible) {
    visible_ = visible;
    updateVisibility();
}

void SliceLayer::updateVisibility() {
    actor_->SetVisibility(visible_ && hasData_ ? 1 : 0);
}

void SliceLayer::setOpacity(double opacity) {
    property_->SetOpacity(std::clamp(opacity, 0.0, 1.0));
}

double SliceLayer::opacity() const {
    return property_->GetOpacity();
}

void SliceLayer::setWindowLevel(double window, double level) {
    property_->SetLookupTable(nullptr);
    property_->SetColorWindow(window);
    property_->SetColorLevel(level);
}

void SliceLayer::setLookupTable(vtkLookupTable* table) {
    property_->SetLookupTable(table);
    property_->UseLookupTableScalarRangeOn();
}

void SliceLayer::setNearestNeighbour(bool nearest) {
    if (nearest) {
        property_->SetInterpolationTypeToNearest();
    } else {
        property_->SetInterpolationTypeToLinear();
    }
}

}  // namespace segloop::render
