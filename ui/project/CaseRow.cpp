#include "ui/project/CaseRow.h"

#include <algorithm>
#include <map>

#include "core/io/NiftiReader.h"
#include "storage/Project.h"

namespace segloop::ui {
namespace {

/// Scores of the newest model that has any, by label version id.
std::map<int64_t, double> newestScores(Project& project) {
    std::vector<ModelRecord> models = project.models().list();
    std::sort(models.begin(), models.end(),
              [](const ModelRecord& a, const ModelRecord& b) { return a.id > b.id; });
    std::map<int64_t, double> scores;
    for (const ModelRecord& model : models) {
        for (const QualityScoreRecord& score : project.qualityScores().worstFirst(model.id)) {
            scores[score.labelVersionId] = score.predictedQuality;
        }
        if (!scores.empty())
            break;
    }
    return scores;
}

}  // namespace

std::vector<CaseRow> readCaseRows(Project& project) {
    const std::map<int64_t, double> scores = newestScores(project);
    std::map<int64_t, std::string> reviewers;
    for (const ReviewRecord& review : project.reviews().list()) {
        reviewers[review.volumeId] = review.reviewer;
    }
    std::vector<CaseRow> rows;
    for (VolumeRecord& record : project.volumes().list()) {
        CaseRow row;
        row.name = record.sourceKind == SourceKind::Nifti ? niftiStem(record.sourcePath)
                                                          : record.seriesDescription;
        if (row.name.empty())
            row.name = "volume " + std::to_string(record.volumeId);
        // Scores are of pseudo-labels: the one waiting for a decision, when there is one.
        if (record.pendingPseudoLabelId) {
            const auto found = scores.find(*record.pendingPseudoLabelId);
            if (found != scores.end())
                row.predictedQuality = found->second;
        }
        const auto reviewer = reviewers.find(record.volumeId);
        if (reviewer != reviewers.end())
            row.reviewer = reviewer->second;
        row.record = std::move(record);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace segloop::ui
