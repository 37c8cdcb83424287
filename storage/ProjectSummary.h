#pragma once

#include <cstdint>

namespace segloop {

class Database;

/// Counts for a project overview (`segloop-cli info`, the GUI's status bar). A plain value.
struct ProjectSummary {
    int64_t patients = 0;
    int64_t studies = 0;
    int64_t series = 0;
    int64_t volumes = 0;
    int64_t labelSets = 0;
    int64_t labelVersions = 0;
    /// Volumes by the kind of their label of record; pseudo: no label of record, but a
    /// pseudo-label; unlabelled: no label version at all.
    int64_t volumesUnlabelled = 0;
    int64_t volumesHuman = 0;
    int64_t volumesPseudo = 0;
    int64_t volumesCorrected = 0;
    int64_t volumesAccepted = 0;
    int64_t models = 0;
    int64_t trainingRuns = 0;
    int64_t qualityScores = 0;
    int64_t volumesAwaitingReview = 0;  ///< Review state pending or in_review.
    int64_t datasetRevision = 0;
};

/// Reads the counts in one read transaction, so they agree with each other.
ProjectSummary summarizeProject(Database& database);

}  // namespace segloop
