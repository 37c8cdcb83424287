#include "core/io/DicomJpegMarkers.h"

#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcxfer.h"

#include <cstdint>

namespace segloop {
namespace {

bool decodedByDcmjpeg(E_TransferSyntax syntax) {
    return syntax >= EXS_JPEGProcess1 && syntax <= EXS_JPEGProcess14SV1;
}

uint32_t bigEndian16(const uint8_t* at) {
    return (uint32_t(at[0]) << 8) | uint32_t(at[1]);
}

bool standalone(uint32_t marker) {
    // SOI, EOI, RSTn and the reserved markers 0xFF03..0xFFBF carry no length field.
    return marker == 0xffd8 || marker == 0xffd9 || (marker >= 0xffd0 && marker <= 0xffd7) ||
           (marker >= 0xff03 && marker <= 0xffbf);
}

bool startOfFrame(uint32_t marker) {
    return marker >= 0xffc0 && marker <= 0xffcf && marker != 0xffc4 && marker != 0xffc8 &&
           marker != 0xffcc;
}

/// The offset at which a bit-depth scan of `data` would stop without advancing, or -1 when
/// the scan ends (a frame header, an invalid marker or the end of the fragment).
long stuckOffset(const uint8_t* data, uint32_t length) {
    uint64_t offset = 0;
    while (offset + 4 < length) {
        const uint32_t marker = bigEndian16(data + offset);
        if (marker == 0xff01) {
            return static_cast<long>(offset);
        }
        if (startOfFrame(marker)) {
            return -1;
        }
        if (marker == 0xffff) {
            offset += 1;
        } else if (standalone(marker)) {
            offset += 2;
        } else if (marker >= 0xffc4 && marker <= 0xfffe) {
            offset += bigEndian16(data + offset + 2) + 2;
        } else {
            return -1;  // not a marker: the scan stops with an error, the decoder reports it
        }
    }
    return -1;
}

}  // namespace

std::string dicomJpegMarkerProblem(DcmDataset& dataset) {
    if (!decodedByDcmjpeg(DcmXfer(dataset.getOriginalXfer()).getXfer())) {
        return {};
    }
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) {
        return {};
    }
    DcmPixelSequence* sequence = nullptr;
    auto* pixelData = static_cast<DcmPixelData*>(element);
    if (pixelData->getEncapsulatedRepresentation(dataset.getOriginalXfer(), nullptr, sequence)
            .bad() ||
        sequence == nullptr) {
        return {};
    }
    const unsigned long count = sequence->card();
    for (unsigned long index = 1; index < count; ++index) {  // item 0 is the offset table
        DcmPixelItem* item = nullptr;
        Uint8* bytes = nullptr;
        if (sequence->getItem(item, index).bad() || item == nullptr ||
            item->getUint8Array(bytes).bad() || bytes == nullptr) {
            continue;
        }
        const long stuck = stuckOffset(bytes, item->getLength());
        if (stuck >= 0) {
            return "has a damaged JPEG stream: a TEM marker (FF 01) in fragment " +
                   std::to_string(index) + " at byte " + std::to_string(stuck) +
                   " where a frame header is expected";
        }
    }
    return {};
}

}  // namespace segloop
