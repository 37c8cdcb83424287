#pragma once

namespace segloop::render {

/// Which orthogonal plane of the voxel grid a slice view shows. The plane is taken in index
/// space: axial fixes k (the third index), coronal fixes j, sagittal fixes i.
enum class SliceOrientation { Axial, Coronal, Sagittal };

/// The index axis (0 = i, 1 = j, 2 = k) that a slice of this orientation holds fixed.
inline int sliceAxis(SliceOrientation orientation) {
    switch (orientation) {
    case SliceOrientation::Axial: return 2;
    case SliceOrientation::Coronal: return 1;
    case SliceOrientation::Sagittal: return 0;
    }
    return 2;
}

inline const char* orientationName(SliceOrientation orientation) {
    switch (orientation) {
    case SliceOrientation::Axial: return "axial";
    case SliceOrientation::Coronal: return "coronal";
    case SliceOrientation::Sagittal: return "sagittal";
    }
    return "axial";
}

}  // namespace segloop::render
