#pragma once

#include <cstddef>
#include <string>

namespace segloop {

/// File names made from outside text (DICOM tags such as SeriesDescription, NIfTI file names,
/// class names, archive member names), so that a write always lands in the folder it was
/// meant for. Pure string work, no I/O; any thread.
///
/// The rule: a name is one path component of ASCII letters, digits, '-', '_' and '.', that
/// does not begin with '.' (no "..", no hidden file), is no device name of Windows (CON, NUL,
/// COM1, LPT1, ... with any extension) and is at most kMaxFileNameBytes long.
/// Everything else ('/', '\\', NUL, control characters, spaces, non-ASCII bytes) is refused
/// by isPlain() and replaced with '_' by make().
struct SafeFileName {
    /// Far below the 255 bytes of ext4 and others, so that suffixes ("_anterior.nii.gz",
    /// "-uncertainty.nii.gz", ".tmp-<pid>-<n>") still fit.
    static constexpr size_t kMaxFileNameBytes = 120;

    /// `text` made into a plain file name: characters outside [A-Za-z0-9._-] become '_',
    /// leading dots are dropped, the result is cut to `maxBytes`, a device name gets a leading
    /// '_' ("NUL.nii" -> "_NUL.nii"). Returns `fallback` (itself made safe) when nothing is
    /// left. "../../etc/x" -> "_.._etc_x".
    static std::string make(const std::string& text, const std::string& fallback,
                            size_t maxBytes = kMaxFileNameBytes);

    /// True when `name` follows the rule above unchanged.
    static bool isPlain(const std::string& name, size_t maxBytes = kMaxFileNameBytes);

    /// `folder` + "/" + `name` when `name` is plain; otherwise throws Error(subject, ...)
    /// saying the name would be written outside `folder` or is not a file name.
    static std::string childPath(const std::string& folder, const std::string& name,
                                 const std::string& subject);

    /// `text` with control characters (and NUL) shown as '?', for quoting an outside name in
    /// a message without letting it rewrite the terminal; with `keepLineBreaks`, '\n' and
    /// '\t' stay (a whole message of several lines).
    static std::string printable(const std::string& text, bool keepLineBreaks = false);
};

}  // namespace segloop
