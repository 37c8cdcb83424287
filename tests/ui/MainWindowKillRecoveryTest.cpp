// The window killed while it paints and autosaves (issue 30). The test re-runs its own binary
// (/proc/self/exe, posix_spawn) in a child role: a real window on a real project paints brush
// and eraser strokes through the viewer's mouse path and autosaves in a loop, logging (fsync'd)
// every label state it reaches and every version it saved. The parent SIGKILLs it at random
// moments, some right after an autosave began, and then checks: the project opens with
// integrity_check ok; every version the child logged as saved loads to the same voxels; the
// journal left behind (if any) reads cleanly and holds a state the child reached; the next
// window start offers it exactly when there is something unsaved, Recover brings back exactly
// the journaled state (then saved) and Discard deletes it. SEGLOOP_KILL_SEED and
// SEGLOOP_KILL_ROUNDS (default 24) repeat or lengthen a run.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <QApplication>
#include <QPushButton>
#include <QTimer>

#include "UiTestSupport.h"
#include "storage/RecoveryJournalFiles.h"
#include "storage/db/Statement.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/RecoveryDialog.h"
#include "ui/editing/RecoveryJournalKeeper.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"

extern char** environ;

namespace segloop::ui {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kChildFolder = "SEGLOOP_RECOVERY_CHILD_PROJECT";
constexpr const char* kChildLog = "SEGLOOP_RECOVERY_CHILD_LOG";
constexpr const char* kChildSeed = "SEGLOOP_RECOVERY_CHILD_SEED";

std::string hashOf(const LabelMap& labels) {
    uint64_t hash = 1469598103934665603ull;  // FNV-1a over the label bytes
    for (uint16_t value : labels.labels) {
        hash = (hash ^ (value & 0xFFu)) * 1099511628211ull;
        hash = (hash ^ (value >> 8)) * 1099511628211ull;
    }
    return std::to_string(hash);
}

/// The child's log: one line per event, written and fsync'd before the child goes on.
class EventLog {
  public:
    explicit EventLog(const std::string& path)
        : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) {}
    ~EventLog() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    void line(const std::string& text) {
        const std::string row = text + "\n";
        ASSERT_EQ(::write(fd_, row.data(), row.size()), ssize_t(row.size()));
        ::fsync(fd_);
    }

  private:
    int fd_;
};

std::vector<std::vector<std::string>> readLog(const std::string& path) {
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof())
            break;  // a line cut by the kill (no newline yet)
        std::istringstream words(line);
        std::vector<std::string> row;
        for (std::string word; words >> word;)
            row.push_back(word);
        if (!row.empty())
            rows.push_back(row);
    }
    return rows;
}

/// Answers every recovery dialog with `button`, counting them.
class DialogAnswerer {
  public:
    explicit DialogAnswerer(const char* button) : button_(button) {
        timer_.setInterval(20);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            for (QWidget* widget : QApplication::topLevelWidgets()) {
                auto* dialog = qobject_cast<RecoveryDialog*>(widget);
                if (!dialog || !dialog->isVisible())
                    continue;
                ++shown;
                dialog->findChild<QPushButton*>(button_)->click();
            }
        });
        timer_.start();
    }
    int shown = 0;

  private:
    QString button_;
    QTimer timer_;
};

// The child role: runs only when the parent test starts this binary with kChildFolder set.
TEST(MainWindowKillRecoveryTest, ChildRolePaintsAndAutosavesUntilKilled) {
    const char* folder = std::getenv(kChildFolder);
    if (folder == nullptr)
        GTEST_SKIP() << "child role of KilledWhilePaintingAndAutosavingLosesNothingSaved";
    EventLog log(std::getenv(kChildLog));
    std::mt19937_64 random(std::strtoull(std::getenv(kChildSeed), nullptr, 10));
    auto window = test::openShownWindow(folder);
    ASSERT_NE(window->document(), nullptr);
    const auto& rows = window->browser().rows();
    ASSERT_TRUE(window->openCase(rows[random() % rows.size()].record.volumeId));
    window->recoveryJournal().setDelayMs(int(20 + random() % 200));
    // Every label state the journal could hold is logged before a journal write can see it.
    QObject::connect(&window->editUndo(), &ui::EditUndo::indexChanged,
                     [&] { log.line("state " + hashOf(window->document()->labels())); });
    log.line("ready " + std::to_string(window->document()->volumeId()));
    render::RenderViewWidget& view = window->viewer().sliceWidget(0);
    for (;;) {
        window->viewer().scrollSlices(window->viewer().sliceView(0), int(random() % 5) - 2);
        window->toolPanel().setTool(random() % 4 == 0 ? EditTool::Eraser : EditTool::Brush);
        window->toolPanel().setActiveClass(int(1 + random() % 2));
        const QPoint start(view.width() / 2 + int(random() % 60) - 30,
                           view.height() / 2 + int(random() % 60) - 30);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, start);
        for (int step = 1; step <= 8; ++step)
            QTest::mouseMove(&view, start + QPoint(3 * step, int(random() % 5) - 2));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, start + QPoint(24, 0));
        QTest::qWait(int(random() % 150));  // the journal's timer may write meanwhile
        const int choice = int(random() % 6);
        if (choice == 0) {
            log.line("saving");
            ASSERT_TRUE(window->autosave()) << window->lastError().toStdString();
            // An unlabelled case undone to empty has nothing saved (no version) yet.
            const auto& version = window->document()->baseVersion();
            log.line(version ? "saved " + std::to_string(version->id) + " " +
                                   hashOf(window->document()->labels())
                             : std::string("nothing-to-save"));
        } else if (choice == 1 && window->recoveryJournal().flush()) {
            log.line("journaled " + hashOf(window->document()->labels()));
        } else if (choice == 2 && window->editUndo().canUndo()) {
            window->editUndo().undo();
        }
    }
}

struct Tally {
    int kills = 0;
    int duringAutosave = 0;
    int journalsLeft = 0;
    int alreadySaved = 0;
    int recovered = 0;
    int discarded = 0;
    int versionsChecked = 0;
    double slowestRoundMs = 0.0;
};

pid_t spawnChild(const std::string& folder, const std::string& log, uint64_t seed) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry)
        environment.emplace_back(*entry);
    environment.push_back(std::string(kChildFolder) + "=" + folder);
    environment.push_back(std::string(kChildLog) + "=" + log);
    environment.push_back(std::string(kChildSeed) + "=" + std::to_string(seed));
    std::vector<char*> envp;
    for (std::string& entry : environment)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    std::string self = "/proc/self/exe";
    std::string filter = "--gtest_filter=MainWindowKillRecoveryTest.ChildRole*";
    char* argv[] = {self.data(), filter.data(), nullptr};
    pid_t pid = 0;
    if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv, envp.data()) != 0)
        return -1;
    return pid;
}

TEST(MainWindowKillRecoveryTest, KilledWhilePaintingAndAutosavingLosesNothingSaved) {
    const char* seedText = std::getenv("SEGLOOP_KILL_SEED");
    const uint64_t seed = seedText ? std::strtoull(seedText, nullptr, 10) : std::random_device{}();
    const char* roundsText = std::getenv("SEGLOOP_KILL_ROUNDS");
    const int rounds = roundsText ? std::atoi(roundsText) : 24;
    std::printf("[ kills    ] seed %llu (SEGLOOP_KILL_SEED=%llu repeats this run), %d rounds\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
                rounds);
    std::fflush(stdout);
    std::mt19937_64 random(seed);
    segloop::test::TempDir dir;
    const std::string folder = dir.file("project");
    test::makeTestProject(folder);
    const ProjectLayout layout{folder};
    std::map<int64_t, std::string> saved;  // every version logged as saved, with its hash
    Tally tally;

    for (int round = 0; round < rounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round) + " of seed " + std::to_string(seed));
        const auto roundStart = Clock::now();
        const std::string logPath = dir.file("round-" + std::to_string(round) + ".log");
        const pid_t child = spawnChild(folder, logPath, random());
        ASSERT_GT(child, 0) << "cannot start /proc/self/exe";
        // Kill after a random number of events; every third round right after an autosave began.
        const bool atAutosave = round % 3 == 2;
        const size_t events = 1 + random() % 14;
        const auto deadline = Clock::now() + std::chrono::seconds(120);
        int status = 0;
        bool exited = false;
        for (;;) {
            if (::waitpid(child, &status, WNOHANG) == child) {
                exited = true;
                break;
            }
            const auto rows = readLog(logPath);
            if (rows.size() > events &&
                (!atAutosave || rows.back()[0] == "saving" || rows.size() > events + 60))
                break;
            ASSERT_LT(Clock::now(), deadline) << "the child made no progress; killed";
            std::this_thread::sleep_for(std::chrono::microseconds(atAutosave ? 200 : 2000));
        }
        ASSERT_FALSE(exited) << "the child ended by itself with status " << status
                             << " (see its output above)";
        if (!atAutosave)
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 200));
        ::kill(child, SIGKILL);
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        ++tally.kills;

        // What the child logged: the states it reached and the versions it saved.
        const auto rows = readLog(logPath);
        ASSERT_FALSE(rows.empty());
        ASSERT_EQ(rows[0][0], "ready");
        const int64_t volumeId = std::stoll(rows[0][1]);
        std::set<std::string> states;
        std::string lastEvent;
        std::string lastHash;
        for (const auto& row : rows) {
            if (row[0] == "state")
                states.insert(row[1]);
            if (row[0] == "saved")
                saved[std::stoll(row[1])] = row[2];
            lastEvent = row[0];
            lastHash = row.back();
        }
        tally.duringAutosave += lastEvent == "saving";

        // The journal a crash left is one whole write of a state the child reached.
        const std::string journalPath = recovery_files::journalPath(layout, volumeId);
        std::optional<std::string> journaled;  // the journal's state when there is one unsaved
        std::string onDisk;  // what a restart shows: the journal's state, else the saved one
        {
            Project project = Project::open(folder);
            Statement integrity(project.database(), "PRAGMA integrity_check");
            ASSERT_TRUE(integrity.step());
            EXPECT_EQ(integrity.columnText(0), "ok");
            for (const auto& [id, hash] : saved)
                EXPECT_EQ(hashOf(project.labels().load(id)), hash) << "label version " << id;
            tally.versionsChecked = int(saved.size());
            const auto record = project.labels().labelToShow(volumeId);
            if (record)
                onDisk = hashOf(project.labels().load(record->id));
            if (fs::exists(journalPath)) {
                ++tally.journalsLeft;
                const RecoveryJournal journal = recovery_files::read(journalPath);  // no throw
                LabelMap labels = journal.baseVersionId == 0
                                      ? LabelMap(project.volumes().get(volumeId).geometry)
                                      : project.labels().load(journal.baseVersionId);
                applyJournal(journal, labels, journalPath);
                journaled = hashOf(labels);
                EXPECT_TRUE(states.count(*journaled)) << "the journal holds a state never painted";
                if (onDisk == *journaled) {
                    ++tally.alreadySaved;  // killed after the save, before the journal went
                    journaled.reset();
                } else {
                    onDisk = *journaled;
                }
            }
        }
        // Nothing the child had saved or journaled when it was killed is lost.
        if (lastEvent == "journaled" || lastEvent == "saved") {
            EXPECT_EQ(onDisk, lastHash) << "the last " << lastEvent << " state is lost";
        }
        if (lastEvent == "saved") {
            EXPECT_FALSE(fs::exists(journalPath)) << "a journal outlived its save";
        }

        // The next window start offers the journal exactly when there is something unsaved.
        const bool recover = round % 2 == 0;
        {
            DialogAnswerer answer(recover ? "recoverButton" : "discardButton");
            auto window = test::openShownWindow(folder);
            ASSERT_NE(window->document(), nullptr);
            EXPECT_EQ(answer.shown, journaled ? 1 : 0);
            if (journaled) {
                EXPECT_EQ(window->document()->volumeId(), volumeId);
                if (recover) {
                    ++tally.recovered;
                    EXPECT_EQ(hashOf(window->document()->labels()), *journaled);
                    EXPECT_TRUE(window->document()->isModified());
                    ASSERT_TRUE(window->saveCase()) << window->lastError().toStdString();
                    saved[window->document()->baseVersion()->id] = *journaled;
                } else {
                    ++tally.discarded;
                    EXPECT_FALSE(window->document()->isModified());
                }
            }
            ASSERT_TRUE(window->closeProject()) << window->lastError().toStdString();
        }
        EXPECT_TRUE(recovery_files::journalsOf(layout, volumeId).empty());
        std::error_code noFolder;  // none until the first journal is written
        for (const auto& entry : fs::directory_iterator(recovery_files::folder(layout), noFolder))
            EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
                << "a temporary journal write outlived the reopen: " << entry.path();
        const double roundMs =
            std::chrono::duration<double, std::milli>(Clock::now() - roundStart).count();
        tally.slowestRoundMs = std::max(tally.slowestRoundMs, roundMs);
        if (HasFatalFailure())
            return;
    }
    std::printf(
        "[ kills    ] %d kills (%d during an autosave), %d journals left (%d of edits "
        "saved already), %d recovered and saved, %d discarded, %d label versions "
        "checked, slowest round %.0f ms\n",
        tally.kills, tally.duringAutosave, tally.journalsLeft, tally.alreadySaved, tally.recovered,
        tally.discarded, tally.versionsChecked, tally.slowestRoundMs);
    EXPECT_GE(tally.kills, std::min(rounds, 20));
    if (rounds >= 3) {  // every third round is killed right after an autosave began
        EXPECT_GT(tally.duringAutosave, 0) << "no kill landed inside an autosave";
    }
}

}  // namespace
}  // namespace segloop::ui
