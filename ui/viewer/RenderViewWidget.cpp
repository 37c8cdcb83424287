#include "ui/viewer/RenderViewWidget.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkLight.h>
#include <vtkLightCollection.h>
#include <vtkOpenGLState.h>
#include <vtkProp.h>
#include <vtkPropCollection.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>

#include "render/RenderViewInputListener.h"
#include "ui/viewer/RenderSurfaceWindow.h"

namespace segloop::render {

RenderViewWidget::RenderViewWidget(QWidget* parent)
    : QWidget(parent),
      surface_(new RenderSurfaceWindow(*this)),
      renderWindow_(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()),
      renderer_(vtkSmartPointer<vtkRenderer>::New()) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    QWidget* container = QWidget::createWindowContainer(surface_, this);
    container->setFocusPolicy(Qt::NoFocus);  // this widget takes focus and input
    container->setMouseTracking(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(container);
    connect(surface_, &QOpenGLWindow::frameSwapped, this, &RenderViewWidget::frameSwapped);
    renderWindow_->SetOwnContext(false);
    renderWindow_->SetFrameBlitModeToBlitToCurrent();
    renderWindow_->SetReadyForRendering(false);  // until initializeGL has a context
    renderWindow_->SetMultiSamples(0);
    renderWindow_->AddRenderer(renderer_);
    renderer_->SetBackground(0.0, 0.0, 0.0);
    connectRenderWindowEvents();
}

RenderViewWidget::~RenderViewWidget() {
    releaseGraphics();
    renderWindow_->RemoveAllObservers();
}

QSurfaceFormat RenderViewWidget::requiredSurfaceFormat() {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setSwapInterval(0);
    return format;
}

vtkRenderer* RenderViewWidget::renderer() const {
    return renderer_;
}

vtkGenericOpenGLRenderWindow* RenderViewWidget::renderWindow() const {
    return renderWindow_;
}

void RenderViewWidget::requestRender() {
    surface_->paintSoon();
    Q_EMIT renderRequested();
}

QWindow* RenderViewWidget::nativeWindow() const {
    return surface_;
}

QOpenGLContext* RenderViewWidget::context() const {
    return surface_->context();
}

void RenderViewWidget::makeCurrent() {
    surface_->makeCurrent();
}

void RenderViewWidget::doneCurrent() {
    surface_->doneCurrent();
}

QImage RenderViewWidget::grabFramebuffer() {
    if (!surface_->isValid())
        return {};
    surface_->makeCurrent();
    QOpenGLFunctions* gl = surface_->context()->functions();
    gl->glBindFramebuffer(GL_FRAMEBUFFER, surface_->defaultFramebufferObject());
    paintSurface();  // into the back buffer, not presented: the next frame replaces it
    gl->glBindFramebuffer(GL_FRAMEBUFFER, surface_->defaultFramebufferObject());
    const QSize size = framebufferSize();
    QImage image(size, QImage::Format_RGBA8888);
    gl->glPixelStorei(GL_PACK_ALIGNMENT, 4);
    gl->glReadPixels(0, 0, size.width(), size.height(), GL_RGBA, GL_UNSIGNED_BYTE, image.bits());
    surface_->doneCurrent();
    return image.mirrored().convertToFormat(QImage::Format_RGB32);  // GL rows run bottom-up
}

void RenderViewWidget::setSceneDecorationDrawing(std::function<void()> draw) {
    sceneDecoration_ = std::move(draw);
    requestRender();
}

void RenderViewWidget::markSceneChanged() {
    sceneImageValid_ = false;
    requestRender();
}

void RenderViewWidget::setOverlayEnabled(bool enabled) {
    overlayEnabled_ = enabled;
    requestRender();
}

QSize RenderViewWidget::framebufferSize() const {
    const double ratio = surface_->devicePixelRatio();
    const QSize logical = surface_->size().isEmpty() ? size() : surface_->size();
    return {static_cast<int>(logical.width() * ratio + 0.5),
            static_cast<int>(logical.height() * ratio + 0.5)};
}

void RenderViewWidget::connectRenderWindowEvents() {
    // VTK asks through events whether its context is current and to make it current.
    auto isCurrent = vtkSmartPointer<vtkCallbackCommand>::New();
    isCurrent->SetClientData(this);
    isCurrent->SetCallback([](vtkObject*, unsigned long, void* clientData, void* callData) {
        auto* self = static_cast<RenderViewWidget*>(clientData);
        *static_cast<bool*>(callData) =
            self->context() != nullptr && QOpenGLContext::currentContext() == self->context();
    });
    renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, isCurrent);

    auto makeCurrentCommand = vtkSmartPointer<vtkCallbackCommand>::New();
    makeCurrentCommand->SetClientData(this);
    makeCurrentCommand->SetCallback([](vtkObject*, unsigned long, void* clientData, void*) {
        auto* self = static_cast<RenderViewWidget*>(clientData);
        // Inside paintGL the context is current with VTK's own framebuffer bound: leave it.
        if (self->context() && QOpenGLContext::currentContext() != self->context()) {
            self->makeCurrent();
        }
    });
    renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, makeCurrentCommand);
}

void RenderViewWidget::initializeSurface() {
    // The context can go before the widget (reparenting, closing): release VTK's and ImGui's GL
    // objects while it is still there. A new context calls initializeGL again.
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this,
            &RenderViewWidget::releaseGraphics, Qt::UniqueConnection);
    graphicsReleased_ = false;
    renderWindow_->SetReadyForRendering(true);
    renderWindow_->InitializeFromCurrentContext();
    const QSize size = framebufferSize();
    renderWindow_->SetSize(size.width(), size.height());
    renderWindow_->SetMapped(1);
    imgui_.initializeGl();
    sceneImageValid_ = false;
}

void RenderViewWidget::resizeSurface() {
    const QSize size = framebufferSize();
    renderWindow_->SetSize(size.width(), size.height());
    sceneImageValid_ = false;
}

void RenderViewWidget::paintSurface() {
    if (graphicsReleased_)
        return;
    QElapsedTimer timer;
    timer.start();
    const QSize size = framebufferSize();
    int* current = renderWindow_->GetSize();
    if (current[0] != size.width() || current[1] != size.height()) {
        renderWindow_->SetSize(size.width(), size.height());
    }
    if (beforeRender_)
        beforeRender_();
    Q_EMIT aboutToRender();
    renderOrReuseScene();
    if ((overlayEnabled_ || sceneDecoration_) && imgui_.glInitialized())
        drawOverlay();
    lastFrameMs_ = static_cast<double>(timer.nsecsElapsed()) * 1e-6;
}

unsigned long long RenderViewWidget::sceneModifiedTime() const {
    // VTK stamps every modification from one global counter: the newest stamp of anything the
    // renderer draws tells whether the last image is still right.
    vtkMTimeType newest = std::max(renderWindow_->GetMTime(), renderer_->GetMTime());
    newest = std::max(newest, renderer_->GetActiveCamera()->GetMTime());
    // Adding or removing a prop or light modifies only its collection, not the renderer.
    newest = std::max(newest, renderWindow_->GetRenderers()->GetMTime());
    vtkPropCollection* props = renderer_->GetViewProps();
    newest = std::max(newest, props->GetMTime());
    vtkCollectionSimpleIterator propIterator;
    props->InitTraversal(propIterator);
    while (vtkProp* prop = props->GetNextProp(propIterator)) {
        newest = std::max(newest, prop->GetRedrawMTime());
    }
    vtkLightCollection* lights = renderer_->GetLights();
    newest = std::max(newest, lights->GetMTime());
    vtkCollectionSimpleIterator lightIterator;
    lights->InitTraversal(lightIterator);
    while (vtkLight* light = lights->GetNextLight(lightIterator)) {
        newest = std::max(newest, light->GetMTime());
    }
    return newest;
}

void RenderViewWidget::renderOrReuseScene() {
    vtkOpenGLState* state = renderWindow_->GetState();
    state->Reset();
    state->Push();
    if (sceneImageValid_ && sceneModifiedTime() == renderedSceneTime_) {
        // Nothing VTK draws changed: copy its last image into Qt's framebuffer (bound now).
        renderWindow_->BlitDisplayFramebuffer();
        ++sceneReuses_;
    } else {
        renderWindow_->Render();
        // Stamped after rendering: what VTK modifies while it renders (clipping range, lights
        // that follow the camera) is part of this image.
        renderedSceneTime_ = sceneModifiedTime();
        sceneImageValid_ = true;
        ++sceneRenders_;
    }
    state->Pop();
}

void RenderViewWidget::drawOverlay() {
    // A panel that appears is sized in a hidden first frame: lay out again (at most twice) so
    // that one paint shows it, rather than the next.
    constexpr int kMaxLayoutPasses = 3;
    for (int pass = 0; pass < kMaxLayoutPasses; ++pass) {
        imgui_.beginFrame(size(), surface_->devicePixelRatio());
        if (sceneDecoration_)
            sceneDecoration_();
        if (overlayEnabled_) {
            overlayPanels_.draw();
            if (extraOverlay_)
                extraOverlay_();
        }
        imgui_.endFrame();
        if (!imgui_.layoutPending())
            break;
    }
    imgui_.renderDrawData();
}

void RenderViewWidget::releaseGraphics() {
    if (graphicsReleased_ || context() == nullptr)
        return;
    makeCurrent();
    imgui_.shutdownGl();
    renderWindow_->Finalize();
    renderWindow_->SetReadyForRendering(false);
    doneCurrent();
    graphicsReleased_ = true;
    sceneImageValid_ = false;
}

void RenderViewWidget::mousePressEvent(QMouseEvent* event) {
    const bool overlayTakes = overlayEnabled_ && imgui_.mouseButton(*event, true);
    if (overlayTakes) {
        requestRender();
    } else if (listener_) {
        listener_->mousePressed(*event);
    }
}

void RenderViewWidget::mouseMoveEvent(QMouseEvent* event) {
    const bool overlayTakes = overlayEnabled_ && imgui_.mouseMoved(*event);
    if (overlayEnabled_)
        requestRender();  // hover highlights follow the pointer
    if (!overlayTakes && listener_)
        listener_->mouseMoved(*event);
}

void RenderViewWidget::mouseReleaseEvent(QMouseEvent* event) {
    const bool overlayTakes = overlayEnabled_ && imgui_.mouseButton(*event, false);
    if (overlayTakes) {
        requestRender();
    } else if (listener_) {
        listener_->mouseReleased(*event);
    }
}

void RenderViewWidget::wheelEvent(QWheelEvent* event) {
    const bool overlayTakes = overlayEnabled_ && imgui_.wheelTurned(*event);
    if (overlayTakes) {
        requestRender();
    } else if (listener_) {
        listener_->wheelTurned(*event);
    }
}

void RenderViewWidget::keyPressEvent(QKeyEvent* event) {
    const bool overlayTakes = overlayEnabled_ && imgui_.key(*event, true);
    if (overlayTakes) {
        requestRender();
    } else if (listener_) {
        listener_->keyPressed(*event);
    } else {
        QWidget::keyPressEvent(event);
    }
}

void RenderViewWidget::keyReleaseEvent(QKeyEvent* event) {
    const bool overlayTakes = overlayEnabled_ && imgui_.key(*event, false);
    if (overlayTakes) {
        requestRender();
    } else if (listener_) {
        listener_->keyReleased(*event);
    } else {
        QWidget::keyReleaseEvent(event);
    }
}

void RenderViewWidget::leaveEvent(QEvent* event) {
    imgui_.pointerLeft();
    if (listener_)
        listener_->pointerLeft();
    requestRender();
    QWidget::leaveEvent(event);
}

}  // namespace segloop::render
