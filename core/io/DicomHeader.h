#pragma once

#include <string>

#include "core/io/DicomSeries.h"

class DcmDataset;

namespace segloop {

/// Internal to core/io: turns a dataset that DCMTK has read into SegLoop's DICOM types. Used by
/// the scanner (on headers read without pixel data) and the loader (on whole files), so that
/// both read the same fields the same way. Thread-safe: no shared state.

/// Fills an instance (all but `path`) from the image-level attributes of a dataset.
DicomInstance readDicomInstanceHeader(DcmDataset& dataset);

/// Fills the patient, study and series fields of `series` (not its instances) from a dataset.
void readDicomSeriesHeader(DcmDataset& dataset, DicomSeries& series);

/// A readable name for a SOP class UID, "RT Structure Set Storage" for RTSTRUCT; the UID itself
/// (with "SOP class") when DCMTK does not know it.
std::string dicomSopClassName(const std::string& sopClassUid);

/// Why a file is not an image to load, or "" when it is one: its SOP class is a known non-image
/// class ("RT Structure Set Storage is not an image"), or it has no pixel data. Unknown
/// (private or newer) classes with pixel data count as images.
std::string dicomNonImageReason(const std::string& sopClassUid, bool hasPixelData);

/// A readable name for a transfer syntax UID, "JPEG 2000 (Lossless only)"; the UID when unknown.
std::string dicomTransferSyntaxName(const std::string& transferSyntaxUid);

/// Cheap test on the first bytes of a file: a DICOM part-10 file ("DICM" at byte 128) or a bare
/// little-endian dataset that starts in group 0002 or 0008. Saves DCMTK from parsing other
/// files (NIfTI, text, images) as if they were DICOM.
bool looksLikeDicomFile(const std::string& path);

/// The SOP Class UID of a DICOM file (its header only, up to the pixel data); "" when the file
/// is not DICOM or has none.
std::string readDicomSopClassUid(const std::string& path);

/// DICOM Segmentation Storage (the binary/fractional SEG class DCMTK reads).
inline constexpr const char* kSegmentationStorageUid = "1.2.840.10008.5.1.4.1.1.66.4";
/// RT Structure Set Storage.
inline constexpr const char* kRtStructureSetStorageUid = "1.2.840.10008.5.1.4.1.1.481.3";

}  // namespace segloop
