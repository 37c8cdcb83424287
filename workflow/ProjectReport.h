#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/metrics/SegmentationMetrics.h"
#include "learning/training/TrainingMetricsFile.h"
#include "storage/AuditLog.h"
#include "storage/LabelSetRepository.h"
#include "storage/ProjectSummary.h"
#include "storage/RecordKinds.h"
#include "storage/TrainingRunRepository.h"

namespace segloop {

class Progress;
class Project;

/// One training run with its curve (data/models/run-N/metrics.csv, written while it trained).
struct ReportTrainingRun {
    TrainingRunRecord run;
    std::string modelName;  ///< "segmentation v2" when the run produced a model; else empty
    std::optional<double> bestValidationDice;  ///< the model's recorded best_validation_dice
    /// The curve by iteration; empty with `curveNote` set when none was recorded (runs from
    /// before curves were kept, quality-predictor runs) or the file cannot be read.
    std::vector<TrainingMetricsRow> curve;
    std::string curveNote;
};

/// A pseudo-label of a volume that now has a label of record, compared with that label: its
/// true quality, next to the quality a predictor gave it when it was scored.
struct ReportPseudoLabelComparison {
    int64_t volumeId = 0;
    std::string caseName;  ///< the volume's series description (a NIfTI file's stem)
    int64_t pseudoLabelId = 0;
    std::string modelName;  ///< the model that made it, "segmentation v1"
    int64_t labelOfRecordId = 0;
    LabelProvenance labelOfRecordKind = LabelProvenance::Human;
    /// Its predicted Dice by the newest quality predictor that scored it; none when unscored.
    std::optional<double> predictedQuality;
    /// Mean Dice over the label set's classes (computeSegmentationMetrics's definitions).
    double trueDice = 0;
    std::vector<ClassMetrics> perClass;  ///< in the label set's class order
};

/// The review decisions of one UTC day (audit log entries "set review state").
struct ReportReviewDay {
    std::string date;  ///< "2025-06-01"
    int accepted = 0;
    int corrected = 0;
    int rejected = 0;
};

/// Everything the project report shows, read from the project (plain values, no drawing): the
/// label status, the training runs and their curves, the pseudo-labels whose truth is now
/// known, and the review history by day.
struct ProjectReport {
    std::string projectFolder;
    std::string projectName;  ///< the project setting project_name; empty when unset
    std::string generatedAt;  ///< ISO 8601 UTC
    ProjectSummary summary;
    std::vector<LabelClass> classes;
    std::vector<ReportTrainingRun> runs;                   ///< oldest first
    std::vector<ReportPseudoLabelComparison> comparisons;  ///< by volume, oldest version first
    /// First to last day with a decision; days between without one are listed (as zeros) when
    /// the span is at most kReportMaxFilledDays, else only days with decisions.
    std::vector<ReportReviewDay> reviewDays;
};

/// Review histories longer than this many days list only the days with decisions.
inline constexpr int kReportMaxFilledDays = 62;

/// Reads the report of `project`: the database's counts, runs, models, scores and audit log,
/// each run's metrics.csv, then per compared pseudo-label its label map and its label of
/// record (the expensive part, reported to `progress`, which may cancel: Cancelled). The
/// thread that owns `project`; a project another process changes meanwhile may give counts a
/// moment apart.
ProjectReport readProjectReport(Project& project, Progress* progress = nullptr);

/// Review decisions per day from audit entries of "set review state" (`at`, `detailsJson` with
/// "state"), gaps filled as ProjectReport::reviewDays says. Exposed for tests.
std::vector<ReportReviewDay> reviewDecisionsByDay(const std::vector<AuditEntry>& entries);

}  // namespace segloop
