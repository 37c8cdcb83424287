// The main window's review actions: taking a case of the review queue for this user, and
// recording accept / correct / reject.
#include <exception>

#include "storage/Project.h"
#include "storage/ReviewQueue.h"
#include "ui/MainWindow.h"
#include "ui/editing/CaseDocument.h"
#include "ui/editing/ToolPanel.h"
#include "ui/project/ReviewQueuePanel.h"

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
    return claimForReview(volumeId) && openCase(volumeId);
}

bool MainWindow::review(int64_t volumeId, ReviewState state) {
    if (!project_ || !claimForReview(volumeId))
        return false;
    if (state == ReviewState::Corrected) {
        // "Correct": open the case with the brush; saving records the corrected version.
        if (!openCase(volumeId))
            return false;
        tools_->setTool(EditTool::Brush);
        state = ReviewState::InReview;
    } else if (document_ && document_->volumeId() == volumeId && !saveCase()) {
        return false;
    }
    try {
        const auto latest = project_->labels().latestForVolume(volumeId);
        project_->reviews().setState(volumeId, state,
                                     latest ? std::optional<int64_t>(latest->id) : std::nullopt);
    } catch (const std::exception& error) {
        showError(tr("Cannot record the review"), QString::fromUtf8(error.what()));
        return false;
    }
    refreshCases();
    if (state != ReviewState::InReview)
        review_->openNext();
    return true;
}

}  // namespace segloop::ui
