// The main window's recovery journal (issue 30): unsaved strokes are journaled in
// <project>/recovery/volume-<id>.journal; when the window goes away without saving (a crash:
// here the window is destroyed without closing), the next window offers them (Recover /
// Discard / Later); Recover brings them back as an undoable unsaved edit, a journal of an older
// version says so and recovers onto that version, a case undone to its saved state leaves no
// journal, a damaged journal is set aside with a message naming it, and a journal whose edits
// were saved already is removed without asking.
#include <fstream>

#include <QApplication>
#include <QPushButton>
#include <QTimer>

#include "UiTestSupport.h"
#include "storage/RecoveryJournalFiles.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/RecoveryDialog.h"
#include "ui/editing/RecoveryJournalKeeper.h"
#include "ui/editing/ToolPanel.h"
#include "ui/viewer/CaseViewer.h"
#include "ui/viewer/RenderViewWidget.h"
#include "workflow/LabelEdits.h"

namespace segloop::ui {
namespace {

namespace fs = std::filesystem;

/// Answers every recovery dialog that shows with `button`, keeping what it said.
class DialogAnswerer {
  public:
    explicit DialogAnswerer(const char* button) : button_(button) {
        timer_.setInterval(20);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            for (QWidget* widget : QApplication::topLevelWidgets()) {
                auto* dialog = qobject_cast<RecoveryDialog*>(widget);
                if (!dialog || !dialog->isVisible() || dialog->objectName() != "recoveryDialog")
                    continue;
                texts.push_back(dialog->text() + "\n" + dialog->informativeText());
                if (auto* button = dialog->findChild<QPushButton*>(button_))
                    button->click();
                else
                    dialog->reject();
            }
        });
        timer_.start();
    }
    std::vector<QString> texts;

  private:
    QString button_;
    QTimer timer_;
};

class MainWindowRecoveryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        folder = dir.file("project");
        ids = test::makeTestProject(folder);
        window = test::openShownWindow(folder);
        ASSERT_NE(window->document(), nullptr);
        window->recoveryJournal().setDelayMs(50);
        base = window->document()->labels();
        baseVersion = window->document()->baseVersion()->id;
    }

    std::string journalPath(int64_t volumeId) const {
        return recovery_files::journalPath(ProjectLayout{folder}, volumeId);
    }

    /// Paints one brush stroke across the axial view (the window's real editing path) and
    /// waits until the journal holds it.
    void paintAndJournal(int dy = 0) {
        window->toolPanel().setTool(EditTool::Brush);
        window->toolPanel().setActiveClass(2);
        render::RenderViewWidget& view = window->viewer().sliceWidget(0);
        const QPoint centre(view.width() / 2, view.height() / 2 + dy);
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, centre - QPoint(15, 0));
        for (int dx = -12; dx <= 15; dx += 3)
            QTest::mouseMove(&view, centre + QPoint(dx, dx / 3));
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, centre + QPoint(15, 5));
        ASSERT_TRUE(window->document()->isModified());
        const uint64_t writes = window->recoveryJournal().writeCount();
        QTRY_VERIFY_WITH_TIMEOUT(window->recoveryJournal().writeCount() > writes, 5000);
        ASSERT_TRUE(fs::exists(journalPath(window->document()->volumeId())));
    }

    /// The window goes away without saving or closing, as in a crash.
    void crash() { window.reset(); }

    segloop::test::TempDir dir;
    std::string folder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
    LabelMap base;
    int64_t baseVersion = 0;
};

TEST_F(MainWindowRecoveryTest, UnsavedStrokesAreOfferedAndRecoveredAsAnUndoableEdit) {
    paintAndJournal();
    paintAndJournal(20);
    const LabelMap edited = window->document()->labels();
    ASSERT_NE(edited.labels, base.labels);
    crash();

    DialogAnswerer answer("recoverButton");
    window = test::openShownWindow(folder);
    ASSERT_EQ(answer.texts.size(), 1u);
    EXPECT_TRUE(answer.texts[0].contains("hippocampus_001")) << answer.texts[0].toStdString();
    EXPECT_FALSE(answer.texts[0].contains("no longer")) << answer.texts[0].toStdString();
    ASSERT_EQ(window->document()->volumeId(), ids.human001);
    EXPECT_EQ(window->document()->labels().labels, edited.labels);
    EXPECT_TRUE(window->document()->isModified());
    EXPECT_TRUE(window->windowTitle().endsWith(" *")) << window->windowTitle().toStdString();
    EXPECT_TRUE(fs::exists(journalPath(ids.human001)));  // still kept until saved

    window->editUndo().undo();
    EXPECT_EQ(window->document()->labels().labels, base.labels);
    window->editUndo().redo();
    EXPECT_EQ(window->document()->labels().labels, edited.labels);

    ASSERT_TRUE(window->saveCase()) << window->lastError().toStdString();
    EXPECT_FALSE(fs::exists(journalPath(ids.human001)));
    EXPECT_TRUE(recovery_files::journalsOf(ProjectLayout{folder}, ids.human001).empty());
    Project project = Project::open(folder);
    const auto record = project.labels().labelToShow(ids.human001);
    ASSERT_TRUE(record.has_value());
    EXPECT_NE(record->id, baseVersion);
    EXPECT_EQ(project.labels().load(record->id).labels, edited.labels);
}

TEST_F(MainWindowRecoveryTest, LaterAsksAgainNextTimeAndDiscardDeletesTheJournal) {
    paintAndJournal();
    crash();
    {
        DialogAnswerer answer("laterButton");
        window = test::openShownWindow(folder);
        EXPECT_EQ(answer.texts.size(), 1u);
        EXPECT_EQ(window->document()->labels().labels, base.labels);
        EXPECT_FALSE(window->document()->isModified());
        EXPECT_FALSE(fs::exists(journalPath(ids.human001)));
        EXPECT_EQ(recovery_files::journalsOf(ProjectLayout{folder}, ids.human001).size(), 1u);
        crash();
    }
    DialogAnswerer answer("discardButton");
    window = test::openShownWindow(folder);
    EXPECT_EQ(answer.texts.size(), 1u);
    EXPECT_EQ(window->document()->labels().labels, base.labels);
    EXPECT_FALSE(window->document()->isModified());
    EXPECT_TRUE(recovery_files::journalsOf(ProjectLayout{folder}, ids.human001).empty());
    crash();
    DialogAnswerer none("recoverButton");
    window = test::openShownWindow(folder);
    EXPECT_TRUE(none.texts.empty());
}

TEST_F(MainWindowRecoveryTest, AJournalOfAnOlderVersionSaysSoAndRecoversOntoThatVersion) {
    window->openCase(ids.human003);
    window->recoveryJournal().setDelayMs(50);
    const LabelMap base003 = window->document()->labels();
    const int64_t base003Version = window->document()->baseVersion()->id;
    paintAndJournal();
    const LabelMap edited = window->document()->labels();
    crash();
    int64_t newer = 0;
    {  // someone else saves a new version of the case meanwhile
        Project project = Project::open(folder);
        LabelMap other = base003;
        other.labels[0] = 1;
        newer = saveLabelEdit(project, ids.human003, project.labelSets().list().front().id, other,
                              base003Version);
    }

    DialogAnswerer answer("recoverButton");
    window = test::openShownWindow(folder);  // opens the case with a journal first
    ASSERT_EQ(answer.texts.size(), 1u);
    EXPECT_TRUE(answer.texts[0].contains("no longer")) << answer.texts[0].toStdString();
    EXPECT_TRUE(answer.texts[0].contains(QString::number(newer))) << answer.texts[0].toStdString();
    ASSERT_EQ(window->document()->volumeId(), ids.human003);
    EXPECT_EQ(window->document()->baseVersion()->id, base003Version);
    EXPECT_EQ(window->document()->labels().labels, edited.labels);
    EXPECT_TRUE(window->document()->isModified());
}

TEST_F(MainWindowRecoveryTest, ATruncatedJournalIsSetAsideWithAMessageNamingIt) {
    paintAndJournal();
    crash();
    const std::string path = journalPath(ids.human001);
    fs::resize_file(path, fs::file_size(path) / 2);

    DialogAnswerer answer("recoverButton");
    window = test::openShownWindow(folder);
    EXPECT_TRUE(answer.texts.empty());
    const std::string error = window->lastError().toStdString();
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
    EXPECT_NE(error.find("kept aside"), std::string::npos) << error;
    EXPECT_FALSE(fs::exists(path));
    int aside = 0;
    for (const auto& entry : fs::directory_iterator(recovery_files::folder(ProjectLayout{folder})))
        aside += entry.path().filename().string().find(".journal.corrupt-") != std::string::npos;
    EXPECT_EQ(aside, 1);
    ASSERT_NE(window->document(), nullptr);
    EXPECT_EQ(window->document()->labels().labels, base.labels);
}

TEST_F(MainWindowRecoveryTest, AJournalWhoseEditsWereSavedIsRemovedWithoutAsking) {
    paintAndJournal();
    const std::string path = journalPath(ids.human001);
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    ASSERT_TRUE(window->saveCase()) << window->lastError().toStdString();
    EXPECT_FALSE(fs::exists(path));
    const LabelMap saved = window->document()->labels();
    {  // a crash after the save committed and before the journal was removed
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
    crash();

    DialogAnswerer answer("recoverButton");
    window = test::openShownWindow(folder);
    EXPECT_TRUE(answer.texts.empty());
    EXPECT_FALSE(fs::exists(path));
    EXPECT_EQ(window->document()->labels().labels, saved.labels);
    EXPECT_FALSE(window->document()->isModified());
}

TEST_F(MainWindowRecoveryTest, UndoingToTheSavedStateLeavesNothingToRecover) {
    paintAndJournal();
    window->recoveryJournal().setDelayMs(60000);  // no timer write from here on
    window->editUndo().undo();
    EXPECT_FALSE(window->document()->isModified());
    EXPECT_TRUE(fs::exists(journalPath(ids.human001)));  // not written again yet
    ASSERT_TRUE(window->openCase(ids.human003));
    EXPECT_FALSE(fs::exists(journalPath(ids.human001)));
    crash();
    DialogAnswerer answer("recoverButton");
    window = test::openShownWindow(folder);
    EXPECT_TRUE(answer.texts.empty());
}

}  // namespace
}  // namespace segloop::ui
