#pragma once

#include <set>
#include <string>
#include <vector>

#include <QString>
#include <QWidget>

#include "learning/settings/SettingsSchema.h"

class QLabel;

namespace segloop::ui {

/// The window's training settings form, generated from the settings table
/// (learning/settings/SettingsSchema.cpp): one editor per field the table shows (a list for a
/// choice, a tick box for a flag, a spin box for a bounded whole number, a line for the rest),
/// labelled by the key and explained by the field's help, its rule and its default; the
/// table's "basic" fields first, grouped, then its "advanced" fields in a part that opens on
/// request, one box per group. Every edit is checked against the table the moment it is made,
/// with the message the CLI and a settings file give ("setting KEY = VALUE is out of range:
/// must be RULE"), shown below the form until the value is put right. Hidden fields (set by
/// the window itself, such as the class count) keep the values last given. Editors are named
/// "setting:KEY". GUI thread only.
class TrainingSettingsForm : public QWidget {
    Q_OBJECT

  public:
    explicit TrainingSettingsForm(QWidget* parent = nullptr);

    /// Shows `settings` in every editor and forgets earlier edits; `allGiven`: every value
    /// counts as given by the user (a recorded run's), else none does (a preset's).
    void setSettings(const TrainingSettings& settings, bool allGiven);
    /// The values shown over those last set: a disabled editor (a setting the method has no
    /// use for) gives the value last set instead of what it shows; an editor whose text is
    /// refused gives the last value it held.
    TrainingSettings settings() const;
    /// The keys the user set (edited here, or loaded with allGiven).
    std::set<std::string> givenKeys() const { return given_; }
    /// The first refused edit's message, or empty when every editor holds an allowed value.
    QString problem() const;
    /// The editor of `key`, or nullptr when the form does not show it.
    QWidget* editor(const std::string& key) const;
    /// Enables or disables one field's editor.
    void setFieldEnabled(const std::string& key, bool enabled);
    /// Opens or closes the advanced part.
    void showAdvanced(bool shown);

  Q_SIGNALS:
    /// A value changed (by the user or by setSettings).
    void changed(const QString& key);

  private:
    struct Row {
        const SettingField* field = nullptr;
        QWidget* editor = nullptr;
    };
    QWidget* makeEditor(const SettingField& field);
    std::string editorText(const Row& row) const;
    void showValue(const Row& row, const TrainingSettings& settings);
    void edited(const Row& row);

    std::vector<Row> rows_;
    TrainingSettings loaded_;  ///< the values last set
    TrainingSettings base_;    ///< loaded_ with each accepted edit
    std::set<std::string> given_;
    std::vector<std::pair<std::string, QString>> problems_;  ///< key, message
    QLabel* problem_ = nullptr;
    QWidget* advanced_ = nullptr;
    bool showing_ = false;  ///< setSettings is filling the editors
};

}  // namespace segloop::ui
