#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/image/LabelMap.h"

namespace segloop {

class Project;

/// The review decisions of the loop, for both front ends (`segloop-cli review` and the
/// window's Accept / Reject / Release). Each is one write transaction with its audit entries;
/// a refusal throws Error naming the volume and the reason, writing nothing. An empty
/// `reviewer` means the project's user. Same thread as the project.

/// Accept: the volume's pseudo-label waiting for a decision becomes its label of record as a
/// new label version of kind "accepted" (a copy; parent: the pseudo-label; author: the
/// reviewer), which bumps the dataset revision so a running trainer picks it up; the review
/// state becomes accepted. Refused when the volume has a label of record or no pseudo-label,
/// or another reviewer has the case. Returns the accepted version's id.
int64_t acceptPseudoLabel(Project& project, int64_t volumeId, const std::string& reviewer = "");

/// Correct: `corrected` (the reviewer's own map, e.g. fixed in another program) becomes the
/// volume's label of record as a new version of kind "corrected" (parent: the pseudo-label
/// waiting for a decision; author: the reviewer; `source` names where it came from), which
/// bumps the dataset revision; the review state becomes corrected. Refused as accept is, and
/// when the map's grid is not the volume's (the repository's check names both). The window
/// corrects by editing and saving (saveLabelEdit). Returns the new version's id.
int64_t correctPseudoLabel(Project& project, int64_t volumeId, const LabelMap& corrected,
                           const std::string& source = "", const std::string& reviewer = "");

/// Reject: the volume's pseudo-label waiting for a decision is marked rejected: never exported
/// as a label nor used as a training target; the case comes back to the queue when a newer
/// model predicts it. Refused as accept is.
void rejectPseudoLabel(Project& project, int64_t volumeId, const std::string& reviewer = "");

/// Release: gives a case the reviewer took back to the queue (ReviewRepository::release).
void releaseCase(Project& project, int64_t volumeId, const std::string& reviewer = "");

/// The project setting that releases cases taken but untouched for this many minutes
/// (review_release_minutes; default 120; 0 never releases).
int reviewReleaseMinutes(Project& project);
inline constexpr int kDefaultReviewReleaseMinutes = 120;

/// Releases the cases taken for review and untouched for reviewReleaseMinutes(); returns their
/// volume ids. The review queue calls it before every read.
std::vector<int64_t> releaseStaleReviews(Project& project);

}  // namespace segloop
