#include "ui/project/LabelClassesDialog.h"

#include <array>
#include <exception>

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "storage/DefaultClassColours.h"
#include "storage/Project.h"
#include "storage/db/Transaction.h"

namespace segloop::ui {
namespace {

enum Column { kIndexColumn = 0, kNameColumn = 1, kColourColumn = 2 };

QColor toQColor(const std::array<uint8_t, 3>& rgb) {
    return QColor(rgb[0], rgb[1], rgb[2]);
}

std::array<uint8_t, 3> toRgb(const QColor& colour) {
    return {uint8_t(colour.red()), uint8_t(colour.green()), uint8_t(colour.blue())};
}

}  // namespace

LabelClassesDialog::LabelClassesDialog(Project& project, int64_t labelSetId, QWidget* parent)
    : QDialog(parent), project_(project), labelSetId_(labelSetId) {
    setObjectName("labelClassesDialog");
    setWindowTitle(tr("Label classes"));
    auto* note = new QLabel(tr("Saved labels keep their classes: a label map stores the class "
                               "index, so a new name or colour applies to every saved label."),
                            this);
    note->setWordWrap(true);
    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName("classTable");
    table_->setHorizontalHeaderLabels({tr("Index"), tr("Name"), tr("Colour")});
    table_->horizontalHeader()->setSectionResizeMode(kNameColumn, QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    auto* add = new QPushButton(tr("Add class"), this);
    add->setObjectName("addClassButton");
    connect(add, &QPushButton::clicked, this, [this] { addClassRow(); });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName("labelClassesButtons");
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply()) {
            accept();
        } else {
            QMessageBox::warning(this, tr("Cannot change the label classes"), lastError_);
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* addRowLayout = new QHBoxLayout;
    addRowLayout->addWidget(add);
    addRowLayout->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(table_);
    layout->addLayout(addRowLayout);
    layout->addWidget(buttons);
    resize(460, 360);
    reload();
}

bool LabelClassesDialog::reload() {
    table_->setRowCount(0);
    colours_.clear();
    try {
        stored_ = project_.labelSets().get(labelSetId_);
    } catch (const std::exception& error) {
        stored_ = LabelSet{};
        lastError_ = QString::fromUtf8(error.what());
        return false;
    }
    for (const LabelClass& labelClass : stored_.classes) {
        addRow(labelClass.index, QString::fromStdString(labelClass.name),
               toQColor(labelClass.colourRgb));
    }
    return true;
}

bool LabelClassesDialog::apply() {
    lastError_.clear();
    try {
        LabelSetRepository labelSets = project_.labelSets();
        Transaction transaction(project_.database());  // every edit of the table, or none
        for (int row = 0; row < rowCount(); ++row) {
            const std::string name = className(row).trimmed().toStdString();
            const std::array<uint8_t, 3> colour = toRgb(colours_[size_t(row)]);
            if (row >= int(stored_.classes.size())) {
                labelSets.addClass(labelSetId_, name, colour);
                continue;
            }
            const LabelClass& stored = stored_.classes[size_t(row)];
            if (name != stored.name) {
                labelSets.renameClass(labelSetId_, stored.index, name);
            }
            if (colour != stored.colourRgb) {
                labelSets.recolourClass(labelSetId_, stored.index, colour);
            }
        }
        transaction.commit();
    } catch (const std::exception& error) {
        lastError_ = QString::fromUtf8(error.what());
        return false;
    }
    reload();
    Q_EMIT applied();
    return true;
}

int LabelClassesDialog::addClassRow() {
    const int last = rowCount() == 0 ? 0 : int(classIndex(rowCount() - 1));
    if (last >= 65535) {
        lastError_ = tr("The label set has no free class index");
        return -1;
    }
    const auto index = uint16_t(last + 1);
    QString name;
    for (int number = index; name.isEmpty(); ++number) {
        name = tr("class %1").arg(number);
        for (int row = 0; row < rowCount(); ++row) {
            if (className(row).trimmed() == name) {
                name.clear();
            }
        }
    }
    addRow(index, name, toQColor(defaultClassColour(index)));
    return rowCount() - 1;
}

int LabelClassesDialog::rowCount() const {
    return table_->rowCount();
}

uint16_t LabelClassesDialog::classIndex(int row) const {
    return uint16_t(table_->item(row, kIndexColumn)->data(Qt::UserRole).toUInt());
}

QString LabelClassesDialog::className(int row) const {
    return table_->item(row, kNameColumn)->text();
}

void LabelClassesDialog::setClassName(int row, const QString& name) {
    table_->item(row, kNameColumn)->setText(name);
}

QColor LabelClassesDialog::classColour(int row) const {
    return colours_.at(size_t(row));
}

void LabelClassesDialog::setClassColour(int row, const QColor& colour) {
    colours_.at(size_t(row)) = colour;
    auto* button = qobject_cast<QPushButton*>(table_->cellWidget(row, kColourColumn));
    const QString hex = colour.name(QColor::HexRgb).toUpper();
    button->setText(hex);
    // Dark text on light colours, light text on dark ones.
    const QString text = colour.lightness() > 140 ? "#000000" : "#FFFFFF";
    button->setStyleSheet(QString("background-color: %1; color: %2;").arg(hex, text));
}

void LabelClassesDialog::addRow(uint16_t index, const QString& name, const QColor& colour) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* indexItem = new QTableWidgetItem(QString::number(index));
    indexItem->setData(Qt::UserRole, uint(index));
    indexItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    table_->setItem(row, kIndexColumn, indexItem);
    table_->setItem(row, kNameColumn, new QTableWidgetItem(name));
    auto* button = new QPushButton(table_);
    button->setObjectName(QString("colourButton%1").arg(index));
    button->setToolTip(tr("Choose the colour of class %1").arg(index));
    connect(button, &QPushButton::clicked, this, [this, row] { chooseColour(row); });
    table_->setCellWidget(row, kColourColumn, button);
    colours_.push_back(colour);
    setClassColour(row, colour);
}

void LabelClassesDialog::chooseColour(int row) {
    const QColor chosen = QColorDialog::getColor(colours_.at(size_t(row)), this,
                                                 tr("Colour of class %1").arg(classIndex(row)));
    if (chosen.isValid()) {
        setClassColour(row, chosen);
    }
}

}  // namespace segloop::ui
