#include "ui/editing/ToolPanel.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

namespace segloop::ui {

ToolPanel::ToolPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(makeToolBox());
    layout->addWidget(makeOverlayBox());
    layout->addStretch(1);
}

QWidget* ToolPanel::makeToolBox() {
    auto* box = new QGroupBox(tr("Correction tools"), this);
    auto* buttons = new QHBoxLayout();
    toolButtons_ = new QButtonGroup(this);
    const struct {
        EditTool tool;
        const char* text;
        const char* name;
        const char* tip;
    } tools[] = {
        {EditTool::Navigate, "Navigate", "toolNavigate", "Crosshair and navigation (N)"},
        {EditTool::Brush, "Brush", "toolBrush", "Paint the active class (B)"},
        {EditTool::Eraser, "Eraser", "toolEraser", "Erase to background (E)"},
        {EditTool::FloodFill, "Fill", "toolFill", "Flood fill within an intensity range (F)"}};
    for (const auto& tool : tools) {
        auto* button = new QToolButton(box);
        button->setText(tr(tool.text));
        button->setObjectName(tool.name);
        button->setToolTip(tr(tool.tip));
        button->setCheckable(true);
        toolButtons_->addButton(button, int(tool.tool));
        buttons->addWidget(button);
    }
    toolButtons_->button(int(tools_.tool))->setChecked(true);
    brushRadius_ = new QDoubleSpinBox(box);
    brushRadius_->setObjectName("brushRadius");
    brushRadius_->setRange(0.5, 50.0);
    brushRadius_->setSingleStep(0.5);
    brushRadius_->setSuffix(" mm");
    brushRadius_->setValue(tools_.brushRadiusMm);
    brushSphere_ = new QCheckBox(tr("3D sphere"), box);
    brushSphere_->setObjectName("brushSphere");
    activeClass_ = new QComboBox(box);
    activeClass_->setObjectName("activeClass");
    fillTolerance_ = new QDoubleSpinBox(box);
    fillTolerance_->setObjectName("fillTolerance");
    fillTolerance_->setRange(0.0, 100000.0);
    fillTolerance_->setValue(tools_.fillTolerance);
    fillTolerance_->setPrefix(QString::fromUtf8("\u00b1 "));
    fillTolerance_->setToolTip(
        tr("Fill takes connected voxels within this range of the seed's value"));
    fill3D_ = new QCheckBox(tr("fill in 3D"), box);
    fill3D_->setObjectName("fill3D");

    auto* form = new QFormLayout(box);
    form->addRow(buttons);
    form->addRow(tr("Class"), activeClass_);
    form->addRow(tr("Brush radius"), brushRadius_);
    form->addRow(QString(), brushSphere_);
    form->addRow(tr("Fill range"), fillTolerance_);
    form->addRow(QString(), fill3D_);
    addWindowLevelRows(*form, box);

    connect(toolButtons_, &QButtonGroup::idClicked, this, [this] { readTools(); });
    connect(brushRadius_, &QDoubleSpinBox::valueChanged, this, [this] { readTools(); });
    connect(brushSphere_, &QCheckBox::toggled, this, [this] { readTools(); });
    connect(activeClass_, &QComboBox::currentIndexChanged, this, [this] { readTools(); });
    connect(fillTolerance_, &QDoubleSpinBox::valueChanged, this, [this] { readTools(); });
    connect(fill3D_, &QCheckBox::toggled, this, [this] { readTools(); });
    return box;
}

void ToolPanel::addWindowLevelRows(QFormLayout& form, QWidget* parent) {
    windowLevel_ = new QComboBox(parent);
    windowLevel_->setObjectName("windowLevelPreset");
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto makeBox = [row](const char* name, const QString& prefix, const QString& tip) {
        auto* spin = new QDoubleSpinBox(row);
        spin->setObjectName(name);
        spin->setPrefix(prefix);
        spin->setToolTip(tip);
        spin->setDecimals(2);
        spin->setRange(-1e7, 1e7);
        spin->setKeyboardTracking(false);  // applied on Enter or focus out, not every digit
        // Sized for values like "W -1024.00", not for the range's extremes (the dock's width).
        spin->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(prefix + "-00000.00") + 24);
        return spin;
    };
    windowWidth_ = makeBox("windowWidth", tr("W "),
                           tr("Window width (the image's units); or drag left and right in "
                              "Navigate"));
    windowWidth_->setMinimum(0.01);
    windowCentre_ = makeBox("windowLevelCentre", tr("L "),
                            tr("Window centre, the level (the image's units); or drag up and "
                               "down in Navigate"));
    layout->addWidget(windowWidth_);
    layout->addWidget(windowCentre_);
    form.addRow(tr("Window/level"), windowLevel_);
    form.addRow(QString(), row);  // under the presets: the combo box keeps its width
    showWindowLevel(render::WindowLevel{});

    connect(windowLevel_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!updating_ && index >= 0 && size_t(index) < presets_.size()) {
            Q_EMIT windowLevelChosen(presets_[size_t(index)].windowLevel);
        }
    });
    const auto typed = [this] {
        Q_EMIT windowLevelChosen({windowWidth_->value(), windowCentre_->value()});
    };
    connect(windowWidth_, &QDoubleSpinBox::valueChanged, this, typed);
    connect(windowCentre_, &QDoubleSpinBox::valueChanged, this, typed);
}

QWidget* ToolPanel::makeOverlayBox() {
    auto* box = new QGroupBox(tr("Overlays"), this);
    auto* form = new QFormLayout(box);
    form->addRow(makeOverlayCheck(tr("Labels"), "overlayLabels", &overlays_.labelsVisible),
                 makeOpacitySlider("opacityLabels", &overlays_.labelOpacity));
    comparison_ = makeOverlayCheck(tr("Pseudo vs corrected"), "overlayComparison",
                                   &overlays_.comparisonVisible);
    form->addRow(comparison_, makeOpacitySlider("opacityComparison", &overlays_.comparisonOpacity));
    uncertainty_ =
        makeOverlayCheck(tr("Uncertainty"), "overlayUncertainty", &overlays_.uncertaintyVisible);
    form->addRow(uncertainty_,
                 makeOpacitySlider("opacityUncertainty", &overlays_.uncertaintyOpacity));
    regions_ =
        makeOverlayCheck(tr("SGRS regions"), "overlaySgrsRegions", &overlays_.sgrsRegionsVisible);
    form->addRow(regions_, makeOpacitySlider("opacitySgrsRegions", &overlays_.sgrsRegionsOpacity));
    form->addRow(
        makeOverlayCheck(tr("Crosshair"), "overlayCrosshair", &overlays_.crosshairVisible));
    setOverlayAvailability(false, false, false);
    return box;
}

QCheckBox* ToolPanel::makeOverlayCheck(const QString& text, const char* name, bool* target) {
    auto* check = new QCheckBox(text, this);
    check->setObjectName(name);
    check->setChecked(*target);
    connect(check, &QCheckBox::toggled, this, [this, target](bool on) {
        *target = on;
        emitOverlays();
    });
    return check;
}

QSlider* ToolPanel::makeOpacitySlider(const char* name, double* target) {
    auto* slider = new QSlider(Qt::Horizontal, this);
    slider->setObjectName(name);
    slider->setRange(0, 100);
    slider->setValue(int(*target * 100.0 + 0.5));
    slider->setToolTip(tr("Opacity"));
    connect(slider, &QSlider::valueChanged, this, [this, target](int value) {
        *target = value / 100.0;
        emitOverlays();
    });
    return slider;
}

void ToolPanel::setClassNames(const std::vector<std::string>& names) {
    updating_ = true;
    activeClass_->clear();
    for (size_t n = 0; n < names.size(); ++n) {
        activeClass_->addItem(QString("%1  %2").arg(n + 1).arg(QString::fromStdString(names[n])));
    }
    updating_ = false;
    readTools();
}

void ToolPanel::setTool(EditTool tool) {
    toolButtons_->button(int(tool))->setChecked(true);
    readTools();
}

void ToolPanel::scaleBrush(double factor) {
    brushRadius_->setValue(std::clamp(brushRadius_->value() * factor, 0.5, 50.0));
}

void ToolPanel::setActiveClass(int labelClass) {
    if (labelClass >= 1 && labelClass <= activeClass_->count()) {
        activeClass_->setCurrentIndex(labelClass - 1);
    }
}

void ToolPanel::setWindowLevelPresets(const std::vector<render::WindowLevelPreset>& presets) {
    updating_ = true;
    presets_ = presets;
    windowLevel_->clear();
    for (const auto& preset : presets)
        windowLevel_->addItem(QString::fromStdString(preset.name));
    updating_ = false;
}

void ToolPanel::showWindowLevel(const render::WindowLevel& windowLevel) {
    const QSignalBlocker blockWidth(windowWidth_);
    const QSignalBlocker blockCentre(windowCentre_);
    const QSignalBlocker blockPresets(windowLevel_);
    windowWidth_->setValue(windowLevel.window);
    windowCentre_->setValue(windowLevel.level);
    const auto isShown = [&](const render::WindowLevelPreset& preset) {
        const double tolerance = 1e-6 * std::max(1.0, std::abs(windowLevel.window));
        return std::abs(preset.windowLevel.window - windowLevel.window) <= tolerance &&
               std::abs(preset.windowLevel.level - windowLevel.level) <= tolerance;
    };
    const auto preset = std::find_if(presets_.begin(), presets_.end(), isShown);
    // No preset shown: none chosen, so that choosing the last one again applies it.
    windowLevel_->setCurrentIndex(preset == presets_.end() ? -1 : int(preset - presets_.begin()));
}

void ToolPanel::setOverlayAvailability(bool comparison, bool uncertainty, bool regions) {
    regions_->setEnabled(regions);
    regions_->setToolTip(regions ? tr("Green: the model's two views agree; red: they differ; "
                                      "yellow: uncertain (background probability near 0.5)")
                                 : tr("This case has no SGRS region map (run Predict)"));
    comparison_->setEnabled(comparison);
    comparison_->setToolTip(comparison ? QString() : tr("This case has no pseudo-label"));
    uncertainty_->setEnabled(uncertainty);
    uncertainty_->setToolTip(uncertainty ? QString() : tr("This case has no uncertainty map"));
}

void ToolPanel::setOverlays(const OverlaySettings& overlays) {
    overlays_ = overlays;
    const std::pair<const char*, bool> checks[] = {
        {"overlayLabels", overlays.labelsVisible},
        {"overlayComparison", overlays.comparisonVisible},
        {"overlayUncertainty", overlays.uncertaintyVisible},
        {"overlaySgrsRegions", overlays.sgrsRegionsVisible},
        {"overlayCrosshair", overlays.crosshairVisible}};
    for (const auto& [name, on] : checks) {
        auto* check = findChild<QCheckBox*>(name);
        const QSignalBlocker blocker(check);
        check->setChecked(on);
    }
    const std::pair<const char*, double> opacities[] = {
        {"opacityLabels", overlays.labelOpacity},
        {"opacityComparison", overlays.comparisonOpacity},
        {"opacityUncertainty", overlays.uncertaintyOpacity},
        {"opacitySgrsRegions", overlays.sgrsRegionsOpacity}};
    for (const auto& [name, opacity] : opacities) {
        auto* slider = findChild<QSlider*>(name);
        const QSignalBlocker blocker(slider);
        slider->setValue(int(opacity * 100.0 + 0.5));
    }
    emitOverlays();
}

void ToolPanel::readTools() {
    if (updating_)
        return;
    tools_.tool = EditTool(toolButtons_->checkedId());
    tools_.brushRadiusMm = brushRadius_->value();
    tools_.brushIsSphere = brushSphere_->isChecked();
    tools_.activeClass = uint16_t(std::max(0, activeClass_->currentIndex()) + 1);
    tools_.fillTolerance = fillTolerance_->value();
    tools_.fillRangeFromSeed = true;
    tools_.fillIn3D = fill3D_->isChecked();
    Q_EMIT toolsChanged(tools_);
}

void ToolPanel::emitOverlays() {
    Q_EMIT overlaysChanged(overlays_);
}

}  // namespace segloop::ui
