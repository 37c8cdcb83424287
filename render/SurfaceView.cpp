#include "render/SurfaceView.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include "core/image/LabelMap.h"
#include "render/RenderHost.h"

namespace segloop::render {

SurfaceView::SurfaceView(RenderHost& host)
    : host_(host),
      surface_(vtkSmartPointer<vtkPolyData>::New()),
      actor_(vtkSmartPointer<vtkActor>::New()) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(surface_);
    mapper->SetScalarModeToUsePointData();
    mapper->ScalarVisibilityOn();
    actor_->SetMapper(mapper);
    actor_->GetProperty()->SetSpecular(0.2);
    actor_->GetProperty()->SetSpecularPower(20.0);
    // The class table's entry 0 is transparent (unused here), which would otherwise send the
    // surfaces to the translucent pass, where they do not write depth and show through.
    actor_->ForceOpaqueOn();
    actor_->VisibilityOff();
    host_.renderer()->AddActor(actor_);
}

SurfaceView::~SurfaceView() {
    host_.renderer()->RemoveActor(actor_);
    if (host_.inputListener() == this)
        host_.setInputListener(nullptr);
}

void SurfaceView::setLabelMap(const LabelMap& labels, const std::vector<Rgb>& classColours) {
    setMesh(buildSurfaceMesh(labels, smoothingIterations_), classColours);
}

void SurfaceView::setMesh(const SurfaceMesh& mesh, const std::vector<Rgb>& classColours) {
    if (!mesh.polyData) {
        clear();
        return;
    }
    surface_->ShallowCopy(mesh.polyData);
    surface_->Modified();
    auto* mapper = vtkPolyDataMapper::SafeDownCast(actor_->GetMapper());
    mapper->SetLookupTable(makeClassLookupTable(classColours, mesh.maxClass));
    mapper->UseLookupTableScalarRangeOn();
    auto matrix = vtkSmartPointer<vtkMatrix4x4>::New();
    matrix->DeepCopy(mesh.indexToWorld.data());
    actor_->SetUserMatrix(matrix);
    actor_->VisibilityOn();
    if (!hasShown_) {
        hasShown_ = true;
        resetCamera();
    }
    host_.requestRender();
}

void SurfaceView::clear() {
    surface_->Initialize();
    surface_->Modified();
    actor_->VisibilityOff();
    host_.requestRender();
}

long long SurfaceView::triangleCount() const {
    return actor_->GetVisibility() ? static_cast<long long>(surface_->GetNumberOfPolys()) : 0;
}

void SurfaceView::setOpacity(double opacity) {
    actor_->GetProperty()->SetOpacity(opacity);
    actor_->SetForceOpaque(opacity >= 1.0);
    host_.requestRender();
}

void SurfaceView::rotate(double azimuthDegrees, double elevationDegrees) {
    vtkCamera* camera = host_.renderer()->GetActiveCamera();
    camera->Azimuth(azimuthDegrees);
    camera->Elevation(elevationDegrees);
    camera->OrthogonalizeViewUp();
    host_.renderer()->ResetCameraClippingRange();
    host_.requestRender();
}

void SurfaceView::zoom(double factor) {
    if (!(factor > 0.0))
        return;
    host_.renderer()->GetActiveCamera()->Dolly(factor);
    host_.renderer()->ResetCameraClippingRange();
    host_.requestRender();
}

void SurfaceView::resetCamera() {
    vtkCamera* camera = host_.renderer()->GetActiveCamera();
    camera->ParallelProjectionOff();
    // LPS: anterior is -y, so the camera stands at -y looking to +y, the head (+z) up.
    camera->SetFocalPoint(0.0, 0.0, 0.0);
    camera->SetPosition(0.0, -1.0, 0.0);
    camera->SetViewUp(0.0, 0.0, 1.0);
    host_.renderer()->ResetCamera();
    host_.requestRender();
}

void SurfaceView::installAsInputListener() {
    host_.setInputListener(this);
}

void SurfaceView::mousePressed(QMouseEvent& event) {
    if (event.button() != Qt::LeftButton)
        return;
    rotating_ = true;
    lastPointer_ = event.position();
}

void SurfaceView::mouseMoved(QMouseEvent& event) {
    if (!rotating_)
        return;
    const QPointF delta = event.position() - lastPointer_;
    lastPointer_ = event.position();
    rotate(-delta.x() * 0.5, delta.y() * 0.5);
}

void SurfaceView::mouseReleased(QMouseEvent& event) {
    if (event.button() == Qt::LeftButton)
        rotating_ = false;
}

void SurfaceView::wheelTurned(QWheelEvent& event) {
    zoom(std::pow(1.1, event.angleDelta().y() / 120.0));
}

}  // namespace segloop::render
