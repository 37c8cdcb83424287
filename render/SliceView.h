#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QPointF>

#include "core/editing/VoxelBox.h"
#include "core/image/ImageGeometry.h"
#include "render/OverlayColours.h"
#include "render/SliceCamera.h"
#include "render/SliceFrame.h"
#include "render/SliceOrientation.h"
#include "render/WindowLevel.h"

class vtkImageStack;

namespace segloop {
struct LabelMap;
struct Volume;
}  // namespace segloop

namespace segloop::render {

class RenderHost;
class SliceCrosshair;
class SliceLayer;

/// What lies under a widget position in a slice view.
struct SlicePick {
    bool inside = false;             ///< the position falls on a voxel of the image
    Vec3 continuousIndex{};          ///< on the slice plane (slice axis = slice index)
    std::array<int64_t, 3> voxel{};  ///< nearest voxel (valid when inside)
    Vec3 worldMm{};                  ///< LPS position of continuousIndex
    float value = 0.0f;              ///< image value at `voxel`
    uint16_t label = 0;              ///< class at `voxel` (0 without a label map)
};

/// One orthogonal slice view of a volume (axial, coronal or sagittal) on a RenderHost (in the
/// window, ui/viewer/RenderViewWidget): window/level, zoom, pan, slice index, crosshair, picking,
/// and overlays, each toggled and with its own opacity: the label map (per-class colours), the
/// comparison of a pseudo-label with its correction, an uncertainty heat map, and SGRS regions.
///
/// The volume, label map and uncertainty are wrapped without copying: they must outlive the
/// view or be replaced (or cleared with nullptr) first. After an edit changes the label map in
/// place, call labelsModified(): the next frame re-uploads the shown slice, nothing is rebuilt.
/// The crosshair is drawn as the host's scene decoration (SliceCrosshair), not by VTK.
/// Every setter schedules a repaint. GUI thread only.
class SliceView {
  public:
    SliceView(RenderHost& host, SliceOrientation orientation);
    ~SliceView();
    SliceView(const SliceView&) = delete;
    SliceView& operator=(const SliceView&) = delete;

    RenderHost& host() const { return host_; }
    SliceOrientation orientation() const { return orientation_; }
    const SliceFrame& frame() const { return frame_; }

    /// Shows `volume` (nullptr: nothing), centred, at the middle slice, zoom 1. Overlays whose
    /// grid no longer matches are cleared.
    void setVolume(const Volume* volume);
    const Volume* volume() const { return volume_; }

    int sliceIndex() const { return sliceIndex_; }
    int sliceCount() const;
    /// Clamped to the volume.
    void setSliceIndex(int index);

    void setWindowLevel(const WindowLevel& windowLevel);
    const WindowLevel& windowLevel() const { return windowLevel_; }
    /// Nearest neighbour (default) or linear interpolation of the grey image.
    void setSmoothImage(bool smooth);

    // --- camera -----------------------------------------------------------------------------
    void resetView();
    void setZoom(double zoom);
    double zoom() const { return camera_.zoom(); }
    void zoomAt(QPointF widgetPosition, double factor);
    void panByPixels(QPointF deltaLogical);
    const SliceCamera& camera() const { return camera_; }

    // --- crosshair --------------------------------------------------------------------------
    void setCrosshairVisible(bool visible);
    bool crosshairVisible() const { return crosshairVisible_; }
    /// The crosshair's centre as a continuous voxel index (its slice coordinate is ignored).
    void setCrosshairIndex(const Vec3& continuousIndex);

    // --- picking ----------------------------------------------------------------------------
    SlicePick pick(QPointF widgetPosition) const;
    /// Widget position (logical pixels) of a continuous voxel index on this view's plane.
    QPointF widgetPositionOfIndex(const Vec3& continuousIndex) const;

    // --- label overlay ----------------------------------------------------------------------
    /// The label map drawn over the image (nullptr: none); its grid must match the volume's.
    void setLabelMap(const LabelMap* labels);
    /// The label map's voxels changed in place, anywhere (the labelled extent is reset).
    void labelsModified();
    /// Only voxels inside `changed` changed: the shown slice is uploaded again (and the view
    /// repainted) only when it cuts the box; another slice is read afresh when it is shown.
    void labelsModified(const VoxelBox& changed);
    /// Every non-zero voxel of the label map and of the comparison lies inside `box` (a
    /// superset will do): those layers are drawn there only, so that a label edit re-makes a
    /// texture of the box's size rather than of the whole slice. labelsModified(box) grows it;
    /// setLabelMap() resets it to the whole grid.
    void setLabelledExtent(const VoxelBox& box);
    /// Colours of classes 1..n (RGB 0..1); classes beyond take the default palette.
    void setClassColours(const std::vector<Rgb>& classColours);
    void setLabelsVisible(bool visible);
    bool labelsVisible() const;
    void setLabelOpacity(double opacity);

    // --- comparison overlay (pseudo-label against its corrected version) ---------------------
    /// LabelChange codes (compareLabelMaps), one per voxel of the image's grid, wrapped, not
    /// copied: they must outlive the view or be replaced first. Several views can share them.
    void setComparison(const std::vector<uint8_t>* changeCodes);
    /// The shared codes changed inside `changed` only (an edit): the shown slice is uploaded
    /// again only when it cuts the box.
    void comparisonModified(const VoxelBox& changed);
    void clearComparison();
    void setComparisonVisible(bool visible);
    bool comparisonVisible() const;
    void setComparisonOpacity(double opacity);

    // --- uncertainty heat map ---------------------------------------------------------------
    /// A per-voxel uncertainty on the image's grid (nullptr: none), coloured over
    /// [lower, upper] (values at `lower` transparent).
    void setUncertainty(const Volume* uncertainty, double lower = 0.0, double upper = 1.0);
    void setUncertaintyVisible(bool visible);
    bool uncertaintyVisible() const;
    void setUncertaintyOpacity(double opacity);

    // --- SGRS regions -----------------------------------------------------------------------
    /// SgrsRegion codes, one per voxel of the image's grid (kept by the view). Empty: none.
    void setSgrsRegions(std::vector<uint8_t> regionCodes);
    void setSgrsRegionsVisible(bool visible);
    bool sgrsRegionsVisible() const;
    void setSgrsRegionsOpacity(double opacity);

  private:
    bool matchesVolumeGrid(const ImageGeometry& geometry) const;
    void updateSlice();
    void applyCamera();
    void rebuildClassTable();
    void applyLabelledExtent();
    /// `layer` (labels or comparison) changed inside `changedBox`: grows the labelled extent,
    /// and uploads the shown slice again when the box cuts it.
    void sparseLayerModified(SliceLayer& layer, const VoxelBox& changedBox);
    void changed();

    RenderHost& host_;
    SliceOrientation orientation_;
    SliceFrame frame_;
    SliceCamera camera_;
    const Volume* volume_ = nullptr;
    const LabelMap* labels_ = nullptr;
    int sliceIndex_ = 0;
    WindowLevel windowLevel_;
    std::vector<Rgb> classColours_;
    const std::vector<uint8_t>* comparisonCodes_ = nullptr;  ///< not owned
    std::optional<VoxelBox> labelledExtent_;                 ///< nullopt: the whole grid
    std::vector<uint8_t> regionCodes_;
    bool crosshairVisible_ = false;
    Vec3 crosshairIndex_{};

    vtkSmartPointer<vtkImageStack> stack_;
    std::unique_ptr<SliceLayer> imageLayer_;
    std::unique_ptr<SliceLayer> uncertaintyLayer_;
    std::unique_ptr<SliceLayer> regionLayer_;
    std::unique_ptr<SliceLayer> labelLayer_;
    std::unique_ptr<SliceLayer> comparisonLayer_;
    std::unique_ptr<SliceCrosshair> crosshair_;
};

}  // namespace segloop::render
