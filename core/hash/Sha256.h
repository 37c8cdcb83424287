#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace segloop {

/// SHA-256 (FIPS 180-4), fed incrementally: used to derive stable identifiers from file
/// content and to check data files. Computed by nettle (Debian's nettle-dev), not by hand.
/// One object per digest; not shared between threads.
class Sha256 {
  public:
    using Digest = std::array<uint8_t, 32>;

    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t byteCount);
    void update(const std::string& text) { update(text.data(), text.size()); }
    /// Finishes the digest; the object must not be updated afterwards.
    Digest finish();

    static std::string toHex(const Digest& digest);

  private:
    struct State;  // nettle's sha256_ctx, kept out of every includer
    std::unique_ptr<State> state_;
};

}  // namespace segloop
