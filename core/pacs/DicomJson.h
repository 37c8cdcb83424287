#pragma once

#include <string>
#include <vector>

#include "core/pacs/PacsQuery.h"

namespace segloop {

/// Internal to core/pacs: the DICOM JSON model (PS3.18 F.2) as QIDO-RS and STOW-RS answer.
/// Each function throws segloop::Error (subject: `subject`) when `json` is not the expected
/// JSON (not an array of objects, a value of the wrong kind), naming what is wrong.

/// A QIDO-RS study search answer (an empty body is no match).
std::vector<PacsStudy> parseQidoStudies(const std::string& json, const std::string& subject);

/// A QIDO-RS series search answer (an empty body is no match).
std::vector<PacsSeries> parseQidoSeries(const std::string& json, const std::string& subject);

/// What a STOW-RS answer says about the instances sent.
struct StowOutcome {
    std::vector<std::string> stored;  ///< SOP Instance UIDs in ReferencedSOPSequence
    std::vector<std::string>
        warnings;  ///< "<uid>: warning 0xB000" for stored ones with a WarningReason
    std::vector<std::string> failures;  ///< "<uid>: failure 0xA700" from FailedSOPSequence
};

/// A STOW-RS answer (an empty body says nothing).
StowOutcome parseStowResponse(const std::string& json, const std::string& subject);

}  // namespace segloop
