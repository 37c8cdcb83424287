// Fuzz target `dicom_seg`: DICOM SEG import. The input is written as one file and read with
// readDicomSeg() (core/io/DicomSegReader); a SEG that reads is then placed, segment by segment
// and as one label map (core/io/DicomSegPlacement), on the grid its own frames describe, as an
// import onto its source series would. A segloop::Error is a refusal; anything else is a finding.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "FuzzSupport.h"
#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/DicomSegPlacement.h"
#include "core/io/DicomSegReader.h"

namespace {

/// A source series whose grid is the SEG's own: its rows, columns, orientation and spacing, one
/// slice per distinct frame position (at most 16) along the slice normal.
segloop::DicomSourceSeries gridOf(const segloop::DicomSeg& seg) {
    segloop::DicomSourceSeries target;
    target.frameOfReferenceUid = seg.frameOfReferenceUid;
    const auto& o = seg.orientation;
    const segloop::Vec3 normal{o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5],
                               o[0] * o[4] - o[1] * o[3]};
    std::set<double> depths;
    segloop::Vec3 first{};
    bool haveFirst = false;
    for (const auto& segment : seg.segments) {
        for (const auto& frame : segment.frames) {
            const auto& p = frame.positionMm;
            depths.insert(
                std::round((p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2]) * 1000.0) /
                1000.0);
            if (!haveFirst || depths.size() == 1) {
                first = p;
                haveFirst = true;
            }
        }
    }
    const int64_t slices = std::clamp<int64_t>(int64_t(depths.size()), 1, 16);
    target.geometry.size = {seg.columns, seg.rows, slices};
    target.geometry.spacingMm = {seg.pixelSpacingMm[1], seg.pixelSpacingMm[0], 1.0};
    if (depths.size() >= 2)
        target.geometry.spacingMm[2] = std::max(1e-3, *std::next(depths.begin()) - *depths.begin());
    target.geometry.originMm = first;
    target.geometry.direction = {o[0],      o[3], normal[0], o[1],     o[4],
                                 normal[1], o[2], o[5],      normal[2]};
    return target;
}

}  // namespace

// DCMTK's own warnings on stderr, as in the programs: off (they slowed every execution).
[[maybe_unused]] const bool kDicomLogSilenced = (segloop::silenceDicomToolkitLog(), true);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20))
        return 0;
    const std::string path = segloop::fuzz::fuzzWorkFolder() + "/label.seg.dcm";
    segloop::fuzz::writeFuzzFile(path, data, size);
    try {
        const segloop::DicomSeg seg = segloop::readDicomSeg(path);
        // Placement allocates the whole grid: keep it to a few MB per execution.
        if (seg.rows < 1 || seg.columns < 1 || int64_t(seg.rows) * seg.columns > 512 * 512)
            return 0;
        const segloop::DicomSourceSeries target = gridOf(seg);
        try {
            segloop::placeDicomSeg(seg, target);
        } catch (const segloop::Error&) {
        }
        try {
            segloop::placeDicomSegSegments(seg, target);
        } catch (const segloop::Error&) {
        }
    } catch (const segloop::Error&) {
    }
    return 0;
}
