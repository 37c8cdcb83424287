#include "core/io/DicomSegBuilder.h"

#include <set>
#include <utility>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmfg/fgderimg.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include "core/Error.h"
#include "core/io/DicomFileSave.h"
#include "core/io/DicomSegBits.h"
#include "core/io/DicomSegCodes.h"
#include "core/io/DicomSegText.h"

namespace segloop {

struct DicomSegBuilder::State {
    std::string path;
    const DicomSourceSeries& source;
    DicomSegWriteOptions options;
    Kind kind;
    std::unique_ptr<DcmSegmentation> document;
    std::vector<std::unique_ptr<FGDerivationImage>> derivations;  ///< By slice, made on demand
    DicomSegBitPacker bits;
    size_t pixelsPerFrame = 0;

    State(std::string file, const DicomSourceSeries& series, const DicomSegWriteOptions& choices,
          Kind segmentationKind)
        : path(std::move(file)), source(series), options(choices), kind(segmentationKind) {}

    /// Throws an Error naming the file when DCMTK refused `what`.
    void check(const OFCondition& condition, const std::string& what) const {
        if (condition.bad()) {
            throw Error(path, "cannot " + what + " (DCMTK: " + condition.text() + ")");
        }
    }

    std::string newUid(const char* siteRoot) const {
        char uid[100];
        const std::string& root = options.uidRoot;
        return dcmGenerateUniqueIdentifier(uid, root.empty() ? siteRoot : root.c_str());
    }

    void setIdentity();
    void setGeometry();
    void setReferences();
    FGDerivationImage& derivationFor(int64_t slice);
};

void DicomSegBuilder::State::setIdentity() {
    const DicomSourceSeries& s = source;
    DcmSegmentation& doc = *document;
    // Copied values come from the source's own DICOM files: kept as they are, unchecked.
    IODPatientModule& patient = doc.getPatient();
    patient.setPatientName(s.patientName, OFFalse);
    patient.setPatientID(s.patientId, OFFalse);
    patient.setPatientBirthDate(s.patientBirthDate, OFFalse);
    patient.setPatientSex(s.patientSex, OFFalse);
    IODGeneralStudyModule& study = doc.getStudy();
    check(study.setStudyInstanceUID(s.studyInstanceUid), "use the Study Instance UID");
    study.setStudyDate(s.studyDate, OFFalse);
    study.setStudyTime(s.studyTime, OFFalse);
    study.setStudyID(dicomText(s.studyId, 16), OFFalse);
    study.setAccessionNumber(dicomText(s.accessionNumber, 16), OFFalse);
    study.setStudyDescription(dicomText(s.studyDescription, 64), OFFalse);

    IODGeneralSeriesModule& series = doc.getSeries();
    check(series.setSeriesInstanceUID(newUid(SITE_SERIES_UID_ROOT)), "set the Series Instance UID");
    check(series.setSeriesNumber(std::to_string(options.seriesNumber)), "set the Series Number");
    series.setSeriesDescription(dicomText(options.seriesDescription, 64));
    const auto [date, time] = dicomNow();
    series.setSeriesDate(date);
    series.setSeriesTime(time);
    check(doc.getFrameOfReference().setFrameOfReferenceUID(s.frameOfReferenceUid),
          "use the Frame of Reference UID");
    check(doc.getSOPCommon().setSOPInstanceUID(newUid(SITE_INSTANCE_UID_ROOT)),
          "set the SOP Instance UID");
    const bool text8Bit = !isAscii(s.patientName) || !isAscii(s.studyDescription) ||
                          !isAscii(options.seriesDescription) ||
                          !isAscii(options.contentDescription) ||
                          !isAscii(options.contentCreatorName);
    if (text8Bit) {
        doc.getSOPCommon().setSpecificCharacterSet("ISO_IR 192");  // UTF-8
    }
}

void DicomSegBuilder::State::setGeometry() {
    DcmSegmentation& doc = *document;
    char dimensionUid[100];
    dcmGenerateUniqueIdentifier(dimensionUid,
                                options.uidRoot.empty() ? SITE_UID_ROOT : options.uidRoot.c_str());
    IODMultiframeDimensionModule& dimensions = doc.getDimensions();
    check(
        dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid,
                                     DCM_SegmentIdentificationSequence, "ReferencedSegmentNumber"),
        "add the segment dimension");
    check(dimensions.addDimensionIndex(DCM_ImagePositionPatient, dimensionUid,
                                       DCM_PlanePositionSequence, "ImagePositionPatient"),
          "add the position dimension");

    // Column c of the row-major direction matrix is the world direction of index axis c.
    const Mat3& d = source.geometry.direction;
    std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
        decimalString(d[0]), decimalString(d[3]), decimalString(d[6]), decimalString(d[1]),
        decimalString(d[4]), decimalString(d[7])));
    if (!orientation) {
        throw Error(path, "cannot set the plane orientation");
    }
    check(doc.addForAllFrames(*orientation), "set the plane orientation");

    const Vec3& spacing = source.geometry.spacingMm;
    FGPixelMeasures measures;
    check(measures.setPixelSpacing(decimalString(spacing[1]) + "\\" + decimalString(spacing[0])),
          "set the pixel spacing");
    check(measures.setSliceThickness(decimalString(spacing[2])), "set the slice thickness");
    check(measures.setSpacingBetweenSlices(decimalString(spacing[2])), "set the slice spacing");
    check(doc.addForAllFrames(measures), "set the pixel measures");
}

void DicomSegBuilder::State::setReferences() {
    auto series = std::make_unique<IODSeriesAndInstanceReferenceMacro::ReferencedSeriesItem>();
    check(series->setSeriesInstanceUID(source.seriesInstanceUid),
          "reference the source Series Instance UID");
    std::set<std::string> listed;
    for (const DicomSourceSlice& slice : source.slices) {
        if (listed.insert(slice.sopInstanceUid).second) {
            check(series->addReference(slice.sopClassUid, slice.sopInstanceUid),
                  "reference source instance " + slice.sopInstanceUid);
        }
    }
    document->getCommonInstanceReference().getReferencedSeriesItems().push_back(series.release());
}

FGDerivationImage& DicomSegBuilder::State::derivationFor(int64_t slice) {
    std::unique_ptr<FGDerivationImage>& cached = derivations[static_cast<size_t>(slice)];
    if (cached) {
        return *cached;
    }
    const DicomSourceSlice& sourceSlice = source.slices[static_cast<size_t>(slice)];
    auto group = std::make_unique<FGDerivationImage>();
    DerivationImageItem* derivation = nullptr;
    check(group->addDerivationImageItem(CodeSequenceMacro("113076", "DCM", "Segmentation"), "",
                                        derivation),
          "describe the derivation");
    auto item = std::make_unique<SourceImageItem>();
    check(item->getPurposeOfReferenceCode().set("121322", "DCM",
                                                "Source image for image processing operation"),
          "describe the source image reference");
    ImageSOPInstanceReferenceMacro& reference = item->getImageSOPInstanceReference();
    check(reference.setReferencedSOPClassUID(sourceSlice.sopClassUid),
          "reference the source SOP Class UID");
    check(reference.setReferencedSOPInstanceUID(sourceSlice.sopInstanceUid),
          "reference source instance " + sourceSlice.sopInstanceUid);
    if (sourceSlice.frameNumber > 0) {
        // Not setReferencedFrameNumber(): DCMTK 3.6.7 puts a Uint16 into that IS element, which
        // fails.
        check(reference.addReferencedFrameNumber(static_cast<Uint16>(sourceSlice.frameNumber)),
              "reference the source frame");
    }
    derivation->getSourceImageItems().push_back(item.release());
    cached = std::move(group);
    return *cached;
}

DicomSegBuilder::DicomSegBuilder(std::string path, const DicomSourceSeries& source,
                                 const DicomSegWriteOptions& options, Kind kind)
    : state_(std::make_unique<State>(std::move(path), source, options, kind)) {
    State& s = *state_;
    const auto columns = static_cast<Uint16>(source.geometry.size[0]);
    const auto rows = static_cast<Uint16>(source.geometry.size[1]);
    s.pixelsPerFrame = static_cast<size_t>(columns) * rows;
    s.derivations.resize(source.slices.size());
    const IODGeneralEquipmentModule::EquipmentInfo equipment(
        "SegLoop", "SegLoop", "0", dicomText(options.softwareVersion, 64));
    const ContentIdentificationMacro content(
        std::to_string(options.instanceNumber), dicomCodeString(options.contentLabel, "SEGLOOP"),
        dicomText(options.contentDescription, 64), dicomText(options.contentCreatorName, 64));
    DcmSegmentation* document = nullptr;
    if (kind == Kind::Binary) {
        s.check(
            DcmSegmentation::createBinarySegmentation(document, rows, columns, equipment, content),
            "create a binary segmentation");
    } else {
        s.check(DcmSegmentation::createFractionalSegmentation(
                    document, rows, columns, DcmSegTypes::SFT_PROBABILITY, 255, equipment, content),
                "create a fractional segmentation");
    }
    s.document.reset(document);
    s.setIdentity();
    s.setGeometry();
    s.setReferences();
}

DicomSegBuilder::~DicomSegBuilder() = default;

uint16_t DicomSegBuilder::addSegment(const DicomSegmentDescription& description) {
    State& s = *state_;
    const DicomLabelOrigin& origin = s.options.origin;
    DcmSegTypes::E_SegmentAlgoType algorithmType = DcmSegTypes::SAT_MANUAL;
    std::string algorithmName;
    if (origin.kind != DicomLabelOrigin::Kind::Manual) {
        algorithmType = origin.kind == DicomLabelOrigin::Kind::Automatic
                            ? DcmSegTypes::SAT_AUTOMATIC
                            : DcmSegTypes::SAT_SEMIAUTOMATIC;
        algorithmName =
            dicomText(origin.algorithmName.empty() ? "SegLoop" : origin.algorithmName, 64);
    }
    const DicomSegmentCodes codes = dicomSegmentCodesFor(description.name);
    const std::string label = dicomText(description.name, 64);
    DcmSegment* created = nullptr;
    s.check(
        DcmSegment::create(
            created, label,
            CodeSequenceMacro(codes.category.value, codes.category.scheme, codes.category.meaning),
            CodeSequenceMacro(codes.type.value, codes.type.scheme, codes.type.meaning),
            algorithmType, algorithmName),
        "describe segment \"" + label + "\"");
    std::unique_ptr<DcmSegment> segment(created);
    const std::array<uint16_t, 3> lab = rgbToDicomLab(description.rgb);
    s.check(segment->setRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]),
            "set the colour of segment \"" + label + "\"");
    if (origin.kind == DicomLabelOrigin::Kind::Automatic) {
        AlgorithmIdentificationMacro& algorithm = segment->getSegmentationAlgorithmIdentification();
        s.check(algorithm.getAlgorithmFamilyCode().set("123110", "DCM", "Artificial Intelligence"),
                "set the algorithm family");
        s.check(algorithm.setAlgorithmName(algorithmName), "set the algorithm name");
        const std::string version =
            origin.algorithmVersion.empty() ? "unknown" : origin.algorithmVersion;
        s.check(algorithm.setAlgorithmVersion(dicomText(version, 64)), "set the algorithm version");
    }
    Uint16 number = 0;
    s.check(s.document->addSegment(segment.get(), number), "add segment \"" + label + "\"");
    segment.release();  // The document owns it now.
    return number;
}

void DicomSegBuilder::addFrame(uint16_t segmentNumber, int64_t slice, const uint8_t* pixels) {
    State& s = *state_;
    const Vec3& position = s.source.slices[static_cast<size_t>(slice)].positionMm;
    std::unique_ptr<FGPlanePosPatient> plane(FGPlanePosPatient::createMinimal(
        decimalString(position[0]), decimalString(position[1]), decimalString(position[2])));
    if (!plane) {
        throw Error(s.path, "cannot set the position of slice " + std::to_string(slice));
    }
    FGFrameContent content;
    s.check(content.setDimensionIndexValues(segmentNumber, 0), "index a frame by segment");
    s.check(content.setDimensionIndexValues(static_cast<Uint32>(slice + 1), 1),
            "index a frame by position");
    OFVector<FGBase*> groups;
    groups.push_back(plane.get());
    groups.push_back(&content);
    groups.push_back(&s.derivationFor(slice));
    // DCMTK copies the pixels; the pointer is not written through.
    s.check(s.document->addFrame(const_cast<Uint8*>(pixels), segmentNumber, groups),
            "add a frame of segment " + std::to_string(segmentNumber));
    if (s.kind == Kind::Binary) {
        s.bits.append(pixels, s.pixelsPerFrame);
    }
}

std::string DicomSegBuilder::save() {
    State& s = *state_;
    // DCMTK 3.6.7 checks the functional groups in time quadratic in the frame count; this
    // builder gives every frame the same groups by construction, and dciodvfy checks the tests'.
    s.document->setCheckFGOnWrite(OFFalse);
    // DCMTK 3.6.7 checks the dimensions before it writes the per-frame groups, finds none and
    // only logs a warning: no check happens either way.
    s.document->setCheckDimensionsOnWrite(OFFalse);
    DcmFileFormat file;
    DcmDataset& dataset = *file.getDataset();
    s.check(s.document->writeDataset(dataset), "assemble the segmentation");
    if (s.kind == Kind::Binary) {
        // Replaces DCMTK 3.6.7's packing, wrong when a frame's pixel count is not a multiple
        // of 8 (see DicomSegBits.h).
        const std::vector<uint8_t> packed = s.bits.finish();
        s.check(dataset.putAndInsertUint8Array(DCM_PixelData, packed.data(),
                                               static_cast<unsigned long>(packed.size())),
                "store the pixel data");
    }
    OFString sopInstanceUid;
    dataset.findAndGetOFString(DCM_SOPInstanceUID, sopInstanceUid);
    saveDicomFileAtomically(file, s.path);
    return sopInstanceUid.c_str();
}

}  // namespace segloop
