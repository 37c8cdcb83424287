// DICOM SEG out and back in: label maps (binary) and probability maps (fractional) written as a
// SEG of a real source series, read back and placed on the same grid. Uses tests/data/dicom/
// hippo12 (always present; 34x50 frames are 1700 pixels, not a multiple of 8) and, when
// ../shared/data is there, an oblique MR and a multi-frame CT. Also the writer's refusals.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/DicomSegCodes.h"
#include "core/io/DicomSegPlacement.h"
#include "core/io/DicomSegReader.h"
#include "core/io/DicomSegWriter.h"
#include "support/DicomSegFixtures.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

template <typename Action>
std::string errorOf(Action action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

/// The label map a SEG written from `labels` with segTestClasses() reads back as: segment
/// numbers 1..3 stand for classes 5, 2, 9.
LabelMap asSegmentNumbers(const LabelMap& labels) {
    LabelMap numbers = labels;
    for (uint16_t& value : numbers.labels) {
        value = value == 5 ? 1 : value == 2 ? 2 : value == 9 ? 3 : 0;
    }
    return numbers;
}

/// How many slices of `labels` hold `label`.
size_t slicesWith(const LabelMap& labels, uint16_t label) {
    const auto& n = labels.geometry.size;
    size_t count = 0;
    for (int64_t k = 0; k < n[2]; ++k) {
        bool found = false;
        for (int64_t j = 0; j < n[1] && !found; ++j) {
            for (int64_t i = 0; i < n[0] && !found; ++i) {
                found = labels.at(i, j, k) == label;
            }
        }
        count += found ? 1 : 0;
    }
    return count;
}

void expectBinaryRoundTrip(const DicomSourceSeries& source, const std::string& path) {
    const LabelMap labels = test::makeSegTestLabels(source.geometry);
    DicomSegWriteOptions options;
    options.origin = {DicomLabelOrigin::Kind::Automatic, "SegLoop UNet", "7"};
    options.contentLabel = "pseudo labels";
    options.contentDescription = "Model 7\non the hippocampus";  // a line break: LO has none
    options.contentCreatorName = "Doe^Jane";
    const std::string uid = writeDicomSeg(path, labels, source, test::segTestClasses(), options);
    if (test::dciodvfyAvailable()) {  // DicomSegValidationTest checks more, with pydicom too
        test::expectDciodvfyClean(path);
    }

    const DicomSeg seg = readDicomSeg(path);
    EXPECT_EQ(seg.sopInstanceUid, uid);
    EXPECT_EQ(seg.segmentationType, "BINARY");
    EXPECT_EQ(seg.referencedSeriesUid, source.seriesInstanceUid);
    std::set<std::string> instances;  // one for all frames of a multi-frame source
    for (const DicomSourceSlice& slice : source.slices) {
        instances.insert(slice.sopInstanceUid);
    }
    EXPECT_EQ(
        std::set<std::string>(seg.referencedInstanceUids.begin(), seg.referencedInstanceUids.end()),
        instances);
    EXPECT_EQ(seg.referencedInstanceUids.size(), instances.size());
    EXPECT_EQ(seg.frameOfReferenceUid, source.frameOfReferenceUid);
    EXPECT_EQ(seg.studyInstanceUid, source.studyInstanceUid);
    EXPECT_EQ(seg.patientId, source.patientId);
    EXPECT_NE(seg.seriesInstanceUid, source.seriesInstanceUid);
    EXPECT_EQ(seg.contentLabel, "PSEUDO_LABELS");
    EXPECT_EQ(seg.contentDescription, "Model 7 on the hippocampus");
    EXPECT_EQ(seg.contentCreatorName, "Doe^Jane");
    ASSERT_EQ(seg.segments.size(), 3u);
    const std::vector<DicomSegmentDescription> classes = test::segTestClasses();
    for (size_t s = 0; s < 3; ++s) {
        const DicomSegSegment& segment = seg.segments[s];
        EXPECT_EQ(segment.number, s + 1);
        EXPECT_EQ(segment.label, classes[s].name);
        EXPECT_EQ(segment.algorithmType, "AUTOMATIC");
        EXPECT_EQ(segment.algorithmName, "SegLoop UNet");
        for (int c = 0; c < 3; ++c) {
            EXPECT_NEAR(segment.rgb[c], classes[s].rgb[c], 1) << classes[s].name;
        }
    }
    EXPECT_EQ(seg.segments[0].type.value, "10200004");   // Liver
    EXPECT_EQ(seg.segments[1].type.value, "108369006");  // Neoplasm
    EXPECT_EQ(seg.segments[1].category.value, "49755003");
    EXPECT_EQ(seg.segments[2].type.value, "85756007");  // Tissue
    // Sparse: a frame per slice that holds the class; one empty frame for the absent class.
    EXPECT_EQ(seg.segments[0].frames.size(), slicesWith(labels, 5));
    EXPECT_EQ(seg.segments[1].frames.size(), slicesWith(labels, 2));
    ASSERT_EQ(seg.segments[2].frames.size(), 1u);
    EXPECT_LT(seg.segments[0].frames.size(), source.slices.size());

    EXPECT_EQ(test::differingVoxels(placeDicomSeg(seg, source), asSegmentNumbers(labels)), 0u);
    const std::vector<LabelMap> perSegment = placeDicomSegSegments(seg, source);
    ASSERT_EQ(perSegment.size(), 3u);
    EXPECT_EQ(perSegment[0].classVoxelCounts().at(1), labels.classVoxelCounts().at(5));
    EXPECT_EQ(perSegment[2].maxLabel(), 0);
}

TEST(DicomSegRoundTrip, BinaryLabelMapComesBackTheSame) {
    TempDir dir;
    expectBinaryRoundTrip(test::loadSegSource(test::hippoSeriesDir()), dir.file("hippo.dcm"));
}

TEST(DicomSegRoundTrip, ObliqueAndMultiFrameSources) {
    SEGLOOP_REQUIRE_SHARED_DATA();
    TempDir dir;
    const DicomSourceSeries mr =
        test::loadSegSource(test::sharedDataDir() + "/dicom/mr-brain/study3/11-T1post-18670");
    EXPECT_GT(std::abs(mr.geometry.direction[3]), 1e-6);  // really oblique
    expectBinaryRoundTrip(mr, dir.file("oblique.dcm"));
    // ImageOrientationPatient = row cosine (direction column 0), column cosine (column 1).
    const DicomSeg oblique = readDicomSeg(dir.file("oblique.dcm"));
    const Mat3& d = mr.geometry.direction;
    const double expected[6] = {d[0], d[3], d[6], d[1], d[4], d[7]};
    for (int i = 0; i < 6; ++i) {
        EXPECT_NEAR(oblique.orientation[i], expected[i], 1e-9) << i;
    }
    if (!test::dicomSegDataDir().empty()) {
        const DicomSourceSeries multiFrame =
            test::loadSegSource(test::dicomSegDataDir() + "/24x38x3/multiframe");
        ASSERT_EQ(multiFrame.slices.at(0).frameNumber, 1);
        expectBinaryRoundTrip(multiFrame, dir.file("multiframe.dcm"));
    }
}

TEST(DicomSegRoundTrip, FractionalProbabilitiesComeBackQuantised) {
    TempDir dir;
    const DicomSourceSeries source = test::loadSegSource(test::hippoSeriesDir());
    const ImageGeometry& grid = source.geometry;
    std::vector<Volume> maps(2, Volume(grid));
    const float levels[] = {0.0f, 0.2f, 0.49f, 0.5f, 0.7f, 1.0f, 1.5f, -0.3f, std::nanf("")};
    for (size_t v = 0; v < grid.voxelCount(); ++v) {
        const int64_t k = static_cast<int64_t>(v) / (grid.size[0] * grid.size[1]);
        maps[0].voxels[v] = k >= 3 && k <= 6 ? levels[v % 9] : 0.0f;  // frames on slices 3..6
    }
    maps[1].voxels[grid.linearIndex(4, 5, 11)] = 0.9f;  // one voxel, last slice
    const std::vector<DicomSegmentDescription> classes = {{1, "Hippocampus", {0, 200, 0}},
                                                          {2, "Lesion", {200, 0, 0}}};
    const std::string path = dir.file("fractional.dcm");
    writeDicomSegFractional(path, maps, source, classes);
    if (test::dciodvfyAvailable()) {
        test::expectDciodvfyClean(path);
    }

    const DicomSeg seg = readDicomSeg(path);
    EXPECT_EQ(seg.segmentationType, "FRACTIONAL");
    EXPECT_EQ(seg.fractionalType, "PROBABILITY");
    EXPECT_EQ(seg.maxValue, 255);
    ASSERT_EQ(seg.segments.size(), 2u);
    ASSERT_EQ(seg.segments[0].frames.size(), 4u);
    ASSERT_EQ(seg.segments[1].frames.size(), 1u);
    EXPECT_EQ(seg.segments[0].type.value, "5366008");
    EXPECT_EQ(seg.segments[1].type.value, "52988006");
    const std::vector<LabelMap> placed = placeDicomSegSegments(seg, source);
    for (const DicomSegFrame& frame : seg.segments[0].frames) {
        const int64_t k = test::sliceAt(source, frame.positionMm);
        ASSERT_GE(k, 3);
        const size_t first = static_cast<size_t>(k) * frame.pixels.size();
        for (size_t p = 0; p < frame.pixels.size(); ++p) {
            const float probability = maps[0].voxels[first + p];
            const int expected =
                std::isnan(probability)
                    ? 0
                    : static_cast<int>(std::lround(std::clamp(probability, 0.0f, 1.0f) * 255.0f));
            ASSERT_EQ(frame.pixels[p], expected) << "p = " << probability;
            EXPECT_EQ(placed[0].labels[first + p], probability >= 0.5f ? 1 : 0)
                << "p = " << probability;
        }
    }
    EXPECT_EQ(placed[1].classVoxelCounts().at(1), 1u);
    EXPECT_EQ(placed[1].at(4, 5, 11), 1);
}

TEST(DicomSegRoundTrip, WriterRefusesWithoutLeavingFiles) {
    TempDir dir;
    const DicomSourceSeries source = test::loadSegSource(test::hippoSeriesDir());
    const LabelMap labels = test::makeSegTestLabels(source.geometry);
    const auto classes = test::segTestClasses();
    const std::string path = dir.file("out.dcm");
    {
        std::ofstream old(path);
        old << "an older export";
    }
    auto expectRefusal = [&](const std::string& message, const std::string& problem) {
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find(problem), std::string::npos) << message;
    };

    ImageGeometry fewer = source.geometry;
    fewer.size[2] -= 1;
    expectRefusal(errorOf([&] { writeDicomSeg(path, LabelMap(fewer), source, classes); }),
                  "the label map has 11 slices but the source series has 12");
    expectRefusal(errorOf([&] { writeDicomSeg(path, LabelMap(source.geometry), source, classes); }),
                  "the label map is empty");
    LabelMap stray = labels;
    stray.at(0, 0, 0) = 7;
    expectRefusal(errorOf([&] { writeDicomSeg(path, stray, source, classes); }),
                  "class 7 is in the label map but not among the segments");
    expectRefusal(errorOf([&] { writeDicomSeg(path, labels, source, {}); }), "no segment");
    DicomSourceSeries anonymous = source;
    anonymous.slices[3].sopInstanceUid.clear();
    expectRefusal(errorOf([&] { writeDicomSeg(path, labels, anonymous, classes); }),
                  "source slice 3 has no SOP Instance UID");
    std::ifstream kept(path);
    std::string content;
    std::getline(kept, content);
    EXPECT_EQ(content, "an older export");

    const std::string folder = dir.file("folder.dcm");  // a folder where the file should go
    fs::create_directory(folder);
    const std::string message = errorOf([&] { writeDicomSeg(folder, labels, source, classes); });
    EXPECT_NE(message.find(folder), std::string::npos) << message;
    EXPECT_TRUE(fs::is_directory(folder));
    const std::string missing = dir.file("no/such/folder/out.dcm");
    EXPECT_NE(errorOf([&] { writeDicomSeg(missing, labels, source, classes); }).find(missing),
              std::string::npos);
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << "left behind: " << entry.path();
    }
}

TEST(DicomSegCodes, TableAndColours) {
    EXPECT_EQ(dicomSegmentCodesFor("LIVER").type.value, "10200004");
    EXPECT_EQ(dicomSegmentCodesFor("liver").category.value, "123037004");
    EXPECT_EQ(dicomSegmentCodesFor("Left_Ventricle").type.value, "87878005");
    EXPECT_EQ(dicomSegmentCodesFor("RV").type.value, "53085002");
    EXPECT_EQ(dicomSegmentCodesFor("Myocardium").type.value, "49848007");
    EXPECT_EQ(dicomSegmentCodesFor("right kidney").type.value, "64033007");
    EXPECT_EQ(dicomSegmentCodesFor("Hippocampus").type.value, "5366008");
    EXPECT_EQ(dicomSegmentCodesFor("Spleen").type.value, "78961009");
    EXPECT_EQ(dicomSegmentCodesFor("lungs").type.value, "39607008");
    EXPECT_EQ(dicomSegmentCodesFor("Tumor").type.value, "108369006");
    EXPECT_EQ(dicomSegmentCodesFor("kidney lesion").type.value, "52988006");
    EXPECT_EQ(dicomSegmentCodesFor("kidney lesion").category.value, "49755003");
    EXPECT_EQ(dicomSegmentCodesFor("rivet").type.value, "85756007");  // no "rv" word
    EXPECT_EQ(dicomSegmentCodesFor("brainstem").type.value, "85756007");
    const DicomSegmentCodes other = dicomSegmentCodesFor("class 3");
    EXPECT_EQ(other.category.value, "85756007");
    EXPECT_EQ(other.type.scheme, "SCT");
    EXPECT_EQ(other.type.meaning, "Tissue");

    // dcmqi wrote Slicer's liver colour (221, 130, 101) as 41661 41167 40792.
    const std::array<uint16_t, 3> lab = rgbToDicomLab({221, 130, 101});
    EXPECT_NEAR(lab[0], 41661, 3);
    EXPECT_NEAR(lab[1], 41167, 3);
    EXPECT_NEAR(lab[2], 40792, 3);
    for (const std::array<uint8_t, 3> rgb :
         {std::array<uint8_t, 3>{0, 0, 0}, {255, 255, 255}, {255, 0, 0}, {12, 200, 99}}) {
        const std::array<uint8_t, 3> back = dicomLabToRgb(rgbToDicomLab(rgb));
        for (int c = 0; c < 3; ++c) {
            EXPECT_NEAR(back[c], rgb[c], 1);
        }
    }
}

}  // namespace
}  // namespace segloop
