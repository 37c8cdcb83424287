#pragma once

#include <optional>

namespace segloop {

/// The Dice a pseudo-label is predicted to have, as the review queue sorts by it and the window
/// shows it: the learned quality predictor's estimate (`learned`: it has seen real masks and
/// their images). The segmentation model's own expected Dice of the mask under its softmax
/// (`expected`, ModelUncertainty::expectedDice) is stored beside it but not used: with a weak
/// model (SGD, pool Dice 0.51) their mean ranked and calibrated best, but at the engine's
/// defaults since 2026-12-07 (pool Dice 0.82-0.85) the expected Dice sits far below the truth
/// and ranks against it (Spearman -0.05 and -0.25 in two rounds), and the mean fell to MAE
/// 0.14-0.17 and random-level ranking in round 1, while the learned estimate alone kept MAE
/// 0.07 (bench/review-ranking/notes.md).
inline double predictedDice(double learned, std::optional<double> /*expected*/) {
    return learned;
}

}  // namespace segloop
