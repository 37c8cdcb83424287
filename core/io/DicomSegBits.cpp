#include "core/io/DicomSegBits.h"

namespace segloop {

void DicomSegBitPacker::append(const uint8_t* pixels, size_t pixelCount) {
    bytes_.resize(dicomSegPackedBytes(bitCount_ + pixelCount), 0);
    for (size_t pixel = 0; pixel < pixelCount; ++pixel, ++bitCount_) {
        if (pixels[pixel] != 0) {
            bytes_[bitCount_ / 8] |= static_cast<uint8_t>(1u << (bitCount_ % 8));
        }
    }
}

std::vector<uint8_t> DicomSegBitPacker::finish() {
    std::vector<uint8_t> packed = std::move(bytes_);
    if (packed.size() % 2 != 0) {
        packed.push_back(0);
    }
    bytes_.clear();
    bitCount_ = 0;
    return packed;
}

void unpackDicomSegBits(const uint8_t* packed, size_t firstBit, size_t pixelCount, uint8_t* out) {
    for (size_t pixel = 0; pixel < pixelCount; ++pixel) {
        const size_t bit = firstBit + pixel;
        out[pixel] = static_cast<uint8_t>((packed[bit / 8] >> (bit % 8)) & 1u);
    }
}

}  // namespace segloop
