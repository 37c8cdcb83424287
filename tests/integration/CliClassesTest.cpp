// `segloop-cli classes`: lists the label classes, adds, renames and recolours them (all the
// changes of one call or none, each audited); saved labels keep their voxels; bad input is a
// usage error and changes nothing.
#include <gtest/gtest.h>

#include "CliTestSupport.h"
#include "core/io/NiftiReader.h"
#include "storage/Project.h"

namespace segloop {
namespace {

using namespace test;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class CliClasses : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = dir_.file("project");
        initProject(project_);
    }

    CommandResult classes(const std::string& options = "") {
        return runCli("classes '" + project_ + "' " + options);
    }

    /// What a user can see of the project, the colours of its classes included.
    std::string fingerprint() { return projectFingerprint(project_) + classes().output; }

    TempDir dir_;
    std::string project_;
};

TEST_F(CliClasses, ListsIndexColourAndName) {
    const CommandResult listed = classes();
    ASSERT_EQ(listed.exitCode, 0) << listed.output;
    EXPECT_TRUE(contains(listed.output, "Label set labels")) << listed.output;
    EXPECT_TRUE(contains(listed.output, "    1  #E6194B  anterior\n")) << listed.output;
    EXPECT_TRUE(contains(listed.output, "    2  #3CB44B  posterior\n")) << listed.output;
    const CommandResult help = runCli("classes --help");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(contains(help.output, "Usage: segloop-cli classes PROJECT")) << help.output;
    EXPECT_TRUE(contains(runCli("--help").output, "classes")) << "listed in the overview";
}

TEST_F(CliClasses, AddRenameAndRecolourAreStoredAuditedAndLabelsKeepTheirMeaning) {
    importHippocampus(project_, {"001"}, {});
    const CommandResult changed = classes("--rename 1=head --recolour 2=0000ff --add lesion");
    ASSERT_EQ(changed.exitCode, 0) << changed.output;
    EXPECT_TRUE(contains(changed.output, "Renamed class 1 to 'head'")) << changed.output;
    EXPECT_TRUE(contains(changed.output, "Recoloured class 2 to #0000FF")) << changed.output;
    EXPECT_TRUE(contains(changed.output, "Added class 3 'lesion' (#0082C8)")) << changed.output;
    const CommandResult added = classes("--add cyst --colour '#123456' --label-set labels");
    ASSERT_EQ(added.exitCode, 0) << added.output;

    const std::string listed = classes().output;
    EXPECT_TRUE(contains(listed, "    1  #E6194B  head\n")) << listed;
    EXPECT_TRUE(contains(listed, "    2  #0000FF  posterior\n")) << listed;
    EXPECT_TRUE(contains(listed, "    3  #0082C8  lesion\n")) << listed;
    EXPECT_TRUE(contains(listed, "    4  #123456  cyst\n")) << listed;
    EXPECT_TRUE(
        contains(runCli("info '" + project_ + "'").output, "1=head 2=posterior 3=lesion 4=cyst"));

    // The saved label keeps its voxel values: 1 is still the class now called head.
    Project project = Project::open(project_);
    const int64_t volumeId = project.volumes().list().at(0).volumeId;
    const std::vector<LabelVersionRecord> versions = project.labels().listForVolume(volumeId);
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(project.labels().load(versions[0].id).labels,
              readNiftiLabelMap(hippocampusLabel("001")).labels);

    const std::vector<AuditEntry> entries = project.auditLog().latest(4);
    ASSERT_EQ(entries.size(), 4u);
    EXPECT_EQ(entries[0].action, "add label class");
    EXPECT_TRUE(contains(entries[0].detailsJson, "\"name\":\"cyst\"")) << entries[0].detailsJson;
    EXPECT_EQ(entries[1].action, "add label class");
    EXPECT_EQ(entries[2].action, "recolour label class");
    EXPECT_EQ(entries[3].action, "rename label class");
    EXPECT_TRUE(contains(entries[3].detailsJson, "\"old_name\":\"anterior\""))
        << entries[3].detailsJson;
}

TEST_F(CliClasses, BadInputIsAUsageErrorAndChangesNothing) {
    const std::string before = fingerprint();
    const struct {
        const char* options;
        const char* message;
    } cases[] = {
        {"--rename 1", "--rename needs INDEX=NAME"},
        {"--rename head=1", "--rename needs INDEX=NAME"},
        {"--rename 0=head", "from 1 to 65535, not '0=head'"},
        {"--rename 1=", "--rename needs INDEX=NAME"},
        {"--recolour 1=red", "--recolour needs a colour as RRGGBB in hex (e.g. E6194B), not 'red'"},
        {"--recolour 70000=ff0000", "from 1 to 65535"},
        {"--add lesion --colour 12345", "--colour needs a colour as RRGGBB"},
        {"--colour ff0000", "--colour is the colour of the class that --add makes"},
        {"--add ''", "--add needs the name of the new class"},
        {"--add a --add b", "--add"},
    };
    for (const auto& bad : cases) {
        const CommandResult result = classes(bad.options);
        EXPECT_EQ(result.exitCode, 2) << bad.options << "\n" << result.output;
        EXPECT_TRUE(contains(result.output, bad.message)) << bad.options << "\n" << result.output;
    }
    EXPECT_EQ(fingerprint(), before);
}

TEST_F(CliClasses, RefusedChangesNameTheProblemAndChangeNothing) {
    const std::string before = fingerprint();
    const struct {
        const char* options;
        const char* message;
    } cases[] = {
        {"--rename 1=posterior",
         "label set 'labels': already has a class named 'posterior' (class 2)"},
        {"--add anterior", "label set 'labels': already has a class named 'anterior' (class 1)"},
        {"--rename 9=lesion", "label set 'labels': has no class 9 (it has 1, 2)"},
        {"--recolour 3=ff0000", "label set 'labels': has no class 3 (it has 1, 2)"},
        // All or nothing: the first rename and the recolour are undone with the refused one.
        {"--rename 1=head --recolour 2=000000 --rename 2=head", "already has a class named 'head'"},
        {"--add lesion --label-set organs", "label set 'organs': no such label set"},
    };
    for (const auto& bad : cases) {
        const CommandResult result = classes(bad.options);
        EXPECT_EQ(result.exitCode, 1) << bad.options << "\n" << result.output;
        EXPECT_TRUE(contains(result.output, bad.message)) << bad.options << "\n" << result.output;
    }
    EXPECT_EQ(fingerprint(), before);
}

}  // namespace
}  // namespace segloop
