#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "learning/data/NormalisationSettings.h"
#include "learning/data/PreparedCase.h"
#include "learning/data/TrainingCase.h"

namespace segloop {

/// A bounded least-recently-used cache of prepared cases (normalised image, uint8 labels,
/// foreground indices), keyed by case id, image path and label path.
///
/// Loads a case from disk on a miss (prepareCase). The bytes it holds never exceed maxBytes():
/// the least recently used entries are evicted first, and a case larger than the whole bound is
/// returned without being kept, so a dataset larger than the bound is never held at once (a
/// caller's own shared_ptr keeps its case alive after eviction). Files are assumed immutable: a
/// corrected label is a new path, hence a new key. Thread-safe: every member takes an internal
/// mutex; disk reads happen outside it, so one thread's miss does not block other threads' hits.
class VolumeCache {
  public:
    static constexpr size_t kDefaultMaxBytes = size_t{1} << 30;  ///< As SamplerSettings.

    /// A snapshot of the cache's counters.
    struct Counters {
        uint64_t hits = 0;
        uint64_t misses = 0;
        uint64_t evictions = 0;  ///< Entries dropped to respect the bound (not by retainOnly).
        size_t bytesHeld = 0;
        size_t entries = 0;
    };

    explicit VolumeCache(size_t maxBytes = kDefaultMaxBytes,
                         const NormalisationSettings& normalisation = {});
    VolumeCache(const VolumeCache&) = delete;
    VolumeCache& operator=(const VolumeCache&) = delete;

    /// The prepared case, from memory or read from disk. Throws segloop::Error (naming the file)
    /// when the case cannot be prepared; nothing is cached then.
    std::shared_ptr<const PreparedCase> get(const TrainingCase& trainingCase);

    /// Drops every entry whose key is not one of `cases` (a new dataset revision); entries of
    /// unchanged cases stay. Returns how many entries were dropped.
    size_t retainOnly(const TrainingCases& cases);
    void clear();

    Counters counters() const;
    size_t maxBytes() const { return maxBytes_; }
    const NormalisationSettings& normalisation() const { return normalisation_; }

    /// The cache key of a case: id, image path and label path.
    static std::string keyOf(const TrainingCase& trainingCase);

  private:
    struct Entry {
        std::string key;
        std::shared_ptr<const PreparedCase> prepared;
        size_t bytes = 0;
    };
    using EntryList = std::list<Entry>;  // most recently used first

    /// Evicts from the back until `incomingBytes` more fit. Caller holds mutex_.
    void makeRoomLocked(size_t incomingBytes);

    const size_t maxBytes_;
    const NormalisationSettings normalisation_;

    mutable std::mutex mutex_;
    EntryList entries_;
    std::unordered_map<std::string, EntryList::iterator> index_;
    Counters counters_;
};

}  // namespace segloop
