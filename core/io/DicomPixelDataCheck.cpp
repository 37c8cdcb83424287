#include "core/io/DicomPixelDataCheck.h"

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcelem.h"
#include "dcmtk/dcmdata/dcxfer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace segloop {

std::string dicomPixelDataShortfall(DcmDataset& dataset, const DicomPixelFormat& format) {
    if (DcmXfer(dataset.getOriginalXfer()).isEncapsulated()) {
        return {};
    }
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) {
        return {};
    }
    // One frame of one sample: a colour or multi-frame file short of more is left to the
    // loader's own, more telling refusal. In double: no overflow for any header.
    const double bits = double(std::max(format.rows, 0)) * double(std::max(format.columns, 0)) *
                        double(std::max(format.bitsAllocated, 0));
    const double needed = std::ceil(bits / 8.0);
    if (double(element->getLengthField()) >= needed) {
        return {};
    }
    return "pixel data is truncated: " + std::to_string(element->getLengthField()) +
           " bytes, where one frame of " + std::to_string(format.rows) + " x " +
           std::to_string(format.columns) + " pixels of " + std::to_string(format.bitsAllocated) +
           " bits needs " + std::to_string(static_cast<uint64_t>(needed)) + " bytes";
}

}  // namespace segloop
