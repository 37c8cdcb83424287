#pragma once

#include <optional>
#include <string>
#include <vector>

#include <QWidget>

#include "core/metrics/ClassVolumes.h"

class QTableWidget;

namespace segloop::ui {

/// The "Measurements" panel: the voxel count and volume in mL of each class of the label map
/// being edited (core's measureClassVolumes), as a table of class, voxels and mL.
///
/// showLabels() measures at once (one pass over the voxels, on the calling thread) and keeps
/// only the numbers, per slice, never the map: the window calls it on a case switch, and
/// labelsChanged() after each edit, undo and redo, which counts only the slices the edit
/// touched (a stroke on a 512x512x300 case: about a millisecond). GUI thread only.
class ClassVolumePanel : public QWidget {
    Q_OBJECT

  public:
    explicit ClassVolumePanel(QWidget* parent = nullptr);

    /// Measures `labels` for classes 1..N, where class n + 1 is named `classNames[n]`; with no
    /// names, the classes 1..largest present, named "label N". nullptr (no case open) empties
    /// the table.
    void showLabels(const LabelMap* labels, const std::vector<std::string>& classNames);
    /// `labels` changed on slices `firstSlice`..`lastSlice` only (same map as shown).
    void labelsChanged(const LabelMap& labels, int64_t firstSlice, int64_t lastSlice);

    /// The numbers shown, one per row.
    const std::vector<ClassVolume>& volumes() const { return volumes_; }
    QTableWidget& table() const { return *table_; }

  private:
    void fillTable();

    QTableWidget* table_ = nullptr;
    std::optional<SliceClassCounts> counts_;
    std::vector<QString> names_;
    std::vector<ClassVolume> volumes_;
};

}  // namespace segloop::ui
