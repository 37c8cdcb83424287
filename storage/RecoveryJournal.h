#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/editing/LabelDiff.h"
#include "core/editing/VoxelBox.h"
#include "core/image/LabelMap.h"

namespace segloop {

/// The unsaved label edits of one case, as the window keeps them on disk between saves so that
/// a crash loses at most the last second or two of work: the label version they were made on
/// and the voxels that differ from it (core LabelRun runs: old = the base version's value,
/// new = the edited value). A plain value; encode()/decode() give its file bytes.
///
/// File format, version 1 (all integers little-endian, 80-byte header, 16 bytes a run):
///
///   offset  size  field
///        0     8  magic "SEGLJRNL"
///        8     4  u32 format version (1)
///       12     4  u32 header size in bytes (80)
///       16     8  i64 volume id
///       24     8  i64 base label version id (0: the case had no label; edits start empty)
///       32    24  i64[3] grid size (x, y, z) of the label map
///       56     8  u64 sequence number (grows with every write of a session)
///       64     8  i64 written at, milliseconds since 1970-01-01 UTC
///       72     8  u64 run count N
///       80  16*N  runs: u64 first linear index (x fastest), u32 length, u16 old, u16 new
///   80+16N     4  u32 CRC-32 (IEEE 802.3, as zlib's crc32) of every byte before it
///
/// decode() refuses anything else with an Error naming the file and the problem: a wrong
/// magic or version, a size that is not 84 + 16*N (truncated or extended), a checksum
/// mismatch, runs that are empty, unsorted, overlapping, outside the grid or that change
/// nothing.
struct RecoveryJournal {
    static constexpr char kMagic[8] = {'S', 'E', 'G', 'L', 'J', 'R', 'N', 'L'};
    static constexpr uint32_t kFormatVersion = 1;
    static constexpr size_t kHeaderBytes = 80;
    static constexpr size_t kRunBytes = 16;
    static constexpr size_t kTrailerBytes = 4;

    int64_t volumeId = 0;
    int64_t baseVersionId = 0;
    std::array<int64_t, 3> gridSize{0, 0, 0};
    uint64_t sequence = 0;
    int64_t writtenAtUnixMs = 0;
    std::vector<LabelRun> runs;

    /// Number of voxels the edits changed.
    size_t voxelCount() const;
    /// The smallest box holding every changed voxel.
    VoxelBox region() const;
};

/// The journal of `edited` against `base` (same grid), looking only inside `region` (the union
/// of the boxes changed since `base`; an empty region: nothing changed). Runs are in linear
/// order. Throws Error when the two maps are not on the same grid.
RecoveryJournal diffLabelMaps(int64_t volumeId, int64_t baseVersionId, const LabelMap& base,
                              const LabelMap& edited, const VoxelBox& region);

/// The journal's edits as a core LabelDiff on `labels` (the base version's map), ready for an
/// EditSession: the old values are checked against `labels`. Throws Error(subject, ...) when
/// the grid differs or a voxel does not hold the journal's old value (not its base).
LabelDiff journalAsLabelDiff(const RecoveryJournal& journal, const LabelMap& labels,
                             const std::string& subject);

/// Writes the new values of the journal into `labels` (checked as journalAsLabelDiff does).
void applyJournal(const RecoveryJournal& journal, LabelMap& labels, const std::string& subject);

/// The file bytes (format above).
std::vector<uint8_t> encodeJournal(const RecoveryJournal& journal);
/// Parses file bytes; `subject` (the file's path) names the file in every Error.
RecoveryJournal decodeJournal(const uint8_t* data, size_t size, const std::string& subject);

/// CRC-32 (IEEE 802.3 polynomial, reflected; the value zlib's crc32 gives).
uint32_t journalCrc32(const uint8_t* data, size_t size);

}  // namespace segloop
