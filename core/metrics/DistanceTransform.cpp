#include "core/metrics/DistanceTransform.h"

#include <cmath>
#include <limits>
#include <string>

#include "core/Error.h"

namespace segloop {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Scratch space for one line, reused across all lines of one axis.
struct LineBuffers {
    std::vector<double> input;    ///< squared distances (mm²) read from the line
    std::vector<int64_t> apexes;  ///< index of the parabola of each envelope segment
    std::vector<double> starts;   ///< position (mm) where each envelope segment begins

    explicit LineBuffers(int64_t length)
        : input(static_cast<size_t>(length)),
          apexes(static_cast<size_t>(length)),
          starts(static_cast<size_t>(length) + 1) {}
};

/// One-dimensional pass: output[q] = min_p (stepMm * (q - p))² + input[p], written back in
/// place along a line of `length` values `stride` apart starting at `line`.
void transformLine(double* line, int64_t length, size_t stride, double stepMm,
                   LineBuffers& buffers) {
    std::vector<double>& input = buffers.input;
    for (int64_t q = 0; q < length; ++q) {
        input[static_cast<size_t>(q)] = line[static_cast<size_t>(q) * stride];
    }
    // Lower envelope of the parabolas y = (x - x_p)² + input[p], over finite inputs only.
    int64_t top = -1;  // index of the last envelope segment
    for (int64_t q = 0; q < length; ++q) {
        const double valueQ = input[static_cast<size_t>(q)];
        if (valueQ == kInfinity) {
            continue;
        }
        const double positionQ = stepMm * static_cast<double>(q);
        double crossing = -kInfinity;
        while (top >= 0) {
            const int64_t p = buffers.apexes[static_cast<size_t>(top)];
            const double positionP = stepMm * static_cast<double>(p);
            crossing = ((valueQ + positionQ * positionQ) -
                        (input[static_cast<size_t>(p)] + positionP * positionP)) /
                       (2.0 * (positionQ - positionP));
            if (crossing > buffers.starts[static_cast<size_t>(top)]) {
                break;
            }
            --top;  // parabola p is nowhere lowest: drop it
            crossing = -kInfinity;
        }
        ++top;
        buffers.apexes[static_cast<size_t>(top)] = q;
        buffers.starts[static_cast<size_t>(top)] = crossing;
        buffers.starts[static_cast<size_t>(top) + 1] = kInfinity;
    }
    if (top < 0) {
        return;  // no finite value on this line: it stays at infinity
    }
    int64_t segment = 0;
    for (int64_t q = 0; q < length; ++q) {
        const double positionQ = stepMm * static_cast<double>(q);
        while (buffers.starts[static_cast<size_t>(segment) + 1] < positionQ) {
            ++segment;
        }
        const int64_t p = buffers.apexes[static_cast<size_t>(segment)];
        const double offsetMm = positionQ - stepMm * static_cast<double>(p);
        line[static_cast<size_t>(q) * stride] = offsetMm * offsetMm + input[static_cast<size_t>(p)];
    }
}

/// Applies transformLine to every line of the grid along `axis`.
void transformAxis(std::vector<double>& values, const std::array<int64_t, 3>& size, int axis,
                   double stepMm) {
    const int64_t length = size[static_cast<size_t>(axis)];
    if (length <= 1) {
        return;  // a single voxel per line: nothing moves along this axis
    }
    const size_t strides[3] = {1, static_cast<size_t>(size[0]),
                               static_cast<size_t>(size[0]) * static_cast<size_t>(size[1])};
    const int otherA = axis == 0 ? 1 : 0;
    const int otherB = axis == 2 ? 1 : 2;
    LineBuffers buffers(length);
    for (int64_t b = 0; b < size[static_cast<size_t>(otherB)]; ++b) {
        for (int64_t a = 0; a < size[static_cast<size_t>(otherA)]; ++a) {
            const size_t start =
                static_cast<size_t>(a) * strides[otherA] + static_cast<size_t>(b) * strides[otherB];
            transformLine(values.data() + start, length, strides[axis], stepMm, buffers);
        }
    }
}

}  // namespace

std::vector<double> squaredDistanceTransformMm2(const std::vector<uint8_t>& isFeature,
                                                const std::array<int64_t, 3>& size,
                                                const Vec3& spacingMm, uint8_t featureBits) {
    std::vector<double> squaredMm2;
    squaredDistanceTransformMm2(isFeature, size, spacingMm, squaredMm2, featureBits);
    return squaredMm2;
}

void squaredDistanceTransformMm2(const std::vector<uint8_t>& isFeature,
                                 const std::array<int64_t, 3>& size, const Vec3& spacingMm,
                                 std::vector<double>& squaredMm2, uint8_t featureBits) {
    const std::string subject = "distance transform";
    for (int axis = 0; axis < 3; ++axis) {
        if (size[static_cast<size_t>(axis)] < 0) {
            throw Error(subject, "grid size must not be negative");
        }
        const double step = spacingMm[static_cast<size_t>(axis)];
        if (!(std::isfinite(step) && step > 0.0)) {
            throw Error(subject, "voxel spacing must be positive and finite, got " +
                                     std::to_string(step) + " mm");
        }
    }
    const size_t voxelCount =
        static_cast<size_t>(size[0]) * static_cast<size_t>(size[1]) * static_cast<size_t>(size[2]);
    if (isFeature.size() != voxelCount) {
        throw Error(subject, "feature mask holds " + std::to_string(isFeature.size()) +
                                 " voxels, the grid " + std::to_string(voxelCount));
    }
    squaredMm2.resize(voxelCount);
    for (size_t v = 0; v < voxelCount; ++v) {
        squaredMm2[v] = (isFeature[v] & featureBits) != 0 ? 0.0 : kInfinity;
    }
    for (int axis = 0; axis < 3; ++axis) {
        transformAxis(squaredMm2, size, axis, spacingMm[static_cast<size_t>(axis)]);
    }
}

}  // namespace segloop
