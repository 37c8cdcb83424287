#pragma once

// Plain values and std I/O only (no LibTorch): the report reads these files without the engine.
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "learning/training/TrainingEvents.h"

namespace segloop {

/// The name of a run's curve file in its folder (data/models/run-N/metrics.csv).
inline constexpr const char* kTrainingMetricsFileName = "metrics.csv";

/// One training step of a run's curve: a row of metrics.csv.
struct TrainingMetricsRow {
    int64_t iteration = 0;  ///< 1-based step number
    double loss = 0;
    double learningRate = 0;
    std::optional<double> validationDice;  ///< mean Dice when the step was validated
};

/// Appends a run's curve to a CSV file while it trains: the header
/// `iteration,loss,learning_rate,validation_dice`, then one row per step (validation_dice
/// empty when that step was not validated). A row is written and flushed once the step's
/// validation (if any) is known: at the next step(), at a validation of the same iteration
/// (one of another iteration is ignored), or at close; a killed run leaves every finished row
/// but the newest. A file that cannot be opened or written turns the writer off (a run never
/// fails for its curve; failed() says so). Appends to an existing file (a resumed run), with
/// the header only when the file is new. The training service's worker thread; one thread.
class TrainingMetricsWriter {
  public:
    /// `path` empty: a writer that does nothing.
    explicit TrainingMetricsWriter(const std::string& path);
    ~TrainingMetricsWriter();
    TrainingMetricsWriter(const TrainingMetricsWriter&) = delete;
    TrainingMetricsWriter& operator=(const TrainingMetricsWriter&) = delete;

    void step(const StepReport& step);
    void validation(const ValidationReport& report);
    /// Writes the pending row and closes the file.
    void close();
    bool failed() const { return failed_; }

  private:
    void writePending();

    std::FILE* file_ = nullptr;
    bool failed_ = false;
    std::optional<TrainingMetricsRow> pending_;
};

/// Reads a metrics.csv written by TrainingMetricsWriter, by iteration (a row written again
/// for the same iteration, by a resumed run, replaces the earlier one). An unfinished last
/// line (a killed writer) is skipped. Throws Error naming the file when it cannot be read or
/// a finished line is not such a row.
std::vector<TrainingMetricsRow> readTrainingMetrics(const std::string& path);

}  // namespace segloop
