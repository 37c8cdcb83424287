#include "core/io/SafeFileName.h"

#include "core/Error.h"

namespace segloop {
namespace {

bool isNameCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/// Names that Windows keeps for devices (CON, NUL, COM1, ...), with or without an extension:
/// an export copied to such a system would not be a file there.
bool isReservedName(const std::string& name) {
    std::string stem = name.substr(0, name.find('.'));
    for (char& c : stem)
        c = char(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (stem == "CON" || stem == "PRN" || stem == "AUX" || stem == "NUL")
        return true;
    return stem.size() == 4 && (stem.compare(0, 3, "COM") == 0 || stem.compare(0, 3, "LPT") == 0) &&
           stem[3] >= '1' && stem[3] <= '9';
}

std::string replaced(const std::string& text, size_t maxBytes) {
    std::string name;
    for (const char c : text) {
        if (name.empty() && c == '.')
            continue;  // no hidden file, no "." or ".."
        name += isNameCharacter(c) ? c : '_';
        if (name.size() == maxBytes)
            break;
    }
    if (isReservedName(name))
        name = "_" + name.substr(0, maxBytes > 0 ? maxBytes - 1 : 0);
    return name;
}

}  // namespace

std::string SafeFileName::make(const std::string& text, const std::string& fallback,
                               size_t maxBytes) {
    std::string name = replaced(text, maxBytes);
    if (name.empty())
        name = replaced(fallback, maxBytes);
    return name.empty() ? std::string("unnamed") : name;
}

bool SafeFileName::isPlain(const std::string& name, size_t maxBytes) {
    if (name.empty() || name.size() > maxBytes || name.front() == '.' || isReservedName(name))
        return false;
    for (const char c : name) {
        if (!isNameCharacter(c))
            return false;
    }
    return true;
}

std::string SafeFileName::childPath(const std::string& folder, const std::string& name,
                                    const std::string& subject) {
    if (isPlain(name))
        return folder + "/" + name;
    const bool outside = name.find('/') != std::string::npos ||
                         name.find('\\') != std::string::npos ||
                         name.find("..") != std::string::npos;
    throw Error(subject, "'" + printable(name) + "' " +
                             (outside ? "would be written outside " + folder
                                      : std::string("is not a plain file name")) +
                             "; refused");
}

std::string SafeFileName::printable(const std::string& text, bool keepLineBreaks) {
    std::string shown;
    for (const char c : text) {
        const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        const bool kept = keepLineBreaks && (c == '\n' || c == '\t');
        shown += control && !kept ? '?' : c;
    }
    return shown;
}

}  // namespace segloop
