#include "core/pacs/PacsQuery.h"

#include <cctype>

#include "core/Error.h"

namespace segloop {

namespace {

bool isDicomDate(const std::string& date) {
    if (date.size() != 8) {
        return false;
    }
    for (const char c : date) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    const int month = std::stoi(date.substr(4, 2));
    const int day = std::stoi(date.substr(6, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool isUid(const std::string& uid) {
    if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.') {
        return false;
    }
    for (const char c : uid) {
        if (c != '.' && std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::string studyDateRange(const PacsQuery& query) {
    if (query.studyDateFrom.empty() && query.studyDateTo.empty()) {
        return {};
    }
    if (query.studyDateFrom == query.studyDateTo) {
        return query.studyDateFrom;
    }
    return query.studyDateFrom + "-" + query.studyDateTo;
}

void validatePacsQuery(const PacsQuery& query) {
    for (const std::string* date : {&query.studyDateFrom, &query.studyDateTo}) {
        if (!date->empty() && !isDicomDate(*date)) {
            throw Error("search",
                        "study date \"" + *date + "\" is not a date in the form YYYYMMDD");
        }
    }
    if (!query.studyDateFrom.empty() && !query.studyDateTo.empty() &&
        query.studyDateFrom > query.studyDateTo) {
        throw Error("search", "the study date range " + query.studyDateFrom + " to " +
                                  query.studyDateTo + " ends before it begins");
    }
    for (const std::string* uid : {&query.studyInstanceUid, &query.seriesInstanceUid}) {
        if (!uid->empty() && !isUid(*uid)) {
            throw Error("search", "\"" + *uid + "\" is not a DICOM UID (digits and dots)");
        }
    }
}

}  // namespace segloop
