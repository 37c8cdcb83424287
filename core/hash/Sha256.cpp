#include "core/hash/Sha256.h"

#include <nettle/sha2.h>

namespace segloop {

struct Sha256::State {
    sha256_ctx context;
};

Sha256::Sha256() : state_(std::make_unique<State>()) {
    sha256_init(&state_->context);
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, size_t byteCount) {
    // nettle takes a size_t length: no chunking needed.
    sha256_update(&state_->context, byteCount, static_cast<const uint8_t*>(data));
}

Sha256::Digest Sha256::finish() {
    Digest digest{};
    sha256_digest(&state_->context, SHA256_DIGEST_SIZE, digest.data());
    return digest;
}

std::string Sha256::toHex(const Digest& digest) {
    static const char* const kHex = "0123456789abcdef";
    std::string text;
    text.reserve(digest.size() * 2);
    for (uint8_t byte : digest) {
        text += kHex[byte >> 4];
        text += kHex[byte & 15];
    }
    return text;
}

}  // namespace segloop
