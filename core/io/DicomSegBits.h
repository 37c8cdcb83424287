#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace segloop {

/// Internal to core/io: the pixel data of a BINARY DICOM SEG, 1 bit a pixel. Frames follow one
/// another with no unused bit between them (a frame may start inside a byte), the first pixel
/// in the least significant bit (PS3.5 8.1.1, PS3.3 C.8.20.2). DCMTK 3.6.7 packs and unpacks
/// frames whose pixel count is not a multiple of 8 wrongly (fixed in 3.6.9, DCMTK issue
/// #1132), so SegLoop does it here. No DCMTK; plain functions.

/// Appends frames of 0/non-zero bytes and gives the packed pixel data.
class DicomSegBitPacker {
  public:
    /// Appends `pixelCount` pixels: a non-zero byte sets the bit.
    void append(const uint8_t* pixels, size_t pixelCount);
    /// The packed bytes (unused bits of the last byte are 0), padded with a 0 byte to an even
    /// length as DICOM requires. Leaves the packer empty.
    std::vector<uint8_t> finish();
    /// Pixels appended so far.
    size_t bitCount() const { return bitCount_; }

  private:
    std::vector<uint8_t> bytes_;
    size_t bitCount_ = 0;
};

/// Bytes needed for `bitCount` packed pixels (before even padding).
inline size_t dicomSegPackedBytes(size_t bitCount) {
    return (bitCount + 7) / 8;
}

/// Unpacks `pixelCount` pixels starting at bit `firstBit` of `packed` into 0/1 bytes.
/// `packed` must hold at least dicomSegPackedBytes(firstBit + pixelCount) bytes.
void unpackDicomSegBits(const uint8_t* packed, size_t firstBit, size_t pixelCount, uint8_t* out);

}  // namespace segloop
