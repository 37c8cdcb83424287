#pragma once

#include <optional>
#include <vector>

#include "report/ChartImage.h"
#include "workflow/ProjectReport.h"

namespace segloop::report {

// The charts of the project report and of the window's training monitor, as ChartSpecs (what
// to draw; ChartRenderer draws them). Plain functions of plain values, any thread.

/// Volumes by the kind of their label of record: human, corrected, accepted, pseudo (only a
/// pseudo-label), unlabelled.
ChartSpec labelStatusChart(const ProjectSummary& summary);

/// A run's loss (left axis) and validation Dice (right axis, 0..1) per iteration, with a moving
/// mean of the loss when the run has many steps; nullopt when no curve was recorded.
std::optional<ChartSpec> trainingCurveChart(const ReportTrainingRun& run);

/// Predicted quality (x) against true Dice (y) of the compared pseudo-labels that were
/// scored, one colour per kind of label of record, with the line predicted = true; nullopt
/// when none was scored.
std::optional<ChartSpec> qualityChart(const std::vector<ReportPseudoLabelComparison>& cases);

/// Accepted, corrected and rejected decisions per day (grouped bars); nullopt without any.
std::optional<ChartSpec> reviewHistoryChart(const std::vector<ReportReviewDay>& days);

/// The training monitor's curves (TrainingMonitorContent): the loss of each logged step and
/// each validation's mean Dice, as two charts to stack (the Dice chart only when there is a
/// validation).
std::vector<ChartSpec> monitorCharts(const std::vector<float>& loss,
                                     const std::vector<float>& validationDice);

/// The colours of the charts, also used by the report's tables.
inline constexpr Rgb kLossColour{31, 119, 180};
inline constexpr Rgb kDiceColour{255, 127, 14};
inline constexpr Rgb kAcceptedColour{44, 160, 44};
inline constexpr Rgb kCorrectedColour{255, 127, 14};
inline constexpr Rgb kRejectedColour{214, 39, 40};
inline constexpr Rgb kHumanColour{148, 103, 189};

}  // namespace segloop::report
