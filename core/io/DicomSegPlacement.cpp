#include "core/io/DicomSegPlacement.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/Error.h"

namespace segloop {

namespace {

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

Vec3 directionColumn(const ImageGeometry& grid, int column) {
    return {grid.direction[column], grid.direction[3 + column], grid.direction[6 + column]};
}

std::string millimetres(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3g mm", value);
    return buffer;
}

/// Position (LPS, mm) of target slice k: the listed instance's, else the grid's.
Vec3 slicePosition(const DicomSourceSeries& target, int64_t k) {
    const ImageGeometry& grid = target.geometry;
    if (static_cast<int64_t>(target.slices.size()) == grid.size[2]) {
        return target.slices[static_cast<size_t>(k)].positionMm;
    }
    return grid.indexToWorld({0.0, 0.0, static_cast<double>(k)});
}

/// Refuses a SEG whose frame grid is not the target's (size, orientation, spacing, frame of
/// reference).
void checkFrameGrid(const DicomSeg& seg, const DicomSourceSeries& target) {
    const ImageGeometry& grid = target.geometry;
    if (seg.columns != grid.size[0] || seg.rows != grid.size[1]) {
        throw Error(seg.path, "its frames are " + std::to_string(seg.columns) + "x" +
                                  std::to_string(seg.rows) + " pixels but the target grid is " +
                                  grid.describe() + ": its frames are not on this grid");
    }
    const Vec3 row = directionColumn(grid, 0);
    const Vec3 column = directionColumn(grid, 1);
    for (int i = 0; i < 3; ++i) {
        if (std::abs(seg.orientation[i] - row[i]) > 1e-3 ||
            std::abs(seg.orientation[3 + i] - column[i]) > 1e-3) {
            throw Error(seg.path,
                        "its frames are oriented differently from the target series "
                        "(another ImageOrientationPatient): its frames are not on "
                        "this grid");
        }
    }
    const double spacingX = grid.spacingMm[0];
    const double spacingY = grid.spacingMm[1];
    if (std::abs(seg.pixelSpacingMm[1] - spacingX) > 1e-3 * spacingX ||
        std::abs(seg.pixelSpacingMm[0] - spacingY) > 1e-3 * spacingY) {
        throw Error(seg.path,
                    "its pixel spacing differs from the target series': its frames "
                    "are not on this grid");
    }
    if (!seg.frameOfReferenceUid.empty() && !target.frameOfReferenceUid.empty() &&
        seg.frameOfReferenceUid != target.frameOfReferenceUid) {
        throw Error(seg.path, "it lies in frame of reference " + seg.frameOfReferenceUid +
                                  " but the target series in " + target.frameOfReferenceUid);
    }
}

/// The target slice of every frame, segment by segment, in `seg.segments` and frame order.
std::vector<std::vector<int64_t>> locateFrames(const DicomSeg& seg,
                                               const DicomSourceSeries& target) {
    checkFrameGrid(seg, target);
    const ImageGeometry& grid = target.geometry;
    const Vec3 row = directionColumn(grid, 0);
    const Vec3 column = directionColumn(grid, 1);
    const Vec3 normal = directionColumn(grid, 2);
    std::vector<Vec3> positions;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        positions.push_back(slicePosition(target, k));
    }
    std::vector<std::vector<int64_t>> slices;
    for (const DicomSegSegment& segment : seg.segments) {
        std::vector<int64_t>& out = slices.emplace_back();
        for (const DicomSegFrame& frame : segment.frames) {
            const double along = dot(frame.positionMm, normal);
            int64_t nearest = 0;
            for (int64_t k = 1; k < grid.size[2]; ++k) {
                if (std::abs(dot(positions[k], normal) - along) <
                    std::abs(dot(positions[nearest], normal) - along)) {
                    nearest = k;
                }
            }
            const Vec3& slice = positions[static_cast<size_t>(nearest)];
            const Vec3 offset{frame.positionMm[0] - slice[0], frame.positionMm[1] - slice[1],
                              frame.positionMm[2] - slice[2]};
            const std::string name = "frame " + std::to_string(frame.frameNumber) + " (segment \"" +
                                     segment.label + "\")";
            if (std::abs(dot(offset, normal)) > 0.5 * grid.spacingMm[2]) {
                throw Error(seg.path, name + " lies " + millimetres(std::abs(dot(offset, normal))) +
                                          " from the nearest slice of the target series, more "
                                          "than half a slice: its frames are not on this grid");
            }
            if (std::abs(dot(offset, row)) > 0.5 * grid.spacingMm[0] ||
                std::abs(dot(offset, column)) > 0.5 * grid.spacingMm[1]) {
                throw Error(seg.path, name + " is shifted in-plane from slice " +
                                          std::to_string(nearest) +
                                          " of the target series by more than half a pixel: "
                                          "its frames are not on this grid");
            }
            out.push_back(nearest);
        }
    }
    return slices;
}

/// Calls `mark(segmentIndex, voxel)` for every set pixel of every frame, segments in order of
/// increasing segment number.
template <typename Mark>
void forEachSetVoxel(const DicomSeg& seg, const DicomSourceSeries& target, const Mark& mark) {
    const std::vector<std::vector<int64_t>> slices = locateFrames(seg, target);
    std::vector<size_t> order(seg.segments.size());
    for (size_t s = 0; s < order.size(); ++s) {
        order[s] = s;
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return seg.segments[a].number < seg.segments[b].number;
    });
    const size_t slicePixels = static_cast<size_t>(seg.rows) * static_cast<size_t>(seg.columns);
    for (size_t s : order) {
        const DicomSegSegment& segment = seg.segments[s];
        for (size_t f = 0; f < segment.frames.size(); ++f) {
            const size_t first = static_cast<size_t>(slices[s][f]) * slicePixels;
            const std::vector<uint8_t>& pixels = segment.frames[f].pixels;
            for (size_t p = 0; p < slicePixels; ++p) {
                if (isDicomSegPixelSet(seg, pixels[p])) {
                    mark(s, first + p);
                }
            }
        }
    }
}

}  // namespace

LabelMap placeDicomSeg(const DicomSeg& seg, const DicomSourceSeries& target) {
    LabelMap labels(target.geometry);
    forEachSetVoxel(seg, target, [&](size_t segment, size_t voxel) {
        labels.labels[voxel] = seg.segments[segment].number;
    });
    return labels;
}

std::vector<LabelMap> placeDicomSegSegments(const DicomSeg& seg, const DicomSourceSeries& target) {
    std::vector<LabelMap> maps(seg.segments.size(), LabelMap(target.geometry));
    forEachSetVoxel(seg, target,
                    [&](size_t segment, size_t voxel) { maps[segment].labels[voxel] = 1; });
    return maps;
}

}  // namespace segloop
