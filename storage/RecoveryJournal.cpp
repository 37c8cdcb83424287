#include "storage/RecoveryJournal.h"

#include <algorithm>
#include <cstring>

#include "core/Error.h"

namespace segloop {

namespace {

void putU16(std::vector<uint8_t>& out, uint16_t value) {
    out.push_back(uint8_t(value));
    out.push_back(uint8_t(value >> 8));
}

void putU32(std::vector<uint8_t>& out, uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(uint8_t(value >> shift));
}

void putU64(std::vector<uint8_t>& out, uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8)
        out.push_back(uint8_t(value >> shift));
}

uint64_t getUnsigned(const uint8_t* data, int bytes) {
    uint64_t value = 0;
    for (int n = bytes - 1; n >= 0; --n)
        value = (value << 8) | data[n];
    return value;
}

std::string gridText(const std::array<int64_t, 3>& size) {
    return std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" + std::to_string(size[2]);
}

void checkGrid(const RecoveryJournal& journal, const LabelMap& labels, const std::string& subject) {
    if (journal.gridSize != labels.geometry.size ||
        labels.labels.size() != labels.geometry.voxelCount())
        throw Error(subject, "the journal's grid " + gridText(journal.gridSize) +
                                 " is not the case's grid " + gridText(labels.geometry.size));
}

/// Calls visit(index, run) for every voxel of the journal after checking the old values.
template <typename Visit>
void forEachCheckedVoxel(const RecoveryJournal& journal, const LabelMap& labels,
                         const std::string& subject, Visit visit) {
    checkGrid(journal, labels, subject);
    for (const LabelRun& run : journal.runs) {
        for (uint64_t index = run.start; index < run.start + run.length; ++index) {
            if (labels.labels[index] != run.oldLabel)
                throw Error(subject, "voxel " + std::to_string(index) + " holds label " +
                                         std::to_string(labels.labels[index]) +
                                         " where the journal expects " +
                                         std::to_string(run.oldLabel) +
                                         ": it was not made on this label version");
            visit(index, run);
        }
    }
}

}  // namespace

size_t RecoveryJournal::voxelCount() const {
    size_t count = 0;
    for (const LabelRun& run : runs)
        count += run.length;
    return count;
}

VoxelBox RecoveryJournal::region() const {
    VoxelBox box;
    const int64_t nx = gridSize[0];
    const int64_t ny = gridSize[1];
    if (nx <= 0 || ny <= 0)
        return box;
    for (const LabelRun& run : runs) {
        const int64_t first = int64_t(run.start);
        const int64_t last = first + int64_t(run.length) - 1;
        const int64_t firstRow = first / nx;
        const int64_t lastRow = last / nx;
        if (firstRow == lastRow) {
            box.include(first % nx, firstRow % ny, firstRow / ny);
            box.include(last % nx, lastRow % ny, lastRow / ny);
        } else if (firstRow / ny == lastRow / ny) {  // whole rows of one slice
            box.include(0, firstRow % ny, firstRow / ny);
            box.include(nx - 1, lastRow % ny, lastRow / ny);
        } else {  // whole slices
            box.include(0, 0, firstRow / ny);
            box.include(nx - 1, ny - 1, lastRow / ny);
        }
    }
    return box;
}

RecoveryJournal diffLabelMaps(int64_t volumeId, int64_t baseVersionId, const LabelMap& base,
                              const LabelMap& edited, const VoxelBox& region) {
    if (base.geometry.size != edited.geometry.size || base.labels.size() != edited.labels.size() ||
        edited.labels.size() != edited.geometry.voxelCount())
        throw Error("recovery journal of volume " + std::to_string(volumeId),
                    "the edited labels " + gridText(edited.geometry.size) +
                        " are not on the base version's grid " + gridText(base.geometry.size));
    RecoveryJournal journal;
    journal.volumeId = volumeId;
    journal.baseVersionId = baseVersionId;
    journal.gridSize = edited.geometry.size;
    if (region.empty())
        return journal;
    const auto& size = edited.geometry.size;
    VoxelBox box;
    for (int axis = 0; axis < 3; ++axis) {
        box.min[axis] = std::max<int64_t>(region.min[axis], 0);
        box.max[axis] = std::min<int64_t>(region.max[axis], size[axis] - 1);
    }
    if (box.empty())
        return journal;
    constexpr int64_t kSpan = 32;
    const uint16_t* before = base.labels.data();
    const uint16_t* after = edited.labels.data();
    for (int64_t k = box.min[2]; k <= box.max[2]; ++k) {
        for (int64_t j = box.min[1]; j <= box.max[1]; ++j) {
            const uint64_t rowStart = uint64_t((k * size[1] + j) * size[0]);
            for (int64_t i = box.min[0]; i <= box.max[0]; ++i) {
                const uint64_t index = rowStart + uint64_t(i);
                // Unchanged spans (most of a box of scattered strokes) are skipped 32 at a time.
                if (i + kSpan <= box.max[0] + 1 &&
                    std::memcmp(before + index, after + index, kSpan * sizeof(uint16_t)) == 0) {
                    i += kSpan - 1;
                    continue;
                }
                if (before[index] == after[index])
                    continue;
                if (!journal.runs.empty()) {
                    LabelRun& last = journal.runs.back();
                    if (last.start + last.length == index && last.oldLabel == before[index] &&
                        last.newLabel == after[index] && last.length < UINT32_MAX) {
                        ++last.length;
                        continue;
                    }
                }
                journal.runs.push_back(LabelRun{index, 1, before[index], after[index]});
            }
        }
    }
    return journal;
}

LabelDiff journalAsLabelDiff(const RecoveryJournal& journal, const LabelMap& labels,
                             const std::string& subject) {
    LabelDiffBuilder builder(labels.geometry);
    forEachCheckedVoxel(journal, labels, subject, [&builder](uint64_t index, const LabelRun& run) {
        builder.record(size_t(index), run.oldLabel, run.newLabel);
    });
    return builder.finish();
}

void applyJournal(const RecoveryJournal& journal, LabelMap& labels, const std::string& subject) {
    forEachCheckedVoxel(journal, labels, subject, [](uint64_t, const LabelRun&) {});
    for (const LabelRun& run : journal.runs)
        std::fill_n(labels.labels.begin() + std::ptrdiff_t(run.start), run.length, run.newLabel);
}

std::vector<uint8_t> encodeJournal(const RecoveryJournal& journal) {
    std::vector<uint8_t> out;
    out.reserve(RecoveryJournal::kHeaderBytes + journal.runs.size() * RecoveryJournal::kRunBytes +
                RecoveryJournal::kTrailerBytes);
    out.insert(out.end(), std::begin(RecoveryJournal::kMagic), std::end(RecoveryJournal::kMagic));
    putU32(out, RecoveryJournal::kFormatVersion);
    putU32(out, uint32_t(RecoveryJournal::kHeaderBytes));
    putU64(out, uint64_t(journal.volumeId));
    putU64(out, uint64_t(journal.baseVersionId));
    for (int64_t extent : journal.gridSize)
        putU64(out, uint64_t(extent));
    putU64(out, journal.sequence);
    putU64(out, uint64_t(journal.writtenAtUnixMs));
    putU64(out, journal.runs.size());
    for (const LabelRun& run : journal.runs) {
        putU64(out, run.start);
        putU32(out, run.length);
        putU16(out, run.oldLabel);
        putU16(out, run.newLabel);
    }
    putU32(out, journalCrc32(out.data(), out.size()));
    return out;
}

RecoveryJournal decodeJournal(const uint8_t* data, size_t size, const std::string& subject) {
    constexpr size_t kMinimum = RecoveryJournal::kHeaderBytes + RecoveryJournal::kTrailerBytes;
    if (size < sizeof RecoveryJournal::kMagic ||
        std::memcmp(data, RecoveryJournal::kMagic, sizeof RecoveryJournal::kMagic) != 0)
        throw Error(subject, "not a SegLoop recovery journal (no SEGLJRNL magic)");
    if (size < kMinimum)
        throw Error(subject, "recovery journal is truncated (" + std::to_string(size) +
                                 " bytes, the header alone needs " + std::to_string(kMinimum) +
                                 ")");
    const uint32_t version = uint32_t(getUnsigned(data + 8, 4));
    if (version != RecoveryJournal::kFormatVersion)
        throw Error(subject, "recovery journal format version " + std::to_string(version) +
                                 " is not supported (this SegLoop reads version " +
                                 std::to_string(RecoveryJournal::kFormatVersion) + ")");
    if (getUnsigned(data + 12, 4) != RecoveryJournal::kHeaderBytes)
        throw Error(subject, "recovery journal header size is " +
                                 std::to_string(getUnsigned(data + 12, 4)) + ", not 80");
    const uint64_t runCount = getUnsigned(data + 72, 8);
    const uint64_t maxRuns = (size - kMinimum) / RecoveryJournal::kRunBytes;
    const uint64_t expected =
        kMinimum + std::min(runCount, maxRuns + 1) * RecoveryJournal::kRunBytes;
    if (runCount > maxRuns || expected != size)
        throw Error(subject,
                    "recovery journal is " +
                        std::string(runCount > maxRuns ? "truncated" : "longer than it says") +
                        " (" + std::to_string(size) + " bytes for " + std::to_string(runCount) +
                        " runs)");
    const uint32_t stored = uint32_t(getUnsigned(data + size - 4, 4));
    if (stored != journalCrc32(data, size - 4))
        throw Error(subject, "recovery journal is damaged (checksum mismatch)");

    RecoveryJournal journal;
    journal.volumeId = int64_t(getUnsigned(data + 16, 8));
    journal.baseVersionId = int64_t(getUnsigned(data + 24, 8));
    uint64_t voxels = 1;
    for (int axis = 0; axis < 3; ++axis) {
        journal.gridSize[size_t(axis)] = int64_t(getUnsigned(data + 32 + 8 * axis, 8));
        const int64_t extent = journal.gridSize[size_t(axis)];
        if (extent <= 0 || extent > (int64_t(1) << 20) || voxels > (uint64_t(1) << 40))
            throw Error(subject, "recovery journal grid " + gridText(journal.gridSize) +
                                     " is not a valid grid");
        voxels *= uint64_t(extent);
    }
    journal.sequence = getUnsigned(data + 56, 8);
    journal.writtenAtUnixMs = int64_t(getUnsigned(data + 64, 8));
    journal.runs.resize(size_t(runCount));
    uint64_t end = 0;
    for (size_t n = 0; n < journal.runs.size(); ++n) {
        const uint8_t* at = data + RecoveryJournal::kHeaderBytes + n * RecoveryJournal::kRunBytes;
        LabelRun& run = journal.runs[n];
        run.start = getUnsigned(at, 8);
        run.length = uint32_t(getUnsigned(at + 8, 4));
        run.oldLabel = uint16_t(getUnsigned(at + 12, 2));
        run.newLabel = uint16_t(getUnsigned(at + 14, 2));
        if (run.length == 0 || run.oldLabel == run.newLabel || (n > 0 && run.start < end) ||
            run.start >= voxels || run.length > voxels - run.start)
            throw Error(subject, "recovery journal run " + std::to_string(n) +
                                     " is empty, changes nothing, overlaps the one before or "
                                     "lies outside the grid");
        end = run.start + run.length;
    }
    return journal;
}

uint32_t journalCrc32(const uint8_t* data, size_t size) {
    static const auto table = [] {
        std::array<uint32_t, 256> entries{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t value = n;
            for (int bit = 0; bit < 8; ++bit)
                value = (value & 1u) ? 0xEDB88320u ^ (value >> 1) : value >> 1;
            entries[n] = value;
        }
        return entries;
    }();
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t n = 0; n < size; ++n)
        crc = table[(crc ^ data[n]) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

}  // namespace segloop
