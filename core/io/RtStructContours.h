#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace segloop::rtstruct {

/// Internal to core/io (namespace rtstruct; the RTSTRUCT reader and writer): polygons on one slice,
/// in continuous in-plane voxel coordinates, x = column index i, y = row index j; pixel (i, j) is
/// the unit square centred on (i, j). Plain functions, no shared state.

using SlicePoint = std::array<double, 2>;
/// A closed polygon: the last point joins the first.
using SlicePolygon = std::vector<SlicePoint>;

/// Sets mask[j * width + i] = 1 for every pixel whose centre (i, j) lies inside `polygons`
/// under the even-odd rule, all polygons together (so a polygon inside another is a hole, and
/// where two overlap the overlap is outside). Pixels outside are left as they are.
///
/// Boundary rule (the crossing-number test's): a centre counts as inside when the number of
/// polygon edges that cross the half-line to its right is odd, an edge counting when one end
/// lies above the row (y > j) and the other not; so a centre exactly on a left-hand edge is
/// inside and one on a right-hand edge is not. Polygons may extend beyond the slice: only the
/// pixels of the slice are touched. Scanline: O(rows x edges + filled pixels).
void fillEvenOdd(const std::vector<SlicePolygon>& polygons, int64_t width, int64_t height,
                 uint8_t* mask);

/// The boundary of the pixels where `mask` (width x height, x fastest) is non-zero, as closed
/// polygons along the pixel edges: vertices are pixel corners (i +- 0.5, j +- 0.5), with
/// collinear vertices removed. Outer boundaries run counter-clockwise and holes clockwise
/// (in the (x, y) plane with y up); each hole is its own polygon. Diagonally touching pixels
/// belong to separate polygons (the polygons may then share that one corner point, never an
/// edge).
///
/// fillEvenOdd() of the result gives back exactly the non-zero pixels: every pixel centre lies
/// half a pixel from every polygon edge, so no rounding can move one across. Time and memory
/// are linear in the region's bounding box.
std::vector<SlicePolygon> traceRegionBoundaries(const uint8_t* mask, int64_t width, int64_t height);

}  // namespace segloop::rtstruct
