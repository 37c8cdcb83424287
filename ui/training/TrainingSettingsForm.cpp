#include "ui/training/TrainingSettingsForm.h"

#include <climits>

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/Error.h"

namespace segloop::ui {
namespace {

/// "methods.sgrs_mix_mode" -> "Sgrs mix mode": the form's label, from the key.
QString labelOf(const std::string& key) {
    QString name = QString::fromStdString(key.substr(key.rfind('.') + 1)).replace('_', ' ');
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

QString toolTipOf(const SettingField& field) {
    const TrainingSettings defaults;
    QString tip = QString::fromStdString(field.help) + "\n" + QString::fromStdString(field.key);
    if (!field.rule.empty())
        tip += ", " + QString::fromStdString(field.rule);
    tip += "; default " + QString::fromStdString(shownSettingValue(field, defaults));
    if (!field.unit.empty())
        tip += " " + QString::fromStdString(field.unit);
    return tip;
}

/// A bounded whole number a QSpinBox can hold.
bool fitsSpinBox(const SettingField& field) {
    return field.kind == SettingKind::Integer && field.limits.numeric &&
           field.limits.low >= double(INT_MIN) && field.limits.high <= double(INT_MAX);
}

}  // namespace

TrainingSettingsForm::TrainingSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* basic = new QFormLayout();
    auto* advancedLayout = new QVBoxLayout();
    advancedLayout->setContentsMargins(0, 0, 0, 0);
    std::vector<std::pair<std::string, QFormLayout*>> groups;
    for (const SettingField& field : trainingSettingFields()) {
        if (field.shown == SettingShown::Hidden)
            continue;
        Row row{&field, makeEditor(field)};
        row.editor->setObjectName(QString::fromStdString("setting:" + field.key));
        row.editor->setToolTip(toolTipOf(field));
        rows_.push_back(row);
        if (field.shown == SettingShown::Basic) {
            basic->addRow(labelOf(field.key), row.editor);
            continue;
        }
        QFormLayout* group = nullptr;
        for (const auto& [name, layout] : groups)
            if (name == field.group)
                group = layout;
        if (group == nullptr) {
            auto* box = new QGroupBox(QString::fromStdString(field.group));
            group = new QFormLayout(box);
            groups.emplace_back(field.group, group);
            advancedLayout->addWidget(box);
        }
        group->addRow(labelOf(field.key), row.editor);
    }
    advanced_ = new QWidget(this);
    advanced_->setObjectName("settingsAdvanced");
    advanced_->setLayout(advancedLayout);
    advanced_->hide();
    auto* toggle = new QToolButton(this);
    toggle->setObjectName("settingsAdvancedToggle");
    toggle->setText(tr("Advanced settings"));
    toggle->setCheckable(true);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(toggle, &QToolButton::toggled, this, [this, toggle](bool open) {
        toggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        showAdvanced(open);
    });
    problem_ = new QLabel(this);
    problem_->setObjectName("settingsProblem");
    problem_->setWordWrap(true);
    problem_->setStyleSheet("color: #b00020;");
    problem_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(basic);
    layout->addWidget(problem_);
    layout->addWidget(toggle);
    layout->addWidget(advanced_);
    setSettings(TrainingSettings{}, false);
}

QWidget* TrainingSettingsForm::makeEditor(const SettingField& field) {
    const size_t index = rows_.size();  // the row this editor will be
    const auto notify = [this, index] { edited(rows_[index]); };
    switch (field.kind) {
        case SettingKind::Choice: {
            auto* box = new QComboBox(this);
            for (const std::string& choice : field.choices)
                box->addItem(QString::fromStdString(choice));
            connect(box, &QComboBox::currentTextChanged, this, notify);
            return box;
        }
        case SettingKind::Flag: {
            auto* box = new QCheckBox(this);
            connect(box, &QCheckBox::toggled, this, notify);
            return box;
        }
        default:
            break;
    }
    if (fitsSpinBox(field)) {
        auto* spin = new QSpinBox(this);
        const int high = int(field.limits.high) - (field.limits.highOpen ? 1 : 0);
        spin->setRange(int(field.limits.low), high);  // the rule: nothing else can be typed
        if (!field.unit.empty())
            spin->setSuffix(" " + QString::fromStdString(field.unit));
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this, notify);
        return spin;
    }
    auto* line = new QLineEdit(this);
    connect(line, &QLineEdit::textChanged, this, notify);
    return line;
}

std::string TrainingSettingsForm::editorText(const Row& row) const {
    if (auto* box = qobject_cast<QComboBox*>(row.editor))
        return box->currentText().toStdString();
    if (auto* box = qobject_cast<QCheckBox*>(row.editor))
        return box->isChecked() ? "1" : "0";
    if (auto* spin = qobject_cast<QSpinBox*>(row.editor))
        return std::to_string(spin->value());
    return qobject_cast<QLineEdit*>(row.editor)->text().trimmed().toStdString();
}

void TrainingSettingsForm::showValue(const Row& row, const TrainingSettings& settings) {
    const std::string value = row.field->get(settings);
    if (auto* box = qobject_cast<QComboBox*>(row.editor))
        box->setCurrentText(QString::fromStdString(value));
    else if (auto* box = qobject_cast<QCheckBox*>(row.editor))
        box->setChecked(value == "1");
    else if (auto* spin = qobject_cast<QSpinBox*>(row.editor))
        spin->setValue(std::stoi(value));
    else
        qobject_cast<QLineEdit*>(row.editor)
            ->setText(QString::fromStdString(shownSettingValue(*row.field, settings)));
}

void TrainingSettingsForm::setSettings(const TrainingSettings& settings, bool allGiven) {
    showing_ = true;
    base_ = settings;
    loaded_ = settings;
    given_.clear();
    problems_.clear();
    for (const Row& row : rows_)
        showValue(row, settings);
    if (allGiven)
        for (const SettingField& field : trainingSettingFields())
            given_.insert(field.key);
    showing_ = false;
    problem_->hide();
    Q_EMIT changed(QString());
}

void TrainingSettingsForm::edited(const Row& row) {
    if (showing_)
        return;
    const std::string& key = row.field->key;
    for (auto it = problems_.begin(); it != problems_.end(); ++it) {
        if (it->first == key) {
            problems_.erase(it);
            break;
        }
    }
    TrainingSettings candidate = base_;
    try {  // the table's own check, the moment the value is given
        assignSettingText(trainingSettingFields(), candidate, key, editorText(row),
                          "settings form");
        base_ = candidate;
        given_.insert(key);
    } catch (const Error& error) {
        problems_.emplace_back(key, QString::fromStdString(error.problem()));
    }
    problem_->setText(problem());
    problem_->setVisible(!problems_.empty());
    Q_EMIT changed(QString::fromStdString(key));
}

TrainingSettings TrainingSettingsForm::settings() const {
    TrainingSettings settings = base_;
    for (const Row& row : rows_)
        if (!row.editor->isEnabled())
            row.field->set(settings, row.field->get(loaded_));
    return settings;
}

QString TrainingSettingsForm::problem() const {
    return problems_.empty() ? QString() : problems_.front().second;
}

QWidget* TrainingSettingsForm::editor(const std::string& key) const {
    for (const Row& row : rows_)
        if (row.field->key == key)
            return row.editor;
    return nullptr;
}

void TrainingSettingsForm::setFieldEnabled(const std::string& key, bool enabled) {
    if (QWidget* found = editor(key))
        found->setEnabled(enabled);
}

void TrainingSettingsForm::showAdvanced(bool shown) {
    advanced_->setVisible(shown);
}

}  // namespace segloop::ui
