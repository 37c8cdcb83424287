// Time of one mean-teacher training step (patch sampling, student and teacher forward, losses,
// backward, gradient clipping, SGD, EMA update: segloop::Trainer::step()) of SegLoop's C++ engine
// against the same network, losses, optimiser and data pipeline in PyTorch Python
// (bench/learning/step_time.py; Debian's python3-torch runs the same libtorch 1.13), in the same
// run and interleaved (C++, Python, C++ with glibc's allocator defaults, C++, ...) so that a
// machine loaded by other work slows all alike. The third row is the engine with
// SEGLOOP_MALLOC_DEFAULTS=1, i.e. without tuneHostAllocator(): it shows what the allocator
// settings are worth. Then a memory run: each variant trains on all hippocampus cases, peak RSS.
// Prints markdown tables; asserts nothing (a benchmark, not a test).
//
// Usage: bench_step_time HIPPOCAMPUS_DIR SCRIPT_PATH [THREADS=2] [STEPS=20] [WARMUP=3]
//                        [ROUNDS=2] [MEMORY_STEPS=200]
// Every measurement runs in a child process of its own (this executable with --run, or
// /usr/bin/python3 SCRIPT_PATH), so each peak RSS (getrusage ru_maxrss) is that run's alone.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bench/support/Median.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "learning/training/Trainer.h"

namespace {

using segloop::bench::median;

/// What one run prints on its RESULT line.
struct RunResult {
    double medianSeconds = 0;
    double bestSeconds = 0;
    double meanSeconds = 0;
    double peakRssMb = 0;
    int steps = 0;
    int cases = 0;
    bool ok = false;
};

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

/// All image/label pairs of the folder, sorted by name; every 2nd case (odd index) unlabelled.
/// step_time.py builds the same list and split.
segloop::TrainingCases hippocampusCases(const std::string& folder) {
    auto listing = [](const std::string& sub) {
        std::map<std::string, std::string> files;  // stem -> path
        for (const auto& entry : std::filesystem::directory_iterator(sub)) {
            const std::string path = entry.path().string();
            const std::string name = entry.path().filename().string();
            if (segloop::hasNiftiExtension(path) && name[0] != '.') {
                files[segloop::niftiStem(path)] = path;
            }
        }
        return files;
    };
    const auto images = listing(folder + "/imagesTr");
    const auto labels = listing(folder + "/labelsTr");
    segloop::TrainingCases cases;
    for (const auto& [stem, imagePath] : images) {
        const auto label = labels.find(stem);
        if (label == labels.end()) {
            continue;
        }
        const bool labelled = cases.size() % 2 == 0;
        cases.push_back({stem, imagePath, labelled ? label->second : std::string()});
    }
    return cases;
}

/// Child mode: trains `warmup` + `steps` steps and prints the RESULT line.
int runCpp(const std::string& folder, int threads, int steps, int warmup) {
    const segloop::TrainingCases cases = hippocampusCases(folder);
    segloop::TrainingSettings settings;
    settings.method = "mean-teacher";
    settings.device = "cpu";
    settings.threads = threads;
    settings.validationInterval = 0;
    settings.checkpointInterval = 0;
    segloop::Trainer trainer(settings, cases, {});
    for (int n = 0; n < warmup; ++n) {
        trainer.step();
    }
    std::vector<double> seconds;
    double loss = 0;
    for (int n = 0; n < steps; ++n) {
        const auto start = std::chrono::steady_clock::now();
        loss = trainer.step().loss;
        seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    if (!std::isfinite(loss)) {
        std::fprintf(stderr, "non-finite loss %g\n", loss);
        return 1;
    }
    double sum = 0;
    for (double s : seconds) {
        sum += s;
    }
    const char* defaults = std::getenv("SEGLOOP_MALLOC_DEFAULTS");
    std::fprintf(stderr, "c++%s: %zu cases, last loss %.4f\n",
                 defaults != nullptr ? " (glibc malloc defaults)" : "", cases.size(), loss);
    std::printf("RESULT %.6f %.6f %.6f %.1f %d %zu\n", median(seconds),
                *std::min_element(seconds.begin(), seconds.end()), sum / double(seconds.size()),
                peakRssMb(), steps, cases.size());
    return 0;
}

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

/// Runs `command` and parses the RESULT line of its stdout (stderr passes through).
RunResult runChild(const std::string& command) {
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return result;
    }
    char line[512];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
        RunResult parsed;
        if (std::sscanf(line, "RESULT %lf %lf %lf %lf %d %d", &parsed.medianSeconds,
                        &parsed.bestSeconds, &parsed.meanSeconds, &parsed.peakRssMb, &parsed.steps,
                        &parsed.cases) == 6) {
            parsed.ok = true;
            result = parsed;
        }
    }
    if (pclose(pipe) != 0) {
        result.ok = false;
    }
    return result;
}

std::string ratioText(double numerator, double denominator) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", numerator / denominator);
    return text;
}

/// One implementation under test and the command that runs it for (steps, warm-up).
struct Variant {
    std::string name;
    std::function<std::string(int, int)> command;
    std::vector<RunResult> runs;
};

double medianOfMedians(const Variant& variant) {
    std::vector<double> medians;
    for (const RunResult& r : variant.runs) {
        medians.push_back(r.medianSeconds);
    }
    return median(medians);
}

double bestStep(const Variant& variant) {
    double best = 1e30;
    for (const RunResult& r : variant.runs) {
        best = std::min(best, r.bestSeconds);
    }
    return best;
}

std::string environmentText(const char* name) {
    const char* value = std::getenv(name);
    return std::string(name) + "=" + (value != nullptr ? value : "(unset)");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc >= 6 && std::string(argv[1]) == "--run") {
            return runCpp(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), std::atoi(argv[5]));
        }
        if (argc < 3) {
            std::fprintf(stderr,
                         "usage: %s HIPPOCAMPUS_DIR SCRIPT_PATH [THREADS=2] [STEPS=20] [WARMUP=3] "
                         "[ROUNDS=2] [MEMORY_STEPS=200]\n",
                         argv[0]);
            return 2;
        }
        const std::string folder = argv[1];
        const std::string script = argv[2];
        const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
        const int steps = argc > 4 ? std::atoi(argv[4]) : 20;
        const int warmup = argc > 5 ? std::atoi(argv[5]) : 3;
        const int rounds = argc > 6 ? std::atoi(argv[6]) : 2;
        const int memorySteps = argc > 7 ? std::atoi(argv[7]) : 200;
        if (!std::filesystem::is_directory(folder + "/imagesTr") ||
            !std::filesystem::is_directory(folder + "/labelsTr")) {
            std::printf("training step benchmark skipped: %s/imagesTr or labelsTr is absent\n",
                        folder.c_str());
            return 0;
        }
        if (threads < 1 || steps < 1 || warmup < 0 || rounds < 1 || memorySteps < 0) {
            std::fprintf(stderr, "THREADS, STEPS and ROUNDS must be positive\n");
            return 2;
        }
        const std::string self = quoted(std::filesystem::canonical("/proc/self/exe").string());
        const std::string common = quoted(folder) + " " + std::to_string(threads) + " ";
        auto cpp = [&](const std::string& environment) {
            return [=](int n, int w) {
                return environment + self + " --run " + common + std::to_string(n) + " " +
                       std::to_string(w);
            };
        };
        auto python = [=](int n, int w) {
            return "/usr/bin/python3 " + quoted(script) + " " + common + std::to_string(n) + " " +
                   std::to_string(w);
        };
        // Index 0 is the engine as it is, 1 the Python reference: the ratio is 0 / 1.
        std::vector<Variant> variants{
            {"C++ engine (LibTorch 1.13)", cpp(""), {}},
            {"Python (PyTorch 1.13)", python, {}},
            {"C++ engine, glibc malloc defaults", cpp("SEGLOOP_MALLOC_DEFAULTS=1 "), {}},
        };

        // Speed: the variants in turn, round after round (the same steps and warm-up each).
        for (int round = 0; round < rounds; ++round) {
            for (Variant& variant : variants) {
                variant.runs.push_back(runChild(variant.command(steps, warmup)));
                if (!variant.runs.back().ok) {
                    std::fprintf(stderr, "round %d of '%s' failed%s\n", round + 1,
                                 variant.name.c_str(),
                                 &variant == &variants[1] ? " (is python3-torch installed?)" : "");
                    return 1;
                }
            }
        }
        const int cases = variants[0].runs.front().cases;
        std::printf(
            "Mean-teacher training step on %d hippocampus cases (every 2nd unlabelled): "
            "2 labelled + 2 unlabelled patches of 32x48x32, U-Net base 16, 4 levels, "
            "%d threads; %d timed steps after %d warm-up steps a run, %d rounds "
            "(each run a fresh process; %s, %s).\n\n",
            cases, threads, steps, warmup, rounds, environmentText("OMP_WAIT_POLICY").c_str(),
            environmentText("GLIBC_TUNABLES").c_str());
        std::printf(
            "| implementation | round | median s/step | best s/step | mean s/step | "
            "peak RSS MB | / Python (median) |\n");
        std::printf("|---|---|---|---|---|---|---|\n");
        for (int round = 0; round < rounds; ++round) {
            const double pythonMedian = variants[1].runs[size_t(round)].medianSeconds;
            for (const Variant& variant : variants) {
                const RunResult& r = variant.runs[size_t(round)];
                std::printf("| %s | %d | %.3f | %.3f | %.3f | %.0f | %s |\n", variant.name.c_str(),
                            round + 1, r.medianSeconds, r.bestSeconds, r.meanSeconds, r.peakRssMb,
                            &variant == &variants[1]
                                ? "1"
                                : ratioText(r.medianSeconds, pythonMedian).c_str());
            }
        }
        std::printf(
            "\n| over %d rounds | median of run medians s/step | best step s | "
            "/ Python (median of medians) | / Python (best) |\n|---|---|---|---|---|\n",
            rounds);
        for (const Variant& variant : variants) {
            std::printf("| %s | %.3f | %.3f | %s | %s |\n", variant.name.c_str(),
                        medianOfMedians(variant), bestStep(variant),
                        ratioText(medianOfMedians(variant), medianOfMedians(variants[1])).c_str(),
                        ratioText(bestStep(variant), bestStep(variants[1])).c_str());
        }
        std::printf(
            "\nRatio C++/Python (engine as it is, median of run medians): **%s**. "
            "Target: at most 0.8.\n",
            ratioText(medianOfMedians(variants[0]), medianOfMedians(variants[1])).c_str());

        if (memorySteps > 0) {
            std::printf(
                "\nMemory: %d steps on all %d cases from a cold cache (VolumeCache bound "
                "256 MB), no warm-up; peak RSS of the whole process (getrusage "
                "ru_maxrss), libraries included.\n\n",
                memorySteps, cases);
            std::printf("| implementation | steps | peak RSS MB | mean s/step |\n");
            std::printf("|---|---|---|---|\n");
            bool engineOk = true;
            for (const Variant& variant : variants) {
                const RunResult r = runChild(variant.command(memorySteps, 0));
                engineOk = engineOk && (&variant != &variants[0] || r.ok);
                if (r.ok) {
                    std::printf("| %s | %d | %.0f | %.3f |\n", variant.name.c_str(), r.steps,
                                r.peakRssMb, r.meanSeconds);
                } else {
                    std::printf("| %s | %d | failed | - |\n", variant.name.c_str(), memorySteps);
                }
            }
            std::printf("\nTarget: C++ engine under 2048 MB.\n");
            if (!engineOk) {
                return 1;
            }
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
