// `pacs`: the project's PACS (DICOM node or DICOMweb server): configure, echo, find, retrieve
// into the project, send files.
#include <cstdio>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "storage/Project.h"
#include "workflow/PacsTransfer.h"

namespace segloop::cli {
namespace {

PacsConnection connectionFrom(Project& project, const ParsedArguments& arguments) {
    PacsConnection connection;
    try {
        connection = projectPacs(project);
    } catch (const Error&) {
        // none yet: configure starts from the defaults
    }
    if (arguments.has("dicomweb")) {
        connection.protocol = PacsConnection::Protocol::DicomWeb;
        connection.web.baseUrl = arguments.value("dicomweb");
    }
    if (arguments.has("aet") || arguments.has("host")) {
        connection.protocol = PacsConnection::Protocol::Dimse;
    }
    connection.node.aeTitle = arguments.value("aet", connection.node.aeTitle);
    connection.node.host = arguments.value("host", connection.node.host);
    connection.node.port = arguments.intValue("port", connection.node.port);
    connection.node.localAeTitle = arguments.value("local-aet", connection.node.localAeTitle);
    connection.node.localPort = arguments.intValue("local-port", connection.node.localPort);
    if (arguments.has("retrieve")) {
        const std::string how = arguments.value("retrieve");
        if (how != "move" && how != "get") {
            throw UsageError{"--retrieve needs move or get, not '" + how + "'"};
        }
        connection.retrieveWithGet = how == "get";
    }
    return connection;
}

PacsQuery queryFrom(const ParsedArguments& arguments) {
    PacsQuery query;
    query.patientId = arguments.value("patient-id");
    query.patientName = arguments.value("patient-name");
    query.modality = arguments.value("modality");
    query.studyDescription = arguments.value("description");
    query.studyInstanceUid = arguments.value("study");
    const std::string dates = arguments.value("date");
    const size_t dash = dates.find('-');
    query.studyDateFrom = dates.substr(0, dash);
    query.studyDateTo = dash == std::string::npos ? query.studyDateFrom : dates.substr(dash + 1);
    return query;
}

int runPacs(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const std::string action = arguments.positional[1];
    const std::vector<std::string> rest(arguments.positional.begin() + 2,
                                        arguments.positional.end());
    if (action == "configure") {
        const PacsConnection connection = connectionFrom(project, arguments);
        setProjectPacs(project, connection);
        std::printf("PACS: %s\n", describePacs(connection).c_str());
        return kExitOk;
    }
    const PacsConnection connection = connectionFrom(project, arguments);
    TerminalProgress progress;
    if (action == "echo") {
        echoPacs(connection);
        std::printf("%s answers\n", describePacs(connection).c_str());
    } else if (action == "find" && !arguments.has("study")) {
        const std::vector<PacsStudy> studies =
            findStudies(connection, queryFrom(arguments), &progress);
        progress.finish();
        std::printf("%zu studies\n", studies.size());
        for (const PacsStudy& study : studies) {
            std::printf("%s  %-8s %-20.20s %-24.24s %s\n", study.studyInstanceUid.c_str(),
                        study.studyDate.c_str(), study.patientName.c_str(),
                        study.studyDescription.c_str(), study.patientId.c_str());
        }
    } else if (action == "find") {
        const std::vector<PacsSeries> series =
            findSeries(connection, queryFrom(arguments), &progress);
        progress.finish();
        std::printf("%zu series\n", series.size());
        for (const PacsSeries& one : series) {
            std::printf("%s  %-4s %4d  %-30.30s %d instances\n", one.seriesInstanceUid.c_str(),
                        one.modality.c_str(), one.seriesNumber, one.seriesDescription.c_str(),
                        one.numberOfInstances);
        }
    } else if (action == "retrieve") {
        if (rest.size() != 2) {
            throw UsageError{"retrieve needs STUDY_UID SERIES_UID"};
        }
        const ProjectImportReport report = retrieveIntoProject(
            project, connection, rest[0], rest[1], arguments.has("add-classes"), &progress);
        progress.finish();
        std::printf("Retrieved and imported %zu volumes and %zu label files (SEG, RTSTRUCT)\n",
                    report.images.imported.size(), report.labels.size());
    } else if (action == "send") {
        if (rest.empty()) {
            throw UsageError{"send needs the files to send"};
        }
        const PacsStoreReport report = sendToPacs(project, connection, rest, &progress);
        progress.finish();
        std::printf("Sent %zu files to %s\n", report.stored, describePacs(connection).c_str());
        for (const std::string& warning : report.warnings) {
            std::printf("  %s\n", warning.c_str());
        }
    } else {
        throw UsageError{"unknown action '" + action +
                         "' (configure, echo, find, retrieve or send)"};
    }
    return kExitOk;
}

}  // namespace

Command pacsCommand() {
    return {{"pacs",
             "Talk to the project's PACS: configure, echo, find, retrieve, send.",
             "PROJECT ACTION [ARGUMENTS]",
             "configure [--aet AE --host HOST --port N --local-aet AE --local-port N\n"
             "           --retrieve move|get | --dicomweb URL]   store the PACS in the project\n"
             "echo                              C-ECHO (DICOMweb: a QIDO-RS search)\n"
             "find [--patient-id ID --patient-name NAME --date FROM-TO --modality M\n"
             "      --description TEXT]         studies; with --study UID: its series\n"
             "retrieve STUDY_UID SERIES_UID      C-MOVE (or C-GET, WADO-RS) into\n"
             "                                  data/dicom/SERIES_UID and import it, SEG and\n"
             "                                  RTSTRUCT instances as labels\n"
             "send FILE...                      C-STORE (or STOW-RS), e.g. an exported SEG\n"
             "Options given to another action override the stored ones for that call.\n"
             "Ctrl-C cancels a transfer; nothing half-received is kept.",
             2,
             SIZE_MAX,
             {{"aet", "AE", "the PACS's AE title"},
              {"host", "HOST", "the PACS's host"},
              {"port", "N", "the PACS's DICOM port (default 104)"},
              {"local-aet", "AE", "our AE title (default SEGLOOP)"},
              {"local-port", "N", "our port for C-MOVE (default 11112)"},
              {"retrieve", "HOW", "move (default) or get"},
              {"dicomweb", "URL", "a DICOMweb server instead of a DICOM node"},
              {"patient-id", "ID", "find: patient ID"},
              {"patient-name", "NAME", "find: patient name (wildcards * and ?)"},
              {"date", "FROM-TO", "find: study dates, YYYYMMDD-YYYYMMDD"},
              {"modality", "M", "find: modality"},
              {"description", "TEXT", "find: study description"},
              {"study", "UID", "find: the series of this study"},
              {"add-classes", "", "retrieve: add the classes a SEG/RTSTRUCT names"}}},
            runPacs};
}

}  // namespace segloop::cli
