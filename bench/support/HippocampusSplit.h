#pragma once

#include <string>

#include "learning/data/TrainingCase.h"

namespace segloop::bench {

/// The fixed split every learning benchmark uses on ../shared/data/hippocampus: all images that
/// have a label, sorted by name; every 5th (n % 5 == 4) is a test case; the rest form the
/// training pool, shuffled with seed 20261122 (benchmarks take "the first N" of it as labelled).
struct HippocampusSplit {
    TrainingCases pool;
    TrainingCases test;
    bool validation = false;  ///< test holds validation cases taken from the pool (takeValidation)
    size_t cases() const { return pool.size() + test.size(); }
};

/// Every image of FOLDER/imagesTr with a label of the same name in FOLDER/labelsTr, by name.
TrainingCases completeHippocampusPairs(const std::string& folder);

HippocampusSplit splitHippocampus(const std::string& folder);

/// The split with the last CASES of the pool moved out of it, in the place of the test cases:
/// a validation split for choosing settings without the test split.
HippocampusSplit takeValidation(const HippocampusSplit& split, size_t cases);

/// One sentence describing the split, for the benchmark's output.
std::string describeSplit(const HippocampusSplit& split);

}  // namespace segloop::bench
