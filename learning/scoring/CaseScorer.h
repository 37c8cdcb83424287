#pragma once

#include <string>

#include "core/image/LabelMap.h"
#include "core/image/Volume.h"
#include "core/jobs/Progress.h"
#include "core/quality/MaskQuality.h"
#include "learning/inference/ModelUncertainty.h"

namespace segloop {

/// The three scores of one pseudo-label: predicted quality (per class and overall), and the
/// segmentation model's entropy and epistemic uncertainty on its case. A plain value.
struct CaseScores {
    MaskQuality quality;
    ModelUncertainty uncertainty;
};

/// The port through which a project-level scoring job (storage) asks the learning engine for
/// scores without linking it. ModelCaseScorer is the real one; the composition (app) makes it.
/// Called on one thread, one call at a time.
class CaseScorer {
  public:
    virtual ~CaseScorer() = default;
    /// Scores `pseudoLabel` (on `volume`'s grid) made by the segmentation model whose checkpoint
    /// is `segmentationCheckpoint`. Throws segloop::Error naming a missing or unreadable file,
    /// Cancelled when `progress` asks.
    virtual CaseScores score(const std::string& segmentationCheckpoint, const Volume& volume,
                             const LabelMap& pseudoLabel, Progress* progress) = 0;
};

}  // namespace segloop
