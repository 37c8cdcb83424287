#include "render/RenderSurfaceWindow.h"

#include <QCoreApplication>
#include <QEvent>

#include "render/RenderViewWidget.h"

namespace segloop::render {

RenderSurfaceWindow::RenderSurfaceWindow(RenderViewWidget& owner)
    : QOpenGLWindow(QOpenGLWindow::NoPartialUpdate), owner_(owner) {}

void RenderSurfaceWindow::paintSoon() {
    update();  // marks the window dirty; the update request below paints it
    if (updatePosted_) return;
    updatePosted_ = true;
    QCoreApplication::postEvent(this, new QEvent(QEvent::UpdateRequest));
}

void RenderSurfaceWindow::initializeGL() { owner_.initializeSurface(); }

void RenderSurfaceWindow::resizeGL(int, int) { owner_.resizeSurface(); }

void RenderSurfaceWindow::paintGL() { owner_.paintSurface(); }

bool RenderSurfaceWindow::event(QEvent* event) {
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::Leave:
    case QEvent::Enter:
        // The window fills its widget: positions are the same in both. The widget handles the
        // input (as it does the events tests send it directly); unhandled keys go on to its
        // parents as for any widget.
        QCoreApplication::sendEvent(&owner_, event);
        return true;
    case QEvent::UpdateRequest:
        updatePosted_ = false;  // Qt's own timed request, coming later, finds nothing dirty
        return QOpenGLWindow::event(event);
    default:
        return QOpenGLWindow::event(event);
    }
}

}  // namespace segloop::render
