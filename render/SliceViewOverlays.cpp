// SliceView's overlays: labels, comparison, uncertainty and SGRS regions.
#include <algorithm>

#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

#include "core/Error.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "render/SliceLayer.h"
#include "render/SliceView.h"

namespace segloop::render {

void SliceView::setLabelMap(const LabelMap* labels) {
    if (labels && !matchesVolumeGrid(labels->geometry)) {
        throw Error("slice view", "the label map's grid (" + labels->geometry.describe() +
                                      ") differs from the image's");
    }
    labels_ = labels;
    labelledExtent_.reset();
    applyLabelledExtent();
    if (labels_ == nullptr) {
        labelLayer_->clear();
    } else {
        labelLayer_->setScalars(
            wrapVoxels<vtkUnsignedShortArray>(labels_->labels.data(), labels_->labels.size()),
            labels_->geometry.size, labels_->geometry.spacingMm);
        rebuildClassTable();
    }
    changed();
}

void SliceView::labelsModified() {
    if (labels_ == nullptr)
        return;
    labelledExtent_.reset();  // anything may have changed: draw the whole grid again
    applyLabelledExtent();
    labelLayer_->dataModified();
    changed();
}

void SliceView::labelsModified(const VoxelBox& changedBox) {
    if (labels_ != nullptr)
        sparseLayerModified(*labelLayer_, changedBox);
}

void SliceView::sparseLayerModified(SliceLayer& layer, const VoxelBox& changedBox) {
    if (changedBox.empty())
        return;
    if (labelledExtent_)
        labelledExtent_->include(changedBox);  // applied at the next upload
    const auto axis = static_cast<size_t>(frame_.sliceAxis);
    if (sliceIndex_ < changedBox.min[axis] || sliceIndex_ > changedBox.max[axis])
        return;
    applyLabelledExtent();
    layer.dataModified();
    changed();
}

void SliceView::setLabelledExtent(const VoxelBox& box) {
    labelledExtent_ = box;
    applyLabelledExtent();
    changed();
}

void SliceView::applyLabelledExtent() {
    labelLayer_->setCropBox(labelledExtent_);
    comparisonLayer_->setCropBox(labelledExtent_);
}

void SliceView::setClassColours(const std::vector<Rgb>& classColours) {
    classColours_ = classColours;
    rebuildClassTable();
    changed();
}

void SliceView::rebuildClassTable() {
    // Enough entries for every class with a colour; higher classes clamp to the last entry, so
    // the table also grows when a stroke paints a class beyond it.
    const int maxClass = std::max<int>(static_cast<int>(classColours_.size()), 255);
    labelLayer_->setLookupTable(makeClassLookupTable(classColours_, maxClass));
}

void SliceView::setLabelsVisible(bool visible) {
    labelLayer_->setVisible(visible);
    changed();
}

bool SliceView::labelsVisible() const {
    return labelLayer_->visible();
}

void SliceView::setLabelOpacity(double opacity) {
    labelLayer_->setOpacity(opacity);
    changed();
}

void SliceView::setComparison(const std::vector<uint8_t>* changeCodes) {
    if (changeCodes == nullptr) {
        clearComparison();
        return;
    }
    if (volume_ == nullptr || changeCodes->size() != volume_->geometry.voxelCount()) {
        throw Error("slice view", "the label comparison's voxel count differs from the image's");
    }
    comparisonCodes_ = changeCodes;
    comparisonLayer_->setScalars(
        wrapVoxels<vtkUnsignedCharArray>(changeCodes->data(), changeCodes->size()),
        volume_->geometry.size, volume_->geometry.spacingMm);
    applyLabelledExtent();
    changed();
}

void SliceView::comparisonModified(const VoxelBox& changedBox) {
    if (comparisonCodes_ != nullptr)
        sparseLayerModified(*comparisonLayer_, changedBox);
}

void SliceView::clearComparison() {
    comparisonLayer_->clear();
    comparisonCodes_ = nullptr;
    changed();
}

void SliceView::setComparisonVisible(bool visible) {
    comparisonLayer_->setVisible(visible);
    changed();
}

bool SliceView::comparisonVisible() const {
    return comparisonLayer_->visible();
}

void SliceView::setComparisonOpacity(double opacity) {
    comparisonLayer_->setOpacity(opacity);
    changed();
}

void SliceView::setUncertainty(const Volume* uncertainty, double lower, double upper) {
    if (uncertainty == nullptr) {
        uncertaintyLayer_->clear();
        changed();
        return;
    }
    if (!matchesVolumeGrid(uncertainty->geometry)) {
        throw Error("slice view", "the uncertainty map's grid differs from the image's");
    }
    uncertaintyLayer_->setScalars(
        wrapVoxels<vtkFloatArray>(uncertainty->voxels.data(), uncertainty->voxels.size()),
        uncertainty->geometry.size, uncertainty->geometry.spacingMm);
    uncertaintyLayer_->setLookupTable(makeHeatLookupTable(lower, upper));
    changed();
}

void SliceView::setUncertaintyVisible(bool visible) {
    uncertaintyLayer_->setVisible(visible);
    changed();
}

bool SliceView::uncertaintyVisible() const {
    return uncertaintyLayer_->visible();
}

void SliceView::setUncertaintyOpacity(double opacity) {
    uncertaintyLayer_->setOpacity(opacity);
    changed();
}

void SliceView::setSgrsRegions(std::vector<uint8_t> regionCodes) {
    if (regionCodes.empty()) {
        regionCodes_.clear();
        regionLayer_->clear();
        changed();
        return;
    }
    if (volume_ == nullptr || regionCodes.size() != volume_->geometry.voxelCount()) {
        throw Error("slice view", "the SGRS region map has " + std::to_string(regionCodes.size()) +
                                      " voxels, not one per voxel of the image");
    }
    regionCodes_ = std::move(regionCodes);
    regionLayer_->setScalars(
        wrapVoxels<vtkUnsignedCharArray>(regionCodes_.data(), regionCodes_.size()),
        volume_->geometry.size, volume_->geometry.spacingMm);
    changed();
}

void SliceView::setSgrsRegionsVisible(bool visible) {
    regionLayer_->setVisible(visible);
    changed();
}

bool SliceView::sgrsRegionsVisible() const {
    return regionLayer_->visible();
}

void SliceView::setSgrsRegionsOpacity(double opacity) {
    regionLayer_->setOpacity(opacity);
    changed();
}

}  // namespace segloop::render
