#include "core/pacs/DicomStoreScu.h"

#include "core/io/DicomJpegMarkers.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"

#include "core/io/DicomCodecs.h"
#include "core/pacs/DicomAssociation.h"
#include "core/pacs/TransferCancelled.h"

namespace segloop {

namespace {

/// The part of a file's header that decides how it is sent.
struct OutgoingFile {
    std::string path;
    std::string sopClassUid;
    std::string transferSyntaxUid;
};

std::string fileName(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

bool isUncompressedLittleEndian(const std::string& syntax) {
    return syntax == UID_LittleEndianExplicitTransferSyntax ||
           syntax == UID_LittleEndianImplicitTransferSyntax;
}

OutgoingFile readHeader(const std::string& path) {
    DcmFileFormat file;
    // Headers only: values longer than 4 KB (the pixel data) are not read now.
    const OFCondition condition = file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096);
    if (condition.bad()) {
        throw Error(path, std::string("cannot be read as DICOM (") + condition.text() + ")");
    }
    OutgoingFile outgoing;
    outgoing.path = path;
    OFString sopClass;
    OFString sopInstance;
    file.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass);
    file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, sopInstance);
    if (sopClass.empty() || sopInstance.empty()) {
        throw Error(path, "is not a DICOM object (no SOP Class or SOP Instance UID)");
    }
    outgoing.sopClassUid = sopClass.c_str();
    outgoing.transferSyntaxUid = DcmXfer(file.getDataset()->getOriginalXfer()).getXferID();
    return outgoing;
}

/// Per SOP class: the files' own (compressed) transfer syntaxes, each alone, and an
/// uncompressed context every file can fall back to.
std::vector<DicomPresentationContext> storeContexts(const std::vector<OutgoingFile>& files) {
    std::map<std::string, std::vector<std::string>> syntaxesByClass;
    for (const OutgoingFile& file : files) {
        auto& syntaxes = syntaxesByClass[file.sopClassUid];
        if (!isUncompressedLittleEndian(file.transferSyntaxUid) &&
            std::find(syntaxes.begin(), syntaxes.end(), file.transferSyntaxUid) == syntaxes.end()) {
            syntaxes.push_back(file.transferSyntaxUid);
        }
    }
    std::vector<DicomPresentationContext> contexts;
    for (const auto& [sopClass, syntaxes] : syntaxesByClass) {
        for (const std::string& syntax : syntaxes) {
            contexts.push_back({sopClass, {syntax}});
        }
        contexts.push_back(
            {sopClass,
             {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}});
    }
    if (contexts.size() > 127) {
        throw Error("store", "the files are of too many kinds (" + std::to_string(contexts.size()) +
                                 " presentation contexts, at most 127): send them in parts");
    }
    return contexts;
}

/// Sends one file; returns the response status. The dataset is decompressed when the node
/// did not accept the file's own transfer syntax.
Uint16 sendFile(DicomAssociation& association, const OutgoingFile& outgoing) {
    DcmFileFormat file;
    OFCondition condition = file.loadFile(outgoing.path.c_str());
    if (condition.bad()) {
        throw Error(outgoing.path,
                    std::string("cannot be read as DICOM (") + condition.text() + ")");
    }
    DcmDataset* dataset = file.getDataset();
    T_ASC_PresentationContextID contextId =
        association.exactContext(outgoing.sopClassUid, outgoing.transferSyntaxUid);
    if (contextId == 0) {  // the node did not take the file's own syntax: the fallback context
        contextId =
            ASC_findAcceptedPresentationContextID(association.get(), outgoing.sopClassUid.c_str());
        if (contextId == 0) {
            throw Error(association.subject(),
                        "the node does not accept " +
                            std::string(dcmFindNameOfUID(outgoing.sopClassUid.c_str(),
                                                         outgoing.sopClassUid.c_str())) +
                            " objects (" + fileName(outgoing.path) + ")");
        }
        const E_TransferSyntax target =
            DcmXfer(association.acceptedTransferSyntax(contextId).c_str()).getXfer();
        if (!isUncompressedLittleEndian(outgoing.transferSyntaxUid)) {
            const std::string jpegProblem = dicomJpegMarkerProblem(*dataset);
            if (!jpegProblem.empty()) {
                throw Error(outgoing.path, jpegProblem);
            }
            registerDicomCodecs();
            if (dataset->chooseRepresentation(target, nullptr).bad() ||
                !dataset->canWriteXfer(target)) {
                throw Error(association.subject(),
                            "the node does not accept " + fileName(outgoing.path) +
                                "'s transfer syntax (" +
                                DcmXfer(outgoing.transferSyntaxUid.c_str()).getXferName() +
                                ") and it cannot be decompressed here");
            }
        }
    }
    OFString sopInstance;
    dataset->findAndGetOFString(DCM_SOPInstanceUID, sopInstance);
    T_DIMSE_C_StoreRQ request{};
    request.MessageID = association.nextMessageId();
    OFStandard::strlcpy(request.AffectedSOPClassUID, outgoing.sopClassUid.c_str(),
                        sizeof(request.AffectedSOPClassUID));
    OFStandard::strlcpy(request.AffectedSOPInstanceUID, sopInstance.c_str(),
                        sizeof(request.AffectedSOPInstanceUID));
    request.DataSetType = DIMSE_DATASET_PRESENT;
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    T_DIMSE_C_StoreRSP response{};
    DcmDataset* statusDetail = nullptr;
    condition = DIMSE_storeUser(association.get(), contextId, &request, nullptr, dataset, nullptr,
                                nullptr, DIMSE_NONBLOCKING, association.dimseTimeoutSeconds(),
                                &response, &statusDetail);
    delete statusDetail;
    if (condition.bad()) {
        throw association.failure("C-STORE of " + fileName(outgoing.path), condition);
    }
    return response.DimseStatus;
}

bool isWarning(Uint16 status) {
    return status == STATUS_STORE_Warning_CoercionOfDataElements ||
           status == STATUS_STORE_Warning_DataSetDoesNotMatchSOPClass ||
           status == STATUS_STORE_Warning_ElementsDiscarded || (status & 0xf000) == 0xb000;
}

}  // namespace

DicomStoreScu::DicomStoreScu(DicomNode node) : node_(std::move(node)) {}

PacsStoreReport DicomStoreScu::storeFiles(const std::vector<std::string>& paths,
                                          Progress* progress) const {
    validateDicomNode(node_);
    std::vector<OutgoingFile> files;
    for (const std::string& path : paths) {
        files.push_back(readHeader(path));
    }
    PacsStoreReport report;
    if (files.empty()) {
        return report;
    }
    const std::string subject = describeDicomNode(node_);
    if (progress != nullptr && !progress->update("Sending", 0, files.size())) {
        throw TransferCancelled(subject, "before the transfer began");
    }
    DicomAssociation association(node_, storeContexts(files));
    for (size_t i = 0; i < files.size(); ++i) {
        if (i > 0 && progress != nullptr && !progress->update("Sending", i, files.size())) {
            association.abort();
            throw TransferCancelled(subject, std::to_string(i) + " of " +
                                                 std::to_string(files.size()) +
                                                 " files had been sent; those stay on the node");
        }
        const Uint16 status = sendFile(association, files[i]);
        if (status == STATUS_Success) {
            ++report.stored;
        } else if (isWarning(status)) {
            ++report.stored;
            report.warnings.push_back(fileName(files[i].path) + ": " +
                                      describeDimseStatus(status, DU_cstoreStatusString));
        } else {
            association.release();
            throw Error(subject,
                        "C-STORE of " + fileName(files[i].path) + " failed with " +
                            describeDimseStatus(status, DU_cstoreStatusString) +
                            (i > 0 ? " (the " + std::to_string(i) + " files before it were stored)"
                                   : std::string()));
        }
    }
    association.release();
    if (progress != nullptr) {
        progress->update("Sending", files.size(), files.size());
    }
    return report;
}

}  // namespace segloop
