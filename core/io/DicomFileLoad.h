#pragma once

#include <string>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcfilefo.h"

namespace segloop {

/// Reads a whole DICOM file in one pass, like DcmFileFormat::loadFile with no read limit, but
/// without trusting its element lengths. DCMTK 3.6.7 allocates a value of the length an element
/// declares before it reads it, so a damaged length field (up to 4 GB) made it allocate 4 GB for a
/// 5 KB file. Here every value longer than the file itself takes DCMTK's deferred-value path,
/// which checks the length against the bytes left in the file and fails the read ("larger than
/// remaining bytes") before anything is allocated; every real value is still read at once.
/// Deflated files are not covered: DCMTK reads them through a filter that cannot skip ahead.
OFCondition loadWholeDicomFile(DcmFileFormat& file, const std::string& path);

/// Words for a failed load: a premature end of the file ("truncated or damaged: an element is
/// longer than the rest of the file") or DCMTK's own text, for a message that names the file.
std::string dicomLoadFailure(const OFCondition& condition);

}  // namespace segloop
