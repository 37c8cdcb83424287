#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace segloop::fuzz {

/// A folder of this process's own under /tmp (`segloop-fuzz-<pid>`) for the files a fuzz input
/// becomes. fuzzWorkFolder() empties it before every input and the process removes it at exit,
/// so one run leaves nothing behind. One fuzzing process is one thread: not thread-safe.
std::string fuzzWorkFolder();

/// Writes `size` bytes to `path` (created or truncated); throws std::runtime_error naming the
/// path when the write fails (the harness's own failure, not a finding in a reader).
void writeFuzzFile(const std::string& path, const uint8_t* data, size_t size);

/// The files of a multi-file input: the bytes split at every kFuzzFileSeparator, at most
/// `maxParts` parts (the rest stays in the last part). Empty parts are kept as empty files.
inline constexpr const char* kFuzzFileSeparator = "\n--next-file--\n";
std::vector<std::string> splitFuzzInput(const uint8_t* data, size_t size, size_t maxParts);

/// The bytes as a gzip stream (zlib, fast level), for the .nii.gz path of the NIfTI target.
std::string gzipBytes(const uint8_t* data, size_t size);

}  // namespace segloop::fuzz
