// Security (issue 30): patient identity (PatientName, PatientID, PatientBirthDate) stays in the
// project database and in DICOM files; it does not reach what the CLI prints (progress,
// listings, the audit log, error messages) nor the files it writes (NIfTI headers, manifests,
// a de-identified DICOM export) unless asked for (`info VOLUME --show-patient`). Real DICOM
// with a distinctive identity, the real CLI, and a grep of everything it printed and wrote.

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "integration/CliTestSupport.h"
#include "storage/Project.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Made-up identity, distinctive enough that any match is a leak.
const char* const kPatientName = "Quimbyzork^Hortensia";
const char* const kPatientId = "PHI-58213-ZQ";
const char* const kBirthDate = "19230417";
const std::vector<std::string> kIdentity = {"Quimbyzork", "Hortensia", kPatientId, kBirthDate};

/// Copies tests/data/dicom/hippo12 to `to` with the identity above (real DICOM via DCMTK).
void writeIdentifiedSeries(const std::string& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(test::testDataDir() + "/dicom/hippo12")) {
        DcmFileFormat file;
        ASSERT_TRUE(file.loadFile(entry.path().c_str()).good()) << entry.path();
        DcmDataset& dataset = *file.getDataset();
        ASSERT_TRUE(dataset.putAndInsertString(DCM_PatientName, kPatientName).good());
        ASSERT_TRUE(dataset.putAndInsertString(DCM_PatientID, kPatientId).good());
        ASSERT_TRUE(dataset.putAndInsertString(DCM_PatientBirthDate, kBirthDate).good());
        const std::string target = to + "/" + entry.path().filename().string();
        ASSERT_TRUE(file.saveFile(target.c_str(), EXS_LittleEndianExplicit).good()) << target;
    }
}

/// The bytes of `path`, gunzipped when it is a .gz file (NIfTI headers are inside).
std::string contentOf(const std::string& path) {
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
        std::string bytes;
        gzFile file = gzopen(path.c_str(), "rb");
        EXPECT_NE(file, nullptr) << path;
        if (!file)
            return bytes;
        char buffer[1 << 16];
        for (int got; (got = gzread(file, buffer, sizeof buffer)) > 0;)
            bytes.append(buffer, size_t(got));
        gzclose(file);
        return bytes;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// "where: which" for each piece of the identity found in `text`.
std::string leaksIn(const std::string& where, const std::string& text) {
    std::string found;
    for (const std::string& piece : kIdentity) {
        if (text.find(piece) != std::string::npos)
            found += where + ": " + piece + "\n";
    }
    return found;
}

/// Leaks in every file below `folder`, except those `skip` accepts; counts the files read.
template <typename Skip>
std::string leaksInFiles(const std::string& folder, Skip skip, size_t& read) {
    std::string found;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file() || skip(entry.path()))
            continue;
        ++read;
        found += leaksIn(entry.path().string(), contentOf(entry.path().string()));
    }
    return found;
}

TEST(SecurityPatientIdentity, NeitherPrintedNorWrittenOutsideDatabaseAndDicom) {
    TempDir temp;
    writeIdentifiedSeries(temp.file("in"));
    const std::string project = temp.file("project");
    std::string printed;
    auto cli = [&](const std::string& arguments, bool mustSucceed = true) {
        const test::CommandResult result = test::runCli(arguments);
        if (mustSucceed) {
            EXPECT_EQ(result.exitCode, 0) << arguments << "\n" << result.output;
        }
        printed += "$ segloop-cli " + arguments + "\n" + result.output;
        return result;
    };
    cli("init '" + project + "' --classes anterior,posterior");
    cli("import '" + project + "' '" + temp.file("in") + "'");
    {  // a human label, so that the DICOM exports have something to write
        Project opened = Project::open(project);
        const int64_t volume = opened.volumes().list().at(0).volumeId;
        NewLabelVersion human;
        human.volumeId = volume;
        human.labelSetId = opened.labelSets().list().front().id;
        LabelMap labels(opened.volumes().get(volume).geometry);
        for (size_t v = 0; v < labels.labels.size(); ++v)
            labels.labels[v] = uint16_t(v % 3);
        opened.labels().add(human, labels);
    }
    cli("import '" + project + "' '" + temp.file("in") + "'", false);  // again: a refusal
    cli("import '" + project + "' '" + temp.file("in") + "' --skip-bad", false);
    cli("list '" + project + "'");
    cli("list --csv '" + project + "'");
    cli("info '" + project + "'");
    cli("info '" + project + "' 1");
    cli("log '" + project + "'");
    cli("export '" + project + "' '" + temp.file("out-nifti") + "' --per-class");
    cli("export '" + project + "' '" + temp.file("out-seg") + "' --format dicom-seg --with-source");
    cli("export '" + project + "' '" + temp.file("out-rt") + "' --format rtstruct");
    cli("export '" + project + "' '" + temp.file("out-deid") +
        "' --format dicom-seg --deidentify --with-source");
    cli("backup '" + project + "' --list");
    cli("log '" + project + "'");  // the exports' audit entries too

    EXPECT_EQ(leaksIn("what the CLI printed", printed), "") << printed;
    size_t read = 0;
    const auto databaseOrDicom = [&](const fs::path& path) {
        const std::string name = path.filename().string();
        return name.rfind("project.segloop", 0) == 0 ||
               path.parent_path().filename() == "backups" || path.extension() == ".dcm";
    };
    std::string leaks = leaksInFiles(project, databaseOrDicom, read);
    for (const char* out : {"out-nifti", "out-seg", "out-rt"})
        leaks += leaksInFiles(temp.file(out), databaseOrDicom, read);
    // A de-identified export holds no identity at all, its DICOM files included.
    leaks += leaksInFiles(
        temp.file("out-deid"), [](const fs::path&) { return false; }, read);
    EXPECT_EQ(leaks, "");
    EXPECT_GE(read, 8u + 12u);  // project volume + label, NIfTI export, manifests, 12 DICOM

    // The check can see the identity where it is meant to be: asked for, in the database.
    EXPECT_NE(cli("info '" + project + "' 1 --show-patient").output.find(kPatientId),
              std::string::npos);
    EXPECT_NE(contentOf(project + "/project.segloop").find(kPatientId), std::string::npos);
}

}  // namespace
}  // namespace segloop
