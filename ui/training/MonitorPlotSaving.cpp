#include "ui/training/MonitorPlotSaving.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QWidget>

#include "report/ChartImage.h"
#include "report/ReportCharts.h"
#include "ui/training/TrainingController.h"

namespace segloop::ui {

bool saveMonitorPng(const render::TrainingMonitorContent& monitor, const QString& path,
                    QString* error) {
    if (monitor.loss.empty()) {
        if (error)
            *error = QObject::tr("There is no training curve yet.");
        return false;
    }
    try {
        report::ChartRenderer renderer;
        const report::PngImage image =
            renderer.stackedPng(report::monitorCharts(monitor.loss, monitor.validationDice));
        report::writePngFile(image, path.toStdString());
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromStdString(failure.what());
        return false;
    }
    return true;
}

QAction* addSaveMonitorPngAction(QWidget& panel, const TrainingController& controller) {
    auto* action = new QAction(QObject::tr("Save plots as PNG..."), &panel);
    action->setObjectName("saveMonitorPngAction");
    action->setToolTip(QObject::tr("Save the training monitor's loss and validation curves"));
    action->setEnabled(!controller.monitor().loss.empty());
    QObject::connect(
        &controller, &TrainingController::monitorChanged, action,
        [action, &controller] { action->setEnabled(!controller.monitor().loss.empty()); });
    QObject::connect(action, &QAction::triggered, &panel, [&panel, &controller] {
        QString path =
            QFileDialog::getSaveFileName(&panel, QObject::tr("Save plots as PNG"),
                                         "training-curves.png", QObject::tr("PNG images (*.png)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += ".png";
        QString error;
        if (!saveMonitorPng(controller.monitor(), path, &error))
            QMessageBox::warning(&panel, QObject::tr("Save plots as PNG"), error);
    });
    panel.setContextMenuPolicy(Qt::ActionsContextMenu);
    panel.addAction(action);
    return action;
}

}  // namespace segloop::ui
