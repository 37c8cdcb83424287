// De-identified copies checked by dciodvfy (dicom3tools): no more "Error" lines than in the
// original, and none that the original lacks (both counts are printed). A real DICOM SEG
// (dcmqi's test data) copied with its CT series still references the copies. Inputs that
// cannot be copied give one clear error and leave no file.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/Error.h"
#include "core/io/DicomDeidentify.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// The number of dciodvfy's "Error" lines on a file, and those lines.
std::pair<int, std::set<std::string>> dciodvfyErrors(const std::string& path) {
    const test::CommandResult result = test::runCommand("/usr/bin/dciodvfy '" + path + "'");
    std::istringstream lines(result.output);
    std::pair<int, std::set<std::string>> errors{0, {}};
    for (std::string line; std::getline(lines, line);) {
        if (line.find("Error") != std::string::npos) {
            ++errors.first;
            errors.second.insert(line);
        }
    }
    return errors;
}

/// Copies `original` to `copy` and compares dciodvfy's errors on both.
void expectNoNewErrors(const std::string& original, const std::string& copy, DicomUidMap& uids) {
    writeDeidentifiedCopy(original, copy, uids);
    const auto before = dciodvfyErrors(original);
    const auto after = dciodvfyErrors(copy);
    std::cout << "[ dciodvfy ] " << original << ": " << before.first << " errors in the original, "
              << after.first << " in the copy\n";
    EXPECT_LE(after.first, before.first) << copy;
    for (const std::string& line : after.second) {
        EXPECT_EQ(before.second.count(line), 1u)
            << "new in the copy of " << original << ": " << line;
    }
}

std::string get(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    item.findAndGetOFStringArray(tag, value);
    return value.c_str();
}

/// Every value of a tag at any depth of `item`.
void collect(DcmItem& item, const DcmTagKey& tag, std::vector<std::string>& out) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* element = item.getElement(i);
        if (element->ident() == EVR_SQ) {
            auto& sequence = static_cast<DcmSequenceOfItems&>(*element);
            for (unsigned long j = 0; j < sequence.card(); ++j) {
                collect(*sequence.getItem(j), tag, out);
            }
        } else if (element->getTag() == tag) {
            out.push_back(get(item, tag));
        }
    }
}

TEST(DicomDeidentifyValidation, DciodvfyFindsNoMoreErrorsThanInTheOriginals) {
    if (!fs::exists("/usr/bin/dciodvfy")) {
        GTEST_SKIP() << "/usr/bin/dciodvfy (dicom3tools) is not installed";
    }
    std::vector<std::string> folders = {test::testDataDir() + "/dicom/hippo12",
                                        test::testDataDir() + "/dicom/hippo12-rle"};
    const std::string shared = test::sharedDataDir() + "/dicom/mr-brain/study3/11-T1post-18670";
    if (fs::is_directory(shared)) {
        folders.push_back(shared);
    } else {
        std::cout << "[ skipped  ] " << shared << " is absent\n";
    }
    DicomUidMap uids("salt of the validation");
    for (const std::string& folder : folders) {
        TempDir out;
        for (const auto& entry : fs::directory_iterator(folder)) {
            expectNoNewErrors(entry.path().string(), out.file(entry.path().filename().string()),
                              uids);
        }
    }
}

TEST(DicomDeidentifyValidation, ACopiedSegStillReferencesTheCopiedImages) {
    const std::string root = test::sharedDataDir() + "/dicom-seg";
    if (!fs::is_regular_file(root + "/liver.dcm")) {
        GTEST_SKIP() << root << " is absent: skipping the copy of a real SEG with its CT";
    }
    TempDir out;
    DicomUidMap uids("salt of the SEG test");
    std::set<std::string> instances, series, frames;
    for (const std::string name : {"01.dcm", "02.dcm", "03.dcm"}) {
        writeDeidentifiedCopy(root + "/ct-3slice/" + name, out.file(name), uids);
        DcmFileFormat image;
        ASSERT_TRUE(image.loadFile(out.file(name).c_str()).good());
        instances.insert(get(*image.getDataset(), DCM_SOPInstanceUID));
        series.insert(get(*image.getDataset(), DCM_SeriesInstanceUID));
        frames.insert(get(*image.getDataset(), DCM_FrameOfReferenceUID));
    }
    ASSERT_EQ(series.size(), 1u);
    ASSERT_EQ(frames.size(), 1u);
    if (fs::exists("/usr/bin/dciodvfy")) {
        expectNoNewErrors(root + "/liver.dcm", out.file("liver.dcm"), uids);
    } else {
        writeDeidentifiedCopy(root + "/liver.dcm", out.file("liver.dcm"), uids);
    }
    DcmFileFormat seg;
    ASSERT_TRUE(seg.loadFile(out.file("liver.dcm").c_str()).good());
    DcmDataset& dataset = *seg.getDataset();
    EXPECT_EQ(get(dataset, DCM_FrameOfReferenceUID), *frames.begin());
    DcmItem* referencedSeries = nullptr;
    ASSERT_TRUE(
        dataset.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, referencedSeries).good());
    EXPECT_EQ(get(*referencedSeries, DCM_SeriesInstanceUID), *series.begin());
    std::vector<std::string> references;
    collect(dataset, DCM_ReferencedSOPInstanceUID, references);
    EXPECT_EQ(references.size(), 6u);  // Referenced Series and per-frame Source Image items
    for (const std::string& reference : references) {
        EXPECT_EQ(instances.count(reference), 1u) << reference;
    }
}

/// Expects writeDeidentifiedCopy(input) to throw an Error naming the input and `problem`,
/// and to leave nothing in the output's folder.
void expectRefused(const std::string& input, const std::string& problem) {
    TempDir out;
    DicomUidMap uids("salt");
    try {
        writeDeidentifiedCopy(input, out.file("copy.dcm"), uids);
        ADD_FAILURE() << input << " was copied";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), input);
        EXPECT_NE(std::string(error.what()).find(problem), std::string::npos) << error.what();
    }
    EXPECT_TRUE(fs::is_empty(out.path())) << "something was left in the output folder";
}

TEST(DicomDeidentifyRefusal, UnreadableInputsGiveAnErrorAndNoFile) {
    TempDir scratch;
    expectRefused(scratch.file("missing.dcm"), "no such file");
    expectRefused(test::testDataDir() + "/dicom/non-image/notes.txt", "not a DICOM file");
    // A DICOM file cut in its pixel data (DCMTK logs the premature end of stream).
    std::ifstream whole(test::testDataDir() + "/dicom/hippo12/15.dcm", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
    std::ofstream(scratch.file("truncated.dcm"), std::ios::binary) << bytes.substr(0, 2000);
    expectRefused(scratch.file("truncated.dcm"), "unreadable");
}

TEST(DicomDeidentifyRefusal, AnUnwritableOutputNamesTheOutput) {
    DicomUidMap uids("salt");
    const std::string output = "/nonexistent-folder/copy.dcm";
    try {
        writeDeidentifiedCopy(test::testDataDir() + "/dicom/hippo12/15.dcm", output, uids);
        ADD_FAILURE() << "written to " << output;
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), output) << error.what();
        // The file is created owner-only before DCMTK writes it: creating it is what fails.
        EXPECT_NE(std::string(error.what()).find("cannot create"), std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace segloop
