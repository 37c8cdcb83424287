#include "ui/AboutDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>
#include <QtGlobal>

#ifndef SEGLOOP_VERSION
#error "SEGLOOP_VERSION comes from CMake (app/CMakeLists.txt sets it for this file)"
#endif

namespace segloop::ui {

const std::vector<BundledDataLicence>& bundledDataLicences() {
    static const std::vector<BundledDataLicence> licences = {
        {"resources/demo/LICENSE.md",
         "The demo project: 40 T1-weighted MRI crops around the hippocampus, 8 with expert labels",
         "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/",
         "Medical Segmentation Decathlon, Task04 Hippocampus; Simpson et al., arXiv:1902.09063"},
        {"tests/data/hippocampus/LICENSE.md",
         "Test cases: four hippocampus MRI crops and their labels", "CC BY-SA 4.0",
         "https://creativecommons.org/licenses/by-sa/4.0/",
         "Medical Segmentation Decathlon, Task04 Hippocampus; Simpson et al., arXiv:1902.09063"},
        {"tests/data/dicom/README.md",
         "Test DICOM series: twelve MR slices and their compressed copies", "CC BY 3.0",
         "https://creativecommons.org/licenses/by/3.0/",
         "The Cancer Imaging Archive, Brain-Tumor-Progression; Schmainda and Prah (2018), "
         "doi:10.7937/K9/TCIA.2018.15quzvnb"},
    };
    return licences;
}

QString segloopVersion() {
    return QStringLiteral(SEGLOOP_VERSION);
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("aboutDialog");
    setWindowTitle(tr("About SegLoop"));

    html_ = tr("<h2>SegLoop %1</h2>"
               "<p>Label a few studies, let a semi-supervised model label the rest, correct the "
               "pseudo-labels that are really wrong first.</p>"
               "<p>Running on Qt %2.</p>")
                .arg(segloopVersion().toHtmlEscaped(), QString::fromLatin1(qVersion()));
    html_ +=
        tr("<h3>Data that comes with SegLoop</h3>"
           "<p>Each folder carries its attribution file (path in SegLoop's source "
           "tree).</p>");
    for (const BundledDataLicence& data : bundledDataLicences()) {
        html_ +=
            QString(
                "<p><b>%1</b><br>%2<br>Licence: <a href=\"%3\">%4</a> (%3)<br>"
                "Source: %5</p>")
                .arg(data.file.toHtmlEscaped(), data.what.toHtmlEscaped(), data.url.toHtmlEscaped(),
                     data.licence.toHtmlEscaped(), data.source.toHtmlEscaped());
    }

    auto* browser = new QTextBrowser(this);
    browser->setObjectName("aboutText");
    browser->setOpenExternalLinks(true);
    browser->setHtml(html_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    resize(560, 480);
}

QString AboutDialog::text() const {
    QTextDocument document;
    document.setHtml(html_);
    return document.toPlainText();
}

}  // namespace segloop::ui
