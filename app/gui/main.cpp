// `segloop [PROJECT_FOLDER]`: the desktop application. Opens the project folder given, else the
// most recent project, else an empty window (File > New / Open).
#include <cstdio>
#include <cstring>

#include <QApplication>
#include <QFile>
#include <QSettings>
#include <QSurfaceFormat>
#include <QTimer>

#include "core/io/PrivateFiles.h"
#include "ui/MainWindow.h"
#include "ui/WindowScreenshot.h"
#include "ui/viewer/RenderViewWidget.h"

namespace {

void printUsage() {
    std::printf(
        "usage: segloop [--screenshot PNG] [PROJECT_FOLDER]\n\n"
        "The SegLoop desktop application. Opens PROJECT_FOLDER (a folder made by\n"
        "`segloop-cli init` or File > New project), else the most recent project.\n"
        "--screenshot PNG: save a picture of the window once drawn, then quit.\n");
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            printUsage();
            return 0;
        }
    }
    segloop::PrivateFiles::restrictNewFilesToOwner();  // patient data: owner-only files
    QSurfaceFormat::setDefaultFormat(segloop::render::RenderViewWidget::requiredSurfaceFormat());
    QApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication application(argc, argv);
    QApplication::setApplicationName("SegLoop");
    QApplication::setOrganizationName("SegLoop");
    QApplication::setApplicationVersion(SEGLOOP_VERSION);

    QStringList arguments = QApplication::arguments();
    QString screenshot;
    const int screenshotOption = int(arguments.indexOf("--screenshot"));
    if (screenshotOption > 0 && screenshotOption + 1 < arguments.size()) {
        screenshot = arguments[screenshotOption + 1];
        arguments.remove(screenshotOption, 2);
    }
    if (arguments.size() > 2) {
        printUsage();
        return 2;
    }
    segloop::ui::MainWindow window;
    window.show();
    QString folder = arguments.size() == 2 ? arguments[1] : QString();
    if (folder.isEmpty()) {
        const QStringList recent =
            QSettings("SegLoop", "SegLoop").value("recentProjects").toStringList();
        if (!recent.isEmpty() && QFile::exists(recent.front() + "/project.segloop"))
            folder = recent.front();
    }
    if (!folder.isEmpty() && !window.openProject(folder) && arguments.size() == 2) {
        std::fprintf(stderr, "segloop: %s\n", window.lastError().toUtf8().constData());
    }
    if (!screenshot.isEmpty()) {
        QTimer::singleShot(2000, &window, [&window, screenshot] {
            if (!segloop::ui::grabWindowWithRenderViews(window).save(screenshot)) {
                std::fprintf(stderr, "segloop: cannot write %s\n", screenshot.toUtf8().constData());
            }
            window.close();
        });
    }
    return QApplication::exec();
}
