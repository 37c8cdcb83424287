#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace segloop {

/// One contour of an ROI as the file stores it: the points in patient coordinates (LPS, mm) and
/// the Contour Geometric Type ("CLOSED_PLANAR"; "POINT", "OPEN_PLANAR" and "OPEN_NONPLANAR"
/// are kept but never rasterised). A closed contour's last point joins its first.
struct RtStructContour {
    std::string geometricType;
    std::vector<Vec3> pointsMm;
    /// The images the contour was drawn on (its Contour Image Sequence), often one, may be empty.
    std::vector<std::string> referencedSopInstanceUids;
};

/// One Region of Interest: its Structure Set ROI item, its ROI Contour item (colour,
/// contours) and its RT ROI Observations item (interpreted type). A plain value.
struct RtStructRoi {
    int number = 0;  ///< ROI Number, unique in the set
    std::string name;
    std::string frameOfReferenceUid;  ///< Referenced Frame of Reference UID of the ROI
    std::string generationAlgorithm;  ///< "MANUAL", "SEMIAUTOMATIC", "AUTOMATIC" or ""
    std::string interpretedType;      ///< "ORGAN", "PTV", "EXTERNAL", ... or ""
    std::array<uint8_t, 3> rgb{255, 0, 0};
    bool hasColour = false;  ///< false: the file gives no ROI Display Color (rgb is a default)
    std::vector<RtStructContour> contours;
};

/// An RT Structure Set read into memory: identity, what it references, and its ROIs in the
/// order of the Structure Set ROI Sequence. Text is UTF-8. A plain value, safe to copy between
/// threads.
struct RtStructSet {
    std::string path;  ///< the file it was read from, for messages
    std::string sopInstanceUid;
    std::string label;  ///< Structure Set Label
    std::string patientId;
    std::string patientName;
    std::string studyInstanceUid;
    std::string seriesInstanceUid;  ///< of the RTSTRUCT itself
    /// From Referenced Frame of Reference Sequence → RT Referenced Study Sequence →
    /// RT Referenced Series Sequence (first item of each; empty when absent).
    std::string frameOfReferenceUid;
    std::string referencedStudyInstanceUid;
    std::string referencedSeriesInstanceUid;
    /// Contour Image Sequence of that referenced series: the SOP Instance UIDs it lists.
    std::vector<std::string> referencedSopInstanceUids;
    std::vector<RtStructRoi> rois;

    /// Number of contours over all ROIs.
    size_t contourCount() const;
    /// `ROI 3 "Heart"` for messages.
    std::string describeRoi(size_t roiIndex) const;
};

/// Reads a DICOM RT Structure Set file with DCMTK (any transfer syntax DCMTK reads uncompressed;
/// the file is read in one pass). Contours of ROIs that the Structure Set ROI Sequence does not
/// list are ignored; an ROI with no ROI Contour item has no contours. Text attributes are
/// converted to UTF-8 when the file declares another character set and the conversion is
/// available.
///
/// Throws segloop::Error naming the file and the problem: missing or not DICOM, not an RT
/// Structure Set (names the SOP class it is), no Structure Set ROI Sequence (no ROIs),
/// duplicate ROI numbers, and malformed contours: Contour Data whose value count is not a
/// multiple of 3, a value that is not a finite number, a count that differs from Number of
/// Contour Points, or a CLOSED_PLANAR contour with fewer than 3 points. Thread-safe: each call
/// is independent.
RtStructSet readRtStruct(const std::string& path);

}  // namespace segloop
