#include "learning/runtime/TorchRuntime.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <malloc.h>

#include <cstdlib>
#include <mutex>
#include <thread>

#include "core/Error.h"

namespace segloop {

void tuneHostAllocator() {
    static std::once_flag once;
    std::call_once(once, [] {
        const char* keepDefaults = std::getenv("SEGLOOP_MALLOC_DEFAULTS");
        if (keepDefaults != nullptr && std::string(keepDefaults) == "1") {
            return;
        }
        // glibc serves blocks above its (dynamic) mmap threshold with mmap and unmaps them on
        // free, and trims the heap above 128 kB of free top memory; LibTorch's CPU allocator
        // frees every activation after each step, so each step faulted ~230 MB of fresh zeroed
        // pages back in (docs/benchmarks.md, "Training step": 1.35 M minor faults and 8.5 s of
        // system time in 23 steps). Serving blocks up to the largest allowed threshold (32 MB
        // on 64-bit) from the heap and keeping up to 256 MB of free heap removes that.
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 256 << 20);
    });
}

torch::Device selectDevice(const std::string& setting, int threads) {
    tuneHostAllocator();
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads > 0 ? threads : cores);
    if (setting == "cpu") {
        return torch::Device(torch::kCPU);
    }
    if (setting == "cuda" || setting == "auto") {
        if (torch::cuda::is_available()) {
            return torch::Device(torch::kCUDA, 0);
        }
        if (setting == "cuda") {
            throw Error("--device cuda",
                        "this build of LibTorch has no CUDA device available "
                        "(Debian's libtorch is CPU only; use --device cpu)");
        }
        return torch::Device(torch::kCPU);
    }
    throw Error("--device " + setting, "unknown device; use auto, cpu or cuda");
}

AutocastScope::AutocastScope(const torch::Device& device, bool enabled)
    : active_(enabled && device.is_cuda()) {
    if (!active_) {
        return;
    }
#if TORCH_VERSION_MAJOR >= 2 && TORCH_VERSION_MINOR >= 4 || TORCH_VERSION_MAJOR > 2
    at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
    at::autocast::set_enabled(true);
#endif
}

AutocastScope::~AutocastScope() {
    if (!active_) {
        return;
    }
#if TORCH_VERSION_MAJOR >= 2 && TORCH_VERSION_MINOR >= 4 || TORCH_VERSION_MAJOR > 2
    at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
    at::autocast::set_enabled(false);
#endif
    at::autocast::clear_cache();
}

GradientScaler::GradientScaler(bool enabled, double initialScale, int64_t growthInterval)
    : enabled_(enabled), scale_(enabled ? initialScale : 1.0), growthInterval_(growthInterval) {}

torch::Tensor GradientScaler::scale(const torch::Tensor& loss) const {
    return enabled_ ? loss * scale_ : loss;
}

bool GradientScaler::unscaleAndCheck(const std::vector<torch::Tensor>& parameters) {
    if (!enabled_) {
        return true;
    }
    torch::NoGradGuard noGrad;
    bool finite = true;
    for (const torch::Tensor& parameter : parameters) {
        torch::Tensor gradient = parameter.grad();
        if (!gradient.defined()) {
            continue;
        }
        gradient.div_(scale_);
        finite = finite && torch::isfinite(gradient).all().item<bool>();
    }
    return finite;
}

void GradientScaler::update(bool stepTaken) {
    if (!enabled_) {
        return;
    }
    if (!stepTaken) {
        scale_ = std::max(1.0, scale_ / 2.0);
        goodSteps_ = 0;
    } else if (++goodSteps_ >= growthInterval_) {
        scale_ *= 2.0;
        goodSteps_ = 0;
    }
}

}  // namespace segloop
