#include <gtest/gtest.h>

#include "WorkflowTestSupport.h"
#include "workflow/TrainingSession.h"

namespace segloop::test {
namespace {

using Patch = std::array<int64_t, 3>;

class TrainingPatchPlanTest : public WorkflowProjectTest {
  protected:
    TrainingSessionOptions options() {
        TrainingSessionOptions chosen;
        chosen.quality.enabled = false;
        return chosen;
    }
};

TEST_F(TrainingPatchPlanTest, ANewRunsPatchComesFromTheLabelledVolumes) {
    // The fixture's volumes are 8x7x6 voxels: the planned patch covers one whole, aligned to
    // the 4-level U-Net's 3 poolings.
    addLabel(volumes[0], LabelProvenance::Human);
    addLabel(volumes[1], LabelProvenance::Human);
    const TrainingSession session = TrainingSession::prepare(project, options());
    EXPECT_EQ(session.job().settings.sampler.patchSize, (Patch{8, 8, 8}));
}

TEST_F(TrainingPatchPlanTest, TheNetworksPoolingsSetTheAlignment) {
    addLabel(volumes[0], LabelProvenance::Human);
    TrainingSessionOptions twoLevels = options();
    twoLevels.settings.network.levels = 2;
    EXPECT_EQ(TrainingSession::prepare(project, twoLevels).job().settings.sampler.patchSize,
              (Patch{8, 8, 6}));
    TrainingSessionOptions slices = options();
    slices.settings.network.architecture = "unet2d";
    EXPECT_EQ(TrainingSession::prepare(project, slices).job().settings.sampler.patchSize,
              (Patch{8, 8, 6}));
}

TEST_F(TrainingPatchPlanTest, APatchTheUserNamedIsKept) {
    addLabel(volumes[0], LabelProvenance::Human);
    TrainingSessionOptions chosen = options();
    chosen.settings.sampler.patchSize = {16, 16, 16};
    chosen.patchChosen = true;
    EXPECT_EQ(TrainingSession::prepare(project, chosen).job().settings.sampler.patchSize,
              (Patch{16, 16, 16}));
}

}  // namespace
}  // namespace segloop::test
