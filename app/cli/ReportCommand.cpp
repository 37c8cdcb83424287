// `report`: the project as one self-contained HTML page with VTK charts (builds with VTK only).
#include <cstdio>

#include "app/cli/Commands.h"
#include "core/Error.h"

#ifdef SEGLOOP_WITH_REPORT
#include "app/cli/TerminalProgress.h"
#include "report/ChartImage.h"
#include "report/HtmlReport.h"
#include "storage/Project.h"
#include "workflow/ProjectReport.h"
#endif

namespace segloop::cli {
namespace {

int runReport(const ParsedArguments& arguments) {
#ifdef SEGLOOP_WITH_REPORT
    std::string why;
    if (!report::offscreenDisplayAvailable(&why)) {
        throw Error("report", why);  // before the slow part, not after it
    }
    Project project = Project::open(arguments.positional[0], ProjectAccess::Browse);
    TerminalProgress progress;
    const ProjectReport data = readProjectReport(project, &progress);
    progress.finish();
    const std::string& output = arguments.positional[1];
    const report::HtmlReportSummary written = report::writeHtmlReport(data, output);
    std::printf(
        "Wrote %s (%zu KiB): %zu charts; %zu training runs with a curve, %zu without; "
        "%zu pseudo-labels compared with their label of record (%zu scored)\n",
        output.c_str(), (written.bytes + 1023) / 1024, written.images, written.runsWithCurve,
        written.runsWithoutCurve, written.comparisons, written.scoredComparisons);
    return kExitOk;
#else
    (void)arguments;
    throw Error("report",
                "this segloop-cli was built without VTK (SEGLOOP_GUI=OFF), which draws the "
                "report's charts: use a build with the desktop libraries");
#endif
}

}  // namespace

Command reportCommand() {
    return {{"report",
             "Write the project as one HTML page with charts.",
             "PROJECT OUT.html",
             "Writes a self-contained HTML page (charts inline as PNG, no other files): the\n"
             "label status, each training run's loss and validation Dice per iteration (from\n"
             "its data/models/run-N/metrics.csv; older runs: \"no curve recorded\"), predicted\n"
             "quality against the true Dice of the pseudo-labels whose volumes now have a\n"
             "label of record, their per-case metrics, and the review decisions per day.\n"
             "Charts are drawn by VTK off screen, which needs an X display: without one, run\n"
             "it under a virtual one (xvfb-run -a segloop-cli report ...).",
             2,
             2,
             {}},
            runReport};
}

}  // namespace segloop::cli
