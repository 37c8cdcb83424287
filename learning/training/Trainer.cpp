#include "learning/training/Trainer.h"

#include <algorithm>
#include <cmath>

#include "core/Error.h"
#include "learning/data/PreparedCase.h"
#include "learning/inference/SlidingWindow.h"
#include "learning/inference/TorchSegmentationModel.h"
#include "learning/settings/SettingsSchema.h"
#include "learning/training/TrainerState.h"

namespace segloop {
namespace {

/// Stacks patches into [B,1,Z,Y,X] images and, when labelled, [B,Z,Y,X] int64 targets.
std::pair<torch::Tensor, torch::Tensor> toTensors(std::vector<Patch>& patches, bool labelled) {
    std::vector<torch::Tensor> images;
    std::vector<torch::Tensor> targets;
    for (Patch& patch : patches) {
        const std::vector<int64_t> shape{patch.size[2], patch.size[1], patch.size[0]};
        images.push_back(torch::from_blob(patch.image.data(), shape, torch::kFloat).unsqueeze(0));
        if (labelled) {
            targets.push_back(
                torch::from_blob(patch.labels.data(), shape, torch::kUInt8).to(torch::kLong));
        }
    }
    return {torch::stack(images), labelled ? torch::stack(targets) : torch::Tensor()};
}

}  // namespace

void checkTrainingCases(const TrainingCases& train, const std::string& method) {
    const bool anyLabelled =
        std::any_of(train.begin(), train.end(), [](const TrainingCase& c) { return c.labelled(); });
    if (!anyLabelled) {
        throw Error("training (" + method + ")", "needs at least one labelled case");
    }
}

Trainer::State::State(const TrainingSettings& trainingSettings, const TrainingCases& trainCases,
                      const TrainingCases& validationCases)
    : settings(trainingSettings), train(trainCases), validation(validationCases) {
    checkTrainingSettings(settings, "training settings");
    checkTrainingCases(train, settings.method);
    labelledSet = labelledSetFingerprint(train);
    device = selectDevice(settings.device, settings.threads);
    torch::manual_seed(settings.seed);
    method = makeTrainingMethod(settings.method, settings.methodSettings);
    student = makeSegmentationNetwork(settings.network);
    student->to(device);
    if (method->usesTeacher()) {
        teacher = makeSegmentationNetwork(settings.network);
        teacher->to(device);
        updateTeacher(*teacher, *student, 0.0);  // start as an exact copy
        for (auto& parameter : teacher->parameters()) {
            parameter.set_requires_grad(false);
        }
    }
    if (settings.optimizer == "adam") {
        optimizer = std::make_unique<torch::optim::Adam>(
            student->parameters(),
            torch::optim::AdamOptions(settings.learningRate).weight_decay(settings.weightDecay));
    } else if (settings.optimizer == "sgd") {
        optimizer = std::make_unique<torch::optim::SGD>(
            student->parameters(), torch::optim::SGDOptions(settings.learningRate)
                                       .momentum(settings.momentum)
                                       .nesterov(true)
                                       .weight_decay(settings.weightDecay));
    } else {
        throw Error("optimizer " + settings.optimizer, "unknown optimizer; use sgd or adam");
    }
    scaler = GradientScaler(settings.mixedPrecision && device.is_cuda());
    PatchSamplerSettings samplerSettings = settings.sampler;
    samplerSettings.seed = settings.seed;
    sampler = std::make_unique<PatchSampler>(train, samplerSettings, settings.normalisation);
}

double Trainer::State::learningRate() const {
    const double progress = double(iteration - decayStart) /
                            double(std::max<int64_t>(1, settings.iterations - decayStart));
    return settings.learningRate * std::pow(std::max(0.0, 1.0 - progress), 0.9);
}

void Trainer::State::changeCases(const TrainingCases& cases) {
    checkTrainingCases(cases, settings.method);
    takeLabelledSet(labelledSetFingerprint(cases));
    train = cases;
    sampler->setCases(cases);
}

void Trainer::State::takeLabelledSet(uint64_t fingerprint) {
    if (fingerprint != labelledSet && settings.restartDecayOnNewLabels) {
        decayStart = iteration;
    }
    labelledSet = fingerprint;
}

uint64_t labelledSetFingerprint(const TrainingCases& cases) {
    std::vector<std::string> entries;
    for (const TrainingCase& trainingCase : cases) {
        if (trainingCase.labelled()) {
            entries.push_back(trainingCase.id + '\t' + trainingCase.labelPath + '\n');
        }
    }
    std::sort(entries.begin(), entries.end());
    uint64_t hash = 14695981039346656037ull;
    for (const std::string& entry : entries) {
        for (const char c : entry) {
            hash = (hash ^ uint64_t(static_cast<unsigned char>(c))) * 1099511628211ull;
        }
    }
    return hash;
}

Trainer::Trainer(const TrainingSettings& settings, const TrainingCases& train,
                 const TrainingCases& validation)
    : state_(std::make_unique<State>(settings, train, validation)) {}

Trainer::Trainer(std::unique_ptr<State> state) : state_(std::move(state)) {}

Trainer::~Trainer() = default;

StepReport Trainer::attemptStep() {
    State& s = *state_;
    const auto start = std::chrono::steady_clock::now();
    s.student->train();
    std::vector<Patch> labelled;
    std::vector<Patch> unlabelled;
    for (int64_t n = 0; n < s.settings.labelledPerBatch; ++n) {
        labelled.push_back(s.sampler->nextLabelled());
    }
    const bool useUnlabelled = s.method->usesUnlabelled() && s.sampler->unlabelledCaseCount() > 0;
    for (int64_t n = 0; useUnlabelled && n < s.settings.unlabelledPerBatch; ++n) {
        unlabelled.push_back(s.sampler->nextUnlabelled());
    }
    TrainingBatch batch;
    std::tie(batch.labelledImages, batch.labelledTargets) = toTensors(labelled, true);
    batch.labelledImages = batch.labelledImages.to(s.device);
    batch.labelledTargets = batch.labelledTargets.to(s.device);
    if (!unlabelled.empty()) {
        batch.unlabelledImages = toTensors(unlabelled, false).first.to(s.device);
    }
    batch.iteration = s.iteration;
    batch.progress = double(s.iteration) / double(std::max<int64_t>(1, s.settings.iterations));

    const double learningRate = s.learningRate();
    for (auto& group : s.optimizer->param_groups()) {
        group.options().set_lr(learningRate);
    }
    s.optimizer->zero_grad();
    MethodLoss loss;
    {
        AutocastScope autocast(s.device, s.settings.mixedPrecision);
        loss = s.method->computeLoss(s.student, s.teacher ? &s.teacher : nullptr, batch);
    }
    s.scaler.scale(loss.total).backward();
    const bool finite = s.scaler.unscaleAndCheck(s.student->parameters());
    if (finite) {
        torch::nn::utils::clip_grad_norm_(s.student->parameters(), 12.0);
        s.optimizer->step();
    }
    s.scaler.update(finite);
    if (s.teacher) {
        updateTeacher(*s.teacher, *s.student,
                      emaDecay(s.iteration, s.settings.methodSettings.emaMaxDecay));
    }
    ++s.iteration;

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    s.averageStepSeconds =
        s.averageStepSeconds == 0 ? seconds : 0.9 * s.averageStepSeconds + 0.1 * seconds;
    StepReport report;
    report.iteration = s.iteration;
    report.iterations = s.settings.iterations;
    report.loss = loss.total.item<double>();
    report.parts = loss.parts;
    report.learningRate = learningRate;
    report.secondsPerStep = s.averageStepSeconds;
    report.etaSeconds = s.averageStepSeconds * double(s.settings.iterations - s.iteration);
    return report;
}

ValidationReport Trainer::validate() {
    State& s = *state_;
    ValidationReport report;
    report.iteration = s.iteration;
    const int64_t classes = s.settings.network.classes;
    std::vector<double> diceSum(size_t(classes - 1), 0.0);
    size_t cases = 0;
    for (const TrainingCase& validationCase : s.validation) {
        if (!validationCase.labelled()) {
            continue;
        }
        const PreparedCase prepared = prepareCase(validationCase, s.settings.normalisation);
        const auto& size = prepared.geometry.size;
        torch::Tensor image = torch::from_blob(const_cast<float*>(prepared.image.data()),
                                               {1, size[2], size[1], size[0]}, torch::kFloat);
        const torch::Tensor predicted =
            slidingWindowProbabilities(s.predictionNetwork(), image, s.settings.sampler.patchSize,
                                       s.device)
                .argmax(0);
        const torch::Tensor reference =
            torch::from_blob(const_cast<uint8_t*>(prepared.labels.data()),
                             {size[2], size[1], size[0]}, torch::kUInt8)
                .to(torch::kLong);
        for (int64_t c = 1; c < classes; ++c) {
            const torch::Tensor p = predicted == c;
            const torch::Tensor r = reference == c;
            const double both = (p & r).sum().item<double>();
            const double total = p.sum().item<double>() + r.sum().item<double>();
            diceSum[size_t(c - 1)] += total == 0 ? 1.0 : 2.0 * both / total;
        }
        ++cases;
    }
    if (cases == 0) {
        return report;
    }
    double all = 0;
    for (double sum : diceSum) {
        report.meanDicePerClass.push_back(sum / double(cases));
        all += sum / double(cases);
    }
    report.meanDice = all / double(diceSum.size());
    report.best = report.meanDice > s.bestValidationDice;
    s.bestValidationDice = std::max(s.bestValidationDice, report.meanDice);
    return report;
}

bool Trainer::finished() const {
    return state_->iteration >= state_->settings.iterations;
}
int64_t Trainer::iteration() const {
    return state_->iteration;
}
const TrainingSettings& Trainer::settings() const {
    return state_->settings;
}
std::string Trainer::deviceName() const {
    return state_->device.str();
}

void Trainer::setCases(const TrainingCases& train, const TrainingCases& validation) {
    state_->changeCases(train);
    state_->validation = validation;
}

std::shared_ptr<SegmentationModel> Trainer::currentModel() const {
    // A copy of the weights, so the model stays valid while training goes on.
    SegmentationNetwork copy = makeSegmentationNetwork(state_->settings.network);
    copy->to(state_->device);
    updateTeacher(*copy, *state_->predictionNetwork(), 0.0);
    return std::make_shared<TorchSegmentationModel>(copy, state_->settings, state_->device);
}

}  // namespace segloop
