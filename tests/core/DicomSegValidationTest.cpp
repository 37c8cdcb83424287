// Every SEG SegLoop writes, checked by tools nobody here wrote: dciodvfy (dicom3tools) must
// report no error (warnings are printed), and pydicom (through tests/tools/dicom_seg_check.py)
// must read the SOP class, frame and segment counts, references and codes we meant, and decode
// every frame to exactly the bits or values we wrote. Skipped, with a message, without them.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/io/DicomSegWriter.h"
#include "support/DicomSegFixtures.h"

namespace segloop {
namespace {

using test::TempDir;

/// Expected stored value of pixel `p` of a frame of segment `number` on slice `k`.
using ExpectedPixel = std::function<uint8_t(int number, int64_t k, size_t p)>;

class DicomSegValidation : public ::testing::Test {
  protected:
    void SetUp() override {
        dciodvfy_ = test::dciodvfyAvailable();
        pydicom_ = test::pydicomAvailable();
        if (!dciodvfy_ && !pydicom_) {
            GTEST_SKIP() << "neither /usr/bin/dciodvfy (dicom3tools) nor python3-pydicom is "
                            "installed: skipping the validation of written SEGs";
        }
    }

    /// Runs both tools on `path`, written from `source` with `classes`.
    void validate(const std::string& path, const DicomSourceSeries& source,
                  const std::vector<DicomSegmentDescription>& classes, bool fractional,
                  const ExpectedPixel& expected) {
        SCOPED_TRACE(path);
        if (dciodvfy_) {
            test::expectDciodvfyClean(path);
        } else {
            std::cout << "[ skipped  ] dciodvfy is not installed\n";
        }
        if (!pydicom_) {
            std::cout << "[ skipped  ] python3-pydicom is not installed\n";
            return;
        }
        const test::PydicomSeg seg = test::readWithPydicom(path, scratch_);
        EXPECT_EQ(seg.sopClass, "1.2.840.10008.5.1.4.1.1.66.4");
        EXPECT_EQ(seg.segmentationType, fractional ? "FRACTIONAL" : "BINARY");
        if (fractional) {
            EXPECT_EQ(seg.fractionalType, "PROBABILITY");
            EXPECT_EQ(seg.maxValue, "255");
        }
        EXPECT_EQ(seg.rows, source.geometry.size[1]);
        EXPECT_EQ(seg.columns, source.geometry.size[0]);
        EXPECT_EQ(seg.referencedSeries, source.seriesInstanceUid);
        ASSERT_EQ(seg.segments.size(), classes.size());
        for (size_t s = 0; s < classes.size(); ++s) {
            EXPECT_EQ(seg.segments[s].number, static_cast<int>(s + 1));
            EXPECT_EQ(seg.segments[s].label, classes[s].name);
        }
        ASSERT_EQ(static_cast<int>(seg.frames.size()), seg.frameCount);
        const size_t framePixels = static_cast<size_t>(seg.rows * seg.columns);
        ASSERT_EQ(seg.pixels.size(), framePixels * seg.frames.size());
        for (const test::PydicomSeg::Frame& frame : seg.frames) {
            const int64_t k = test::sliceAt(source, frame.positionMm);
            ASSERT_GE(k, 0) << "frame " << frame.number << " lies on no source slice";
            const DicomSourceSlice& slice = source.slices[static_cast<size_t>(k)];
            EXPECT_EQ(frame.sourceInstanceUid, slice.sopInstanceUid);
            EXPECT_EQ(frame.sourceFrame,
                      slice.frameNumber > 0 ? std::to_string(slice.frameNumber) : "-");
            const uint8_t* pixels =
                seg.pixels.data() + static_cast<size_t>(frame.number - 1) * framePixels;
            size_t wrong = 0;
            for (size_t p = 0; p < framePixels; ++p) {
                wrong += pixels[p] != expected(frame.segment, k, p) ? 1 : 0;
            }
            EXPECT_EQ(wrong, 0u) << "frame " << frame.number << " (segment " << frame.segment
                                 << ", slice " << k << ")";
        }
        lastRead_ = seg;
    }

    /// Writes makeSegTestLabels() on `source` as a binary SEG and validates it.
    void writeAndValidateBinary(const DicomSourceSeries& source, const std::string& name,
                                const DicomLabelOrigin& origin) {
        const LabelMap labels = test::makeSegTestLabels(source.geometry);
        const std::vector<DicomSegmentDescription> classes = test::segTestClasses();
        DicomSegWriteOptions options;
        options.origin = origin;
        const std::string path = scratch_.file(name);
        writeDicomSeg(path, labels, source, classes, options);
        const size_t slicePixels =
            static_cast<size_t>(source.geometry.size[0] * source.geometry.size[1]);
        validate(path, source, classes, false, [&](int number, int64_t k, size_t p) {
            const uint16_t label = classes.at(static_cast<size_t>(number - 1)).label;
            return labels.labels[static_cast<size_t>(k) * slicePixels + p] == label ? 1 : 0;
        });
    }

    TempDir scratch_;
    bool dciodvfy_ = false;
    bool pydicom_ = false;
    test::PydicomSeg lastRead_;
};

TEST_F(DicomSegValidation, BinaryFromAModel) {
    const DicomSourceSeries source = test::loadSegSource(test::hippoSeriesDir());
    writeAndValidateBinary(source, "automatic.dcm",
                           {DicomLabelOrigin::Kind::Automatic, "SegLoop UNet", "7"});
    if (!pydicom_) {
        return;
    }
    ASSERT_EQ(lastRead_.segments.size(), 3u);
    const test::PydicomSeg::Segment& liver = lastRead_.segments[0];
    EXPECT_EQ(liver.algorithmType, "AUTOMATIC");
    EXPECT_EQ(liver.algorithmName, "SegLoop UNet");
    EXPECT_EQ(liver.identificationName, "SegLoop UNet");
    EXPECT_EQ(liver.identificationVersion, "7");
    EXPECT_EQ(liver.category, "SCT:123037004");
    EXPECT_EQ(liver.type, "SCT:10200004");
    EXPECT_EQ(lastRead_.segments[1].type, "SCT:108369006");
    EXPECT_EQ(lastRead_.segments[2].type, "SCT:85756007");
    EXPECT_EQ(lastRead_.referencedInstances, 12);
}

TEST_F(DicomSegValidation, BinaryManualAndCorrected) {
    const DicomSourceSeries source = test::loadSegSource(test::hippoSeriesDir());
    writeAndValidateBinary(source, "manual.dcm", {DicomLabelOrigin::Kind::Manual, "", ""});
    if (pydicom_) {
        EXPECT_EQ(lastRead_.segments.at(0).algorithmType, "MANUAL");
        EXPECT_EQ(lastRead_.segments.at(0).algorithmName, "-");
    }
    writeAndValidateBinary(source, "corrected.dcm",
                           {DicomLabelOrigin::Kind::Semiautomatic, "SegLoop UNet", "7"});
    if (pydicom_) {
        EXPECT_EQ(lastRead_.segments.at(0).algorithmType, "SEMIAUTOMATIC");
    }
}

TEST_F(DicomSegValidation, Fractional) {
    const DicomSourceSeries source = test::loadSegSource(test::hippoSeriesDir());
    const ImageGeometry& grid = source.geometry;
    std::vector<Volume> maps(2, Volume(grid));
    for (size_t v = 0; v < grid.voxelCount(); ++v) {
        const size_t k = v / static_cast<size_t>(grid.size[0] * grid.size[1]);
        maps[0].voxels[v] = k % 3 == 0 ? static_cast<float>(v % 101) / 100.0f : 0.0f;
        maps[1].voxels[v] = k == 5 ? 0.25f : 0.0f;
    }
    const std::vector<DicomSegmentDescription> classes = {{1, "Lung", {0, 90, 200}},
                                                          {3, "Tumour", {250, 0, 0}}};
    const std::string path = scratch_.file("fractional.dcm");
    writeDicomSegFractional(path, maps, source, classes);
    const size_t slicePixels = static_cast<size_t>(grid.size[0] * grid.size[1]);
    validate(path, source, classes, true, [&](int number, int64_t k, size_t p) {
        const float probability = maps.at(static_cast<size_t>(number - 1))
                                      .voxels[static_cast<size_t>(k) * slicePixels + p];
        return static_cast<uint8_t>(std::lround(probability * 255.0f));
    });
    if (pydicom_) {
        EXPECT_EQ(lastRead_.frameCount, 4 + 1);  // slices 0, 3, 6, 9 and slice 5
    }
}

TEST_F(DicomSegValidation, SharedDataSources) {
    SEGLOOP_REQUIRE_SHARED_DATA();
    const DicomLabelOrigin origin{DicomLabelOrigin::Kind::Automatic, "SegLoop UNet", "7"};
    writeAndValidateBinary(
        test::loadSegSource(test::sharedDataDir() + "/dicom/mr-brain/study3/11-T1post-18670"),
        "oblique.dcm", origin);
    const std::string segData = test::dicomSegDataDir();
    if (segData.empty()) {
        GTEST_SKIP() << "../shared/data/dicom-seg is absent";
    }
    // 23x38 = 874 pixels a frame: frames start inside bytes of the packed pixel data.
    writeAndValidateBinary(test::loadSegSource(segData + "/23x38x3/image"), "odd.dcm", origin);
    // Frames of a multi-frame source: ReferencedFrameNumber.
    writeAndValidateBinary(test::loadSegSource(segData + "/24x38x3/multiframe"), "mf.dcm", origin);
    writeAndValidateBinary(test::loadSegSource(segData + "/ct-3slice"), "ct.dcm", origin);
}

}  // namespace
}  // namespace segloop
