#pragma once

// Internal to the learning engine (includes LibTorch).
#include <torch/torch.h>

#include <string>

namespace segloop {

/// Sets glibc's allocator so that the large, short-lived tensors of a CPU training step are
/// reused from the heap instead of being mapped and unmapped at every step (the cause of a 1.7x
/// slower step, see the .cpp). Process-wide, applied once; selectDevice() calls it. The
/// environment variable SEGLOOP_MALLOC_DEFAULTS=1 keeps glibc's defaults (for benchmarks).
void tuneHostAllocator();

/// The device for a setting: "cpu", "cuda" (refused with a clear Error when LibTorch has no
/// CUDA) or "auto" (CUDA when available). Also sets LibTorch's CPU thread count (`threads`,
/// 0 = all cores): LibTorch starts with one thread otherwise.
torch::Device selectDevice(const std::string& setting, int threads);

/// Turns CUDA autocast (fp16) on for its lifetime when `enabled` and the device is CUDA.
/// Compiles against LibTorch 1.13 and 2.x, whose autocast switches differ.
class AutocastScope {
  public:
    AutocastScope(const torch::Device& device, bool enabled);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

  private:
    bool active_ = false;
};

/// Dynamic loss scaling for fp16 training: scales the loss before backward, unscales the
/// gradients, skips the step (and halves the scale) when they are not finite, and doubles the
/// scale after `growthInterval` good steps. Inactive (scale 1, never skips) when disabled.
class GradientScaler {
  public:
    explicit GradientScaler(bool enabled, double initialScale = 65536.0,
                            int64_t growthInterval = 2000);
    torch::Tensor scale(const torch::Tensor& loss) const;
    /// Unscales the gradients in place; returns false when the step must be skipped.
    bool unscaleAndCheck(const std::vector<torch::Tensor>& parameters);
    void update(bool stepTaken);
    double currentScale() const { return scale_; }

  private:
    bool enabled_;
    double scale_;
    int64_t growthInterval_;
    int64_t goodSteps_ = 0;
};

}  // namespace segloop
