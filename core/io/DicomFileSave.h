#pragma once

#include <string>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcxfer.h"

class DcmFileFormat;

namespace segloop {

/// Saves `file` in `transferSyntax` (EXS_Unknown: the dataset's original one, with a new meta
/// header) to a temporary name beside `path`, flushes it to disk and renames it to `path`, so
/// that `path` is never half-written; on failure removes the temporary file and throws
/// segloop::Error naming `path` and the problem. The one atomic DICOM save of core/io (SEG,
/// RTSTRUCT, de-identified copies).
void saveDicomFileAtomically(DcmFileFormat& file, const std::string& path,
                             E_TransferSyntax transferSyntax = EXS_LittleEndianExplicit);

}  // namespace segloop
