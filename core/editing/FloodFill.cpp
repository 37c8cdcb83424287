#include "core/editing/FloodFill.h"

#include <vector>

namespace segloop {
namespace {

/// One bit per voxel: the voxels the fill has reached.
class VoxelBitSet {
  public:
    explicit VoxelBitSet(size_t count) : words_((count + 63) / 64, 0) {}
    bool test(size_t index) const { return (words_[index >> 6] >> (index & 63)) & 1u; }
    void set(size_t index) { words_[index >> 6] |= uint64_t{1} << (index & 63); }

  private:
    std::vector<uint64_t> words_;
};

/// The fill's state: grid strides, the fill rule and the voxels reached so far.
class ScanLineFill {
  public:
    ScanLineFill(const LabelMap& labels, const Volume& image, const FloodFillSettings& settings)
        : labels_(labels.labels.data()),
          intensities_(image.voxels.data()),
          settings_(settings),
          size_(labels.geometry.size),
          reached_(labels.geometry.voxelCount()) {
        stride_ = {1, size_[0], size_[0] * size_[1]};
        const int fixedAxis =
            settings.dimension == EditDimension::Slice2D ? fixedAxisOf(settings.plane) : -1;
        runAxis_ = fixedAxis == 0 ? 1 : 0;
        for (int axis = 0; axis < 3; ++axis) {
            if (axis != runAxis_ && axis != fixedAxis) {
                neighbourAxes_.push_back(axis);
            }
        }
    }

    /// Fills from `seed`; returns the box of the voxels reached.
    VoxelBox run(const std::array<int64_t, 3>& seed) {
        std::vector<size_t> pending{linear(seed[0], seed[1], seed[2])};
        while (!pending.empty()) {
            const size_t index = pending.back();
            pending.pop_back();
            if (fillable(index)) {
                fillRowAround(index, pending);
            }
        }
        return region_;
    }

    bool reached(size_t index) const { return reached_.test(index); }

  private:
    size_t linear(int64_t i, int64_t j, int64_t k) const {
        return static_cast<size_t>(i * stride_[0] + j * stride_[1] + k * stride_[2]);
    }
    int64_t coordinate(size_t index, int axis) const {
        return static_cast<int64_t>(index / static_cast<size_t>(stride_[axis])) % size_[axis];
    }

    bool fillable(size_t index) const {
        if (reached_.test(index)) {
            return false;
        }
        const double intensity = intensities_[index];
        if (!(intensity >= settings_.lowIntensity && intensity <= settings_.highIntensity)) {
            return false;
        }
        const uint16_t label = labels_[index];
        return label == settings_.fillClass || settings_.drawOver.allows(label);
    }

    /// Reaches the whole fillable run along the run axis through `index`, and queues one seed
    /// for each fillable stretch of the neighbouring rows beside it.
    void fillRowAround(size_t index, std::vector<size_t>& pending) {
        const size_t step = static_cast<size_t>(stride_[runAxis_]);
        const int64_t at = coordinate(index, runAxis_);
        const size_t rowStart = index - static_cast<size_t>(at) * step;
        int64_t first = at;
        while (first > 0 && fillable(rowStart + static_cast<size_t>(first - 1) * step)) {
            --first;
        }
        int64_t last = at;
        while (last + 1 < size_[runAxis_] &&
               fillable(rowStart + static_cast<size_t>(last + 1) * step)) {
            ++last;
        }
        for (int64_t position = first; position <= last; ++position) {
            reached_.set(rowStart + static_cast<size_t>(position) * step);
        }
        std::array<int64_t, 3> low{coordinate(index, 0), coordinate(index, 1),
                                   coordinate(index, 2)};
        std::array<int64_t, 3> high = low;
        low[runAxis_] = first;
        high[runAxis_] = last;
        region_.include(low[0], low[1], low[2]);
        region_.include(high[0], high[1], high[2]);

        for (int axis : neighbourAxes_) {
            for (int direction : {-1, 1}) {
                const int64_t neighbour = low[axis] + direction;
                if (neighbour < 0 || neighbour >= size_[axis]) {
                    continue;
                }
                const size_t neighbourRow = direction < 0
                                                ? rowStart - static_cast<size_t>(stride_[axis])
                                                : rowStart + static_cast<size_t>(stride_[axis]);
                bool inStretch = false;
                for (int64_t position = first; position <= last; ++position) {
                    const size_t candidate = neighbourRow + static_cast<size_t>(position) * step;
                    const bool canFill = fillable(candidate);
                    if (canFill && !inStretch) {
                        pending.push_back(candidate);
                    }
                    inStretch = canFill;
                }
            }
        }
    }

    const uint16_t* labels_;
    const float* intensities_;
    FloodFillSettings settings_;
    std::array<int64_t, 3> size_;
    std::array<int64_t, 3> stride_{};
    int runAxis_ = 0;
    std::vector<int> neighbourAxes_;
    VoxelBitSet reached_;
    VoxelBox region_;
};

}  // namespace

LabelDiff floodFill(LabelMap& labels, const Volume& image, const FloodFillSettings& settings,
                    const std::array<int64_t, 3>& seed) {
    LabelDiffBuilder builder(labels.geometry);
    if (!labels.geometry.contains(seed[0], seed[1], seed[2]) ||
        image.geometry.size != labels.geometry.size) {
        return builder.finish();
    }
    ScanLineFill fill(labels, image, settings);
    const VoxelBox region = fill.run(seed);
    // Written in index order, so the diff is encoded as it goes, without sorting.
    for (int64_t k = region.min[2]; k <= region.max[2]; ++k) {
        for (int64_t j = region.min[1]; j <= region.max[1]; ++j) {
            for (int64_t i = region.min[0]; i <= region.max[0]; ++i) {
                const size_t index = labels.geometry.linearIndex(i, j, k);
                if (fill.reached(index) && labels.labels[index] != settings.fillClass) {
                    builder.record(index, labels.labels[index], settings.fillClass);
                    labels.labels[index] = settings.fillClass;
                }
            }
        }
    }
    return builder.finish();
}

}  // namespace segloop
