// DicomWebClient::retrieveSeries: WADO-RS, the multipart answer streamed to disk part by part.
#include <cctype>
#include <fstream>
#include <memory>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"

#include "core/Error.h"
#include "core/pacs/DicomRetrieval.h"
#include "core/pacs/DicomWebClient.h"
#include "core/pacs/HttpSession.h"
#include "core/pacs/MultipartReader.h"
#include "core/pacs/ReceivedFiles.h"
#include "core/pacs/TransferCancelled.h"

namespace segloop {

namespace {

/// The SOP Instance UID of a received part, or "" when it is not a DICOM file.
std::string sopInstanceUidOf(const std::string& path) {
    DcmFileFormat file;
    if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).bad()) {
        return {};
    }
    OFString uid;
    file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, uid);
    return uid.c_str();
}

bool isDicomPart(const MultipartReader::Headers& headers) {
    const auto type = headers.find("content-type");
    if (type == headers.end()) {
        return true;  // no type given: the answer's type applies
    }
    std::string value = type->second.substr(0, type->second.find(';'));
    for (char& c : value) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return value == "application/dicom" || value == "application/octet-stream";
}

}  // namespace

std::vector<std::string> DicomWebClient::retrieveSeries(const std::string& studyInstanceUid,
                                                        const std::string& seriesInstanceUid,
                                                        const std::string& folder,
                                                        Progress* progress) const {
    validateDicomWebServer(server_);
    const std::string subject = describeDicomWebServer(server_);
    PacsQuery series;
    series.studyInstanceUid = studyInstanceUid;
    series.seriesInstanceUid = seriesInstanceUid;
    validatePacsQuery(series);
    if (studyInstanceUid.empty() || seriesInstanceUid.empty()) {
        throw Error("retrieve",
                    "a series is retrieved by its study and series instance UIDs; "
                    "one of them is empty");
    }
    ReceivedFiles files(folder);
    RetrievalProgress tally(progress);
    if (!tally.start()) {
        throw TransferCancelled(subject, "before the transfer began");
    }
    try {  // how many files to expect, for the progress only
        const std::vector<PacsSeries> found = searchSeries(series);
        if (found.size() == 1 && found.front().numberOfInstances > 0) {
            tally.announce(static_cast<unsigned>(found.front().numberOfInstances), 0, 0, 0);
        }
    } catch (const Error&) {
    }

    bool cancelled = false;
    std::ofstream out;
    std::string partPath;
    std::unique_ptr<MultipartReader> reader;
    MultipartReader::Callbacks callbacks;
    callbacks.beginPart = [&](const MultipartReader::Headers& headers) {
        if (!isDicomPart(headers)) {
            throw Error(subject, "WADO-RS sent a part of type \"" + headers.at("content-type") +
                                     "\" where DICOM files were asked for");
        }
        partPath = files.reserve();
        out.open(partPath, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw Error(files.folder(), "cannot write a received file into this folder");
        }
    };
    callbacks.partData = [&](const char* data, size_t size) {
        if (!out.write(data, static_cast<std::streamsize>(size))) {
            throw Error(files.folder(), "cannot write a received file (is the disk full?)");
        }
    };
    callbacks.endPart = [&] {
        out.close();
        if (!out) {
            throw Error(files.folder(), "cannot write a received file (is the disk full?)");
        }
        const std::string uid = sopInstanceUidOf(partPath);
        if (uid.empty()) {
            throw Error(subject, "WADO-RS: part " + std::to_string(reader->partCount()) +
                                     " of the answer is not a DICOM file");
        }
        files.accept(partPath, uid);
        cancelled = cancelled || !tally.fileArrived();
    };

    HttpSession http(server_);
    HttpRequest request;
    request.url = subject + "/studies/" + studyInstanceUid + "/series/" + seriesInstanceUid;
    request.headers = {"Accept: multipart/related; type=\"application/dicom\""};
    request.onStart = [&](const std::string& contentType) {
        const std::string boundary = multipartBoundary(contentType);
        if (boundary.empty()) {
            throw Error(subject, "WADO-RS answered with \"" + contentType +
                                     "\", not a multipart answer with a boundary");
        }
        reader = std::make_unique<MultipartReader>(boundary, callbacks);
    };
    request.onBody = [&](const char* data, size_t size) {
        reader->feed(data, size);
        return !cancelled;
    };
    request.keepGoing = [&] { return !cancelled && tally.poll(); };
    const HttpResponse response = http.perform(request);
    if (response.stopped || cancelled) {
        throw TransferCancelled(subject, tally.cancelDetail());
    }
    if (response.status != 200) {
        throw Error(subject, "WADO-RS retrieval of series " + seriesInstanceUid +
                                 " failed: " + describeHttpFailure(response));
    }
    if (reader == nullptr) {
        throw Error(subject, "WADO-RS sent an empty answer for series " + seriesInstanceUid);
    }
    reader->finish();
    if (files.count() == 0) {
        throw Error(subject, "WADO-RS sent no file for series " + seriesInstanceUid);
    }
    return files.commit();
}

}  // namespace segloop
