// The "Label classes..." dialog of the main window: rename and recolour classes, add one; the
// window's class list and label colours follow; a refused edit writes nothing.
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>

#include "UiTestSupport.h"
#include "storage/DefaultClassColours.h"
#include "ui/WindowScreenshot.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/LabelClassesDialog.h"

namespace segloop::ui {
namespace {

class LabelClassesDialogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        projectFolder = dir.file("project");
        ids = test::makeTestProject(projectFolder);
        window = test::openShownWindow(projectFolder);
    }

    /// Opens the dialog through the menu action (window-modal, not exec()).
    LabelClassesDialog* openDialog() {
        auto* action = window->findChild<QAction*>("labelClassesAction");
        EXPECT_NE(action, nullptr);
        if (action == nullptr)
            return nullptr;
        action->trigger();
        QTest::qWait(20);
        return window->findChild<LabelClassesDialog*>("labelClassesDialog");
    }

    QStringList classList() const {
        auto* combo = window->toolPanel().findChild<QComboBox*>("activeClass");
        QStringList items;
        for (int n = 0; combo && n < combo->count(); ++n)
            items << combo->itemText(n);
        return items;
    }

    LabelSet storedClasses() const {
        return Project::open(projectFolder).labelSets().list().front();
    }

    /// Pixels of the window near a colour, with the labels drawn opaque.
    int windowPixelsNear(int red, int green, int blue) {
        OverlaySettings overlays = window->toolPanel().overlays();
        overlays.labelsVisible = true;
        overlays.labelOpacity = 1.0;
        window->toolPanel().setOverlays(overlays);
        QTest::qWait(50);
        return test::countNear(grabWindowWithRenderViews(*window), red, green, blue, 40);
    }

    segloop::test::TempDir dir;
    std::string projectFolder;
    test::TestProjectIds ids;
    std::unique_ptr<MainWindow> window;
};

TEST_F(LabelClassesDialogTest, RenameAndRecolourShowInTheWindowAndAreStored) {
    const CaseDocument* openCase = window->document();
    ASSERT_NE(openCase, nullptr);
    const int redBefore = windowPixelsNear(255, 0, 0);
    const int blueBefore = windowPixelsNear(0, 0, 255);
    EXPECT_GT(redBefore, 200);  // anterior

    LabelClassesDialog* dialog = openDialog();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->isVisible());
    ASSERT_EQ(dialog->rowCount(), 2);
    EXPECT_EQ(dialog->classIndex(0), 1);
    EXPECT_EQ(dialog->className(0), "anterior");
    EXPECT_EQ(dialog->classColour(0), QColor(255, 0, 0));
    auto* swatch = dialog->findChild<QPushButton*>("colourButton1");
    ASSERT_NE(swatch, nullptr);
    EXPECT_EQ(swatch->text(), "#FF0000");

    dialog->setClassName(0, "  hippocampus head ");
    dialog->setClassColour(0, QColor(0, 0, 255));
    ASSERT_TRUE(dialog->apply()) << dialog->lastError().toStdString();
    EXPECT_EQ(dialog->className(0), "hippocampus head");  // the table shows what is stored
    QTest::qWait(20);  // the table was read again: its old swatches go (deleteLater)
    swatch = dialog->findChild<QPushButton*>("colourButton1");
    ASSERT_NE(swatch, nullptr);
    EXPECT_EQ(swatch->text(), "#0000FF");

    EXPECT_EQ(classList(), QStringList({"1  hippocampus head", "2  posterior"}));
    const LabelSet stored = storedClasses();
    EXPECT_EQ(stored.findClass(1)->name, "hippocampus head");
    EXPECT_EQ(stored.findClass(1)->colourRgb, (std::array<uint8_t, 3>{0, 0, 255}));
    EXPECT_EQ(stored.findClass(2)->name, "posterior");

    dialog->close();
    QTest::qWait(20);
    // The open case stays open and draws class 1 in its new colour.
    EXPECT_EQ(window->document(), openCase);
    EXPECT_LT(windowPixelsNear(255, 0, 0), redBefore / 10);
    EXPECT_GT(windowPixelsNear(0, 0, 255), blueBefore + 200);
}

TEST_F(LabelClassesDialogTest, ARefusedEditWritesNothingAndAnAddedClassIsListed) {
    LabelClassesDialog* dialog = openDialog();
    ASSERT_NE(dialog, nullptr);
    const int row = dialog->addClassRow();
    ASSERT_EQ(row, 2);
    EXPECT_EQ(dialog->classIndex(row), 3);
    EXPECT_EQ(dialog->className(row), "class 3");
    const auto colour = defaultClassColour(3);
    EXPECT_EQ(dialog->classColour(row), QColor(colour[0], colour[1], colour[2]));

    // Recolour class 1, then a name class 1 has: refused, and the recolour is not kept either.
    dialog->setClassColour(0, QColor(10, 20, 30));
    dialog->setClassName(1, "anterior");
    EXPECT_FALSE(dialog->apply());
    EXPECT_TRUE(dialog->lastError().contains("already has a class named 'anterior'"))
        << dialog->lastError().toStdString();
    LabelSet stored = storedClasses();
    ASSERT_EQ(stored.classes.size(), 2u);
    EXPECT_EQ(stored.findClass(1)->colourRgb, (std::array<uint8_t, 3>{255, 0, 0}));
    EXPECT_EQ(stored.findClass(2)->name, "posterior");
    EXPECT_EQ(classList(), QStringList({"1  anterior", "2  posterior"}));
    EXPECT_EQ(dialog->rowCount(), 3);  // the edits stay in the table to be mended

    dialog->setClassName(1, "posterior");
    dialog->setClassName(row, "lesion");
    auto* buttons = dialog->findChild<QDialogButtonBox*>("labelClassesButtons");
    ASSERT_NE(buttons, nullptr);
    buttons->button(QDialogButtonBox::Ok)->click();  // applies and closes
    QTest::qWait(20);
    EXPECT_EQ(window->findChild<LabelClassesDialog*>("labelClassesDialog"), nullptr);

    stored = storedClasses();
    ASSERT_EQ(stored.classes.size(), 3u);
    EXPECT_EQ(stored.findClass(3)->name, "lesion");
    EXPECT_EQ(stored.findClass(1)->colourRgb, (std::array<uint8_t, 3>{10, 20, 30}));
    EXPECT_EQ(classList(), QStringList({"1  anterior", "2  posterior", "3  lesion"}));
    window->toolPanel().setActiveClass(3);
    EXPECT_EQ(window->toolPanel().tools().activeClass, 3);
}

}  // namespace
}  // namespace segloop::ui
