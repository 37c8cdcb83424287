#include "ui/viewer/CaseViewer.h"

#include <algorithm>
#include <cmath>

#include <QGridLayout>

#include "render/LabelComparison.h"
#include "render/SurfaceView.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/EditUndo.h"
#include "ui/viewer/LabelSubvolume.h"
#include "ui/viewer/RenderViewWidget.h"
#include "ui/viewer/SliceInteractor.h"

namespace segloop::ui {
namespace {

constexpr std::array<render::SliceOrientation, 3> kOrientations{render::SliceOrientation::Axial,
                                                                render::SliceOrientation::Coronal,
                                                                render::SliceOrientation::Sagittal};

/// The EditSession plane whose fixed index axis is the one the slice view holds.
SlicePlane planeOf(const render::SliceView& slice) {
    switch (slice.frame().sliceAxis) {
        case 0:
            return SlicePlane::Sagittal;
        case 1:
            return SlicePlane::Coronal;
        default:
            return SlicePlane::Axial;
    }
}

float maxValue(const Volume& volume) {
    float high = 0.0f;
    for (float value : volume.voxels)
        high = std::max(high, value);
    return high;
}

}  // namespace

CaseViewer::CaseViewer(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    const char* names[3] = {"axialView", "coronalView", "sagittalView"};
    for (size_t n = 0; n < 3; ++n) {
        sliceHosts_[n] = new render::RenderViewWidget(this);
        sliceHosts_[n]->setObjectName(names[n]);
        sliceHosts_[n]->setMinimumSize(160, 160);
        slices_[n] = std::make_unique<render::SliceView>(*sliceHosts_[n], kOrientations[n]);
        interactors_[n] = std::make_unique<SliceInteractor>(*this, *slices_[n]);
        sliceHosts_[n]->setInputListener(interactors_[n].get());
    }
    surfaceHost_ = new render::RenderViewWidget(this);
    surfaceHost_->setObjectName("surfaceView");
    surfaceHost_->setMinimumSize(160, 160);
    surface_ = std::make_unique<render::SurfaceView>(*surfaceHost_);
    surface_->installAsInputListener();
    grid->addWidget(sliceHosts_[0], 0, 0);
    grid->addWidget(surfaceHost_, 0, 1);
    grid->addWidget(sliceHosts_[1], 1, 0);
    grid->addWidget(sliceHosts_[2], 1, 1);
    surfaceRebuild_.setSingleShot(true);
    surfaceRebuild_.setInterval(400);
    connect(&surfaceRebuild_, &QTimer::timeout, this, &CaseViewer::rebuildSurfaceInBackground);
    surfaceThreads_.setMaxThreadCount(1);
}

CaseViewer::~CaseViewer() {
    surfaceThreads_.waitForDone();
    for (auto& slice : slices_) {
        slice->setLabelMap(nullptr);
        slice->setUncertainty(nullptr);
        slice->setVolume(nullptr);
    }
}

void CaseViewer::setDocument(CaseDocument* document, const std::vector<std::string>& classNames,
                             const std::vector<render::Rgb>& classColours) {
    if (editing_ && document_ != nullptr)
        finishEdit();
    document_ = document;
    classNames_ = classNames;
    classColours_ = classColours;
    hasRegions_ = false;
    intensityRange_.reset();
    for (auto& slice : slices_) {
        slice->setLabelMap(nullptr);
        slice->setUncertainty(nullptr);
        slice->setSgrsRegions({});
        slice->clearComparison();
        slice->setVolume(document ? &document->image() : nullptr);
        if (!document)
            continue;
        slice->setClassColours(classColours_);
        slice->setLabelMap(&document->labels());
        if (const Volume* uncertainty = document->uncertainty()) {
            slice->setUncertainty(uncertainty, 0.0, std::max(1e-6f, maxValue(*uncertainty)));
        }
    }
    comparisonCodes_.clear();  // computed when the overlay is first shown (applyOverlays)
    surfaceRebuild_.stop();
    ++surfaceGeneration_;  // a surface still being built is of the previous case
    surfaceRebuildPending_ = false;
    labelledBox_ = document ? labelledBoxOf(document->labels()) : VoxelBox{};
    if (!document) {
        surface_->clear();
        surfaceHost_->requestRender();
        updateHud();
        return;
    }
    if (document->pseudoLabel())
        labelledBox_.include(labelledBoxOf(*document->pseudoLabel()));  // what a comparison shows
    for (auto& slice : slices_)
        slice->setLabelledExtent(labelledBox_);
    const auto presets = windowLevelPresets();
    if (!presets.empty())
        setWindowLevel(presets.front().windowLevel);
    const auto& size = document->image().geometry.size;
    moveCrosshairTo({double(size[0] / 2), double(size[1] / 2), double(size[2] / 2)});
    applyOverlays();
    rebuildSurface();
    surface_->resetCamera();
    updateHud();
}

void CaseViewer::setTools(const ToolSettings& tools) {
    tools_ = tools;
    updateHud();
}

void CaseViewer::setSgrsRegions(const std::optional<LabelMap>& regions) {
    hasRegions_ = false;
    for (auto& slice : slices_)
        slice->setSgrsRegions({});
    if (!document_ || !regions || regions->geometry.size != document_->image().geometry.size)
        return;
    const std::vector<uint8_t> codes(regions->labels.begin(), regions->labels.end());
    for (auto& slice : slices_)
        slice->setSgrsRegions(codes);
    hasRegions_ = true;
    applyOverlays();
}

void CaseViewer::setOverlays(const OverlaySettings& overlays) {
    overlays_ = overlays;
    applyOverlays();
}

void CaseViewer::applyOverlays() {
    for (auto& slice : slices_) {
        slice->setLabelsVisible(overlays_.labelsVisible);
        slice->setLabelOpacity(overlays_.labelOpacity);
        slice->setComparisonVisible(overlays_.comparisonVisible);
        slice->setComparisonOpacity(overlays_.comparisonOpacity);
        slice->setUncertaintyVisible(overlays_.uncertaintyVisible);
        slice->setUncertaintyOpacity(overlays_.uncertaintyOpacity);
        slice->setSgrsRegionsVisible(overlays_.sgrsRegionsVisible);
        slice->setSgrsRegionsOpacity(overlays_.sgrsRegionsOpacity);
        slice->setCrosshairVisible(overlays_.crosshairVisible);
    }
    if (overlays_.comparisonVisible)
        showComparison();
    updateHud();
}

void CaseViewer::showComparison() {
    if (!document_ || !document_->pseudoLabel() || !comparisonCodes_.empty())
        return;  // nothing to compare, or shown already and kept current by labelsChanged
    comparisonCodes_ = render::compareLabelMaps(*document_->pseudoLabel(), document_->labels());
    for (auto& slice : slices_)
        slice->setComparison(&comparisonCodes_);
}

void CaseViewer::setWindowLevel(const render::WindowLevel& windowLevel) {
    if (windowLevel.window == windowLevel_.window && windowLevel.level == windowLevel_.level)
        return;
    windowLevel_ = windowLevel;
    for (auto& slice : slices_)
        slice->setWindowLevel(windowLevel);
    Q_EMIT windowLevelChanged(windowLevel_);
}

IntensityRange CaseViewer::intensityRange() {
    if (!document_)
        return {};
    if (!intensityRange_) {
        const render::WindowLevel full = render::percentileWindowLevel(document_->image(), 0, 100);
        intensityRange_ = IntensityRange{full.lower(), full.upper()};
    }
    return *intensityRange_;
}

std::vector<render::WindowLevelPreset> CaseViewer::windowLevelPresets() const {
    if (!document_)
        return {};
    if (document_->record().modality == "CT")
        return render::ctWindowLevelPresets();
    return render::mrWindowLevelPresets(document_->image());
}

void CaseViewer::setPredictedQuality(bool known, double quality) {
    hasQuality_ = known;
    quality_ = quality;
    updateHud();
}

void CaseViewer::setTrainingMonitor(const render::TrainingMonitorContent& monitor) {
    surfaceHost_->overlayPanels().setTrainingMonitor(monitor);
    surfaceHost_->requestRender();
}

void CaseViewer::moveCrosshairTo(const Vec3& continuousIndex) {
    if (!document_)
        return;
    const auto& size = document_->image().geometry.size;
    for (int axis = 0; axis < 3; ++axis) {
        crosshair_[size_t(axis)] =
            std::clamp(continuousIndex[size_t(axis)], 0.0, double(size[size_t(axis)] - 1));
    }
    for (auto& slice : slices_) {
        slice->setCrosshairIndex(crosshair_);
        slice->setSliceIndex(int(std::lround(crosshair_[size_t(slice->frame().sliceAxis)])));
    }
}

void CaseViewer::scrollSlices(render::SliceView& slice, int steps) {
    if (!document_)
        return;
    slice.setSliceIndex(slice.sliceIndex() + steps);
    crosshair_[size_t(slice.frame().sliceAxis)] = slice.sliceIndex();
    for (auto& other : slices_)
        other->setCrosshairIndex(crosshair_);
}

void CaseViewer::showCursor(const render::SliceView& slice, const render::SlicePick& pick) {
    for (size_t n = 0; n < slices_.size(); ++n) {
        if (slices_[n].get() == &slice)
            hudView_ = int(n);
    }
    cursor_.inside = pick.inside;
    cursor_.worldMm = pick.worldMm;
    cursor_.voxel = pick.voxel;
    cursor_.value = pick.value;
    cursor_.label = pick.label;
    updateHud();
    Q_EMIT cursorMoved(cursor_);
}

void CaseViewer::beginEdit(render::SliceView& slice, const render::SlicePick& pick) {
    if (!document_ || tools_.tool == EditTool::Navigate)
        return;
    EditSession& session = document_->session();
    if (tools_.tool == EditTool::FloodFill) {
        if (!pick.inside)
            return;
        FloodFillSettings fill;
        fill.dimension = tools_.fillIn3D ? EditDimension::Volume3D : EditDimension::Slice2D;
        fill.plane = planeOf(slice);
        fill.fillClass = tools_.activeClass;
        fill.lowIntensity =
            tools_.fillRangeFromSeed ? pick.value - tools_.fillTolerance : tools_.fillLowIntensity;
        fill.highIntensity =
            tools_.fillRangeFromSeed ? pick.value + tools_.fillTolerance : tools_.fillHighIntensity;
        const VoxelBox box = session.floodFill(fill, pick.voxel);
        labelsChanged(box);
        if (!box.empty()) {  // the session recorded it: "Flood fill" in its history
            if (editUndo_)
                editUndo_->changed();
            Q_EMIT edited();
        }
        return;
    }
    BrushSettings brush;
    brush.dimension = tools_.brushIsSphere ? EditDimension::Volume3D : EditDimension::Slice2D;
    brush.plane = planeOf(slice);
    brush.radiusMm = tools_.brushRadiusMm;
    brush.activeClass = tools_.activeClass;
    brush.erase = tools_.tool == EditTool::Eraser;
    labelsChanged(session.beginStroke(brush, pick.continuousIndex));
    editing_ = true;
}

void CaseViewer::continueEdit(const render::SlicePick& pick) {
    if (!editing_ || !document_)
        return;
    labelsChanged(document_->session().addStrokePoint(pick.continuousIndex));
}

void CaseViewer::finishEdit() {
    if (!editing_ || !document_)
        return;
    editing_ = false;
    EditSession& session = document_->session();
    const VoxelBox box = session.endStroke();  // recorded in the session's history
    if (box.empty())
        return;
    if (editUndo_)
        editUndo_->changed();
    Q_EMIT edited();
}

void CaseViewer::labelsChanged(const VoxelBox& box) {
    if (box.empty() || !document_)
        return;
    labelledBox_.include(box);  // grows only: erased voxels leave it as large (a superset)
    for (auto& slice : slices_)
        slice->labelsModified(box);
    if (!comparisonCodes_.empty()) {  // one comparison shared by the views, updated in the box
        render::updateLabelComparison(comparisonCodes_, *document_->pseudoLabel(),
                                      document_->labels(), box);
        for (auto& slice : slices_)
            slice->comparisonModified(box);
    }
    surfaceRebuild_.start();
}

void CaseViewer::rebuildSurface() {
    if (!document_)
        return;
    ++surfaceGeneration_;  // a build still running is for older labels: drop its result
    surfaceRebuildPending_ = false;
    surface_->setLabelMap(document_->labels(), classColours_);
    surfaceHost_->requestRender();
}

void CaseViewer::rebuildSurfaceInBackground() {
    if (!document_)
        return;
    if (surfaceBuilding_) {
        surfaceRebuildPending_ = true;
        return;
    }
    if (labelledBox_.empty()) {
        surface_->clear();
        return;
    }
    // The worker reads a copy (the brush keeps changing the document's labels meanwhile) of
    // the labelled part only: copying a whole 512x512x300 map took 0.7 s on the GUI thread.
    auto labels =
        std::make_shared<const LabelMap>(copyLabelsInBox(document_->labels(), labelledBox_));
    const int smoothing = surface_->smoothingIterations();
    const uint64_t generation = ++surfaceGeneration_;
    surfaceBuilding_ = true;
    surfaceThreads_.start([this, labels, smoothing, generation] {
        auto mesh =
            std::make_shared<render::SurfaceMesh>(render::buildSurfaceMesh(*labels, smoothing));
        // Queued to the GUI thread; dropped if the viewer is gone (it waits for this thread).
        QMetaObject::invokeMethod(
            this, [this, mesh, generation] { showBuiltSurface(*mesh, generation); },
            Qt::QueuedConnection);
    });
}

void CaseViewer::showBuiltSurface(const render::SurfaceMesh& mesh, uint64_t generation) {
    surfaceBuilding_ = false;
    if (generation == surfaceGeneration_ && document_) {
        surface_->setMesh(mesh, classColours_);
        surfaceHost_->requestRender();
    }
    if (surfaceRebuildPending_) {
        surfaceRebuildPending_ = false;
        rebuildSurfaceInBackground();
    }
}

void CaseViewer::updateHud() {
    render::HudContent hud;
    hud.visible = document_ != nullptr;
    hud.cursorInside = cursor_.inside;
    hud.cursorMm = cursor_.worldMm;
    hud.cursorVoxel = {cursor_.voxel[0], cursor_.voxel[1], cursor_.voxel[2]};
    hud.voxelValue = cursor_.value;
    hud.activeClass = tools_.activeClass;
    const size_t classIndex = size_t(tools_.activeClass) - 1;
    hud.activeClassName = classIndex < classNames_.size()
                              ? classNames_[classIndex]
                              : "class " + std::to_string(tools_.activeClass);
    hud.brushRadiusMm = tools_.brushRadiusMm;
    hud.hasPredictedQuality = hasQuality_;
    hud.predictedQuality = quality_;
    if (overlays_.comparisonVisible)
        hud.legend = render::labelChangeLegend();
    const render::HudContent hidden;
    for (size_t n = 0; n < sliceHosts_.size(); ++n) {
        const render::HudContent& shown = int(n) == hudView_ ? hud : hidden;
        render::RenderViewWidget* host = sliceHosts_[n];
        if (host->overlayPanels().hud() == shown)
            continue;  // e.g. a mouse release where the last move was: nothing to redraw
        host->overlayPanels().setHud(shown);
        host->requestRender();
    }
}

}  // namespace segloop::ui
