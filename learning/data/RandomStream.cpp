#include "learning/data/RandomStream.h"

#include <cmath>
#include <sstream>

#include "core/Error.h"

namespace segloop {

namespace {
const char* const kStateHeader = "segloop-rng-mt19937_64-v1";
}

uint64_t RandomStream::uniformIndex(uint64_t count) {
    // Reject the first (2^64 mod count) values so that every residue is equally likely.
    const uint64_t threshold = (uint64_t{0} - count) % count;
    for (;;) {
        const uint64_t bits = engine_();
        if (bits >= threshold) {
            return bits % count;
        }
    }
}

int64_t RandomStream::uniformInt(int64_t low, int64_t high) {
    const uint64_t span = static_cast<uint64_t>(high - low) + 1;
    return low + static_cast<int64_t>(uniformIndex(span));
}

void RandomStream::addGaussianNoise(float* values, size_t count, double std) {
    // Marsaglia's polar method; one 64-bit draw gives the two 32-bit coordinates of a point.
    constexpr float kToUnit = 0x1.0p-31f;  // [0, 2^32) -> [0, 2)
    const float scale = static_cast<float>(std);
    size_t i = 0;
    while (i < count) {
        const uint64_t bits = engine_();
        const float u = static_cast<float>(bits >> 32) * kToUnit - 1.0f;
        const float v = static_cast<float>(bits & 0xffffffffu) * kToUnit - 1.0f;
        const float radiusSquared = u * u + v * v;
        if (radiusSquared >= 1.0f || radiusSquared == 0.0f) {
            continue;
        }
        const float factor = scale * std::sqrt(-2.0f * std::log(radiusSquared) / radiusSquared);
        values[i++] += u * factor;
        if (i < count) {
            values[i++] += v * factor;
        }
    }
}

std::string RandomStream::save() const {
    std::ostringstream out;
    out << kStateHeader << ' ' << engine_;
    return out.str();
}

void RandomStream::restore(const std::string& state) {
    std::istringstream in(state);
    std::string header;
    in >> header;
    std::mt19937_64 engine;
    in >> engine;
    if (header != kStateHeader || in.fail()) {
        throw Error("random state", "not a saved patch sampler state (expected '" +
                                        std::string(kStateHeader) + " ...')");
    }
    engine_ = engine;
}

}  // namespace segloop
