#include "learning/data/VolumeCache.h"

#include <unordered_set>
#include <utility>

#include "learning/data/IntensityNormaliser.h"

namespace segloop {

VolumeCache::VolumeCache(size_t maxBytes, const NormalisationSettings& normalisation)
    : maxBytes_(maxBytes), normalisation_(normalisation) {
    static_cast<void>(IntensityNormaliser(normalisation_));  // invalid settings throw here
}

std::string VolumeCache::keyOf(const TrainingCase& trainingCase) {
    // Length prefixes keep the key unambiguous whatever characters the parts contain.
    return std::to_string(trainingCase.id.size()) + ':' + trainingCase.id + '\n' +
           std::to_string(trainingCase.imagePath.size()) + ':' + trainingCase.imagePath + '\n' +
           trainingCase.labelPath;
}

std::shared_ptr<const PreparedCase> VolumeCache::get(const TrainingCase& trainingCase) {
    const std::string key = keyOf(trainingCase);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto found = index_.find(key);
        if (found != index_.end()) {
            entries_.splice(entries_.begin(), entries_, found->second);
            ++counters_.hits;
            return found->second->prepared;
        }
        ++counters_.misses;
    }

    // Read and prepare outside the lock; another thread may load the same case meanwhile.
    auto prepared = std::make_shared<const PreparedCase>(prepareCase(trainingCase, normalisation_));
    const size_t bytes = prepared->bytes();

    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = index_.find(key);
    if (found != index_.end()) {
        entries_.splice(entries_.begin(), entries_, found->second);
        return found->second->prepared;
    }
    if (bytes > maxBytes_) {
        return prepared;  // larger than the whole bound: used once, never held
    }
    makeRoomLocked(bytes);
    entries_.push_front(Entry{key, prepared, bytes});
    index_.emplace(key, entries_.begin());
    counters_.bytesHeld += bytes;
    counters_.entries = entries_.size();
    return prepared;
}

void VolumeCache::makeRoomLocked(size_t incomingBytes) {
    while (!entries_.empty() && counters_.bytesHeld + incomingBytes > maxBytes_) {
        const Entry& victim = entries_.back();
        counters_.bytesHeld -= victim.bytes;
        index_.erase(victim.key);
        entries_.pop_back();
        ++counters_.evictions;
    }
    counters_.entries = entries_.size();
}

size_t VolumeCache::retainOnly(const TrainingCases& cases) {
    std::unordered_set<std::string> keep;
    for (const TrainingCase& trainingCase : cases) {
        keep.insert(keyOf(trainingCase));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    size_t dropped = 0;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (keep.count(it->key) == 0) {
            counters_.bytesHeld -= it->bytes;
            index_.erase(it->key);
            it = entries_.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
    counters_.entries = entries_.size();
    return dropped;
}

void VolumeCache::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
    index_.clear();
    counters_.bytesHeld = 0;
    counters_.entries = 0;
}

VolumeCache::Counters VolumeCache::counters() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return counters_;
}

}  // namespace segloop
