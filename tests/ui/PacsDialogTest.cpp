// The window's PACS dialog (File > PACS...) against a real Orthanc on loopback: the connection is
// saved in the project and echoed, the shared MR series is sent, found, listed and retrieved into
// the project (the case browser shows it), over DIMSE and DICOMweb; a wrong AE title is named in
// the status line and imports nothing.
#include <filesystem>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>

#include "UiTestSupport.h"
#include "pacs/OrthancServer.h"
#include "ui/project/PacsDialog.h"
#include "workflow/PacsTransfer.h"

namespace segloop::ui {
namespace {

using segloop::test::OrthancServer;

class PacsDialogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        SEGLOOP_REQUIRE_ORTHANC();
        orthanc = std::make_unique<OrthancServer>();
        for (const std::string& file :
             segloop::test::dicomFilesIn(segloop::test::hippoSeries("13_HCropVolume")))
            files << QString::fromStdString(file);
        projectFolder = dir.file("project");
        {
            Project project = Project::create(projectFolder);
            project.labelSets().create("labels", {LabelClass{1, "anterior", {255, 0, 0}},
                                                  LabelClass{2, "posterior", {0, 255, 0}}});
        }
        window = test::openShownWindow(projectFolder);
    }

    /// Opens the dialog through File > PACS... (window-modal, not exec()).
    PacsDialog* openDialog() {
        auto* action = window->findChild<QAction*>("pacsAction");
        EXPECT_NE(action, nullptr);
        if (action == nullptr)
            return nullptr;
        action->trigger();
        QTest::qWait(20);
        return window->findChild<PacsDialog*>("pacsDialog");
    }

    template <typename Widget>
    Widget& field(PacsDialog& dialog, const char* name) {
        auto* widget = dialog.findChild<Widget*>(name);
        EXPECT_NE(widget, nullptr) << name;
        return *widget;
    }

    /// Types the test Orthanc's DIMSE connection (C-MOVE to us) into the form.
    void fillDimse(PacsDialog& dialog, const QString& aeTitle) {
        const DicomNode node = orthanc->node();
        field<QComboBox>(dialog, "pacsProtocol").setCurrentIndex(0);
        field<QLineEdit>(dialog, "pacsAeTitle").setText(aeTitle);
        field<QLineEdit>(dialog, "pacsHost").setText(QString::fromStdString(node.host));
        field<QSpinBox>(dialog, "pacsPort").setValue(node.port);
        field<QLineEdit>(dialog, "pacsLocalAeTitle").setText(OrthancServer::kOurAeTitle);
        field<QSpinBox>(dialog, "pacsLocalPort").setValue(orthanc->ourPort());
        field<QCheckBox>(dialog, "pacsUseGet").setChecked(false);
    }

    size_t projectVolumes() const { return Project::open(projectFolder).volumes().list().size(); }

    segloop::test::TempDir dir;
    std::unique_ptr<OrthancServer> orthanc;
    QStringList files;
    std::string projectFolder;
    std::unique_ptr<MainWindow> window;
};

TEST_F(PacsDialogTest, SavesTestsFindsAndRetrievesOverDimse) {
    PacsDialog* dialog = openDialog();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_TRUE(field<QLineEdit>(*dialog, "pacsAeTitle").text().isEmpty());
    EXPECT_TRUE(dialog->statusText().contains("no PACS configured"))
        << dialog->statusText().toStdString();

    fillDimse(*dialog, OrthancServer::kAeTitle);
    ASSERT_TRUE(dialog->saveConnection()) << dialog->statusText().toStdString();
    {
        Project project = Project::open(projectFolder);
        EXPECT_EQ(project.settings().find("pacs_protocol"), "dimse");
        const PacsConnection stored = projectPacs(project);
        EXPECT_EQ(stored.node.aeTitle, OrthancServer::kAeTitle);
        EXPECT_EQ(stored.node.host, "127.0.0.1");
        EXPECT_EQ(stored.node.port, orthanc->node().port);
        EXPECT_EQ(stored.node.localAeTitle, OrthancServer::kOurAeTitle);
        EXPECT_EQ(stored.node.localPort, orthanc->ourPort());
        EXPECT_FALSE(stored.retrieveWithGet);
    }
    {
        PacsDialog reopened(*window->project());  // a new dialog shows the saved connection
        EXPECT_EQ(field<QLineEdit>(reopened, "pacsAeTitle").text(), OrthancServer::kAeTitle);
        EXPECT_EQ(field<QSpinBox>(reopened, "pacsPort").value(), orthanc->node().port);
    }

    ASSERT_TRUE(dialog->testConnection()) << dialog->statusText().toStdString();
    EXPECT_TRUE(dialog->statusText().contains("ORTHANC_TEST@127.0.0.1:"));
    ASSERT_TRUE(dialog->sendFiles(files)) << dialog->statusText().toStdString();
    EXPECT_TRUE(dialog->statusText().contains(QString("Sent %1 of %1").arg(files.size())))
        << dialog->statusText().toStdString();

    field<QLineEdit>(*dialog, "pacsPatientName").setText("Nobody*");
    ASSERT_TRUE(dialog->findStudies()) << dialog->statusText().toStdString();
    EXPECT_EQ(dialog->studiesTable()->rowCount(), 0);
    field<QLineEdit>(*dialog, "pacsPatientName").setText("Chris*");
    field<QLineEdit>(*dialog, "pacsModality").setText("MR");
    ASSERT_TRUE(dialog->findStudies()) << dialog->statusText().toStdString();
    ASSERT_EQ(dialog->studiesTable()->rowCount(), 1);
    EXPECT_EQ(dialog->studiesTable()->item(0, 0)->text(), "PGBM-002");
    EXPECT_EQ(dialog->studiesTable()->item(0, 2)->text(), "2020-01-19");
    EXPECT_EQ(dialog->studiesTable()->item(0, 4)->text(), "MR");
    EXPECT_EQ(dialog->studiesTable()->item(0, 5)->text(), "1");

    ASSERT_TRUE(dialog->selectStudy(0)) << dialog->statusText().toStdString();
    ASSERT_EQ(dialog->seriesTable()->rowCount(), 1);
    EXPECT_EQ(dialog->seriesTable()->item(0, 1)->text(), "MR");
    EXPECT_EQ(dialog->seriesTable()->item(0, 2)->text(), "HippoCrop");
    EXPECT_EQ(dialog->seriesTable()->item(0, 3)->text(), QString::number(files.size()));

    QSignalSpy imported(dialog, &PacsDialog::imported);
    ASSERT_TRUE(dialog->retrieveSelected()) << dialog->statusText().toStdString();
    ASSERT_EQ(imported.count(), 1);
    EXPECT_EQ(imported.at(0).at(0).toInt(), 1);
    EXPECT_EQ(imported.at(0).at(1).toInt(), 0);
    EXPECT_EQ(projectVolumes(), 1u);
    EXPECT_EQ(window->project()->volumes().list().size(), 1u);
    EXPECT_EQ(window->browser().rows().size(), 1u);  // the window refreshed its cases

    // The same series again: refused by the workflow, shown, nothing more imported.
    EXPECT_FALSE(dialog->retrieveSelected());
    EXPECT_TRUE(dialog->statusIsError());
    EXPECT_TRUE(dialog->statusText().contains("already holds a retrieved series"))
        << dialog->statusText().toStdString();
    EXPECT_EQ(projectVolumes(), 1u);
}

TEST_F(PacsDialogTest, SendsFindsAndRetrievesOverDicomWeb) {
    if (segloop::test::orthancDicomWebPlugin().empty())
        GTEST_SKIP()
            << "Orthanc's DICOMweb plugin is not installed: apt-get install orthanc-dicomweb";
    PacsDialog* dialog = openDialog();
    ASSERT_NE(dialog, nullptr);
    field<QComboBox>(*dialog, "pacsProtocol").setCurrentIndex(1);
    EXPECT_FALSE(field<QLineEdit>(*dialog, "pacsAeTitle").isEnabled());
    const QString url = QString::fromStdString(orthanc->web().baseUrl);
    field<QLineEdit>(*dialog, "pacsWebUrl").setText(url);
    ASSERT_TRUE(dialog->saveConnection()) << dialog->statusText().toStdString();
    {
        Project project = Project::open(projectFolder);
        EXPECT_EQ(project.settings().find("pacs_protocol"), "dicomweb");
        EXPECT_EQ(projectPacs(project).web.baseUrl, url.toStdString());
    }
    ASSERT_TRUE(dialog->testConnection()) << dialog->statusText().toStdString();
    ASSERT_TRUE(dialog->sendFiles(files)) << dialog->statusText().toStdString();  // STOW-RS

    field<QLineEdit>(*dialog, "pacsPatientId").setText("PGBM-002");
    ASSERT_TRUE(dialog->findStudies()) << dialog->statusText().toStdString();
    ASSERT_EQ(dialog->studiesTable()->rowCount(), 1);
    EXPECT_EQ(dialog->studiesTable()->item(0, 0)->text(), "PGBM-002");
    ASSERT_TRUE(dialog->selectStudy(0)) << dialog->statusText().toStdString();
    ASSERT_EQ(dialog->seriesTable()->rowCount(), 1);
    EXPECT_EQ(dialog->seriesTable()->item(0, 1)->text(), "MR");

    ASSERT_TRUE(dialog->retrieveSelected()) << dialog->statusText().toStdString();  // WADO-RS
    EXPECT_EQ(projectVolumes(), 1u);
    EXPECT_EQ(window->browser().rows().size(), 1u);
}

TEST_F(PacsDialogTest, AWrongAeTitleIsNamedAndImportsNothing) {
    PacsDialog* dialog = openDialog();
    ASSERT_NE(dialog, nullptr);
    fillDimse(*dialog, OrthancServer::kAeTitle);
    field<QLineEdit>(*dialog, "pacsHost").clear();
    EXPECT_FALSE(dialog->saveConnection());  // refused before anything is stored
    EXPECT_TRUE(dialog->statusIsError());
    EXPECT_FALSE(Project::open(projectFolder).settings().find("pacs_protocol").has_value());

    fillDimse(*dialog, OrthancServer::kAeTitle);
    ASSERT_TRUE(dialog->sendFiles(files)) << dialog->statusText().toStdString();
    ASSERT_TRUE(dialog->findStudies()) << dialog->statusText().toStdString();
    ASSERT_TRUE(dialog->selectStudy(0)) << dialog->statusText().toStdString();
    ASSERT_EQ(dialog->seriesTable()->rowCount(), 1);

    field<QLineEdit>(*dialog, "pacsAeTitle").setText("WRONG_AE");
    EXPECT_FALSE(dialog->testConnection());
    EXPECT_TRUE(dialog->statusIsError());
    EXPECT_TRUE(dialog->statusText().contains("WRONG_AE@127.0.0.1:"))
        << dialog->statusText().toStdString();
    EXPECT_TRUE(dialog->statusText().contains("rejected")) << dialog->statusText().toStdString();

    QSignalSpy imported(dialog, &PacsDialog::imported);
    EXPECT_FALSE(dialog->retrieveSelected());
    EXPECT_TRUE(dialog->statusText().contains("WRONG_AE@127.0.0.1:"))
        << dialog->statusText().toStdString();
    EXPECT_TRUE(dialog->statusText().contains("rejected")) << dialog->statusText().toStdString();
    EXPECT_EQ(imported.count(), 0);
    EXPECT_EQ(projectVolumes(), 0u);
    EXPECT_TRUE(window->browser().rows().empty());
    EXPECT_TRUE(segloop::test::everythingIn(projectFolder + "/data/dicom/" +
                                            dialog->series().front().seriesInstanceUid)
                    .empty());
}

}  // namespace
}  // namespace segloop::ui
