#include "ui/jobs/WorkflowTask.h"

#include <QCoreApplication>
#include <QEvent>
#include <QMetaObject>
#include <QPointer>

#include "core/Error.h"
#include "learning/training/WorkerPriority.h"
#include "storage/Project.h"

namespace segloop::ui {

/// Carries progress to the GUI thread (queued, the newest only) and cancel to the worker.
class WorkflowTask::TaskProgress final : public Progress {
  public:
    explicit TaskProgress(WorkflowTask* task) : task_(task) {}
    bool update(const std::string& stage, size_t done, size_t total) override {
        const QString text = QString::fromStdString(stage);
        QPointer<WorkflowTask> task = task_;
        QMetaObject::invokeMethod(
            task_,
            [task, text, done, total] {
                if (task)
                    Q_EMIT task->progressed(text, int(done), int(total));
            },
            Qt::QueuedConnection);
        return !cancelled.load();
    }
    std::atomic<bool> cancelled{false};

  private:
    WorkflowTask* task_;
};

WorkflowTask::WorkflowTask(QObject* parent) : QObject(parent) {}

WorkflowTask::~WorkflowTask() {
    cancel();
    if (thread_.joinable())
        thread_.join();
}

bool WorkflowTask::start(const std::string& projectFolder, const std::string& userName, Work work) {
    if (running_)
        return false;
    if (thread_.joinable())
        thread_.join();
    running_ = true;
    progress_ = std::make_shared<TaskProgress>(this);
    std::shared_ptr<TaskProgress> progress = progress_;
    thread_ = std::thread([this, progress, projectFolder, userName, work = std::move(work)] {
        applyWorkerPriority(WorkerPriority::Background);
        JobResult result;
        try {
            Project project = Project::open(projectFolder);
            project.setUserName(userName);
            work(project, *progress);
            result.succeeded = true;
        } catch (const Cancelled&) {
            result.cancelled = true;
        } catch (const std::exception& error) {
            result.error = error.what();
        }
        QMetaObject::invokeMethod(
            this,
            [this, result] {
                running_ = false;
                Q_EMIT finished(result);
            },
            Qt::QueuedConnection);
    });
    return true;
}

void WorkflowTask::cancel() {
    if (progress_)
        progress_->cancelled = true;
}

void WorkflowTask::wait() {
    if (thread_.joinable())
        thread_.join();
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
}

}  // namespace segloop::ui
