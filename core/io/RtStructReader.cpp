#include "core/io/RtStructReader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <string_view>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcmetinf.h"
#include "dcmtk/dcmdata/dcspchrs.h"
#include "dcmtk/dcmdata/dcuid.h"

#include "core/Error.h"
#include "core/io/DicomFileLoad.h"
#include "core/io/DicomHeader.h"

namespace segloop {

namespace {

std::string text(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    if (item.findAndGetOFStringArray(tag, value).bad()) {
        return {};
    }
    return std::string(value.c_str());
}

/// The whole value of a long multi-valued string attribute as stored ("1.5\-2\3 "). DCMTK's
/// findAndGetOFStringArray() looks each value up from the start (quadratic: 6 s for the
/// 1.9 MB sample), so Contour Data is taken raw and split here.
std::string rawText(DcmItem& item, const DcmTagKey& tag) {
    DcmElement* element = nullptr;
    char* value = nullptr;
    if (item.findAndGetElement(tag, element).bad() || element == nullptr ||
        element->getString(value).bad() || value == nullptr) {
        return {};
    }
    return value;
}

/// The items of a sequence attribute of `item` (none when it is absent or empty).
std::vector<DcmItem*> sequenceItems(DcmItem& item, const DcmTagKey& tag) {
    std::vector<DcmItem*> items;
    DcmSequenceOfItems* sequence = nullptr;
    if (item.findAndGetSequence(tag, sequence).good() && sequence != nullptr) {
        for (unsigned long n = 0; n < sequence->card(); ++n) {
            items.push_back(sequence->getItem(n));
        }
    }
    return items;
}

/// The first item of a sequence, or nullptr.
DcmItem* firstItem(DcmItem& item, const DcmTagKey& tag) {
    const std::vector<DcmItem*> items = sequenceItems(item, tag);
    return items.empty() ? nullptr : items.front();
}

/// One DS value ("  -12.5 ", "+3", "1e2") as a finite double; false when it is not one.
bool parseDecimal(std::string_view token, double& out) {
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    while (!token.empty() && token.back() == ' ') {
        token.remove_suffix(1);
    }
    if (token.size() > 1 && token.front() == '+') {
        token.remove_prefix(1);
    }
    if (token.empty()) {
        return false;
    }
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), out);
    return error == std::errc() && end == token.data() + token.size() && std::isfinite(out);
}

/// Contour Data ("x\y\z\x\y\z...") as points; `where` names the contour in messages.
std::vector<Vec3> parseContourData(const std::string& values, const std::string& path,
                                   const std::string& where) {
    std::vector<double> numbers;
    size_t start = 0;
    while (!values.empty() && start <= values.size()) {
        size_t end = values.find('\\', start);
        if (end == std::string::npos) {
            end = values.size();
        }
        double number = 0.0;
        if (!parseDecimal(std::string_view(values).substr(start, end - start), number)) {
            throw Error(path, where + ": Contour Data value " + std::to_string(numbers.size() + 1) +
                                  " (\"" + values.substr(start, end - start) +
                                  "\") is not a finite number");
        }
        numbers.push_back(number);
        start = end + 1;
    }
    if (numbers.size() % 3 != 0) {
        throw Error(path, where + ": Contour Data has " + std::to_string(numbers.size()) +
                              " values, not a multiple of 3 (x, y, z of each point)");
    }
    std::vector<Vec3> points(numbers.size() / 3);
    for (size_t n = 0; n < points.size(); ++n) {
        points[n] = {numbers[3 * n], numbers[3 * n + 1], numbers[3 * n + 2]};
    }
    return points;
}

RtStructContour readContour(DcmItem& item, const std::string& path, const std::string& where) {
    RtStructContour contour;
    contour.geometricType = text(item, DCM_ContourGeometricType);
    contour.pointsMm = parseContourData(rawText(item, DCM_ContourData), path, where);
    Sint32 declared = 0;
    if (item.findAndGetSint32(DCM_NumberOfContourPoints, declared).good() &&
        static_cast<size_t>(std::max<Sint32>(declared, 0)) != contour.pointsMm.size()) {
        throw Error(path, where + ": Number of Contour Points is " + std::to_string(declared) +
                              " but Contour Data holds " + std::to_string(contour.pointsMm.size()) +
                              " points");
    }
    if (contour.geometricType == "CLOSED_PLANAR" && contour.pointsMm.size() < 3) {
        throw Error(path, where + ": a CLOSED_PLANAR contour needs at least 3 points, it has " +
                              std::to_string(contour.pointsMm.size()));
    }
    for (DcmItem* image : sequenceItems(item, DCM_ContourImageSequence)) {
        contour.referencedSopInstanceUids.push_back(text(*image, DCM_ReferencedSOPInstanceUID));
    }
    return contour;
}

/// The SOP class of a file: the dataset's, else the meta header's.
std::string sopClassOf(DcmFileFormat& file) {
    std::string uid = text(*file.getDataset(), DCM_SOPClassUID);
    return uid.empty() ? text(*file.getMetaInfo(), DCM_MediaStorageSOPClassUID) : uid;
}

void readReferences(DcmDataset& dataset, RtStructSet& set) {
    DcmItem* frame = firstItem(dataset, DCM_ReferencedFrameOfReferenceSequence);
    if (frame == nullptr) {
        return;
    }
    set.frameOfReferenceUid = text(*frame, DCM_FrameOfReferenceUID);
    DcmItem* study = firstItem(*frame, DCM_RTReferencedStudySequence);
    if (study == nullptr) {
        return;
    }
    set.referencedStudyInstanceUid = text(*study, DCM_ReferencedSOPInstanceUID);
    DcmItem* series = firstItem(*study, DCM_RTReferencedSeriesSequence);
    if (series == nullptr) {
        return;
    }
    set.referencedSeriesInstanceUid = text(*series, DCM_SeriesInstanceUID);
    for (DcmItem* image : sequenceItems(*series, DCM_ContourImageSequence)) {
        set.referencedSopInstanceUids.push_back(text(*image, DCM_ReferencedSOPInstanceUID));
    }
}

void readRois(DcmDataset& dataset, RtStructSet& set) {
    const std::string& path = set.path;
    std::map<int, size_t> byNumber;
    for (DcmItem* item : sequenceItems(dataset, DCM_StructureSetROISequence)) {
        RtStructRoi roi;
        Sint32 number = 0;
        if (item->findAndGetSint32(DCM_ROINumber, number).bad()) {
            throw Error(path, "Structure Set ROI item " + std::to_string(set.rois.size() + 1) +
                                  " has no ROI Number");
        }
        roi.number = number;
        roi.name = text(*item, DCM_ROIName);
        roi.frameOfReferenceUid = text(*item, DCM_ReferencedFrameOfReferenceUID);
        roi.generationAlgorithm = text(*item, DCM_ROIGenerationAlgorithm);
        if (!byNumber.emplace(roi.number, set.rois.size()).second) {
            throw Error(path, "ROI number " + std::to_string(roi.number) + " is used twice");
        }
        set.rois.push_back(std::move(roi));
    }
    if (set.rois.empty()) {
        throw Error(path, "has no ROIs (the Structure Set ROI Sequence is missing or empty)");
    }
    for (DcmItem* item : sequenceItems(dataset, DCM_ROIContourSequence)) {
        Sint32 number = 0;
        item->findAndGetSint32(DCM_ReferencedROINumber, number);
        const auto found = byNumber.find(number);
        if (found == byNumber.end()) {
            continue;  // Contours of an ROI the set does not list: nothing to name them by.
        }
        RtStructRoi& roi = set.rois[found->second];
        std::array<Sint32, 3> colour{};
        roi.hasColour = true;
        for (unsigned long channel = 0; channel < 3; ++channel) {
            roi.hasColour =
                roi.hasColour &&
                item->findAndGetSint32(DCM_ROIDisplayColor, colour[channel], channel).good();
        }
        if (roi.hasColour) {
            for (size_t channel = 0; channel < 3; ++channel) {
                roi.rgb[channel] =
                    static_cast<uint8_t>(std::clamp<Sint32>(colour[channel], 0, 255));
            }
        }
        const std::vector<DcmItem*> contours = sequenceItems(*item, DCM_ContourSequence);
        for (size_t n = 0; n < contours.size(); ++n) {
            const std::string where =
                set.describeRoi(found->second) + ", contour " + std::to_string(n + 1);
            roi.contours.push_back(readContour(*contours[n], path, where));
        }
    }
    for (DcmItem* item : sequenceItems(dataset, DCM_RTROIObservationsSequence)) {
        Sint32 number = 0;
        item->findAndGetSint32(DCM_ReferencedROINumber, number);
        const auto found = byNumber.find(number);
        if (found != byNumber.end()) {
            set.rois[found->second].interpretedType = text(*item, DCM_RTROIInterpretedType);
        }
    }
}

}  // namespace

size_t RtStructSet::contourCount() const {
    size_t count = 0;
    for (const RtStructRoi& roi : rois) {
        count += roi.contours.size();
    }
    return count;
}

std::string RtStructSet::describeRoi(size_t roiIndex) const {
    const RtStructRoi& roi = rois.at(roiIndex);
    return "ROI " + std::to_string(roi.number) + " \"" + roi.name + "\"";
}

RtStructSet readRtStruct(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw Error(path,
                    std::filesystem::exists(path, error) ? "is not a file" : "file does not exist");
    }
    if (!looksLikeDicomFile(path)) {
        throw Error(path, "is not a DICOM file");
    }
    DcmFileFormat file;
    const OFCondition status = loadWholeDicomFile(file, path);
    if (status.bad()) {
        throw Error(path, "cannot be read as DICOM: " + dicomLoadFailure(status));
    }
    const std::string sopClassUid = sopClassOf(file);
    if (sopClassUid != UID_RTStructureSetStorage) {
        throw Error(path, "is not an RT Structure Set (it is " +
                              (sopClassUid.empty() ? std::string("a DICOM file without a SOP class")
                                                   : dicomSopClassName(sopClassUid)) +
                              ")");
    }
    DcmDataset& dataset = *file.getDataset();
    const std::string charset = text(dataset, DCM_SpecificCharacterSet);
    if (!charset.empty() && charset != "ISO_IR 192" && charset != "ISO_IR 6" &&
        DcmSpecificCharacterSet::isConversionAvailable()) {
        file.convertToUTF8();  // Best effort: on failure the names stay as stored.
    }

    RtStructSet set;
    set.path = path;
    set.sopInstanceUid = text(dataset, DCM_SOPInstanceUID);
    set.label = text(dataset, DCM_StructureSetLabel);
    set.patientId = text(dataset, DCM_PatientID);
    set.patientName = text(dataset, DCM_PatientName);
    set.studyInstanceUid = text(dataset, DCM_StudyInstanceUID);
    set.seriesInstanceUid = text(dataset, DCM_SeriesInstanceUID);
    readReferences(dataset, set);
    readRois(dataset, set);
    return set;
}

}  // namespace segloop
