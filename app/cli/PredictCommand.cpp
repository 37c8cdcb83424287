// `predict` and `evaluate`: use a trained model on the project's volumes.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>

#include "app/cli/Commands.h"
#include "app/cli/ScoringOptions.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "core/metrics/SegmentationMetrics.h"
#include "learning/inference/SegmentationModel.h"
#include "storage/Project.h"
#include "workflow/PredictAndScore.h"
#include "workflow/ProjectDataset.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop::cli {
namespace {

int runPredict(const ParsedArguments& arguments) {
    if (arguments.has("out"))
        return runPredictFiles(arguments);  // --model BUNDLE INPUT... --out FOLDER
    if (arguments.positional.size() != 1 || arguments.has("uncertainty"))
        throw UsageError{
            "predict PROJECT takes one project folder; files are labelled with "
            "--model BUNDLE INPUT... --out FOLDER [--uncertainty]"};
    Project project = Project::open(arguments.positional[0]);
    PredictRequest request;
    if (arguments.has("model")) {
        request.modelId = arguments.intValue("model", 0);
    }
    request.all = arguments.has("all");
    request.regions = !arguments.has("no-regions");
    request.score = !arguments.has("no-score");
    request.device = arguments.value("device", "auto");
    request.uncertainty = uncertaintySettingsFrom(arguments);  // refused before predicting
    TerminalProgress progress;
    const auto started = std::chrono::steady_clock::now();
    const PredictReport report = predictAndScore(project, request, &progress);
    progress.finish();
    std::printf("Saved %zu pseudo-labels of model %lld (%s) with their uncertainty%s maps\n",
                report.savedLabelVersions.size(), static_cast<long long>(report.modelId),
                report.modelMethod.c_str(), request.regions ? " and region" : "");
    if (report.scored) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf(
            "Scored %zu pseudo-labels, skipped %zu already scored with the same models "
            "(predicting and scoring took %.1f s)\n",
            report.scoring.scored, report.scoring.skipped, seconds);
    } else if (!report.notScoredBecause.empty()) {
        std::printf("Not scored: %s\n", report.notScoredBecause.c_str());
    }
    return kExitOk;
}

std::string formatNumber(double value, const char* format) {
    if (std::isnan(value)) {
        return "n/a";
    }
    char text[32];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

int runEvaluate(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const ModelRecord record = chooseSegmentationModel(
        project, arguments.has("model") ? std::optional<int64_t>(arguments.intValue("model", 0))
                                        : std::nullopt);
    const auto model = SegmentationModel::load(project.layout().absolute(record.dataPath),
                                               arguments.value("device", "auto"));
    const LabelSet labelSet = projectLabelSet(project);
    std::vector<uint16_t> classes;
    for (const LabelClass& labelClass : labelSet.classes) {
        classes.push_back(labelClass.index);
    }
    std::ofstream csv;
    if (arguments.has("csv")) {
        csv.open(arguments.value("csv"));
        if (!csv) {
            throw Error(arguments.value("csv"), "cannot write the CSV file");
        }
        csv << "volume,name,class,dice,jaccard,hd95_mm,asd_mm\n";
    }
    std::printf("%6s  %-22s %-12s %7s %7s %8s %8s\n", "volume", "name", "class", "Dice", "Jaccard",
                "HD95 mm", "ASD mm");
    std::map<uint16_t, std::vector<ClassMetrics>> perClass;
    const ProjectDataset dataset = readProjectDataset(project);
    for (const LabelVersionRecord& label :
         project.labels().labelsOfRecordAtRevision(dataset.revision)) {
        const Prediction prediction = model->predict(project.volumes().load(label.volumeId));
        const LabelMap reference = project.labels().load(label.id);
        const std::string name = dataset.caseNames.at(std::to_string(label.volumeId));
        for (const ClassMetrics& metrics :
             computeSegmentationMetrics(prediction.labels, reference, classes)) {
            const std::string className = labelSet.findClass(metrics.label)->name;
            std::printf("%6lld  %-22.22s %-12.12s %7.4f %7.4f %8s %8s\n",
                        static_cast<long long>(label.volumeId), name.c_str(), className.c_str(),
                        metrics.dice, metrics.jaccard,
                        formatNumber(metrics.hausdorff95Mm, "%.2f").c_str(),
                        formatNumber(metrics.averageSurfaceMm, "%.2f").c_str());
            if (csv) {
                csv << label.volumeId << ",\"" << name << "\"," << className << "," << metrics.dice
                    << "," << metrics.jaccard << "," << formatNumber(metrics.hausdorff95Mm, "%.4f")
                    << "," << formatNumber(metrics.averageSurfaceMm, "%.4f") << "\n";
            }
            perClass[metrics.label].push_back(metrics);
        }
    }
    std::printf(
        "\nclass         Dice (mean +- std)   Jaccard            HD95 mm            "
        "ASD mm             cases\n");
    for (const auto& [classIndex, rows] : perClass) {
        const ClassSummary summary = summariseClass(rows);
        auto cell = [](const MetricSummary& s) {
            char text[40];
            std::snprintf(text, sizeof text, "%7.4f +- %-7.4f", s.mean, s.std);
            return std::string(text);
        };
        std::printf("%-12.12s  %s  %s  %s  %s  %zu (%zu with distances)\n",
                    labelSet.findClass(classIndex)->name.c_str(), cell(summary.dice).c_str(),
                    cell(summary.jaccard).c_str(), cell(summary.hausdorff95Mm).c_str(),
                    cell(summary.averageSurfaceMm).c_str(), rows.size(),
                    summary.hausdorff95Mm.count);
    }
    return kExitOk;
}

}  // namespace

Command predictCommand() {
    std::vector<OptionSpec> options{
        {"model", "ID|BUNDLE", "the model to use (default: the newest); with --out a bundle"},
        {"out", "FOLDER", "label INPUT files with --model BUNDLE, without a project"},
        {"uncertainty", "", "with --out: also write each input's uncertainty map"},
        {"device", "DEVICE", "auto, cpu or cuda"},
        {"all", "", "also volumes that have a label of record"},
        {"no-regions", "", "skip the region map (it takes a second pass)"},
        {"no-score", "", "do not score the new pseudo-labels"}};
    for (const OptionSpec& option : uncertaintyOptionSpecs()) {
        options.push_back(option);
    }
    return {{"predict", "Label volumes with a trained model (pseudo-labels + uncertainty).",
             "PROJECT | --model BUNDLE INPUT... --out FOLDER",
             "Saves a pseudo-label version (provenance: the model version), a per-voxel\n"
             "uncertainty map (data/labels/ID-uncertainty.nii.gz) and an SGRS region map\n"
             "(data/labels/ID-regions.nii.gz: 0 background, 1 consistent, 2 inconsistent,\n"
             "3 uncertain) for every volume without a label of record (--all: every volume;\n"
             "a pseudo-label never replaces a label of record). When the\n"
             "project has a quality predictor, then scores the new pseudo-labels as\n"
             "`segloop-cli score` does (unless --no-score).\n"
             "With --model BUNDLE (export-model) and --out: no project; each INPUT (NIfTI file,\n"
             "folder of NIfTI files, DICOM folder) gets NAME_seg.nii.gz, a DICOM series also\n"
             "NAME_seg.dcm (DICOM SEG), --uncertainty NAME_uncertainty.nii.gz; predictions.csv.",
             1, SIZE_MAX, options},
            runPredict};
}

Command evaluateCommand() {
    return {{"evaluate",
             "Compare a model's predictions with the labels of record.",
             "PROJECT",
             "Per labelled volume and class: Dice, Jaccard, 95% Hausdorff distance and average\n"
             "symmetric surface distance in mm; then mean and standard deviation per class.",
             1,
             1,
             {{"model", "ID", "the model to evaluate (default: the newest)"},
              {"device", "DEVICE", "auto, cpu or cuda"},
              {"csv", "FILE", "also write the per-case table as CSV"}}},
            runEvaluate};
}

}  // namespace segloop::cli
