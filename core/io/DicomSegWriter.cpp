#include "core/io/DicomSegWriter.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "core/Error.h"
#include "core/io/DicomSegBuilder.h"

namespace segloop {

namespace {

/// Refuses a grid that is not the source's, and a source that lacks what a SEG references.
void checkSource(const std::string& path, const ImageGeometry& grid,
                 const DicomSourceSeries& source, const std::string& what) {
    const auto& size = grid.size;
    if (static_cast<int64_t>(source.slices.size()) != size[2]) {
        throw Error(path, "the " + what + " has " + std::to_string(size[2]) +
                              " slices but the source series has " +
                              std::to_string(source.slices.size()));
    }
    const double tolerance =
        0.1 * std::min({grid.spacingMm[0], grid.spacingMm[1], grid.spacingMm[2]});
    if (source.geometry.size != size || !grid.sameGridAs(source.geometry, tolerance)) {
        throw Error(path, "the " + what + "'s grid (" + grid.describe() +
                              ") is not the source series' grid (" + source.geometry.describe() +
                              ")");
    }
    if (size[0] < 1 || size[1] < 1 || size[0] > 65535 || size[1] > 65535) {
        throw Error(path, "a SEG frame must have 1 to 65535 rows and columns, not " +
                              std::to_string(size[1]) + "x" + std::to_string(size[0]));
    }
    const std::pair<const std::string*, const char*> required[] = {
        {&source.studyInstanceUid, "Study Instance UID"},
        {&source.seriesInstanceUid, "Series Instance UID"},
        {&source.frameOfReferenceUid, "Frame of Reference UID"}};
    for (const auto& [value, name] : required) {
        if (value->empty()) {
            throw Error(path, std::string("the source series has no ") + name);
        }
    }
    for (size_t k = 0; k < source.slices.size(); ++k) {
        const DicomSourceSlice& slice = source.slices[k];
        if (slice.sopInstanceUid.empty() || slice.sopClassUid.empty()) {
            throw Error(path, "source slice " + std::to_string(k) +
                                  " has no SOP Instance UID or SOP Class UID");
        }
    }
}

void checkSegments(const std::string& path, const std::vector<DicomSegmentDescription>& segments) {
    if (segments.empty()) {
        throw Error(path, "no segment to write (the list of classes is empty)");
    }
    std::set<uint16_t> seen;
    for (const DicomSegmentDescription& segment : segments) {
        if (segment.label == 0) {
            throw Error(path, "class 0 is the background and cannot be a segment");
        }
        if (!seen.insert(segment.label).second) {
            throw Error(path, "class " + std::to_string(segment.label) + " is described twice");
        }
    }
}

/// The frames to write: for each segment, the slices where it has a voxel (slice 0 alone for
/// a segment with none), and how to fill a frame.
struct FramePlan {
    std::vector<std::vector<bool>> occupied;  ///< [segment][slice]
    std::function<void(size_t segment, int64_t slice, uint8_t* pixels)> fill;
};

std::string writePlan(const std::string& path, const DicomSourceSeries& source,
                      const std::vector<DicomSegmentDescription>& segments,
                      const DicomSegWriteOptions& options, DicomSegBuilder::Kind kind,
                      const FramePlan& plan) {
    DicomSegBuilder builder(path, source, options, kind);
    std::vector<uint16_t> numbers;
    for (const DicomSegmentDescription& segment : segments) {
        DicomSegmentDescription named = segment;
        if (named.name.empty()) {
            named.name = "Class " + std::to_string(segment.label);
        }
        numbers.push_back(builder.addSegment(named));
    }
    const auto& size = source.geometry.size;
    std::vector<uint8_t> pixels(static_cast<size_t>(size[0] * size[1]));
    for (size_t s = 0; s < segments.size(); ++s) {
        const std::vector<bool>& slices = plan.occupied[s];
        const bool none = std::find(slices.begin(), slices.end(), true) == slices.end();
        for (int64_t k = 0; k < size[2]; ++k) {
            if (slices[static_cast<size_t>(k)] || (none && k == 0)) {
                plan.fill(s, k, pixels.data());
                builder.addFrame(numbers[s], k, pixels.data());
            }
        }
    }
    return builder.save();
}

uint8_t quantised(float probability) {
    if (!(probability > 0.0f)) {
        return 0;  // Also NaN.
    }
    return static_cast<uint8_t>(std::lround(std::min(probability, 1.0f) * 255.0f));
}

}  // namespace

std::string writeDicomSeg(const std::string& path, const LabelMap& labels,
                          const DicomSourceSeries& source,
                          const std::vector<DicomSegmentDescription>& segments,
                          const DicomSegWriteOptions& options) {
    if (labels.labels.size() != labels.geometry.voxelCount()) {
        throw Error(path, "the label map has " + std::to_string(labels.labels.size()) +
                              " voxels but its grid needs " +
                              std::to_string(labels.geometry.voxelCount()));
    }
    checkSource(path, labels.geometry, source, "label map");
    checkSegments(path, segments);

    std::vector<int> segmentOf(65536, -1);
    for (size_t s = 0; s < segments.size(); ++s) {
        segmentOf[segments[s].label] = static_cast<int>(s);
    }
    const auto& size = labels.geometry.size;
    const size_t slicePixels = static_cast<size_t>(size[0] * size[1]);
    FramePlan plan;
    plan.occupied.assign(segments.size(), std::vector<bool>(static_cast<size_t>(size[2]), false));
    bool anyLabel = false;
    for (size_t voxel = 0; voxel < labels.labels.size(); ++voxel) {
        const uint16_t label = labels.labels[voxel];
        if (label == 0) {
            continue;
        }
        if (segmentOf[label] < 0) {
            throw Error(path, "class " + std::to_string(label) +
                                  " is in the label map but not among the segments to write");
        }
        plan.occupied[static_cast<size_t>(segmentOf[label])][voxel / slicePixels] = true;
        anyLabel = true;
    }
    if (!anyLabel) {
        throw Error(path, "the label map is empty (no voxel has a class): nothing to write");
    }
    plan.fill = [&](size_t s, int64_t k, uint8_t* pixels) {
        const uint16_t* slice = labels.labels.data() + static_cast<size_t>(k) * slicePixels;
        const uint16_t label = segments[s].label;
        for (size_t p = 0; p < slicePixels; ++p) {
            pixels[p] = slice[p] == label ? 1 : 0;
        }
    };
    return writePlan(path, source, segments, options, DicomSegBuilder::Kind::Binary, plan);
}

std::string writeDicomSegFractional(const std::string& path,
                                    const std::vector<Volume>& probabilities,
                                    const DicomSourceSeries& source,
                                    const std::vector<DicomSegmentDescription>& segments,
                                    const DicomSegWriteOptions& options) {
    checkSegments(path, segments);
    if (probabilities.size() != segments.size()) {
        throw Error(path, std::to_string(segments.size()) + " segments but " +
                              std::to_string(probabilities.size()) + " probability maps");
    }
    for (const Volume& map : probabilities) {
        if (map.voxels.size() != map.geometry.voxelCount()) {
            throw Error(path, "a probability map has " + std::to_string(map.voxels.size()) +
                                  " voxels but its grid needs " +
                                  std::to_string(map.geometry.voxelCount()));
        }
        checkSource(path, map.geometry, source, "probability map");
    }
    const auto& size = source.geometry.size;
    const size_t slicePixels = static_cast<size_t>(size[0] * size[1]);
    FramePlan plan;
    plan.occupied.assign(segments.size(), std::vector<bool>(static_cast<size_t>(size[2]), false));
    bool anyValue = false;
    for (size_t s = 0; s < segments.size(); ++s) {
        const std::vector<float>& voxels = probabilities[s].voxels;
        for (size_t voxel = 0; voxel < voxels.size(); ++voxel) {
            if (quantised(voxels[voxel]) != 0) {
                plan.occupied[s][voxel / slicePixels] = true;
                anyValue = true;
            }
        }
    }
    if (!anyValue) {
        throw Error(path, "every probability is 0 (below 1/510): nothing to write");
    }
    plan.fill = [&](size_t s, int64_t k, uint8_t* pixels) {
        const float* slice = probabilities[s].voxels.data() + static_cast<size_t>(k) * slicePixels;
        for (size_t p = 0; p < slicePixels; ++p) {
            pixels[p] = quantised(slice[p]);
        }
    };
    return writePlan(path, source, segments, options, DicomSegBuilder::Kind::Fractional, plan);
}

}  // namespace segloop
