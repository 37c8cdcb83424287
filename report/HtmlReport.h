#pragma once

#include <cstddef>
#include <string>

#include "workflow/ProjectReport.h"

namespace segloop::report {

class ChartRenderer;

/// What a written report holds, for the CLI's one-line summary and tests.
struct HtmlReportSummary {
    size_t images = 0;             ///< inline PNG charts
    size_t runsWithCurve = 0;      ///< training runs drawn
    size_t runsWithoutCurve = 0;   ///< listed with their note ("no curve recorded")
    size_t comparisons = 0;        ///< pseudo-labels compared with a label of record
    size_t scoredComparisons = 0;  ///< ... of which a quality predictor had scored
    size_t bytes = 0;              ///< size of the page
};

/// The project report as one self-contained HTML page: sections `label-status`,
/// `training-curves`, `quality`, `per-case` and `review-history` (their ids), each chart an
/// `<img>` whose source is a PNG data URI drawn by `renderer` (no external file, no script).
/// Texts from the project are HTML-escaped. The renderer's thread.
std::string htmlReport(const ProjectReport& report, ChartRenderer& renderer,
                       HtmlReportSummary* summary = nullptr);

/// Draws the report (its own ChartRenderer: needs an X display, see ChartRenderer) and writes
/// it to `path` through a temporary file renamed into place. Throws Error naming the path (or
/// "charts" without a display).
HtmlReportSummary writeHtmlReport(const ProjectReport& report, const std::string& path);

}  // namespace segloop::report
