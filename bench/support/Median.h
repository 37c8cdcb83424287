#pragma once

#include <algorithm>
#include <vector>

namespace segloop::bench {

/// The median of `values` (the mean of the two middle ones for an even count; 0 when empty).
inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0.0 : n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace segloop::bench
