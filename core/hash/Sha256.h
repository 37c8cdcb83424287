#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace segloop {

/// SHA-256 (FIPS 180-4), fed incrementally: used to derive stable identifiers from file
/// content. One object per digest; not shared between threads.
class Sha256 {
public:
    using Digest = std::array<uint8_t, 32>;

    Sha256();
    void update(const void* data, size_t byteCount);
    void update(const std::string& text) { update(text.data(), text.size()); }
    /// Finishes the digest; the object must not be updated afterwards.
    Digest finish();

    static std::string toHex(const Digest& digest);

private:
    void processBlock(const uint8_t* block);

    std::array<uint32_t, 8> state_{};
    std::array<uint8_t, 64> buffer_{};
    size_t bufferedBytes_ = 0;
    uint64_t totalBytes_ = 0;
};

}  // namespace segloop
