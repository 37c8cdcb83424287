#include "core/io/RtStructContours.h"

#include <algorithm>
#include <cmath>

namespace segloop::rtstruct {

namespace {

/// Directions of pixel edges, numbered so that (d + 1) % 4 is a left (counter-clockwise) turn.
constexpr int kStepX[4] = {1, 0, -1, 0};
constexpr int kStepY[4] = {0, 1, 0, -1};

/// One directed pixel edge from a corner, with the region on its left.
struct BoundaryEdge {
    int64_t fromCorner = 0;
    int direction = 0;
    bool used = false;
};

}  // namespace

void fillEvenOdd(const std::vector<SlicePolygon>& polygons, int64_t width, int64_t height,
                 uint8_t* mask) {
    double lowestY = HUGE_VAL;
    double highestY = -HUGE_VAL;
    for (const SlicePolygon& polygon : polygons) {
        for (const SlicePoint& point : polygon) {
            lowestY = std::min(lowestY, point[1]);
            highestY = std::max(highestY, point[1]);
        }
    }
    if (!(lowestY <= highestY)) {
        return;
    }
    // Only rows whose centre lies within the polygons' span can cross an edge (clamped in
    // double first: far-away points must not overflow the conversion).
    const auto firstRow =
        static_cast<int64_t>(std::clamp(std::floor(lowestY), 0.0, static_cast<double>(height)));
    const auto lastRow = static_cast<int64_t>(
        std::clamp(std::ceil(highestY), -1.0, static_cast<double>(height - 1)));
    std::vector<double> crossings;
    for (int64_t row = firstRow; row <= lastRow; ++row) {
        const double y = static_cast<double>(row);
        crossings.clear();
        for (const SlicePolygon& polygon : polygons) {
            for (size_t n = 0; n < polygon.size(); ++n) {
                const SlicePoint& a = polygon[n];
                const SlicePoint& b = polygon[(n + 1) % polygon.size()];
                if ((a[1] > y) != (b[1] > y)) {
                    crossings.push_back(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
                }
            }
        }
        std::sort(crossings.begin(), crossings.end());
        uint8_t* line = mask + row * width;
        // Inside between crossing 2m (included) and crossing 2m + 1 (excluded).
        for (size_t n = 0; n + 1 < crossings.size(); n += 2) {
            const auto first = static_cast<int64_t>(
                std::clamp(std::ceil(crossings[n]), 0.0, static_cast<double>(width)));
            const auto end = static_cast<int64_t>(
                std::clamp(std::ceil(crossings[n + 1]), 0.0, static_cast<double>(width)));
            for (int64_t column = first; column < end; ++column) {
                line[column] = 1;
            }
        }
    }
}

std::vector<SlicePolygon> traceRegionBoundaries(const uint8_t* mask, int64_t width,
                                                int64_t height) {
    // Bounding box of the region, in pixels.
    int64_t minX = width, maxX = -1, minY = height, maxY = -1;
    for (int64_t y = 0; y < height; ++y) {
        for (int64_t x = 0; x < width; ++x) {
            if (mask[y * width + x] != 0) {
                minX = std::min(minX, x);
                maxX = std::max(maxX, x);
                minY = std::min(minY, y);
                maxY = std::max(maxY, y);
            }
        }
    }
    if (maxX < 0) {
        return {};
    }
    const auto inside = [&](int64_t x, int64_t y) {
        return x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] != 0;
    };
    // Corner (cx, cy) is the point (cx - 0.5, cy - 0.5): the lower-left corner of pixel (cx, cy).
    const int64_t cornersWide = maxX - minX + 2;
    const auto corner = [&](int64_t cx, int64_t cy) {
        return (cy - minY) * cornersWide + (cx - minX);
    };
    std::vector<BoundaryEdge> edges;
    std::vector<std::array<int32_t, 2>> outgoing(
        static_cast<size_t>(cornersWide * (maxY - minY + 2)), {-1, -1});
    const auto addEdge = [&](int64_t cx, int64_t cy, int direction) {
        const int64_t from = corner(cx, cy);
        std::array<int32_t, 2>& slots = outgoing[static_cast<size_t>(from)];
        slots[slots[0] < 0 ? 0 : 1] = static_cast<int32_t>(edges.size());
        edges.push_back({from, direction, false});
    };
    for (int64_t y = minY; y <= maxY; ++y) {
        for (int64_t x = minX; x <= maxX; ++x) {
            if (!inside(x, y)) {
                continue;
            }
            if (!inside(x, y - 1)) {
                addEdge(x, y, 0);  // lower side, +x
            }
            if (!inside(x + 1, y)) {
                addEdge(x + 1, y, 1);  // right side, +y
            }
            if (!inside(x, y + 1)) {
                addEdge(x + 1, y + 1, 2);  // upper side, -x
            }
            if (!inside(x - 1, y)) {
                addEdge(x, y + 1, 3);  // left side, -y
            }
        }
    }

    std::vector<SlicePolygon> polygons;
    for (size_t start = 0; start < edges.size(); ++start) {
        if (edges[start].used) {
            continue;
        }
        SlicePolygon polygon;
        size_t current = start;
        int previousDirection = -1;
        do {
            BoundaryEdge& edge = edges[current];
            edge.used = true;
            const int64_t cx = edge.fromCorner % cornersWide + minX;
            const int64_t cy = edge.fromCorner / cornersWide + minY;
            if (edge.direction != previousDirection) {  // a turn: keep the corner
                polygon.push_back({static_cast<double>(cx) - 0.5, static_cast<double>(cy) - 0.5});
            }
            previousDirection = edge.direction;
            // Where two edges leave the same corner (diagonal pixels), turn left: the loop
            // stays around the pixel it came along.
            const std::array<int32_t, 2>& next = outgoing[static_cast<size_t>(
                corner(cx + kStepX[edge.direction], cy + kStepY[edge.direction]))];
            size_t chosen = static_cast<size_t>(next[0]);
            if (next[1] >= 0 &&
                edges[static_cast<size_t>(next[1])].direction == (edge.direction + 1) % 4) {
                chosen = static_cast<size_t>(next[1]);
            }
            current = chosen;
        } while (current != start);
        // The start corner is not a turn when the loop arrives along the first edge's direction.
        if (previousDirection == edges[start].direction && polygon.size() > 1) {
            polygon.erase(polygon.begin());
        }
        polygons.push_back(std::move(polygon));
    }
    return polygons;
}

}  // namespace segloop::rtstruct
