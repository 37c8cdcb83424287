#include "workflow/ProjectReport.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "core/Error.h"
#include "core/jobs/Progress.h"
#include "storage/Project.h"
#include "storage/Timestamp.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/TrainingRunRecording.h"

namespace segloop {
namespace {

/// The object `json` holds, or an empty one when it is not a JSON object (a malformed record),
/// so that every field of such a record reads as absent.
nlohmann::json jsonObject(const std::string& json) {
    nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    return parsed.is_object() ? parsed : nlohmann::json::object();
}

/// The number field `key` of the JSON object `json`; nullopt when absent or not a number (a
/// non-finite value is stored as null).
std::optional<double> jsonNumber(const std::string& json, const std::string& key) {
    const nlohmann::json object = jsonObject(json);
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number())
        return std::nullopt;
    return found->get<double>();
}

/// The string field `key` of the JSON object `json` (AuditLog::append); "" when absent.
std::string jsonString(const std::string& json, const std::string& key) {
    const nlohmann::json object = jsonObject(json);
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

/// Days since 1970-01-01 of a "YYYY-MM-DD" date (H. Hinnant's days_from_civil); nullopt when
/// `date` is not one.
std::optional<long> daysFromDate(const std::string& date) {
    int year = 0, month = 0, day = 0;
    if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3)
        return std::nullopt;
    year -= month <= 2;
    const long era = (year >= 0 ? year : year - 399) / 400;
    const long yearOfEra = year - era * 400;
    const long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

/// "YYYY-MM-DD" of a day count since 1970-01-01 (civil_from_days).
std::string dateFromDays(long days) {
    days += 719468;
    const long era = (days >= 0 ? days : days - 146096) / 146097;
    const long dayOfEra = days - era * 146097;
    const long yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const long shifted = (5 * dayOfYear + 2) / 153;
    const long day = dayOfYear - (153 * shifted + 2) / 5 + 1;
    const long month = shifted + (shifted < 10 ? 3 : -9);
    const long year = yearOfEra + era * 400 + (month <= 2);
    char text[64];
    std::snprintf(text, sizeof text, "%04ld-%02ld-%02ld", year, month, day);
    return text;
}

std::vector<ReportTrainingRun> readRuns(Project& project) {
    std::vector<ReportTrainingRun> runs;
    for (const TrainingRunRecord& record : project.trainingRuns().list()) {
        ReportTrainingRun run;
        run.run = record;
        if (record.modelId) {
            if (const auto model = project.models().find(*record.modelId)) {
                run.modelName = model->name + " v" + std::to_string(model->version);
                run.bestValidationDice = jsonNumber(model->metricsJson, "best_validation_dice");
                if (run.bestValidationDice && *run.bestValidationDice < 0)
                    run.bestValidationDice.reset();  // -1: the run never validated
            }
        }
        const std::string path =
            trainingRunFolder(project, record.id) + "/" + kTrainingMetricsFileName;
        if (!std::filesystem::exists(path)) {
            run.curveNote = "no curve recorded";
        } else {
            try {
                run.curve = readTrainingMetrics(path);
                if (run.curve.empty())
                    run.curveNote = "no step recorded";
            } catch (const Error& error) {
                run.curveNote = error.problem();
            }
        }
        runs.push_back(std::move(run));
    }
    return runs;
}

/// The newest quality predictor's score of each label version any predictor scored.
std::optional<double> predictedQualityOf(Project& project, int64_t labelVersionId,
                                         const std::vector<int64_t>& qualityModelsNewestFirst) {
    for (int64_t modelId : qualityModelsNewestFirst) {
        if (const auto score = project.qualityScores().find(labelVersionId, modelId))
            return score->predictedQuality;
    }
    return std::nullopt;
}

std::vector<ReportPseudoLabelComparison> comparePseudoLabels(Project& project,
                                                             const std::vector<LabelClass>& classes,
                                                             Progress* progress) {
    std::vector<int64_t> qualityModels;
    std::map<int64_t, std::string> modelNames;
    for (const ModelRecord& model : project.models().list()) {
        modelNames[model.id] = model.name + " v" + std::to_string(model.version);
        if (model.name == "quality")
            qualityModels.push_back(model.id);
    }
    std::sort(qualityModels.rbegin(), qualityModels.rend());
    std::vector<uint16_t> classIndices;
    for (const LabelClass& labelClass : classes)
        classIndices.push_back(labelClass.index);

    const std::vector<LabelVersionRecord> pseudoLabels =
        project.labels().pseudoLabelsOfLabelledVolumes();
    std::vector<ReportPseudoLabelComparison> comparisons;
    std::map<int64_t, std::pair<LabelVersionRecord, LabelMap>> records;  // by volume
    const std::string stage = "Comparing pseudo-labels with labels of record";
    for (size_t n = 0; n < pseudoLabels.size(); ++n) {
        reportProgress(progress, stage, n, pseudoLabels.size());
        const LabelVersionRecord& pseudo = pseudoLabels[n];
        auto record = records.find(pseudo.volumeId);
        if (record == records.end()) {
            const auto version = project.labels().labelOfRecord(pseudo.volumeId);
            if (!version)
                continue;  // the label of record was saved after the list was read
            record = records
                         .emplace(pseudo.volumeId,
                                  std::make_pair(*version, project.labels().load(version->id)))
                         .first;
        }
        ReportPseudoLabelComparison comparison;
        comparison.volumeId = pseudo.volumeId;
        comparison.caseName = project.volumes().get(pseudo.volumeId).seriesDescription;
        comparison.pseudoLabelId = pseudo.id;
        if (pseudo.modelId)
            comparison.modelName = modelNames[*pseudo.modelId];
        comparison.labelOfRecordId = record->second.first.id;
        comparison.labelOfRecordKind = record->second.first.provenance;
        comparison.predictedQuality = predictedQualityOf(project, pseudo.id, qualityModels);
        comparison.perClass = computeSegmentationMetrics(project.labels().load(pseudo.id),
                                                         record->second.second, classIndices);
        double sum = 0;
        for (const ClassMetrics& metrics : comparison.perClass)
            sum += metrics.dice;
        comparison.trueDice = comparison.perClass.empty() ? 0 : sum / comparison.perClass.size();
        comparisons.push_back(std::move(comparison));
    }
    reportProgress(progress, stage, pseudoLabels.size(), pseudoLabels.size());
    return comparisons;
}

}  // namespace

std::vector<ReportReviewDay> reviewDecisionsByDay(const std::vector<AuditEntry>& entries) {
    std::map<long, ReportReviewDay> days;
    for (const AuditEntry& entry : entries) {
        if (entry.action != "set review state")
            continue;
        const std::optional<long> day = daysFromDate(entry.at.substr(0, 10));
        const std::string state = jsonString(entry.detailsJson, "state");
        if (!day || (state != "accepted" && state != "corrected" && state != "rejected"))
            continue;
        ReportReviewDay& counts = days[*day];
        counts.date = entry.at.substr(0, 10);
        ++(state == "accepted"    ? counts.accepted
           : state == "corrected" ? counts.corrected
                                  : counts.rejected);
    }
    std::vector<ReportReviewDay> ordered;
    if (days.empty())
        return ordered;
    const long first = days.begin()->first;
    const long last = days.rbegin()->first;
    if (last - first + 1 <= kReportMaxFilledDays) {
        for (long day = first; day <= last; ++day) {
            const auto found = days.find(day);
            ordered.push_back(found != days.end() ? found->second
                                                  : ReportReviewDay{dateFromDays(day)});
        }
    } else {
        for (const auto& [day, counts] : days)
            ordered.push_back(counts);
    }
    return ordered;
}

ProjectReport readProjectReport(Project& project, Progress* progress) {
    ProjectReport report;
    report.projectFolder =
        std::filesystem::absolute(project.layout().folder).lexically_normal().string();
    report.projectName = project.settings().find("project_name").value_or("");
    report.generatedAt = utcTimestampNow();
    report.summary = project.summary();
    if (!project.labelSets().list().empty())
        report.classes = projectLabelSet(project).classes;
    report.runs = readRuns(project);
    report.reviewDays = reviewDecisionsByDay(project.auditLog().list(AuditFilter{}));
    report.comparisons = comparePseudoLabels(project, report.classes, progress);
    return report;
}

}  // namespace segloop
