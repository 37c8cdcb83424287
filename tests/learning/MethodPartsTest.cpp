// The pure pieces of the training methods: SGRS region partition and mix coefficients, BUARL
// entropy and masks, the ramp, the strong student view, and the method factory.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/Error.h"
#include "learning/methods/BuarlMethod.h"
#include "learning/methods/CopyPasteMix.h"
#include "learning/methods/MethodSupport.h"
#include "learning/methods/SgrsMethod.h"
#include "learning/methods/TrainingMethod.h"
#include "learning/network/SegmentationNetwork.h"

namespace segloop {
namespace {

/// [1,2,1,1,4] two-class probabilities from the background probabilities p0.
torch::Tensor twoClass(std::vector<float> p0) {
    const torch::Tensor background = torch::tensor(p0).view({1, 1, 1, 1, 4});
    return torch::cat({background, 1 - background}, 1);
}

torch::Tensor row(std::vector<float> values) {
    return torch::tensor(values).view({1, 1, 1, 4});
}

TEST(MethodPartsTest, SgrsRegionPartitionByHand) {
    // voxel 0: both background, both sure       -> consistent, reliable
    // voxel 1: plain fg (0.2), mixed bg (0.7)     -> divergent, reliable
    // voxel 2: both fg, plain p0 0.45 in the band -> consistent, ambiguous
    // voxel 3: plain bg (0.9), mixed fg (0.45)   -> divergent, ambiguous (mixed view's band)
    const torch::Tensor plain = twoClass({0.9f, 0.2f, 0.45f, 0.9f});
    const torch::Tensor mixed = twoClass({0.8f, 0.7f, 0.3f, 0.45f});
    const SgrsRegions r = partitionRegions(plain, mixed, 0.425);
    EXPECT_TRUE(torch::equal(r.consistent, row({1, 0, 1, 0})));
    EXPECT_TRUE(torch::equal(r.divergent, row({0, 1, 0, 1})));
    EXPECT_TRUE(torch::equal(r.ambiguous, row({0, 0, 1, 1})));
    EXPECT_TRUE(torch::equal(r.reliableConsistent, row({1, 0, 0, 0})));
    EXPECT_TRUE(torch::equal(r.reliableDivergent, row({0, 1, 0, 0})));
    // A band edge value is not ambiguous (open interval), and a wider band catches voxel 1.
    EXPECT_TRUE(torch::equal(partitionRegions(plain, mixed, 0.2).ambiguous, row({0, 1, 1, 1})));
}

TEST(MethodPartsTest, SgrsRegionsUseTheBackgroundProbabilityForMoreClasses) {
    // K = 3: plain argmax 0 (p0 = 0.5, inside the band), mixed argmax 2 -> divergent and
    // ambiguous in every voxel.
    const torch::Tensor plain =
        torch::tensor({0.5f, 0.1f, 0.4f}).view({1, 3, 1, 1, 1}).repeat({1, 1, 1, 1, 4});
    const torch::Tensor mixed =
        torch::tensor({0.1f, 0.2f, 0.7f}).view({1, 3, 1, 1, 1}).repeat({1, 1, 1, 1, 4});
    const SgrsRegions r = partitionRegions(plain, mixed, 0.425);
    EXPECT_TRUE(torch::equal(r.consistent, row({0, 0, 0, 0})));
    EXPECT_TRUE(torch::equal(r.reliableDivergent, row({0, 0, 0, 0})));
    EXPECT_TRUE(torch::equal(r.ambiguous, row({1, 1, 1, 1})));
    EXPECT_THROW(partitionRegions(plain, mixed.slice(4, 0, 2), 0.425), Error);
}

TEST(MethodPartsTest, MixCoefficientsFavourTheUnlabelledImage) {
    torch::manual_seed(21);
    const torch::Tensor mu = sampleMixCoefficients(4000, 0.75, torch::kCPU);
    ASSERT_EQ(mu.sizes(), torch::IntArrayRef({4000}));
    EXPECT_GE(mu.min().item<double>(), 0.5);
    EXPECT_LE(mu.max().item<double>(), 1.0);
    // E[max(m, 1-m)] for Beta(0.75, 0.75) is about 0.78 (0.75 for the uniform Beta(1, 1)).
    EXPECT_NEAR(mu.mean().item<double>(), 0.78, 0.02);
    torch::manual_seed(21);  // drawn from torch's generator: reproducible
    EXPECT_TRUE(torch::equal(mu, sampleMixCoefficients(4000, 0.75, torch::kCPU)));
}

TEST(MethodPartsTest, NormalisedEntropyOfUniformAndOneHot) {
    const torch::Tensor uniform = torch::full({2, 3, 1, 2, 2}, 1.0 / 3.0);
    EXPECT_TRUE(torch::allclose(normalisedEntropy(uniform), torch::ones({2, 1, 2, 2}), 1e-5, 1e-6));
    const torch::Tensor oneHot = torch::one_hot(torch::tensor({0, 2, 1, 1}, torch::kLong), 3)
                                     .t()
                                     .reshape({1, 3, 1, 2, 2})
                                     .to(torch::kFloat);
    EXPECT_TRUE(torch::allclose(normalisedEntropy(oneHot), torch::zeros({1, 1, 2, 2}), 0, 1e-6));
    // Binary (0.5, 0.5) -> 1; (0.9, 0.1) -> H2(0.1) = 0.469.
    const torch::Tensor binary = twoClass({0.5f, 0.9f, 0.1f, 1.0f});
    const torch::Tensor h = normalisedEntropy(binary).flatten();
    EXPECT_NEAR(h[0].item<double>(), 1.0, 1e-6);
    const double h01 = -(0.9 * std::log(0.9) + 0.1 * std::log(0.1)) / std::log(2.0);
    EXPECT_NEAR(h[1].item<double>(), h01, 1e-5);
    EXPECT_NEAR(h[2].item<double>(), h01, 1e-5);
    EXPECT_NEAR(h[3].item<double>(), 0.0, 1e-6);
}

TEST(MethodPartsTest, HighUncertaintyMaskSelectsTheTopFractionPerImage) {
    torch::manual_seed(22);
    const torch::Tensor entropy = torch::rand({3, 5, 5, 4});  // 100 voxels per image
    const torch::Tensor mask = highUncertaintyMask(entropy, 0.2);
    ASSERT_EQ(mask.sizes(), entropy.sizes());
    for (int64_t b = 0; b < 3; ++b) {
        EXPECT_EQ(mask[b].sum().item<double>(), 20.0);
        // Every selected voxel is at least as uncertain as every unselected one.
        const torch::Tensor e = entropy[b];
        const torch::Tensor m = mask[b].to(torch::kBool);
        EXPECT_GE(e.masked_select(m).min().item<float>(),
                  e.masked_select(m.logical_not()).max().item<float>());
    }
    // Ties: exactly round(0.2 * 10) = 2 even when all values are equal.
    EXPECT_EQ(highUncertaintyMask(torch::ones({1, 1, 1, 10}), 0.2).sum().item<double>(), 2.0);
    EXPECT_EQ(highUncertaintyMask(entropy, 0.0).sum().item<double>(), 0.0);
    EXPECT_EQ(highUncertaintyMask(entropy, 1.0).sum().item<double>(), 300.0);
    EXPECT_THROW(highUncertaintyMask(entropy, 1.5), Error);
}

TEST(MethodPartsTest, ConfidentMaskThresholdsTheEntropy) {
    const torch::Tensor mask = confidentMask(row({0.1f, 0.5f, 0.49f, 0.9f}), 0.5);
    EXPECT_TRUE(torch::equal(mask, row({1, 0, 1, 0})));
}

TEST(MethodPartsTest, ExponentialRampUp) {
    EXPECT_NEAR(rampUpWeight(0.0, 0.4, 1.0), std::exp(-5.0), 1e-12);
    EXPECT_NEAR(rampUpWeight(0.2, 0.4, 2.0), 2.0 * std::exp(-5.0 * 0.25), 1e-12);
    EXPECT_DOUBLE_EQ(rampUpWeight(0.4, 0.4, 1.0), 1.0);
    EXPECT_DOUBLE_EQ(rampUpWeight(0.9, 0.4, 0.1), 0.1);
    EXPECT_DOUBLE_EQ(rampUpWeight(0.0, 0.0, 0.7), 0.7);
}

TEST(MethodPartsTest, StudentViewIsThePlainImageWhenTheStrongViewIsOff) {
    const torch::Tensor images = torch::randn({2, 1, 4, 6, 8});
    MethodSettings plain;
    plain.strongStudentView = false;  // on by default since 2026-12-07
    const methods::StudentView view = methods::studentView(images, plain);
    EXPECT_TRUE(view.images.equal(images));
    EXPECT_TRUE(view.flippedDims.empty());
    EXPECT_TRUE(view.toTeacherFrame(images).equal(images));
}

TEST(MethodPartsTest, StrongStudentViewIsAPerSampleIntensityChangeOfTheFlippedImage) {
    torch::manual_seed(7);
    MethodSettings settings;
    settings.strongStudentView = true;
    settings.strongViewIntensity = 0.3;
    settings.strongViewNoiseStd = 0.0;  // so the intensity change can be read back exactly
    settings.strongViewFlips = true;    // off by default (MethodSettings.h)
    const torch::Tensor images = torch::randn({3, 1, 4, 6, 8});
    std::vector<int> timesFlipped(5, 0);
    for (int draw = 0; draw < 40; ++draw) {
        const methods::StudentView view = methods::studentView(images, settings);
        ASSERT_EQ(view.images.sizes(), images.sizes());
        for (int64_t dim : view.flippedDims) {
            ASSERT_GE(dim, 2);
            ++timesFlipped[size_t(dim)];
        }
        // Flipped back onto the teacher's voxels, each sample is c x + s with |c - 1|, |s| <= 0.3.
        const torch::Tensor back = view.toTeacherFrame(view.images);
        for (int64_t b = 0; b < images.size(0); ++b) {
            const torch::Tensor x = images[b].flatten();
            const torch::Tensor y = back[b].flatten();
            const double c = ((x - x.mean()) * (y - y.mean())).sum().item<double>() /
                             ((x - x.mean()).pow(2).sum().item<double>());
            const double s = (y.mean() - c * x.mean()).item<double>();
            EXPECT_LE(std::abs(c - 1.0), 0.3 + 1e-5);
            EXPECT_LE(std::abs(s), 0.3 + 1e-5);
            EXPECT_LT((y - (c * x + s)).abs().max().item<double>(), 1e-4) << "sample " << b;
        }
    }
    // Each spatial axis is flipped in some draws and not in others.
    for (int dim = 2; dim <= 4; ++dim) {
        EXPECT_GT(timesFlipped[size_t(dim)], 5) << "dim " << dim;
        EXPECT_LT(timesFlipped[size_t(dim)], 35) << "dim " << dim;
    }
    // Two copies of one image in one batch come out differently: contrast and brightness are
    // drawn per sample, not once for the batch.
    const torch::Tensor twins = images.slice(0, 0, 1).repeat({2, 1, 1, 1, 1});
    const methods::StudentView view = methods::studentView(twins, settings);
    EXPECT_GT((view.images[0] - view.images[1]).abs().max().item<double>(), 1e-3);
    // By default the strong view is never flipped.
    settings.strongViewFlips = false;
    for (int draw = 0; draw < 20; ++draw) {
        EXPECT_TRUE(methods::studentView(images, settings).flippedDims.empty());
    }
}

TEST(MethodPartsTest, FlipAveragedTeacherTargetsFollowAFlipOfTheInput) {
    // An untrained network is not flip-equivariant; its softmax averaged over the 8 flips is:
    // the targets of a flipped image are the flipped targets of the image.
    torch::manual_seed(9);
    NetworkConfig config;
    config.baseChannels = 4;
    config.levels = 2;
    SegmentationNetwork teacher = makeSegmentationNetwork(config);
    teacher->eval();
    const torch::Tensor image = torch::randn({1, 1, 8, 10, 6});
    const torch::Tensor flipped = image.flip({4});
    TrainingBatch batch;
    MethodSettings settings;
    auto softmax = [&](const torch::Tensor& input) {
        return methods::teacherTargets(&teacher, input, batch, settings, "test").softmax;
    };
    const double plainMismatch =
        (softmax(flipped) - softmax(image).flip({4})).abs().max().item<double>();
    EXPECT_GT(plainMismatch, 1e-4);
    settings.teacherFlipAverage = true;
    const torch::Tensor averaged = softmax(image);
    EXPECT_TRUE(torch::allclose(softmax(flipped), averaged.flip({4}), 1e-5, 1e-6));
    EXPECT_TRUE(torch::allclose(averaged.sum(1), torch::ones({1, 8, 10, 6}), 1e-5, 1e-6));
}

TEST(MethodPartsTest, FactoryKnowsTheFiveMethods) {
    const std::vector<std::string> names = trainingMethodNames();
    EXPECT_EQ(names, (std::vector<std::string>{"supervised", "mean-teacher", "sgrs", "buarl",
                                               "quality-guided"}));
    // quality-guided needs a quality predictor checkpoint (QualityGuidedTrainingTest).
    EXPECT_THROW(makeTrainingMethod("quality-guided", MethodSettings()), Error);
    for (const std::string& name : names) {
        if (name == "quality-guided") {
            continue;
        }
        const auto method = makeTrainingMethod(name, MethodSettings());
        EXPECT_EQ(method->name(), name);
        EXPECT_EQ(method->usesTeacher(), name != "supervised");
        EXPECT_EQ(method->usesUnlabelled(), name != "supervised");
    }
    try {
        makeTrainingMethod("fixmatch", MethodSettings());
        FAIL() << "expected segloop::Error";
    } catch (const Error& error) {
        const std::string text = error.what();
        for (const std::string& name : names) {
            EXPECT_NE(text.find(name), std::string::npos) << text;
        }
    }
    // Ranges are the settings table's (SettingsSchemaTest); what depends on the method stays.
    MethodSettings bad;
    bad.pseudoLabels = "reference";
    EXPECT_THROW(makeTrainingMethod("buarl", bad), Error);  // no reference pseudo-labels there
    EXPECT_THROW(makeTrainingMethod("supervised", bad), Error);
    EXPECT_NO_THROW(makeTrainingMethod("sgrs", bad));
}

TEST(MethodPartsTest, CopyPasteBoxesSpanTheFractionOfEveryAxis) {
    torch::manual_seed(4);
    const torch::Tensor like = torch::zeros({3, 1, 9, 12, 6});
    const torch::Tensor boxes = randomBoxMasks(3, like, 2.0 / 3.0);
    ASSERT_EQ(boxes.sizes(), torch::IntArrayRef({3, 1, 9, 12, 6}));
    for (int64_t b = 0; b < 3; ++b) {
        const torch::Tensor box = boxes[b][0];
        EXPECT_EQ(box.sum().item<double>(), 6.0 * 8.0 * 4.0);  // one solid 6x8x4 box
        // Solid: along each axis the covered voxels are contiguous.
        for (int64_t axis = 0; axis < 3; ++axis) {
            std::vector<int64_t> others;
            for (int64_t d = 0; d < 3; ++d) {
                if (d != axis)
                    others.push_back(d);
            }
            const torch::Tensor covered = box.sum(others).gt(0).to(torch::kLong);
            const auto index = covered.nonzero().flatten();
            EXPECT_EQ(index.max().item<int64_t>() - index.min().item<int64_t>() + 1,
                      covered.sum().item<int64_t>());
        }
    }
    // Positions vary between samples (uniform over 4 x 5 x 3 places).
    EXPECT_FALSE(torch::equal(boxes[0], boxes[1]) && torch::equal(boxes[1], boxes[2]));
    EXPECT_EQ(randomBoxMasks(2, like, 1.0).sum().item<double>(), 2.0 * 9 * 12 * 6);
    EXPECT_THROW(randomBoxMasks(1, like, 0.0), Error);
}

TEST(MethodPartsTest, CopyPasteMixesBothWaysAndUnmixesBackOntoEachImage) {
    torch::manual_seed(5);
    const torch::Tensor unlabelled = torch::randn({2, 1, 4, 4, 4});
    const torch::Tensor labelled = torch::randn({2, 1, 4, 4, 4}) + 10.0;
    const torch::Tensor box = randomBoxMasks(2, unlabelled, 0.5);
    const CopyPasteMix mix = copyPasteMix(unlabelled, labelled, box);
    const torch::Tensor inside = box.to(torch::kBool).expand_as(unlabelled);
    EXPECT_TRUE(torch::equal(mix.labelledIntoUnlabelled.masked_select(inside),
                             labelled.masked_select(inside)));
    EXPECT_TRUE(torch::equal(mix.labelledIntoUnlabelled.masked_select(inside.logical_not()),
                             unlabelled.masked_select(inside.logical_not())));
    EXPECT_TRUE(torch::equal(mix.unlabelledIntoLabelled.masked_select(inside),
                             unlabelled.masked_select(inside)));
    // An identity "network": the unmixed outputs are the two source images again.
    const UnmixedOutputs back =
        unmixCopyPaste(mix.labelledIntoUnlabelled, mix.unlabelledIntoLabelled, box);
    EXPECT_TRUE(torch::allclose(back.unlabelled, unlabelled));
    EXPECT_TRUE(torch::allclose(back.labelled, labelled));
    EXPECT_THROW(copyPasteMix(unlabelled, labelled.slice(4, 0, 2), box), Error);
}

}  // namespace
}  // namespace segloop
