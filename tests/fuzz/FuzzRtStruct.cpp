// Fuzz target `rtstruct`: RTSTRUCT import. The input is written as one file and read with
// readRtStruct() (core/io/RtStructReader); a structure set that reads is then rasterised
// (core/io/RtStructRasteriser) onto a small axial grid of 32 x 32 voxels spanning its contours,
// one slice per distinct contour depth (at most 16), as an import onto its series would.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "FuzzSupport.h"
#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/RtStructRasteriser.h"
#include "core/io/RtStructReader.h"

namespace {

segloop::DicomSourceSeries gridSpanning(const segloop::RtStructSet& set) {
    double low[3] = {0, 0, 0};
    double high[3] = {0, 0, 0};
    std::set<double> depths;
    bool any = false;
    for (const auto& roi : set.rois) {
        for (const auto& contour : roi.contours) {
            for (const auto& point : contour.pointsMm) {
                for (int axis = 0; axis < 3; ++axis) {
                    low[axis] = any ? std::min(low[axis], point[axis]) : point[axis];
                    high[axis] = any ? std::max(high[axis], point[axis]) : point[axis];
                }
                any = true;
                depths.insert(point[2]);
            }
        }
    }
    segloop::DicomSourceSeries target;
    target.frameOfReferenceUid = set.frameOfReferenceUid;
    const int64_t slices = std::clamp<int64_t>(int64_t(depths.size()), 1, 16);
    target.geometry.size = {32, 32, slices};
    for (int axis = 0; axis < 2; ++axis) {
        const double extent = high[axis] - low[axis];
        target.geometry.spacingMm[axis] =
            std::isfinite(extent) ? std::clamp(extent / 31.0, 1e-3, 1e6) : 1.0;
    }
    const double depthExtent = high[2] - low[2];
    target.geometry.spacingMm[2] = slices > 1 && std::isfinite(depthExtent)
                                       ? std::clamp(depthExtent / double(slices - 1), 1e-3, 1e6)
                                       : 1.0;
    target.geometry.originMm = {low[0], low[1], low[2]};
    return target;
}

}  // namespace

// DCMTK's own warnings on stderr, as in the programs: off (they slowed every execution).
[[maybe_unused]] const bool kDicomLogSilenced = (segloop::silenceDicomToolkitLog(), true);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20))
        return 0;
    const std::string path = segloop::fuzz::fuzzWorkFolder() + "/rtss.dcm";
    segloop::fuzz::writeFuzzFile(path, data, size);
    try {
        const segloop::RtStructSet set = segloop::readRtStruct(path);
        size_t points = 0;
        for (const auto& roi : set.rois)
            for (const auto& contour : roi.contours)
                points += contour.pointsMm.size();
        if (points > 200000)
            return 0;  // rasterising is linear in points: keep one execution short
        const segloop::DicomSourceSeries target = gridSpanning(set);
        segloop::RtStructRasterOptions options;
        options.offSlice = segloop::RtStructOffSliceContours::Report;
        try {
            segloop::rasteriseRtStruct(set, target, options);
        } catch (const segloop::Error&) {
        }
        if (!set.rois.empty()) {
            try {
                segloop::rasteriseRtStructRoi(set, set.rois.size() - 1, target);
            } catch (const segloop::Error&) {
            }
        }
    } catch (const segloop::Error&) {
    }
    return 0;
}
