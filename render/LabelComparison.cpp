#include "render/LabelComparison.h"

#include "core/Error.h"
#include "core/image/LabelMap.h"
#include "render/OverlayColours.h"

namespace segloop::render {

std::vector<uint8_t> compareLabelMaps(const LabelMap& pseudoLabel, const LabelMap& corrected) {
    if (pseudoLabel.geometry.size != corrected.geometry.size ||
        pseudoLabel.labels.size() != corrected.labels.size()) {
        throw Error("label comparison", "the pseudo-label and its correction differ in size (" +
                                            pseudoLabel.geometry.describe() + " against " +
                                            corrected.geometry.describe() + ")");
    }
    std::vector<uint8_t> changes(pseudoLabel.labels.size(),
                                 static_cast<uint8_t>(LabelChange::Same));
    for (size_t index = 0; index < changes.size(); ++index) {
        const uint16_t before = pseudoLabel.labels[index];
        const uint16_t after = corrected.labels[index];
        if (before == after) continue;
        LabelChange change = LabelChange::Relabelled;
        if (after == 0) change = LabelChange::Removed;
        if (before == 0) change = LabelChange::Added;
        changes[index] = static_cast<uint8_t>(change);
    }
    return changes;
}

}  // namespace segloop::render
