#include "core/image/LabelMap.h"

#include <algorithm>

namespace segloop {

uint16_t LabelMap::maxLabel() const {
    return labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end());
}

std::vector<size_t> LabelMap::classVoxelCounts() const {
    std::vector<size_t> counts(static_cast<size_t>(maxLabel()) + 1, 0);
    for (uint16_t label : labels) {
        ++counts[label];
    }
    return counts;
}

}  // namespace segloop
