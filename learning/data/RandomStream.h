#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace segloop {

/// The patch pipeline's source of randomness: one std::mt19937_64 and distributions written
/// here rather than std::*_distribution (whose outputs differ between standard libraries), so a
/// seed and a call order give the same draws everywhere, and the whole state is the engine's.
///
/// Not thread-safe: one owner (the sampler).
class RandomStream {
  public:
    explicit RandomStream(uint64_t seed) : engine_(seed) {}

    /// Uniform in [0, count), unbiased (rejection); count must be > 0.
    uint64_t uniformIndex(uint64_t count);
    /// Uniform integer in [low, high], both included; low <= high.
    int64_t uniformInt(int64_t low, int64_t high);
    /// Uniform in [0, 1), 53 random bits.
    double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    /// Uniform in [low, high).
    double uniform(double low, double high) { return low + (high - low) * uniform01(); }
    /// True with probability p.
    bool chance(double p) { return uniform01() < p; }
    /// Adds N(0, std^2) noise to `count` values (polar method, float arithmetic).
    void addGaussianNoise(float* values, size_t count, double std);

    /// The engine's state as text (the standard's stream format of mt19937_64).
    std::string save() const;
    /// Restores a state written by save(); throws segloop::Error when the text is not one.
    void restore(const std::string& state);

  private:
    std::mt19937_64 engine_;
};

}  // namespace segloop
