// Help > About SegLoop: opened from the menu, it shows the version of the top-level
// CMakeLists.txt and the licences of the bundled data, each as its attribution file says.
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

#include <gtest/gtest.h>

#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"

namespace segloop::ui {
namespace {

std::string readSourceFile(const std::string& relative) {
    std::ifstream in(std::string(SEGLOOP_TESTS_SOURCE_DIR) + "/../" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The x.y.z of `project(SegLoop VERSION x.y.z ...)`.
std::string projectVersion() {
    std::smatch match;
    const std::string cmake = readSourceFile("CMakeLists.txt");
    if (!std::regex_search(cmake, match, std::regex(R"(project\(SegLoop VERSION ([0-9.]+))")))
        return "not found in CMakeLists.txt";
    return match[1];
}

TEST(AboutDialog, OpensFromTheHelpMenuWithTheVersionAndTheDataLicences) {
    QStandardPaths::setTestModeEnabled(true);  // recent projects in Qt's test settings
    MainWindow window;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));

    auto* action = window.findChild<QAction*>("aboutAction");
    ASSERT_NE(action, nullptr);
    QString menuTitle;
    for (QMenu* menu : window.menuBar()->findChildren<QMenu*>()) {
        if (menu->actions().contains(action))
            menuTitle = menu->title();
    }
    EXPECT_EQ(menuTitle, "&Help");
    EXPECT_EQ(action->text(), "&About SegLoop");

    action->trigger();
    QTest::qWait(20);
    auto* dialog = window.findChild<AboutDialog*>("aboutDialog");
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->isVisible());
    const std::string text = dialog->text().toStdString();
    EXPECT_EQ(segloopVersion().toStdString(), projectVersion());
    EXPECT_NE(text.find("SegLoop " + projectVersion()), std::string::npos) << text;
    EXPECT_NE(text.find("CC BY-SA 4.0"), std::string::npos) << text;
    EXPECT_NE(text.find("CC BY 3.0"), std::string::npos) << text;
    EXPECT_NE(text.find("resources/demo/LICENSE.md"), std::string::npos) << text;
    if (const char* folder = std::getenv("SEGLOOP_UI_SCREENSHOTS"))
        dialog->grab().save(QString(folder) + "/about.png");

    dialog->close();  // WA_DeleteOnClose
    QTest::qWait(20);
    EXPECT_EQ(window.findChild<AboutDialog*>("aboutDialog"), nullptr);
}

// What the box says of each data set is what its attribution file says: the file exists and
// names the same licence (its URL) and source.
TEST(AboutDialog, EachLicenceMatchesItsAttributionFile) {
    ASSERT_GE(bundledDataLicences().size(), 3u);
    for (const BundledDataLicence& data : bundledDataLicences()) {
        const std::string file = readSourceFile(data.file.toStdString());
        ASSERT_FALSE(file.empty()) << data.file.toStdString() << " is missing or empty";
        EXPECT_NE(file.find(data.url.toStdString()), std::string::npos) << data.file.toStdString();
        EXPECT_NE(file.find("(" + data.licence.toStdString() + ")"), std::string::npos)
            << data.file.toStdString() << " does not name " << data.licence.toStdString();
        const std::string citation = data.source.toStdString();
        const std::string firstAuthor = citation.substr(citation.find("; ") + 2, 8);
        EXPECT_NE(file.find(firstAuthor), std::string::npos)
            << data.file.toStdString() << " does not cite " << firstAuthor;
    }
}

}  // namespace
}  // namespace segloop::ui
