#include "storage/ProjectSummary.h"

#include "storage/LabelOfRecord.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"

namespace segloop {

ProjectSummary summarizeProject(Database& database) {
    // One statement: its reads all see the same snapshot of the database.
    Statement query(database, R"sql(
        SELECT (SELECT COUNT(*) FROM patients),
               (SELECT COUNT(*) FROM studies),
               (SELECT COUNT(*) FROM series),
               (SELECT COUNT(*) FROM volumes),
               (SELECT COUNT(*) FROM label_sets),
               (SELECT COUNT(*) FROM label_versions),
               (SELECT COUNT(*) FROM models),
               (SELECT COUNT(*) FROM training_runs),
               (SELECT COUNT(*) FROM quality_scores),
               (SELECT COUNT(*) FROM review_state WHERE state IN ('pending', 'in_review')),
               (SELECT CAST(value AS INTEGER) FROM project_settings
                 WHERE key = 'dataset_revision'),
               (SELECT COUNT(*) FROM volumes v WHERE NOT EXISTS
                   (SELECT 1 FROM label_versions l WHERE l.volume_id = v.id)),
               (SELECT COUNT(*) FROM volumes v JOIN label_versions l
                   ON l.id = (SELECT MAX(id) FROM label_versions WHERE volume_id = v.id AND )sql" +
                                  std::string(kLabelOfRecordCondition) + R"sql()
                 WHERE l.provenance = 'human'),
               (SELECT COUNT(*) FROM volumes v WHERE EXISTS
                   (SELECT 1 FROM label_versions l WHERE l.volume_id = v.id) AND NOT EXISTS
                   (SELECT 1 FROM label_versions l WHERE l.volume_id = v.id AND )sql" +
                                  std::string(kLabelOfRecordCondition) + R"sql()),
               (SELECT COUNT(*) FROM volumes v JOIN label_versions l
                   ON l.id = (SELECT MAX(id) FROM label_versions WHERE volume_id = v.id AND )sql" +
                                  std::string(kLabelOfRecordCondition) + R"sql()
                 WHERE l.provenance = 'corrected'),
               (SELECT COUNT(*) FROM volumes v JOIN label_versions l
                   ON l.id = (SELECT MAX(id) FROM label_versions WHERE volume_id = v.id AND )sql" +
                                  std::string(kLabelOfRecordCondition) + R"sql()
                 WHERE l.provenance = 'accepted')
    )sql");
    query.step();
    ProjectSummary summary;
    summary.patients = query.columnInt64(0);
    summary.studies = query.columnInt64(1);
    summary.series = query.columnInt64(2);
    summary.volumes = query.columnInt64(3);
    summary.labelSets = query.columnInt64(4);
    summary.labelVersions = query.columnInt64(5);
    summary.models = query.columnInt64(6);
    summary.trainingRuns = query.columnInt64(7);
    summary.qualityScores = query.columnInt64(8);
    summary.volumesAwaitingReview = query.columnInt64(9);
    summary.datasetRevision = query.columnInt64(10);
    summary.volumesUnlabelled = query.columnInt64(11);
    summary.volumesHuman = query.columnInt64(12);
    summary.volumesPseudo = query.columnInt64(13);
    summary.volumesCorrected = query.columnInt64(14);
    summary.volumesAccepted = query.columnInt64(15);
    return summary;
}

}  // namespace segloop
