// The window's recovery journal format (storage/RecoveryJournal.h) on real files: a round trip,
// every truncation and every flipped byte refused with the file's name, owner-only files, an
// atomic replacement, the file names of a project's recovery folder, and the write times for a
// hippocampus-size and a 512x512x200 label map (printed, not asserted).
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "storage/RecoveryJournal.h"
#include "storage/RecoveryJournalFiles.h"
#include "storage/RecoveryJournalWriter.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

LabelMap mapOfSize(int64_t nx, int64_t ny, int64_t nz) {
    ImageGeometry grid;
    grid.size = {nx, ny, nz};
    return LabelMap(grid);
}

/// Paints a ball of `label` (radius in voxels) into `labels`; returns its box.
VoxelBox paintBall(LabelMap& labels, std::array<int64_t, 3> centre, int64_t radius,
                   uint16_t label) {
    VoxelBox box;
    const auto& size = labels.geometry.size;
    for (int64_t k = std::max<int64_t>(0, centre[2] - radius);
         k <= std::min(size[2] - 1, centre[2] + radius); ++k)
        for (int64_t j = std::max<int64_t>(0, centre[1] - radius);
             j <= std::min(size[1] - 1, centre[1] + radius); ++j)
            for (int64_t i = std::max<int64_t>(0, centre[0] - radius);
                 i <= std::min(size[0] - 1, centre[0] + radius); ++i) {
                const int64_t di = i - centre[0], dj = j - centre[1], dk = k - centre[2];
                if (di * di + dj * dj + dk * dk <= radius * radius) {
                    labels.at(i, j, k) = label;
                    box.include(i, j, k);
                }
            }
    return box;
}

std::vector<uint8_t> readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

struct Edited {
    LabelMap base;
    LabelMap edited;
    VoxelBox changed;
};

Edited strokesOn(int64_t nx, int64_t ny, int64_t nz, int strokes, uint32_t seed) {
    Edited result{mapOfSize(nx, ny, nz), mapOfSize(nx, ny, nz), {}};
    std::mt19937 random(seed);
    paintBall(result.base, {nx / 2, ny / 2, nz / 2}, std::min({nx, ny, nz}) / 4, 1);
    result.edited = result.base;
    for (int n = 0; n < strokes; ++n) {
        const std::array<int64_t, 3> centre{int64_t(random() % nx), int64_t(random() % ny),
                                            int64_t(random() % nz)};
        result.changed.include(paintBall(result.edited, centre, 3, uint16_t(random() % 3)));
    }
    return result;
}

TEST(RecoveryJournalTest, RoundTripsAndRestoresTheEditedMapExactly) {
    segloop::test::TempDir dir;
    const Edited maps = strokesOn(35, 51, 36, 12, 7);
    RecoveryJournal journal = diffLabelMaps(4, 17, maps.base, maps.edited, maps.changed);
    journal.sequence = 3;
    journal.writtenAtUnixMs = 1765000000123;
    ASSERT_FALSE(journal.runs.empty());
    const std::string path = dir.file("volume-4.journal");
    recovery_files::write(path, journal);
    const RecoveryJournal back = recovery_files::read(path);
    EXPECT_EQ(back.volumeId, 4);
    EXPECT_EQ(back.baseVersionId, 17);
    EXPECT_EQ(back.gridSize, (std::array<int64_t, 3>{35, 51, 36}));
    EXPECT_EQ(back.sequence, 3u);
    EXPECT_EQ(back.writtenAtUnixMs, 1765000000123);
    EXPECT_EQ(back.voxelCount(), journal.voxelCount());
    LabelMap restored = maps.base;
    applyJournal(back, restored, path);
    EXPECT_EQ(restored.labels, maps.edited.labels);
    // As a core LabelDiff: applying it forwards and backwards gives both maps.
    LabelMap viaDiff = maps.base;
    const LabelDiff diff = journalAsLabelDiff(back, viaDiff, path);
    diff.applyNew(viaDiff);
    EXPECT_EQ(viaDiff.labels, maps.edited.labels);
    EXPECT_TRUE(
        maps.changed.contains(diff.region().min[0], diff.region().min[1], diff.region().min[2]));
    diff.applyOld(viaDiff);
    EXPECT_EQ(viaDiff.labels, maps.base.labels);
    // The region covers every changed voxel.
    const VoxelBox region = back.region();
    for (int64_t k = 0; k < 36; ++k)
        for (int64_t j = 0; j < 51; ++j)
            for (int64_t i = 0; i < 35; ++i)
                if (maps.base.at(i, j, k) != maps.edited.at(i, j, k)) {
                    ASSERT_TRUE(region.contains(i, j, k)) << i << " " << j << " " << k;
                }
}

TEST(RecoveryJournalTest, EveryTruncationAndEveryFlippedByteIsRefusedNamingTheFile) {
    segloop::test::TempDir dir;
    const Edited maps = strokesOn(20, 20, 10, 3, 11);
    const RecoveryJournal journal = diffLabelMaps(2, 5, maps.base, maps.edited, maps.changed);
    const std::vector<uint8_t> bytes = encodeJournal(journal);
    ASSERT_EQ(bytes.size(), 84 + 16 * journal.runs.size());
    const std::string subject = dir.file("volume-2.journal");
    for (size_t length = 0; length < bytes.size(); ++length) {
        try {
            decodeJournal(bytes.data(), length, subject);
            FAIL() << "a journal cut to " << length << " bytes was read";
        } catch (const Error& error) {
            EXPECT_EQ(error.subject(), subject);
        }
    }
    for (size_t at = 0; at < bytes.size(); ++at) {
        std::vector<uint8_t> damaged = bytes;
        damaged[at] ^= 0x20;
        EXPECT_THROW(decodeJournal(damaged.data(), damaged.size(), subject), Error) << at;
    }
    std::vector<uint8_t> longer = bytes;
    longer.push_back(0);
    EXPECT_THROW(decodeJournal(longer.data(), longer.size(), subject), Error);
    // A journal whose base does not hold the old values is refused, not applied.
    LabelMap other = maps.edited;
    EXPECT_THROW(applyJournal(journal, other, subject), Error);
    EXPECT_THROW(journalAsLabelDiff(journal, other, subject), Error);
    LabelMap otherGrid = mapOfSize(20, 20, 11);
    EXPECT_THROW(applyJournal(journal, otherGrid, subject), Error);
}

TEST(RecoveryJournalTest, FilesAreOwnerOnlyAndReplacedWhole) {
    segloop::test::TempDir dir;
    ProjectLayout layout{dir.file("project")};
    std::filesystem::create_directories(layout.folder);
    const Edited first = strokesOn(30, 30, 20, 2, 1);
    const Edited second = strokesOn(30, 30, 20, 9, 2);
    const std::string path = recovery_files::journalPath(layout, 9);
    EXPECT_EQ(path, layout.folder + "/recovery/volume-9.journal");
    recovery_files::write(path, diffLabelMaps(9, 1, first.base, first.edited, first.changed));
    recovery_files::write(path, diffLabelMaps(9, 1, second.base, second.edited, second.changed));
    struct stat file {};
    ASSERT_EQ(::stat(path.c_str(), &file), 0);
    EXPECT_EQ(file.st_mode & 0777, 0600u);
    struct stat folder {};
    ASSERT_EQ(::stat(recovery_files::folder(layout).c_str(), &folder), 0);
    EXPECT_EQ(folder.st_mode & 0777, 0700u);
    LabelMap restored = second.base;
    applyJournal(recovery_files::read(path), restored, path);
    EXPECT_EQ(restored.labels, second.edited.labels);
    // Nothing but the journal is left in the folder (the temporary was renamed).
    int entries = 0;
    for (const auto& entry : std::filesystem::directory_iterator(recovery_files::folder(layout))) {
        (void)entry;
        ++entries;
    }
    EXPECT_EQ(entries, 1);
}

TEST(RecoveryJournalTest, ListsJournalsPutsThemOffAndSetsCorruptOnesAside) {
    segloop::test::TempDir dir;
    ProjectLayout layout{dir.file("project")};
    std::filesystem::create_directories(layout.folder);
    const Edited maps = strokesOn(16, 16, 8, 2, 3);
    const RecoveryJournal journal = diffLabelMaps(3, 0, maps.base, maps.edited, maps.changed);
    recovery_files::write(recovery_files::journalPath(layout, 3), journal);
    recovery_files::write(recovery_files::journalPath(layout, 12), journal);
    const std::string later =
        recovery_files::putOffForLater(recovery_files::journalPath(layout, 3));
    EXPECT_NE(later.find("/recovery/volume-3.later-"), std::string::npos) << later;
    EXPECT_FALSE(std::filesystem::exists(recovery_files::journalPath(layout, 3)));
    recovery_files::write(recovery_files::journalPath(layout, 3), journal);
    EXPECT_EQ(recovery_files::journalsOf(layout, 3).size(), 2u);
    EXPECT_EQ(recovery_files::volumesWithJournals(layout), (std::vector<int64_t>{3, 12}));

    // A cut journal: read names the file; set aside, it is no longer listed but kept.
    const std::string cut = recovery_files::journalPath(layout, 12);
    std::vector<uint8_t> bytes = readBytes(cut);
    bytes.resize(bytes.size() - 7);
    writeBytes(cut, bytes);
    try {
        recovery_files::read(cut);
        FAIL() << "a cut journal was read";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find(cut), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("truncated"), std::string::npos) << error.what();
    }
    const std::string aside = recovery_files::setAside(cut);
    EXPECT_TRUE(std::filesystem::exists(aside));
    EXPECT_EQ(recovery_files::volumesWithJournals(layout), (std::vector<int64_t>{3}));

    // A temporary left by a writer that is gone is removed; one of a live writer is kept.
    const std::string orphan =
        recovery_files::folder(layout) + "/.volume-3.journal.tmp-999999999-0-0000abcd";
    const std::string live = recovery_files::folder(layout) + "/.volume-3.journal.tmp-" +
                             std::to_string(::getpid()) + "-7-0000beef";
    writeBytes(orphan, {1, 2, 3});
    writeBytes(live, {1, 2, 3});
    EXPECT_EQ(recovery_files::removeOrphanTemporaries(layout), 1);
    EXPECT_FALSE(std::filesystem::exists(orphan));
    EXPECT_TRUE(std::filesystem::exists(live));
}

/// Diff + encode + write + fsync + rename of the journal after `strokes` brush-size edits.
double journalWriteMs(const Edited& maps, const std::string& path, size_t* bytes, double* diffMs) {
    const auto start = std::chrono::steady_clock::now();
    const RecoveryJournal journal = diffLabelMaps(1, 1, maps.base, maps.edited, maps.changed);
    *diffMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    recovery_files::write(path, journal);
    const auto end = std::chrono::steady_clock::now();
    *bytes = encodeJournal(journal).size();
    return std::chrono::duration<double, std::milli>(end - start).count();
}

TEST(RecoveryJournalTest, WriteTimesOfAHippocampusAndA512By512By200Map) {
    segloop::test::TempDir dir;
    ProjectLayout layout{dir.file("project")};
    std::filesystem::create_directories(layout.folder);
    const std::string path = recovery_files::journalPath(layout, 1);
    struct Case {
        const char* name;
        std::array<int64_t, 3> size;
        int strokes;
    };
    for (const Case& c : {Case{"hippocampus 35x51x35, 20 strokes", {35, 51, 35}, 20},
                          Case{"512x512x200, 20 strokes", {512, 512, 200}, 20},
                          Case{"512x512x200, 200 strokes", {512, 512, 200}, 200}}) {
        const Edited maps = strokesOn(c.size[0], c.size[1], c.size[2], c.strokes, 5);
        double best = 1e9, worst = 0, diffBest = 1e9;
        size_t bytes = 0;
        for (int n = 0; n < 5; ++n) {
            double diffMs = 0;
            const double ms = journalWriteMs(maps, path, &bytes, &diffMs);
            best = std::min(best, ms);
            worst = std::max(worst, ms);
            diffBest = std::min(diffBest, diffMs);
        }
        std::printf(
            "[ journal  ] %s (box %lld voxels): %zu bytes, %.2f ms best, %.2f ms worst "
            "of 5 (diff alone, on the GUI thread: %.2f ms best)\n",
            c.name, static_cast<long long>(maps.changed.voxelCount()), bytes, best, worst,
            diffBest);
        LabelMap restored = maps.base;
        applyJournal(recovery_files::read(path), restored, path);
        EXPECT_EQ(restored.labels, maps.edited.labels) << c.name;
    }
    // The worst case: every voxel of the map changed (a whole-volume fill), diffed whole.
    LabelMap base = mapOfSize(512, 512, 200);
    LabelMap edited = base;
    std::fill(edited.labels.begin(), edited.labels.end(), uint16_t(1));
    VoxelBox everything;
    everything.include(0, 0, 0);
    everything.include(511, 511, 199);
    const auto start = std::chrono::steady_clock::now();
    recovery_files::write(path, diffLabelMaps(1, 1, base, edited, everything));
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ journal  ] 512x512x200, every voxel changed: %lld bytes, %.1f ms\n",
                static_cast<long long>(std::filesystem::file_size(path)), ms);
    EXPECT_EQ(recovery_files::read(path).voxelCount(), size_t(512) * 512 * 200);
}

TEST(RecoveryJournalTest, TheWriterThreadKeepsTheOrderAskedAndReportsFailures) {
    segloop::test::TempDir dir;
    ProjectLayout layout{dir.file("project")};
    std::filesystem::create_directories(layout.folder);
    const std::string path = recovery_files::journalPath(layout, 7);
    std::mutex mutex;
    std::vector<std::pair<bool, std::string>> results;
    RecoveryJournalWriter writer([&](bool ok, const std::string& error) {
        std::lock_guard<std::mutex> lock(mutex);
        results.emplace_back(ok, error);
    });
    LabelMap base = mapOfSize(40, 30, 20);
    VoxelBox box;
    std::vector<RecoveryJournal> journals;
    for (int n = 0; n < 20; ++n) {
        LabelMap edited = base;
        box.include(paintBall(edited, {5 + n, 15, 10}, 3, uint16_t(1 + n % 3)));
        journals.push_back(diffLabelMaps(7, 3, base, edited, box));
        journals.back().sequence = uint64_t(n + 1);
        writer.write(path, journals.back());
    }
    ASSERT_TRUE(writer.waitUntilIdle());
    EXPECT_EQ(recovery_files::read(path).sequence, 20u);  // the newest, whatever was skipped
    writer.write(path, journals.front());
    writer.remove(path);  // after the write, never before it
    ASSERT_TRUE(writer.waitUntilIdle());
    EXPECT_FALSE(std::filesystem::exists(path));
    // A folder where the journal should go that is a file: the failure names the path.
    const std::string blocked = dir.file("blocked");
    std::ofstream(blocked) << "x";
    writer.write(blocked + "/volume-7.journal", journals.front());
    EXPECT_FALSE(writer.waitUntilIdle());
    std::lock_guard<std::mutex> lock(mutex);
    ASSERT_FALSE(results.empty());
    EXPECT_FALSE(results.back().first);
    EXPECT_NE(results.back().second.find(blocked), std::string::npos) << results.back().second;
}

}  // namespace
}  // namespace segloop
