#include "core/io/DicomSegReader.h"

#include "core/io/DicomJpegMarkers.h"

#include <cmath>
#include <cstring>
#include <map>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmfg/fgseg.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/DicomFileLoad.h"
#include "core/io/DicomHeader.h"
#include "core/io/DicomSegBits.h"
#include "core/io/DicomSegCodes.h"

namespace segloop {

namespace {

constexpr const char* kLabelMapSegmentationClass = "1.2.840.10008.5.1.4.1.1.66.7";

/// DcmSegmentation reads the header (modules, segments, functional groups) apart from the
/// frames through a protected member; SegLoop unpacks the frames itself.
class SegmentationHeader : public DcmSegmentation {
  public:
    SegmentationHeader() = default;
    using DcmSegmentation::readWithoutPixelData;
};

std::string text(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    return item.findAndGetOFStringArray(tag, value).good() ? value.c_str() : "";
}

DicomCode codeOf(CodeSequenceMacro& macro) {
    OFString value;
    OFString scheme;
    OFString meaning;
    macro.getCodeValue(value);
    macro.getCodingSchemeDesignator(scheme);
    macro.getCodeMeaning(meaning);
    return {value.c_str(), scheme.c_str(), meaning.c_str()};
}

/// Reads the file and checks that it is a Segmentation this reader can take.
void loadSegmentationFile(const std::string& path, DcmFileFormat& file) {
    if (!looksLikeDicomFile(path)) {
        throw Error(path, "not a DICOM file");
    }
    const OFCondition loaded = loadWholeDicomFile(file, path);
    if (loaded.bad()) {
        throw Error(path, "unreadable: " + dicomLoadFailure(loaded));
    }
    DcmDataset& dataset = *file.getDataset();
    const std::string sopClass = text(dataset, DCM_SOPClassUID);
    if (sopClass == kLabelMapSegmentationClass) {
        throw Error(path, "is a Label Map Segmentation (SOP class " + sopClass +
                              "), which DCMTK 3.6.7 cannot read: only binary and fractional "
                              "Segmentation Storage objects are supported");
    }
    if (sopClass != UID_SegmentationStorage) {
        throw Error(path, "is not a DICOM Segmentation but " + dicomSopClassName(sopClass));
    }
    const DcmXfer xfer(dataset.getOriginalXfer());
    if (xfer.isEncapsulated()) {
        const std::string jpegProblem = dicomJpegMarkerProblem(dataset);
        if (!jpegProblem.empty()) {
            throw Error(path, jpegProblem);
        }
        registerDicomCodecs();
        if (dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad()) {
            throw Error(path, "is compressed as " + dicomTransferSyntaxName(xfer.getXferID()) +
                                  ", which cannot be decompressed");
        }
    }
}

void readSegments(const std::string& path, DcmDataset& dataset, SegmentationHeader& header,
                  DicomSeg& seg) {
    const size_t count = header.getNumberOfSegments();
    for (size_t index = 0; index < count; ++index) {
        DcmSegment* source = header.getSegment(index + 1);
        DcmItem* item = nullptr;
        Uint16 number = 0;
        if (source == nullptr ||
            dataset.findAndGetSequenceItem(DCM_SegmentSequence, item, static_cast<int>(index))
                .bad() ||
            item->findAndGetUint16(DCM_SegmentNumber, number).bad()) {
            throw Error(path, "segment " + std::to_string(index + 1) + " has no SegmentNumber");
        }
        for (const DicomSegSegment& earlier : seg.segments) {
            if (earlier.number == number) {
                throw Error(path, "segment number " + std::to_string(number) + " is used twice");
            }
        }
        DicomSegSegment segment;
        segment.number = number;
        OFString value;
        source->getSegmentLabel(value);
        segment.label = value.c_str();
        if (source->getSegmentDescription(value).good()) {
            segment.description = value.c_str();
        }
        Uint16 lab[3] = {0, 0, 0};
        if (source->getRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]).good()) {
            segment.rgb = dicomLabToRgb({lab[0], lab[1], lab[2]});
            segment.hasColour = true;
        }
        segment.category = codeOf(source->getSegmentedPropertyCategoryCode());
        segment.type = codeOf(source->getSegmentedPropertyTypeCode());
        segment.algorithmType = text(*item, DCM_SegmentAlgorithmType);
        if (source->getSegmentAlgorithmName(value).good()) {
            segment.algorithmName = value.c_str();
        }
        seg.segments.push_back(std::move(segment));
    }
    if (seg.segments.empty()) {
        throw Error(path, "describes no segment");
    }
}

/// Orientation and pixel spacing of one frame (per-frame groups over shared ones).
void readFrameGeometry(const std::string& path, FGInterface& groups, Uint32 frame, DicomSeg& seg) {
    auto* orientation = static_cast<FGPlaneOrientationPatient*>(
        groups.get(frame, DcmFGTypes::EFG_PLANEORIENTPATIENT));
    std::array<double, 6> cosines{};
    if (orientation == nullptr ||
        orientation
            ->getImageOrientationPatient(cosines[0], cosines[1], cosines[2], cosines[3], cosines[4],
                                         cosines[5])
            .bad()) {
        throw Error(path, "frame " + std::to_string(frame + 1) + " has no ImageOrientationPatient");
    }
    auto* measures =
        static_cast<FGPixelMeasures*>(groups.get(frame, DcmFGTypes::EFG_PIXELMEASURES));
    std::array<double, 2> spacing{};
    if (measures == nullptr || measures->getPixelSpacing(spacing[0], 0).bad() ||
        measures->getPixelSpacing(spacing[1], 1).bad()) {
        throw Error(path, "frame " + std::to_string(frame + 1) + " has no PixelSpacing");
    }
    if (frame == 0) {
        seg.orientation = cosines;
        seg.pixelSpacingMm = spacing;
        return;
    }
    for (size_t i = 0; i < 6; ++i) {
        if (std::abs(cosines[i] - seg.orientation[i]) > 1e-4) {
            throw Error(path, "frames 1 and " + std::to_string(frame + 1) +
                                  " have different orientations, which is not supported");
        }
    }
}

void readFrames(const std::string& path, DcmDataset& dataset, SegmentationHeader& header,
                DicomSeg& seg) {
    Sint32 frameCount = 0;
    dataset.findAndGetSint32(DCM_NumberOfFrames, frameCount);
    FGInterface& groups = header.getFunctionalGroups();
    if (frameCount < 1 || groups.getNumberOfFrames() != static_cast<size_t>(frameCount)) {
        throw Error(path, "has " + std::to_string(frameCount) + " frames but " +
                              std::to_string(groups.getNumberOfFrames()) +
                              " per-frame functional group items");
    }
    const bool binary = seg.segmentationType == "BINARY";
    const size_t pixels = static_cast<size_t>(seg.rows) * static_cast<size_t>(seg.columns);
    const size_t needed = binary ? dicomSegPackedBytes(pixels * static_cast<size_t>(frameCount))
                                 : pixels * static_cast<size_t>(frameCount);
    DcmElement* element = nullptr;
    Uint8* data = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() ||
        element->getUint8Array(data).bad() || data == nullptr || element->getLength() < needed) {
        throw Error(path, "pixel data is missing or truncated (" +
                              std::to_string(element != nullptr ? element->getLength() : 0) +
                              " of " + std::to_string(needed) + " bytes)");
    }
    std::map<uint16_t, DicomSegSegment*> byNumber;
    for (DicomSegSegment& segment : seg.segments) {
        byNumber[segment.number] = &segment;
    }
    for (Uint32 frame = 0; frame < static_cast<Uint32>(frameCount); ++frame) {
        const std::string name = "frame " + std::to_string(frame + 1);
        auto* identification =
            static_cast<FGSegmentation*>(groups.get(frame, DcmFGTypes::EFG_SEGMENTATION));
        Uint16 number = 0;
        if (identification == nullptr || identification->getReferencedSegmentNumber(number).bad()) {
            throw Error(path, name + " names no segment (ReferencedSegmentNumber)");
        }
        const auto owner = byNumber.find(number);
        if (owner == byNumber.end()) {
            throw Error(path, name + " belongs to segment " + std::to_string(number) +
                                  ", which the file does not describe");
        }
        auto* plane =
            static_cast<FGPlanePosPatient*>(groups.get(frame, DcmFGTypes::EFG_PLANEPOSPATIENT));
        DicomSegFrame out;
        out.frameNumber = static_cast<int>(frame + 1);
        if (plane == nullptr ||
            plane->getImagePositionPatient(out.positionMm[0], out.positionMm[1], out.positionMm[2])
                .bad()) {
            throw Error(path, name + " has no ImagePositionPatient");
        }
        readFrameGeometry(path, groups, frame, seg);
        out.pixels.resize(pixels);
        if (binary) {
            unpackDicomSegBits(data, frame * pixels, pixels, out.pixels.data());
        } else {
            std::memcpy(out.pixels.data(), data + frame * pixels, pixels);
        }
        owner->second->frames.push_back(std::move(out));
    }
}

}  // namespace

DicomSeg readDicomSeg(const std::string& path) {
    DcmFileFormat file;
    loadSegmentationFile(path, file);
    DcmDataset& dataset = *file.getDataset();
    SegmentationHeader header;
    const OFCondition read = header.readWithoutPixelData(dataset);
    if (read.bad()) {
        throw Error(path, std::string("unreadable Segmentation: ") + read.text());
    }
    DicomSeg seg;
    seg.path = path;
    seg.sopInstanceUid = text(dataset, DCM_SOPInstanceUID);
    seg.seriesInstanceUid = text(dataset, DCM_SeriesInstanceUID);
    seg.studyInstanceUid = text(dataset, DCM_StudyInstanceUID);
    seg.patientId = text(dataset, DCM_PatientID);
    seg.frameOfReferenceUid = text(dataset, DCM_FrameOfReferenceUID);
    seg.contentLabel = text(dataset, DCM_ContentLabel);
    seg.contentDescription = text(dataset, DCM_ContentDescription);
    seg.contentCreatorName = text(dataset, DCM_ContentCreatorName);
    seg.segmentationType = text(dataset, DCM_SegmentationType);
    Uint16 bitsAllocated = 0;
    dataset.findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
    if (seg.segmentationType == "FRACTIONAL") {
        Uint16 maxValue = 0;
        dataset.findAndGetUint16(DCM_MaximumFractionalValue, maxValue);
        if (maxValue < 1 || maxValue > 255 || bitsAllocated != 8) {
            throw Error(path,
                        "a FRACTIONAL segmentation needs 8 bits a pixel and a "
                        "MaximumFractionalValue of 1 to 255");
        }
        seg.maxValue = maxValue;
        seg.fractionalType = text(dataset, DCM_SegmentationFractionalType);
    } else if (seg.segmentationType != "BINARY" || bitsAllocated != 1) {
        throw Error(path, "SegmentationType \"" + seg.segmentationType + "\" with " +
                              std::to_string(bitsAllocated) +
                              " bits a pixel is not supported (BINARY: 1, FRACTIONAL: 8)");
    }
    Uint16 rows = 0;
    Uint16 columns = 0;
    dataset.findAndGetUint16(DCM_Rows, rows);
    dataset.findAndGetUint16(DCM_Columns, columns);
    if (rows == 0 || columns == 0) {
        throw Error(path, "has no Rows or Columns");
    }
    seg.rows = rows;
    seg.columns = columns;

    auto& series = header.getCommonInstanceReference().getReferencedSeriesItems();
    for (size_t index = 0; index < series.size(); ++index) {
        OFString uid;
        series[index]->getSeriesInstanceUID(uid);
        if (index == 0) {
            seg.referencedSeriesUid = uid.c_str();
        }
        for (SOPInstanceReferenceMacro* instance : series[index]->getReferencedInstanceItems()) {
            instance->getReferencedSOPInstanceUID(uid);
            seg.referencedInstanceUids.emplace_back(uid.c_str());
        }
    }
    readSegments(path, dataset, header, seg);
    readFrames(path, dataset, header, seg);
    return seg;
}

}  // namespace segloop
