#include "report/ChartImage.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkDoubleArray.h>
#include <vtkImageAppend.h>
#include <vtkImageConstantPad.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPlot.h>
#include <vtkPlotPoints.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkStringArray.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include "core/Error.h"

namespace segloop::report {
namespace {

constexpr int kMaxCategoryLabels = 16;  ///< more categories: every n-th name on the axis

void styleAxis(vtkAxis* axis, const ChartAxis& spec) {
    axis->SetTitle(spec.title);
    axis->GetTitleProperties()->SetFontSize(14);
    axis->GetLabelProperties()->SetFontSize(12);
    if (spec.minimum && spec.maximum) {
        axis->SetBehavior(vtkAxis::FIXED);
        axis->SetRange(*spec.minimum, *spec.maximum);
    }
}

/// Names at x = 0, 1, ... as the bottom axis's ticks, at most kMaxCategoryLabels of them.
void setCategoryTicks(vtkAxis* axis, const std::vector<std::string>& names) {
    vtkNew<vtkDoubleArray> positions;
    vtkNew<vtkStringArray> labels;
    const size_t every = names.size() / kMaxCategoryLabels + 1;
    for (size_t n = 0; n < names.size(); n += every) {
        positions->InsertNextValue(double(n));
        labels->InsertNextValue(names[n]);
    }
    axis->SetCustomTickPositions(positions, labels);
    axis->SetBehavior(vtkAxis::FIXED);
    axis->SetRange(-0.6, double(names.size()) - 0.4);
}

int plotType(ChartSeries::Style style) {
    switch (style) {
        case ChartSeries::Style::Points:
            return vtkChart::POINTS;
        case ChartSeries::Style::Bars:
            return vtkChart::BAR;
        default:
            return vtkChart::LINE;
    }
}

void addSeries(vtkChartXY& chart, const ChartSeries& series) {
    vtkNew<vtkTable> table;
    vtkNew<vtkDoubleArray> x;
    x->SetName("x");
    vtkNew<vtkDoubleArray> y;
    y->SetName(series.name.empty() ? "y" : series.name.c_str());
    const size_t count = std::min(series.x.size(), series.y.size());
    for (size_t n = 0; n < count; ++n) {
        x->InsertNextValue(series.x[n]);
        y->InsertNextValue(series.y[n]);
    }
    table->AddColumn(x);
    table->AddColumn(y);
    vtkPlot* plot = chart.AddPlot(plotType(series.style));
    plot->SetInputData(table, 0, 1);  // the plot keeps the table
    plot->SetColor(series.colour[0], series.colour[1], series.colour[2], 255);
    plot->SetWidth(series.style == ChartSeries::Style::Line ? 2.0f : 1.5f);
    plot->SetLabel(series.name);
    if (auto* points = vtkPlotPoints::SafeDownCast(plot)) {
        const bool markers = series.style == ChartSeries::Style::Points ||
                             series.style == ChartSeries::Style::LineWithMarkers;
        points->SetMarkerStyle(markers ? vtkPlotPoints::CIRCLE : vtkPlotPoints::NONE);
        points->SetMarkerSize(series.style == ChartSeries::Style::Points ? 9.0f : 7.0f);
    }
    if (series.rightAxis)
        chart.SetPlotCorner(plot, 1);
}

}  // namespace

/// The off-screen view every chart of one renderer is drawn in.
struct ChartRenderer::Pipeline {
    vtkNew<vtkContextView> view;
};

ChartRenderer::ChartRenderer() {
    std::string why;
    if (!offscreenDisplayAvailable(&why))
        throw Error("charts", why);
    pipeline_ = std::make_unique<Pipeline>();
    vtkRenderWindow* window = pipeline_->view->GetRenderWindow();
    window->SetOffScreenRendering(1);
    window->SetMultiSamples(0);
    pipeline_->view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);
}

ChartRenderer::~ChartRenderer() = default;

namespace {

/// Draws `spec` in `view` and returns the window's pixels (RGB, bottom row first).
vtkSmartPointer<vtkImageData> drawChart(vtkContextView& view, const ChartSpec& spec) {
    view.GetScene()->ClearItems();
    vtkNew<vtkChartXY> chart;
    view.GetScene()->AddItem(chart);
    chart->SetTitle(spec.title);
    chart->GetTitleProperties()->SetFontSize(16);
    chart->GetTitleProperties()->SetBold(true);
    styleAxis(chart->GetAxis(vtkAxis::BOTTOM), spec.x);
    styleAxis(chart->GetAxis(vtkAxis::LEFT), spec.y);
    styleAxis(chart->GetAxis(vtkAxis::RIGHT), spec.yRight);
    if (!spec.xCategories.empty())
        setCategoryTicks(chart->GetAxis(vtkAxis::BOTTOM), spec.xCategories);
    for (const ChartSeries& series : spec.series)
        addSeries(*chart, series);
    chart->SetShowLegend(spec.legend && spec.series.size() > 1);
    chart->GetLegend()->GetLabelProperties()->SetFontSize(12);
    chart->GetLegend()->SetVerticalAlignment(spec.legendAtBottom ? vtkChartLegend::BOTTOM
                                                                 : vtkChartLegend::TOP);

    vtkRenderWindow* window = view.GetRenderWindow();
    window->SetSize(std::max(spec.widthPx, 64), std::max(spec.heightPx, 64));
    window->Render();
    vtkNew<vtkWindowToImageFilter> grab;
    grab->SetInput(window);
    grab->SetInputBufferTypeToRGB();
    grab->ReadFrontBufferOff();
    grab->ShouldRerenderOff();
    grab->Update();
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->DeepCopy(grab->GetOutput());
    view.GetScene()->ClearItems();
    return image;
}

PngImage encodePng(vtkImageData* image) {
    vtkNew<vtkPNGWriter> writer;
    writer->WriteToMemoryOn();
    writer->SetInputData(image);
    writer->Write();
    PngImage png;
    vtkUnsignedCharArray* bytes = writer->GetResult();
    if (bytes == nullptr || bytes->GetNumberOfValues() == 0)
        throw Error("charts", "VTK's PNG writer produced no image");
    const unsigned char* data = bytes->GetPointer(0);
    png.bytes.assign(data, data + bytes->GetNumberOfValues());
    int dimensions[3] = {0, 0, 0};
    image->GetDimensions(dimensions);
    png.widthPx = dimensions[0];
    png.heightPx = dimensions[1];
    return png;
}

}  // namespace

PngImage ChartRenderer::png(const ChartSpec& spec) {
    return encodePng(drawChart(*pipeline_->view.Get(), spec));
}

PngImage ChartRenderer::stackedPng(const std::vector<ChartSpec>& specs) {
    if (specs.empty())
        throw Error("charts", "nothing to draw");
    int width = 0;
    for (const ChartSpec& spec : specs)
        width = std::max(width, std::max(spec.widthPx, 64));
    vtkNew<vtkImageAppend> append;
    append->SetAppendAxis(1);
    // VTK's images start at the bottom row: the last chart goes in first.
    for (auto spec = specs.rbegin(); spec != specs.rend(); ++spec) {
        vtkSmartPointer<vtkImageData> image = drawChart(*pipeline_->view.Get(), *spec);
        int extent[6];
        image->GetExtent(extent);
        vtkNew<vtkImageConstantPad> pad;  // narrower charts: white on the right
        pad->SetInputData(image);
        pad->SetConstant(255);
        pad->SetOutputWholeExtent(0, width - 1, extent[2], extent[3], 0, 0);
        pad->Update();
        auto padded = vtkSmartPointer<vtkImageData>::New();
        padded->DeepCopy(pad->GetOutput());
        append->AddInputData(padded);
    }
    append->Update();
    return encodePng(append->GetOutput());
}

void writePngFile(const PngImage& image, const std::string& path) {
    const std::string temporary = path + ".part";
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr)
        throw Error(path, "cannot write the image here");
    const bool written =
        std::fwrite(image.bytes.data(), 1, image.bytes.size(), file) == image.bytes.size();
    if (std::fclose(file) != 0 || !written) {
        std::filesystem::remove(temporary);
        throw Error(path, "cannot write the image (disk full?)");
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary);
        throw Error(path, "cannot write the image: " + error.message());
    }
}

}  // namespace segloop::report
