#include "core/io/DicomDeidentify.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcsequen.h"

#include "core/Error.h"
#include "core/io/DicomDeidentifyProfile.h"
#include "core/io/DicomFileLoad.h"
#include "core/io/DicomFileSave.h"
#include "core/io/DicomHeader.h"

namespace segloop {

namespace {

using deidentify::Action;

/// What the file says about the method: the profile, then one value per option used.
constexpr const char* kMethod = "DICOM PS3.15 Basic Profile (SegLoop)";

std::string replacedUid(const std::string& uid, DicomUidMap& uids) {
    return uid.empty() || deidentify::isStandardUid(uid) ? uid : uids.map(uid);
}

std::string pseudonymOf(const std::string& originalPatientId, const DicomUidMap& uids,
                        const DeidentifyOptions& options) {
    return options.patientPseudonym.empty() ? uids.patientPseudonym(originalPatientId)
                                            : options.patientPseudonym;
}

/// Replaces each value of a UI element (values are separated by backslashes).
void replaceUids(DcmElement& element, DicomUidMap& uids) {
    OFString values;
    if (element.getOFStringArray(values).bad() || values.empty()) {
        return;
    }
    std::string replaced;
    size_t start = 0;
    const std::string text = values.c_str();
    while (true) {
        const size_t end = text.find('\\', start);
        replaced += replacedUid(text.substr(start, end - start), uids);
        if (end == std::string::npos) {
            break;
        }
        replaced += '\\';
        start = end + 1;
    }
    element.putOFStringArray(replaced.c_str());
}

/// Applies the profile to every element of `item` and, depth first, of its sequences' items.
void deidentifyItem(DcmItem& item, DicomUidMap& uids, const DeidentifyOptions& options) {
    unsigned long index = 0;
    while (index < item.card()) {
        DcmElement* element = item.getElement(index);
        const DcmTagKey tag = element->getTag();
        const DcmEVR vr = element->ident();
        switch (deidentify::profileAction(tag, vr, options)) {
            case Action::Remove:
                delete item.remove(index);
                continue;  // The next element now has this index.
            case Action::Empty:
                element->clear();  // A sequence loses its items.
                break;
            case Action::Dummy:
                if (element->isaString() && element->getLength() > 0) {
                    element->putString(deidentify::dummyValue(vr).c_str());
                }
                break;
            case Action::Keep:
                if (vr == EVR_SQ) {
                    auto& sequence = static_cast<DcmSequenceOfItems&>(*element);
                    for (unsigned long i = 0; i < sequence.card(); ++i) {
                        deidentifyItem(*sequence.getItem(i), uids, options);
                    }
                } else if (vr == EVR_UI && !deidentify::isClassUid(tag)) {
                    replaceUids(*element, uids);
                }
                break;
        }
        ++index;
    }
}

/// Appends a code to the De-identification Method Code Sequence unless it is there already
/// (a file de-identified before, as public collections are, keeps its earlier codes).
void addMethodCode(DcmDataset& dataset, const char* value, const char* meaning) {
    DcmSequenceOfItems* sequence = nullptr;
    if (dataset.findAndGetSequence(DCM_DeidentificationMethodCodeSequence, sequence).good() &&
        sequence != nullptr) {
        for (unsigned long i = 0; i < sequence->card(); ++i) {
            OFString existing;
            sequence->getItem(i)->findAndGetOFString(DCM_CodeValue, existing);
            if (existing == value) {
                return;
            }
        }
    }
    DcmItem* item = nullptr;
    dataset.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, item, -2);
    item->putAndInsertString(DCM_CodeValue, value);
    item->putAndInsertString(DCM_CodingSchemeDesignator, "DCM");
    item->putAndInsertString(DCM_CodeMeaning, meaning);
}

/// Patient ID and Name, and the attributes that say how the file was de-identified.
void putIdentityAndMethod(DcmDataset& dataset, const std::string& pseudonym,
                          const DeidentifyOptions& options) {
    dataset.putAndInsertString(DCM_PatientID, pseudonym.c_str());
    dataset.putAndInsertString(DCM_PatientName, options.emptyPatientName ? "" : pseudonym.c_str());
    dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");

    OFString earlier;
    dataset.findAndGetOFStringArray(DCM_DeidentificationMethod, earlier);
    std::string method = earlier.empty() ? kMethod : std::string(earlier.c_str()) + "\\" + kMethod;
    addMethodCode(dataset, "113100", "Basic Application Confidentiality Profile");
    if (options.keepDates) {
        method += "\\Full dates kept";
        addMethodCode(dataset, "113106",
                      "Retain Longitudinal Temporal Information Full Dates Option");
    }
    if (options.keepPatientCharacteristics) {
        method += "\\Patient sex, age, size, weight kept";
        addMethodCode(dataset, "113108", "Retain Patient Characteristics Option");
    }
    if (options.keepDescriptions) {
        method += "\\Descriptions kept";
    }
    dataset.putAndInsertString(DCM_DeidentificationMethod, method.c_str());
    // Kept dates: an earlier value (MODIFIED, after a date shift) stays true.
    if (!options.keepDates ||
        !dataset.tagExistsWithValue(DCM_LongitudinalTemporalInformationModified)) {
        dataset.putAndInsertString(DCM_LongitudinalTemporalInformationModified,
                                   options.keepDates ? "UNMODIFIED" : "REMOVED");
    }
}

}  // namespace

DicomSourceSeries deidentifySource(const DicomSourceSeries& source, DicomUidMap& uids,
                                   const DeidentifyOptions& options) {
    DicomSourceSeries out = source;
    const std::string pseudonym = pseudonymOf(source.patientId, uids, options);
    out.patientId = pseudonym;
    out.patientName = options.emptyPatientName ? "" : pseudonym;
    out.patientBirthDate.clear();
    if (!options.keepPatientCharacteristics) {
        out.patientSex.clear();
    }
    if (!options.keepDates) {
        out.studyDate.clear();
        out.studyTime.clear();
    }
    out.studyId.clear();
    out.accessionNumber.clear();
    if (!options.keepDescriptions) {
        out.studyDescription.clear();
    }
    out.studyInstanceUid = replacedUid(source.studyInstanceUid, uids);
    out.seriesInstanceUid = replacedUid(source.seriesInstanceUid, uids);
    out.frameOfReferenceUid = replacedUid(source.frameOfReferenceUid, uids);
    for (DicomSourceSlice& slice : out.slices) {
        slice.sopInstanceUid = replacedUid(slice.sopInstanceUid, uids);
    }
    return out;
}

void writeDeidentifiedCopy(const std::string& inputDicomFile, const std::string& outputFile,
                           DicomUidMap& uids, const DeidentifyOptions& options) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(inputDicomFile, error)) {
        throw Error(inputDicomFile, "cannot be de-identified: no such file");
    }
    if (!looksLikeDicomFile(inputDicomFile)) {
        throw Error(inputDicomFile, "cannot be de-identified: not a DICOM file");
    }
    DcmFileFormat file;
    // Lengths beyond the file are refused before DCMTK allocates them (DicomFileLoad.h).
    const OFCondition loaded = loadWholeDicomFile(file, inputDicomFile);
    if (loaded.bad()) {
        throw Error(inputDicomFile,
                    "cannot be de-identified: unreadable (" + dicomLoadFailure(loaded) + ")");
    }
    DcmDataset& dataset = *file.getDataset();
    if (!dataset.tagExistsWithValue(DCM_SOPInstanceUID)) {
        throw Error(inputDicomFile, "cannot be de-identified: it has no SOP Instance UID");
    }
    OFString patientId;
    dataset.findAndGetOFString(DCM_PatientID, patientId);
    const std::string pseudonym = pseudonymOf(patientId.c_str(), uids, options);

    deidentifyItem(dataset, uids, options);
    putIdentityAndMethod(dataset, pseudonym, options);
    saveDicomFileAtomically(file, outputFile, EXS_Unknown);
}

}  // namespace segloop
