#include "ui/viewer/RenderSurfaceWindow.h"

#include <QCoreApplication>
#include <QEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>

#include "ui/viewer/RenderViewWidget.h"

namespace segloop::render {

RenderSurfaceWindow::RenderSurfaceWindow(RenderViewWidget& owner)
    : QOpenGLWindow(QOpenGLWindow::NoPartialUpdate), owner_(owner) {}

namespace {
const QEvent::Type kPaintNowEvent = static_cast<QEvent::Type>(QEvent::registerEventType());
}

void RenderSurfaceWindow::paintSoon() {
    if (!isValid()) {  // no context until Qt's first frame: let Qt paint that one
        update();
        return;
    }
    if (paintPosted_)
        return;
    paintPosted_ = true;
    QCoreApplication::postEvent(this, new QEvent(kPaintNowEvent));
}

void RenderSurfaceWindow::paintNow() {
    paintPosted_ = false;
    if (!isValid() || !isExposed()) {
        update();  // Qt paints it when the window is shown again
        return;
    }
    makeCurrent();
    context()->functions()->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
    owner_.paintSurface();
    context()->swapBuffers(this);
    Q_EMIT frameSwapped();
}

void RenderSurfaceWindow::initializeGL() {
    owner_.initializeSurface();
}

void RenderSurfaceWindow::resizeGL(int, int) {
    owner_.resizeSurface();
}

void RenderSurfaceWindow::paintGL() {
    owner_.paintSurface();
}

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
        default:
            if (event->type() == kPaintNowEvent) {
                paintNow();
                return true;
            }
            return QOpenGLWindow::event(event);
    }
}

}  // namespace segloop::render
