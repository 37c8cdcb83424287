// The main window's review actions: taking a case of the review queue for this user, and
// recording accept / correct / reject / release through the workflow's review decisions.
#include <exception>

#include <QStatusBar>

#include "storage/Project.h"
#include "ui/MainWindow.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/ReviewQueuePanel.h"
#include "workflow/ReviewDecisions.h"
#include "workflow/ReviewQueue.h"

namespace segloop::ui {

bool MainWindow::claimForReview(int64_t volumeId) {
    if (!project_)
        return false;
    try {
        const auto review = project_->reviews().find(volumeId);
        if (review && review->state == ReviewState::InReview) {
            if (review->reviewer == project_->userName())
                return true;
            refreshCases();
            showError(
                tr("Case in review"),
                tr("%1 is reviewing this case.").arg(QString::fromStdString(review->reviewer)));
            return false;
        }
        const auto candidate = review_->candidate(volumeId);
        if (!candidate)
            return true;  // not a pseudo-label waiting for review: nothing to take
        if (takeForReview(*project_, {*candidate}, 1, project_->userName()).empty()) {
            refreshCases();
            showError(tr("Case not available"),
                      tr("Another reviewer took this case or its label changed; the review "
                         "queue was read again."));
            return false;
        }
    } catch (const std::exception& error) {
        showError(tr("Cannot take the case for review"), QString::fromUtf8(error.what()));
        return false;
    }
    refreshCases();
    return true;
}

bool MainWindow::openFromReviewQueue(int64_t volumeId) {
    if (isReadOnly())
        return openCase(volumeId);  // browsing: nobody takes a case they cannot decide on
    return claimForReview(volumeId) && openCase(volumeId);
}

bool MainWindow::review(int64_t volumeId, ReviewState state) {
    if (!project_ || refuseWhenReadOnly(tr("Cannot record the review decision")) ||
        !claimForReview(volumeId))
        return false;
    const bool open = document_ && document_->volumeId() == volumeId;
    if (state == ReviewState::Corrected) {
        // "Correct": open the case with the brush; saving records the corrected version.
        if (!openCase(volumeId))
            return false;
        tools_->setTool(EditTool::Brush);
        return true;
    }
    if (open && document_->isModified()) {
        if (state == ReviewState::Rejected) {
            showError(tr("Cannot reject"), tr("The case has unsaved edits: save them (a "
                                              "correction) or undo them first."));
            return false;
        }
        // Accepting an edited pseudo-label saves the edits: a correction.
        if (!saveCase())
            return false;
    } else {
        // The decision runs off the GUI thread (accept copies the label map) on its own
        // connection, as every use case of the window does.
        int64_t accepted = 0;
        const bool done =
            runProjectJob(tr("Recording the decision..."), tr("Cannot record the review"),
                          [volumeId, state, &accepted](Project& project) {
                              if (state == ReviewState::Accepted)
                                  accepted = acceptPseudoLabel(project, volumeId);
                              else if (state == ReviewState::Rejected)
                                  rejectPseudoLabel(project, volumeId);
                              else if (state == ReviewState::Pending)
                                  releaseCase(project, volumeId);
                          });
        if (!done) {
            refreshCases();
            return false;
        }
        if (accepted)
            statusBar()->showMessage(tr("Accepted: label version %1").arg(accepted), 5000);
    }
    if (open && !document_->isModified())
        setDocument(nullptr);
    refreshCases();
    if (state != ReviewState::Pending)
        review_->openNext();
    return true;
}

}  // namespace segloop::ui
