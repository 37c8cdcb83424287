#include "core/pacs/DicomJson.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/Error.h"

namespace segloop {

namespace {

using Json = nlohmann::json;

Json parseArray(const std::string& text, const std::string& subject, const char* what) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Json::array();
    }
    Json json = Json::parse(text, nullptr, false);
    if (json.is_discarded()) {
        throw Error(subject, std::string("the ") + what + " answer is not valid JSON");
    }
    if (!json.is_array()) {
        throw Error(subject, std::string("the ") + what + " answer is not a JSON array");
    }
    for (const Json& item : json) {
        if (!item.is_object()) {
            throw Error(subject, std::string("the ") + what +
                                     " answer holds something that is "
                                     "not a DICOM JSON object");
        }
    }
    return json;
}

/// One value as text: strings as they are, numbers printed, person names' alphabetic form.
std::string valueText(const Json& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_integer()) {
        return std::to_string(value.get<long long>());
    }
    if (value.is_number()) {
        char text[32];
        std::snprintf(text, sizeof(text), "%g", value.get<double>());
        return text;
    }
    if (value.is_object() && value.contains("Alphabetic") && value["Alphabetic"].is_string()) {
        return value["Alphabetic"].get<std::string>();
    }
    return {};
}

std::vector<std::string> values(const Json& object, const char* tag) {
    std::vector<std::string> texts;
    const auto element = object.find(tag);
    if (element == object.end() || !element->is_object()) {
        return texts;
    }
    const auto list = element->find("Value");
    if (list == element->end() || !list->is_array()) {
        return texts;
    }
    for (const Json& value : *list) {
        texts.push_back(valueText(value));
    }
    return texts;
}

std::string text(const Json& object, const char* tag) {
    const std::vector<std::string> all = values(object, tag);
    return all.empty() ? std::string() : all.front();
}

int number(const Json& object, const char* tag) {
    const std::string value = text(object, tag);
    try {
        return value.empty() ? -1 : std::stoi(value);
    } catch (const std::exception&) {
        return -1;
    }
}

/// The items of a sequence element (SQ values are objects).
std::vector<Json> items(const Json& object, const char* tag) {
    std::vector<Json> result;
    const auto element = object.find(tag);
    if (element != object.end() && element->is_object()) {
        const auto list = element->find("Value");
        if (list != element->end() && list->is_array()) {
            for (const Json& item : *list) {
                if (item.is_object()) {
                    result.push_back(item);
                }
            }
        }
    }
    return result;
}

std::string hexStatus(int status) {
    char text[16];
    std::snprintf(text, sizeof(text), "0x%04X", static_cast<unsigned>(status));
    return text;
}

}  // namespace

std::vector<PacsStudy> parseQidoStudies(const std::string& json, const std::string& subject) {
    std::vector<PacsStudy> studies;
    for (const Json& match : parseArray(json, subject, "QIDO-RS")) {
        PacsStudy study;
        study.patientId = text(match, "00100020");
        study.patientName = text(match, "00100010");
        study.patientBirthDate = text(match, "00100030");
        study.studyInstanceUid = text(match, "0020000D");
        study.studyDate = text(match, "00080020");
        study.studyTime = text(match, "00080030");
        study.studyDescription = text(match, "00081030");
        study.accessionNumber = text(match, "00080050");
        study.modalities = values(match, "00080061");
        study.numberOfSeries = number(match, "00201206");
        study.numberOfInstances = number(match, "00201208");
        studies.push_back(std::move(study));
    }
    return studies;
}

std::vector<PacsSeries> parseQidoSeries(const std::string& json, const std::string& subject) {
    std::vector<PacsSeries> series;
    for (const Json& match : parseArray(json, subject, "QIDO-RS")) {
        PacsSeries one;
        one.patientId = text(match, "00100020");
        one.patientName = text(match, "00100010");
        one.studyInstanceUid = text(match, "0020000D");
        one.seriesInstanceUid = text(match, "0020000E");
        one.modality = text(match, "00080060");
        one.seriesDescription = text(match, "0008103E");
        one.seriesDate = text(match, "00080021");
        one.seriesNumber = number(match, "00200011");
        one.numberOfInstances = number(match, "00201209");
        series.push_back(std::move(one));
    }
    return series;
}

StowOutcome parseStowResponse(const std::string& json, const std::string& subject) {
    StowOutcome outcome;
    if (json.find_first_not_of(" \t\r\n") == std::string::npos) {
        return outcome;
    }
    Json answer = Json::parse(json, nullptr, false);
    if (answer.is_array() && answer.size() == 1) {
        answer = answer.front();  // some servers wrap the one object in an array
    }
    if (answer.is_discarded() || !answer.is_object()) {
        throw Error(subject, "the STOW-RS answer is not a DICOM JSON object");
    }
    for (const Json& item : items(answer, "00081199")) {
        const std::string uid = text(item, "00081155");
        outcome.stored.push_back(uid);
        const int warning = number(item, "00081196");
        if (warning > 0) {
            outcome.warnings.push_back(uid + ": warning " + hexStatus(warning));
        }
    }
    for (const Json& item : items(answer, "00081198")) {
        const int reason = number(item, "00081197");
        outcome.failures.push_back(
            text(item, "00081155") + ": failure " +
            (reason >= 0 ? hexStatus(reason) : std::string("(no reason given)")));
    }
    return outcome;
}

}  // namespace segloop
