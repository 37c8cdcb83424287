#include "bench/support/HippocampusSplit.h"

#include <algorithm>
#include <filesystem>
#include <random>

#include "core/io/NiftiReader.h"

namespace segloop::bench {

namespace fs = std::filesystem;

TrainingCases completeHippocampusPairs(const std::string& folder) {
    TrainingCases cases;
    for (const auto& entry : fs::directory_iterator(folder + "/imagesTr")) {
        const std::string label = folder + "/labelsTr/" + entry.path().filename().string();
        if (hasNiftiExtension(entry.path().string()) && fs::exists(label)) {
            cases.push_back({niftiStem(entry.path().string()), entry.path().string(), label});
        }
    }
    std::sort(cases.begin(), cases.end(),
              [](const TrainingCase& a, const TrainingCase& b) { return a.id < b.id; });
    return cases;
}

HippocampusSplit splitHippocampus(const std::string& folder) {
    const TrainingCases all = completeHippocampusPairs(folder);
    HippocampusSplit split;
    for (size_t n = 0; n < all.size(); ++n) {
        (n % 5 == 4 ? split.test : split.pool).push_back(all[n]);
    }
    std::mt19937_64 shuffle(20261122);
    std::shuffle(split.pool.begin(), split.pool.end(), shuffle);
    return split;
}

HippocampusSplit takeValidation(const HippocampusSplit& split, size_t cases) {
    HippocampusSplit validation;
    const size_t kept = split.pool.size() > cases ? split.pool.size() - cases : 0;
    validation.pool.assign(split.pool.begin(), split.pool.begin() + kept);
    validation.test.assign(split.pool.begin() + kept, split.pool.end());
    validation.validation = true;
    return validation;
}

std::string describeSplit(const HippocampusSplit& split) {
    if (split.validation) {
        return "VALIDATION (the test split is not used): the last " +
               std::to_string(split.test.size()) + " cases of the shuffled train pool measure, " +
               "the other " + std::to_string(split.pool.size()) + " train";
    }
    return std::to_string(split.cases()) + " cases with labels; test = every 5th by name (" +
           std::to_string(split.test.size()) + "), train pool " +
           std::to_string(split.pool.size()) + " (shuffled with seed 20261122)";
}

}  // namespace segloop::bench
