// Security (issue 30): a project holds patient data, so every folder in it is 0700 and every
// file 0600 whatever the user's umask; so are the exports. Checked under umask 022 through the
// real CLI (which also sets umask 077 for libraries) and in this process through the library
// alone (explicit modes, no umask to help); an older, group-readable project is tightened
// when it is opened.

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "integration/CliTestSupport.h"
#include "storage/Project.h"
#include "support/TestPaths.h"
#include "workflow/MaskExport.h"
#include "workflow/ProjectImport.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

unsigned modeOf(const std::string& path) {
    struct stat status {};
    EXPECT_EQ(::lstat(path.c_str(), &status), 0) << path;
    return unsigned(status.st_mode & 07777);
}

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode);
    return text;
}

/// Every folder (`folder` too) and file below `folder` whose mode is not 0700 / 0600, one a
/// line; counts what it checked in `files`.
std::string notOwnerOnly(const std::string& folder, size_t& files) {
    std::string wrong;
    if (modeOf(folder) != 0700)
        wrong += folder + " " + octal(modeOf(folder)) + "\n";
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        const std::string path = entry.path().string();
        const unsigned expected = entry.is_directory() ? 0700u : 0600u;
        files += entry.is_regular_file() ? 1 : 0;
        if (entry.is_symlink() || modeOf(path) != expected)
            wrong += path + " " + octal(modeOf(path)) + "\n";
    }
    return wrong;
}

/// Restores the test process's umask when it goes away.
class UmaskFor {
  public:
    explicit UmaskFor(mode_t mask) : before_(::umask(mask)) {}
    ~UmaskFor() { ::umask(before_); }

  private:
    mode_t before_;
};

TEST(SecurityPermissions, CliUnderUmask022WritesOwnerOnlyProjectAndExport) {
    TempDir temp;
    const std::string project = temp.file("project");
    const std::string out = temp.file("out");
    const std::string cli = "'" + test::cliPath() + "' ";
    const test::CommandResult result = test::runCommand(
        "umask 022 && " + cli + "init '" + project + "' --classes anterior,posterior && " + cli +
        "import '" + project + "' '" + test::hippocampusImage("001") + "' '" +
        test::hippocampusImage("003") + "' --labels '" + test::testDataDir() +
        "/hippocampus/labelsTr' && " + cli + "backup '" + project + "' && " + cli + "export '" +
        project + "' '" + out + "' --per-class && " + cli + "export '" + project + "' '" + out +
        "/nested/deeper' --labels-only");
    ASSERT_EQ(result.exitCode, 0) << result.output;
    size_t files = 0;
    EXPECT_EQ(notOwnerOnly(project, files), "") << "not owner-only in the project";
    EXPECT_GE(files, 6u);  // database, 2 volumes, 2 labels, a backup
    files = 0;
    EXPECT_EQ(notOwnerOnly(out, files), "") << "not owner-only in the export";
    EXPECT_GE(files, 10u);
}

TEST(SecurityPermissions, LibraryWritesOwnerOnlyFilesWhateverTheUmask) {
    UmaskFor umask(022);  // this process: nothing but the explicit modes keeps others out
    TempDir temp;
    {
        Project project = Project::create(temp.file("project"));
        project.labelSets().create("labels",
                                   {{1, "anterior", {255, 0, 0}}, {2, "posterior", {0, 255, 0}}});
        ImportRequest request;
        request.inputs = {test::hippocampusImage("001")};
        request.labelsFolder = test::testDataDir() + "/hippocampus/labelsTr";
        importImagesAndLabels(project, request, true);
        ExportRequest exported;
        exported.outputFolder = temp.file("out");
        exportLabels(project, exported);
    }
    size_t files = 0;
    EXPECT_EQ(notOwnerOnly(temp.file("project"), files), "");
    EXPECT_GE(files, 3u);
    files = 0;
    EXPECT_EQ(notOwnerOnly(temp.file("out"), files), "");
    EXPECT_EQ(files, 3u);  // image, label, manifest.csv
}

TEST(SecurityPermissions, OlderProjectIsTightenedWhenOpened) {
    TempDir temp;
    const std::string project = temp.file("project");
    test::initProject(project);
    test::importHippocampus(project, {"001"}, {});
    // As a project made before issue 30 (or by hand) could be: readable by group and others.
    for (const std::string folder : {"", "/data", "/data/volumes", "/data/labels", "/data/models"})
        fs::permissions(project + folder, fs::perms(0755), fs::perm_options::replace);
    fs::permissions(project + "/project.segloop", fs::perms(0644), fs::perm_options::replace);
    const test::CommandResult listed = test::runCli("list '" + project + "'");
    ASSERT_EQ(listed.exitCode, 0) << listed.output;
    for (const std::string folder : {"", "/data", "/data/volumes", "/data/labels", "/data/models"})
        EXPECT_EQ(octal(modeOf(project + folder)), "0700") << project + folder;
    EXPECT_EQ(octal(modeOf(project + "/project.segloop")), "0600");
}

}  // namespace
}  // namespace segloop
