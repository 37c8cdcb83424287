// Each training method on a tiny synthetic problem (a bright cube in 16^3 noise): the loss is
// finite, its gradient reaches the student's first conv and never the teacher, and a few
// optimisation steps lower the supervised loss.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/Error.h"
#include "learning/methods/EmaTeacher.h"
#include "learning/methods/SegmentationLosses.h"
#include "learning/methods/TrainingMethod.h"

namespace segloop {
namespace {

constexpr int64_t kSize = 16;

NetworkConfig tinyNetwork(const std::string& architecture = "unet3d") {
    NetworkConfig config;
    config.architecture = architecture;
    config.classes = 2;
    config.baseChannels = 4;
    config.levels = 3;
    return config;
}

/// `count` volumes [count,1,16,16,16] with a 6^3 cube (intensity 1) at a random place in
/// N(0, 0.3^2) noise, and their label maps [count,16,16,16] (cube = class 1).
std::pair<torch::Tensor, torch::Tensor> cubes(int64_t count) {
    torch::Tensor images = torch::randn({count, 1, kSize, kSize, kSize}) * 0.3;
    torch::Tensor labels = torch::zeros({count, kSize, kSize, kSize}, torch::kLong);
    for (int64_t n = 0; n < count; ++n) {
        const auto corner = torch::randint(kSize - 6, {3}, torch::kLong);
        const int64_t z = corner[0].item<int64_t>(), y = corner[1].item<int64_t>(),
                      x = corner[2].item<int64_t>();
        labels[n].slice(0, z, z + 6).slice(1, y, y + 6).slice(2, x, x + 6).fill_(1);
    }
    images = images + labels.unsqueeze(1).to(torch::kFloat);
    return {images, labels};
}

TrainingBatch makeBatch(double progress) {
    auto [images, labels] = cubes(2);
    TrainingBatch batch;
    batch.labelledImages = images;
    batch.labelledTargets = labels;
    batch.unlabelledImages = cubes(2).first;
    batch.progress = progress;
    return batch;
}

/// Supervised loss 0.5 (CE + soft Dice) of `network` on a fixed batch, without gradients.
double supervisedLoss(SegmentationNetwork& network, const torch::Tensor& images,
                      const torch::Tensor& labels) {
    torch::NoGradGuard noGrad;
    network->eval();
    const torch::Tensor logits = network->forward(images);
    network->train();
    const torch::Tensor dice =
        softDiceLoss(torch::softmax(logits, 1), labels, torch::Tensor(), 1.0, true);
    return (0.5 * (crossEntropyPerVoxel(logits, labels).mean() + dice)).item<double>();
}

class MethodTrainingTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        at::set_num_threads(2);
        torch::manual_seed(31);
    }
};

TEST_P(MethodTrainingTest, LossIsFiniteAndOnlyTheStudentGetsGradients) {
    auto method = makeTrainingMethod(GetParam(), MethodSettings());
    for (const char* architecture : {"unet3d", "unet2d"}) {
        SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork(architecture));
        SegmentationNetwork teacher = makeSegmentationNetwork(tinyNetwork(architecture));
        updateTeacher(*teacher, *student, 0.0);
        teacher->eval();
        const MethodLoss loss = method->computeLoss(student, &teacher, makeBatch(0.5));
        ASSERT_TRUE(loss.total.defined());
        EXPECT_EQ(loss.total.dim(), 0);
        EXPECT_TRUE(std::isfinite(loss.total.item<double>()));
        for (const auto& [name, value] : loss.parts) {
            EXPECT_TRUE(std::isfinite(value)) << name;
        }
        EXPECT_GT(loss.parts.at("supervised"), 0.0);
        if (method->usesUnlabelled()) {
            EXPECT_GT(loss.parts.at("weight"), 0.0);
            EXPECT_TRUE(loss.parts.count("unsupervised"));
        }
        loss.total.backward();
        const torch::Tensor firstConv = student->named_parameters()["encoder0.0.weight"];
        ASSERT_TRUE(firstConv.grad().defined());
        EXPECT_GT(firstConv.grad().abs().sum().item<double>(), 0.0);
        for (const auto& parameter : teacher->parameters()) {
            EXPECT_FALSE(parameter.grad().defined());
        }
    }
}

TEST_P(MethodTrainingTest, UnsupervisedPartReachesTheStudent) {
    // With the supervised weights at 0, any gradient comes from the unlabelled terms; with the
    // plain and with the strong student view.
    for (const bool strongView : {false, true}) {
        MethodSettings settings;
        settings.supervisedCeWeight = 0;
        settings.supervisedDiceWeight = 0;
        settings.buarlUrlWeight = 0;
        settings.sgrsReferenceSupervisedDice = false;
        settings.strongStudentView = strongView;
        auto method = makeTrainingMethod(GetParam(), settings);
        if (!method->usesUnlabelled()) {
            GTEST_SKIP() << "supervised has no unlabelled part";
        }
        SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
        SegmentationNetwork teacher =
            makeSegmentationNetwork(tinyNetwork());  // differs from the student
        teacher->eval();
        const MethodLoss loss = method->computeLoss(student, &teacher, makeBatch(1.0));
        ASSERT_TRUE(std::isfinite(loss.total.item<double>())) << "strong view " << strongView;
        loss.total.backward();
        const torch::Tensor firstConv = student->named_parameters()["encoder0.0.weight"];
        ASSERT_TRUE(firstConv.grad().defined());
        EXPECT_GT(firstConv.grad().abs().sum().item<double>(), 0.0) << "strong view " << strongView;
    }
}

TEST_P(MethodTrainingTest, AFewStepsLowerTheSupervisedLoss) {
    auto method = makeTrainingMethod(GetParam(), MethodSettings());
    SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
    SegmentationNetwork teacher = makeSegmentationNetwork(tinyNetwork());
    updateTeacher(*teacher, *student, 0.0);
    teacher->eval();
    auto [evalImages, evalLabels] = cubes(2);
    const double before = supervisedLoss(student, evalImages, evalLabels);
    torch::optim::Adam optimiser(student->parameters(), torch::optim::AdamOptions(1e-2));
    const int steps = 12;
    for (int step = 0; step < steps; ++step) {
        TrainingBatch batch = makeBatch(double(step + 1) / steps);
        batch.iteration = step;
        optimiser.zero_grad();
        method->computeLoss(student, method->usesTeacher() ? &teacher : nullptr, batch)
            .total.backward();
        optimiser.step();
        updateTeacher(*teacher, *student, emaDecay(step, 0.99));
    }
    const double after = supervisedLoss(student, evalImages, evalLabels);
    EXPECT_LT(after, 0.9 * before) << GetParam() << ": " << before << " -> " << after;
}

TEST_P(MethodTrainingTest, RejectsBatchesWithoutLabelledImages) {
    auto method = makeTrainingMethod(GetParam(), MethodSettings());
    SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
    TrainingBatch batch = makeBatch(0.5);
    batch.labelledTargets = batch.labelledTargets.to(torch::kInt);
    EXPECT_THROW(method->computeLoss(student, &student, batch), Error);
    batch = TrainingBatch();
    EXPECT_THROW(method->computeLoss(student, &student, batch), Error);
    if (method->usesTeacher()) {  // a teacher method without its teacher
        EXPECT_THROW(method->computeLoss(student, nullptr, makeBatch(0.5)), Error);
    }
}

TEST_P(MethodTrainingTest, WorksWithoutUnlabelledImages) {
    auto method = makeTrainingMethod(GetParam(), MethodSettings());
    SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
    SegmentationNetwork teacher = makeSegmentationNetwork(tinyNetwork());
    teacher->eval();
    TrainingBatch batch = makeBatch(0.5);
    batch.unlabelledImages = torch::Tensor();
    const MethodLoss loss = method->computeLoss(student, &teacher, batch);
    EXPECT_TRUE(std::isfinite(loss.total.item<double>()));
}

TEST(MethodTrainingPartsTest, SgrsAndBuarlReportTheirRegions) {
    torch::manual_seed(32);
    SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
    SegmentationNetwork teacher = makeSegmentationNetwork(tinyNetwork());
    teacher->eval();
    const TrainingBatch batch = makeBatch(0.2);
    MethodSettings blend;  // SGRS's own mix and ramp (the defaults are copy-paste and 1.0)
    blend.sgrsMixMode = "blend";
    blend.rampUpFraction = 0.4;
    blend.strongStudentView = false;
    const auto sgrs = makeTrainingMethod("sgrs", blend)->computeLoss(student, &teacher, batch);
    const auto& p = sgrs.parts;
    EXPECT_NEAR(p.at("consistent") + p.at("divergent"), 1.0, 1e-6);
    // C' + D' + A covers every voxel once (A = A and C + A and D).
    EXPECT_NEAR(p.at("reliableConsistent") + p.at("reliableDivergent") + p.at("ambiguous"), 1.0,
                1e-6);
    EXPECT_GE(p.at("mixCoefficient"), 0.5);
    EXPECT_NEAR(p.at("weight"), rampUpWeight(0.2, 0.4, 1.0), 1e-12);
    const auto buarl = makeTrainingMethod("buarl", blend)->computeLoss(student, &teacher, batch);
    EXPECT_NEAR(buarl.parts.at("highUncertain"), 0.2, 1e-3);  // round(0.2 * 4096) / 4096
    EXPECT_GE(buarl.parts.at("confident"), 0.0);
    EXPECT_LE(buarl.parts.at("entropyUnlabelled"), 1.0);
}

TEST(MethodTrainingPartsTest, SgrsCopyPasteSupervisesThePastedLabelledBox) {
    torch::manual_seed(34);
    SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
    SegmentationNetwork teacher = makeSegmentationNetwork(tinyNetwork());
    teacher->eval();
    const TrainingBatch batch = makeBatch(1.0);
    MethodSettings settings;
    settings.sgrsMixMode = "copy-paste";
    settings.sgrsPastedSupervisedWeight = 0.0;
    torch::manual_seed(6);  // the same noise, partners and boxes for both
    const auto unweighted =
        makeTrainingMethod("sgrs", settings)->computeLoss(student, &teacher, batch);
    settings.sgrsPastedSupervisedWeight = 2.0;
    torch::manual_seed(6);
    const auto weighted =
        makeTrainingMethod("sgrs", settings)->computeLoss(student, &teacher, batch);
    const auto& p = weighted.parts;
    EXPECT_EQ(p.count("mixCoefficient"), 0u);
    EXPECT_NEAR(p.at("pastedFraction"), std::pow(11.0 / 16.0, 3), 1e-6);  // round(2/3 * 16)
    EXPECT_GT(p.at("pastedSupervised"), 0.0);
    EXPECT_NEAR(p.at("consistent") + p.at("divergent"), 1.0, 1e-6);
    // L_sup gains exactly weight * the pasted box's supervised loss; the rest is unchanged.
    EXPECT_NEAR(p.at("supervised") - unweighted.parts.at("supervised"),
                2.0 * p.at("pastedSupervised"), 1e-5);
    EXPECT_NEAR(p.at("unsupervised"), unweighted.parts.at("unsupervised"), 1e-6);
    weighted.total.backward();
    EXPECT_TRUE(std::isfinite(weighted.total.item<double>()));
}

TEST(MethodTrainingPartsTest, BuarlWithoutTheUnlabelledDiceKeepsOnlyTheMaskedCrossEntropy) {
    torch::manual_seed(33);
    SegmentationNetwork student = makeSegmentationNetwork(tinyNetwork());
    SegmentationNetwork teacher = makeSegmentationNetwork(tinyNetwork());
    teacher->eval();
    const TrainingBatch batch = makeBatch(1.0);
    MethodSettings settings;
    torch::manual_seed(5);  // the same teacher input noise for both
    const auto withDice =
        makeTrainingMethod("buarl", settings)->computeLoss(student, &teacher, batch);
    settings.buarlUnlabelledDice = false;
    torch::manual_seed(5);
    const auto ceOnly =
        makeTrainingMethod("buarl", settings)->computeLoss(student, &teacher, batch);
    EXPECT_NEAR(ceOnly.parts.at("supervised"), withDice.parts.at("supervised"), 1e-6);
    EXPECT_NEAR(ceOnly.parts.at("confident"), withDice.parts.at("confident"), 1e-9);
    // The difference is the masked soft Dice on the confident voxels: positive, below 1.
    const double dice = withDice.parts.at("unsupervised") - ceOnly.parts.at("unsupervised");
    EXPECT_GT(dice, 1e-4);
    EXPECT_LT(dice, 1.0);
}

INSTANTIATE_TEST_SUITE_P(AllMethods, MethodTrainingTest,
                         ::testing::Values("supervised", "mean-teacher", "sgrs", "buarl"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                             return name;
                         });

}  // namespace
}  // namespace segloop
