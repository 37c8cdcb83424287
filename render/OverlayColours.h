#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <vtkSmartPointer.h>

#include "render/OverlayContent.h"

class vtkLookupTable;

namespace segloop::render {

using Rgb = std::array<double, 3>;  ///< 0..1

/// Colours of label classes 1..n (index 0, background, is never drawn). A project's label set
/// normally supplies them; this palette fills in for classes it does not name.
std::vector<Rgb> defaultClassColours(int classCount);

/// Codes of the SGRS region overlay (a uint8 volume on the image's grid).
enum class SgrsRegion : uint8_t { None = 0, Consistent = 1, Inconsistent = 2, Uncertain = 3 };

/// Codes of the comparison overlay (pseudo-label against its corrected version).
enum class LabelChange : uint8_t { Same = 0, Removed = 1, Added = 2, Relabelled = 3 };

/// Index lookup for a label map: entry c is class c's colour (opaque), entry 0 transparent.
/// `classColours[0]` is class 1's colour; classes beyond the list take the default palette.
vtkSmartPointer<vtkLookupTable> makeClassLookupTable(const std::vector<Rgb>& classColours,
                                                     int maxClass);
/// Index lookup for SgrsRegion codes: consistent green, inconsistent red, uncertain yellow.
vtkSmartPointer<vtkLookupTable> makeSgrsRegionLookupTable();
/// Index lookup for LabelChange codes: removed red, added green, relabelled orange.
vtkSmartPointer<vtkLookupTable> makeLabelChangeLookupTable();
/// "Hot" heat map over [lower, upper]: black-red-yellow-white, transparent at `lower`, opaque
/// from the middle up, so that certain regions leave the image visible.
vtkSmartPointer<vtkLookupTable> makeHeatLookupTable(double lower, double upper);

std::vector<LegendEntry> sgrsRegionLegend();
std::vector<LegendEntry> labelChangeLegend();

}  // namespace segloop::render
