#pragma once

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
/// only the numbers, never the map: the window calls it after each edit, undo, redo and case
/// switch. GUI thread only.
class ClassVolumePanel : public QWidget {
    Q_OBJECT

  public:
    explicit ClassVolumePanel(QWidget* parent = nullptr);

    /// Measures `labels` for classes 1..N, where class n + 1 is named `classNames[n]`; with no
    /// names, the classes 1..largest present, named "label N". nullptr (no case open) empties
    /// the table.
    void showLabels(const LabelMap* labels, const std::vector<std::string>& classNames);

    /// The numbers shown, one per row.
    const std::vector<ClassVolume>& volumes() const { return volumes_; }
    QTableWidget& table() const { return *table_; }

  private:
    QTableWidget* table_ = nullptr;
    std::vector<ClassVolume> volumes_;
};

}  // namespace segloop::ui
