#include "core/io/RtStructWriter.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcvrda.h"
#include "dcmtk/dcmdata/dcvrtm.h"

#include "core/Error.h"
#include "core/io/DicomFileSave.h"
#include "core/io/RtStructContours.h"
#include "core/io/RtStructText.h"

namespace segloop {

namespace {

using rtstruct::dicomDateOrEmpty;
using rtstruct::dicomDecimal;
using rtstruct::dicomSexOrEmpty;
using rtstruct::dicomText;
using rtstruct::dicomTimeOrEmpty;
using rtstruct::SlicePoint;
using rtstruct::SlicePolygon;
using rtstruct::traceRegionBoundaries;

std::string newUid(const char* root) {
    char uid[100];
    return dcmGenerateUniqueIdentifier(uid, root);
}

void put(DcmItem& item, const DcmTagKey& tag, const std::string& value) {
    item.putAndInsertString(tag, value.c_str());
}

/// Appends a new item to the sequence `tag` of `parent` (creating the sequence).
DcmItem& appendItem(DcmItem& parent, const DcmTagKey& tag) {
    DcmItem* item = nullptr;
    parent.findOrCreateSequenceItem(tag, item, -2);
    return *item;
}

/// A Contour Image / Referenced SOP item for one source slice.
void putImageReference(DcmItem& item, const DicomSourceSlice& slice) {
    put(item, DCM_ReferencedSOPClassUID, slice.sopClassUid);
    put(item, DCM_ReferencedSOPInstanceUID, slice.sopInstanceUid);
    if (slice.frameNumber > 0) {
        put(item, DCM_ReferencedFrameNumber, std::to_string(slice.frameNumber));
    }
}

void checkInputs(const LabelMap& labels, const DicomSourceSeries& source,
                 const std::vector<DicomSegmentDescription>& classes, const std::string& path) {
    if (labels.labels.size() != labels.geometry.voxelCount()) {
        throw Error(path, "the label map has " + std::to_string(labels.labels.size()) +
                              " voxels but its grid needs " +
                              std::to_string(labels.geometry.voxelCount()));
    }
    if (!labels.geometry.sameGridAs(source.geometry)) {
        throw Error(path, "the label map's grid (" + labels.geometry.describe() +
                              ") is not the source series' grid (" + source.geometry.describe() +
                              ")");
    }
    if (source.slices.size() != static_cast<size_t>(source.geometry.size[2])) {
        throw Error(path, "the source series lists " + std::to_string(source.slices.size()) +
                              " slices for a grid of " + std::to_string(source.geometry.size[2]));
    }
    for (const auto& [uid, what] :
         {std::pair{&source.studyInstanceUid, "Study Instance UID"},
          std::pair{&source.seriesInstanceUid, "Series Instance UID"},
          std::pair{&source.frameOfReferenceUid, "Frame of Reference UID"}}) {
        if (uid->empty()) {
            throw Error(path, std::string("the source series has no ") + what);
        }
    }
    for (size_t k = 0; k < source.slices.size(); ++k) {
        if (source.slices[k].sopInstanceUid.empty() || source.slices[k].sopClassUid.empty()) {
            throw Error(path, "source slice " + std::to_string(k) +
                                  " has no SOP Instance UID or SOP Class UID to reference");
        }
    }
    if (classes.empty()) {
        throw Error(path, "no classes to write");
    }
    std::set<uint16_t> seen;
    for (const DicomSegmentDescription& description : classes) {
        if (description.label == 0) {
            throw Error(path, "class \"" + description.name + "\" has label 0 (background)");
        }
        if (!seen.insert(description.label).second) {
            throw Error(path,
                        "class label " + std::to_string(description.label) + " is given twice");
        }
    }
}

void putPatientStudySeries(DcmDataset& dataset, const DicomSourceSeries& source,
                           const RtStructWriteOptions& options, const RtStructWriteResult& ids,
                           const std::string& date, const std::string& time) {
    put(dataset, DCM_SpecificCharacterSet, "ISO_IR 192");
    put(dataset, DCM_SOPClassUID, UID_RTStructureSetStorage);
    put(dataset, DCM_SOPInstanceUID, ids.sopInstanceUid);
    put(dataset, DCM_InstanceCreationDate, date);
    put(dataset, DCM_InstanceCreationTime, time);
    put(dataset, DCM_PatientName, dicomText(source.patientName, 3 * 64 + 2));
    put(dataset, DCM_PatientID, dicomText(source.patientId, 64));
    put(dataset, DCM_PatientBirthDate, dicomDateOrEmpty(source.patientBirthDate));
    put(dataset, DCM_PatientSex, dicomSexOrEmpty(source.patientSex));
    put(dataset, DCM_StudyInstanceUID, source.studyInstanceUid);
    put(dataset, DCM_StudyDate, dicomDateOrEmpty(source.studyDate));
    put(dataset, DCM_StudyTime, dicomTimeOrEmpty(source.studyTime));
    put(dataset, DCM_ReferringPhysicianName, "");
    put(dataset, DCM_StudyID, dicomText(source.studyId, 16));
    put(dataset, DCM_AccessionNumber, dicomText(source.accessionNumber, 16));
    if (!source.studyDescription.empty()) {
        put(dataset, DCM_StudyDescription, dicomText(source.studyDescription, 64));
    }
    // The Frame of Reference module (current editions of the IOD list it).
    put(dataset, DCM_FrameOfReferenceUID, source.frameOfReferenceUid);
    put(dataset, DCM_PositionReferenceIndicator, "");
    put(dataset, DCM_Modality, "RTSTRUCT");
    put(dataset, DCM_SeriesInstanceUID, ids.seriesInstanceUid);
    put(dataset, DCM_SeriesNumber,
        options.seriesNumber > 0 ? std::to_string(options.seriesNumber) : std::string());
    put(dataset, DCM_SeriesDate, date);
    put(dataset, DCM_SeriesTime, time);
    put(dataset, DCM_SeriesDescription, dicomText(options.seriesDescription, 64));
    put(dataset, DCM_OperatorsName, "");
    put(dataset, DCM_Manufacturer, "SegLoop");
    put(dataset, DCM_ManufacturerModelName, "SegLoop");
    put(dataset, DCM_InstanceNumber, "1");
    put(dataset, DCM_StructureSetLabel, dicomText(options.structureSetLabel, 16));
    put(dataset, DCM_StructureSetDate, date);
    put(dataset, DCM_StructureSetTime, time);
}

/// Referenced Frame of Reference → RT Referenced Study → RT Referenced Series → images.
void putReferences(DcmDataset& dataset, const DicomSourceSeries& source) {
    DcmItem& frame = appendItem(dataset, DCM_ReferencedFrameOfReferenceSequence);
    put(frame, DCM_FrameOfReferenceUID, source.frameOfReferenceUid);
    DcmItem& study = appendItem(frame, DCM_RTReferencedStudySequence);
    // The Study Management SOP Class, as the RT modules ask (retired, still the value used).
    put(study, DCM_ReferencedSOPClassUID, UID_RETIRED_DetachedStudyManagementSOPClass);
    put(study, DCM_ReferencedSOPInstanceUID, source.studyInstanceUid);
    DcmItem& series = appendItem(study, DCM_RTReferencedSeriesSequence);
    put(series, DCM_SeriesInstanceUID, source.seriesInstanceUid);
    for (const DicomSourceSlice& slice : source.slices) {
        putImageReference(appendItem(series, DCM_ContourImageSequence), slice);
    }
}

const char* generationAlgorithm(DicomLabelOrigin::Kind kind) {
    switch (kind) {
        case DicomLabelOrigin::Kind::Automatic:
            return "AUTOMATIC";
        case DicomLabelOrigin::Kind::Semiautomatic:
            return "SEMIAUTOMATIC";
        default:
            return "MANUAL";
    }
}

/// The ROI Contour item of one class: its contours on every slice where it has voxels.
size_t putContours(DcmItem& roiContour, const LabelMap& labels, const DicomSourceSeries& source,
                   uint16_t label) {
    const ImageGeometry& grid = labels.geometry;
    const int64_t width = grid.size[0];
    const int64_t height = grid.size[1];
    const size_t slicePixels = static_cast<size_t>(width * height);
    std::vector<uint8_t> mask(slicePixels);
    size_t written = 0;
    for (int64_t k = 0; k < grid.size[2]; ++k) {
        const uint16_t* slice = labels.labels.data() + static_cast<size_t>(k) * slicePixels;
        bool any = false;
        for (size_t n = 0; n < slicePixels; ++n) {
            mask[n] = slice[n] == label ? 1 : 0;
            any = any || mask[n] != 0;
        }
        if (!any) {
            continue;
        }
        for (const SlicePolygon& polygon : traceRegionBoundaries(mask.data(), width, height)) {
            DcmItem& contour = appendItem(roiContour, DCM_ContourSequence);
            putImageReference(appendItem(contour, DCM_ContourImageSequence),
                              source.slices[static_cast<size_t>(k)]);
            put(contour, DCM_ContourGeometricType, "CLOSED_PLANAR");
            put(contour, DCM_NumberOfContourPoints, std::to_string(polygon.size()));
            put(contour, DCM_ContourNumber, std::to_string(++written));
            std::string data;
            data.reserve(polygon.size() * 36);
            for (const SlicePoint& point : polygon) {
                const Vec3 world = grid.indexToWorld({point[0], point[1], static_cast<double>(k)});
                for (double value : world) {
                    data += data.empty() ? "" : "\\";
                    data += dicomDecimal(value);
                }
            }
            put(contour, DCM_ContourData, data);
        }
    }
    return written;
}

void putRois(DcmDataset& dataset, const LabelMap& labels, const DicomSourceSeries& source,
             const std::vector<DicomSegmentDescription>& classes,
             const RtStructWriteOptions& options, RtStructWriteResult& result) {
    for (size_t index = 0; index < classes.size(); ++index) {
        const DicomSegmentDescription& description = classes[index];
        const std::string number = std::to_string(description.label);
        DcmItem& roi = appendItem(dataset, DCM_StructureSetROISequence);
        put(roi, DCM_ROINumber, number);
        put(roi, DCM_ReferencedFrameOfReferenceUID, source.frameOfReferenceUid);
        put(roi, DCM_ROIName, dicomText(description.name, 64));
        put(roi, DCM_ROIGenerationAlgorithm, generationAlgorithm(options.origin.kind));
        const std::string algorithm =
            options.origin.algorithmName +
            (options.origin.algorithmVersion.empty() ? "" : " " + options.origin.algorithmVersion);
        if (!options.origin.algorithmName.empty()) {
            put(roi, DCM_ROIGenerationDescription, dicomText(algorithm, 64));
        }

        DcmItem& roiContour = appendItem(dataset, DCM_ROIContourSequence);
        put(roiContour, DCM_ReferencedROINumber, number);
        put(roiContour, DCM_ROIDisplayColor,
            std::to_string(description.rgb[0]) + "\\" + std::to_string(description.rgb[1]) + "\\" +
                std::to_string(description.rgb[2]));
        result.contoursPerRoi.push_back(putContours(roiContour, labels, source, description.label));

        DcmItem& observation = appendItem(dataset, DCM_RTROIObservationsSequence);
        put(observation, DCM_ObservationNumber, std::to_string(index + 1));
        put(observation, DCM_ReferencedROINumber, number);
        put(observation, DCM_RTROIInterpretedType, options.interpretedType);
        put(observation, DCM_ROIInterpreter, "");
    }
}

}  // namespace

RtStructWriteResult writeRtStruct(const LabelMap& labels, const DicomSourceSeries& source,
                                  const std::vector<DicomSegmentDescription>& classes,
                                  const std::string& path, const RtStructWriteOptions& options) {
    checkInputs(labels, source, classes, path);
    RtStructWriteResult result;
    result.seriesInstanceUid = newUid(SITE_SERIES_UID_ROOT);
    result.sopInstanceUid = newUid(SITE_INSTANCE_UID_ROOT);
    OFString date;
    OFString time;
    DcmDate::getCurrentDate(date);
    DcmTime::getCurrentTime(time);

    DcmFileFormat file;
    DcmDataset& dataset = *file.getDataset();
    putPatientStudySeries(dataset, source, options, result, date.c_str(), time.c_str());
    putReferences(dataset, source);
    putRois(dataset, labels, source, classes, options, result);
    saveDicomFileAtomically(file, path, EXS_LittleEndianImplicit);
    return result;
}

}  // namespace segloop
