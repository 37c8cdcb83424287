// Fault: the rows of a new data file are rolled back after its file was renamed into place (an
// enclosing transaction that fails, or whose COMMIT fails on a full disk). The file goes with
// its rows (Database::removeOnRollback): no file in data/ without its row, while files of
// committed rows stay. Real SQLite project, real files.

#include <filesystem>

#include <gtest/gtest.h>

#include "storage/StorageTestSupport.h"
#include "storage/db/Transaction.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

class CommitFailureFault : public ::testing::Test {
  protected:
    NewLabelVersion humanLabel() const {
        NewLabelVersion label;
        label.volumeId = volumeId_;
        label.labelSetId = fixture_.labelSetId;
        label.provenance = LabelProvenance::Human;
        label.sourceName = "case.nii.gz";
        return label;
    }

    std::string labelFile(int64_t id) const {
        return project_.layout().absolute(ProjectLayout::labelDataPath(id));
    }

    test::TempDir temp_;
    test::ProjectFixture fixture_{temp_.file("project")};
    Project& project_ = fixture_.project;
    int64_t volumeId_ =
        project_.volumes().importVolume(test::makeMetadata("1.2.3.4"), test::makeVolume());
};

TEST_F(CommitFailureFault, LabelFileGoesWithTheRowsOfARolledBackTransaction) {
    const auto files = test::filesUnder(project_.layout().folder);
    const auto counts = test::rowCounts(project_.database());
    std::string written;
    {
        Transaction outer(project_.database());  // as revert and review wrap add()
        const int64_t id =
            project_.labels().add(humanLabel(), test::makeLabels(test::makeVolume().geometry));
        written = labelFile(id);
        ASSERT_TRUE(fs::exists(written)) << "renamed into place before the commit";
        // No commit: an exception (or a failed COMMIT) ends the transaction here.
    }
    EXPECT_FALSE(fs::exists(written)) << "a file without its row was left";
    EXPECT_EQ(test::rowCounts(project_.database()), counts);
    EXPECT_EQ(test::filesUnder(project_.layout().folder), files);
}

TEST_F(CommitFailureFault, RolledBackSavepointRemovesOnlyItsOwnFiles) {
    const LabelMap labels = test::makeLabels(test::makeVolume().geometry);
    int64_t kept = 0;
    int64_t undone = 0;
    {
        Transaction outer(project_.database());
        kept = project_.labels().add(humanLabel(), labels);
        {
            Transaction inner(project_.database());  // a savepoint
            undone = project_.labels().add(humanLabel(), labels);
        }  // rolled back to the savepoint: the second file goes, the first stays
        EXPECT_TRUE(fs::exists(labelFile(kept)));
        EXPECT_FALSE(fs::exists(labelFile(undone)));
        outer.commit();
    }
    EXPECT_TRUE(fs::exists(labelFile(kept))) << "a committed row's file must stay";
    EXPECT_NO_THROW(project_.labels().load(kept));
    {
        Transaction later(project_.database());  // committed files are forgotten
    }
    EXPECT_TRUE(fs::exists(labelFile(kept)));
}

TEST_F(CommitFailureFault, VolumeFileGoesWithTheRowsOfARolledBackTransaction) {
    const auto files = test::filesUnder(project_.layout().folder);
    std::string written;
    {
        Transaction outer(project_.database());
        const int64_t id =
            project_.volumes().importVolume(test::makeMetadata("1.2.3.5"), test::makeVolume());
        written = project_.layout().absolute(project_.volumes().get(id).dataPath);
        ASSERT_TRUE(fs::exists(written));
    }
    EXPECT_FALSE(fs::exists(written));
    EXPECT_EQ(project_.volumes().list().size(), 1u);
    EXPECT_EQ(test::filesUnder(project_.layout().folder), files);
}

}  // namespace
}  // namespace segloop
