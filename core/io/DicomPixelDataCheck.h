#pragma once

#include <string>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"

#include "core/io/DicomSeries.h"

namespace segloop {

/// Why the uncompressed pixel data of a dataset cannot hold even one frame of the size its
/// header declares ("pixel data is truncated: 1824 bytes, where one frame of 12849 x 8216
/// pixels of 16 bits needs 211132768 bytes"), or "" when it can, when the pixel data is
/// compressed (its decoded size is known only by decoding) or absent. The scanner asks this
/// before a loader allocates a volume of the declared size: a 3 KB file that declared 12849 x
/// 8216 pixels had the loader zero 400 MB before it found the pixel data short. Reads the
/// element's length field only, not its value.
std::string dicomPixelDataShortfall(DcmDataset& dataset, const DicomPixelFormat& format);

}  // namespace segloop
