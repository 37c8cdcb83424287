// Label classes edited after the project was made: added (next index), renamed and recoloured,
// each audited in its own transaction; refusals name the label set and change nothing; saved
// label versions keep their voxel values and their classes keep their meaning.

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/DefaultClassColours.h"
#include "storage/StorageTestSupport.h"
#include "storage/db/Transaction.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

class LabelClassEditTest : public ::testing::Test {
  protected:
    /// Expects `edit` to throw an Error whose message is `message`, with no row written.
    template <typename Edit>
    void expectRefused(const std::string& message, Edit edit) {
        const auto counts = test::rowCounts(project.database());
        const LabelSet before = project.labelSets().get(fixture.labelSetId);
        try {
            edit();
            ADD_FAILURE() << "expected a refusal: " << message;
        } catch (const Error& error) {
            EXPECT_EQ(std::string(error.what()), message);
        }
        EXPECT_EQ(test::rowCounts(project.database()), counts);
        const LabelSet after = project.labelSets().get(fixture.labelSetId);
        ASSERT_EQ(after.classes.size(), before.classes.size());
        for (size_t n = 0; n < after.classes.size(); ++n) {
            EXPECT_EQ(after.classes[n].name, before.classes[n].name);
            EXPECT_EQ(after.classes[n].colourRgb, before.classes[n].colourRgb);
        }
    }

    bool detailsHave(const AuditEntry& entry, const std::string& key, const std::string& value) {
        return entry.detailsJson.find("\"" + key + "\":\"" + value + "\"") != std::string::npos;
    }

    TempDir temp;
    test::ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
    LabelSetRepository labelSets = project.labelSets();
    const int64_t setId = fixture.labelSetId;
    const std::string subject = "label set " + std::to_string(fixture.labelSetId);
};

TEST_F(LabelClassEditTest, AnAddedClassTakesTheNextIndexAndIsAudited) {
    EXPECT_EQ(labelSets.addClass(setId, "Lesion", {1, 2, 250}), 3);
    EXPECT_EQ(labelSets.addClass(setId, "Cyst", defaultClassColour(4)), 4);

    const LabelSet labelSet = labelSets.get(setId);
    ASSERT_EQ(labelSet.classes.size(), 4u);
    EXPECT_EQ(labelSet.classes[2].index, 3);
    EXPECT_EQ(labelSet.classes[2].name, "Lesion");
    EXPECT_EQ(labelSet.classes[2].colourRgb, (std::array<uint8_t, 3>{1, 2, 250}));
    EXPECT_EQ(labelSet.classes[3].colourRgb, (std::array<uint8_t, 3>{245, 130, 48}));

    const AuditEntry entry = project.auditLog().latest(2).at(1);
    EXPECT_EQ(entry.action, "add label class");
    EXPECT_EQ(entry.subject, subject);
    EXPECT_TRUE(detailsHave(entry, "label_set", "default")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "class", "3")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "name", "Lesion")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "colour", "#0102FA")) << entry.detailsJson;
}

TEST_F(LabelClassEditTest, RenameAndRecolourAreStoredAndAuditedWithOldAndNewValues) {
    labelSets.renameClass(setId, 1, "Head");
    AuditEntry entry = project.auditLog().latest(1).at(0);
    EXPECT_EQ(entry.action, "rename label class");
    EXPECT_EQ(entry.subject, subject);
    EXPECT_TRUE(detailsHave(entry, "class", "1")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "old_name", "Anterior")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "new_name", "Head")) << entry.detailsJson;

    labelSets.recolourClass(setId, 2, {0, 0, 255});
    entry = project.auditLog().latest(1).at(0);
    EXPECT_EQ(entry.action, "recolour label class");
    EXPECT_TRUE(detailsHave(entry, "class", "2")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "old_colour", "#00FF00")) << entry.detailsJson;
    EXPECT_TRUE(detailsHave(entry, "new_colour", "#0000FF")) << entry.detailsJson;

    // Stored: a new connection sees them.
    Project reopened = Project::open(temp.file("project"));
    const LabelSet labelSet = reopened.labelSets().get(setId);
    EXPECT_EQ(labelSet.findClass(1)->name, "Head");
    EXPECT_EQ(labelSet.findClass(1)->colourRgb, (std::array<uint8_t, 3>{255, 0, 0}));
    EXPECT_EQ(labelSet.findClass(2)->name, "Posterior");
    EXPECT_EQ(labelSet.findClass(2)->colourRgb, (std::array<uint8_t, 3>{0, 0, 255}));
}

TEST_F(LabelClassEditTest, RefusalsNameTheLabelSetAndTheNameAndChangeNothing) {
    const std::array<uint8_t, 3> grey{128, 128, 128};
    expectRefused("label set 'default': a class needs a name",
                  [&] { labelSets.addClass(setId, "", grey); });
    expectRefused("label set 'default': already has a class named 'Posterior' (class 2)",
                  [&] { labelSets.addClass(setId, "Posterior", grey); });
    expectRefused("label set 'default': already has a class named 'Posterior' (class 2)",
                  [&] { labelSets.renameClass(setId, 1, "Posterior"); });
    expectRefused("label set 'default': a class needs a name",
                  [&] { labelSets.renameClass(setId, 1, ""); });
    expectRefused("label set 'default': has no class 7 (it has 1, 2)",
                  [&] { labelSets.renameClass(setId, 7, "Lesion"); });
    expectRefused("label set 'default': has no class 0 (it has 1, 2)",
                  [&] { labelSets.recolourClass(setId, 0, grey); });
    expectRefused("label set 99: no such label set in the project",
                  [&] { labelSets.addClass(99, "Lesion", grey); });
}

TEST_F(LabelClassEditTest, TheCurrentNameOrColourChangesNothing) {
    const int64_t entries = project.auditLog().count();
    labelSets.renameClass(setId, 1, "Anterior");
    labelSets.recolourClass(setId, 2, {0, 255, 0});
    EXPECT_EQ(project.auditLog().count(), entries);
}

TEST_F(LabelClassEditTest, AnEnclosingTransactionTakesAllTheEditsOrNone) {
    const auto counts = test::rowCounts(project.database());
    {
        Transaction transaction(project.database());
        labelSets.renameClass(setId, 1, "Head");
        labelSets.addClass(setId, "Lesion", {1, 2, 3});
        EXPECT_THROW(labelSets.renameClass(setId, 2, "Head"), Error);
    }  // not committed: rolled back
    EXPECT_EQ(test::rowCounts(project.database()), counts);
    EXPECT_EQ(labelSets.get(setId).findClass(1)->name, "Anterior");
    EXPECT_EQ(labelSets.get(setId).findClass(3), nullptr);
}

TEST_F(LabelClassEditTest, SavedLabelVersionsKeepTheirVoxelsAndClassesTheirMeaning) {
    const Volume image = test::makeVolume();
    const int64_t volumeId = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), image);
    NewLabelVersion request;
    request.volumeId = volumeId;
    request.labelSetId = setId;
    request.sourceName = "case.nii.gz";
    const LabelMap labels = test::makeLabels(image.geometry);
    const int64_t versionId = project.labels().add(request, labels);
    // Class 3 is not in the set yet.
    EXPECT_THROW(project.labels().add(request, test::makeLabels(image.geometry, 3)), Error);

    labelSets.renameClass(setId, 1, "Head");
    labelSets.recolourClass(setId, 1, {10, 20, 30});
    EXPECT_EQ(labelSets.addClass(setId, "Lesion", {1, 2, 3}), 3);

    // The saved version is untouched: same voxel values, same label set, and value 1 still
    // means the class now called "Head" (index 1), value 2 still "Posterior".
    const LabelMap loaded = project.labels().load(versionId);
    EXPECT_EQ(loaded.labels, labels.labels);
    EXPECT_EQ(project.labels().get(versionId).labelSetId, setId);
    const LabelSet labelSet = labelSets.get(setId);
    EXPECT_EQ(labelSet.findClass(1)->name, "Head");
    EXPECT_EQ(labelSet.findClass(2)->name, "Posterior");
    EXPECT_EQ(labelSet.findClass(3)->name, "Lesion");
    // The added class can now be labelled.
    const int64_t withLesion = project.labels().add(request, test::makeLabels(image.geometry, 3));
    EXPECT_EQ(test::rowCounts(project.database())["label_versions"], 2);
    EXPECT_EQ(project.labels().load(withLesion).labels, test::makeLabels(image.geometry, 3).labels);
}

TEST_F(LabelClassEditTest, ColoursAreWrittenAsUpperCaseHex) {
    EXPECT_EQ(colourHex({0, 0, 0}), "#000000");
    EXPECT_EQ(colourHex({230, 25, 75}), "#E6194B");
    EXPECT_EQ(colourHex({255, 255, 255}), "#FFFFFF");
}

}  // namespace
}  // namespace segloop
