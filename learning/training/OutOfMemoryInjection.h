#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace segloop {

/// Test-only fault injection: makes chosen training steps fail as if the GPU ran out of memory,
/// to test the recovery on a CPU. Read from the environment variable
/// SEGLOOP_INJECT_OOM_AT_STEPS once, when a run's Trainer is built; unset (normal use) it
/// holds nothing and a step costs one empty-map test. The value lists 1-based step numbers:
/// "3,5" fails the first attempt at step 3 and at step 5; a number listed k times fails k
/// attempts of that step ("4,4" fails twice); "4*" fails every attempt at step 4, so the run
/// lowers its load until nothing is left and gives up. A malformed value is refused with an
/// Error (never ignored silently). Owned by one Trainer: not thread-safe.
class OutOfMemoryInjection {
  public:
    static constexpr const char* kVariable = "SEGLOOP_INJECT_OOM_AT_STEPS";

    /// From kVariable (empty when unset).
    static OutOfMemoryInjection fromEnvironment();
    /// From a value as described above; throws Error for a malformed one.
    explicit OutOfMemoryInjection(const std::string& value = "");

    /// Throws a LibTorch error saying "CUDA out of memory" (as the CUDA allocator words it)
    /// when an attempt at 1-based `step` is to fail; counts the attempt.
    void beforeAttempt(int64_t step);

  private:
    static constexpr int kEveryAttempt = -1;
    std::map<int64_t, int> failuresLeft_;  ///< step -> attempts still to fail (-1: all)
};

}  // namespace segloop
