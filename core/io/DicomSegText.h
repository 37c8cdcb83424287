#pragma once

#include <string>
#include <utility>

class DcmFileFormat;

namespace segloop {

/// Internal to core/io: values as a written DICOM SEG needs them.

/// A DS (decimal string) value of at most 16 characters, independent of the C locale.
std::string decimalString(double value);

/// `text` cut to at most `maxCharacters` UTF-8 characters (LO: 64, SH: 16), never inside a
/// multi-byte character; backslashes (DICOM's value separator) become '/' and control
/// characters (line breaks, tabs) spaces.
std::string dicomText(const std::string& text, size_t maxCharacters);

/// A CS value fit for a label: upper case, only A-Z, 0-9 and '_' (anything else, spaces too,
/// becomes '_'), at most 16 characters; `fallback` when no letter or digit is left.
std::string dicomCodeString(const std::string& text, const std::string& fallback);

/// Whether `text` is plain 7-bit ASCII (else the SEG declares UTF-8, "ISO_IR 192").
bool isAscii(const std::string& text);

/// The current date and time as DICOM DA ("YYYYMMDD") and TM ("HHMMSS").
std::pair<std::string, std::string> dicomNow();

}  // namespace segloop
