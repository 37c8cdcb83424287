#pragma once

#include <string>
#include <vector>

namespace segloop {

/// Checks the fields of a NIfTI-1 or NIfTI-2 header that niftilib trusts without checking,
/// before niftilib sees them (fuzzing, issue 30): dim[0] outside 1..7 makes niftilib 2.1's
/// nifti_convert_n1hdr2nim / nifti_convert_n2hdr2nim write past its copy of the header on the
/// stack, and dimensions whose product overflows make its voxel count wrap. `bytes` holds at
/// least the header (348 or 540 bytes); `nifti2` and `swapped` say which header and byte order
/// its sizeof_hdr gave. Throws segloop::Error naming `path` and the field otherwise.
void checkNiftiHeaderFields(const std::vector<unsigned char>& bytes, bool nifti2, bool swapped,
                            const std::string& path);

}  // namespace segloop
