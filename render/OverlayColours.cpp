#include "render/OverlayColours.h"

#include <algorithm>

#include <vtkLookupTable.h>

namespace segloop::render {

namespace {

// Distinct, saturated colours (the first ones as in ITK-SNAP's default label colours).
const std::vector<Rgb> kPalette = {
    {1.0, 0.0, 0.0}, {0.0, 1.0, 0.0},   {0.0, 0.0, 1.0}, {1.0, 1.0, 0.0},   {0.0, 1.0, 1.0},
    {1.0, 0.0, 1.0}, {1.0, 0.94, 0.84}, {0.0, 0.0, 0.5}, {0.8, 0.52, 0.25}, {0.0, 0.5, 0.0},
};

constexpr Rgb kConsistent{0.1, 0.8, 0.2};
constexpr Rgb kInconsistent{0.9, 0.1, 0.1};
constexpr Rgb kUncertain{1.0, 0.85, 0.0};
constexpr Rgb kRemoved{0.9, 0.1, 0.1};
constexpr Rgb kAdded{0.1, 0.8, 0.2};
constexpr Rgb kRelabelled{1.0, 0.55, 0.0};

/// A lookup table over integer codes 0..count-1: the range is shifted by half a step so that
/// each integer falls in the middle of its own entry.
vtkSmartPointer<vtkLookupTable> makeIndexTable(int count) {
    auto table = vtkSmartPointer<vtkLookupTable>::New();
    table->SetNumberOfTableValues(count);
    table->SetTableRange(-0.5, static_cast<double>(count) - 0.5);
    table->SetTableValue(0, 0.0, 0.0, 0.0, 0.0);
    return table;
}

void setEntry(vtkLookupTable& table, int index, const Rgb& colour) {
    table.SetTableValue(index, colour[0], colour[1], colour[2], 1.0);
}

LegendEntry legendEntry(const char* name, const Rgb& colour) {
    return {name,
            {static_cast<float>(colour[0]), static_cast<float>(colour[1]),
             static_cast<float>(colour[2])}};
}

}  // namespace

std::vector<Rgb> defaultClassColours(int classCount) {
    std::vector<Rgb> colours;
    for (int index = 0; index < classCount; ++index) {
        colours.push_back(kPalette[static_cast<size_t>(index) % kPalette.size()]);
    }
    return colours;
}

vtkSmartPointer<vtkLookupTable> makeClassLookupTable(const std::vector<Rgb>& classColours,
                                                     int maxClass) {
    const int count = std::max(1, maxClass) + 1;
    auto table = makeIndexTable(count);
    const std::vector<Rgb> fallback = defaultClassColours(count);
    for (int label = 1; label < count; ++label) {
        const auto position = static_cast<size_t>(label - 1);
        setEntry(*table, label,
                 position < classColours.size() ? classColours[position] : fallback[position]);
    }
    return table;
}

vtkSmartPointer<vtkLookupTable> makeSgrsRegionLookupTable() {
    auto table = makeIndexTable(4);
    setEntry(*table, static_cast<int>(SgrsRegion::Consistent), kConsistent);
    setEntry(*table, static_cast<int>(SgrsRegion::Inconsistent), kInconsistent);
    setEntry(*table, static_cast<int>(SgrsRegion::Uncertain), kUncertain);
    return table;
}

vtkSmartPointer<vtkLookupTable> makeLabelChangeLookupTable() {
    auto table = makeIndexTable(4);
    setEntry(*table, static_cast<int>(LabelChange::Removed), kRemoved);
    setEntry(*table, static_cast<int>(LabelChange::Added), kAdded);
    setEntry(*table, static_cast<int>(LabelChange::Relabelled), kRelabelled);
    return table;
}

vtkSmartPointer<vtkLookupTable> makeHeatLookupTable(double lower, double upper) {
    constexpr int kEntries = 256;
    auto table = vtkSmartPointer<vtkLookupTable>::New();
    table->SetNumberOfTableValues(kEntries);
    table->SetTableRange(lower, upper > lower ? upper : lower + 1.0);
    for (int index = 0; index < kEntries; ++index) {
        const double t = static_cast<double>(index) / (kEntries - 1);
        table->SetTableValue(index, std::clamp(3.0 * t, 0.0, 1.0),
                             std::clamp(3.0 * t - 1.0, 0.0, 1.0),
                             std::clamp(3.0 * t - 2.0, 0.0, 1.0), std::clamp(2.0 * t, 0.0, 1.0));
    }
    table->SetBelowRangeColor(0.0, 0.0, 0.0, 0.0);
    table->UseBelowRangeColorOn();
    return table;
}

std::vector<LegendEntry> sgrsRegionLegend() {
    return {legendEntry("consistent", kConsistent), legendEntry("inconsistent", kInconsistent),
            legendEntry("uncertain", kUncertain)};
}

std::vector<LegendEntry> labelChangeLegend() {
    return {legendEntry("removed by correction", kRemoved),
            legendEntry("added by correction", kAdded), legendEntry("class changed", kRelabelled)};
}

}  // namespace segloop::render
