// The report's drawing: VTK charts rendered off screen into PNG bytes (decoded again by VTK's
// reader: size, colours of the series), stacked charts, the HTML page of a report with its
// inline images, Base64, and the refusal without an X display. Runs under Xvfb.
#include <cstdlib>

#include <gtest/gtest.h>

#include "ReportTestSupport.h"
#include "core/Error.h"
#include "report/Base64.h"
#include "report/ChartImage.h"
#include "report/HtmlReport.h"
#include "report/ReportCharts.h"

namespace segloop::report {
namespace {

/// Whether some pixel is within `tolerance` of `colour` on every channel.
bool hasColour(const test::DecodedPng& image, const Rgb& colour, int tolerance = 12) {
    for (size_t n = 0; n + 2 < image.pixels.size(); n += size_t(image.components)) {
        if (std::abs(int(image.pixels[n]) - colour[0]) <= tolerance &&
            std::abs(int(image.pixels[n + 1]) - colour[1]) <= tolerance &&
            std::abs(int(image.pixels[n + 2]) - colour[2]) <= tolerance)
            return true;
    }
    return false;
}

ReportTrainingRun syntheticRun(int64_t id, int64_t steps) {
    ReportTrainingRun run;
    run.run.id = id;
    run.run.method = "sgrs";
    run.run.startedAt = "2025-06-01T10:11:12.000Z";
    for (int64_t n = 1; n <= steps; ++n) {
        TrainingMetricsRow row{n, 1.0 / double(n) + 0.05 * double(n % 3), 0.01, std::nullopt};
        if (n % 5 == 0)
            row.validationDice = 0.9 - 0.5 / double(n);
        run.curve.push_back(row);
    }
    return run;
}

TEST(Base64, RoundTripsEveryLengthAndRefusesGarbage) {
    EXPECT_EQ(base64Encode({'M', 'a', 'n'}), "TWFu");
    EXPECT_EQ(base64Encode({'M', 'a'}), "TWE=");
    EXPECT_EQ(base64Encode({'M'}), "TQ==");
    for (size_t length = 0; length < 40; ++length) {
        std::vector<unsigned char> bytes;
        for (size_t n = 0; n < length; ++n)
            bytes.push_back(static_cast<unsigned char>(n * 37 + 250));
        const auto back = base64Decode(base64Encode(bytes));
        ASSERT_TRUE(back.has_value()) << length;
        EXPECT_EQ(*back, bytes) << length;
    }
    EXPECT_FALSE(base64Decode("TWF").has_value());
    EXPECT_FALSE(base64Decode("TW!u").has_value());
    EXPECT_FALSE(base64Decode("T=Fu").has_value());
}

TEST(ChartImage, DrawsATrainingCurveAsAPng) {
    ChartRenderer renderer;
    const auto spec = trainingCurveChart(syntheticRun(3, 150));
    ASSERT_TRUE(spec.has_value());
    ASSERT_EQ(spec->series.size(), 3u);  // loss, its moving mean, validation Dice
    const PngImage png = renderer.png(*spec);
    EXPECT_EQ(png.widthPx, 900);
    EXPECT_EQ(png.heightPx, 360);
    EXPECT_EQ(test::pngHeaderSize(png.bytes), std::make_pair(900, 360));
    const test::DecodedPng image = test::decodePng(png.bytes);
    ASSERT_EQ(image.width, 900);
    ASSERT_EQ(image.height, 360);
    EXPECT_GT(test::distinctColours(image), 30u);
    EXPECT_GT(test::inkFraction(image), 0.01);
    EXPECT_LT(test::inkFraction(image), 0.6) << "the background is white";
    EXPECT_TRUE(hasColour(image, kLossColour)) << "no loss curve drawn";
    EXPECT_TRUE(hasColour(image, kDiceColour)) << "no validation Dice drawn";

    ReportTrainingRun empty = syntheticRun(4, 0);
    EXPECT_FALSE(trainingCurveChart(empty).has_value());
}

TEST(ChartImage, StacksChartsOneBelowTheOther) {
    ChartRenderer renderer;
    const std::vector<ChartSpec> charts = monitorCharts({0.9f, 0.7f, 0.6f, 0.5f}, {0.3f, 0.6f});
    ASSERT_EQ(charts.size(), 2u);
    const PngImage png = renderer.stackedPng(charts);
    EXPECT_EQ(png.widthPx, 900);
    EXPECT_EQ(png.heightPx, 720);
    const test::DecodedPng image = test::decodePng(png.bytes);
    ASSERT_EQ(image.height, 720);
    // The loss chart is on top: VTK's rows start at the bottom, so look in the upper half.
    test::DecodedPng top = image;
    top.pixels.erase(top.pixels.begin(), top.pixels.begin() + top.pixels.size() / 2);
    EXPECT_TRUE(hasColour(top, kLossColour));
    EXPECT_FALSE(hasColour(top, kDiceColour, 4));
    EXPECT_EQ(monitorCharts({0.5f}, {}).size(), 1u);
}

TEST(HtmlReport, HasEverySectionAndDecodableInlineImages) {
    ProjectReport report;
    report.projectFolder = "/data/p<1>";
    report.generatedAt = "2025-06-02T08:00:00.000Z";
    report.summary.volumes = 5;
    report.summary.volumesHuman = 2;
    report.summary.volumesPseudo = 2;
    report.summary.volumesUnlabelled = 1;
    report.classes = {{1, "anterior", {255, 0, 0}}, {2, "posterior", {0, 255, 0}}};
    ReportTrainingRun old;
    old.run.id = 1;
    old.run.method = "supervised";
    old.curveNote = "no curve recorded";
    report.runs = {old, syntheticRun(2, 20)};
    ReportPseudoLabelComparison scored;
    scored.volumeId = 3;
    scored.caseName = "hippocampus_004 & co";
    scored.predictedQuality = 0.7;
    scored.trueDice = 0.8;
    scored.perClass = {ClassMetrics{1, 0.8, 0.67, 1.5, 0.4, 10, 12},
                       ClassMetrics{2, 0.8, 0.67, 1.0, 0.3, 10, 12}};
    report.comparisons = {scored};
    report.reviewDays = {{"2025-06-01", 2, 1, 0}, {"2025-06-02", 0, 0, 1}};

    ChartRenderer renderer;
    HtmlReportSummary summary;
    const std::string html = htmlReport(report, renderer, &summary);
    for (const char* id :
         {"label-status", "training-curves", "quality", "per-case", "review-history"})
        EXPECT_EQ(test::occurrences(html, std::string("<section id=\"") + id + "\">"), 1u) << id;
    EXPECT_NE(html.find("no curve recorded"), std::string::npos);
    EXPECT_NE(html.find("hippocampus_004 &amp; co"), std::string::npos) << "not escaped";
    EXPECT_EQ(html.find("p<1>"), std::string::npos) << "not escaped";
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http"), std::string::npos) << "a self-contained page links nothing";
    EXPECT_EQ(summary.images, 4u);  // label status, run 2, quality, review history
    EXPECT_EQ(summary.runsWithCurve, 1u);
    EXPECT_EQ(summary.runsWithoutCurve, 1u);
    EXPECT_EQ(summary.scoredComparisons, 1u);
    const std::vector<std::string> images = test::dataUriImages(html);
    ASSERT_EQ(images.size(), 4u);
    for (const std::string& payload : images) {
        const auto bytes = base64Decode(payload);
        ASSERT_TRUE(bytes.has_value());
        const auto [width, height] = test::pngHeaderSize(*bytes);
        EXPECT_GT(width, 100);
        EXPECT_NE(
            html.find("width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
                      "\" src=\"data:image/png;base64," + payload.substr(0, 40)),
            std::string::npos);
        const test::DecodedPng image = test::decodePng(*bytes);
        EXPECT_EQ(image.width, width);
        EXPECT_GT(test::distinctColours(image), 10u);
    }
}

TEST(ChartImage, RefusesWithAMessageWithoutADisplay) {
    const char* display = std::getenv("DISPLAY");
    const std::string saved = display ? display : "";
    unsetenv("DISPLAY");
    std::string why;
    EXPECT_FALSE(offscreenDisplayAvailable(&why));
    EXPECT_NE(why.find("xvfb-run"), std::string::npos) << why;
    EXPECT_THROW(ChartRenderer(), Error);
    setenv("DISPLAY", ":99999", 1);  // set, but no such server
    EXPECT_FALSE(offscreenDisplayAvailable(&why));
    EXPECT_NE(why.find(":99999"), std::string::npos) << why;
    if (display)
        setenv("DISPLAY", saved.c_str(), 1);
    else
        unsetenv("DISPLAY");
}

}  // namespace
}  // namespace segloop::report
