#pragma once

#include <string>
#include <vector>

#include <QWidget>

#include "render/WindowLevel.h"
#include "ui/editing/ToolSettings.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSlider;

namespace segloop::ui {

/// The correction tools and display controls beside the viewer: tool (navigate, brush, eraser,
/// flood fill), brush size and 2D/3D, active class, fill tolerance, overlay toggles with opacity
/// sliders, window/level presets and typed window width and centre. Emits the whole settings
/// value on every change. GUI thread only.
class ToolPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ToolPanel(QWidget* parent = nullptr);

    const ToolSettings& tools() const { return tools_; }
    const OverlaySettings& overlays() const { return overlays_; }

    void setClassNames(const std::vector<std::string>& names);
    void setTool(EditTool tool);
    /// Multiplies the brush radius by `factor` (the [ and ] keys), within 0.5..50 mm.
    void scaleBrush(double factor);
    /// 1-based class; ignored when the label set has no such class.
    void setActiveClass(int labelClass);
    void setWindowLevelPresets(const std::vector<render::WindowLevelPreset>& presets);
    /// Shows the viewer's window/level in the width and centre boxes, and in the presets box
    /// when it is one of them (none chosen otherwise); emits nothing.
    void showWindowLevel(const render::WindowLevel& windowLevel);
    /// Enables the overlays the open case has data for (`regions`: an SGRS region map).
    void setOverlayAvailability(bool comparison, bool uncertainty, bool regions = false);
    void setOverlays(const OverlaySettings& overlays);

  Q_SIGNALS:
    void toolsChanged(const segloop::ui::ToolSettings& tools);
    void overlaysChanged(const segloop::ui::OverlaySettings& overlays);
    /// A preset was chosen, or a width or centre typed (applied on Enter, focus out or a step).
    void windowLevelChosen(const segloop::render::WindowLevel& windowLevel);

  private:
    QWidget* makeToolBox();
    QWidget* makeOverlayBox();
    /// The window/level presets box and, under it, the window width and centre boxes.
    void addWindowLevelRows(QFormLayout& form, QWidget* parent);
    QSlider* makeOpacitySlider(const char* name, double* target);
    QCheckBox* makeOverlayCheck(const QString& text, const char* name, bool* target);
    void readTools();
    void emitOverlays();

    ToolSettings tools_;
    OverlaySettings overlays_;
    std::vector<render::WindowLevelPreset> presets_;
    QButtonGroup* toolButtons_ = nullptr;
    QDoubleSpinBox* brushRadius_ = nullptr;
    QCheckBox* brushSphere_ = nullptr;
    QComboBox* activeClass_ = nullptr;
    QDoubleSpinBox* fillTolerance_ = nullptr;
    QCheckBox* fill3D_ = nullptr;
    QComboBox* windowLevel_ = nullptr;
    QDoubleSpinBox* windowWidth_ = nullptr;
    QDoubleSpinBox* windowCentre_ = nullptr;
    QCheckBox* comparison_ = nullptr;
    QCheckBox* uncertainty_ = nullptr;
    QCheckBox* regions_ = nullptr;
    bool updating_ = false;
};

}  // namespace segloop::ui
