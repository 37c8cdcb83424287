#include "report/ReportCharts.h"

#include <algorithm>

namespace segloop::report {
namespace {

constexpr Rgb kGrey{127, 127, 127};
constexpr Rgb kSmoothColour{23, 190, 207};
constexpr size_t kSmoothFromSteps = 100;  ///< longer runs also get a moving mean of the loss

/// The moving mean of `values` over `window` points (fewer at the start).
std::vector<double> movingMean(const std::vector<double>& values, size_t window) {
    std::vector<double> means(values.size());
    double sum = 0;
    for (size_t n = 0; n < values.size(); ++n) {
        sum += values[n];
        if (n >= window)
            sum -= values[n - window];
        means[n] = sum / double(std::min(n + 1, window));
    }
    return means;
}

Rgb colourOfRecordKind(LabelProvenance kind) {
    switch (kind) {
        case LabelProvenance::Accepted:
            return kAcceptedColour;
        case LabelProvenance::Corrected:
            return kCorrectedColour;
        default:
            return kHumanColour;
    }
}

}  // namespace

ChartSpec labelStatusChart(const ProjectSummary& summary) {
    ChartSpec chart;
    chart.title = "Volumes by label of record";
    chart.y.title = "volumes";
    chart.xCategories = {"human", "corrected", "accepted", "pseudo only", "unlabelled"};
    const int64_t counts[] = {summary.volumesHuman, summary.volumesCorrected,
                              summary.volumesAccepted, summary.volumesPseudo,
                              summary.volumesUnlabelled};
    ChartSeries bars;
    bars.name = "volumes";
    bars.style = ChartSeries::Style::Bars;
    bars.colour = kLossColour;
    int64_t largest = 1;
    for (size_t n = 0; n < 5; ++n) {
        bars.x.push_back(double(n));
        bars.y.push_back(double(counts[n]));
        largest = std::max(largest, counts[n]);
    }
    chart.y.minimum = 0;
    chart.y.maximum = double(largest) * 1.1;
    chart.series = {bars};
    chart.heightPx = 300;
    return chart;
}

std::optional<ChartSpec> trainingCurveChart(const ReportTrainingRun& run) {
    if (run.curve.empty())
        return std::nullopt;
    ChartSpec chart;
    chart.title = "Run " + std::to_string(run.run.id) + ": " + run.run.method;
    chart.x.title = "iteration";
    chart.y.title = "loss";
    chart.yRight = {"validation Dice", 0.0, 1.0};
    ChartSeries loss{"loss", {}, {}, kLossColour, ChartSeries::Style::Line, false};
    ChartSeries dice{
        "validation Dice", {}, {}, kDiceColour, ChartSeries::Style::LineWithMarkers, true};
    for (const TrainingMetricsRow& row : run.curve) {
        loss.x.push_back(double(row.iteration));
        loss.y.push_back(row.loss);
        if (row.validationDice) {
            dice.x.push_back(double(row.iteration));
            dice.y.push_back(*row.validationDice);
        }
    }
    if (loss.y.size() == 1)
        loss.style = ChartSeries::Style::LineWithMarkers;  // one point: a marker, not a line
    chart.series.push_back(loss);
    if (loss.y.size() >= kSmoothFromSteps) {
        const size_t window = loss.y.size() / 50;
        chart.series.push_back({"loss, mean of " + std::to_string(window) + " steps", loss.x,
                                movingMean(loss.y, window), kSmoothColour, ChartSeries::Style::Line,
                                false});
    }
    if (!dice.x.empty())
        chart.series.push_back(dice);
    return chart;
}

std::optional<ChartSpec> qualityChart(const std::vector<ReportPseudoLabelComparison>& cases) {
    ChartSpec chart;
    chart.title = "Predicted quality against true Dice";
    chart.x = {"predicted quality (Dice)", -0.02, 1.02};
    chart.y = {"true Dice against the label of record", -0.02, 1.02};
    chart.widthPx = 600;
    chart.heightPx = 480;
    chart.legendAtBottom = true;  // below the diagonal's upper end
    const LabelProvenance kinds[] = {LabelProvenance::Human, LabelProvenance::Corrected,
                                     LabelProvenance::Accepted};
    for (LabelProvenance kind : kinds) {
        ChartSeries points{std::string("label of record: ") + toString(kind),
                           {},
                           {},
                           colourOfRecordKind(kind),
                           ChartSeries::Style::Points,
                           false};
        for (const ReportPseudoLabelComparison& comparison : cases) {
            if (comparison.predictedQuality && comparison.labelOfRecordKind == kind) {
                points.x.push_back(*comparison.predictedQuality);
                points.y.push_back(comparison.trueDice);
            }
        }
        if (!points.x.empty())
            chart.series.push_back(points);
    }
    if (chart.series.empty())
        return std::nullopt;
    chart.series.insert(
        chart.series.begin(),
        ChartSeries{
            "predicted = true", {0.0, 1.0}, {0.0, 1.0}, kGrey, ChartSeries::Style::Line, false});
    return chart;
}

std::optional<ChartSpec> reviewHistoryChart(const std::vector<ReportReviewDay>& days) {
    if (days.empty())
        return std::nullopt;
    ChartSpec chart;
    chart.title = "Review decisions per day (UTC)";
    chart.y.title = "decisions";
    ChartSeries accepted{"accepted", {}, {}, kAcceptedColour, ChartSeries::Style::Bars, false};
    ChartSeries corrected{"corrected", {}, {}, kCorrectedColour, ChartSeries::Style::Bars, false};
    ChartSeries rejected{"rejected", {}, {}, kRejectedColour, ChartSeries::Style::Bars, false};
    int largest = 1;
    for (size_t n = 0; n < days.size(); ++n) {
        const ReportReviewDay& day = days[n];
        chart.xCategories.push_back(day.date);
        for (ChartSeries* series : {&accepted, &corrected, &rejected})
            series->x.push_back(double(n));
        accepted.y.push_back(day.accepted);
        corrected.y.push_back(day.corrected);
        rejected.y.push_back(day.rejected);
        largest = std::max({largest, day.accepted, day.corrected, day.rejected});
    }
    chart.y.minimum = 0;
    chart.y.maximum = double(largest) * 1.15;
    chart.series = {accepted, corrected, rejected};
    chart.heightPx = 320;
    return chart;
}

std::vector<ChartSpec> monitorCharts(const std::vector<float>& loss,
                                     const std::vector<float>& validationDice) {
    std::vector<ChartSpec> charts;
    ChartSpec lossChart;
    lossChart.title = "Training loss";
    lossChart.x.title = "logged step";
    lossChart.y.title = "loss";
    ChartSeries lossSeries{"loss", {}, {}, kLossColour, ChartSeries::Style::Line, false};
    for (size_t n = 0; n < loss.size(); ++n) {
        lossSeries.x.push_back(double(n + 1));
        lossSeries.y.push_back(loss[n]);
    }
    if (lossSeries.y.size() == 1)
        lossSeries.style = ChartSeries::Style::LineWithMarkers;
    lossChart.series.push_back(lossSeries);
    charts.push_back(lossChart);
    if (!validationDice.empty()) {
        ChartSpec diceChart;
        diceChart.title = "Validation mean Dice";
        diceChart.x.title = "validation";
        diceChart.y = {"mean Dice", 0.0, 1.0};
        ChartSeries dice{
            "validation Dice", {}, {}, kDiceColour, ChartSeries::Style::LineWithMarkers, false};
        for (size_t n = 0; n < validationDice.size(); ++n) {
            dice.x.push_back(double(n + 1));
            dice.y.push_back(validationDice[n]);
        }
        diceChart.series.push_back(dice);
        charts.push_back(diceChart);
    }
    return charts;
}

}  // namespace segloop::report
