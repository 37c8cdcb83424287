#pragma once

namespace segloop::render {

/// Which orthogonal plane a slice view shows (SliceFrame says which grid axes that means).
enum class SliceOrientation { Axial, Coronal, Sagittal };

inline const char* orientationName(SliceOrientation orientation) {
    switch (orientation) {
        case SliceOrientation::Axial:
            return "axial";
        case SliceOrientation::Coronal:
            return "coronal";
        case SliceOrientation::Sagittal:
            return "sagittal";
    }
    return "axial";
}

}  // namespace segloop::render
