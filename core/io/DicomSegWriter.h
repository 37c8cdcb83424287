#pragma once

#include <string>
#include <vector>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/io/DicomSourceSeries.h"

namespace segloop {

/// What a written SEG says about itself beyond its segments. Strings longer than their DICOM
/// value representation allows are cut; the content label is upper-cased and anything but
/// letters and digits becomes '_' ("pseudo labels" is written "PSEUDO_LABELS").
struct DicomSegWriteOptions {
    DicomLabelOrigin origin;               ///< Segment Algorithm Type and identification
    std::string contentLabel = "SEGLOOP";  ///< ContentLabel (CS, 16 characters)
    std::string contentDescription;        ///< ContentDescription (LO)
    std::string contentCreatorName;        ///< ContentCreatorName (PN), e.g. "Doe^Jane"
    std::string seriesDescription = "SegLoop segmentation";
    int seriesNumber = 300;
    int instanceNumber = 1;
    /// Root for the new Series and SOP Instance UIDs; empty: DCMTK's site root.
    std::string uidRoot;
    std::string softwareVersion = "SegLoop";  ///< SoftwareVersions of the equipment module
};

/// Writes `labels` as a BINARY DICOM Segmentation of `source` (slice k of the label map is
/// source.slices[k]) and returns the new SOP Instance UID.
///
/// One segment per entry of `segments` (in that order, numbered 1..N): its label is the
/// class name, its colour the class RGB (as CIELab), its category and type coded from the name
/// (dicomSegmentCodesFor()), its algorithm type from options.origin (AUTOMATIC with the model's
/// name and version, SEMIAUTOMATIC or MANUAL). Only the slices that hold a segment's voxels
/// are written as its frames; a segment with no voxel gets one empty frame (slice 0).
/// Frames reference their source slice (Derivation Image, Source Image) and carry its
/// ImagePositionPatient; orientation and pixel spacing come from source.geometry; patient,
/// study and frame of reference are copied from `source`; the series and instance are new.
///
/// Throws segloop::Error naming `path` when the label map does not fit the source (grid, slice
/// count), is empty (no labelled voxel), holds a class that `segments` lacks, or when the
/// segments or source lack what a SEG needs, or the file cannot be written. The file is
/// written under a temporary name in the same folder, flushed, then renamed: `path` is never
/// left half-written.
std::string writeDicomSeg(const std::string& path, const LabelMap& labels,
                          const DicomSourceSeries& source,
                          const std::vector<DicomSegmentDescription>& segments,
                          const DicomSegWriteOptions& options = {});

/// Writes a FRACTIONAL (PROBABILITY, MaximumFractionalValue 255) DICOM Segmentation: one
/// probability map per segment (`probabilities[s]` for `segments[s]`, values in [0, 1] on the
/// source grid, stored as round(p * 255); values outside [0, 1] are clamped, NaN is 0). A
/// frame is written where a segment has a non-zero stored value; otherwise as writeDicomSeg(),
/// with the same errors (an "empty" map is one whose every stored value is 0).
std::string writeDicomSegFractional(const std::string& path,
                                    const std::vector<Volume>& probabilities,
                                    const DicomSourceSeries& source,
                                    const std::vector<DicomSegmentDescription>& segments,
                                    const DicomSegWriteOptions& options = {});

}  // namespace segloop
