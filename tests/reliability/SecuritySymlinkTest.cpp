// Security (issue 30): no write follows a symbolic link out of the project or out of the export
// folder the user chose. The tests plant real links (to a folder "outside" in the same temp
// dir) where SegLoop would write: a project data folder, a folder inside the export folder, a
// file name of an export, a new file's name, the PACS retrieval folder; then check that the
// write was refused or replaced the link, and that nothing changed outside.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/PrivateFiles.h"
#include "integration/CliTestSupport.h"
#include "storage/Project.h"
#include "support/TestPaths.h"
#include "workflow/PacsTransfer.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// Every file below `folder` with its size: equal listings mean nothing was written there.
std::string listing(const std::string& folder) {
    std::string text;
    std::vector<std::string> lines;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        lines.push_back(fs::relative(entry.path(), folder).string() +
                        (entry.is_regular_file() ? " " + std::to_string(entry.file_size()) : "/"));
    }
    std::sort(lines.begin(), lines.end());
    for (const std::string& line : lines)
        text += line + "\n";
    return text;
}

/// A project with hippocampus 001 (labelled) in temp/project; the path.
std::string labelledProject(const TempDir& temp) {
    const std::string project = temp.file("project");
    test::initProject(project);
    test::importHippocampus(project, {"001"}, {});
    return project;
}

TEST(SecuritySymlink, ProjectDataFolderThatIsALinkIsRefused) {
    TempDir temp;
    const std::string project = labelledProject(temp);
    for (const std::string relative : {"data/labels", "data"}) {
        SCOPED_TRACE(relative);
        // The folder moved out of the project and a link left in its place.
        const std::string outside = temp.file("outside");
        fs::rename(project + "/" + relative, outside);
        fs::create_directory_symlink(outside, project + "/" + relative);
        const std::string before = listing(outside);
        const test::CommandResult result =
            test::runCli("import '" + project + "' '" + test::hippocampusImage("003") +
                         "' --labels '" + test::testDataDir() + "/hippocampus/labelsTr'");
        EXPECT_NE(result.exitCode, 0) << result.output;
        EXPECT_NE(result.output.find("is a symbolic link"), std::string::npos) << result.output;
        EXPECT_NE(result.output.find(project + "/" + relative), std::string::npos)
            << "the message names the link: " << result.output;
        EXPECT_EQ(listing(outside), before) << "a file was written through the link";
        fs::remove(project + "/" + relative);
        fs::rename(outside, project + "/" + relative);
    }
    const test::CommandResult again = test::runCli("list '" + project + "'");
    EXPECT_EQ(again.exitCode, 0) << "the project works again without the link: " << again.output;
}

TEST(SecuritySymlink, LinkedFolderInsideTheExportFolderIsRefused) {
    TempDir temp;
    const std::string project = labelledProject(temp);
    const std::string out = temp.file("out");
    fs::create_directories(temp.file("outside"));
    fs::create_directories(out);
    fs::create_directory_symlink(temp.file("outside"), out + "/labels");
    const test::CommandResult result =
        test::runCli("export '" + project + "' '" + out + "' --per-class");
    EXPECT_NE(result.exitCode, 0) << result.output;
    EXPECT_NE(result.output.find(out + "/labels: is a symbolic link"), std::string::npos)
        << result.output;
    EXPECT_TRUE(fs::is_empty(temp.file("outside")));
}

TEST(SecuritySymlink, LinksAtExportFileNamesAreReplacedNotFollowed) {
    TempDir temp;
    const std::string project = labelledProject(temp);
    const std::string out = temp.file("out");
    fs::create_directories(temp.file("outside"));
    fs::create_directories(out + "/images");
    fs::create_directories(out + "/labels");
    writeText(temp.file("outside/victim.csv"), "precious\n");
    writeText(temp.file("outside/victim.nii.gz"), "precious too\n");
    fs::create_symlink(temp.file("outside/victim.csv"), out + "/manifest.csv");
    fs::create_symlink(temp.file("outside/victim.nii.gz"), out + "/images/hippocampus_001.nii.gz");
    fs::create_symlink(temp.file("outside/victim.nii.gz"), out + "/labels/hippocampus_001.nii.gz");
    // Without --overwrite the planted names count as existing files: refused, nothing written.
    const test::CommandResult refused = test::runCli("export '" + project + "' '" + out + "'");
    EXPECT_NE(refused.exitCode, 0) << refused.output;
    EXPECT_NE(refused.output.find("already exists"), std::string::npos) << refused.output;
    // With --overwrite each file is written under a new name and renamed over the link.
    const test::CommandResult result =
        test::runCli("export '" + project + "' '" + out + "' --overwrite");
    ASSERT_EQ(result.exitCode, 0) << result.output;
    EXPECT_EQ(readText(temp.file("outside/victim.csv")), "precious\n");
    EXPECT_EQ(readText(temp.file("outside/victim.nii.gz")), "precious too\n");
    for (const std::string file :
         {"manifest.csv", "images/hippocampus_001.nii.gz", "labels/hippocampus_001.nii.gz"}) {
        EXPECT_FALSE(fs::is_symlink(out + "/" + file)) << file;
        EXPECT_TRUE(fs::is_regular_file(out + "/" + file)) << file;
    }
    EXPECT_NE(readText(out + "/manifest.csv").find("hippocampus_001"), std::string::npos);
}

TEST(SecuritySymlink, NewFilesAndFoldersAreNeverCreatedThroughALink) {
    TempDir temp;
    fs::create_directories(temp.file("outside"));
    fs::create_directories(temp.file("root"));
    // A dangling link: open(O_CREAT) without O_NOFOLLOW would create its target.
    fs::create_symlink(temp.file("outside/target"), temp.file("root/new.nii.gz"));
    try {
        PrivateFiles::createFile(temp.file("root/new.nii.gz"));
        FAIL() << "a file was created through a link";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("symbolic link"), std::string::npos)
            << error.what();
    }
    EXPECT_FALSE(fs::exists(temp.file("outside/target")));
    // A folder below the root that is a link: refused, nothing made through it.
    fs::create_directory_symlink(temp.file("outside"), temp.file("root/sub"));
    EXPECT_THROW(PrivateFiles::makeFolderBelow(temp.file("root"), "sub/deeper"), Error);
    EXPECT_THROW(PrivateFiles::makeFolder(temp.file("root/sub")), Error);
    EXPECT_THROW(PrivateFiles::makeFolderBelow(temp.file("root"), "../escaped"), Error);
    EXPECT_TRUE(fs::is_empty(temp.file("outside")));
    EXPECT_FALSE(fs::exists(temp.file("escaped")));
    // Written then renamed: a link at the final name is replaced, its target untouched.
    writeText(temp.file("outside/victim"), "precious");
    fs::create_symlink(temp.file("outside/victim"), temp.file("root/journal"));
    PrivateFiles::writeAtomically(temp.file("root/journal"), "new content");
    EXPECT_EQ(readText(temp.file("outside/victim")), "precious");
    EXPECT_FALSE(fs::is_symlink(temp.file("root/journal")));
    EXPECT_EQ(readText(temp.file("root/journal")), "new content");
}

TEST(SecuritySymlink, PacsRetrievalIntoALinkedDicomFolderIsRefused) {
    TempDir temp;
    fs::create_directories(temp.file("outside"));
    Project project = Project::create(temp.file("project"));
    fs::create_directory_symlink(temp.file("outside"), temp.file("project/data/dicom"));
    PacsConnection connection;  // never reached: the folder is refused before any network
    connection.node.host = "127.0.0.1";
    connection.node.port = 1;
    try {
        retrieveIntoProject(project, connection, "1.2.3", "1.2.3.4", false);
        FAIL() << "a retrieval went through data/dicom, a link out of the project";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("data/dicom: is a symbolic link"),
                  std::string::npos)
            << error.what();
    }
    EXPECT_TRUE(fs::is_empty(temp.file("outside")));
}

}  // namespace
}  // namespace segloop
