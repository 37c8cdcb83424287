#pragma once

#include <string>

#include "core/io/DicomSeg.h"

namespace segloop {

/// Reads a DICOM Segmentation (Segmentation Storage, BINARY or FRACTIONAL) with DCMTK's
/// DcmSegmentation: its segments (number, label, colour, category and type codes, algorithm),
/// what it references (series, instances, frame of reference), and each segment's frames with
/// their ImagePositionPatient. Frames may come in any order, be sparse (only the slices a
/// segment covers) and overlap (several segments on one slice). RLE-compressed files are
/// decoded. BINARY pixels are unpacked by SegLoop itself (DicomSegBits.h: DCMTK 3.6.7
/// mis-reads frames whose pixel count is not a multiple of 8).
///
/// Refuses, with a segloop::Error naming `path`: files that are not DICOM or not a
/// Segmentation; Label Map Segmentation objects (SOP class 1.2.840.10008.5.1.4.1.1.66.7),
/// which DCMTK 3.6.7 cannot read; and malformed ones (no frames, a frame without position or
/// segment, a frame naming an undescribed segment, mixed orientations, truncated pixel data).
/// Holds every frame unpacked in memory (one byte a pixel). Thread-safe: no shared state.
DicomSeg readDicomSeg(const std::string& path);

}  // namespace segloop
