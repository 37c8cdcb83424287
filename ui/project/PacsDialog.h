#pragma once

#include <functional>
#include <string>
#include <vector>

#include <QDialog>
#include <QString>
#include <QStringList>

#include "core/jobs/Progress.h"
#include "workflow/PacsTransfer.h"

class QLabel;
class QTableWidget;

namespace segloop {
class Project;
}

namespace segloop::ui {

class PacsConnectionForm;
class PacsSearchForm;

/// File > PACS: the use cases of `segloop-cli pacs` (workflow/PacsTransfer.h) in the window.
/// The connection (PacsConnectionForm) is read from the project's settings (empty when none is
/// configured), saved with "Save" and checked with "Test" (C-ECHO, or a DICOMweb query); the
/// search (PacsSearchForm) lists studies, a selected study lists its series, and "Retrieve and
/// import" brings the selected series into the project (classes the project lacks added from
/// SEG and RTSTRUCT instances) and emits imported(). "Send files..." sends DICOM files (an
/// exported SEG or RTSTRUCT) to the PACS.
///
/// Test, search, retrieve and send use the connection as the form shows it (saved or not).
/// Each runs off the GUI thread (ui/jobs/BackgroundJob: a progress dialog with Cancel; retrieve
/// and send open their own project connection); a failure or cancel shows the Error's text
/// (the node and the problem) in the status line. Tests drive it without exec() through the
/// public methods. Does not own the Project, which must outlive the dialog. GUI thread only.
class PacsDialog : public QDialog {
    Q_OBJECT

  public:
    explicit PacsDialog(Project& project, QWidget* parent = nullptr);

    /// Stores the form's connection in the project (setProjectPacs validates it). false: the
    /// status names the problem and nothing was stored.
    bool saveConnection();
    /// Echoes the PACS the form describes. false: the status says why.
    bool testConnection();
    /// Lists the studies that match the search keys in the studies table (the series table
    /// empties). false: the status says why, and both tables are empty.
    bool findStudies();
    /// Selects a study of the table and lists its series (the first one selected). false:
    /// no such row, or the search failed (status).
    bool selectStudy(int row);
    /// Retrieves and imports every selected series; emits imported() when anything came in.
    /// false: none selected, or a retrieve failed or was cancelled (status; series imported
    /// before it stay).
    bool retrieveSelected();
    /// Sends DICOM files to the PACS (audited in the project). false: the status says why.
    bool sendFiles(const QStringList& files);

    PacsConnectionForm& connectionForm() const { return *connectionForm_; }
    PacsSearchForm& searchForm() const { return *searchForm_; }
    QTableWidget* studiesTable() const { return studiesTable_; }
    QTableWidget* seriesTable() const { return seriesTable_; }
    const std::vector<PacsStudy>& studies() const { return studies_; }
    const std::vector<PacsSeries>& series() const { return series_; }
    QString statusText() const;
    /// Whether the status line shows a failure (or a cancel) rather than an outcome.
    bool statusIsError() const { return statusIsError_; }

  Q_SIGNALS:
    /// Series were imported into the project: the window reads its cases and classes again.
    void imported(int volumes, int labelFiles);

  public Q_SLOTS:
    /// Refused while a transfer runs (the job's progress dialog offers Cancel).
    void reject() override;

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    /// Runs `work` off the GUI thread behind a progress dialog. On failure the status shows
    /// the error; on cancel, `cancelledText`. false: failed, cancelled, or another job runs.
    bool runJob(const QString& title, const QString& cancelledText,
                const std::function<void(Progress&)>& work);
    void showStatus(const QString& text, bool error);
    void showStudies();
    void showSeries();
    void chooseFilesToSend();

    Project& project_;
    std::vector<PacsStudy> studies_;
    std::vector<PacsSeries> series_;
    std::string selectedStudyUid_;
    bool busy_ = false;     ///< a job runs (its event loop is on the stack)
    bool filling_ = false;  ///< tables are being filled: selection changes are not the user's
    bool statusIsError_ = false;
    PacsConnectionForm* connectionForm_ = nullptr;
    PacsSearchForm* searchForm_ = nullptr;
    QTableWidget* studiesTable_ = nullptr;
    QTableWidget* seriesTable_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace segloop::ui
