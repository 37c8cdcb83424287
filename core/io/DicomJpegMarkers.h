#pragma once

#include <string>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"

namespace segloop {

/// Why DCMTK 3.6.7 would hang decoding this dataset's JPEG pixel data, or "" when it would
/// not. Before it decodes a JPEG frame (processes 1 to 14), dcmjpeg walks the stream's marker
/// segments to find the bit depth, and a TEM marker (FF 01) on that walk does not advance it:
/// a 2.5 KB fuzzed file held a reader at full CPU until it was killed. This walks each
/// fragment's markers the same way, without decoding, and names the fragment and offset
/// where that walk would stop. Other transfer syntaxes, and unencapsulated data, give "".
/// Call it before `chooseRepresentation` on any dataset read from outside.
std::string dicomJpegMarkerProblem(DcmDataset& dataset);

}  // namespace segloop
