#pragma once

#include <string>
#include <vector>

namespace segloop {

/// What a C-STORE or STOW-RS of files achieved, when it did not fail: how many instances the
/// node took, and one line per instance it took with a warning, e.g. "seg.dcm: status 0xB000
/// (Warning: Coercion of data elements)".
struct PacsStoreReport {
    size_t stored = 0;
    std::vector<std::string> warnings;
};

}  // namespace segloop
