#include "core/quality/MaskCorruption.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "core/Error.h"
#include "core/quality/CorruptionSupport.h"

namespace segloop {
namespace {

using namespace corruption_detail;

constexpr double kPi = 3.14159265358979323846;

LabelMap holes(const LabelMap& truth, uint16_t label, double s, Random& random) {
    LabelMap out = truth;
    const std::vector<size_t> voxels = voxelsOf(truth, label);
    if (voxels.empty()) {
        return out;
    }
    const double radius = 0.6 * s * equivalentRadiusMm(truth, voxels.size());
    const auto ball = ballOffsets(radius, truth.geometry.spacingMm);
    const int count = 1 + int(std::lround(3 * s));
    for (int n = 0; n < count; ++n) {
        const Index centre = indexOf(truth.geometry, voxels[random.index(voxels.size())]);
        stamp(out, centre, ball, [&](uint16_t& value) {
            if (truth.labels[size_t(&value - out.labels.data())] == label) {
                value = 0;
            }
        });
    }
    return out;
}

LabelMap islands(const LabelMap& truth, uint16_t label, double s, Random& random) {
    LabelMap out = truth;
    const std::vector<size_t> voxels = voxelsOf(truth, label);
    if (voxels.empty()) {
        return out;
    }
    const double equivalent = equivalentRadiusMm(truth, voxels.size());
    const auto ball = ballOffsets(0.6 * s * equivalent, truth.geometry.spacingMm);
    Index low{INT64_MAX, INT64_MAX, INT64_MAX}, high{INT64_MIN, INT64_MIN, INT64_MIN};
    for (size_t v : voxels) {
        const Index p = indexOf(truth.geometry, v);
        for (int a = 0; a < 3; ++a) {
            low[a] = std::min(low[a], p[a]);
            high[a] = std::max(high[a], p[a]);
        }
    }
    for (int a = 0; a < 3; ++a) {
        const int64_t margin = int64_t(std::ceil(1.5 * equivalent / truth.geometry.spacingMm[a]));
        low[a] = std::max<int64_t>(0, low[a] - margin);
        high[a] = std::min<int64_t>(truth.geometry.size[a] - 1, high[a] + margin);
    }
    const int count = 1 + int(std::lround(2 * s));
    for (int n = 0; n < count; ++n) {
        for (int attempt = 0; attempt < 50; ++attempt) {
            Index centre;
            for (int a = 0; a < 3; ++a) {
                centre[a] = low[a] + int64_t(random.index(size_t(high[a] - low[a] + 1)));
            }
            if (truth.at(centre[0], centre[1], centre[2]) != 0) {
                continue;
            }
            stamp(out, centre, ball, [&](uint16_t& value) {
                if (truth.labels[size_t(&value - out.labels.data())] == 0) {
                    value = label;
                }
            });
            break;
        }
    }
    return out;
}

LabelMap shift(const LabelMap& truth, uint16_t label, double s, Random& random) {
    const size_t count = label == 0 ? foregroundCount(truth) : voxelsOf(truth, label).size();
    if (count == 0) {
        return truth;
    }
    const double length = 1.5 * s * equivalentRadiusMm(truth, count);
    const double z = random.uniform(-1, 1), phi = random.uniform(0, 2 * kPi);
    const double r = std::sqrt(std::max(0.0, 1 - z * z));
    const std::array<double, 3> direction{r * std::cos(phi), r * std::sin(phi), z};
    Index offset;
    for (int a = 0; a < 3; ++a) {
        offset[a] = std::lround(length * direction[size_t(a)] / truth.geometry.spacingMm[a]);
    }
    LabelMap out = truth;
    const auto& size = truth.geometry.size;
    if (label == 0) {
        std::fill(out.labels.begin(), out.labels.end(), uint16_t(0));
    } else {
        for (uint16_t& value : out.labels) {
            value = value == label ? 0 : value;
        }
    }
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i) {
                const uint16_t value = truth.at(i, j, k);
                const Index to{i + offset[0], j + offset[1], k + offset[2]};
                if (value != 0 && (label == 0 || value == label) &&
                    truth.geometry.contains(to[0], to[1], to[2])) {
                    out.at(to[0], to[1], to[2]) = value;
                }
            }
        }
    }
    return out;
}

LabelMap boundaryNoise(const LabelMap& truth, double s, Random& random) {
    LabelMap out = truth;
    const int64_t band = 1 + std::lround(2 * s);
    const double probability = 0.8 * s;
    const auto& size = truth.geometry.size;
    for (int64_t k = 0; k < size[2]; ++k) {
        for (int64_t j = 0; j < size[1]; ++j) {
            for (int64_t i = 0; i < size[0]; ++i) {
                if (!random.chance(probability)) {
                    continue;
                }
                Index from{i, j, k};
                for (int a = 0; a < 3; ++a) {
                    from[a] += int64_t(random.index(size_t(2 * band + 1))) - band;
                    from[a] = std::clamp<int64_t>(from[a], 0, size[a] - 1);
                }
                out.at(i, j, k) = truth.at(from[0], from[1], from[2]);
            }
        }
    }
    return out;
}

LabelMap classSwap(const LabelMap& truth, uint16_t label, double s, Random& random) {
    LabelMap out = truth;
    const std::vector<size_t> voxels = voxelsOf(truth, label);
    if (voxels.empty()) {
        return out;
    }
    const uint16_t classes = truth.maxLabel();
    const Index seed = indexOf(truth.geometry, voxels[random.index(voxels.size())]);
    std::vector<std::pair<double, size_t>> byDistance;
    byDistance.reserve(voxels.size());
    for (size_t v : voxels) {
        const Index p = indexOf(truth.geometry, v);
        double d = 0;
        for (int a = 0; a < 3; ++a) {
            const double mm = double(p[a] - seed[a]) * truth.geometry.spacingMm[a];
            d += mm * mm;
        }
        byDistance.emplace_back(d, v);
    }
    std::sort(byDistance.begin(), byDistance.end());
    const size_t swapped = size_t(std::lround(s * double(voxels.size())));
    for (size_t n = 0; n < swapped; ++n) {
        const uint16_t value = truth.labels[byDistance[n].second];
        out.labels[byDistance[n].second] = classes <= 1 ? 0 : uint16_t(value % classes + 1);
    }
    return out;
}

LabelMap droppedSlices(const LabelMap& truth, uint16_t label, double s, Random& random) {
    LabelMap out = truth;
    const int axis = int(random.index(3));
    const auto& size = truth.geometry.size;
    std::vector<char> holds(static_cast<size_t>(size[axis]), char(0));
    const std::vector<size_t> voxels = voxelsOf(truth, label);
    for (size_t v : voxels) {
        holds[size_t(indexOf(truth.geometry, v)[axis])] = 1;
    }
    std::vector<int64_t> slices;
    for (int64_t n = 0; n < size[axis]; ++n) {
        if (holds[size_t(n)]) {
            slices.push_back(n);
        }
    }
    std::shuffle(slices.begin(), slices.end(), random.engine);
    slices.resize(size_t(std::lround(s * double(slices.size()))));
    std::fill(holds.begin(), holds.end(), 0);
    for (int64_t n : slices) {
        holds[size_t(n)] = 1;
    }
    for (size_t v : voxels) {
        if (holds[size_t(indexOf(truth.geometry, v)[axis])]) {
            out.labels[v] = 0;
        }
    }
    return out;
}

/// The classes an op targets: `label`, or every foreground class present.
std::vector<uint16_t> targets(const LabelMap& truth, uint16_t label) {
    if (label != 0) {
        return {label};
    }
    std::vector<uint16_t> all;
    const std::vector<size_t> counts = truth.classVoxelCounts();
    for (size_t c = 1; c < counts.size(); ++c) {
        if (counts[c] > 0) {
            all.push_back(uint16_t(c));
        }
    }
    return all;
}

}  // namespace

const std::vector<CorruptionKind>& allCorruptionKinds() {
    static const std::vector<CorruptionKind> kinds = {
        CorruptionKind::Erosion,   CorruptionKind::Dilation,     CorruptionKind::Holes,
        CorruptionKind::Islands,   CorruptionKind::Shift,        CorruptionKind::BoundaryNoise,
        CorruptionKind::ClassSwap, CorruptionKind::DroppedSlices};
    return kinds;
}

std::string corruptionName(CorruptionKind kind) {
    static const char* names[] = {"erosion", "dilation",       "holes",      "islands",
                                  "shift",   "boundary-noise", "class-swap", "dropped-slices"};
    return names[int(kind)];
}

LabelMap applyCorruption(const LabelMap& truth, const Corruption& corruption) {
    if (truth.labels.size() != truth.geometry.voxelCount()) {
        throw Error("corruption", "the label map's voxel count does not match its size");
    }
    const double s = std::clamp(corruption.severity, 0.0, 1.0);
    if (s == 0) {
        return truth;
    }
    Random random(corruption.seed);
    LabelMap out = truth;
    switch (corruption.kind) {
        case CorruptionKind::Shift:
            return shift(truth, corruption.label, s, random);
        case CorruptionKind::BoundaryNoise:
            return boundaryNoise(truth, s, random);
        case CorruptionKind::ClassSwap:
            return classSwap(truth, corruption.label, s, random);
        case CorruptionKind::DroppedSlices:
            return droppedSlices(truth, corruption.label, s, random);
        default:
            break;
    }
    for (uint16_t label : targets(truth, corruption.label)) {
        const double radius = s * equivalentRadiusMm(truth, voxelsOf(truth, label).size());
        switch (corruption.kind) {
            case CorruptionKind::Erosion:
                out = erodeClass(out, label, radius);
                break;
            case CorruptionKind::Dilation:
                out = dilateClass(out, label, radius);
                break;
            case CorruptionKind::Holes:
                out = holes(out, label, s, random);
                break;
            default:
                out = islands(out, label, s, random);
                break;
        }
    }
    return out;
}

LabelMap applyCorruptions(const LabelMap& truth, const std::vector<Corruption>& corruptions) {
    LabelMap out = truth;
    for (const Corruption& corruption : corruptions) {
        out = applyCorruption(out, corruption);
    }
    return out;
}

}  // namespace segloop
