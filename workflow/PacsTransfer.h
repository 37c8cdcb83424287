#pragma once

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/pacs/DicomNode.h"
#include "core/pacs/DicomWebServer.h"
#include "core/pacs/PacsQuery.h"
#include "core/pacs/PacsStoreReport.h"
#include "workflow/ProjectImport.h"

namespace segloop {

class Project;

/// The PACS a project talks to, kept in its settings: a DICOM node (C-ECHO, C-FIND, C-MOVE or
/// C-GET, C-STORE) or a DICOMweb server (QIDO-RS, WADO-RS, STOW-RS).
struct PacsConnection {
    enum class Protocol { Dimse, DicomWeb };
    Protocol protocol = Protocol::Dimse;
    DicomNode node;
    bool retrieveWithGet = false;  ///< C-GET instead of C-MOVE (no port of ours to open)
    DicomWebServer web;
};

/// The project's PACS; Error naming the project when none is configured.
PacsConnection projectPacs(Project& project);
/// Stores it in the project's settings (validated first: AE titles, ports, URL).
void setProjectPacs(Project& project, const PacsConnection& connection);
/// "PACS@host:104 (DIMSE, C-MOVE to SEGLOOP:11112)" or "DICOMweb http://...".
std::string describePacs(const PacsConnection& connection);

/// The PACS use cases of both front ends (`segloop-cli pacs`, the window's PACS dialog).
/// Each blocks the calling thread (the window runs them on a worker), reports progress through
/// `progress` (returning false cancels: nothing half-received is kept) and throws Error naming
/// the node and the problem.
void echoPacs(const PacsConnection& connection);
std::vector<PacsStudy> findStudies(const PacsConnection& connection, const PacsQuery& query,
                                   Progress* progress = nullptr);
std::vector<PacsSeries> findSeries(const PacsConnection& connection, const PacsQuery& query,
                                   Progress* progress = nullptr);

/// Retrieves a series into the project (data/dicom/<series UID>/, kept: SEG export copies and
/// references those files) and imports it, SEG and RTSTRUCT instances included, as
/// importImagesAndLabels does (classes the project lacks are added when `addMissingClasses`).
ProjectImportReport retrieveIntoProject(Project& project, const PacsConnection& connection,
                                        const std::string& studyInstanceUid,
                                        const std::string& seriesInstanceUid,
                                        bool addMissingClasses, Progress* progress = nullptr);

/// Sends files (e.g. the SEG or RTSTRUCT an export wrote) to the PACS; the send is in the
/// project's audit log.
PacsStoreReport sendToPacs(Project& project, const PacsConnection& connection,
                           const std::vector<std::string>& files, Progress* progress = nullptr);

}  // namespace segloop
