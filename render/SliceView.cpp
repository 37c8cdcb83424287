#include "render/SliceView.h"

#include <algorithm>
#include <cmath>

#include <vtkCamera.h>
#include <vtkFloatArray.h>
#include <vtkImageStack.h>
#include <vtkLookupTable.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "render/LabelComparison.h"
#include "render/RenderHost.h"
#include "render/SliceCrosshair.h"
#include "render/SliceLayer.h"

namespace segloop::render {

namespace {

// Layer numbers: higher draws on top.
enum Layer : int { kImage = 0, kUncertainty = 1, kRegions = 2, kLabels = 3, kComparison = 4 };

}  // namespace

SliceView::SliceView(RenderHost& host, SliceOrientation orientation)
    : host_(host),
      orientation_(orientation),
      stack_(vtkSmartPointer<vtkImageStack>::New()),
      imageLayer_(std::make_unique<SliceLayer>(kImage)),
      uncertaintyLayer_(std::make_unique<SliceLayer>(kUncertainty)),
      regionLayer_(std::make_unique<SliceLayer>(kRegions)),
      labelLayer_(std::make_unique<SliceLayer>(kLabels)),
      comparisonLayer_(std::make_unique<SliceLayer>(kComparison)),
      crosshair_(std::make_unique<SliceCrosshair>()) {
    for (SliceLayer* layer : {imageLayer_.get(), uncertaintyLayer_.get(), regionLayer_.get(),
                              labelLayer_.get(), comparisonLayer_.get()}) {
        stack_->AddImage(layer->actor());
    }
    stack_->SetActiveLayer(kImage);
    labelLayer_->setOpacity(0.5);
    comparisonLayer_->setOpacity(0.8);
    uncertaintyLayer_->setOpacity(0.6);
    regionLayer_->setOpacity(0.4);
    regionLayer_->setLookupTable(makeSgrsRegionLookupTable());
    comparisonLayer_->setLookupTable(makeLabelChangeLookupTable());
    uncertaintyLayer_->setLookupTable(makeHeatLookupTable(0.0, 1.0));
    rebuildClassTable();
    setWindowLevel(windowLevel_);
    host_.renderer()->AddViewProp(stack_);
    host_.setSceneDecorationDrawing([this] {
        crosshair_->draw([this](const Vec3& index) { return widgetPositionOfIndex(index); });
    });
    host_.setBeforeRender([this] { applyCamera(); });
}

SliceView::~SliceView() {
    host_.setBeforeRender({});
    host_.setSceneDecorationDrawing({});
    host_.renderer()->RemoveViewProp(stack_);
}

void SliceView::changed() {
    host_.requestRender();
}

bool SliceView::matchesVolumeGrid(const ImageGeometry& geometry) const {
    return volume_ != nullptr && geometry.size == volume_->geometry.size;
}

void SliceView::setVolume(const Volume* volume) {
    volume_ = volume;
    if (volume_ == nullptr) {
        for (SliceLayer* layer : {imageLayer_.get(), uncertaintyLayer_.get(), regionLayer_.get(),
                                  labelLayer_.get(), comparisonLayer_.get()}) {
            layer->clear();
        }
        labels_ = nullptr;
        crosshair_->setVisible(false);
        changed();
        return;
    }
    const ImageGeometry& geometry = volume_->geometry;
    frame_ = sliceFrameFor(orientation_, geometry);
    camera_.setGrid(geometry.size, geometry.spacingMm, frame_);
    imageLayer_->setScalars(
        wrapVoxels<vtkFloatArray>(volume_->voxels.data(), volume_->voxels.size()), geometry.size,
        geometry.spacingMm);
    if (labels_ && !matchesVolumeGrid(labels_->geometry))
        setLabelMap(nullptr);
    if (comparisonCodes_ != nullptr && comparisonCodes_->size() != geometry.voxelCount()) {
        clearComparison();
    }
    if (!regionCodes_.empty() && regionCodes_.size() != geometry.voxelCount()) {
        setSgrsRegions({});
    }
    uncertaintyLayer_->clear();
    sliceIndex_ = static_cast<int>(geometry.size[static_cast<size_t>(frame_.sliceAxis)] / 2);
    crosshairIndex_ = {static_cast<double>(geometry.size[0] / 2),
                       static_cast<double>(geometry.size[1] / 2),
                       static_cast<double>(geometry.size[2] / 2)};
    camera_.reset();
    updateSlice();
}

int SliceView::sliceCount() const {
    return volume_ ? static_cast<int>(volume_->geometry.size[static_cast<size_t>(frame_.sliceAxis)])
                   : 0;
}

void SliceView::setSliceIndex(int index) {
    sliceIndex_ = std::clamp(index, 0, std::max(0, sliceCount() - 1));
    updateSlice();
}

void SliceView::updateSlice() {
    for (SliceLayer* layer : {imageLayer_.get(), uncertaintyLayer_.get(), regionLayer_.get(),
                              labelLayer_.get(), comparisonLayer_.get()}) {
        layer->setSlice(frame_.sliceAxis, sliceIndex_);
    }
    applyLabelledExtent();  // edits elsewhere may have grown it since this slice was shown
    camera_.setSliceIndex(sliceIndex_);
    if (volume_) {
        crosshair_->update(volume_->geometry.size, frame_, crosshairIndex_);
        crosshair_->setVisible(crosshairVisible_);
    }
    changed();
}

void SliceView::applyCamera() {
    camera_.setViewportPixels(host_.framebufferSize(), host_.pixelRatio());
    camera_.applyTo(*host_.renderer()->GetActiveCamera());
}

void SliceView::setWindowLevel(const WindowLevel& windowLevel) {
    windowLevel_ = windowLevel;
    imageLayer_->setWindowLevel(std::max(windowLevel.window, 1e-6), windowLevel.level);
    changed();
}

void SliceView::setSmoothImage(bool smooth) {
    imageLayer_->setNearestNeighbour(!smooth);
    changed();
}

void SliceView::resetView() {
    camera_.reset();
    changed();
}

void SliceView::setZoom(double zoom) {
    camera_.setZoom(zoom);
    changed();
}

void SliceView::zoomAt(QPointF widgetPosition, double factor) {
    camera_.setViewportPixels(host_.framebufferSize(), host_.pixelRatio());
    camera_.zoomAt(widgetPosition, factor);
    changed();
}

void SliceView::panByPixels(QPointF deltaLogical) {
    camera_.setViewportPixels(host_.framebufferSize(), host_.pixelRatio());
    camera_.panByPixels(deltaLogical);
    changed();
}

void SliceView::setCrosshairVisible(bool visible) {
    crosshairVisible_ = visible;
    crosshair_->setVisible(visible && volume_ != nullptr);
    changed();
}

void SliceView::setCrosshairIndex(const Vec3& continuousIndex) {
    crosshairIndex_ = continuousIndex;
    updateSlice();
}

SlicePick SliceView::pick(QPointF widgetPosition) const {
    SlicePick result;
    if (volume_ == nullptr)
        return result;
    SliceCamera camera = camera_;
    camera.setViewportPixels(host_.framebufferSize(), host_.pixelRatio());
    const Vec3 grid = camera.gridPointAt(widgetPosition);
    const ImageGeometry& geometry = volume_->geometry;
    for (size_t axis = 0; axis < 3; ++axis) {
        result.continuousIndex[axis] = grid[axis] / geometry.spacingMm[axis];
    }
    result.continuousIndex[static_cast<size_t>(frame_.sliceAxis)] = sliceIndex_;
    for (size_t axis = 0; axis < 3; ++axis) {
        result.voxel[axis] = static_cast<int64_t>(std::llround(result.continuousIndex[axis]));
    }
    result.worldMm = geometry.indexToWorld(result.continuousIndex);
    result.inside = geometry.contains(result.voxel[0], result.voxel[1], result.voxel[2]);
    if (result.inside) {
        result.value = volume_->at(result.voxel[0], result.voxel[1], result.voxel[2]);
        if (labels_)
            result.label = labels_->at(result.voxel[0], result.voxel[1], result.voxel[2]);
    }
    return result;
}

QPointF SliceView::widgetPositionOfIndex(const Vec3& continuousIndex) const {
    SliceCamera camera = camera_;
    camera.setViewportPixels(host_.framebufferSize(), host_.pixelRatio());
    const Vec3 spacing = volume_ ? volume_->geometry.spacingMm : Vec3{1.0, 1.0, 1.0};
    return camera.widgetPositionOf({continuousIndex[0] * spacing[0],
                                    continuousIndex[1] * spacing[1],
                                    continuousIndex[2] * spacing[2]});
}

}  // namespace segloop::render
