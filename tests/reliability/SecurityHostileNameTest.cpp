// Security (issue 30): outside text never decides where a file is written. Real DICOM files
// (DCMTK) whose SeriesDescription, StudyDescription and PatientName hold "../" paths, class
// names with '/', NIfTI files with hostile names and a zip bundle with a "../evil" member
// (written by the project's own zip code): every export lands in the chosen folder under plain
// file names, and the bundle is refused with a message before anything is unpacked.

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/Error.h"
#include "core/io/SafeFileName.h"
#include "integration/CliTestSupport.h"
#include "storage/Project.h"
#include "support/TestPaths.h"
#include "workflow/BundleArchive.h"
#include "workflow/MaskExport.h"
#include "workflow/ProjectImport.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// Copies tests/data/dicom/hippo12 to `to`, each file with `tags` set (real DICOM via DCMTK).
void writeSeriesWithTags(const std::string& to, const std::map<DcmTagKey, std::string>& tags) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(test::testDataDir() + "/dicom/hippo12")) {
        DcmFileFormat file;
        ASSERT_TRUE(file.loadFile(entry.path().c_str()).good()) << entry.path();
        for (const auto& [tag, value] : tags)
            ASSERT_TRUE(file.getDataset()->putAndInsertString(tag, value.c_str()).good());
        const std::string target = to + "/" + entry.path().filename().string();
        ASSERT_TRUE(file.saveFile(target.c_str(), EXS_LittleEndianExplicit).good()) << target;
    }
}

/// Every path below `folder`, relative to it; fails the test for a component that is not a
/// plain file name (the fixed folder names SegLoop writes are plain too).
std::vector<std::string> filesBelowWithPlainNames(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        const fs::path relative = fs::relative(entry.path(), folder);
        for (const fs::path& part : relative)
            EXPECT_TRUE(SafeFileName::isPlain(part.string())) << "'" << relative.string() << "'";
        EXPECT_FALSE(entry.is_symlink()) << relative;
        if (entry.is_regular_file())
            files.push_back(relative.string());
    }
    return files;
}

/// The names directly in `folder`.
std::vector<std::string> namesIn(const std::string& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

TEST(SecurityHostileName, SafeFileNameRefusesAndRepairsHostileNames) {
    const std::vector<std::string> hostile = {"",
                                              ".",
                                              "..",
                                              "../evil",
                                              "/etc/passwd",
                                              "a/b",
                                              "a\\..\\b",
                                              "C:\\x",
                                              ".hidden",
                                              std::string("a\0b", 3),
                                              "tab\there",
                                              "esc\x1b[2J",
                                              "new\nline",
                                              "caf\xc3\xa9",
                                              "NUL",
                                              "con.txt",
                                              "LPT1.nii.gz",
                                              "com9",
                                              std::string(121, 'x')};
    for (const std::string& name : hostile) {
        EXPECT_FALSE(SafeFileName::isPlain(name)) << SafeFileName::printable(name);
        const std::string made = SafeFileName::make(name, "fallback");
        EXPECT_TRUE(SafeFileName::isPlain(made)) << made;
        EXPECT_THROW(SafeFileName::childPath("/out", name, "test"), Error);
    }
    for (const char* name : {"volume1_T1.nii.gz", "a..b", "CONSOLE", "com10", "x-y_z.9"}) {
        EXPECT_TRUE(SafeFileName::isPlain(name)) << name;
        EXPECT_EQ(SafeFileName::make(name, "fallback"), name);
        EXPECT_EQ(SafeFileName::childPath("/out", name, "test"), "/out/" + std::string(name));
    }
    EXPECT_EQ(SafeFileName::make("../../etc/x", "f"), "_.._etc_x");
    EXPECT_EQ(SafeFileName::make("..", "volume7"), "volume7");
    EXPECT_EQ(SafeFileName::make("nul.nii", "f"), "_nul.nii");
    EXPECT_EQ(SafeFileName::make(std::string(300, 'y'), "f", 80), std::string(80, 'y'));
    try {
        SafeFileName::childPath("/out", "../evil", "bundle.zip");
        FAIL() << "a name with ../ was accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), "bundle.zip");
        EXPECT_NE(std::string(error.what()).find("would be written outside /out"),
                  std::string::npos)
            << error.what();
    }
    EXPECT_EQ(SafeFileName::printable("a\x1b[2Jb\n"), "a?[2Jb?");
}

TEST(SecurityHostileName, DicomTagsAndClassNamesNeverLeaveTheExportFolder) {
    TempDir temp;
    const std::string hostileDescription = "../../../escaped-series";
    writeSeriesWithTags(temp.file("in"), {{DCM_SeriesDescription, hostileDescription},
                                          {DCM_StudyDescription, "..\\..\\escaped-study"},
                                          {DCM_PatientName, "../../etc/passwd"},
                                          {DCM_PatientID, "/tmp/escaped-patient"}});
    Project project = Project::create(temp.file("project"));
    project.labelSets().create("labels", {{1, "../../escaped-class", {255, 0, 0}},
                                          {2, "a/b\x1b[2J", {0, 255, 0}},
                                          {3, "..", {0, 0, 255}}});
    ImportRequest request;
    request.inputs = {temp.file("in")};
    const int64_t volume =
        importImagesAndLabels(project, request, false).images.imported.at(0).volumeId;
    ASSERT_EQ(project.volumes().get(volume).seriesDescription, hostileDescription)
        << "the hostile text must reach the export for this test to mean anything";
    NewLabelVersion human;
    human.volumeId = volume;
    human.labelSetId = project.labelSets().list().front().id;
    LabelMap labels(project.volumes().get(volume).geometry);
    for (size_t v = 0; v < labels.labels.size(); ++v)
        labels.labels[v] = uint16_t(v % 4);
    project.labels().add(human, labels);

    ExportRequest nifti;
    nifti.outputFolder = temp.file("out-nifti");
    nifti.perClass = true;
    const ExportReport niftiReport = exportLabels(project, nifti);
    EXPECT_EQ(niftiReport.labelFiles, 4u);  // the label map and one mask per class
    const std::vector<std::string> niftiFiles = filesBelowWithPlainNames(nifti.outputFolder);
    EXPECT_EQ(niftiFiles.size(), 6u);  // + the image and manifest.csv
    EXPECT_TRUE(fs::exists(nifti.outputFolder + "/images/volume1_.._.._.._escaped-series.nii.gz"))
        << testing::PrintToString(niftiFiles);

    for (const ExportFormat format : {ExportFormat::DicomSeg, ExportFormat::RtStruct}) {
        ExportRequest dicom;
        dicom.outputFolder = temp.file(format == ExportFormat::DicomSeg ? "out-seg" : "out-rt");
        dicom.format = format;
        dicom.sourceSeries = true;
        exportLabels(project, dicom);
        const std::vector<std::string> files = filesBelowWithPlainNames(dicom.outputFolder);
        EXPECT_EQ(files.size(), 1u + 1u + 12u) << testing::PrintToString(files);
    }
    // Nothing was written beside the export folders (e.g. temp/escaped-series.nii.gz).
    EXPECT_EQ(namesIn(temp.path()),
              (std::vector<std::string>{"in", "out-nifti", "out-rt", "out-seg", "project"}));
    EXPECT_EQ(namesIn(temp.path() + "/project"),
              (std::vector<std::string>{"data", "project.segloop", "project.segloop-shm",
                                        "project.segloop-wal"}))
        << "(a lock or journal file added by another part may need a place here)";
}

TEST(SecurityHostileName, NiftiFileNamesBecomePlainExportNames) {
    TempDir temp;
    const std::vector<std::pair<std::string, std::string>> names = {{"001", "..hidden"},
                                                                    {"003", "a\\..\\..\\b\x1b[2J"},
                                                                    {"004", "NUL"},
                                                                    {"006", std::string(200, 'x')}};
    std::string inputs;
    fs::create_directories(temp.file("in"));
    for (const auto& [number, name] : names) {
        const std::string path = temp.file("in/" + name + ".nii.gz");
        fs::copy_file(test::hippocampusImage(number), path);
        inputs += " '" + path + "'";
    }
    const std::string project = temp.file("project");
    test::initProject(project);
    const test::CommandResult imported = test::runCli("import '" + project + "'" + inputs);
    ASSERT_EQ(imported.exitCode, 0) << imported.output;
    EXPECT_EQ(imported.output.find('\x1b'), std::string::npos)
        << "a control character of a file name reached the terminal: " << imported.output;
    const test::CommandResult exported =
        test::runCli("export '" + project + "' '" + temp.file("out") + "'");
    ASSERT_EQ(exported.exitCode, 0) << exported.output;
    filesBelowWithPlainNames(temp.file("out"));
    EXPECT_EQ(namesIn(temp.file("out/images")),
              (std::vector<std::string>{"_NUL.nii.gz", "a_.._.._b__2J.nii.gz", "hidden.nii.gz",
                                        std::string(80, 'x') + ".nii.gz"}));
    EXPECT_EQ(namesIn(temp.path()), (std::vector<std::string>{"in", "out", "project"}));
}

TEST(SecurityHostileName, ErrorMessagesCarryNoTerminalEscapes) {
    TempDir temp;
    const std::string project = temp.file("project");
    test::initProject(project);
    // A file that is not there, named with the escape that clears a terminal.
    const std::string missing = temp.file("gone\x1b[2J\x1b]0;title\x07.nii.gz");
    const test::CommandResult result = test::runCli("import '" + project + "' '" + missing + "'");
    EXPECT_NE(result.exitCode, 0) << result.output;
    EXPECT_NE(result.output.find("gone?[2J?]0;title?.nii.gz"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find('\x1b'), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find('\x07'), std::string::npos) << result.output;
}

TEST(SecurityHostileName, BundleMembersOutsideTheFolderAreRefused) {
    TempDir temp;
    const std::string project = temp.file("project");
    test::initProject(project);
    for (const char* member : {"../evil", "/tmp/segloop-evil", "sub/evil", ".evil"}) {
        SCOPED_TRACE(member);
        const std::string bundle = temp.file("hostile.segloop-model");
        fs::remove(bundle);
        writeZipArchive(bundle, {{"manifest.json", "{\"format\": \"segloop-model\"}"},
                                 {member, "not a model"}});
        const test::CommandResult result =
            test::runCli("import-model '" + project + "' '" + bundle + "'");
        EXPECT_NE(result.exitCode, 0) << result.output;
        EXPECT_NE(result.output.find("would be unpacked outside its folder"), std::string::npos)
            << result.output;
        EXPECT_NE(result.output.find(bundle), std::string::npos) << result.output;
        const test::CommandResult predicted =
            test::runCli("predict --model '" + bundle + "' '" + test::hippocampusImage("001") +
                         "' --out '" + temp.file("predicted") + "'");
        EXPECT_NE(predicted.exitCode, 0) << predicted.output;
        EXPECT_NE(predicted.output.find("would be unpacked outside its folder"), std::string::npos)
            << predicted.output;
    }
    EXPECT_FALSE(fs::exists(temp.file("evil")));
    EXPECT_FALSE(fs::exists("/tmp/segloop-evil"));
    EXPECT_FALSE(fs::exists(temp.file("predicted")));
    EXPECT_EQ(namesIn(temp.path()), (std::vector<std::string>{"hostile.segloop-model", "project"}));
    EXPECT_TRUE(namesIn(project + "/data/models").empty());
}

}  // namespace
}  // namespace segloop
