#pragma once

// Helpers of the report tests: PNG bytes decoded by VTK's own reader (vtkPNGReader, from
// memory), colour counts, and the data-URI images of an HTML page.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>

namespace segloop::test {

/// A decoded PNG: width x height pixels of `components` bytes, bottom row first (VTK's order).
struct DecodedPng {
    int width = 0;
    int height = 0;
    int components = 0;
    std::vector<uint8_t> pixels;
};

/// The 8-byte signature every PNG starts with.
inline bool hasPngSignature(const std::vector<unsigned char>& bytes) {
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return bytes.size() > 8 && std::equal(signature, signature + 8, bytes.begin());
}

/// Width and height from the IHDR chunk (bytes 16-23, big-endian); 0 x 0 when not a PNG.
inline std::pair<int, int> pngHeaderSize(const std::vector<unsigned char>& bytes) {
    if (!hasPngSignature(bytes) || bytes.size() < 24)
        return {0, 0};
    auto big = [&](size_t at) {
        return int(bytes[at]) << 24 | int(bytes[at + 1]) << 16 | int(bytes[at + 2]) << 8 |
               int(bytes[at + 3]);
    };
    return {big(16), big(20)};
}

/// Decodes PNG bytes with vtkPNGReader; an empty result when VTK cannot read them.
inline DecodedPng decodePng(const std::vector<unsigned char>& bytes) {
    DecodedPng decoded;
    if (!hasPngSignature(bytes))
        return decoded;
    vtkNew<vtkPNGReader> reader;
    reader->SetMemoryBuffer(bytes.data());
    reader->SetMemoryBufferLength(vtkIdType(bytes.size()));
    reader->Update();
    vtkImageData* image = reader->GetOutput();
    int dimensions[3] = {0, 0, 0};
    image->GetDimensions(dimensions);
    if (dimensions[0] <= 0 || dimensions[1] <= 0 || image->GetScalarType() != VTK_UNSIGNED_CHAR)
        return decoded;
    decoded.width = dimensions[0];
    decoded.height = dimensions[1];
    decoded.components = image->GetNumberOfScalarComponents();
    const auto* data = static_cast<const uint8_t*>(image->GetScalarPointer());
    decoded.pixels.assign(data, data + size_t(decoded.width) * decoded.height * decoded.components);
    return decoded;
}

/// Distinct RGB colours of the image (alpha ignored).
inline size_t distinctColours(const DecodedPng& image) {
    std::set<uint32_t> colours;
    const int step = image.components;
    for (size_t n = 0; n + 2 < image.pixels.size() && step >= 3; n += size_t(step))
        colours.insert(uint32_t(image.pixels[n]) << 16 | uint32_t(image.pixels[n + 1]) << 8 |
                       image.pixels[n + 2]);
    return colours.size();
}

/// The fraction of pixels that are not (nearly) white.
inline double inkFraction(const DecodedPng& image) {
    size_t ink = 0, count = 0;
    for (size_t n = 0; n + 2 < image.pixels.size(); n += size_t(image.components), ++count)
        ink += image.pixels[n] < 240 || image.pixels[n + 1] < 240 || image.pixels[n + 2] < 240;
    return count ? double(ink) / double(count) : 0.0;
}

/// The Base64 payloads of every `src="data:image/png;base64,..."` in `html`, in order.
inline std::vector<std::string> dataUriImages(const std::string& html) {
    const std::string prefix = "src=\"data:image/png;base64,";
    std::vector<std::string> payloads;
    for (size_t at = html.find(prefix); at != std::string::npos; at = html.find(prefix, at)) {
        at += prefix.size();
        payloads.push_back(html.substr(at, html.find('"', at) - at));
    }
    return payloads;
}

/// How many times `part` occurs in `text`.
inline size_t occurrences(const std::string& text, const std::string& part) {
    size_t count = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++count;
    return count;
}

}  // namespace segloop::test
