#pragma once

#include "core/image/ImageGeometry.h"
#include "render/SliceOrientation.h"

namespace segloop::render {

/// How one orthogonal slice of a voxel grid lies on the screen.
///
/// Slices are planes of the voxel grid (no resampling): the grid axis most aligned with the
/// anatomical normal (z for axial, y for coronal, x for sagittal) is held fixed, and the two
/// others are laid out in radiological convention: axial and coronal show the patient's left
/// on the screen's right, axial shows anterior up, coronal and sagittal show the head up,
/// sagittal shows anterior on the left. Signs are +1 when the index grows to the right / up.
struct SliceFrame {
    int sliceAxis = 2;
    int horizontalAxis = 0;
    int verticalAxis = 1;
    double horizontalSign = 1.0;
    double verticalSign = -1.0;

    /// The slice plane's normal as the camera looks along it, in grid axes (index * spacing):
    /// up x right, with right = horizontalSign * e[horizontalAxis], up likewise.
    Vec3 rightVector() const;
    Vec3 upVector() const;
    Vec3 viewDirection() const;
};

SliceFrame sliceFrameFor(SliceOrientation orientation, const ImageGeometry& geometry);

}  // namespace segloop::render
