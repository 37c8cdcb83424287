#include "learning/methods/EmaTeacher.h"

#include "core/Error.h"

#include <torch/nn/module.h>

#include <algorithm>
#include <string>

namespace segloop {
namespace {

const char* const kSubject = "EMA teacher update";

/// teacher <- decay * teacher + (1 - decay) * student, or a copy for integer tensors.
void blend(torch::Tensor& teacher, const torch::Tensor& student, double decay,
           const std::string& name) {
    if (!teacher.defined() || !student.defined()) {
        return;  // an unset optional buffer on both sides
    }
    if (teacher.sizes() != student.sizes()) {
        throw Error(kSubject, "shape of '" + name + "' differs between teacher and student");
    }
    const torch::Tensor source = student.detach().to(teacher.device(), teacher.scalar_type());
    if (teacher.is_floating_point()) {
        teacher.mul_(decay).add_(source, 1.0 - decay);
    } else {
        teacher.copy_(source);
    }
}

}  // namespace

void updateTeacher(torch::nn::Module& teacher, const torch::nn::Module& student, double decay) {
    if (!(decay >= 0.0 && decay <= 1.0)) {
        throw Error(kSubject, "decay must be in [0, 1], got " + std::to_string(decay));
    }
    torch::NoGradGuard noGrad;
    auto teacherParameters = teacher.named_parameters(true);
    const auto studentParameters = student.named_parameters(true);
    auto teacherBuffers = teacher.named_buffers(true);
    const auto studentBuffers = student.named_buffers(true);
    if (teacherParameters.size() != studentParameters.size() ||
        teacherBuffers.size() != studentBuffers.size()) {
        throw Error(kSubject, "teacher and student have different architectures");
    }
    for (auto& item : teacherParameters) {
        const torch::Tensor* source = studentParameters.find(item.key());
        if (source == nullptr) {
            throw Error(kSubject, "student has no parameter '" + item.key() + "'");
        }
        blend(item.value(), *source, decay, item.key());
    }
    for (auto& item : teacherBuffers) {
        const torch::Tensor* source = studentBuffers.find(item.key());
        if (source == nullptr) {
            throw Error(kSubject, "student has no buffer '" + item.key() + "'");
        }
        blend(item.value(), *source, decay, item.key());
    }
}

double emaDecay(int64_t step, double maxDecay) {
    const double warmUp = 1.0 - 1.0 / (static_cast<double>(std::max<int64_t>(step, 0)) + 1.0);
    return std::min(warmUp, maxDecay);
}

}  // namespace segloop
