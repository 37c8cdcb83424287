#include "learning/quality/QualityEvaluation.h"

#include <cstdio>

#include "core/Error.h"
#include "core/quality/CorruptionGenerator.h"

namespace segloop {

QualityEvaluation evaluateQualityPredictor(QualityPredictor& predictor,
                                           const TrainingCases& cases) {
    const QualitySettings& settings = predictor.settings();
    const int classes = int(settings.classes);
    std::vector<double> predicted, truth;
    std::vector<std::vector<double>> classPredicted(size_t(classes - 1)),
        classTruth(size_t(classes - 1));
    QualityEvaluation evaluation;
    for (size_t n = 0; n < cases.size(); ++n) {
        if (!cases[n].labelled()) {
            continue;
        }
        const PreparedCase prepared = prepareCase(cases[n], settings.normalisation);
        LabelMap reference(prepared.geometry);
        std::copy(prepared.labels.begin(), prepared.labels.end(), reference.labels.begin());
        const std::vector<CorruptedMask> set = evaluationCorruptions(reference, classes, n + 1);
        std::vector<LabelMap> masks;
        for (const CorruptedMask& corrupted : set) {
            masks.push_back(corrupted.mask);
        }
        const std::vector<MaskQuality> predictions = predictor.predict(prepared, masks);
        for (size_t m = 0; m < set.size(); ++m) {
            predicted.push_back(predictions[m].overall);
            truth.push_back(set[m].quality.overall);
            for (size_t c = 0; c + 1 < size_t(classes); ++c) {
                classPredicted[c].push_back(predictions[m].classDice[c]);
                classTruth[c].push_back(set[m].quality.classDice[c]);
            }
        }
        ++evaluation.cases;
    }
    if (evaluation.cases == 0) {
        throw Error("quality evaluation", "no labelled case to evaluate on");
    }
    evaluation.overall = agreementStatistics(predicted, truth);
    for (size_t c = 0; c < classPredicted.size(); ++c) {
        evaluation.perClass.push_back(agreementStatistics(classPredicted[c], classTruth[c]));
    }
    return evaluation;
}

std::string describeQualityEvaluation(const QualityEvaluation& e) {
    char line[256];
    std::snprintf(line, sizeof line,
                  "Held-out: %zu cases, %zu masks; overall Dice: Spearman %.4f  Pearson %.4f  "
                  "MAE %.4f\n",
                  e.cases, e.overall.count, e.overall.spearman, e.overall.pearson,
                  e.overall.meanAbsoluteError);
    std::string text = line;
    for (size_t c = 0; c < e.perClass.size(); ++c) {
        std::snprintf(
            line, sizeof line, "  class %zu Dice: Spearman %.4f  Pearson %.4f  MAE %.4f\n", c + 1,
            e.perClass[c].spearman, e.perClass[c].pearson, e.perClass[c].meanAbsoluteError);
        text += line;
    }
    return text;
}

}  // namespace segloop
