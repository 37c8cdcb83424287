#pragma once

#include <vector>

#include <QDialog>
#include <QString>

namespace segloop::ui {

/// A data set that comes with SegLoop (the demo project, the test cases) and its licence, as
/// the attribution file in its folder says (AboutDialogTest reads each file and checks it).
struct BundledDataLicence {
    QString file;     ///< the attribution file, relative to the source tree
    QString what;     ///< what the folder holds
    QString licence;  ///< the licence's short name, e.g. "CC BY-SA 4.0"
    QString url;      ///< the licence's text
    QString source;   ///< where the data comes from (the citation the file asks for)
};

/// Every data set with its own licence that SegLoop's source tree carries.
const std::vector<BundledDataLicence>& bundledDataLicences();

/// SegLoop's version (the project() version of the top-level CMakeLists.txt).
QString segloopVersion();

/// Help > About SegLoop: the version, the Qt it runs on, and the licences of the bundled data
/// (bundledDataLicences(), with the paths of their attribution files). Object name
/// "aboutDialog"; text() is what it shows, as plain text (tests). GUI thread only.
class AboutDialog : public QDialog {
    Q_OBJECT

  public:
    explicit AboutDialog(QWidget* parent = nullptr);

    QString text() const;

  private:
    QString html_;
};

}  // namespace segloop::ui
