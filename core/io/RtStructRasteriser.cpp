#include "core/io/RtStructRasteriser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "core/Error.h"
#include "core/io/RtStructContours.h"

namespace segloop {

namespace {

using rtstruct::fillEvenOdd;
using rtstruct::SlicePolygon;

/// Slack on the plane distance so that a contour drawn exactly half a slice away still counts.
constexpr double kPlaneSlackMm = 1e-6;

/// "168.559" for messages (six significant digits, whatever the locale).
std::string millimetres(double value) {
    char text[32];
    const auto result =
        std::to_chars(text, text + sizeof text, value, std::chars_format::general, 6);
    return std::string(text, result.ptr) + " mm";
}

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/// Where the target's slices lie along its slice normal.
struct SlicePlanes {
    Vec3 normal{};
    std::vector<double> offsetsMm;  ///< by slice index k
    double maxDistanceMm = 0.0;
};

SlicePlanes slicePlanes(const RtStructSet& set, const DicomSourceSeries& target,
                        const RtStructRasterOptions& options) {
    const ImageGeometry& grid = target.geometry;
    if (grid.voxelCount() == 0) {
        throw Error(set.path, "the target grid is empty (" + grid.describe() + ")");
    }
    const size_t sliceCount = static_cast<size_t>(grid.size[2]);
    if (!target.slices.empty() && target.slices.size() != sliceCount) {
        throw Error(set.path, "the target series lists " + std::to_string(target.slices.size()) +
                                  " slices but its grid has " + std::to_string(sliceCount));
    }
    SlicePlanes planes;
    planes.normal = {grid.direction[2], grid.direction[5], grid.direction[8]};
    for (size_t k = 0; k < sliceCount; ++k) {
        const Vec3 position = target.slices.empty()
                                  ? grid.indexToWorld({0.0, 0.0, static_cast<double>(k)})
                                  : target.slices[k].positionMm;
        planes.offsetsMm.push_back(dot(planes.normal, position));
    }
    planes.maxDistanceMm =
        options.maxPlaneDistanceMm > 0.0 ? options.maxPlaneDistanceMm : grid.spacingMm[2] / 2.0;
    return planes;
}

void checkFrameOfReference(const RtStructSet& set, size_t roiIndex,
                           const DicomSourceSeries& target) {
    const RtStructRoi& roi = set.rois[roiIndex];
    const std::string& uid =
        roi.frameOfReferenceUid.empty() ? set.frameOfReferenceUid : roi.frameOfReferenceUid;
    if (!uid.empty() && !target.frameOfReferenceUid.empty() && uid != target.frameOfReferenceUid) {
        throw Error(set.path, set.describeRoi(roiIndex) + " is in frame of reference " + uid +
                                  " but the target series is in frame of reference " +
                                  target.frameOfReferenceUid);
    }
}

/// Why a closed contour lies on no slice, or "" when it lies on slice `slice`.
std::string placeContour(const RtStructContour& contour, const SlicePlanes& planes, size_t& slice) {
    double lowest = HUGE_VAL;
    double highest = -HUGE_VAL;
    for (const Vec3& point : contour.pointsMm) {
        const double offset = dot(planes.normal, point);
        lowest = std::min(lowest, offset);
        highest = std::max(highest, offset);
    }
    const double middle = (lowest + highest) / 2.0;
    slice = 0;
    for (size_t k = 1; k < planes.offsetsMm.size(); ++k) {
        if (std::abs(planes.offsetsMm[k] - middle) < std::abs(planes.offsetsMm[slice] - middle)) {
            slice = k;
        }
    }
    const double plane = planes.offsetsMm[slice];
    const double distance = std::max(std::abs(lowest - plane), std::abs(highest - plane));
    if (distance <= planes.maxDistanceMm + kPlaneSlackMm) {
        return {};
    }
    if (highest - lowest > 2.0 * planes.maxDistanceMm) {
        return "is not in one slice plane: its points span " + millimetres(highest - lowest) +
               " along the slice normal (from " + millimetres(lowest) + " to " +
               millimetres(highest) + ")";
    }
    const auto [first, last] =
        std::minmax_element(planes.offsetsMm.begin(), planes.offsetsMm.end());
    return "lies on no slice of the target: it is at " + millimetres(middle) +
           " along the slice normal, " + millimetres(std::abs(middle - plane)) +
           " from the nearest slice (slice " + std::to_string(slice) + " at " + millimetres(plane) +
           "; the slices span " + millimetres(*first) + " to " + millimetres(*last) + ", up to " +
           millimetres(planes.maxDistanceMm) + " off a slice is taken)";
}

/// The CLOSED_PLANAR contours of one ROI in continuous voxel coordinates, by slice; the others
/// go to `skipped` (or, off-slice with RtStructOffSliceContours::Fail, throw).
std::map<size_t, std::vector<SlicePolygon>> contoursBySlice(
    const RtStructSet& set, size_t roiIndex, const DicomSourceSeries& target,
    const SlicePlanes& planes, const RtStructRasterOptions& options,
    std::vector<RtStructSkippedContour>& skipped) {
    checkFrameOfReference(set, roiIndex, target);
    std::map<size_t, std::vector<SlicePolygon>> bySlice;
    const std::vector<RtStructContour>& contours = set.rois[roiIndex].contours;
    for (size_t index = 0; index < contours.size(); ++index) {
        const RtStructContour& contour = contours[index];
        if (contour.geometricType != "CLOSED_PLANAR") {
            skipped.push_back({roiIndex, index,
                               contour.geometricType.empty()
                                   ? "has no Contour Geometric Type: not rasterised"
                                   : "is " + contour.geometricType +
                                         ": only CLOSED_PLANAR contours are rasterised"});
            continue;
        }
        if (contour.pointsMm.size() < 3) {
            skipped.push_back({roiIndex, index, "has fewer than 3 points: not rasterised"});
            continue;
        }
        size_t slice = 0;
        const std::string problem = placeContour(contour, planes, slice);
        if (!problem.empty()) {
            if (options.offSlice == RtStructOffSliceContours::Fail) {
                throw Error(set.path, set.describeRoi(roiIndex) + ", contour " +
                                          std::to_string(index + 1) + " " + problem);
            }
            skipped.push_back({roiIndex, index, problem});
            continue;
        }
        SlicePolygon polygon;
        polygon.reserve(contour.pointsMm.size());
        for (const Vec3& point : contour.pointsMm) {
            const Vec3 index3 = target.geometry.worldToIndex(point);
            polygon.push_back({index3[0], index3[1]});
        }
        bySlice[slice].push_back(std::move(polygon));
    }
    return bySlice;
}

void checkHasContours(const RtStructSet& set) {
    if (set.contourCount() == 0) {
        throw Error(set.path, "has no contours (its " + std::to_string(set.rois.size()) +
                                  " ROIs are all empty)");
    }
}

/// Fills ROI `roiIndex` into `labels` with `value` (overwriting whatever was there).
void fillRoi(const RtStructSet& set, size_t roiIndex, const DicomSourceSeries& target,
             const SlicePlanes& planes, const RtStructRasterOptions& options, uint16_t value,
             LabelMap& labels, std::vector<RtStructSkippedContour>& skipped) {
    const int64_t width = labels.geometry.size[0];
    const int64_t height = labels.geometry.size[1];
    const size_t slicePixels = static_cast<size_t>(width * height);
    std::vector<uint8_t> sliceMask(slicePixels);
    for (const auto& [slice, polygons] :
         contoursBySlice(set, roiIndex, target, planes, options, skipped)) {
        std::fill(sliceMask.begin(), sliceMask.end(), uint8_t{0});
        fillEvenOdd(polygons, width, height, sliceMask.data());
        uint16_t* out = labels.labels.data() + slice * slicePixels;
        for (size_t n = 0; n < slicePixels; ++n) {
            if (sliceMask[n] != 0) {
                out[n] = value;
            }
        }
    }
}

}  // namespace

RtStructRaster rasteriseRtStruct(const RtStructSet& set, const DicomSourceSeries& target,
                                 const RtStructRasterOptions& options) {
    checkHasContours(set);
    const SlicePlanes planes = slicePlanes(set, target, options);
    if (set.rois.size() > 65535) {
        throw Error(set.path, "has " + std::to_string(set.rois.size()) +
                                  " ROIs, more than a label map's 65535 classes");
    }
    RtStructRaster raster;
    raster.labels = LabelMap(target.geometry);
    for (size_t roiIndex = 0; roiIndex < set.rois.size(); ++roiIndex) {
        const RtStructRoi& roi = set.rois[roiIndex];
        const auto label = static_cast<uint16_t>(roiIndex + 1);
        fillRoi(set, roiIndex, target, planes, options, label, raster.labels, raster.skipped);
        DicomSegmentDescription description;
        description.label = label;
        description.name = roi.name;
        if (roi.hasColour) {
            description.rgb = roi.rgb;
        }
        raster.classes.push_back(description);
        raster.roiNumbers.push_back(roi.number);
    }
    return raster;
}

RtStructRoiMask rasteriseRtStructRoi(const RtStructSet& set, size_t roiIndex,
                                     const DicomSourceSeries& target,
                                     const RtStructRasterOptions& options) {
    if (roiIndex >= set.rois.size()) {
        throw Error(set.path, "has " + std::to_string(set.rois.size()) + " ROIs, no ROI " +
                                  std::to_string(roiIndex + 1));
    }
    checkHasContours(set);
    const SlicePlanes planes = slicePlanes(set, target, options);
    RtStructRoiMask result;
    result.mask = LabelMap(target.geometry);
    fillRoi(set, roiIndex, target, planes, options, 1, result.mask, result.skipped);
    return result;
}

}  // namespace segloop
