#include "learning/training/TrainingMetricsFile.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/Error.h"

namespace segloop {
namespace {

constexpr const char* kHeader = "iteration,loss,learning_rate,validation_dice";

/// The number in `text`, which must be all of it; nullopt otherwise.
std::optional<double> parseNumber(const std::string& text) {
    if (text.empty())
        return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
        return std::nullopt;
    return value;
}

}  // namespace

TrainingMetricsWriter::TrainingMetricsWriter(const std::string& path) {
    if (path.empty())
        return;
    std::error_code error;
    const bool fresh =
        !std::filesystem::exists(path, error) || std::filesystem::file_size(path, error) == 0;
    file_ = std::fopen(path.c_str(), "a");
    if (file_ == nullptr) {
        failed_ = true;
        return;
    }
    if (fresh && (std::fprintf(file_, "%s\n", kHeader) < 0 || std::fflush(file_) != 0)) {
        std::fclose(file_);
        file_ = nullptr;
        failed_ = true;
    }
}

TrainingMetricsWriter::~TrainingMetricsWriter() {
    close();
}

void TrainingMetricsWriter::step(const StepReport& step) {
    writePending();
    if (file_ == nullptr)
        return;
    pending_ = TrainingMetricsRow{step.iteration, step.loss, step.learningRate, std::nullopt};
}

void TrainingMetricsWriter::validation(const ValidationReport& report) {
    if (!pending_ || pending_->iteration != report.iteration)
        return;  // the service validates right after the step it reported
    pending_->validationDice = report.meanDice;
    writePending();
}

void TrainingMetricsWriter::close() {
    writePending();
    if (file_ != nullptr)
        std::fclose(file_);
    file_ = nullptr;
}

void TrainingMetricsWriter::writePending() {
    if (!pending_ || file_ == nullptr)
        return;
    const TrainingMetricsRow row = *pending_;
    pending_.reset();
    int written = std::fprintf(file_, "%lld,%.9g,%.9g,", static_cast<long long>(row.iteration),
                               row.loss, row.learningRate);
    if (written >= 0 && row.validationDice)
        written = std::fprintf(file_, "%.9g", *row.validationDice);
    if (written < 0 || std::fputc('\n', file_) == EOF || std::fflush(file_) != 0) {
        std::fclose(file_);  // a full disk: the curve stops here, the run goes on
        file_ = nullptr;
        failed_ = true;
    }
}

std::vector<TrainingMetricsRow> readTrainingMetrics(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot read the training curve");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    std::map<int64_t, TrainingMetricsRow> rows;
    size_t start = 0;
    size_t lineNumber = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        if (end == std::string::npos)
            break;  // unfinished last line: its writer was killed while writing it
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        if (lineNumber == 1) {
            if (line != kHeader)
                throw Error(path, "is not a training curve (header '" + line + "')");
            continue;
        }
        std::vector<std::string> fields;
        std::stringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');)
            fields.push_back(cell);
        if (!line.empty() && line.back() == ',')
            fields.push_back("");
        const auto iteration = fields.size() == 4 ? parseNumber(fields[0]) : std::nullopt;
        const auto loss = iteration ? parseNumber(fields[1]) : std::nullopt;
        const auto rate = loss ? parseNumber(fields[2]) : std::nullopt;
        const auto dice = parseNumber(fields.size() == 4 ? fields[3] : "");
        if (!rate || (!fields[3].empty() && !dice)) {
            throw Error(path, "line " + std::to_string(lineNumber) +
                                  " is not 'iteration,loss,learning_rate,validation_dice': '" +
                                  line + "'");
        }
        const auto step = static_cast<int64_t>(*iteration);
        rows[step] = TrainingMetricsRow{step, *loss, *rate, dice};
    }
    std::vector<TrainingMetricsRow> ordered;
    ordered.reserve(rows.size());
    for (const auto& [iteration, row] : rows)
        ordered.push_back(row);
    return ordered;
}

}  // namespace segloop
