#include "core/io/DicomFileReader.h"

#include "core/io/DicomJpegMarkers.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcxfer.h"

#include "core/Error.h"
#include "core/io/DicomFileLoad.h"
#include "core/io/DicomHeader.h"

namespace segloop {

namespace {

/// How stored samples become values: which bits hold the sample, its sign, and the rescale.
struct SampleRule {
    int lowBit = 0;     ///< HighBit + 1 - BitsStored.
    uint32_t mask = 0;  ///< BitsStored ones.
    bool isSigned = false;
    bool fullWidth = true;  ///< BitsStored == BitsAllocated and lowBit 0: no bit fiddling.
    float slope = 1.0f;
    float intercept = 0.0f;
};

SampleRule sampleRule(const DicomPixelFormat& format, const DicomInstance& image) {
    SampleRule rule;
    int bitsStored = format.bitsStored;
    int lowBit = format.highBit + 1 - bitsStored;
    if (bitsStored <= 0 || bitsStored > format.bitsAllocated || lowBit < 0 ||
        lowBit + bitsStored > format.bitsAllocated) {
        bitsStored = format.bitsAllocated;  // Inconsistent header: take all bits.
        lowBit = 0;
    }
    rule.lowBit = lowBit;
    rule.mask = bitsStored >= 32 ? 0xFFFFFFFFu : ((1u << bitsStored) - 1u);
    rule.isSigned = format.pixelRepresentation == 1;
    rule.fullWidth = bitsStored == format.bitsAllocated;
    rule.slope = static_cast<float>(image.rescaleSlope);
    rule.intercept = static_cast<float>(image.rescaleIntercept);
    return rule;
}

/// Converts `count` samples of type Unsigned (uint8_t or uint16_t, as stored) to floats in one
/// pass. Multiplying by 1 and adding 0 is exact, so the unscaled case needs no branch.
template <typename Unsigned, typename Signed>
void convertSamples(const Unsigned* in, size_t count, const SampleRule& rule, float* out) {
    const float slope = rule.slope;
    const float intercept = rule.intercept;
    if (rule.fullWidth && rule.isSigned) {
        const Signed* values = reinterpret_cast<const Signed*>(in);
        for (size_t i = 0; i < count; ++i) {
            out[i] = static_cast<float>(values[i]) * slope + intercept;
        }
    } else if (rule.fullWidth) {
        for (size_t i = 0; i < count; ++i) {
            out[i] = static_cast<float>(in[i]) * slope + intercept;
        }
    } else {
        const uint32_t signBit = (rule.mask >> 1) + 1u;
        const int32_t wrap = rule.isSigned ? static_cast<int32_t>(rule.mask) + 1 : 0;
        for (size_t i = 0; i < count; ++i) {
            const uint32_t bits = (static_cast<uint32_t>(in[i]) >> rule.lowBit) & rule.mask;
            const int32_t value = static_cast<int32_t>(bits) - ((bits & signBit) != 0 ? wrap : 0);
            out[i] = static_cast<float>(value) * slope + intercept;
        }
    }
}

bool samePosition(const Vec3& a, const Vec3& b) {
    return std::abs(a[0] - b[0]) < 1e-3 && std::abs(a[1] - b[1]) < 1e-3 &&
           std::abs(a[2] - b[2]) < 1e-3;
}

/// Reads and decodes one file; fails through `fail` naming the file.
class OpenedFile {
  public:
    OpenedFile(const DicomInstance& expected, const std::function<void(const std::string&)>& fail)
        : fail_(fail) {
        // Read every value in this one pass: lazy loading would open the file a second time.
        // Lengths beyond the file are refused before DCMTK allocates them (DicomFileLoad.h).
        OFCondition status = loadWholeDicomFile(file_, expected.path);
        if (status.bad()) {
            fail("cannot be read: " + dicomLoadFailure(status));
        }
        DcmDataset& dataset = *file_.getDataset();
        header_ = readDicomInstanceHeader(dataset);
        const DicomPixelFormat& format = header_.pixelFormat;
        const DicomPixelFormat& scanned = expected.pixelFormat;
        if (!format.hasPixelData) {
            fail("has no pixel data");
        }
        const bool moved =
            expected.frameNumber == 0 && (header_.hasPosition != expected.hasPosition ||
                                          !samePosition(header_.positionMm, expected.positionMm));
        if (format.rows != scanned.rows || format.columns != scanned.columns ||
            format.bitsAllocated != scanned.bitsAllocated ||
            format.numberOfFrames != scanned.numberOfFrames || format.samplesPerPixel != 1 ||
            moved) {
            fail("has changed since the folder was scanned: scan it again");
        }
        const DcmXfer xfer(dataset.getOriginalXfer());
        if (xfer.isEncapsulated()) {
            const std::string jpegProblem = dicomJpegMarkerProblem(dataset);
            if (!jpegProblem.empty()) {
                fail(jpegProblem);
            }
            status = dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
            if (status.bad() || !dataset.canWriteXfer(EXS_LittleEndianExplicit)) {
                fail(std::string("is compressed as ") + xfer.getXferName() +
                     ", which cannot be decompressed (" + status.text() + ")");
            }
        }
        if (dataset.findAndGetElement(DCM_PixelData, element_).bad() || element_ == nullptr) {
            fail("has no pixel data");
        }
    }

    const DicomPixelFormat& format() const { return header_.pixelFormat; }

    /// Converts the pixels of `target`'s frame into its slice.
    void convert(const DicomSliceTarget& target) {
        const DicomPixelFormat& format = header_.pixelFormat;
        const size_t pixelCount =
            static_cast<size_t>(format.rows) * static_cast<size_t>(format.columns);
        const size_t frame = target.instance->frameNumber > 0
                                 ? static_cast<size_t>(target.instance->frameNumber) - 1
                                 : 0;
        const size_t bytesPerSample = static_cast<size_t>(format.bitsAllocated / 8);
        const SampleRule rule = sampleRule(format, *target.instance);
        OFCondition status = EC_IllegalCall;
        if (format.bitsAllocated == 8) {
            Uint8* data = nullptr;
            status = element_->getUint8Array(data);
            if (status.good() && data != nullptr && enough(frame, pixelCount, bytesPerSample)) {
                convertSamples<uint8_t, int8_t>(data + frame * pixelCount, pixelCount, rule,
                                                target.voxels);
                return;
            }
        } else if (format.bitsAllocated == 16) {
            Uint16* data = nullptr;
            status = element_->getUint16Array(data);
            if (status.good() && data != nullptr && enough(frame, pixelCount, bytesPerSample)) {
                convertSamples<uint16_t, int16_t>(data + frame * pixelCount, pixelCount, rule,
                                                  target.voxels);
                return;
            }
        } else {
            fail_("has " + std::to_string(format.bitsAllocated) +
                  " bits allocated per pixel: only 8 and 16 are supported");
        }
        fail_("has truncated or unreadable pixel data (" + std::to_string(element_->getLength()) +
              " bytes for " + std::to_string(pixelCount) + " pixels x " +
              std::to_string(format.numberOfFrames) + " frames)");
    }

  private:
    bool enough(size_t frame, size_t pixelCount, size_t bytesPerSample) const {
        return element_->getLength() >= (frame + 1) * pixelCount * bytesPerSample;
    }

    std::function<void(const std::string&)> fail_;
    DcmFileFormat file_;
    DicomInstance header_;
    DcmElement* element_ = nullptr;
};

}  // namespace

std::string readDicomFile(const DicomSeries& series, const std::vector<DicomSliceTarget>& targets) {
    if (targets.empty()) {
        return {};
    }
    const DicomInstance& first = *targets.front().instance;
    // Named only when something fails: describing costs a pass over the whole series.
    const auto fail = [&](const std::string& problem) {
        DicomInstance file = first;
        file.frameNumber = 0;
        throw Error(describeDicomSeries(series),
                    describeDicomInstance(series, file) + " " + problem);
    };
    OpenedFile file(first, fail);
    for (const DicomSliceTarget& target : targets) {
        file.convert(target);
    }
    return file.format().storedDataType();
}
}  // namespace segloop
