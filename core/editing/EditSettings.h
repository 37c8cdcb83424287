#pragma once

#include <cstdint>

namespace segloop {

/// The slice plane of a 2D edit, named by the voxel index axis it holds fixed: axial holds k,
/// coronal holds j, sagittal holds i (the usual naming for a scan stored as axial slices). A
/// view that slices along another index axis passes the plane whose fixed axis it holds.
enum class SlicePlane { Axial, Coronal, Sagittal };

/// The voxel index axis (0 = i, 1 = j, 2 = k) that `plane` holds fixed.
inline int fixedAxisOf(SlicePlane plane) {
    switch (plane) {
        case SlicePlane::Sagittal:
            return 0;
        case SlicePlane::Coronal:
            return 1;
        case SlicePlane::Axial:
            break;
    }
    return 2;
}

/// Whether an edit works in one slice or in the whole volume.
enum class EditDimension { Slice2D, Volume3D };

/// Which existing labels an edit may overwrite (ITK-SNAP's "draw over"): any label, or only
/// voxels of one class (class 0 = background only, so painting never covers another
/// structure). A voxel that already holds the value being written is never "changed".
struct DrawOver {
    enum class Mode { AnyLabel, OnlyClass };
    Mode mode = Mode::AnyLabel;
    uint16_t onlyClass = 0;  ///< Used with Mode::OnlyClass.

    static DrawOver anyLabel() { return DrawOver{}; }
    static DrawOver backgroundOnly() { return onlyOverClass(0); }
    static DrawOver onlyOverClass(uint16_t label) { return DrawOver{Mode::OnlyClass, label}; }

    /// May a voxel holding `currentLabel` be overwritten?
    bool allows(uint16_t currentLabel) const {
        return mode == Mode::AnyLabel || currentLabel == onlyClass;
    }
};

/// A brush or eraser: a disc in a slice plane (Slice2D) or a sphere (Volume3D) of radius
/// `radiusMm`, measured in millimetres with the image's (possibly anisotropic) spacing. A brush
/// writes `activeClass`; an eraser (`erase`) writes 0. Whatever the radius, a stroke always
/// paints the voxels along its centre line, so a brush thinner than a voxel still draws.
struct BrushSettings {
    EditDimension dimension = EditDimension::Slice2D;
    SlicePlane plane = SlicePlane::Axial;  ///< Used with Slice2D.
    double radiusMm = 2.0;
    uint16_t activeClass = 1;
    bool erase = false;
    DrawOver drawOver;

    uint16_t valueWritten() const { return erase ? uint16_t{0} : activeClass; }
};

/// A flood fill: from a seed voxel, the voxels connected to it (faces only: 4-connected in a
/// slice, 6-connected in 3D) whose intensity lies in [lowIntensity, highIntensity] and whose
/// label `drawOver` allows (or that already hold `fillClass`) get `fillClass`. Fill with class
/// 0 to erase a region. A seed outside that set fills nothing.
struct FloodFillSettings {
    EditDimension dimension = EditDimension::Slice2D;
    SlicePlane plane = SlicePlane::Axial;  ///< Used with Slice2D: the seed's slice.
    double lowIntensity = 0.0;
    double highIntensity = 0.0;
    uint16_t fillClass = 1;
    DrawOver drawOver;
};

}  // namespace segloop
