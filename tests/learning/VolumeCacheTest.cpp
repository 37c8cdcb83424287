// VolumeCache: LRU bound in bytes, hit/miss/eviction counters, grid and class checks, threads.
#include <algorithm>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "learning/data/VolumeCache.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

TrainingCases hippocampusCases() {
    TrainingCases cases;
    for (const std::string number : {"001", "003", "004", "006"}) {
        const std::string stem = "hippocampus_" + number;
        const std::string folder = test::testDataDir() + "/hippocampus/";
        cases.push_back({stem, folder + "imagesTr/" + stem + ".nii.gz",
                         folder + "labelsTr/" + stem + ".nii.gz"});
    }
    return cases;
}

TEST(VolumeCache, PreparedCaseHoldsNormalisedImageLabelsAndForeground) {
    const TrainingCase trainingCase = hippocampusCases()[0];
    VolumeCache cache;
    const auto prepared = cache.get(trainingCase);
    const LabelMap labels = readNiftiLabelMap(trainingCase.labelPath);
    ASSERT_EQ(prepared->labels.size(), labels.labels.size());
    size_t foreground = 0;
    for (size_t i = 0; i < labels.labels.size(); ++i) {
        ASSERT_EQ(prepared->labels[i], labels.labels[i]);
        foreground += labels.labels[i] > 0 ? 1 : 0;
    }
    EXPECT_EQ(prepared->foregroundIndices.size(), foreground);
    for (uint32_t index : prepared->foregroundIndices) {
        ASSERT_GT(prepared->labels[index], 0);
    }
    EXPECT_EQ(prepared->backgroundValue,
              *std::min_element(prepared->image.begin(), prepared->image.end()));
    EXPECT_TRUE(prepared->geometry.sameGridAs(labels.geometry));
}

TEST(VolumeCache, BoundOfTwoCasesEvictsLeastRecentlyUsed) {
    const TrainingCases cases = hippocampusCases();
    std::vector<size_t> sizes;
    for (const TrainingCase& trainingCase : cases) {
        sizes.push_back(prepareCase(trainingCase, {}).bytes());
    }
    const size_t largest = *std::max_element(sizes.begin(), sizes.end());
    const size_t smallest = *std::min_element(sizes.begin(), sizes.end());
    const size_t bound = 2 * largest;
    ASSERT_GT(3 * smallest, bound) << "the data no longer suits a two-case bound";

    VolumeCache cache(bound);
    for (const TrainingCase& trainingCase : cases) {
        cache.get(trainingCase);
        ASSERT_LE(cache.counters().bytesHeld, bound);
        ASSERT_LE(cache.counters().entries, 2u);
    }
    VolumeCache::Counters counters = cache.counters();
    EXPECT_EQ(counters.misses, 4u);
    EXPECT_EQ(counters.hits, 0u);
    EXPECT_EQ(counters.evictions, 2u);
    EXPECT_EQ(counters.entries, 2u);
    EXPECT_EQ(counters.bytesHeld, sizes[2] + sizes[3]);

    const auto first = cache.get(cases[3]);   // held: hit
    const auto second = cache.get(cases[3]);  // same object
    EXPECT_EQ(first.get(), second.get());
    EXPECT_EQ(cache.counters().hits, 2u);
    cache.get(cases[0]);  // evicted earlier: miss, evicts case 2 (least recently used)
    counters = cache.counters();
    EXPECT_EQ(counters.misses, 5u);
    EXPECT_EQ(counters.evictions, 3u);
    EXPECT_EQ(counters.bytesHeld, sizes[3] + sizes[0]);
    cache.get(cases[3]);
    EXPECT_EQ(cache.counters().hits, 3u);
}

TEST(VolumeCache, CaseLargerThanBoundIsReturnedButNotHeld) {
    VolumeCache cache(1024);
    const auto prepared = cache.get(hippocampusCases()[1]);
    EXPECT_FALSE(prepared->image.empty());
    EXPECT_EQ(cache.counters().bytesHeld, 0u);
    EXPECT_EQ(cache.counters().entries, 0u);
}

TEST(VolumeCache, RetainOnlyKeepsUnchangedCases) {
    TrainingCases cases = hippocampusCases();
    VolumeCache cache;
    for (const TrainingCase& trainingCase : cases) {
        cache.get(trainingCase);
    }
    cases[1].labelPath = cases[2].labelPath;  // a "corrected" label at another path
    EXPECT_EQ(cache.retainOnly(cases), 1u);
    EXPECT_EQ(cache.counters().entries, 3u);
    cache.get(cases[0]);
    EXPECT_EQ(cache.counters().hits, 1u);
}

TEST(VolumeCache, LabelGridMismatchNamesTheLabelFile) {
    test::TempDir folder;
    ImageGeometry grid;
    grid.size = {10, 10, 10};
    Volume image(grid);
    image.voxels.assign(image.voxels.size(), 5.0f);
    writeNiftiVolume(image, folder.file("image.nii.gz"));
    grid.size = {10, 10, 9};
    writeNiftiLabelMap(LabelMap(grid), folder.file("label.nii.gz"));

    VolumeCache cache;
    try {
        cache.get({"mismatch", folder.file("image.nii.gz"), folder.file("label.nii.gz")});
        FAIL() << "expected an Error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("label.nii.gz"));
        EXPECT_NE(std::string(error.what()).find("does not match"), std::string::npos);
    }
    EXPECT_EQ(cache.counters().entries, 0u);
}

TEST(VolumeCache, ClassAbove255IsRefused) {
    test::TempDir folder;
    ImageGeometry grid;
    grid.size = {4, 4, 4};
    writeNiftiVolume(Volume(grid), folder.file("image.nii"));
    LabelMap labels(grid);
    labels.at(1, 2, 3) = 300;
    writeNiftiLabelMap(labels, folder.file("label.nii"));
    VolumeCache cache;
    try {
        cache.get({"wide", folder.file("image.nii"), folder.file("label.nii")});
        FAIL() << "expected an Error";
    } catch (const Error& error) {
        EXPECT_EQ(error.subject(), folder.file("label.nii"));
    }
}

TEST(VolumeCache, ManyThreadsShareOneBoundedCache) {
    const TrainingCases cases = hippocampusCases();
    const size_t bound = 2 * prepareCase(cases[0], {}).bytes();
    VolumeCache cache(bound);
    constexpr int kThreads = 4;
    constexpr int kGetsPerThread = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kGetsPerThread; ++i) {
                const auto prepared = cache.get(cases[(t + i / 5) % cases.size()]);
                ASSERT_FALSE(prepared->image.empty());
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    const VolumeCache::Counters counters = cache.counters();
    EXPECT_EQ(counters.hits + counters.misses, uint64_t{kThreads * kGetsPerThread});
    EXPECT_LE(counters.bytesHeld, bound);
}

}  // namespace
}  // namespace segloop
