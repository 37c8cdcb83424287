#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/io/DicomSegWriter.h"

namespace segloop {

/// Internal to core/io: assembles one DICOM SEG with DCMTK's DcmSegmentation and saves it.
/// The constructor sets the patient, study, series, frame of reference, equipment, content
/// identification, dimensions, shared functional groups (plane orientation, pixel measures)
/// and the Referenced Series Sequence from `source`; then segments are added (numbered 1..N in
/// call order), then frames, then save(). Throws segloop::Error naming `path` on any refusal.
/// Keeps a reference to `source`, which must outlive it. Not thread-safe; one builder a file.
class DicomSegBuilder {
  public:
    enum class Kind { Binary, Fractional };

    DicomSegBuilder(std::string path, const DicomSourceSeries& source,
                    const DicomSegWriteOptions& options, Kind kind);
    ~DicomSegBuilder();
    DicomSegBuilder(const DicomSegBuilder&) = delete;
    DicomSegBuilder& operator=(const DicomSegBuilder&) = delete;

    /// Adds a segment described by the class name and colour, with codes from the name and the
    /// algorithm from the options' origin. Returns its segment number.
    uint16_t addSegment(const DicomSegmentDescription& description);

    /// Adds a frame of `segmentNumber` lying on source slice `slice`: columns x rows values,
    /// x fastest (0/1 for binary, 0..255 for fractional).
    void addFrame(uint16_t segmentNumber, int64_t slice, const uint8_t* pixels);

    /// Writes the file (temporary name, fsync, rename) and returns its SOP Instance UID.
    std::string save();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace segloop
