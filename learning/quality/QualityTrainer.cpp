#include "learning/quality/QualityTrainer.h"

#include <chrono>
#include <cmath>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/quality/CorruptionGenerator.h"
#include "learning/data/RandomStream.h"
#include "learning/data/VolumeCache.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/quality/QualityInput.h"
#include "learning/quality/QualityPredictorImpl.h"

namespace segloop {

struct QualityTrainer::Optimiser {
    torch::optim::AdamW adam;
    explicit Optimiser(QualityNetwork& network, const QualitySettings& s)
        : adam(network->parameters(),
               torch::optim::AdamWOptions(s.learningRate).weight_decay(s.weightDecay)) {}
};

namespace {

LabelMap labelMapOf(const PreparedCase& prepared) {
    LabelMap map(prepared.geometry);
    std::copy(prepared.labels.begin(), prepared.labels.end(), map.labels.begin());
    return map;
}

}  // namespace

QualityTrainer::QualityTrainer(const QualitySettings& settings, const TrainingCases& cases)
    : settings_(settings) {
    validateQualitySettings(settings);
    for (const TrainingCase& c : cases) {
        if (c.labelled()) {
            cases_.push_back(c);
        }
    }
    if (cases_.empty()) {
        throw Error("quality training", "no labelled case to learn from");
    }
    predictor_ = std::make_unique<QualityPredictor>(settings);
    cache_ = std::make_unique<VolumeCache>(settings.cacheBytes, settings.normalisation);
    random_ = std::make_unique<RandomStream>(settings.seed);
    optimiser_ = std::make_unique<Optimiser>(predictor_->impl().network, settings);
}

QualityTrainer::~QualityTrainer() = default;

bool QualityTrainer::addRealMask(const std::string& caseId, const LabelMap& mask) {
    for (const TrainingCase& c : cases_) {
        if (c.id == caseId) {
            if (cache_->get(c)->geometry.size != mask.geometry.size) {
                return false;
            }
            realMasks_[caseId].push_back(mask);
            return true;
        }
    }
    return false;
}

size_t QualityTrainer::addModelPredictions(SegmentationModel& model) {
    size_t added = 0;
    for (const TrainingCase& c : cases_) {
        const Prediction prediction = model.predict(readNiftiVolume(c.imagePath));
        added += addRealMask(c.id, prediction.labels) ? 1 : 0;
    }
    return added;
}

size_t QualityTrainer::addRealMaskFiles(const CaseMaskFiles& files,
                                        std::vector<std::string>* problems) {
    size_t added = 0;
    for (const CaseMaskFile& file : files) {
        try {
            added += addRealMask(file.caseId, readNiftiLabelMap(file.path)) ? 1 : 0;
        } catch (const Error& error) {
            if (problems != nullptr) {
                problems->push_back(error.what());
            }
        }
    }
    return added;
}

size_t QualityTrainer::realMaskCount() const {
    size_t count = 0;
    for (const auto& entry : realMasks_) {
        count += entry.second.size();
    }
    return count;
}

QualityStepReport QualityTrainer::step() {
    const auto started = std::chrono::steady_clock::now();
    QualityStepReport report;
    std::vector<std::vector<float>> samples;
    std::vector<float> targets;
    for (int64_t b = 0; b < settings_.batchSize; ++b) {
        const TrainingCase& c = cases_[random_->uniformIndex(cases_.size())];
        const std::shared_ptr<const PreparedCase> prepared = cache_->get(c);
        const LabelMap truth = labelMapOf(*prepared);
        const auto real = realMasks_.find(c.id);
        LabelMap mask;
        MaskQuality quality;
        if (real != realMasks_.end() && random_->chance(settings_.realMaskProbability)) {
            mask = real->second[random_->uniformIndex(real->second.size())];
            quality = computeMaskQuality(mask, truth, int(settings_.classes));
            ++report.realMasks;
        } else {
            CorruptedMask corrupted = drawCorruptedMask(truth, int(settings_.classes),
                                                        random_->uniformIndex(uint64_t(1) << 62));
            mask = std::move(corrupted.mask);
            quality = corrupted.quality;
        }
        std::array<bool, 3> flip{false, false, false};
        for (bool& axis : flip) {
            axis = settings_.flips && random_->chance(0.5);
        }
        samples.push_back(
            buildQualityInput(prepared->image, prepared->backgroundValue, mask, settings_, flip));
        const std::vector<float> t = qualityTargets(quality.classDice, quality.overall);
        targets.insert(targets.end(), t.begin(), t.end());
    }
    QualityPredictor::Impl& impl = predictor_->impl();
    const torch::Tensor inputs = stackQualityInputs(samples, settings_, impl.device);
    const torch::Tensor target =
        torch::from_blob(targets.data(), {settings_.batchSize, settings_.outputs()})
            .clone()
            .to(impl.device);

    const double progress =
        settings_.iterations > 0 ? double(iteration_) / double(settings_.iterations) : 0;
    report.learningRate = 1e-6 + 0.5 * (settings_.learningRate - 1e-6) *
                                     (1 + std::cos(3.14159265358979 * std::min(1.0, progress)));
    for (auto& group : optimiser_->adam.param_groups()) {
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(report.learningRate);
    }
    impl.network->train();
    optimiser_->adam.zero_grad();
    const torch::Tensor predicted = impl.network->forward(inputs);
    const torch::Tensor regression =
        qualityRegressionLoss(predicted, target, settings_.smoothL1Beta);
    const torch::Tensor ranking =
        qualityRankingLoss(predicted, target, settings_.rankingMargin, settings_.rankingMinGap);
    const torch::Tensor loss = regression + settings_.rankingWeight * ranking;
    loss.backward();
    optimiser_->adam.step();

    report.iteration = ++iteration_;
    report.loss = loss.item<double>();
    report.regression = regression.item<double>();
    report.ranking = ranking.item<double>();
    report.secondsPerStep =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace segloop
