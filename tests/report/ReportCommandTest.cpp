// `segloop-cli report` end to end on a real project (tiny CPU training with validation at every
// step, predictions, scores, review decisions), then the page in a real browser: headless
// Chromium's screenshot is not blank and its DOM, after the page's load event, shows every
// image decoded at its PNG's size. Runs under Xvfb; the browser part skips without chromium.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "ReportTestSupport.h"
#include "integration/CliTestSupport.h"
#include "report/Base64.h"
#include "storage/Project.h"

namespace segloop {
namespace {

using namespace test;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// Writes to the DOM, once the page's load event has fired, one line per <img>: its id,
/// whether it is complete and its natural size (0x0 when the browser could not decode it).
constexpr const char* kImageCheckScript = R"js(<script>
window.addEventListener('load', function () {
  var lines = [];
  document.querySelectorAll('img').forEach(function (img) {
    lines.push('image ' + img.id + ' ' + (img.complete ? 'complete' : 'incomplete') + ' ' +
               img.naturalWidth + 'x' + img.naturalHeight);
  });
  var out = document.createElement('pre');
  out.id = 'image-check';
  out.textContent = lines.join('\n') + '\nend of image check';
  document.body.appendChild(out);
});
</script>
)js";

constexpr const char* kChromiumFlags =
    " --headless --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run --hide-scrollbars";

/// Builds the project: 001, 003, 004 labelled, 006 not; a run recorded before curves were
/// kept (run 1); a tiny run validated at every step (run 2, with its quality predictor);
/// 006 predicted and rejected, then every volume predicted and 006's new label accepted.
void buildProject(const std::string& project) {
    initProject(project);
    importHippocampus(project, {"001", "003", "004"}, {"006"});
    Project::open(project).trainingRuns().start("supervised", "{}", 0);
    const CommandResult train =
        runCli("train '" + project +
               "' --method mean-teacher --iterations 4 --base-channels 4"
               " --levels 3 --patch 16x16x16 --device cpu --optimizer adam --validation-interval 1"
               " --quality-iterations 3");
    ASSERT_EQ(train.exitCode, 0) << train.output;
    ASSERT_TRUE(contains(train.output, "Quality predictor: model")) << train.output;
    const std::string metrics = project + "/data/models/run-2/metrics.csv";
    const std::string curve = readFile(metrics);
    EXPECT_EQ(std::count(curve.begin(), curve.end(), '\n'), 5) << curve;  // header + 4 steps
    EXPECT_TRUE(std::regex_search(curve, std::regex("\n4,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+\n")))
        << curve;
    const std::string fast = " --no-regions --mc-passes 2";
    for (const std::string& step :
         {"predict '" + project + "'" + fast, "review '" + project + "' 4 --reject",
          "predict '" + project + "' --all" + fast, "review '" + project + "' 4 --accept"}) {
        const CommandResult result = runCli(step);
        ASSERT_EQ(result.exitCode, 0) << step << "\n" << result.output;
    }
}

TEST(ReportCommand, WritesASelfContainedPageThatABrowserShows) {
    TempDir dir;
    const std::string project = dir.file("p");
    ASSERT_NO_FATAL_FAILURE(buildProject(project));

    const std::string page = dir.file("report.html");
    const CommandResult report = runCli("report '" + project + "' '" + page + "'");
    ASSERT_EQ(report.exitCode, 0) << report.output;
    EXPECT_TRUE(contains(report.output, "4 charts; 1 training runs with a curve, 1 without"))
        << report.output;
    // 001, 003, 004: their pseudo-labels of predict --all; 006: the rejected and the accepted one.
    EXPECT_TRUE(contains(report.output, "5 pseudo-labels compared with their label of record"))
        << report.output;
    const std::string html = readFile(page);
    for (const char* id :
         {"label-status", "training-curves", "quality", "per-case", "review-history"})
        EXPECT_TRUE(contains(html, std::string("<section id=\"") + id + "\">")) << id;
    EXPECT_TRUE(contains(html, "no curve recorded"));
    EXPECT_TRUE(contains(html, "<td class=\"text\">accepted v"));
    EXPECT_FALSE(contains(html, "<script"));
    const std::vector<std::string> payloads = dataUriImages(html);
    ASSERT_EQ(payloads.size(), 4u);
    std::vector<std::pair<int, int>> sizes;
    for (const std::string& payload : payloads) {
        const auto bytes = report::base64Decode(payload);
        ASSERT_TRUE(bytes.has_value());
        ASSERT_TRUE(hasPngSignature(*bytes));
        sizes.push_back(pngHeaderSize(*bytes));
        const DecodedPng image = decodePng(*bytes);
        EXPECT_EQ(std::make_pair(image.width, image.height), sizes.back());
        EXPECT_GT(distinctColours(image), 10u);
    }
    EXPECT_EQ(sizes[0], std::make_pair(900, 300));  // label status
    EXPECT_EQ(sizes[1], std::make_pair(900, 360));  // run 2's curve

    // Without a display the command says what to do instead of letting VTK abort.
    const CommandResult headless =
        runCommand("env -u DISPLAY '" + cliPath() + "' report '" + project + "' '" + page + "'");
    EXPECT_EQ(headless.exitCode, 1) << headless.output;
    EXPECT_TRUE(contains(headless.output, "xvfb-run")) << headless.output;

    if (runCommand("command -v chromium").exitCode != 0)
        GTEST_SKIP() << "chromium is not installed: the page was not opened in a browser";
    const std::string profile = dir.file("chromium-profile");
    const std::string screenshot = dir.file("screenshot.png");
    const CommandResult shot =
        runCommand("(timeout 180 chromium" + std::string(kChromiumFlags) + " --user-data-dir='" +
                   profile + "' --screenshot='" + screenshot +
                   "' --window-size=1200,1600 'file://" + page + "' 2>/dev/null)");
    ASSERT_TRUE(std::filesystem::exists(screenshot)) << shot.output;
    const std::string shotBytes = readFile(screenshot);
    const DecodedPng shown = decodePng({shotBytes.begin(), shotBytes.end()});
    EXPECT_EQ(shown.width, 1200);
    EXPECT_EQ(shown.height, 1600);
    EXPECT_GT(distinctColours(shown), 200u) << "a blank or text-only page";
    EXPECT_GT(inkFraction(shown), 0.03);
    if (const char* folder = std::getenv("SEGLOOP_REPORT_SCREENSHOT_DIR"))
        std::filesystem::copy_file(screenshot, std::string(folder) + "/report.png",
                                   std::filesystem::copy_options::overwrite_existing);

    // The same page with a script that lists each image's decoded size once it has loaded.
    std::string checked = html;
    checked.insert(checked.rfind("</body>"), kImageCheckScript);
    const std::string checkedPage = dir.file("checked.html");
    std::ofstream(checkedPage, std::ios::binary) << checked;
    const std::string dom = dir.file("dom.html");
    runCommand("(timeout 180 chromium" + std::string(kChromiumFlags) + " --user-data-dir='" +
               profile + "' --virtual-time-budget=10000 --dump-dom 'file://" + checkedPage +
               "' 2>/dev/null > '" + dom + "')");
    const std::string dumped = readFile(dom);
    ASSERT_TRUE(contains(dumped, "end of image check")) << dumped.substr(0, 2000);
    const char* ids[] = {"chart-label-status", "chart-run-2", "chart-quality",
                         "chart-review-history"};
    for (size_t n = 0; n < 4; ++n) {
        const std::string line = "image " + std::string(ids[n]) + " complete " +
                                 std::to_string(sizes[n].first) + "x" +
                                 std::to_string(sizes[n].second);
        EXPECT_TRUE(contains(dumped, line))
            << line << "\n"
            << dumped.substr(std::min(dumped.size(), dumped.rfind("<pre")));
    }
}

}  // namespace
}  // namespace segloop
