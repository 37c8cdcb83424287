#pragma once

#include <cstdint>

namespace torch {
namespace nn {
class Module;
}  // namespace nn
}  // namespace torch

namespace segloop {

/// Mean-teacher update, in place and without autograd:
///   teacher <- decay * teacher + (1 - decay) * student
/// for every parameter and every floating-point buffer; integer buffers (e.g. BatchNorm's
/// num_batches_tracked) are copied from the student. Tensors are matched by their
/// hierarchical names; throws segloop::Error when names or shapes differ or decay is
/// outside [0, 1]. Works for modules on any device (the student's values are moved to the
/// teacher tensor's device and dtype).
void updateTeacher(torch::nn::Module& teacher, const torch::nn::Module& student, double decay);

/// Decay to use at optimiser step `step` (0-based count of updates done so far):
///   min(1 - 1/(step + 1), maxDecay)
/// the warm-up of the mean-teacher reference code (`update_ema_variables` in SSL4MIS and
/// SGRS-Net train.py): step 0 copies the student, step 1 averages the two, and so on, so the
/// teacher is the true running average of the student until that average is older than the
/// EMA horizon 1/(1 - maxDecay). Default maxDecay there: 0.99.
double emaDecay(int64_t step, double maxDecay);

}  // namespace segloop
