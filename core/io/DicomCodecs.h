#pragma once

namespace segloop {

/// Registers DCMTK's decoders for compressed DICOM pixel data: JPEG (baseline, extended,
/// lossless), JPEG-LS (lossless and near-lossless) and RLE. Until this has run, DCMTK cannot
/// decompress such files. Idempotent and thread-safe: the first call registers, later calls
/// return at once. The decoders stay registered for the life of the process (DCMTK's codec
/// list must not change while another thread decodes).
void registerDicomCodecs();

}  // namespace segloop

namespace segloop {

/// Stops DCMTK from printing its own warnings and errors (e.g. "E: DcmElement: ... premature
/// end of stream") on stderr. SegLoop reports every such problem itself, once, as a
/// segloop::Error naming the file; programs call this at start-up. Process-wide.
void silenceDicomToolkitLog();

}  // namespace segloop
