#include "ui/project/PacsDialog.h"

#include <exception>

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "storage/Project.h"
#include "ui/jobs/BackgroundJob.h"
#include "ui/project/PacsConnectionForm.h"
#include "ui/project/PacsResultTables.h"
#include "ui/project/PacsSearchForm.h"

namespace segloop::ui {
namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

QPushButton* button(const QString& label, const char* name, QWidget* parent) {
    auto* push = new QPushButton(label, parent);
    push->setObjectName(name);
    push->setAutoDefault(false);
    return push;
}

}  // namespace

PacsDialog::PacsDialog(Project& project, QWidget* parent) : QDialog(parent), project_(project) {
    setObjectName("pacsDialog");
    setWindowTitle(tr("PACS"));
    connectionForm_ = new PacsConnectionForm(this);
    auto* save = button(tr("Save"), "pacsSave", this);
    auto* test = button(tr("Test"), "pacsTest", this);
    searchForm_ = new PacsSearchForm(this);
    studiesTable_ = makeStudiesTable(this);
    seriesTable_ = makeSeriesTable(this);
    auto* retrieve = button(tr("Retrieve and import"), "pacsRetrieve", this);
    auto* send = button(tr("Send files..."), "pacsSend", this);
    status_ = new QLabel(this);
    status_->setObjectName("pacsStatus");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto* connectionButtons = new QHBoxLayout;
    connectionButtons->addStretch();
    connectionButtons->addWidget(test);
    connectionButtons->addWidget(save);
    auto* left = new QVBoxLayout;
    left->addWidget(connectionForm_);
    left->addLayout(connectionButtons);
    left->addWidget(searchForm_);
    left->addStretch();
    auto* transferButtons = new QHBoxLayout;
    transferButtons->addWidget(retrieve);
    transferButtons->addStretch();
    transferButtons->addWidget(send);
    auto* right = new QVBoxLayout;
    right->addWidget(new QLabel(tr("Studies:"), this));
    right->addWidget(studiesTable_, 3);
    right->addWidget(new QLabel(tr("Series of the selected study:"), this));
    right->addWidget(seriesTable_, 2);
    right->addLayout(transferButtons);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(status_);
    layout->addWidget(close);

    connect(save, &QPushButton::clicked, this, [this] { saveConnection(); });
    connect(test, &QPushButton::clicked, this, [this] { testConnection(); });
    connect(searchForm_, &PacsSearchForm::findRequested, this, [this] { findStudies(); });
    connect(studiesTable_, &QTableWidget::itemSelectionChanged, this, [this] {
        if (!filling_ && !busy_ && studiesTable_->currentRow() >= 0)
            selectStudy(studiesTable_->currentRow());
    });
    connect(retrieve, &QPushButton::clicked, this, [this] { retrieveSelected(); });
    connect(send, &QPushButton::clicked, this, [this] { chooseFilesToSend(); });
    connect(close, &QDialogButtonBox::rejected, this, &PacsDialog::reject);
    resize(1100, 640);

    try {
        const PacsConnection stored = projectPacs(project_);
        connectionForm_->setConnection(stored);
        showStatus(tr("The project's PACS: %1").arg(text(describePacs(stored))), false);
    } catch (const std::exception& error) {
        showStatus(tr("%1. Fill in the connection and Save.").arg(QString::fromUtf8(error.what())),
                   false);
    }
}

bool PacsDialog::saveConnection() {
    const PacsConnection connection = connectionForm_->connection();
    try {
        setProjectPacs(project_, connection);
    } catch (const std::exception& error) {
        showStatus(tr("Not saved: %1").arg(QString::fromUtf8(error.what())), true);
        return false;
    }
    showStatus(tr("Saved in the project: %1").arg(text(describePacs(connection))), false);
    return true;
}

bool PacsDialog::testConnection() {
    const PacsConnection connection = connectionForm_->connection();
    if (!runJob(tr("Testing the connection..."), tr("Test cancelled."),
                [connection](Progress&) { echoPacs(connection); }))
        return false;
    showStatus(tr("The PACS answers: %1").arg(text(describePacs(connection))), false);
    return true;
}

bool PacsDialog::findStudies() {
    if (busy_)
        return false;
    const PacsConnection connection = connectionForm_->connection();
    const PacsQuery query = searchForm_->query();
    std::vector<PacsStudy> found;
    studies_.clear();
    series_.clear();
    selectedStudyUid_.clear();
    showStudies();
    showSeries();
    if (!runJob(tr("Searching the PACS..."), tr("Search cancelled."), [&](Progress& progress) {
            found = segloop::findStudies(connection, query, &progress);
        }))
        return false;
    studies_ = std::move(found);
    showStudies();
    showStatus(tr("Studies found on %1: %2.")
                   .arg(text(describePacs(connection)), QString::number(studies_.size())),
               false);
    return true;
}

bool PacsDialog::selectStudy(int row) {
    if (busy_)
        return false;
    if (row < 0 || row >= int(studies_.size())) {
        showStatus(tr("No study in row %1.").arg(row + 1), true);
        return false;
    }
    filling_ = true;
    studiesTable_->selectRow(row);
    filling_ = false;
    series_.clear();
    selectedStudyUid_ = studies_[size_t(row)].studyInstanceUid;
    showSeries();
    const PacsConnection connection = connectionForm_->connection();
    PacsQuery query;
    query.studyInstanceUid = selectedStudyUid_;
    std::vector<PacsSeries> found;
    if (!runJob(
            tr("Listing the study's series..."), tr("Search cancelled."),
            [&](Progress& progress) { found = segloop::findSeries(connection, query, &progress); }))
        return false;
    series_ = std::move(found);
    showSeries();
    if (!series_.empty())
        seriesTable_->selectRow(0);
    showStatus(tr("Series in the selected study: %1.").arg(series_.size()), false);
    return true;
}

bool PacsDialog::retrieveSelected() {
    std::vector<PacsSeries> chosen;
    for (const QModelIndex& index : seriesTable_->selectionModel()->selectedRows()) {
        if (index.row() < int(series_.size()))
            chosen.push_back(series_[size_t(index.row())]);
    }
    if (chosen.empty()) {
        showStatus(tr("Select a series to retrieve first."), true);
        return false;
    }
    const PacsConnection connection = connectionForm_->connection();
    const std::string folder = project_.layout().folder;
    const std::string user = project_.userName();
    const std::string studyUid = selectedStudyUid_;
    int volumes = 0;
    int labelFiles = 0;
    std::vector<std::string> addedClasses;
    const bool retrieved =
        runJob(tr("Retrieving from the PACS..."),
               tr("Retrieve cancelled: nothing of the series being received was kept."),
               [&](Progress& progress) {
                   Project project = Project::open(folder);  // this thread's own connection
                   project.setUserName(user);
                   for (const PacsSeries& series : chosen) {
                       const ProjectImportReport report = retrieveIntoProject(
                           project, connection,
                           series.studyInstanceUid.empty() ? studyUid : series.studyInstanceUid,
                           series.seriesInstanceUid, /*addMissingClasses*/ true, &progress);
                       volumes += int(report.images.imported.size());
                       labelFiles += int(report.labels.size());
                       for (const DerivedLabelImportResult& labels : report.labels)
                           addedClasses.insert(addedClasses.end(), labels.addedClasses.begin(),
                                               labels.addedClasses.end());
                   }
               });
    if (volumes > 0 || labelFiles > 0)
        Q_EMIT imported(volumes, labelFiles);  // also those before a series that failed
    if (!retrieved)
        return false;
    QString message = tr("Imported %1 volume(s) and %2 label file(s) (SEG, RTSTRUCT) from %3.")
                          .arg(volumes)
                          .arg(labelFiles)
                          .arg(text(describePacs(connection)));
    if (!addedClasses.empty()) {
        QStringList names;
        for (const std::string& name : addedClasses)
            names << text(name);
        message += tr(" New classes: %1.").arg(names.join(", "));
    }
    showStatus(message, false);
    return true;
}

bool PacsDialog::sendFiles(const QStringList& files) {
    if (files.isEmpty()) {
        showStatus(tr("No file to send."), true);
        return false;
    }
    const PacsConnection connection = connectionForm_->connection();
    const std::string folder = project_.layout().folder;
    const std::string user = project_.userName();
    std::vector<std::string> paths;
    for (const QString& file : files)
        paths.push_back(file.toStdString());
    PacsStoreReport report;
    if (!runJob(tr("Sending to the PACS..."), tr("Send cancelled."), [&](Progress& progress) {
            Project project = Project::open(folder);  // this thread's own connection
            project.setUserName(user);
            report = sendToPacs(project, connection, paths, &progress);
        }))
        return false;
    QString message = tr("Sent %1 of %2 file(s) to %3.")
                          .arg(report.stored)
                          .arg(paths.size())
                          .arg(text(describePacs(connection)));
    if (!report.warnings.empty()) {
        message += tr(" Warnings: %1; the first: %2")
                       .arg(report.warnings.size())
                       .arg(text(report.warnings.front()));
    }
    showStatus(message, false);
    return true;
}

QString PacsDialog::statusText() const {
    return status_->text();
}

void PacsDialog::reject() {
    if (!busy_)
        QDialog::reject();
}

void PacsDialog::closeEvent(QCloseEvent* event) {
    if (busy_)
        event->ignore();
    else
        QDialog::closeEvent(event);
}

bool PacsDialog::runJob(const QString& title, const QString& cancelledText,
                        const std::function<void(Progress&)>& work) {
    if (busy_)
        return false;
    busy_ = true;
    showStatus(title, false);
    const JobResult result = runWithProgress(this, title, work);
    busy_ = false;
    if (result.cancelled)
        showStatus(cancelledText, true);
    else if (!result.succeeded)
        showStatus(QString::fromStdString(result.error), true);
    return result.succeeded;
}

void PacsDialog::showStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? "color: #b3261e;" : QString());
    statusIsError_ = error;
}

void PacsDialog::showStudies() {
    filling_ = true;  // clearing the table changes the selection
    showStudiesIn(*studiesTable_, studies_);
    filling_ = false;
}

void PacsDialog::showSeries() {
    showSeriesIn(*seriesTable_, series_);
}

void PacsDialog::chooseFilesToSend() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("DICOM files to send to the PACS (e.g. an exported SEG or RTSTRUCT)"), QString(),
        tr("DICOM (*.dcm);;All files (*)"));
    if (!files.isEmpty())
        sendFiles(files);
}

}  // namespace segloop::ui
