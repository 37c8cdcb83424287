#pragma once

#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop::test {

/// A 3D NRRD image: its grid in LPS (a "right-anterior-superior" file is converted) and its
/// values as doubles, x fastest.
struct NrrdImage {
    ImageGeometry geometry;
    std::vector<double> values;

    double at(int64_t i, int64_t j, int64_t k) const {
        return values[geometry.linearIndex(i, j, k)];
    }
};

/// Reads a 3D NRRD file (attached header, "NRRD000x" magic) for the tests' reference masks.
/// Reads only: type (signed/unsigned 8/16/32-bit integers, float, double), dimension (3),
/// sizes, space (left-posterior-superior or right-anterior-superior), space directions, space
/// origin, encoding (raw or gzip) and endian. Throws std::runtime_error naming the file on
/// anything else.
NrrdImage readNrrd(const std::string& path);

}  // namespace segloop::test
