#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace segloop::report {

using Rgb = std::array<uint8_t, 3>;

/// One data series of a chart: points (x[i], y[i]) drawn in one style and colour.
struct ChartSeries {
    enum class Style { Line, LineWithMarkers, Points, Bars };
    std::string name;  ///< its legend entry
    std::vector<double> x;
    std::vector<double> y;
    Rgb colour{31, 119, 180};
    Style style = Style::Line;
    bool rightAxis = false;  ///< drawn against the right-hand y axis (e.g. Dice beside a loss)
};

/// An axis: its title and, when both are set, a fixed range (else VTK picks one).
struct ChartAxis {
    std::string title;
    std::optional<double> minimum;
    std::optional<double> maximum;
};

/// A 2D chart to draw (vtkChartXY): title, axes, series, size in pixels.
struct ChartSpec {
    std::string title;
    ChartAxis x;
    ChartAxis y;
    ChartAxis yRight;  ///< shown when a series has rightAxis
    /// Category names at x = 0, 1, 2, ... (bar charts); empty: numeric ticks. Long lists show
    /// every n-th name so that they do not overlap.
    std::vector<std::string> xCategories;
    std::vector<ChartSeries> series;
    int widthPx = 900;
    int heightPx = 360;
    bool legend = true;           ///< shown when there are two or more series
    bool legendAtBottom = false;  ///< bottom right of the plot instead of top right
};

/// An encoded PNG image in memory and its size.
struct PngImage {
    std::vector<unsigned char> bytes;
    int widthPx = 0;
    int heightPx = 0;
};

/// Draws charts with VTK's charts (vtkChartXY in a vtkContextView whose render window renders
/// off screen) and encodes them as PNG in memory (vtkWindowToImageFilter + vtkPNGWriter).
///
/// Debian's VTK 9.1 renders through GLX only (no EGL or OSMesa build): an off-screen window
/// still needs an X display, a virtual one (Xvfb, `xvfb-run -a`) will do. Without one the
/// constructor throws Error instead of letting VTK abort the process. Owns one render window;
/// use it on one thread (a GUI's: the GUI thread), one chart at a time.
class ChartRenderer {
  public:
    ChartRenderer();
    ~ChartRenderer();
    ChartRenderer(const ChartRenderer&) = delete;
    ChartRenderer& operator=(const ChartRenderer&) = delete;

    /// One chart as a PNG of spec.widthPx x spec.heightPx.
    PngImage png(const ChartSpec& spec);
    /// Charts one below the other in one PNG (as wide as the widest; narrower ones padded
    /// white on the right).
    PngImage stackedPng(const std::vector<ChartSpec>& specs);

  private:
    struct Pipeline;
    std::unique_ptr<Pipeline> pipeline_;
};

/// Whether an X display can be opened for off-screen rendering; when not, `why` says what to
/// do. Cheap (opens and closes a connection).
bool offscreenDisplayAvailable(std::string* why = nullptr);

/// Writes `image` to `path` through a temporary file renamed into place. Throws Error naming
/// the path when it cannot.
void writePngFile(const PngImage& image, const std::string& path);

}  // namespace segloop::report
