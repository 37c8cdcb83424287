// DICOM SEG import against files nobody here wrote: dcmqi's test data in ../shared/data/dicom-seg.
// Each SEG is read, placed on the grid of its source series (read with SegLoop's own DICOM
// loader) and compared voxel for voxel with dcmqi's NRRD export of the same masks, matched by
// world position (the NRRDs are LPS). Also: the refusals (Label Map SEG, wrong grid, not a SEG)
// and the tests' own NRRD reader.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/DicomSegPlacement.h"
#include "core/io/DicomSegReader.h"
#include "support/DicomSegFixtures.h"

namespace segloop {
namespace {

using test::differingVoxels;
using test::nrrdOnGrid;
using test::readNrrd;

class DicomSegImport : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = test::dicomSegDataDir();
        if (dir_.empty()) {
            GTEST_SKIP() << test::sharedDataDir()
                         << "/dicom-seg is absent: skipping the import tests that need it";
        }
    }
    std::string dir_;
};

/// The message of the segloop::Error that `action` throws ("" when none).
template <typename Action>
std::string errorOf(Action action) {
    try {
        action();
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

TEST_F(DicomSegImport, LiverBinarySegMatchesNrrd) {
    const DicomSeg seg = readDicomSeg(dir_ + "/liver.dcm");
    EXPECT_EQ(seg.segmentationType, "BINARY");
    ASSERT_EQ(seg.segments.size(), 1u);
    const DicomSegSegment& liver = seg.segments[0];
    EXPECT_EQ(liver.number, 1);
    EXPECT_EQ(liver.label, "Liver");
    EXPECT_EQ(liver.category.value, "T-D0050");
    EXPECT_EQ(liver.category.meaning, "Tissue");
    EXPECT_EQ(liver.type.value, "T-62000");
    EXPECT_EQ(liver.type.scheme, "SRT");
    EXPECT_EQ(liver.algorithmType, "SEMIAUTOMATIC");
    EXPECT_EQ(liver.algorithmName, "SlicerEditor");
    ASSERT_TRUE(liver.hasColour);  // CIELab 41661\41167\40792: Slicer's liver, RGB 221 130 101
    EXPECT_NEAR(liver.rgb[0], 221, 2);
    EXPECT_NEAR(liver.rgb[1], 130, 2);
    EXPECT_NEAR(liver.rgb[2], 101, 2);
    EXPECT_EQ(liver.frames.size(), 3u);

    const DicomSourceSeries source = test::loadSegSource(dir_ + "/ct-3slice");
    EXPECT_EQ(seg.referencedSeriesUid, source.seriesInstanceUid);
    EXPECT_EQ(seg.frameOfReferenceUid, source.frameOfReferenceUid);
    for (const DicomSourceSlice& slice : source.slices) {
        EXPECT_NE(std::find(seg.referencedInstanceUids.begin(), seg.referencedInstanceUids.end(),
                            slice.sopInstanceUid),
                  seg.referencedInstanceUids.end());
    }
    const LabelMap placed = placeDicomSeg(seg, source);
    const LabelMap expected = nrrdOnGrid(readNrrd(dir_ + "/liver_seg.nrrd"), source.geometry);
    EXPECT_EQ(differingVoxels(placed, expected), 0u);
    EXPECT_EQ(placed.classVoxelCounts().at(1), 107098u);
}

TEST_F(DicomSegImport, OverlappingSegmentsMatchDcmqiGroups) {
    // partial_overlaps.dcm: GREEN(1) overlaps ORANGE(2) on one slice and PURPLE(3) on the next;
    // dcmqi's merged export puts segments 1, 4, 5 in -1.nrrd, 2 in -2.nrrd, 3 in -3.nrrd, each
    // voxel holding its segment number.
    const DicomSeg seg = readDicomSeg(dir_ + "/partial_overlaps.dcm");
    ASSERT_EQ(seg.segments.size(), 5u);
    const char* labels[] = {"GREEN", "ORANGE", "PURPLE", "LIGHT_BLUE", "DARK_BLUE"};
    size_t frames = 0;
    for (size_t s = 0; s < 5; ++s) {
        EXPECT_EQ(seg.segments[s].number, s + 1);
        EXPECT_EQ(seg.segments[s].label, labels[s]);
        frames += seg.segments[s].frames.size();
    }
    EXPECT_EQ(frames, 7u);
    EXPECT_EQ(seg.segments[2].frames.size(), 3u);

    const DicomSourceSeries source = test::loadSegSource(dir_ + "/ct-3slice");
    std::vector<LabelMap> groups;
    for (int g = 1; g <= 3; ++g) {
        const std::string name = dir_ + "/partial_overlaps-" + std::to_string(g) + ".nrrd";
        groups.push_back(nrrdOnGrid(readNrrd(name), source.geometry));
    }
    const std::vector<LabelMap> segments = placeDicomSegSegments(seg, source);
    ASSERT_EQ(segments.size(), 5u);
    size_t overlapping = 0;
    for (size_t v = 0; v < source.geometry.voxelCount(); ++v) {
        int covering = 0;
        for (size_t s = 0; s < 5; ++s) {
            bool expected = false;
            for (const LabelMap& group : groups) {
                expected = expected || group.labels[v] == s + 1;
            }
            ASSERT_EQ(segments[s].labels[v], expected ? 1 : 0)
                << "segment " << s + 1 << " voxel " << v;
            covering += expected ? 1 : 0;
        }
        overlapping += covering > 1 ? 1 : 0;
    }
    EXPECT_GT(overlapping, 100u) << "the test data should overlap";

    // One label map: where segments overlap, the highest segment number wins.
    LabelMap expected(source.geometry);
    for (size_t v = 0; v < expected.labels.size(); ++v) {
        for (const LabelMap& group : groups) {
            expected.labels[v] = std::max(expected.labels[v], group.labels[v]);
        }
    }
    EXPECT_EQ(differingVoxels(placeDicomSeg(seg, source), expected), 0u);
}

class DicomSegPhantom : public DicomSegImport, public ::testing::WithParamInterface<const char*> {};

TEST_P(DicomSegPhantom, BinarySegMatchesNrrd) {
    // 23x38 frames hold 874 pixels: frames start inside a byte of the bit-packed pixel data.
    const std::string set = dir_ + "/" + GetParam();
    const DicomSeg seg = readDicomSeg(set + "/seg/label.seg");
    ASSERT_EQ(seg.segments.size(), 1u);
    EXPECT_EQ(seg.segments[0].frames.size(), 3u);
    const DicomSourceSeries source = test::loadSegSource(set + "/image");
    const LabelMap placed = placeDicomSeg(seg, source);
    const LabelMap expected = nrrdOnGrid(readNrrd(set + "/nrrd/label.nrrd"), source.geometry);
    EXPECT_EQ(differingVoxels(placed, expected), 0u);
    EXPECT_GT(placed.classVoxelCounts().at(1), 300u);

    // The legacy-converted multi-frame copy of the source has the same grid.
    const DicomSourceSeries multiFrame = test::loadSegSource(set + "/multiframe");
    EXPECT_EQ(differingVoxels(placeDicomSeg(seg, multiFrame), expected), 0u);
}

INSTANTIATE_TEST_SUITE_P(Dcmqi, DicomSegPhantom, ::testing::Values("23x38x3", "24x38x3"));

TEST_F(DicomSegImport, LabelMapSegIsRefusedClearly) {
    // DCMTK 3.6.7 does not know the Label Map Segmentation SOP class (...66.7).
    for (const char* name : {"sparse-labelmap-noppv.dcm", "sparse-labelmap-ppv5.dcm"}) {
        const std::string path = dir_ + "/" + name;
        const std::string message = errorOf([&] { readDicomSeg(path); });
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find("Label Map Segmentation"), std::string::npos) << message;
        EXPECT_NE(message.find("1.2.840.10008.5.1.4.1.1.66.7"), std::string::npos) << message;
        EXPECT_NE(message.find("DCMTK 3.6.7 cannot read"), std::string::npos) << message;
    }
}

TEST_F(DicomSegImport, SegOffTheTargetGridIsRefused) {
    const std::string path = dir_ + "/liver.dcm";
    const DicomSeg seg = readDicomSeg(path);
    const DicomSourceSeries source = test::loadSegSource(dir_ + "/ct-3slice");

    const DicomSourceSeries other = test::loadSegSource(dir_ + "/24x38x3/image");
    std::string message = errorOf([&] { placeDicomSeg(seg, other); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("not on this grid"), std::string::npos) << message;

    DicomSourceSeries shifted = source;  // 0.6 mm along the 1 mm slice spacing
    for (DicomSourceSlice& slice : shifted.slices) {
        slice.positionMm[2] += 0.6;
    }
    shifted.geometry.originMm[2] += 0.6;
    message = errorOf([&] { placeDicomSeg(seg, shifted); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("more than half a slice"), std::string::npos) << message;

    DicomSourceSeries nudged = source;  // 0.4 mm: still the nearest slice
    for (DicomSourceSlice& slice : nudged.slices) {
        slice.positionMm[2] += 0.4;
    }
    EXPECT_EQ(placeDicomSeg(seg, nudged).classVoxelCounts().at(1), 107098u);

    DicomSourceSeries rotated = source;  // x and y swapped, slice axis reversed
    rotated.geometry.direction = {0, 1, 0, 1, 0, 0, 0, 0, -1};
    message = errorOf([&] { placeDicomSeg(seg, rotated); });
    EXPECT_NE(message.find("oriented differently"), std::string::npos) << message;

    DicomSourceSeries otherFrame = source;
    otherFrame.frameOfReferenceUid = "1.2.3";
    message = errorOf([&] { placeDicomSeg(seg, otherFrame); });
    EXPECT_NE(message.find("frame of reference"), std::string::npos) << message;
}

TEST_F(DicomSegImport, NonSegmentationFilesAreRefused) {
    const std::string image = dir_ + "/ct-3slice/01.dcm";
    std::string message = errorOf([&] { readDicomSeg(image); });
    EXPECT_NE(message.find("is not a DICOM Segmentation but CT Image Storage"), std::string::npos)
        << message;
    message = errorOf([&] { readDicomSeg(dir_ + "/liver_seg.nrrd"); });
    EXPECT_NE(message.find("not a DICOM file"), std::string::npos) << message;

    test::TempDir dir;  // liver.dcm cut in the middle of its pixel data
    const std::string truncated = dir.file("truncated.dcm");
    {
        std::ifstream in(dir_ + "/liver.dcm", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        std::ofstream(truncated, std::ios::binary).write(bytes.data(), 80000);
    }
    message = errorOf([&] { readDicomSeg(truncated); });
    EXPECT_NE(message.find(truncated), std::string::npos) << message;
}

TEST(NrrdReaderSupport, ConvertsRasToLpsAndReadsBigEndian) {
    test::TempDir dir;
    const std::string path = dir.file("ras.nrrd");
    {
        std::ofstream out(path, std::ios::binary);
        out << "NRRD0004\n# a comment\ntype: short\ndimension: 3\nspace: right-anterior-superior\n"
               "sizes: 2 1 1\nspace directions: (2,0,0) (0,3,0) (0,0,4)\nkinds: domain domain "
               "domain\nendian: big\nencoding: raw\nspace origin: (10,20,30)\n\n";
        const unsigned char data[] = {0xFF, 0xFE, 0x01, 0x02};  // -2, 258
        out.write(reinterpret_cast<const char*>(data), sizeof data);
    }
    const test::NrrdImage image = readNrrd(path);
    EXPECT_EQ(image.values, (std::vector<double>{-2.0, 258.0}));
    const Vec3 origin = image.geometry.indexToWorld({0, 0, 0});
    EXPECT_DOUBLE_EQ(origin[0], -10.0);
    EXPECT_DOUBLE_EQ(origin[1], -20.0);
    EXPECT_DOUBLE_EQ(origin[2], 30.0);
    const Vec3 next = image.geometry.indexToWorld({1, 1, 1});
    EXPECT_DOUBLE_EQ(next[0], -12.0);
    EXPECT_DOUBLE_EQ(next[1], -23.0);
    EXPECT_DOUBLE_EQ(next[2], 34.0);
}

}  // namespace
}  // namespace segloop
