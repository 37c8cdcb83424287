// updateTeacher / emaDecay: hand-computed EMA of parameters and buffers, the warm-up rule,
// architecture mismatches, and a full network copy at decay 0.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/Error.h"
#include "learning/methods/EmaTeacher.h"
#include "learning/network/SegmentationNetwork.h"

namespace segloop {
namespace {

/// A parameter [2], a float buffer [1] and an integer buffer [1], in a child module.
struct LeafImpl : torch::nn::Module {
    LeafImpl(float a, float b, float buffer, int64_t counter) {
        weight = register_parameter("weight", torch::tensor({a, b}));
        running = register_buffer("running", torch::tensor({buffer}));
        count = register_buffer("count", torch::tensor({counter}, torch::kLong));
    }
    torch::Tensor weight, running, count;
};
TORCH_MODULE(Leaf);

struct TinyImpl : torch::nn::Module {
    TinyImpl(float a, float b, float buffer, int64_t counter) {
        leaf = register_module("leaf", Leaf(a, b, buffer, counter));
    }
    Leaf leaf{nullptr};
};
TORCH_MODULE(Tiny);

TEST(EmaTeacherTest, BlendsParametersAndFloatBuffersAndCopiesIntegerBuffers) {
    Tiny teacher(0.f, 0.f, 0.f, 0);
    Tiny student(1.f, 2.f, 10.f, 3);
    updateTeacher(*teacher, *student, 0.9);
    // 0.9 * 0 + 0.1 * student
    EXPECT_NEAR(teacher->leaf->weight[0].item<float>(), 0.1f, 1e-6);
    EXPECT_NEAR(teacher->leaf->weight[1].item<float>(), 0.2f, 1e-6);
    EXPECT_NEAR(teacher->leaf->running[0].item<float>(), 1.0f, 1e-6);
    EXPECT_EQ(teacher->leaf->count[0].item<int64_t>(), 3);
    updateTeacher(*teacher, *student, 0.5);  // 0.5 * 0.1 + 0.5 * 1 = 0.55; 0.5 * 0.2 + 1 = 1.1
    EXPECT_NEAR(teacher->leaf->weight[0].item<float>(), 0.55f, 1e-6);
    EXPECT_NEAR(teacher->leaf->weight[1].item<float>(), 1.1f, 1e-6);
    EXPECT_NEAR(teacher->leaf->running[0].item<float>(), 5.5f, 1e-6);
    // The student is untouched, nothing was recorded for autograd.
    EXPECT_EQ(student->leaf->weight[1].item<float>(), 2.f);
    EXPECT_FALSE(teacher->leaf->weight.grad().defined());
    EXPECT_TRUE(teacher->leaf->weight.requires_grad());
    EXPECT_TRUE(teacher->leaf->weight.is_leaf());
}

TEST(EmaTeacherTest, DecayOneKeepsTheTeacherAndZeroCopiesTheStudent) {
    Tiny teacher(4.f, 5.f, 6.f, 0);
    Tiny student(1.f, 2.f, 3.f, 7);
    updateTeacher(*teacher, *student, 1.0);
    EXPECT_EQ(teacher->leaf->weight[0].item<float>(), 4.f);
    updateTeacher(*teacher, *student, 0.0);
    EXPECT_EQ(teacher->leaf->weight[0].item<float>(), 1.f);
    EXPECT_EQ(teacher->leaf->running[0].item<float>(), 3.f);
    EXPECT_THROW(updateTeacher(*teacher, *student, 1.5), Error);
    EXPECT_THROW(updateTeacher(*teacher, *student, -0.1), Error);
}

TEST(EmaTeacherTest, RejectsDifferentArchitectures) {
    NetworkConfig small;
    small.baseChannels = 4;
    small.levels = 2;
    NetworkConfig deeper = small;
    deeper.levels = 3;
    NetworkConfig wider = small;
    wider.baseChannels = 8;
    SegmentationNetwork a = makeSegmentationNetwork(small);
    EXPECT_THROW(updateTeacher(*a, *makeSegmentationNetwork(deeper), 0.5), Error);
    EXPECT_THROW(updateTeacher(*a, *makeSegmentationNetwork(wider), 0.5), Error);
}

TEST(EmaTeacherTest, DecayZeroMakesANetworkCopy) {
    torch::manual_seed(7);
    NetworkConfig config;
    config.baseChannels = 4;
    config.levels = 3;
    config.classes = 2;
    SegmentationNetwork student = makeSegmentationNetwork(config);
    SegmentationNetwork teacher = makeSegmentationNetwork(config);
    const torch::Tensor images = torch::randn({2, 1, 8, 8, 8});
    EXPECT_FALSE(torch::allclose(student->forward(images), teacher->forward(images)));
    updateTeacher(*teacher, *student, 0.0);
    EXPECT_TRUE(torch::equal(student->forward(images), teacher->forward(images)));
}

TEST(EmaTeacherTest, WarmUpDecay) {
    EXPECT_DOUBLE_EQ(emaDecay(0, 0.99), 0.0);  // first update copies the student
    EXPECT_DOUBLE_EQ(emaDecay(1, 0.99), 0.5);
    EXPECT_DOUBLE_EQ(emaDecay(3, 0.99), 0.75);
    EXPECT_DOUBLE_EQ(emaDecay(9, 0.99), 0.9);
    EXPECT_NEAR(emaDecay(99, 0.99), 0.99, 1e-12);
    EXPECT_DOUBLE_EQ(emaDecay(100, 0.99), 0.99);
    EXPECT_DOUBLE_EQ(emaDecay(100000, 0.99), 0.99);
    EXPECT_DOUBLE_EQ(emaDecay(3, 0.5), 0.5);
}

}  // namespace
}  // namespace segloop
