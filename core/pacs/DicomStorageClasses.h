#pragma once

#include <string>
#include <vector>

namespace segloop {

/// Internal to core/pacs: the storage SOP classes SegLoop asks to receive in a C-GET (C-GET
/// cannot take more than about 120 of them on one association): cross-sectional and projection
/// images, their enhanced and legacy-converted forms, SEG (binary and label map), RT objects,
/// secondary capture, structured reports, presentation states, registrations, key objects.
const std::vector<std::string>& retrievableStorageClasses();

/// Internal to core/pacs: every storage SOP class DCMTK knows, and the label map SEG; what our
/// storage SCP accepts during a C-MOVE.
std::vector<std::string> allStorageClasses();

/// Internal to core/pacs: the transfer syntaxes SegLoop reads, best first: explicit and
/// implicit VR little endian, then the compressed ones core/io decodes (JPEG lossless,
/// JPEG-LS, RLE, JPEG baseline and extended), deflated and big endian last.
const std::vector<std::string>& readableTransferSyntaxes();

}  // namespace segloop
