#include "workflow/PseudoLabelScoring.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/quality/PredictedDice.h"
#include "storage/Project.h"

namespace segloop {
namespace {

// ordered_json keeps classes in index order ("10" after "9"); a NaN Dice (nlohmann writes
// non-finite numbers as null) stays null, as the hand-written JSON had it.
using Json = nlohmann::ordered_json;

/// Forwards a case's inner progress as the job's per-case progress, so that cancel reaches the
/// sliding window while the bar keeps showing cases.
class CaseProgress final : public Progress {
  public:
    CaseProgress(Progress* outer, size_t done, size_t total)
        : outer_(outer), done_(done), total_(total) {}
    bool update(const std::string&, size_t, size_t) override {
        return outer_ == nullptr || outer_->update("Scoring", done_, total_);
    }

  private:
    Progress* outer_;
    size_t done_;
    size_t total_;
};

}  // namespace

QualityScoreRecord makeScoreRecord(int64_t labelVersionId, int64_t qualityModelId,
                                   int64_t segmentationModelId, const CaseScores& scores) {
    QualityScoreRecord record;
    record.labelVersionId = labelVersionId;
    record.modelId = qualityModelId;
    record.segmentationModelId = segmentationModelId;
    const double overall = scores.quality.overall;
    const double learned = std::isfinite(overall) ? std::clamp(overall, 0.0, 1.0) : 0.0;
    record.learnedQuality = learned;
    if (std::isfinite(scores.uncertainty.expectedDice))
        record.expectedDice = std::clamp(scores.uncertainty.expectedDice, 0.0, 1.0);
    record.predictedQuality = predictedDice(learned, record.expectedDice);
    Json perClass = Json::object();
    for (size_t c = 0; c < scores.quality.classDice.size(); ++c) {
        perClass[std::to_string(c + 1)] = scores.quality.classDice[c];
    }
    record.perClassJson = perClass.dump();
    const ModelUncertainty& u = scores.uncertainty;
    record.entropy = u.meanEntropyNats;
    record.epistemicUncertainty = u.epistemicNats;
    Json scoring;
    scoring["mc_passes"] = u.passes;
    scoring["mc_dropout"] = u.dropoutRate;
    scoring["region_margin_voxels"] = u.regionMarginVoxels;
    scoring["region_voxels"] = u.regionVoxels;
    record.scoringJson = scoring.dump();
    return record;
}

ScoringReport scorePseudoLabels(Project& project, CaseScorer& scorer, const ScoringRequest& request,
                                Progress* progress) {
    project.models().get(request.qualityModelId);  // Error when there is no such model
    std::vector<LabelVersionRecord> labels = project.labels().currentPseudoLabels();
    if (!request.onlyLabelVersions.empty()) {
        const auto& wanted = request.onlyLabelVersions;
        labels.erase(std::remove_if(labels.begin(), labels.end(),
                                    [&](const LabelVersionRecord& label) {
                                        return std::find(wanted.begin(), wanted.end(), label.id) ==
                                               wanted.end();
                                    }),
                     labels.end());
    }
    ScoringReport report;
    for (size_t n = 0; n < labels.size(); ++n) {
        reportProgress(progress, "Scoring", n, labels.size());
        const LabelVersionRecord& label = labels[n];
        const int64_t segmentationModelId = label.modelId.value_or(0);
        if (!request.rescore && project.qualityScores().isScoredWith(
                                    label.id, request.qualityModelId, segmentationModelId)) {
            ++report.skipped;
            continue;
        }
        const ModelRecord model = project.models().get(segmentationModelId);
        if (model.dataPath.empty()) {
            throw Error("model " + std::to_string(model.id) + " (" + model.name + ")",
                        "has no weights file recorded; cannot score its pseudo-labels");
        }
        CaseProgress caseProgress(progress, n, labels.size());
        const CaseScores scores = scorer.score(project.layout().absolute(model.dataPath),
                                               project.volumes().load(label.volumeId),
                                               project.labels().load(label.id), &caseProgress);
        project.qualityScores().record(
            makeScoreRecord(label.id, request.qualityModelId, segmentationModelId, scores));
        ++report.scored;
    }
    reportProgress(progress, "Scoring", labels.size(), labels.size());
    return report;
}

}  // namespace segloop
