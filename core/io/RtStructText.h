#pragma once

#include <cstddef>
#include <string>

namespace segloop::rtstruct {

/// Internal to core/io (namespace rtstruct; the RTSTRUCT writer): values made fit for DICOM
/// attributes, so that what the project holds never makes a written file invalid.
/// Locale-independent; no state.

/// `text` (UTF-8) with backslashes and control characters replaced by spaces (a backslash
/// separates values) and cut to `maxCharacters` characters (not bytes).
std::string dicomText(const std::string& text, size_t maxCharacters);

/// `value` when it is a DA (YYYYMMDD), else "".
std::string dicomDateOrEmpty(const std::string& value);

/// `value` when it is a TM (HH, HHMM, HHMMSS or HHMMSS.FFFFFF), else "".
std::string dicomTimeOrEmpty(const std::string& value);

/// `value` when it is M, F or O (Patient's Sex), else "".
std::string dicomSexOrEmpty(const std::string& value);

/// A DS value of at most 16 characters: up to 6 decimals (0.000001 mm for a coordinate),
/// fewer when the number is too large for that, trailing zeros dropped ("-12.5", "3").
std::string dicomDecimal(double value);

}  // namespace segloop::rtstruct
