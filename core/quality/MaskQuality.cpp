#include "core/quality/MaskQuality.h"

#include "core/Error.h"

namespace segloop {

MaskQuality computeMaskQuality(const LabelMap& mask, const LabelMap& truth, int classes) {
    if (mask.geometry.size != truth.geometry.size || mask.labels.size() != truth.labels.size()) {
        throw Error("mask quality", "the mask and the truth have different sizes");
    }
    if (classes < 2) {
        throw Error("mask quality", "at least one foreground class is needed");
    }
    std::vector<size_t> predicted(size_t(classes), 0), reference(size_t(classes), 0),
        overlap(size_t(classes), 0);
    for (size_t n = 0; n < mask.labels.size(); ++n) {
        const uint16_t p = mask.labels[n], r = truth.labels[n];
        if (p < classes) {
            ++predicted[p];
        }
        if (r < classes) {
            ++reference[r];
        }
        if (p == r && p < classes) {
            ++overlap[p];
        }
    }
    MaskQuality quality;
    double sum = 0;
    for (int c = 1; c < classes; ++c) {
        const size_t denominator = predicted[size_t(c)] + reference[size_t(c)];
        const double dice =
            denominator == 0 ? 1.0 : 2.0 * double(overlap[size_t(c)]) / double(denominator);
        quality.classDice.push_back(dice);
        sum += dice;
    }
    quality.overall = sum / double(classes - 1);
    return quality;
}

}  // namespace segloop
