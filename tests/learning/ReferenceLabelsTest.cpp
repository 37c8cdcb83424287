// Reference-guided pseudo-labels: nearest labelled reference voxel by cosine similarity, on
// tiny hand-made feature sets with known answers; chunking never changes the answer.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/Error.h"
#include "learning/methods/ReferenceLabels.h"

namespace segloop {
namespace {

class ReferenceLabelsTest : public ::testing::Test {
  protected:
    void SetUp() override { at::set_num_threads(1); }
};

TEST_F(ReferenceLabelsTest, EachQueryTakesTheClassOfTheMostSimilarDirection) {
    // Bank: class 0 along +x, class 1 along +y, class 2 along -x (scaled: cosine ignores length).
    const torch::Tensor bank = torch::tensor({{5.0f, 0.0f}, {0.0f, 0.1f}, {-2.0f, 0.0f}});
    const torch::Tensor labels = torch::tensor({0, 1, 2}, torch::kLong);
    // Queries: 10 degrees above +x -> 0; 80 degrees -> 1; 170 degrees -> 2; 100 degrees -> 1;
    // a long vector near -x -> 2 (Euclidean distance would pick differently for lengths).
    const torch::Tensor queries = torch::tensor(
        {{0.98f, 0.17f}, {0.17f, 0.98f}, {-0.98f, 0.17f}, {-0.17f, 0.98f}, {-50.0f, 10.0f}});
    const torch::Tensor result = nearestReferenceLabels(queries, bank, labels, 1024);
    EXPECT_TRUE(torch::equal(result, torch::tensor({0, 1, 2, 1, 2}, torch::kLong))) << result;
}

TEST_F(ReferenceLabelsTest, ChunkedEqualsUnchunkedOnRandomFeatures) {
    torch::manual_seed(5);
    const torch::Tensor queries = torch::randn({1000, 16});
    const torch::Tensor bank = torch::randn({300, 16});
    const torch::Tensor labels = torch::randint(3, {300}, torch::kLong);
    const torch::Tensor whole = nearestReferenceLabels(queries, bank, labels, 1000);
    // Brute force: argmax of cosine similarity computed in one go.
    const torch::Tensor q = queries / queries.norm(2, {1}, true);
    const torch::Tensor b = bank / bank.norm(2, {1}, true);
    const torch::Tensor expected = labels.index_select(0, q.mm(b.t()).argmax(1));
    EXPECT_TRUE(torch::equal(whole, expected));
    for (int64_t chunk : {1, 7, 64, 999, 5000}) {
        EXPECT_TRUE(torch::equal(nearestReferenceLabels(queries, bank, labels, chunk), whole))
            << "chunk " << chunk;
    }
}

TEST_F(ReferenceLabelsTest, BankKeepsAtMostMaxPerClassAndUnitRows) {
    torch::manual_seed(2);
    // Two 2x2x2 maps with 4 feature channels: 12 voxels of class 0, 3 of class 1, 1 of class 2.
    torch::Tensor labels = torch::zeros({2, 2, 2, 2}, torch::kLong);
    labels[0][0][0][0] = 1;
    labels[0][1][1][1] = 1;
    labels[1][0][1][0] = 1;
    labels[1][1][1][1] = 2;
    const torch::Tensor features = torch::randn({2, 4, 2, 2, 2}) * 3.0;
    const ReferenceBank bank = buildReferenceBank(features, labels, 2);
    ASSERT_EQ(bank.features.size(0), 5);  // 2 + 2 + 1
    EXPECT_EQ((bank.labels == 0).sum().item<int64_t>(), 2);
    EXPECT_EQ((bank.labels == 1).sum().item<int64_t>(), 2);
    EXPECT_EQ((bank.labels == 2).sum().item<int64_t>(), 1);
    EXPECT_TRUE(torch::allclose(bank.features.norm(2, {1}), torch::ones({5}), 1e-5, 1e-5));
    // Every bank row is one of the voxels of its class.
    const torch::Tensor rows = features.movedim(1, -1).reshape({-1, 4});
    const torch::Tensor unit = rows / rows.norm(2, {1}, true);
    const torch::Tensor flat = labels.reshape({-1});
    for (int64_t m = 0; m < 5; ++m) {
        const torch::Tensor match = (unit - bank.features[m]).abs().amax(1) < 1e-5;
        const int64_t voxel = match.nonzero()[0][0].item<int64_t>();
        EXPECT_EQ(flat[voxel].item<int64_t>(), bank.labels[m].item<int64_t>());
    }
}

TEST_F(ReferenceLabelsTest, LabelMapsOfFeaturesThatAreTheReferencesThemselves) {
    // With every voxel in the bank (max per class large), each labelled voxel maps to itself.
    torch::manual_seed(9);
    const torch::Tensor features = torch::randn({1, 8, 3, 4, 5});
    const torch::Tensor labels = torch::randint(3, {1, 3, 4, 5}, torch::kLong);
    const ReferenceBank bank = buildReferenceBank(features, labels, 1000);
    EXPECT_TRUE(torch::equal(referenceLabelMaps(features, bank, 7), labels));
}

TEST_F(ReferenceLabelsTest, RefusesMismatchedShapes) {
    const torch::Tensor labels = torch::zeros({2}, torch::kLong);
    EXPECT_THROW(nearestReferenceLabels(torch::ones({3, 4}), torch::ones({2, 5}), labels, 8),
                 Error);
    EXPECT_THROW(nearestReferenceLabels(torch::ones({3, 4}), torch::ones({2, 4}), labels, 0),
                 Error);
    EXPECT_THROW(buildReferenceBank(torch::ones({1, 2, 3, 3, 3}),
                                    torch::zeros({1, 3, 3, 2}, torch::kLong), 5),
                 Error);
}

}  // namespace
}  // namespace segloop
