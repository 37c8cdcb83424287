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

int statusRank(const VolumeRecord& record) {
    if (!record.labelStatus)
        return 2;
    switch (*record.labelStatus) {
        case LabelProvenance::Pseudo:
            return 0;
        case LabelProvenance::Corrected:
            return 1;
        case LabelProvenance::Human:
            return 3;
    }
    return 2;
}

bool reviewFinished(const VolumeRecord& record) {
    return record.reviewState && (*record.reviewState == ReviewState::Accepted ||
                                  *record.reviewState == ReviewState::Rejected);
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
        if (record.latestLabelVersionId) {
            const auto found = scores.find(*record.latestLabelVersionId);
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

std::vector<int64_t> reviewOrder(const std::vector<CaseRow>& rows, bool* byQuality) {
    const bool scored = std::any_of(rows.begin(), rows.end(), [](const CaseRow& row) {
        return row.predictedQuality.has_value();
    });
    if (byQuality)
        *byQuality = scored;
    std::vector<const CaseRow*> order;
    for (const CaseRow& row : rows)
        order.push_back(&row);
    std::stable_sort(order.begin(), order.end(), [scored](const CaseRow* a, const CaseRow* b) {
        const bool doneA = reviewFinished(a->record);
        const bool doneB = reviewFinished(b->record);
        if (doneA != doneB)
            return !doneA;
        if (scored) {
            if (a->predictedQuality.has_value() != b->predictedQuality.has_value()) {
                return a->predictedQuality.has_value();
            }
            if (a->predictedQuality && *a->predictedQuality != *b->predictedQuality) {
                return *a->predictedQuality < *b->predictedQuality;
            }
        } else if (statusRank(a->record) != statusRank(b->record)) {
            return statusRank(a->record) < statusRank(b->record);
        }
        return a->record.volumeId < b->record.volumeId;
    });
    std::vector<int64_t> ids;
    for (const CaseRow* row : order)
        ids.push_back(row->record.volumeId);
    return ids;
}

}  // namespace segloop::ui
