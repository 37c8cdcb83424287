// Time of one mean-teacher training step (segloop::Trainer::step(): patch sampling, student and
// teacher forward, losses, backward, optimiser, EMA) on a 112x112x80 patch at batch 4 (2
// labelled + 2 unlabelled), in fp32 and with mixed precision (CUDA autocast fp16 and a gradient
// scaler, TrainingSettings::mixedPrecision). The GPU row; on a build whose LibTorch has
// no CUDA it says so and exits 0 (the CI machines have no GPU). Prints a markdown table; asserts
// nothing (a benchmark, not a test).
//
// Usage: bench_gpu_step_time HIPPOCAMPUS_DIR [DEVICE=cuda] [STEPS=30] [WARMUP=5] [PATCH=112x112x80]
// DEVICE cpu runs the same measurement on the CPU (mixed precision is then a no-op): a smoke run
// of this program where there is no GPU, with a small PATCH and few STEPS.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/support/HippocampusSplit.h"
#include "bench/support/Median.h"
#include "core/Error.h"
#include "learning/training/Trainer.h"

namespace {

struct Timing {
    double medianSeconds = 0;
    double bestSeconds = 0;
    double lastLoss = 0;
    std::string device;
};

/// Every 2nd case of the training pool keeps its label, the rest are unlabelled.
segloop::TrainingCases halfLabelled(const segloop::TrainingCases& pool) {
    segloop::TrainingCases cases = pool;
    for (size_t n = 1; n < cases.size(); n += 2)
        cases[n].labelPath.clear();
    return cases;
}

Timing timeSteps(const segloop::TrainingCases& cases, const std::string& device,
                 const std::array<int64_t, 3>& patch, bool mixedPrecision, int steps, int warmup) {
    segloop::TrainingSettings settings;
    settings.method = "mean-teacher";
    settings.device = device;
    settings.mixedPrecision = mixedPrecision;
    settings.sampler.patchSize = patch;
    settings.labelledPerBatch = 2;
    settings.unlabelledPerBatch = 2;
    settings.iterations = steps + warmup;
    settings.validationInterval = 0;
    settings.checkpointInterval = 0;
    segloop::Trainer trainer(settings, cases, {});
    for (int n = 0; n < warmup; ++n)
        trainer.step();
    std::vector<double> seconds;
    Timing timing;
    for (int n = 0; n < steps; ++n) {
        const auto start = std::chrono::steady_clock::now();
        timing.lastLoss = trainer.step().loss;  // reading the loss waits for the device
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    timing.medianSeconds = segloop::bench::median(seconds);
    timing.bestSeconds = *std::min_element(seconds.begin(), seconds.end());
    timing.device = trainer.deviceName();
    return timing;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: %s HIPPOCAMPUS_DIR [DEVICE=cuda] [STEPS=30] [WARMUP=5] "
                     "[PATCH=112x112x80]\n",
                     argv[0]);
        return 2;
    }
    const std::string folder = argv[1];
    if (!std::filesystem::is_directory(folder + "/imagesTr")) {
        std::printf("GPU step time skipped: %s/imagesTr is absent\n", folder.c_str());
        return 0;
    }
    const std::string device = argc > 2 ? argv[2] : "cuda";
    const int steps = argc > 3 ? std::max(1, std::atoi(argv[3])) : 30;
    const int warmup = argc > 4 ? std::max(0, std::atoi(argv[4])) : 5;
    std::array<int64_t, 3> patch{112, 112, 80};
    if (argc > 5) {
        long long x = 0, y = 0, z = 0;
        if (std::sscanf(argv[5], "%lldx%lldx%lld", &x, &y, &z) != 3) {
            std::fprintf(stderr, "PATCH needs XxYxZ, e.g. 112x112x80, not '%s'\n", argv[5]);
            return 2;
        }
        patch = {x, y, z};
    }
    try {
        const segloop::TrainingCases cases =
            halfLabelled(segloop::bench::splitHippocampus(folder).pool);
        std::vector<std::pair<std::string, Timing>> rows;
        for (const bool mixed : {false, true}) {
            rows.emplace_back(mixed ? "mixed precision (autocast fp16)" : "fp32",
                              timeSteps(cases, device, patch, mixed, steps, warmup));
        }
        std::printf(
            "Mean-teacher step (U-Net defaults), patch %lldx%lldx%lld, batch 2 labelled + 2 "
            "unlabelled, %d timed steps after %d warm-up steps, device %s.\n\n",
            static_cast<long long>(patch[0]), static_cast<long long>(patch[1]),
            static_cast<long long>(patch[2]), steps, warmup, rows.front().second.device.c_str());
        std::printf(
            "| precision | median s/step | best s/step | last loss |\n|---|---:|---:|---:|\n");
        for (const auto& [name, t] : rows) {
            std::printf("| %s | %.4f | %.4f | %.4f |\n", name.c_str(), t.medianSeconds,
                        t.bestSeconds, t.lastLoss);
        }
        std::printf("\nMixed precision / fp32 (median): %.2f\n",
                    rows[1].second.medianSeconds / rows[0].second.medianSeconds);
    } catch (const segloop::Error& error) {
        // A build without CUDA refuses `--device cuda` (selectDevice's Error names that
        // setting): no GPU, nothing to time. Any other failure is one.
        if (error.subject() == "--device cuda") {
            std::printf("GPU step time skipped: %s\n", error.what());
            return 0;
        }
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
