#pragma once

#include <QString>

#include "render/OverlayContent.h"

class QAction;
class QWidget;

namespace segloop::ui {

class TrainingController;

/// Adds "Save plots as PNG..." (objectName "saveMonitorPngAction") to the context menu of
/// `panel` (the training panel): it asks for a file name and writes the controller's live
/// curves there (saveMonitorPng). Enabled while the monitor has a loss curve. The action
/// belongs to `panel`; `controller` must outlive it. GUI thread only.
QAction* addSaveMonitorPngAction(QWidget& panel, const TrainingController& controller);

/// Writes the training monitor's curves (the loss of each logged step; each validation's mean
/// Dice, when there is one, below it) to `path` as one PNG, drawn by the project report's
/// chart code (report::ChartRenderer, off screen). Returns false with `error` set when there
/// is no curve yet or the image cannot be drawn or written. GUI thread only (VTK).
bool saveMonitorPng(const render::TrainingMonitorContent& monitor, const QString& path,
                    QString* error = nullptr);

}  // namespace segloop::ui
