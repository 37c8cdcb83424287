// Fuzz target `dicom_series`: importing a DICOM series of a few files. The input is split at
// kFuzzFileSeparator ("\n--next-file--\n", in tests/fuzz/dicom.dict) into up to 4 files of one
// folder, which is scanned and whose series are loaded, so that the slice sorting, spacing,
// geometry and per-file consistency checks of a series see hostile neighbours.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "FuzzSupport.h"
#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"

// DCMTK's own warnings on stderr, as in the programs: off (they slowed every execution).
[[maybe_unused]] const bool kDicomLogSilenced = (segloop::silenceDicomToolkitLog(), true);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (2u << 20))
        return 0;
    const std::string folder = segloop::fuzz::fuzzWorkFolder();
    const std::vector<std::string> files = segloop::fuzz::splitFuzzInput(data, size, 4);
    for (size_t n = 0; n < files.size(); ++n) {
        segloop::fuzz::writeFuzzFile(folder + "/slice" + std::to_string(n) + ".dcm",
                                     reinterpret_cast<const uint8_t*>(files[n].data()),
                                     files[n].size());
    }
    try {
        const segloop::DicomScanResult scan = segloop::scanDicomFolder(folder);
        for (const segloop::DicomSeries& series : scan.series) {
            try {
                segloop::loadDicomSeries(series);
            } catch (const segloop::Error&) {
            }
        }
    } catch (const segloop::Error&) {
    }
    return 0;
}
