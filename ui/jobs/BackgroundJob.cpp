#include "ui/jobs/BackgroundJob.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include <QEventLoop>
#include <QProgressDialog>
#include <QThread>
#include <QTimer>

#include "core/Error.h"

namespace segloop::ui {
namespace {

/// Progress shared between the job's thread (writes) and the GUI thread (polls).
class SharedProgress final : public Progress {
  public:
    bool update(const std::string& stage, size_t done, size_t total) override {
        std::lock_guard<std::mutex> lock(mutex_);
        stage_ = stage;
        done_ = done;
        total_ = total;
        return !cancelled_.load();
    }
    void cancel() { cancelled_ = true; }
    void read(std::string& stage, size_t& done, size_t& total) {
        std::lock_guard<std::mutex> lock(mutex_);
        stage = stage_;
        done = done_;
        total = total_;
    }

  private:
    std::mutex mutex_;
    std::string stage_;
    size_t done_ = 0;
    size_t total_ = 0;
    std::atomic<bool> cancelled_{false};
};

}  // namespace

JobResult runWithProgress(QWidget* parent, const QString& title,
                          const std::function<void(Progress&)>& work) {
    SharedProgress progress;
    JobResult result;
    QThread* thread = QThread::create([&] {
        try {
            work(progress);
            result.succeeded = true;
        } catch (const Cancelled&) {
            result.cancelled = true;
        } catch (const std::exception& error) {
            result.error = error.what();
        }
    });
    QProgressDialog dialog(title, QObject::tr("Cancel"), 0, 0, parent);
    dialog.setObjectName("jobProgress");
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &dialog, [&] {
        std::string stage;
        size_t done = 0, total = 0;
        progress.read(stage, done, total);
        dialog.setLabelText(stage.empty() ? title : QString::fromStdString(stage));
        dialog.setMaximum(int(total));
        dialog.setValue(int(std::min(done, total)));
    });
    QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [&] { progress.cancel(); });
    QEventLoop loop;
    QObject::connect(thread, &QThread::finished, &loop, &QEventLoop::quit);
    poll.start();
    thread->start();
    loop.exec();
    thread->wait();
    delete thread;
    dialog.reset();
    return result;
}

}  // namespace segloop::ui
