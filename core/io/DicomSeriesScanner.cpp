#include "core/io/DicomSeriesScanner.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <system_error>
#include <tuple>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcmetinf.h"

#include "core/Error.h"
#include "core/io/DicomFunctionalGroups.h"
#include "core/io/DicomHeader.h"
#include "core/io/DicomParallel.h"
#include "core/io/DicomPixelDataCheck.h"

namespace segloop {

namespace {

/// Element values longer than this are left in the file while scanning (pixel data, large
/// private blobs): the scan reads headers, not images.
constexpr Uint32 kScanMaxReadLength = 4096;

/// What the scanner learned from one file: either an image instance or a reason to skip it.
struct FileOutcome {
    std::optional<DicomSeries> series;  ///< Series fields plus the file's frames.
    std::string skipReason;
};

std::vector<std::string> listFiles(const std::string& folder) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        throw Error(folder,
                    fs::exists(folder, error) ? "is not a folder" : "folder does not exist");
    }
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied,
                                        error);
    if (error) {
        throw Error(folder, "cannot list the folder: " + error.message());
    }
    for (const fs::recursive_directory_iterator end; it != end; it.increment(error)) {
        if (error) {
            break;
        }
        std::error_code typeError;
        if (it->is_regular_file(typeError)) {
            files.push_back(it->path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// The SOP class of a file: the dataset's, else the meta header's (a DICOMDIR has only that).
std::string sopClassOf(DcmFileFormat& file) {
    OFString uid;
    if (file.getDataset()->findAndGetOFString(DCM_SOPClassUID, uid).good() && !uid.empty()) {
        return uid.c_str();
    }
    if (file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, uid).good()) {
        return uid.c_str();
    }
    return {};
}

FileOutcome scanFile(const std::string& path) {
    FileOutcome outcome;
    if (!looksLikeDicomFile(path)) {
        outcome.skipReason = "not a DICOM file";
        return outcome;
    }
    DcmFileFormat file;
    const OFCondition status =
        file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, kScanMaxReadLength);
    if (status.bad()) {
        outcome.skipReason = std::string("unreadable: ") + status.text();
        return outcome;
    }
    DcmDataset& dataset = *file.getDataset();
    const std::string sopClassUid = sopClassOf(file);
    const bool hasPixelData = dataset.tagExists(DCM_PixelData);
    outcome.skipReason = dicomNonImageReason(sopClassUid, hasPixelData);
    if (!outcome.skipReason.empty()) {
        return outcome;
    }
    DicomSeries series;
    readDicomSeriesHeader(dataset, series);
    DicomInstance instance = readDicomInstanceHeader(dataset);
    instance.path = path;
    instance.sopClassUid = sopClassUid;
    const std::string shortfall = dicomPixelDataShortfall(dataset, instance.pixelFormat);
    if (!shortfall.empty()) {  // before any loader allocates the declared size
        outcome.skipReason = "unreadable: " + shortfall;
        return outcome;
    }
    if (instance.pixelFormat.numberOfFrames > 1) {
        series.instances = readDicomFrameHeaders(dataset, instance);
    }
    if (series.instances.empty()) {
        series.instances.push_back(std::move(instance));  // The loader refuses it if multi-frame.
    }
    outcome.series = std::move(series);
    return outcome;
}

}  // namespace

DicomScanResult scanDicomFolder(const std::string& folder, Progress* progress) {
    const std::vector<std::string> files = listFiles(folder);
    std::vector<FileOutcome> outcomes(files.size());
    runDicomTasks(files.size(), progress, "Reading DICOM", [&](size_t index) {
        try {
            outcomes[index] = scanFile(files[index]);
        } catch (const std::exception& error) {
            outcomes[index].skipReason = std::string("unreadable: ") + error.what();
        }
    });

    DicomScanResult result;
    std::map<std::string, size_t> seriesByUid;
    for (size_t index = 0; index < files.size(); ++index) {
        FileOutcome& outcome = outcomes[index];
        if (!outcome.series) {
            result.skipped.push_back({files[index], outcome.skipReason});
            continue;
        }
        DicomSeries& found = *outcome.series;
        const auto [it, inserted] =
            seriesByUid.emplace(found.seriesInstanceUid, result.series.size());
        if (inserted) {
            result.series.push_back(std::move(found));
        } else {
            std::vector<DicomInstance>& instances = result.series[it->second].instances;
            std::move(found.instances.begin(), found.instances.end(),
                      std::back_inserter(instances));
        }
    }
    for (DicomSeries& series : result.series) {
        std::stable_sort(series.instances.begin(), series.instances.end(),
                         [](const DicomInstance& a, const DicomInstance& b) {
                             return std::tie(a.instanceNumber, a.path, a.frameNumber) <
                                    std::tie(b.instanceNumber, b.path, b.frameNumber);
                         });
    }
    std::stable_sort(
        result.series.begin(), result.series.end(), [](const DicomSeries& a, const DicomSeries& b) {
            return std::tie(a.patientId, a.studyInstanceUid, a.seriesNumber, a.seriesInstanceUid) <
                   std::tie(b.patientId, b.studyInstanceUid, b.seriesNumber, b.seriesInstanceUid);
        });
    return result;
}

}  // namespace segloop
