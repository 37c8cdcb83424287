// Schema versions: migrations step by step, each in one transaction; newer schemas refused.

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/Project.h"
#include "storage/db/Database.h"
#include "storage/db/Migrations.h"
#include "storage/db/Statement.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

using test::TempDir;

const std::vector<Migration> kVersion1{
    {1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"},
};

const std::vector<Migration> kVersion2{
    kVersion1[0],
    {2, "note authors",
     "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';"
     "CREATE INDEX notes_by_author ON notes(author);"},
};

bool tableExists(Database& database, const std::string& table) {
    Statement query =
        database.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    query.bind(1, table);
    return query.step();
}

TEST(MigrationsTest, OlderDatabaseIsMigratedAndKeepsItsRows) {
    TempDir folder;
    Database database(folder.file("m.db"), Database::OpenMode::Create);
    EXPECT_EQ(applyMigrations(database, kVersion1), 1);
    database.execute("INSERT INTO notes (text) VALUES ('kept')");
    EXPECT_EQ(database.userVersion(), 1);

    EXPECT_EQ(applyMigrations(database, kVersion2), 1);
    EXPECT_EQ(database.userVersion(), 2);
    EXPECT_EQ(database.queryText("SELECT text || '/' || author FROM notes"), "kept/unknown");
    EXPECT_EQ(applyMigrations(database, kVersion2), 0) << "a second run has nothing to do";
}

TEST(MigrationsTest, FailedStepLeavesThePreviousVersionUntouched) {
    TempDir folder;
    Database database(folder.file("m.db"), Database::OpenMode::Create);
    applyMigrations(database, kVersion1);
    const std::vector<Migration> broken{
        kVersion1[0],
        {2, "half done", "CREATE TABLE extra (id INTEGER); INSERT INTO missing VALUES (1);"},
    };
    try {
        applyMigrations(database, broken);
        FAIL() << "expected the broken step to fail";
    } catch (const Error& error) {
        EXPECT_NE(error.problem().find("migration to version 2"), std::string::npos)
            << error.what();
        EXPECT_NE(error.problem().find("no such table: missing"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(database.userVersion(), 1);
    EXPECT_FALSE(tableExists(database, "extra")) << "the step's first statement was undone";
}

TEST(MigrationsTest, NewerDatabaseIsRefusedBeforeAnythingIsWritten) {
    TempDir folder;
    Database database(folder.file("m.db"), Database::OpenMode::Create);
    applyMigrations(database, kVersion2);
    try {
        applyMigrations(database, kVersion1);
        FAIL() << "expected the newer schema to be refused";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("m.db"));
        EXPECT_NE(error.problem().find("schema version 2 is newer than this build of SegLoop "
                                       "understands (1)"),
                  std::string::npos)
            << error.what();
    }
    EXPECT_EQ(database.userVersion(), 2);
}

TEST(MigrationsTest, StepsMustBeNumberedInOrder) {
    TempDir folder;
    Database database(folder.file("m.db"), Database::OpenMode::Create);
    const std::vector<Migration> gap{kVersion1[0], {3, "gap", "SELECT 1;"}};
    EXPECT_THROW(applyMigrations(database, gap), Error);
    EXPECT_EQ(database.userVersion(), 0);
}

TEST(MigrationsTest, ProjectSchemaAppliesToAnEmptyDatabase) {
    TempDir folder;
    Database database(folder.file("m.db"), Database::OpenMode::Create);
    EXPECT_EQ(applyMigrations(database, projectMigrations()), latestSchemaVersion());
    EXPECT_EQ(database.userVersion(), latestSchemaVersion());
    for (const char* table : {"patients", "studies", "series", "instances", "volumes", "label_sets",
                              "label_classes", "label_versions", "models", "training_runs",
                              "quality_scores", "review_state", "audit_log", "project_settings"}) {
        EXPECT_TRUE(tableExists(database, table)) << table;
    }
    EXPECT_FALSE(database.prepare("PRAGMA foreign_key_check").step());
}

TEST(MigrationsTest, ProjectWithNewerSchemaIsRefusedOnOpen) {
    TempDir folder;
    { Project::create(folder.path()); }
    {
        Database database(folder.file("project.segloop"), Database::OpenMode::ReadWrite);
        database.setUserVersion(latestSchemaVersion() + 7);
    }
    try {
        Project::open(folder.path());
        FAIL() << "expected the newer schema to be refused";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("project.segloop"));
        EXPECT_NE(
            error.problem().find("schema version " + std::to_string(latestSchemaVersion() + 7) +
                                 " is newer than this build of SegLoop"),
            std::string::npos)
            << error.what();
    }
}

/// One study, series and volume, a label set, models 1 (segmentation) and 2 (quality): what the
/// label versions of an old-schema project refer to.
void insertVolumeAndModels(Database& database) {
    database.execute(R"sql(
            INSERT INTO studies (id, study_instance_uid) VALUES (1, '1.2.3');
            INSERT INTO series (id, study_id, series_instance_uid, source_kind, source_path,
                                imported_at) VALUES (1, 1, '1.2.3.1', 'nifti', 'a.nii.gz', 't');
            INSERT INTO volumes (id, series_id, data_path, size_x, size_y, size_z, spacing_x_mm,
                                 spacing_y_mm, spacing_z_mm, origin_x_mm, origin_y_mm,
                                 origin_z_mm, direction, data_type, created_at)
                VALUES (1, 1, 'data/volumes/1.nii.gz', 2, 2, 2, 1, 1, 1, 0, 0, 0,
                        '[1,0,0,0,1,0,0,0,1]', 'int16', 't');
            INSERT INTO label_sets (id, name, created_at) VALUES (1, 'labels', 't');
            INSERT INTO models (id, name, version, method, created_at)
                VALUES (1, 'segmentation', 1, 'sgrs', 't'), (2, 'quality', 1, 'q', 't');
    )sql");
}

TEST(MigrationsTest, Version1ProjectKeepsItsQualityScoresWithoutASegmentationModel) {
    TempDir folder;
    {
        Database database(folder.file("project.segloop"), Database::OpenMode::Create);
        database.execute("PRAGMA application_id = " + std::to_string(Project::kApplicationId));
        applyMigrations(database, {projectMigrations().front()});
        insertVolumeAndModels(database);
        database.execute(R"sql(
            INSERT INTO label_versions (id, volume_id, label_set_id, data_path, provenance,
                                        model_id, created_at, dataset_revision)
                VALUES (1, 1, 1, 'data/labels/1.nii.gz', 'pseudo', 1, 't', 0);
            INSERT INTO quality_scores (label_version_id, model_id, predicted_quality,
                                        created_at) VALUES (1, 2, 0.75, 't');
        )sql");
        ASSERT_EQ(database.userVersion(), 1);
    }
    Project project = Project::open(folder.path());
    EXPECT_EQ(project.database().userVersion(), latestSchemaVersion());
    const std::optional<QualityScoreRecord> score = project.qualityScores().find(1, 2);
    ASSERT_TRUE(score.has_value());
    EXPECT_DOUBLE_EQ(score->predictedQuality, 0.75);
    EXPECT_FALSE(score->segmentationModelId.has_value());
    EXPECT_EQ(score->scoringJson, "{}");
    EXPECT_FALSE(score->learnedQuality.has_value());
    EXPECT_FALSE(score->expectedDice.has_value());
    EXPECT_FALSE(project.qualityScores().isScoredWith(1, 2, 1)) << "old scores are redone";
}

TEST(MigrationsTest, Version2ProjectKeepsEveryLabelVersionAndLearnsAccepted) {
    TempDir folder;
    {
        Database database(folder.file("project.segloop"), Database::OpenMode::Create);
        database.execute("PRAGMA application_id = " + std::to_string(Project::kApplicationId));
        applyMigrations(database, {projectMigrations()[0], projectMigrations()[1]});
        insertVolumeAndModels(database);
        database.execute(R"sql(
            INSERT INTO label_versions (id, volume_id, label_set_id, data_path, provenance,
                                        model_id, parent_id, created_at, dataset_revision)
                VALUES (1, 1, 1, 'data/labels/1.nii.gz', 'pseudo', 1, NULL, 't', 0),
                       (2, 1, 1, 'data/labels/2.nii.gz', 'corrected', NULL, 1, 't', 1),
                       (9, 1, 1, 'data/labels/9.nii.gz', 'human', NULL, NULL, 't', 2);
            DELETE FROM label_versions WHERE id = 9;
            INSERT INTO quality_scores (label_version_id, model_id, predicted_quality,
                                        created_at) VALUES (1, 2, 0.75, 't');
            INSERT INTO review_state (volume_id, state, label_version_id, updated_at)
                VALUES (1, 'corrected', 2, 't');
        )sql");
        ASSERT_EQ(database.userVersion(), 2);
    }
    Project project = Project::open(folder.path());
    EXPECT_EQ(project.database().userVersion(), latestSchemaVersion());
    ASSERT_EQ(project.labels().listForVolume(1).size(), 2u);
    EXPECT_EQ(project.labels().get(2).parentId, 1);
    EXPECT_TRUE(project.qualityScores().find(1, 2).has_value()) << "no cascade on the rebuild";
    EXPECT_EQ(project.reviews().find(1)->labelVersionId, 2);
    EXPECT_EQ(project.database().queryInt64("PRAGMA foreign_keys"), 1);
    EXPECT_EQ(project.database().queryInt64(
                  "SELECT seq FROM sqlite_sequence WHERE name = 'label_versions'"),
              9)
        << "ids of deleted versions are never reused";
    // The rebuilt table still refuses changes, and now knows accepted versions.
    EXPECT_THROW(project.database().execute("UPDATE label_versions SET author = 'x'"), Error);
    EXPECT_NO_THROW(project.database().execute(
        "INSERT INTO label_versions (volume_id, label_set_id, data_path, provenance, parent_id, "
        "created_at, dataset_revision) VALUES (1, 1, 'data/labels/10.nii.gz', 'accepted', 1, "
        "'t', 3)"));
    EXPECT_THROW(project.database().execute(
                     "INSERT INTO label_versions (volume_id, label_set_id, data_path, provenance, "
                     "created_at, dataset_revision) VALUES (1, 1, 'data/labels/11.nii.gz', "
                     "'accepted', 't', 3)"),
                 Error)
        << "an accepted version names its pseudo-label";
}

TEST(MigrationsTest, ProjectAtAnOlderVersionIsMigratedOnOpen) {
    // A project whose creation stopped after marking the file (version 0, no tables yet).
    TempDir folder;
    {
        Database database(folder.file("project.segloop"), Database::OpenMode::Create);
        database.execute("PRAGMA application_id = " + std::to_string(Project::kApplicationId));
    }
    Project project = Project::open(folder.path());
    EXPECT_EQ(project.database().userVersion(), latestSchemaVersion());
    EXPECT_EQ(project.settings().datasetRevision(), 0);
}

}  // namespace
}  // namespace segloop
