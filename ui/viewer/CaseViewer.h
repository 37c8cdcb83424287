#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"
#include "render/OverlayColours.h"
#include "render/OverlayContent.h"
#include "render/SliceView.h"
#include "render/SurfaceMesh.h"
#include "render/WindowLevel.h"
#include "ui/editing/ToolSettings.h"
#include "ui/viewer/CursorInfo.h"
#include "ui/viewer/WindowLevelDrag.h"

namespace segloop::render {
class RenderViewWidget;
class SurfaceView;
}  // namespace segloop::render

namespace segloop::ui {

class CaseDocument;
class EditUndo;
class SliceInteractor;

/// The central case viewer: three linked orthogonal slice views (axial, coronal, sagittal) and a
/// 3D surface view of the labels, in a 2x2 grid. Shows one CaseDocument (not owned; set it to
/// nullptr before the document goes away), links the crosshair and slices across the views,
/// applies the correction tools through the document's EditSession (which records each finished
/// edit in its history) and tells the window's EditUndo. Fills the ImGui HUD of each view.
/// GUI thread only.
class CaseViewer : public QWidget {
    Q_OBJECT

  public:
    explicit CaseViewer(QWidget* parent = nullptr);
    ~CaseViewer() override;

    void setEditUndo(EditUndo* undo) { editUndo_ = undo; }
    /// Shows `document` (nullptr: nothing) with the label set's class names and colours.
    void setDocument(CaseDocument* document, const std::vector<std::string>& classNames,
                     const std::vector<render::Rgb>& classColours);
    CaseDocument* document() const { return document_; }

    const ToolSettings& tools() const { return tools_; }
    void setTools(const ToolSettings& tools);
    void setOverlays(const OverlaySettings& overlays);
    const OverlaySettings& overlays() const { return overlays_; }
    /// Shows `windowLevel` in the three slice views and emits windowLevelChanged when it differs.
    void setWindowLevel(const render::WindowLevel& windowLevel);
    /// The window/level the slice views share.
    const render::WindowLevel& windowLevel() const { return windowLevel_; }
    /// The open image's lowest and highest value (of a sample, computed once per case): what
    /// a window/level drag is scaled by. 0..1 without a case.
    IntensityRange intensityRange();
    /// Presets fitting the case: CT presets for modality CT, else MR percentile presets.
    std::vector<render::WindowLevelPreset> windowLevelPresets() const;
    void setPredictedQuality(bool known, double quality);
    /// The open case's SGRS region map (codes 0-3 on the image grid, e.g. loadSavedRegions());
    /// nullopt or a map on another grid: none. Cleared by setDocument().
    void setSgrsRegions(const std::optional<LabelMap>& regions);
    bool hasSgrsRegions() const { return hasRegions_; }
    void setTrainingMonitor(const render::TrainingMonitorContent& monitor);

    render::SliceView& sliceView(int index) { return *slices_[size_t(index)]; }
    render::RenderViewWidget& sliceWidget(int index) { return *sliceHosts_[size_t(index)]; }
    render::RenderViewWidget& surfaceWidget() { return *surfaceHost_; }
    render::SurfaceView& surfaceView() { return *surface_; }
    const CursorInfo& cursor() const { return cursor_; }

    // --- called by the slice interactors --------------------------------------------------
    void moveCrosshairTo(const Vec3& continuousIndex);
    void scrollSlices(render::SliceView& slice, int steps);
    /// The pointer is over `slice` at `pick` (an empty pick: it left). The HUD moves to that
    /// view: one view shows it (the others would only repeat it, and redraw for every move).
    void showCursor(const render::SliceView& slice, const render::SlicePick& pick);
    /// The slice view (0 axial, 1 coronal, 2 sagittal) that shows the HUD.
    int hudViewIndex() const { return hudView_; }
    void beginEdit(render::SliceView& slice, const render::SlicePick& pick);
    void continueEdit(const render::SlicePick& pick);
    void finishEdit();

    /// Voxels of the shown labels changed (an edit, undo or redo): redraw.
    void labelsChanged(const VoxelBox& box);

  Q_SIGNALS:
    void cursorMoved(const segloop::ui::CursorInfo& cursor);
    /// An edit was pushed on the undo stack (the case is now modified).
    void edited();
    /// The shared window/level changed (a drag, a preset, typed values, a case opened).
    void windowLevelChanged(const segloop::render::WindowLevel& windowLevel);

  private:
    void updateHud();
    void applyOverlays();
    void showComparison();
    /// Builds the 3D surface now, on the GUI thread (opening a case).
    void rebuildSurface();
    /// Builds the 3D surface of a copy of the labels on surfaceThreads_ (after edits); the
    /// result is shown by showBuiltSurface unless the case changed meanwhile.
    void rebuildSurfaceInBackground();
    void showBuiltSurface(const render::SurfaceMesh& mesh, uint64_t generation);

    std::array<render::RenderViewWidget*, 3> sliceHosts_{};
    std::array<std::unique_ptr<render::SliceView>, 3> slices_;
    std::array<std::unique_ptr<SliceInteractor>, 3> interactors_;
    render::RenderViewWidget* surfaceHost_ = nullptr;
    std::unique_ptr<render::SurfaceView> surface_;
    QTimer surfaceRebuild_;
    QThreadPool surfaceThreads_;      ///< one surface build at a time, off the GUI thread
    uint64_t surfaceGeneration_ = 0;  ///< bumped by every build and case change
    bool surfaceBuilding_ = false;
    bool surfaceRebuildPending_ = false;  ///< labels changed while a build ran
    /// LabelChange codes of the pseudo-label against the edited labels, shared by the slice
    /// views; empty until the comparison overlay is first shown for the case.
    std::vector<uint8_t> comparisonCodes_;
    /// Holds every labelled voxel of the labels and the pseudo-label (grown by the edits since
    /// the case opened): the slice views draw labels there only, the surface is built from it.
    VoxelBox labelledBox_;

    CaseDocument* document_ = nullptr;
    EditUndo* editUndo_ = nullptr;
    std::vector<std::string> classNames_;
    std::vector<render::Rgb> classColours_;
    ToolSettings tools_;
    OverlaySettings overlays_;
    CursorInfo cursor_;
    render::WindowLevel windowLevel_;
    std::optional<IntensityRange> intensityRange_;  ///< of the open case; nullopt: not yet known
    Vec3 crosshair_{};
    bool editing_ = false;
    int hudView_ = 0;  ///< the slice view last under the pointer shows the HUD
    bool hasQuality_ = false;
    bool hasRegions_ = false;
    double quality_ = 0.0;
};

}  // namespace segloop::ui
