// Checkpoints: everything a Trainer needs to continue exactly, in one LibTorch archive.
#include <algorithm>
#include <filesystem>

#include "core/Error.h"
#include "core/io/DurableRename.h"
#include "learning/inference/ModelExport.h"
#include "learning/inference/TorchSegmentationModel.h"
#include "learning/settings/SettingsText.h"
#include "learning/training/TrainerState.h"

namespace segloop {
namespace {

constexpr int64_t kCheckpointFormat = 1;

void writeModule(torch::serialize::OutputArchive& archive, const std::string& key,
                 const torch::nn::Module& module) {
    torch::serialize::OutputArchive nested;
    module.save(nested);
    archive.write(key, nested);
}

void readModule(torch::serialize::InputArchive& archive, const std::string& key,
                torch::nn::Module& module) {
    torch::serialize::InputArchive nested;
    archive.read(key, nested);
    module.load(nested);
}

std::string readString(torch::serialize::InputArchive& archive, const std::string& key) {
    c10::IValue value;
    archive.read(key, value);
    return value.toStringRef();
}

bool hasKey(torch::serialize::InputArchive& archive, const std::string& key) {
    const std::vector<std::string> keys = archive.keys();
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

int64_t readInt(torch::serialize::InputArchive& archive, const std::string& key) {
    c10::IValue value;
    archive.read(key, value);
    return value.toInt();
}

torch::serialize::InputArchive openArchive(const std::string& path, const torch::Device& device) {
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(path, "no such checkpoint file");
    }
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path, device);
    } catch (const c10::Error& error) {
        throw Error(path, "is not a SegLoop checkpoint (LibTorch could not read it)");
    }
    int64_t format = 0;
    try {
        format = readInt(archive, "format");
    } catch (const c10::Error&) {
        throw Error(path, "is a LibTorch archive but not a SegLoop checkpoint");
    }
    if (format != kCheckpointFormat) {
        throw Error(path, "checkpoint format " + std::to_string(format) +
                              " is not supported by this build (" +
                              std::to_string(kCheckpointFormat) + ")");
    }
    return archive;
}

/// Writes `archive` next to `path` (`<path>.partial`), flushes it and renames it over `path`:
/// a crash leaves the previous complete checkpoint or the new one, never a half-written file
/// (a leftover .partial is swept when the project is next opened alone, storage/OrphanSweep.h).
void saveArchive(torch::serialize::OutputArchive& archive, const std::string& path) {
    const std::string temporary = path + ".partial";
    try {
        archive.save_to(temporary);
    } catch (const c10::Error& error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw Error(
            path, std::string("cannot write checkpoint (") + error.what_without_backtrace() + ")");
    }
    durableRename(temporary, path);
}

/// The prediction network's key: the teacher when the checkpoint has one, else the student.
std::string predictionKey(torch::serialize::InputArchive& archive) {
    return hasKey(archive, "teacher") ? "teacher" : "student";
}

}  // namespace

void Trainer::saveCheckpoint(const std::string& path) const {
    const State& s = *state_;
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(kCheckpointFormat));
    archive.write("settings", c10::IValue(settingsToText(s.settings)));
    archive.write("iteration", c10::IValue(s.iteration));
    archive.write("decay_start", c10::IValue(s.decayStart));
    archive.write("labelled_set", c10::IValue(static_cast<int64_t>(s.labelledSet)));
    archive.write("best_validation_dice", c10::IValue(s.bestValidationDice));
    archive.write("scaler_scale", c10::IValue(s.scaler.currentScale()));
    writeModule(archive, "student", *s.student);
    if (s.teacher) {
        writeModule(archive, "teacher", *s.teacher);
    }
    torch::serialize::OutputArchive optimizerArchive;
    s.optimizer->save(optimizerArchive);
    archive.write("optimizer", optimizerArchive);
    archive.write("sampler_state", c10::IValue(s.sampler->saveState()));
    {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write("cpu_rng_state", generator.get_state());
    }
    saveArchive(archive, path);
}

void Trainer::loadWeights(const std::string& checkpointPath) {
    State& s = *state_;
    const std::string difference =
        networkDifference(checkpointSettings(checkpointPath).network, s.settings.network);
    if (!difference.empty()) {
        throw Error(checkpointPath, "its network differs from the run's (" + difference +
                                        "): fine-tuning needs the same network");
    }
    torch::serialize::InputArchive archive = openArchive(checkpointPath, s.device);
    readModule(archive, predictionKey(archive), *s.student);
    if (s.teacher) {
        updateTeacher(*s.teacher, *s.student, 0.0);  // the teacher starts as the same weights
    }
}

std::unique_ptr<Trainer> Trainer::resume(const std::string& checkpointPath,
                                         const TrainingCases& train,
                                         const TrainingCases& validation) {
    torch::serialize::InputArchive archive = openArchive(checkpointPath, torch::kCPU);
    const TrainingSettings settings =
        settingsFromText(readString(archive, "settings"), checkpointPath);
    auto state = std::make_unique<State>(settings, train, validation);
    torch::serialize::InputArchive located = openArchive(checkpointPath, state->device);
    readModule(located, "student", *state->student);
    if (state->teacher) {
        readModule(located, "teacher", *state->teacher);
    }
    torch::serialize::InputArchive optimizerArchive;
    located.read("optimizer", optimizerArchive);
    state->optimizer->load(optimizerArchive);
    state->iteration = readInt(located, "iteration");
    if (hasKey(located, "decay_start")) {  // absent from earlier builds' checkpoints
        state->decayStart = readInt(located, "decay_start");
    }
    if (hasKey(located, "labelled_set")) {
        // The set trained on until the checkpoint, then the caller's (labels saved since
        // restart the decay, as setCases does).
        const uint64_t given = state->labelledSet;
        state->labelledSet = static_cast<uint64_t>(readInt(located, "labelled_set"));
        state->takeLabelledSet(given);
    }
    c10::IValue best;
    located.read("best_validation_dice", best);
    state->bestValidationDice = best.toDouble();
    state->sampler->restoreState(readString(located, "sampler_state"));
    torch::Tensor rngState;
    archive.read("cpu_rng_state", rngState);
    {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(rngState);
    }
    return std::unique_ptr<Trainer>(new Trainer(std::move(state)));
}

std::shared_ptr<SegmentationModel> SegmentationModel::load(const std::string& checkpointPath,
                                                           const std::string& device) {
    torch::serialize::InputArchive header = openArchive(checkpointPath, torch::kCPU);
    const TrainingSettings settings =
        settingsFromText(readString(header, "settings"), checkpointPath);
    const torch::Device target = selectDevice(device, settings.threads);
    torch::serialize::InputArchive archive = openArchive(checkpointPath, target);
    SegmentationNetwork network = makeSegmentationNetwork(settings.network);
    readModule(archive, predictionKey(archive), *network);
    network->to(target);
    return std::make_shared<TorchSegmentationModel>(network, settings, target);
}

int64_t checkpointIteration(const std::string& checkpointPath) {
    torch::serialize::InputArchive archive = openArchive(checkpointPath, torch::kCPU);
    if (!hasKey(archive, "iteration")) {
        throw Error(checkpointPath, "holds weights only, not a training state to resume from");
    }
    return readInt(archive, "iteration");
}

TrainingSettings checkpointSettings(const std::string& checkpointPath) {
    torch::serialize::InputArchive archive = openArchive(checkpointPath, torch::kCPU);
    return settingsFromText(readString(archive, "settings"), checkpointPath);
}

void writeWeightsCheckpoint(const std::string& checkpointPath, const TrainingSettings& settings,
                            const std::string& outputPath) {
    torch::serialize::InputArchive archive = openArchive(checkpointPath, torch::kCPU);
    const TrainingSettings trained =
        settingsFromText(readString(archive, "settings"), checkpointPath);
    const std::string difference = networkDifference(trained.network, settings.network);
    if (!difference.empty())
        throw Error(checkpointPath,
                    "the settings to write name another network (" + difference + ")");
    SegmentationNetwork network = makeSegmentationNetwork(trained.network);
    readModule(archive, predictionKey(archive), *network);
    torch::serialize::OutputArchive weights;
    weights.write("format", c10::IValue(kCheckpointFormat));
    weights.write("settings", c10::IValue(settingsToText(settings)));
    writeModule(weights, "student", *network);
    saveArchive(weights, outputPath);
}

}  // namespace segloop
