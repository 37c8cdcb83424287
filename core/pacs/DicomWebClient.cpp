#include "core/pacs/DicomWebClient.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <utility>

#include "core/Error.h"
#include "core/pacs/DicomJson.h"
#include "core/pacs/HttpSession.h"
#include "core/pacs/TransferCancelled.h"

namespace segloop {

namespace {

using Parameters = std::vector<std::pair<std::string, std::string>>;

void addIfSet(Parameters& parameters, const char* key, const std::string& value) {
    if (!value.empty()) {
        parameters.emplace_back(key, value);
    }
}

/// Runs one QIDO-RS request; returns the JSON body ("" for 204 No Content).
std::string runQido(const DicomWebServer& server, const std::string& path,
                    const Parameters& parameters, Progress* progress) {
    const std::string subject = describeDicomWebServer(server);
    if (progress != nullptr && !progress->update("Searching", 0, 0)) {
        throw TransferCancelled(subject, "before the search began");
    }
    HttpSession http(server);
    std::string url = subject + path;
    char separator = '?';
    for (const auto& [key, value] : parameters) {
        url += separator + escapeQueryValue(key) + "=" + escapeQueryValue(value);
        separator = '&';
    }
    HttpRequest request;
    request.url = url;
    request.headers = {"Accept: application/dicom+json"};
    if (progress != nullptr) {
        request.keepGoing = [progress] { return progress->update("Searching", 0, 0); };
    }
    const HttpResponse response = http.perform(request);
    if (response.stopped) {
        throw TransferCancelled(subject, "search stopped");
    }
    if (response.status == 204) {
        return {};
    }
    if (response.status != 200) {
        throw Error(subject, "QIDO-RS search failed: " + describeHttpFailure(response));
    }
    return response.body;
}

std::string randomBoundary() {
    static const char digits[] = "0123456789abcdef";
    std::random_device device;
    std::string boundary = "segloop-";
    for (int i = 0; i < 32; ++i) {
        boundary += digits[device() % 16];
    }
    return boundary;
}

std::string fileName(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

/// The whole file, or only its first 132 bytes; throws unless it is a DICOM Part 10 file.
std::string readDicomFile(const std::string& path, bool whole) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(path, "cannot be opened");
    }
    std::string bytes;
    if (whole) {
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else {
        bytes.resize(132);
        in.read(bytes.data(), 132);
        bytes.resize(static_cast<size_t>(in.gcount()));
    }
    if (bytes.size() < 132 || bytes.compare(128, 4, "DICM") != 0) {
        throw Error(path, "is not a DICOM file with a meta header (DICM), which STOW-RS needs");
    }
    return bytes;
}

}  // namespace

DicomWebClient::DicomWebClient(DicomWebServer server) : server_(std::move(server)) {}

std::vector<PacsStudy> DicomWebClient::searchStudies(const PacsQuery& query,
                                                     Progress* progress) const {
    validateDicomWebServer(server_);
    validatePacsQuery(query);
    Parameters parameters;
    addIfSet(parameters, "PatientID", query.patientId);
    addIfSet(parameters, "PatientName", query.patientName);
    addIfSet(parameters, "StudyDate", studyDateRange(query));
    addIfSet(parameters, "ModalitiesInStudy", query.modality);
    addIfSet(parameters, "StudyDescription", query.studyDescription);
    addIfSet(parameters, "StudyInstanceUID", query.studyInstanceUid);
    for (const char* field :
         {"00081030", "00080061", "00201206", "00201208", "00100030", "00080050"}) {
        parameters.emplace_back("includefield", field);
    }
    const std::string subject = describeDicomWebServer(server_);
    std::vector<PacsStudy> studies =
        parseQidoStudies(runQido(server_, "/studies", parameters, progress), subject);
    if (progress != nullptr) {
        progress->update("Searching", studies.size(), 0);
    }
    return studies;
}

std::vector<PacsSeries> DicomWebClient::searchSeries(const PacsQuery& query,
                                                     Progress* progress) const {
    validateDicomWebServer(server_);
    validatePacsQuery(query);
    Parameters parameters;
    addIfSet(parameters, "PatientID", query.patientId);
    addIfSet(parameters, "PatientName", query.patientName);
    addIfSet(parameters, "StudyDate", studyDateRange(query));
    addIfSet(parameters, "StudyDescription", query.studyDescription);
    addIfSet(parameters, "SeriesInstanceUID", query.seriesInstanceUid);
    addIfSet(parameters, "Modality", query.modality);
    addIfSet(parameters, "SeriesDescription", query.seriesDescription);
    for (const char* field :
         {"00100010", "00100020", "0020000D", "00080021", "0008103E", "00200011", "00201209"}) {
        parameters.emplace_back("includefield", field);
    }
    const std::string path = query.studyInstanceUid.empty()
                                 ? std::string("/series")
                                 : "/studies/" + query.studyInstanceUid + "/series";
    const std::string subject = describeDicomWebServer(server_);
    std::vector<PacsSeries> series =
        parseQidoSeries(runQido(server_, path, parameters, progress), subject);
    for (PacsSeries& one : series) {
        if (one.studyInstanceUid.empty()) {
            one.studyInstanceUid = query.studyInstanceUid;
        }
    }
    if (progress != nullptr) {
        progress->update("Searching", series.size(), 0);
    }
    return series;
}

PacsStoreReport DicomWebClient::storeFiles(const std::vector<std::string>& paths,
                                           Progress* progress) const {
    validateDicomWebServer(server_);
    const std::string subject = describeDicomWebServer(server_);
    for (const std::string& path : paths) {
        readDicomFile(path, false);  // every file is checked before anything is sent
    }
    PacsStoreReport report;
    if (paths.empty()) {
        return report;
    }
    HttpSession http(server_);
    const size_t count = paths.size();
    for (size_t i = 0; i < count; ++i) {
        const auto stopped = [&] {
            return TransferCancelled(subject, std::to_string(i) + " of " + std::to_string(count) +
                                                  " files had been sent; those stay on the server");
        };
        if (progress != nullptr && !progress->update("Sending", i, count)) {
            throw stopped();
        }
        const std::string bytes = readDicomFile(paths[i], true);
        std::string boundary = randomBoundary();
        while (bytes.find(boundary) != std::string::npos) {
            boundary = randomBoundary();
        }
        const std::string body = "--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n" +
                                 bytes + "\r\n--" + boundary + "--\r\n";
        HttpRequest request;
        request.method = "POST";
        request.url = subject + "/studies";
        request.headers = {
            "Content-Type: multipart/related; type=\"application/dicom\"; boundary=" + boundary,
            "Accept: application/dicom+json"};
        request.body = &body;
        if (progress != nullptr) {
            request.keepGoing = [progress, i, count] {
                return progress->update("Sending", i, count);
            };
        }
        const HttpResponse response = http.perform(request);
        if (response.stopped) {
            throw stopped();
        }
        const std::string name = fileName(paths[i]);
        const bool answered =
            response.status == 200 || response.status == 202 || response.status == 409;
        const StowOutcome outcome =
            answered ? parseStowResponse(response.body, subject) : StowOutcome{};
        if (!outcome.failures.empty()) {
            throw Error(subject,
                        "STOW-RS refused " + name + " (" + outcome.failures.front() + ")" +
                            (i > 0 ? "; the " + std::to_string(i) + " files before it were stored"
                                   : std::string()));
        }
        if (response.status != 200 && response.status != 202) {
            throw Error(subject,
                        "STOW-RS of " + name + " failed: " + describeHttpFailure(response));
        }
        ++report.stored;
        for (const std::string& warning : outcome.warnings) {
            report.warnings.push_back(name + ": " + warning);
        }
    }
    if (progress != nullptr) {
        progress->update("Sending", count, count);
    }
    return report;
}

}  // namespace segloop
