#pragma once

#include <string>

namespace segloop {

/// DICOM UIDs for things that have none (NIfTI sources), derived by hashing so that the same
/// input always yields the same UID. The form is "2.25.<decimal of a 128-bit UUID>" (ITU-T
/// X.667; a name-based UUID, version 8, from SHA-256), at most 44 characters. Thread-safe.

/// The series UID of a file with no UIDs of its own, from its bytes: importing the same file
/// (even from another folder) twice gives the same UID, so the project can refuse the second.
/// Throws Error naming the path when it cannot be read.
std::string seriesUidFromFileContent(const std::string& path);

/// A UID derived from `seed` for one `purpose` ("study", "frame-of-reference", ...): the same
/// pair gives the same UID; different purposes give different UIDs.
std::string derivedUid(const std::string& purpose, const std::string& seed);

}  // namespace segloop
