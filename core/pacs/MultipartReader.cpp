#include "core/pacs/MultipartReader.h"

#include <cctype>
#include <utility>
#include <vector>

#include "core/Error.h"

namespace segloop {

namespace {

constexpr size_t kMaxHeaderBlock = 64 * 1024;
const char* const kSubject = "multipart answer";

std::string trim(const std::string& text) {
    const size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) {
        return {};
    }
    const size_t end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

std::string lowerCase(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

MultipartReader::Headers parseHeaders(const std::string& block) {
    MultipartReader::Headers headers;
    std::string lastName;
    size_t begin = 0;
    while (begin < block.size()) {
        size_t end = block.find("\r\n", begin);
        if (end == std::string::npos) {
            end = block.size();
        }
        const std::string line = block.substr(begin, end - begin);
        begin = end + 2;
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lastName.empty()) {
            headers[lastName] += " " + trim(line);  // folded continuation line
            continue;
        }
        const size_t colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        lastName = lowerCase(trim(line.substr(0, colon)));
        headers[lastName] = trim(line.substr(colon + 1));
    }
    return headers;
}

}  // namespace

MultipartReader::MultipartReader(const std::string& boundary, Callbacks callbacks)
    : delimiter_("\r\n--" + boundary), callbacks_(std::move(callbacks)) {
    if (boundary.empty() || boundary.size() > 70) {
        throw Error(kSubject,
                    "the multipart boundary \"" + boundary + "\" must have 1 to 70 characters");
    }
    pending_ = "\r\n";  // so that a body that begins with the first delimiter is found too
}

void MultipartReader::feed(const char* data, size_t size) {
    pending_.append(data, size);
    step();
}

void MultipartReader::finish() {
    switch (state_) {
        case State::Epilogue:
            return;
        case State::Preamble:
            throw Error(kSubject,
                        "no part found: the answer is not multipart with the boundary "
                        "its Content-Type names");
        case State::Headers:
        case State::Body:
            throw Error(kSubject, "the answer ended in the middle of part " +
                                      std::to_string(parts_ + (state_ == State::Headers ? 1 : 0)) +
                                      " (cut short?)");
        case State::AfterDelimiter:
            throw Error(kSubject, "the answer ended without its closing boundary (cut short?)");
    }
}

void MultipartReader::step() {
    for (;;) {
        bool advanced = false;
        switch (state_) {
            case State::Preamble:
                advanced = stepPreamble();
                break;
            case State::AfterDelimiter:
                advanced = stepAfterDelimiter();
                break;
            case State::Headers:
                advanced = stepHeaders();
                break;
            case State::Body:
                advanced = stepBody();
                break;
            case State::Epilogue:
                pending_.clear();
                break;
        }
        if (!advanced) {
            return;
        }
    }
}

bool MultipartReader::stepPreamble() {
    const size_t found = pending_.find(delimiter_);
    if (found == std::string::npos) {
        const size_t keep = delimiter_.size() - 1;  // the start of a delimiter, maybe
        if (pending_.size() > keep) {
            pending_.erase(0, pending_.size() - keep);
        }
        return false;
    }
    pending_.erase(0, found + delimiter_.size());
    state_ = State::AfterDelimiter;
    return true;
}

bool MultipartReader::stepAfterDelimiter() {
    if (pending_.size() < 2) {
        return false;
    }
    if (pending_.compare(0, 2, "--") == 0) {
        state_ = State::Epilogue;  // the closing delimiter: what follows is ignored
        pending_.clear();
        return false;
    }
    size_t i = 0;
    while (i < pending_.size() && (pending_[i] == ' ' || pending_[i] == '\t')) {
        ++i;  // transport padding
    }
    if (i + 1 >= pending_.size()) {
        if (i > 1024) {
            throw Error(kSubject, "a boundary delimiter is followed by too much white space");
        }
        return false;
    }
    if (pending_[i] != '\r' || pending_[i + 1] != '\n') {
        throw Error(kSubject,
                    "a boundary delimiter is followed by unexpected characters (is the "
                    "boundary right?)");
    }
    pending_.erase(0, i + 2);
    state_ = State::Headers;
    return true;
}

bool MultipartReader::stepHeaders() {
    std::string block;
    if (pending_.size() < 2) {
        return false;
    }
    if (pending_.compare(0, 2, "\r\n") == 0) {
        pending_.erase(0, 2);  // no headers at all
    } else {
        const size_t end = pending_.find("\r\n\r\n");
        if (end == std::string::npos) {
            if (pending_.size() > kMaxHeaderBlock) {
                throw Error(kSubject, "the headers of part " + std::to_string(parts_ + 1) +
                                          " are longer than 64 KB");
            }
            return false;
        }
        block = pending_.substr(0, end);
        pending_.erase(0, end + 4);
    }
    ++parts_;
    if (callbacks_.beginPart) {
        callbacks_.beginPart(parseHeaders(block));
    }
    state_ = State::Body;
    return true;
}

bool MultipartReader::stepBody() {
    const size_t found = pending_.find(delimiter_);
    if (found == std::string::npos) {
        const size_t keep = delimiter_.size() - 1;
        if (pending_.size() > keep) {
            const size_t ready = pending_.size() - keep;
            if (callbacks_.partData) {
                callbacks_.partData(pending_.data(), ready);
            }
            pending_.erase(0, ready);
        }
        return false;
    }
    if (found > 0 && callbacks_.partData) {
        callbacks_.partData(pending_.data(), found);
    }
    if (callbacks_.endPart) {
        callbacks_.endPart();
    }
    pending_.erase(0, found + delimiter_.size());
    state_ = State::AfterDelimiter;
    return true;
}

std::string multipartBoundary(const std::string& contentType) {
    std::string parameter;
    bool quoted = false;
    std::vector<std::string> parameters;
    for (const char c : contentType + ";") {
        if (c == '"') {
            quoted = !quoted;
        }
        if (c == ';' && !quoted) {
            parameters.push_back(trim(parameter));
            parameter.clear();
        } else {
            parameter += c;
        }
    }
    for (const std::string& candidate : parameters) {
        const size_t equals = candidate.find('=');
        if (equals == std::string::npos ||
            lowerCase(trim(candidate.substr(0, equals))) != "boundary") {
            continue;
        }
        std::string value = trim(candidate.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return value;
    }
    return {};
}

}  // namespace segloop
