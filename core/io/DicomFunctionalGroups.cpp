#include "core/io/DicomFunctionalGroups.h"

#include <array>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcsequen.h"

namespace segloop {

namespace {

DcmItem* firstItem(DcmItem& parent, const DcmTagKey& sequence) {
    DcmItem* item = nullptr;
    return parent.findAndGetSequenceItem(sequence, item, 0).good() ? item : nullptr;
}

template <size_t N>
bool readNumbers(DcmItem& item, const DcmTagKey& tag, std::array<double, N>& out) {
    std::array<double, N> values{};
    for (size_t i = 0; i < N; ++i) {
        Float64 value = 0.0;
        if (item.findAndGetFloat64(tag, value, static_cast<unsigned long>(i)).bad()) {
            return false;
        }
        values[i] = value;
    }
    out = values;
    return true;
}

void readNumber(DcmItem& item, const DcmTagKey& tag, double& out) {
    Float64 value = 0.0;
    if (item.findAndGetFloat64(tag, value).good()) {
        out = value;
    }
}

/// Applies the functional groups of one item (shared or per-frame) to a frame.
void applyGroups(DcmItem& groups, DicomInstance& frame) {
    if (DcmItem* plane = firstItem(groups, DCM_PlanePositionSequence)) {
        frame.hasPosition |= readNumbers(*plane, DCM_ImagePositionPatient, frame.positionMm);
    }
    if (DcmItem* plane = firstItem(groups, DCM_PlaneOrientationSequence)) {
        frame.hasOrientation |= readNumbers(*plane, DCM_ImageOrientationPatient, frame.orientation);
    }
    if (DcmItem* measures = firstItem(groups, DCM_PixelMeasuresSequence)) {
        readNumbers(*measures, DCM_PixelSpacing, frame.pixelSpacingMm);
        readNumber(*measures, DCM_SliceThickness, frame.sliceThicknessMm);
        readNumber(*measures, DCM_SpacingBetweenSlices, frame.spacingBetweenSlicesMm);
    }
    if (DcmItem* transform = firstItem(groups, DCM_PixelValueTransformationSequence)) {
        readNumber(*transform, DCM_RescaleSlope, frame.rescaleSlope);
        readNumber(*transform, DCM_RescaleIntercept, frame.rescaleIntercept);
        if (frame.rescaleSlope == 0.0) {
            frame.rescaleSlope = 1.0;
        }
    }
}

}  // namespace

std::vector<DicomInstance> readDicomFrameHeaders(DcmDataset& dataset, const DicomInstance& file) {
    DcmSequenceOfItems* perFrame = nullptr;
    const int frameCount = file.pixelFormat.numberOfFrames;
    if (dataset.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).bad() ||
        perFrame == nullptr || frameCount < 1 ||
        perFrame->card() != static_cast<unsigned long>(frameCount)) {
        return {};
    }
    DcmItem* shared = firstItem(dataset, DCM_SharedFunctionalGroupsSequence);
    std::vector<DicomInstance> frames;
    frames.reserve(static_cast<size_t>(frameCount));
    for (int index = 0; index < frameCount; ++index) {
        DicomInstance frame = file;
        frame.frameNumber = index + 1;
        if (shared != nullptr) {
            applyGroups(*shared, frame);
        }
        if (DcmItem* own = perFrame->getItem(static_cast<unsigned long>(index))) {
            applyGroups(*own, frame);
        }
        frames.push_back(std::move(frame));
    }
    return frames;
}

}  // namespace segloop
