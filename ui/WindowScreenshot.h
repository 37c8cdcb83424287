#pragma once

#include <QImage>

class QWidget;

namespace segloop::ui {

/// A screenshot of `window` as the user sees it: QWidget::grab() with every visible render view
/// drawn over it opaque (grab() alone blends a GL view's framebuffer by its alpha, which leaves
/// VTK's background and the 3D surface see-through). GUI thread only.
QImage grabWindowWithRenderViews(QWidget& window);

}  // namespace segloop::ui
