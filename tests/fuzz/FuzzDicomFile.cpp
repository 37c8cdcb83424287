// Fuzz target `dicom_file`: importing one DICOM file. The input is written as the only file of
// a folder, scanned as an import would (core/io/DicomSeriesScanner) and every series found is
// loaded into a volume (core/io/DicomSeriesLoader), decoders for compressed syntaxes included.
// A segloop::Error is a refusal naming the file; anything else escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "FuzzSupport.h"
#include "core/Error.h"
#include "core/io/DicomCodecs.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"

// DCMTK's own warnings on stderr, as in the programs: off (they slowed every execution).
[[maybe_unused]] const bool kDicomLogSilenced = (segloop::silenceDicomToolkitLog(), true);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > (1u << 20))
        return 0;
    const std::string folder = segloop::fuzz::fuzzWorkFolder();
    segloop::fuzz::writeFuzzFile(folder + "/image.dcm", data, size);
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
