// Reading RT Structure Sets: the dicompyler-core sample (10 ROIs) against pydicom, and the
// refusals (not an RTSTRUCT, malformed points, no ROIs, no contours) on copies edited here.
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "RtStructTestSupport.h"
#include "core/Error.h"
#include "core/io/RtStructRasteriser.h"
#include "core/io/RtStructReader.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using rtstruct_test::rtstructDataDir;

std::string samplePath() {
    return rtstructDataDir() + "/rtss.dcm";
}

/// The message of the segloop::Error that `read` throws ("" when it throws none).
std::string errorOf(const std::function<void()>& read) {
    try {
        read();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

/// Copies the sample to `path`, lets `edit` change its dataset, and saves it.
void editedSample(const std::string& path, const std::function<void(DcmDataset&)>& edit) {
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(samplePath().c_str()).good());
    ASSERT_TRUE(file.loadAllDataIntoMemory().good());
    edit(*file.getDataset());
    ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good()) << path;
}

/// The first contour item of the first ROI Contour item.
DcmItem* firstContour(DcmDataset& dataset) {
    DcmItem* roiContour = nullptr;
    DcmItem* contour = nullptr;
    EXPECT_TRUE(dataset.findAndGetSequenceItem(DCM_ROIContourSequence, roiContour, 0).good());
    EXPECT_TRUE(roiContour->findAndGetSequenceItem(DCM_ContourSequence, contour, 0).good());
    return contour;
}

TEST(RtStructReader, ReadsTheSampleAsPydicomDoes) {
    SEGLOOP_REQUIRE_RTSTRUCT_DATA();
    const RtStructSet set = readRtStruct(samplePath());
    const std::vector<std::string> names{"BODY",      "Areola",         "Borders", "Breast",
                                         "Heart",     "Lt Lung",        "Nodes",   "Scar",
                                         "Tumor Bed", "Tumor Bed Block"};
    ASSERT_EQ(set.rois.size(), names.size());
    for (size_t n = 0; n < names.size(); ++n) {
        EXPECT_EQ(set.rois[n].name, names[n]);
        EXPECT_EQ(set.rois[n].number, static_cast<int>(n + 1));
        EXPECT_TRUE(set.rois[n].hasColour);
        EXPECT_EQ(set.rois[n].frameOfReferenceUid, "2.16.840.1.113662.2.12.0.3057.1241703565.36");
    }
    EXPECT_EQ(set.rois[0].rgb, (std::array<uint8_t, 3>{154, 155, 100}));
    EXPECT_EQ(set.rois[4].rgb, (std::array<uint8_t, 3>{255, 128, 0}));
    EXPECT_EQ(set.rois[0].interpretedType, "EXTERNAL");
    EXPECT_EQ(set.rois[4].interpretedType, "ORGAN");
    EXPECT_EQ(set.rois[0].generationAlgorithm, "MANUAL");
    EXPECT_EQ(set.label, "CT_1");
    EXPECT_EQ(set.patientId, "123456");
    EXPECT_EQ(set.frameOfReferenceUid, "2.16.840.1.113662.2.12.0.3057.1241703565.36");
    EXPECT_EQ(set.referencedStudyInstanceUid, "2.16.840.1.113662.2.12.0.3057.1241703565.35");
    EXPECT_EQ(set.referencedSeriesInstanceUid, "2.16.840.1.113662.2.12.0.3057.1241703565.43");
    EXPECT_EQ(set.referencedSopInstanceUids.size(), 98u);
    EXPECT_EQ(set.contourCount(), 441u);
    EXPECT_TRUE(set.rois[1].contours.empty());  // Areola: an ROI without contours

    const RtStructContour& first = set.rois[0].contours.front();
    EXPECT_EQ(first.geometricType, "CLOSED_PLANAR");
    EXPECT_EQ(first.pointsMm.size(), 464u);
    ASSERT_EQ(first.referencedSopInstanceUids.size(), 1u);
    EXPECT_EQ(first.referencedSopInstanceUids[0], "2.16.840.1.113662.2.12.0.3057.1241703565.529");

    bool available = false;
    const std::vector<rtstruct_test::PydicomRoi> pydicom =
        rtstruct_test::readWithPydicom(samplePath(), available);
    if (!available) {
        GTEST_SKIP() << "python3-pydicom is not installed: the comparison with pydicom was skipped";
    }
    ASSERT_EQ(pydicom.size(), set.rois.size());
    for (size_t n = 0; n < pydicom.size(); ++n) {
        size_t points = 0;
        for (const RtStructContour& contour : set.rois[n].contours) {
            points += contour.pointsMm.size();
        }
        EXPECT_EQ(pydicom[n].number, set.rois[n].number);
        EXPECT_EQ(pydicom[n].name, set.rois[n].name);
        EXPECT_EQ(pydicom[n].contours, set.rois[n].contours.size()) << set.rois[n].name;
        EXPECT_EQ(pydicom[n].points, points) << set.rois[n].name;
    }
}

TEST(RtStructReader, RefusesWhatIsNotAnRtStructAndNamesTheFile) {
    SEGLOOP_REQUIRE_RTSTRUCT_DATA();
    const std::string ct = rtstructDataDir() + "/ct.0.dcm";
    EXPECT_EQ(errorOf([&] { readRtStruct(ct); }),
              ct + ": is not an RT Structure Set (it is CT Image Storage)");
    const std::string plan = rtstructDataDir() + "/rtplan.dcm";
    EXPECT_EQ(errorOf([&] { readRtStruct(plan); }),
              plan + ": is not an RT Structure Set (it is RT Plan Storage)");

    test::TempDir temp;
    const std::string text = temp.file("notes.txt");
    std::ofstream(text) << "not DICOM at all, but long enough to be looked at ............. "
                           "..................................................................";
    EXPECT_EQ(errorOf([&] { readRtStruct(text); }), text + ": is not a DICOM file");
    EXPECT_EQ(errorOf([&] { readRtStruct(temp.file("missing.dcm")); }),
              temp.file("missing.dcm") + ": file does not exist");
}

TEST(RtStructReader, RefusesMalformedContourPoints) {
    SEGLOOP_REQUIRE_RTSTRUCT_DATA();
    test::TempDir temp;
    struct Case {
        const char* name;
        std::function<void(DcmItem&)> edit;
        const char* problem;
    };
    const Case cases[] = {
        {"four-values.dcm",
         [](DcmItem& c) {
             c.putAndInsertString(DCM_ContourData, "1\\2\\3\\4");
             c.putAndInsertString(DCM_NumberOfContourPoints, "1");
         },
         "ROI 1 \"BODY\", contour 1: Contour Data has 4 values, not a multiple of 3 (x, y, z of "
         "each point)"},
        {"not-a-number.dcm",
         [](DcmItem& c) {
             c.putAndInsertString(DCM_ContourData, "1\\2\\3\\4\\abc\\6\\7\\8\\9");
             c.putAndInsertString(DCM_NumberOfContourPoints, "3");
         },
         "ROI 1 \"BODY\", contour 1: Contour Data value 5 (\"abc\") is not a finite number"},
        {"count-differs.dcm",
         [](DcmItem& c) { c.putAndInsertString(DCM_NumberOfContourPoints, "465"); },
         "ROI 1 \"BODY\", contour 1: Number of Contour Points is 465 but Contour Data holds 464 "
         "points"},
        {"two-points.dcm",
         [](DcmItem& c) {
             c.putAndInsertString(DCM_ContourData, "1\\2\\3\\4\\5\\6");
             c.putAndInsertString(DCM_NumberOfContourPoints, "2");
         },
         "ROI 1 \"BODY\", contour 1: a CLOSED_PLANAR contour needs at least 3 points, it has 2"},
    };
    for (const Case& c : cases) {
        const std::string path = temp.file(c.name);
        editedSample(path, [&](DcmDataset& dataset) { c.edit(*firstContour(dataset)); });
        EXPECT_EQ(errorOf([&] { readRtStruct(path); }), path + ": " + c.problem);
    }
}

TEST(RtStructReader, RefusesASetWithoutRoisAndRasterisesNoneWithoutContours) {
    SEGLOOP_REQUIRE_RTSTRUCT_DATA();
    test::TempDir temp;
    const std::string noRois = temp.file("no-rois.dcm");
    editedSample(noRois,
                 [](DcmDataset& d) { d.findAndDeleteElement(DCM_StructureSetROISequence); });
    EXPECT_EQ(errorOf([&] { readRtStruct(noRois); }),
              noRois + ": has no ROIs (the Structure Set ROI Sequence is missing or empty)");

    const std::string noContours = temp.file("no-contours.dcm");
    editedSample(noContours, [](DcmDataset& d) { d.findAndDeleteElement(DCM_ROIContourSequence); });
    const RtStructSet set = readRtStruct(noContours);
    EXPECT_EQ(set.rois.size(), 10u);
    EXPECT_EQ(set.contourCount(), 0u);
    const LoadedDicomSeries ct = rtstruct_test::loadOnlySeries(rtstructDataDir());
    EXPECT_EQ(errorOf([&] { rasteriseRtStruct(set, rtstruct_test::sourceSeriesOf(ct)); }),
              noContours + ": has no contours (its 10 ROIs are all empty)");
}

}  // namespace
}  // namespace segloop
