#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <QObject>
#include <QString>

#include "core/jobs/Progress.h"
#include "ui/jobs/BackgroundJob.h"

namespace segloop {
class Project;
}

namespace segloop::ui {

/// Runs one of the loop's use cases (workflow/) off the GUI thread without blocking the window:
/// `work` gets its own connection to the project (a Database belongs to one thread) and a
/// Progress whose update() returns false once cancel() was called. The thread runs at
/// background priority (WorkerPriority::Background), so redraws never wait behind it.
/// progressed() and finished() arrive on the GUI thread (queued). One task at a time per
/// object; GUI thread only. The destructor cancels and joins.
class WorkflowTask : public QObject {
    Q_OBJECT

  public:
    using Work = std::function<void(Project& project, Progress& progress)>;

    explicit WorkflowTask(QObject* parent = nullptr);
    ~WorkflowTask() override;

    /// Starts `work` on a new thread with `projectFolder` opened as `userName`. false when a
    /// task is still running.
    bool start(const std::string& projectFolder, const std::string& userName, Work work);
    /// Asks the running task to stop at its next progress report (it throws Cancelled).
    void cancel();
    bool running() const { return running_; }
    /// Blocks until the task has ended, then delivers its last signals.
    void wait();

  Q_SIGNALS:
    void progressed(const QString& stage, int done, int total);
    void finished(const segloop::ui::JobResult& result);

  private:
    class TaskProgress;
    std::shared_ptr<TaskProgress> progress_;
    std::thread thread_;
    bool running_ = false;
};

}  // namespace segloop::ui
