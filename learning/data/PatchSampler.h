#pragma once

#include <cstddef>
#include <string>

#include "learning/data/NormalisationSettings.h"
#include "learning/data/Patch.h"
#include "learning/data/PatchExtraction.h"
#include "learning/data/RandomStream.h"
#include "learning/data/TrainingCase.h"
#include "learning/data/VolumeCache.h"

namespace segloop {

/// Draws random, augmented training patches from a dataset revision's cases, reading volumes
/// through its own bounded VolumeCache (never the whole dataset in memory).
///
/// Each patch: a case drawn uniformly from the labelled (or unlabelled) subset; with probability
/// foregroundProbability (labelled only) the patch is centred on a random foreground voxel, else
/// its origin is uniform over the valid positions; axes where the volume is smaller than the patch
/// are padded (image: the case's background value, labels: 0) and the volume is placed randomly
/// within the patch; then flips, a rotation in x-y, intensity scale/shift and optional noise.
/// Labelled and unlabelled patches draw from two std::mt19937_64 streams, each in a fixed order,
/// so a seed and the same sequence of calls give the same patches, and the labelled patches of a
/// seed do not depend on whether (or how many) unlabelled patches are drawn in between: every
/// method trained with one seed sees the same labelled patches, which makes method comparisons
/// paired. saveState()/restoreState() resume both sequences exactly. Owns its cache and RNGs.
/// Not thread-safe: one owner (the training worker thread).
class PatchSampler {
  public:
    /// Throws Error for invalid settings (patch size < 1, probability outside [0, 1],
    /// intensityScale outside [0, 1), negative shift or noise, invalid normalisation).
    PatchSampler(const TrainingCases& cases, const PatchSamplerSettings& settings,
                 const NormalisationSettings& normalisation = {});

    /// A patch of a labelled case (image and labels). Throws Error when there is none, or when
    /// the drawn case cannot be read (the error names the file).
    Patch nextLabelled();
    /// A patch of an unlabelled case (image only, labels empty). Throws Error when there is none.
    Patch nextUnlabelled();

    /// Switches to a new dataset revision (e.g. corrected labels at new paths). Cached cases whose
    /// id and paths are unchanged stay in the cache; the others are dropped. The RNG goes on.
    void setCases(const TrainingCases& cases);

    /// Both RNG states as text, to store with a checkpoint.
    std::string saveState() const;
    /// Restores a state from saveState(); throws Error when the text is not one. A state saved
    /// before the streams were split (one engine) restores the labelled stream; the unlabelled
    /// one then restarts from the seed.
    void restoreState(const std::string& state);

    size_t labelledCaseCount() const { return labelled_.size(); }
    size_t unlabelledCaseCount() const { return unlabelled_.size(); }
    const PatchSamplerSettings& settings() const { return settings_; }
    VolumeCache::Counters cacheCounters() const { return cache_.counters(); }

  private:
    Patch sampleFrom(const TrainingCases& subset, bool labelled);
    std::array<int64_t, 3> drawOrigin(const PreparedCase& prepared, bool labelled,
                                      RandomStream& random);
    PatchAugmentation drawAugmentation(RandomStream& random);

    PatchSamplerSettings settings_;
    VolumeCache cache_;
    RandomStream labelledRandom_;
    RandomStream unlabelledRandom_;
    PatchExtractor extractor_;
    TrainingCases labelled_;
    TrainingCases unlabelled_;
};

}  // namespace segloop
