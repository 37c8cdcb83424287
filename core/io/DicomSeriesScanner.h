#pragma once

#include <string>
#include <vector>

#include "core/io/DicomSeries.h"
#include "core/jobs/Progress.h"

namespace segloop {

/// A file the scanner did not take as part of an image series, and why: "not a DICOM file",
/// "RT Structure Set Storage is not an image", "no pixel data", "unreadable: ...".
struct DicomSkippedFile {
    std::string path;
    std::string reason;
};

/// What scanDicomFolder() found: image series (sorted by study, series number, UID) and the
/// files it passed over (sorted by path).
struct DicomScanResult {
    std::vector<DicomSeries> series;
    std::vector<DicomSkippedFile> skipped;
};

/// Finds the DICOM image series under `folder`, recursively (directory symlinks are not
/// followed), grouping files by SeriesInstanceUID. Reads headers only: element values longer
/// than a few KB (the pixel data) are skipped, not read. Files that are not DICOM, are not
/// images (SR, RTSTRUCT, RTPLAN, SEG, DICOMDIR, ...), have no pixel data or cannot be parsed
/// go to `skipped` with a reason. Reads files on hardware_concurrency() threads and reports
/// "Reading DICOM" progress per file on the calling thread; throws Cancelled when the progress
/// asks to stop, and segloop::Error when `folder` is not a readable folder.
DicomScanResult scanDicomFolder(const std::string& folder, Progress* progress = nullptr);

}  // namespace segloop
