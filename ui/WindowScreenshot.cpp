#include "ui/WindowScreenshot.h"

#include <algorithm>

#include <QPainter>
#include <QWidget>

#include "ui/viewer/RenderViewWidget.h"

namespace segloop::ui {

QImage grabWindowWithRenderViews(QWidget& window) {
    QImage image = window.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const double scale = image.width() / double(std::max(1, window.width()));
    QPainter painter(&image);
    for (render::RenderViewWidget* view : window.findChildren<render::RenderViewWidget*>()) {
        if (!view->isVisibleTo(&window))
            continue;
        const QImage frame = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        const QPoint topLeft = view->mapTo(&window, QPoint(0, 0));
        painter.drawImage(QRectF(topLeft.x() * scale, topLeft.y() * scale, view->width() * scale,
                                 view->height() * scale),
                          frame);
    }
    return image;
}

}  // namespace segloop::ui
