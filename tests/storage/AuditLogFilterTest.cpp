// The audit log read back filtered (AuditLog::list): by volume (its own entries and those of its
// label versions), by author, since a date or time; and the times --since accepts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/Error.h"
#include "storage/StorageTestSupport.h"
#include "storage/db/Statement.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

std::vector<std::string> subjects(const std::vector<AuditEntry>& entries) {
    std::vector<std::string> result;
    for (const AuditEntry& entry : entries) {
        result.push_back(entry.user + " " + entry.action + " " + entry.subject);
    }
    return result;
}

class AuditLogFilterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        project.setUserName("alice");
        first = project.volumes().importVolume(test::makeMetadata("1.2.3.4"), image);
        second = project.volumes().importVolume(test::makeMetadata("1.2.3.5"), image);
        project.setUserName("bob");
        firstLabel = addLabel(first);
        secondLabel = addLabel(second);
        project.setUserName("carol");
        project.reviews().setState(first, ReviewState::Rejected, firstLabel);
        // A subject that only starts like the first volume's must not count as it.
        project.auditLog().append("note", "volume " + std::to_string(first) + "0");
        project.auditLog().append("note", "model 1");
    }

    int64_t addLabel(int64_t volumeId) {
        NewLabelVersion label;
        label.volumeId = volumeId;
        label.labelSetId = fixture.labelSetId;
        label.provenance = LabelProvenance::Human;
        label.sourceName = "case.nii.gz";
        return project.labels().add(label, test::makeLabels(image.geometry));
    }

    /// An entry written at a chosen time (the log only refuses updates and deletes).
    void insertAt(const std::string& at, const std::string& user, const std::string& subject) {
        Statement(project.database(),
                  "INSERT INTO audit_log (at, user, action, subject) VALUES (?, ?, 'old', ?)")
            .bindAll(at, user, subject)
            .run();
    }

    TempDir temp;
    test::ProjectFixture fixture{temp.file("project")};
    Project& project = fixture.project;
    Volume image = test::makeVolume();
    int64_t first = 0, second = 0, firstLabel = 0, secondLabel = 0;
};

TEST_F(AuditLogFilterTest, NoFilterListsEveryEntryOldestFirst) {
    const std::vector<AuditEntry> entries = project.auditLog().list({});
    ASSERT_EQ(entries.size(), static_cast<size_t>(project.auditLog().count()));
    EXPECT_EQ(entries.front().action, "create label set");
    EXPECT_EQ(entries.back().subject, "model 1");
    for (size_t n = 1; n < entries.size(); ++n) {
        EXPECT_LT(entries[n - 1].id, entries[n].id);
    }
}

TEST_F(AuditLogFilterTest, AVolumeHasItsOwnEntriesAndThoseOfItsLabelVersions) {
    AuditFilter filter;
    filter.volumeId = first;
    const std::string volume = "volume " + std::to_string(first);
    EXPECT_EQ(subjects(project.auditLog().list(filter)),
              (std::vector<std::string>{
                  "alice import volume " + volume,
                  "bob add label version label version " + std::to_string(firstLabel),
                  "carol set review state " + volume}));
    filter.volumeId = second;
    EXPECT_EQ(subjects(project.auditLog().list(filter)),
              (std::vector<std::string>{
                  "alice import volume volume " + std::to_string(second),
                  "bob add label version label version " + std::to_string(secondLabel)}));
    filter.volumeId = 999;
    EXPECT_TRUE(project.auditLog().list(filter).empty());
}

TEST_F(AuditLogFilterTest, AnAuthorHasExactlyTheEntriesOfThatUser) {
    AuditFilter filter;
    filter.author = "bob";
    const std::vector<AuditEntry> entries = project.auditLog().list(filter);
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].subject, "label version " + std::to_string(firstLabel));
    EXPECT_EQ(entries[1].subject, "label version " + std::to_string(secondLabel));
    filter.author = "bo";
    EXPECT_TRUE(project.auditLog().list(filter).empty());
    // Filters combine: carol's entries about the second volume are none.
    filter.author = "carol";
    filter.volumeId = second;
    EXPECT_TRUE(project.auditLog().list(filter).empty());
    filter.volumeId = first;
    EXPECT_EQ(project.auditLog().list(filter).size(), 1u);
}

TEST_F(AuditLogFilterTest, SinceKeepsTheEntriesAtOrAfterADateOrATime) {
    insertAt("2024-01-31T23:59:59.999Z", "dave", "volume 1");
    insertAt("2024-02-01T00:00:00.000Z", "dave", "volume 2");
    insertAt("2024-02-01T10:30:00.500Z", "dave", "volume 3");
    insertAt("2024-02-02T08:00:00.000Z", "dave", "volume 4");
    const auto olds = [&](const std::string& since) {
        AuditFilter filter;
        filter.author = "dave";
        filter.since = since;
        std::vector<std::string> result;
        for (const AuditEntry& entry : project.auditLog().list(filter)) {
            result.push_back(entry.subject);
        }
        return result;
    };
    using Subjects = std::vector<std::string>;
    EXPECT_EQ(olds(""), (Subjects{"volume 1", "volume 2", "volume 3", "volume 4"}));
    EXPECT_EQ(olds("2024-02-01"), (Subjects{"volume 2", "volume 3", "volume 4"}));
    EXPECT_EQ(olds("2024-02-01T10:30:00.5Z"), (Subjects{"volume 3", "volume 4"}));
    EXPECT_EQ(olds("2024-02-01T10:30:00.5001Z"), (Subjects{"volume 4"}));
    EXPECT_EQ(olds("2024-02-01T12:30:00.500+02:00"), (Subjects{"volume 3", "volume 4"}));
    EXPECT_EQ(olds("2024-02-01 10:31"), (Subjects{"volume 4"}));
    EXPECT_EQ(olds("2024-02-03"), Subjects{});
    // Entries written now are after any past date and before any future one.
    AuditFilter recent;
    recent.since = "2024-02-03";
    EXPECT_EQ(project.auditLog().list(recent).size(),
              static_cast<size_t>(project.auditLog().count()) - 4);
    recent.since = "2999-01-01";
    EXPECT_TRUE(project.auditLog().list(recent).empty());
}

TEST_F(AuditLogFilterTest, ABadSinceIsRefusedWithAnError) {
    for (const char* since :
         {"yesterday", "2024-02-30", "2024-13-01", "2024-2-1", "2024-02-01T25:00", "2024-02-01T10",
          "2024-02-01T10:30:00.", "2024-02-01T10:30Zulu", "2024-02-01x"}) {
        AuditFilter filter;
        filter.since = since;
        EXPECT_THROW(project.auditLog().list(filter), Error) << since;
        EXPECT_FALSE(AuditLog::parseTime(since).has_value()) << since;
    }
}

TEST(AuditLogParseTime, GivesTheStoredFormInUtc) {
    const auto parsed = [](const std::string& text) {
        return AuditLog::parseTime(text).value_or("(refused)");
    };
    EXPECT_EQ(parsed("2024-02-01"), "2024-02-01T00:00:00.000Z");
    EXPECT_EQ(parsed("2024-02-01T10:30"), "2024-02-01T10:30:00.000Z");
    EXPECT_EQ(parsed("2024-02-01 10:30:15"), "2024-02-01T10:30:15.000Z");
    EXPECT_EQ(parsed("2024-02-01T10:30:15.25Z"), "2024-02-01T10:30:15.250Z");
    EXPECT_EQ(parsed("2024-02-01T10:30:15.1234Z"), "2024-02-01T10:30:15.124Z");
    EXPECT_EQ(parsed("2024-02-01T10:30:15.1230Z"), "2024-02-01T10:30:15.123Z");
    EXPECT_EQ(parsed("2024-12-31T23:59:59.9991Z"), "2025-01-01T00:00:00.000Z");
    EXPECT_EQ(parsed("2024-02-29T23:30:00-01:00"), "2024-03-01T00:30:00.000Z");
    EXPECT_EQ(parsed("2024-03-01T01:00:00+0200"), "2024-02-29T23:00:00.000Z");
    EXPECT_EQ(parsed("2023-02-29"), "(refused)");  // not a leap year
}

}  // namespace
}  // namespace segloop
