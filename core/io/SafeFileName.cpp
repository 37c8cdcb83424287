#include "core/io/SafeFileName.h"

#include "core/Error.h"

namespace segloop {
namespace {

bool isNameCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
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
    if (name.empty() || name.size() > maxBytes || name.front() == '.')
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

std::string SafeFileName::printable(const std::string& text) {
    std::string shown;
    for (const char c : text)
        shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return shown;
}

}  // namespace segloop
