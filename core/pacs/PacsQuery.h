#pragma once

#include <string>
#include <vector>

namespace segloop {

/// What to search a PACS for, the same for C-FIND and QIDO-RS. Empty fields match anything.
/// Text keys take DICOM wildcards: `*` (any run of characters) and `?` (one character),
/// e.g. patientName "Doe^J*". Dates are YYYYMMDD; give one or both ends of the range.
struct PacsQuery {
    std::string patientId;
    std::string patientName;    ///< DICOM person name, `^` between parts; wildcards allowed
    std::string studyDateFrom;  ///< YYYYMMDD, inclusive; empty: open
    std::string studyDateTo;    ///< YYYYMMDD, inclusive; empty: open
    std::string modality;       ///< e.g. "MR"; at study level: ModalitiesInStudy
    std::string studyDescription;
    std::string seriesDescription;  ///< series searches only
    std::string studyInstanceUid;   ///< exact
    std::string seriesInstanceUid;  ///< exact; series searches only
};

/// One study a search found. Counts are -1 when the node did not say.
struct PacsStudy {
    std::string patientId;
    std::string patientName;
    std::string patientBirthDate;
    std::string studyInstanceUid;
    std::string studyDate;  ///< YYYYMMDD
    std::string studyTime;
    std::string studyDescription;
    std::string accessionNumber;
    std::vector<std::string> modalities;  ///< ModalitiesInStudy
    int numberOfSeries = -1;
    int numberOfInstances = -1;
};

/// One series a search found. Counts and the series number are -1 when the node did not say.
struct PacsSeries {
    std::string patientId;
    std::string patientName;
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string modality;
    std::string seriesDescription;
    std::string seriesDate;
    int seriesNumber = -1;
    int numberOfInstances = -1;
};

/// The DICOM date range of a query ("20200101-20201231", "20200101-", "-20201231", or
/// "20200101" when both ends are the same day); empty when neither end is given.
std::string studyDateRange(const PacsQuery& query);

/// Throws segloop::Error (subject: "search") when a date is not YYYYMMDD or the range is
/// reversed, or when a UID is not a UID (digits and dots, at most 64 characters).
void validatePacsQuery(const PacsQuery& query);

}  // namespace segloop
