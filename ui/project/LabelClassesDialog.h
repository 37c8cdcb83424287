#pragma once

#include <cstdint>
#include <vector>

#include <QColor>
#include <QDialog>
#include <QString>

#include "storage/LabelSetRepository.h"

class QTableWidget;

namespace segloop {
class Project;
}

namespace segloop::ui {

/// Edits the classes of one label set after the project was made: a table of the classes
/// (index, name to edit, a colour swatch that opens QColorDialog) and "Add class" (the next
/// index, the default colour). Label maps store class indices, so renaming or recolouring never
/// changes what a saved label version means; classes cannot be removed.
///
/// apply() writes every rename, recolour and new class through LabelSetRepository in one
/// transaction: all of them, or none with the error in lastError(). OK applies (showing an
/// error in a message box) and closes; Cancel closes. Tests drive it without exec() through
/// apply() and the row accessors. Does not own the Project, which must outlive the dialog.
/// GUI thread only.
class LabelClassesDialog : public QDialog {
    Q_OBJECT

  public:
    LabelClassesDialog(Project& project, int64_t labelSetId, QWidget* parent = nullptr);

    /// Reads the label set again into the table, dropping edits not applied. false: the set
    /// could not be read (lastError()).
    bool reload();
    /// Writes the edits of the table; the table then shows the stored classes. false: nothing
    /// was written (lastError() says why). Emits applied() on success.
    bool apply();
    const QString& lastError() const { return lastError_; }

    /// Adds a row for a new class (written by apply()): the next index, a free "class N" name
    /// and the default colour of that index. Returns the row.
    int addClassRow();
    int rowCount() const;
    uint16_t classIndex(int row) const;
    QString className(int row) const;
    void setClassName(int row, const QString& name);
    QColor classColour(int row) const;
    void setClassColour(int row, const QColor& colour);

  Q_SIGNALS:
    /// The label set's classes changed in the project (after apply()).
    void applied();

  private:
    void addRow(uint16_t index, const QString& name, const QColor& colour);
    void chooseColour(int row);

    Project& project_;
    int64_t labelSetId_ = 0;
    LabelSet stored_;  ///< As last read from the project; rows past its classes are new.
    std::vector<QColor> colours_;
    QTableWidget* table_ = nullptr;
    QString lastError_;
};

}  // namespace segloop::ui
