#pragma once

#include "learning/data/TrainingCase.h"
#include "learning/settings/TrainingSettings.h"
#include "support/TestPaths.h"

namespace segloop::test {

/// The four hippocampus copies of tests/data: 001 and 003 labelled, 004 and 006 unlabelled
/// (their labels hidden) unless `allLabelled`.
inline TrainingCases hippocampusCases(bool allLabelled = false) {
    TrainingCases cases;
    int n = 0;
    for (const char* number : {"001", "003", "004", "006"}) {
        TrainingCase c;
        c.id = number;
        c.imagePath = testDataDir() + "/hippocampus/imagesTr/hippocampus_" + number + ".nii.gz";
        if (allLabelled || n++ < 2) {
            c.labelPath = testDataDir() + "/hippocampus/labelsTr/hippocampus_" + number + ".nii.gz";
        }
        cases.push_back(c);
    }
    return cases;
}

/// A network and patch small enough for tests on two CPU cores.
inline TrainingSettings tinySettings(const std::string& method, int64_t iterations) {
    TrainingSettings settings;
    settings.method = method;
    settings.iterations = iterations;
    settings.network.baseChannels = 4;
    settings.network.levels = 3;
    settings.network.classes = 3;
    settings.sampler.patchSize = {16, 16, 16};
    settings.validationInterval = 0;
    settings.checkpointInterval = 0;
    settings.device = "cpu";
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer (scripts/test.sh --tsan): LibTorch's OpenMP pool (libgomp) is not
    // instrumented, so its hand-offs between pool threads would be reported as races.
    settings.threads = 1;
#else
    settings.threads = 2;
#endif
    settings.optimizer = "adam";
    settings.learningRate = 3e-3;
    return settings;
}

}  // namespace segloop::test
