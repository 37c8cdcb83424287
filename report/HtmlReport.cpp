#include "report/HtmlReport.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/Error.h"
#include "report/Base64.h"
#include "report/ChartImage.h"
#include "report/ReportCharts.h"
#include "storage/Timestamp.h"

namespace segloop::report {
namespace {

constexpr const char* kStyle = R"css(
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 24px 32px; color: #222;
       max-width: 1100px; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; border-bottom: 2px solid #1f77b4; padding-bottom: 3px; margin-top: 32px; }
h3 { font-size: 16px; margin: 18px 0 4px; }
.meta, .note { color: #666; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th { background: #eef3f8; }
td.text, th.text { text-align: left; white-space: nowrap; }
th.group { text-align: center; }
div.wide { overflow-x: auto; }
img.chart { display: block; margin: 8px 0; border: 1px solid #ddd; }
)css";

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

/// `value` with `digits` decimals; "n/a" for NaN.
std::string fixed(double value, int digits) {
    if (std::isnan(value))
        return "n/a";
    char text[40];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    return text;
}

std::string cell(const std::string& text, bool isText = false) {
    return std::string(isText ? "<td class=\"text\">" : "<td>") + escape(text) + "</td>";
}

/// Draws `spec` and returns its <img>, counting it in `summary`.
std::string chartImage(ChartRenderer& renderer, const ChartSpec& spec, const std::string& id,
                       HtmlReportSummary& summary) {
    const PngImage png = renderer.png(spec);
    ++summary.images;
    return "<img class=\"chart\" id=\"" + id + "\" alt=\"" + escape(spec.title) + "\" width=\"" +
           std::to_string(png.widthPx) + "\" height=\"" + std::to_string(png.heightPx) +
           "\" src=\"data:image/png;base64," + base64Encode(png.bytes) + "\">\n";
}

std::string labelStatusSection(const ProjectReport& report, ChartRenderer& renderer,
                               HtmlReportSummary& summary) {
    const ProjectSummary& s = report.summary;
    std::string html = "<section id=\"label-status\">\n<h2>Label status</h2>\n<table><tr>";
    for (const char* name : {"volumes", "human", "corrected", "accepted", "pseudo only",
                             "unlabelled", "awaiting review"})
        html += std::string("<th>") + name + "</th>";
    html += "</tr>\n<tr>";
    for (int64_t count : {s.volumes, s.volumesHuman, s.volumesCorrected, s.volumesAccepted,
                          s.volumesPseudo, s.volumesUnlabelled, s.volumesAwaitingReview})
        html += cell(std::to_string(count));
    html += "</tr></table>\n";
    html += chartImage(renderer, labelStatusChart(s), "chart-label-status", summary);
    return html + "</section>\n";
}

std::string trainingSection(const ProjectReport& report, ChartRenderer& renderer,
                            HtmlReportSummary& summary) {
    std::string html = "<section id=\"training-curves\">\n<h2>Training curves</h2>\n";
    if (report.runs.empty())
        html += "<p class=\"note\">No training run yet.</p>\n";
    for (const ReportTrainingRun& run : report.runs) {
        const TrainingRunRecord& record = run.run;
        html += "<h3>Run " + std::to_string(record.id) + ": " + escape(record.method) + " (" +
                toString(record.status) + ")</h3>\n<p class=\"meta\">started " +
                escape(readableTimestamp(record.startedAt));
        if (record.finishedAt)
            html += ", ended " + escape(readableTimestamp(*record.finishedAt));
        html += ", dataset revision " + std::to_string(record.datasetRevision);
        if (!run.curve.empty())
            html += ", " + std::to_string(run.curve.back().iteration) + " iterations";
        if (!run.modelName.empty())
            html += ", model " + escape(run.modelName);
        if (run.bestValidationDice)
            html += ", best validation Dice " + fixed(*run.bestValidationDice, 4);
        if (!record.message.empty())
            html += "; " + escape(record.message);
        html += "</p>\n";
        if (const auto chart = trainingCurveChart(run)) {
            html += chartImage(renderer, *chart, "chart-run-" + std::to_string(record.id), summary);
            ++summary.runsWithCurve;
        } else {
            html += "<p class=\"note\">" + escape(run.curveNote) + "</p>\n";
            ++summary.runsWithoutCurve;
        }
    }
    return html + "</section>\n";
}

std::string qualitySection(const ProjectReport& report, ChartRenderer& renderer,
                           HtmlReportSummary& summary) {
    std::string html =
        "<section id=\"quality\">\n<h2>Predicted quality against true Dice</h2>\n"
        "<p>Pseudo-labels whose volumes now have a label of record, compared with "
        "it (mean Dice over the classes), against the Dice a quality predictor "
        "predicted when it scored them.</p>\n";
    double sumX = 0, sumY = 0, sumXX = 0, sumYY = 0, sumXY = 0, absolute = 0;
    size_t count = 0;
    for (const ReportPseudoLabelComparison& comparison : report.comparisons) {
        if (!comparison.predictedQuality)
            continue;
        const double x = *comparison.predictedQuality, y = comparison.trueDice;
        sumX += x;
        sumY += y;
        sumXX += x * x;
        sumYY += y * y;
        sumXY += x * y;
        absolute += std::fabs(x - y);
        ++count;
    }
    summary.comparisons = report.comparisons.size();
    summary.scoredComparisons = count;
    const auto chart = qualityChart(report.comparisons);
    if (!chart) {
        html += "<p class=\"note\">No scored pseudo-label has a label of record yet (" +
                std::to_string(report.comparisons.size()) + " compared, none scored).</p>\n";
        return html + "</section>\n";
    }
    const double n = double(count);
    const double covariance = sumXY / n - sumX * sumY / (n * n);
    const double spread =
        std::sqrt((sumXX / n - sumX * sumX / (n * n)) * (sumYY / n - sumY * sumY / (n * n)));
    html += "<p class=\"meta\">" + std::to_string(count) + " scored of " +
            std::to_string(report.comparisons.size()) + " compared; mean absolute error " +
            fixed(absolute / n, 4);
    if (count >= 3 && spread > 1e-12)
        html += ", Pearson r " + fixed(covariance / spread, 3);
    html += "</p>\n" + chartImage(renderer, *chart, "chart-quality", summary);
    return html + "</section>\n";
}

std::string perCaseSection(const ProjectReport& report) {
    std::string html = "<section id=\"per-case\">\n<h2>Per-case metrics</h2>\n";
    if (report.comparisons.empty())
        return html +
               "<p class=\"note\">No pseudo-label has a label of record to compare "
               "with yet.</p>\n</section>\n";
    html +=
        "<p>Each pseudo-label against its volume's label of record: Dice, Jaccard, 95% "
        "Hausdorff distance and average symmetric surface distance in mm per class (n/a: "
        "one side empty); predicted: the quality predictor's Dice.</p>\n"
        "<div class=\"wide\"><table>\n<tr><th rowspan=\"2\">volume</th>"
        "<th rowspan=\"2\" class=\"text\">case</th><th rowspan=\"2\">pseudo-label</th>"
        "<th rowspan=\"2\" class=\"text\">model</th><th rowspan=\"2\" class=\"text\">"
        "label of record</th><th rowspan=\"2\">predicted</th><th rowspan=\"2\">mean "
        "Dice</th>";
    std::string metricNames;
    for (const LabelClass& labelClass : report.classes) {
        html += "<th colspan=\"4\" class=\"group\">" + escape(labelClass.name) + "</th>";
        metricNames += "<th>Dice</th><th>Jaccard</th><th>HD95</th><th>ASD</th>";
    }
    html += "</tr>\n<tr>" + metricNames + "</tr>\n";
    for (const ReportPseudoLabelComparison& c : report.comparisons) {
        html += "<tr>" + cell(std::to_string(c.volumeId)) + cell(c.caseName, true) +
                cell("v" + std::to_string(c.pseudoLabelId)) + cell(c.modelName, true) +
                cell(std::string(toString(c.labelOfRecordKind)) + " v" +
                         std::to_string(c.labelOfRecordId),
                     true) +
                cell(c.predictedQuality ? fixed(*c.predictedQuality, 3) : "-") +
                cell(fixed(c.trueDice, 3));
        for (const ClassMetrics& m : c.perClass)
            html += cell(fixed(m.dice, 3)) + cell(fixed(m.jaccard, 3)) +
                    cell(fixed(m.hausdorff95Mm, 2)) + cell(fixed(m.averageSurfaceMm, 2));
        html += "</tr>\n";
    }
    return html + "</table></div>\n</section>\n";
}

std::string reviewSection(const ProjectReport& report, ChartRenderer& renderer,
                          HtmlReportSummary& summary) {
    std::string html = "<section id=\"review-history\">\n<h2>Review history</h2>\n";
    const auto chart = reviewHistoryChart(report.reviewDays);
    if (!chart)
        return html + "<p class=\"note\">No review decision yet.</p>\n</section>\n";
    html += chartImage(renderer, *chart, "chart-review-history", summary);
    html +=
        "<table><tr><th class=\"text\">day (UTC)</th><th>accepted</th><th>corrected</th>"
        "<th>rejected</th></tr>\n";
    for (const ReportReviewDay& day : report.reviewDays) {
        if (day.accepted + day.corrected + day.rejected == 0)
            continue;
        html += "<tr>" + cell(day.date, true) + cell(std::to_string(day.accepted)) +
                cell(std::to_string(day.corrected)) + cell(std::to_string(day.rejected)) +
                "</tr>\n";
    }
    return html + "</table>\n</section>\n";
}

}  // namespace

std::string htmlReport(const ProjectReport& report, ChartRenderer& renderer,
                       HtmlReportSummary* summary) {
    HtmlReportSummary counts;
    const std::string name = report.projectName.empty()
                                 ? std::filesystem::path(report.projectFolder).filename().string()
                                 : report.projectName;
    const ProjectSummary& s = report.summary;
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>SegLoop report: " +
        escape(name) + "</title>\n<style>" + kStyle +
        "</style>\n</head>\n<body>\n<h1>SegLoop report: " + escape(name) +
        "</h1>\n<p class=\"meta\">" + escape(report.projectFolder) + ", generated " +
        escape(readableTimestamp(report.generatedAt)) + ": " + std::to_string(s.volumes) +
        " volumes, " + std::to_string(s.labelVersions) + " label versions, " +
        std::to_string(s.models) + " models, " + std::to_string(s.trainingRuns) +
        " training runs, dataset revision " + std::to_string(s.datasetRevision) + ".</p>\n";
    html += labelStatusSection(report, renderer, counts);
    html += trainingSection(report, renderer, counts);
    html += qualitySection(report, renderer, counts);
    html += perCaseSection(report);
    html += reviewSection(report, renderer, counts);
    html += "</body>\n</html>\n";
    counts.bytes = html.size();
    if (summary)
        *summary = counts;
    return html;
}

HtmlReportSummary writeHtmlReport(const ProjectReport& report, const std::string& path) {
    ChartRenderer renderer;
    HtmlReportSummary summary;
    const std::string html = htmlReport(report, renderer, &summary);
    const std::string temporary = path + ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error(path, "cannot write the report here");
        out.write(html.data(), std::streamsize(html.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary);
            throw Error(path, "cannot write the report (disk full?)");
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary);
        throw Error(path, "cannot write the report: " + error.message());
    }
    return summary;
}

}  // namespace segloop::report
