#include "learning/methods/CopyPasteMix.h"

#include "core/Error.h"

#include <torch/types.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace segloop {

at::Tensor randomBoxMasks(int64_t count, const at::Tensor& like, double fraction) {
    if (!(fraction > 0.0 && fraction <= 1.0)) {
        throw Error("copy-paste mix",
                    "the pasted box fraction must be in (0, 1], got " + std::to_string(fraction));
    }
    if (like.dim() != 5) {
        throw Error("copy-paste mix", "expected images [B,C,Z,Y,X]");
    }
    const auto options = like.options();
    at::Tensor masks = torch::zeros({count, 1, like.size(2), like.size(3), like.size(4)}, options);
    for (int64_t b = 0; b < count; ++b) {
        at::Tensor box = masks[b][0];
        for (int64_t axis = 0; axis < 3; ++axis) {
            const int64_t extent = like.size(axis + 2);
            const int64_t side =
                std::clamp<int64_t>(int64_t(std::llround(fraction * double(extent))), 1, extent);
            const int64_t start =
                torch::randint(extent - side + 1, {1}, torch::kLong).item<int64_t>();
            box = box.narrow(axis, start, side);
        }
        box.fill_(1.0);
    }
    return masks;
}

CopyPasteMix copyPasteMix(const at::Tensor& unlabelled, const at::Tensor& labelled,
                          const at::Tensor& box) {
    if (unlabelled.sizes() != labelled.sizes() || unlabelled.dim() != 5 || box.dim() != 5 ||
        box.size(0) != unlabelled.size(0) || box.size(1) != 1 ||
        box.sizes().slice(2) != unlabelled.sizes().slice(2)) {
        throw Error("copy-paste mix",
                    "expected unlabelled and labelled images [B,C,Z,Y,X] of one shape and "
                    "boxes [B,1,Z,Y,X]");
    }
    CopyPasteMix mix;
    mix.box = box;
    mix.labelledIntoUnlabelled = box * labelled + (1.0 - box) * unlabelled;
    mix.unlabelledIntoLabelled = box * unlabelled + (1.0 - box) * labelled;
    return mix;
}

UnmixedOutputs unmixCopyPaste(const at::Tensor& outputOnLabelledIntoUnlabelled,
                              const at::Tensor& outputOnUnlabelledIntoLabelled,
                              const at::Tensor& box) {
    const at::Tensor m = box.to(outputOnLabelledIntoUnlabelled.scalar_type());
    UnmixedOutputs out;
    out.unlabelled =
        (1.0 - m) * outputOnLabelledIntoUnlabelled + m * outputOnUnlabelledIntoLabelled;
    out.labelled = m * outputOnLabelledIntoUnlabelled + (1.0 - m) * outputOnUnlabelledIntoLabelled;
    return out;
}

}  // namespace segloop
