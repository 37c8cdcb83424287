#pragma once

#include <string>

namespace segloop {

/// The last step of writing a file so that a crash (SIGKILL, power loss) leaves either the
/// old complete file or the new complete one under `path`, never a partial one: flushes
/// `temporary` to disk (fsync), renames it over `path` (atomic within one file system) and
/// flushes the folder's entry. Throws Error naming the path and the system's reason; the
/// temporary file is removed then. Thread-safe (no shared state).
void durableRename(const std::string& temporary, const std::string& path);

}  // namespace segloop
