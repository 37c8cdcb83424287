#pragma once

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/pacs/DicomWebServer.h"
#include "core/pacs/PacsQuery.h"
#include "core/pacs/PacsStoreReport.h"

namespace segloop {

/// Talks to a DICOMweb server: QIDO-RS searches, WADO-RS retrieval of a series, STOW-RS
/// storage of files, with the same keys, results, progress and cancel conventions as the DIMSE
/// classes (DicomFindScu, DicomGetScu, DicomStoreScu). Each call uses its own HTTP session,
/// so one client may serve several threads. Errors are segloop::Error whose subject is the
/// base URL: nothing listening, unknown host, timeout, an HTTP error status (with its code),
/// an answer that is not what DICOMweb says. Cancel throws TransferCancelled.
class DicomWebClient {
  public:
    explicit DicomWebClient(DicomWebServer server);

    /// QIDO-RS /studies. Progress "Searching" while it runs, then (matches, 0).
    std::vector<PacsStudy> searchStudies(const PacsQuery& query,
                                         Progress* progress = nullptr) const;

    /// QIDO-RS /studies/{uid}/series (or /series when no study UID is given).
    std::vector<PacsSeries> searchSeries(const PacsQuery& query,
                                         Progress* progress = nullptr) const;

    /// WADO-RS /studies/{study}/series/{series}: every instance into `folder` (created when
    /// needed) as "<SOP Instance UID>.dcm"; returns their paths, sorted. The multipart answer
    /// is streamed to disk part by part. All or nothing, as DicomGetScu::retrieveSeries().
    /// Progress: "Retrieving" (files arrived, files in the series when QIDO-RS says).
    std::vector<std::string> retrieveSeries(const std::string& studyInstanceUid,
                                            const std::string& seriesInstanceUid,
                                            const std::string& folder,
                                            Progress* progress = nullptr) const;

    /// STOW-RS /studies: the files (DICOM Part 10 files), one request per file. Progress
    /// "Sending" (files sent, files); cancel stops at once, the files sent stay on the server.
    /// Throws at the first file the server refuses, naming it and the failure reason.
    PacsStoreReport storeFiles(const std::vector<std::string>& paths,
                               Progress* progress = nullptr) const;

  private:
    DicomWebServer server_;
};

}  // namespace segloop
