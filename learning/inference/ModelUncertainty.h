#pragma once

#include <cstdint>

namespace segloop {

/// How SegmentationModel::uncertainty() measures a case. Defaults and their sources:
/// docs/methods.md, "Scores of a pseudo-label".
struct UncertaintySettings {
    /// Stochastic passes of the classifier head with channel dropout (MC dropout); 0 leaves the
    /// epistemic term out (it is then 0).
    int64_t mcPasses = 10;
    /// Dropout rate of the passes when the network was trained without dropout (config dropout
    /// 0); a network trained with dropout uses its own rate. Ours.
    double inferenceDropout = 0.1;
    /// The scores average over the mask's foreground dilated by this many voxels (a cube), the
    /// structure and its border band; over the whole volume when the mask is empty.
    int64_t regionMarginVoxels = 2;
    uint64_t seed = 1;  ///< Of the dropout masks, so a score can be reproduced.
};

/// A segmentation model's own uncertainty about one case, over the region of
/// UncertaintySettings::regionMarginVoxels. A plain value.
struct ModelUncertainty {
    /// Mean over the region of the entropy of the deterministic (eval-mode) softmax, in nats:
    /// 0 = one-hot everywhere, ln K = uniform over K classes.
    double meanEntropyNats = 0.0;
    /// Mean over the region of the mutual information between the prediction and the dropout
    /// mask (BALD): H[mean_t p_t] - mean_t H[p_t], in nats; 0 when every pass agrees.
    double epistemicNats = 0.0;
    /// The Dice the model expects of the mask if the truth were drawn voxel by voxel from its
    /// own deterministic softmax p: per foreground class c with mask A_c,
    /// 2 sum_{A_c} p_c / (|A_c| + sum p_c), the mean over the classes with |A_c| + sum p_c >= 1
    /// (NaN when none). A label-free Dice estimate (exact only for a calibrated model).
    double expectedDice = 0.0;
    double dropoutRate = 0.0;  ///< The rate the passes used.
    int64_t passes = 0;
    int64_t regionMarginVoxels = 0;
    int64_t regionVoxels = 0;
};

}  // namespace segloop
