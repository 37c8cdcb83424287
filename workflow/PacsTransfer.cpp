#include "workflow/PacsTransfer.h"

#include <filesystem>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"
#include "core/pacs/DicomEchoScu.h"
#include "core/pacs/DicomFindScu.h"
#include "core/pacs/DicomGetScu.h"
#include "core/pacs/DicomMoveScu.h"
#include "core/pacs/DicomStoreScu.h"
#include "core/pacs/DicomWebClient.h"
#include "storage/Project.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

int intSetting(Project& project, const std::string& key, int fallback) {
    const std::optional<std::string> text = project.settings().find(key);
    if (!text)
        return fallback;
    try {
        return std::stoi(*text);
    } catch (const std::exception&) {
        throw Error(project.layout().folder,
                    "setting " + key + " is not a number: '" + *text + "'");
    }
}

std::string textSetting(Project& project, const std::string& key, const std::string& fallback) {
    return project.settings().find(key).value_or(fallback);
}

}  // namespace

PacsConnection projectPacs(Project& project) {
    const std::optional<std::string> protocol = project.settings().find("pacs_protocol");
    if (!protocol) {
        throw Error(project.layout().folder,
                    "has no PACS configured (segloop-cli pacs PROJECT configure ..., or the "
                    "window's PACS dialog)");
    }
    PacsConnection connection;
    connection.protocol = *protocol == "dicomweb" ? PacsConnection::Protocol::DicomWeb
                                                  : PacsConnection::Protocol::Dimse;
    connection.node.aeTitle = textSetting(project, "pacs_ae_title", "");
    connection.node.host = textSetting(project, "pacs_host", "");
    connection.node.port = intSetting(project, "pacs_port", connection.node.port);
    connection.node.localAeTitle =
        textSetting(project, "pacs_local_ae_title", connection.node.localAeTitle);
    connection.node.localPort = intSetting(project, "pacs_local_port", connection.node.localPort);
    connection.retrieveWithGet = textSetting(project, "pacs_retrieve", "move") == "get";
    connection.web.baseUrl = textSetting(project, "dicomweb_url", "");
    return connection;
}

void setProjectPacs(Project& project, const PacsConnection& connection) {
    const bool web = connection.protocol == PacsConnection::Protocol::DicomWeb;
    if (web)
        validateDicomWebServer(connection.web);
    else
        validateDicomNode(connection.node);
    ProjectSettings settings = project.settings();
    settings.set("pacs_protocol", web ? "dicomweb" : "dimse");
    settings.set("pacs_ae_title", connection.node.aeTitle);
    settings.set("pacs_host", connection.node.host);
    settings.set("pacs_port", std::to_string(connection.node.port));
    settings.set("pacs_local_ae_title", connection.node.localAeTitle);
    settings.set("pacs_local_port", std::to_string(connection.node.localPort));
    settings.set("pacs_retrieve", connection.retrieveWithGet ? "get" : "move");
    settings.set("dicomweb_url", connection.web.baseUrl);
    project.auditLog().append("configure pacs", "project", {{"pacs", describePacs(connection)}});
}

std::string describePacs(const PacsConnection& connection) {
    if (connection.protocol == PacsConnection::Protocol::DicomWeb)
        return "DICOMweb " + describeDicomWebServer(connection.web);
    const DicomNode& node = connection.node;
    return describeDicomNode(node) + " (DIMSE, " +
           (connection.retrieveWithGet
                ? std::string("C-GET")
                : "C-MOVE to " + node.localAeTitle + ":" + std::to_string(node.localPort)) +
           ")";
}

void echoPacs(const PacsConnection& connection) {
    if (connection.protocol == PacsConnection::Protocol::DicomWeb) {
        PacsQuery nothing;
        nothing.studyInstanceUid = "1.2.3.4.5.6.7.8.9.0";  // an answer, even empty, is an echo
        DicomWebClient(connection.web).searchStudies(nothing);
        return;
    }
    echoDicomNode(connection.node);
}

std::vector<PacsStudy> findStudies(const PacsConnection& connection, const PacsQuery& query,
                                   Progress* progress) {
    validatePacsQuery(query);
    if (connection.protocol == PacsConnection::Protocol::DicomWeb)
        return DicomWebClient(connection.web).searchStudies(query, progress);
    return DicomFindScu(connection.node).findStudies(query, progress);
}

std::vector<PacsSeries> findSeries(const PacsConnection& connection, const PacsQuery& query,
                                   Progress* progress) {
    validatePacsQuery(query);
    if (connection.protocol == PacsConnection::Protocol::DicomWeb)
        return DicomWebClient(connection.web).searchSeries(query, progress);
    return DicomFindScu(connection.node).findSeries(query, progress);
}

ProjectImportReport retrieveIntoProject(Project& project, const PacsConnection& connection,
                                        const std::string& studyInstanceUid,
                                        const std::string& seriesInstanceUid,
                                        bool addMissingClasses, Progress* progress) {
    PacsQuery uids;
    uids.studyInstanceUid = studyInstanceUid;
    uids.seriesInstanceUid = seriesInstanceUid;
    validatePacsQuery(uids);
    const std::string folder = project.layout().folder + "/data/dicom/" + seriesInstanceUid;
    if (fs::exists(folder) && !fs::is_empty(folder))
        throw Error(folder, "already holds a retrieved series " + seriesInstanceUid);
    // 0700, and no component below the project (data, data/dicom, the series folder) may be
    // a symbolic link: the retrieved files stay in the project. The UID is digits and dots.
    PrivateFiles::makeFolderBelow(project.layout().folder, "data/dicom/" + seriesInstanceUid);
    std::vector<std::string> files;
    if (connection.protocol == PacsConnection::Protocol::DicomWeb) {
        files = DicomWebClient(connection.web)
                    .retrieveSeries(studyInstanceUid, seriesInstanceUid, folder, progress);
    } else if (connection.retrieveWithGet) {
        files = DicomGetScu(connection.node)
                    .retrieveSeries(studyInstanceUid, seriesInstanceUid, folder, progress);
    } else {
        files = DicomMoveScu(connection.node)
                    .retrieveSeries(studyInstanceUid, seriesInstanceUid, folder, progress);
    }
    if (files.empty())
        throw Error(describePacs(connection), "sent no instance of series " + seriesInstanceUid);
    try {
        ImportRequest request;
        request.inputs = {folder};
        return importImagesAndLabels(project, request, addMissingClasses, progress);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(folder, ignored);  // nothing of a failed import stays in the project
        throw;
    }
}

PacsStoreReport sendToPacs(Project& project, const PacsConnection& connection,
                           const std::vector<std::string>& files, Progress* progress) {
    const PacsStoreReport report = connection.protocol == PacsConnection::Protocol::DicomWeb
                                       ? DicomWebClient(connection.web).storeFiles(files, progress)
                                       : DicomStoreScu(connection.node).storeFiles(files, progress);
    project.auditLog().append(
        "send to pacs", "project",
        {{"pacs", describePacs(connection)}, {"files", std::to_string(report.stored)}});
    return report;
}

}  // namespace segloop
