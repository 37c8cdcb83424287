#include "core/io/DicomHeader.h"

#include <cctype>
#include <fstream>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcspchrs.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcxfer.h"

namespace segloop {

namespace {

std::string stringValue(DcmItem& dataset, const DcmTagKey& tag) {
    OFString value;
    if (dataset.findAndGetOFStringArray(tag, value).bad()) {
        return {};
    }
    return std::string(value.c_str());
}

int intValue(DcmItem& dataset, const DcmTagKey& tag, int fallback) {
    Sint32 value = 0;
    return dataset.findAndGetSint32(tag, value).good() ? static_cast<int>(value) : fallback;
}

int uint16Value(DcmItem& dataset, const DcmTagKey& tag, int fallback) {
    Uint16 value = 0;
    return dataset.findAndGetUint16(tag, value).good() ? static_cast<int>(value) : fallback;
}

double doubleValue(DcmItem& dataset, const DcmTagKey& tag, double fallback,
                   unsigned long position = 0) {
    Float64 value = 0.0;
    return dataset.findAndGetFloat64(tag, value, position).good() ? value : fallback;
}

/// Reads `count` numbers of a multi-valued DS attribute; false when any is missing.
template <size_t N>
bool readNumbers(DcmItem& dataset, const DcmTagKey& tag, std::array<double, N>& out) {
    std::array<double, N> values{};
    for (size_t i = 0; i < N; ++i) {
        Float64 value = 0.0;
        if (dataset.findAndGetFloat64(tag, value, static_cast<unsigned long>(i)).bad()) {
            return false;
        }
        values[i] = value;
    }
    out = values;
    return true;
}

/// Converts the few free-text fields to UTF-8 when the file declares another character set.
class TextDecoder {
  public:
    explicit TextDecoder(DcmDataset& dataset) {
        const std::string charset = stringValue(dataset, DCM_SpecificCharacterSet);
        if (charset.empty() || charset == "ISO_IR 192" || charset == "ISO_IR 6" ||
            !DcmSpecificCharacterSet::isConversionAvailable()) {
            return;
        }
        active_ = converter_.selectCharacterSet(charset.c_str()).good();
    }
    std::string operator()(const std::string& text) {
        if (!active_ || text.empty()) {
            return text;
        }
        OFString converted;
        if (converter_.convertString(text.c_str(), converted).bad()) {
            return text;
        }
        return std::string(converted.c_str());
    }

  private:
    DcmSpecificCharacterSet converter_;
    bool active_ = false;
};

/// Storage classes that are not images and that DCMTK 3.6.7's UID table does not know yet.
struct NamedUid {
    const char* uid;
    const char* name;
};
constexpr NamedUid kNewerNonImageClasses[] = {
    {"1.2.840.10008.5.1.4.1.1.66.7", "Label Map Segmentation Storage"},
    {"1.2.840.10008.5.1.4.1.1.66.8", "Height Map Segmentation Storage"},
};

const char* newerNonImageName(const std::string& sopClassUid) {
    for (const NamedUid& known : kNewerNonImageClasses) {
        if (sopClassUid == known.uid) {
            return known.name;
        }
    }
    return nullptr;
}

/// "RTStructureSetStorage" -> "RT Structure Set Storage".
std::string spaceCamelCase(const std::string& name) {
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        const bool upper = std::isupper(static_cast<unsigned char>(name[i])) != 0;
        const bool previousLower = i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]));
        const bool previousUpper = i > 0 && std::isupper(static_cast<unsigned char>(name[i - 1]));
        const bool nextLower =
            i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
        if (upper && (previousLower || (previousUpper && nextLower))) {
            out += ' ';
        }
        out += name[i];
    }
    return out;
}

}  // namespace

DicomInstance readDicomInstanceHeader(DcmDataset& dataset) {
    DicomInstance instance;
    instance.sopInstanceUid = stringValue(dataset, DCM_SOPInstanceUID);
    instance.sopClassUid = stringValue(dataset, DCM_SOPClassUID);
    instance.instanceNumber = intValue(dataset, DCM_InstanceNumber, 0);
    instance.hasPosition = readNumbers(dataset, DCM_ImagePositionPatient, instance.positionMm);
    instance.hasOrientation =
        readNumbers(dataset, DCM_ImageOrientationPatient, instance.orientation);
    if (!readNumbers(dataset, DCM_PixelSpacing, instance.pixelSpacingMm)) {
        readNumbers(dataset, DCM_ImagerPixelSpacing, instance.pixelSpacingMm);
    }
    instance.sliceThicknessMm = doubleValue(dataset, DCM_SliceThickness, 0.0);
    instance.spacingBetweenSlicesMm = doubleValue(dataset, DCM_SpacingBetweenSlices, 0.0);
    instance.rescaleSlope = doubleValue(dataset, DCM_RescaleSlope, 1.0);
    instance.rescaleIntercept = doubleValue(dataset, DCM_RescaleIntercept, 0.0);
    if (instance.rescaleSlope == 0.0) {
        instance.rescaleSlope = 1.0;  // A zero slope is a writer's bug, not a blank image.
    }

    DicomPixelFormat& format = instance.pixelFormat;
    format.rows = uint16Value(dataset, DCM_Rows, 0);
    format.columns = uint16Value(dataset, DCM_Columns, 0);
    format.bitsAllocated = uint16Value(dataset, DCM_BitsAllocated, 0);
    format.bitsStored = uint16Value(dataset, DCM_BitsStored, format.bitsAllocated);
    format.highBit = uint16Value(dataset, DCM_HighBit, format.bitsStored - 1);
    format.pixelRepresentation = uint16Value(dataset, DCM_PixelRepresentation, 0);
    format.samplesPerPixel = uint16Value(dataset, DCM_SamplesPerPixel, 1);
    format.numberOfFrames = intValue(dataset, DCM_NumberOfFrames, 1);
    format.photometricInterpretation = stringValue(dataset, DCM_PhotometricInterpretation);
    format.transferSyntaxUid = DcmXfer(dataset.getOriginalXfer()).getXferID();
    format.hasPixelData = dataset.tagExists(DCM_PixelData);
    return instance;
}

void readDicomSeriesHeader(DcmDataset& dataset, DicomSeries& series) {
    TextDecoder text(dataset);
    series.patientId = text(stringValue(dataset, DCM_PatientID));
    series.patientName = text(stringValue(dataset, DCM_PatientName));
    series.studyInstanceUid = stringValue(dataset, DCM_StudyInstanceUID);
    series.studyDate = stringValue(dataset, DCM_StudyDate);
    series.studyDescription = text(stringValue(dataset, DCM_StudyDescription));
    series.seriesInstanceUid = stringValue(dataset, DCM_SeriesInstanceUID);
    series.seriesDescription = text(stringValue(dataset, DCM_SeriesDescription));
    series.modality = stringValue(dataset, DCM_Modality);
    series.frameOfReferenceUid = stringValue(dataset, DCM_FrameOfReferenceUID);
    series.seriesNumber = intValue(dataset, DCM_SeriesNumber, 0);
}

std::string dicomSopClassName(const std::string& sopClassUid) {
    if (const char* newer = newerNonImageName(sopClassUid)) {
        return newer;
    }
    const char* name = dcmFindNameOfUID(sopClassUid.c_str(), nullptr);
    return name != nullptr ? spaceCamelCase(name) : "SOP class " + sopClassUid;
}

std::string dicomNonImageReason(const std::string& sopClassUid, bool hasPixelData) {
    const bool knownNonImage =
        newerNonImageName(sopClassUid) != nullptr ||
        (!sopClassUid.empty() && !dcmIsImageStorageSOPClassUID(sopClassUid.c_str()) &&
         dcmFindNameOfUID(sopClassUid.c_str(), nullptr) != nullptr);
    if (knownNonImage) {
        return dicomSopClassName(sopClassUid) + " is not an image";
    }
    if (!hasPixelData) {
        return sopClassUid.empty() ? "no pixel data"
                                   : "no pixel data (" + dicomSopClassName(sopClassUid) + ")";
    }
    return {};
}

std::string dicomTransferSyntaxName(const std::string& transferSyntaxUid) {
    const DcmXfer xfer(transferSyntaxUid.c_str());
    if (xfer.getXfer() == EXS_Unknown) {
        return "transfer syntax " + transferSyntaxUid;
    }
    return xfer.getXferName();
}

bool looksLikeDicomFile(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    unsigned char head[132] = {};
    file.read(reinterpret_cast<char*>(head), sizeof head);
    const std::streamsize got = file.gcount();
    if (got == static_cast<std::streamsize>(sizeof head) && head[128] == 'D' && head[129] == 'I' &&
        head[130] == 'C' && head[131] == 'M') {
        return true;
    }
    // A bare dataset (no preamble): the first tag is (0002,xxxx) or (0008,xxxx), little endian.
    return got >= 8 && (head[0] == 0x02 || head[0] == 0x08) && head[1] == 0x00 && head[3] == 0x00;
}

std::string readDicomSopClassUid(const std::string& path) {
    if (!looksLikeDicomFile(path))
        return "";
    DcmFileFormat file;
    if (file.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                              ERM_autoDetect, DCM_PixelData)
            .bad())
        return "";
    OFString uid;
    if (file.getDataset()->findAndGetOFString(DCM_SOPClassUID, uid).bad())
        return "";
    return uid.c_str();
}

}  // namespace segloop
