#pragma once

#include <functional>
#include <string>

#include <QString>

#include "core/jobs/Progress.h"

class QWidget;

namespace segloop::ui {

/// How a background job ended.
struct JobResult {
    bool succeeded = false;
    bool cancelled = false;
    std::string error;  ///< segloop::Error's text (file and problem) when it failed
};

/// Runs `work` on its own thread while a modal QProgressDialog (with Cancel) shows its
/// progress; the window keeps processing events meanwhile. `work` receives a Progress whose
/// update() returns false once the user cancelled; it must not touch widgets, and opens its
/// own project connection when it needs one (a Database belongs to one thread).
/// Call on the GUI thread; returns when the job has ended.
JobResult runWithProgress(QWidget* parent, const QString& title,
                          const std::function<void(Progress&)>& work);

}  // namespace segloop::ui
