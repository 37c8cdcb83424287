#pragma once

#include <cstdint>
#include <string>

namespace segloop {

/// What network to build. Stored with every checkpoint and model bundle.
struct NetworkConfig {
    std::string architecture = "unet3d";  ///< "unet3d" or "unet2d" (slice-wise, for thin slabs)
    int64_t inputChannels = 1;
    int64_t classes = 3;        ///< Including background (class 0).
    int64_t baseChannels = 16;  ///< Channels of the first level; doubled per level down.
    int64_t levels = 4;         ///< Resolution levels (levels - 1 poolings by 2).
    double dropout = 0.0;       ///< Dropout before the classifier (MC dropout needs > 0).
};

}  // namespace segloop
