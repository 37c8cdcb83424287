// Fuzz target `settings_text`: the `key = value` readers of training settings
// (settingsFromText, learning/training/SettingsText) and of quality-predictor settings
// (qualitySettingsFromText, learning/quality/QualitySettingsText), which read checkpoints,
// model bundles and project settings. Both see every input; settings that read are validated
// and written back as text, which must read again to the same text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/Error.h"
#include "learning/quality/QualitySettings.h"
#include "learning/settings/SettingsText.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 64 * 1024)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const segloop::TrainingSettings settings = segloop::settingsFromText(text, "fuzz.txt");
        const std::string written = segloop::settingsToText(settings);
        if (segloop::settingsToText(segloop::settingsFromText(written, "again.txt")) != written)
            std::abort();  // what settingsToText writes must read back unchanged
    } catch (const segloop::Error&) {
    }
    try {
        const segloop::QualitySettings quality = segloop::qualitySettingsFromText(text, "fuzz.txt");
        try {
            segloop::validateQualitySettings(quality);
        } catch (const segloop::Error&) {
        }
        const std::string written = segloop::qualitySettingsToText(quality);
        if (segloop::qualitySettingsToText(
                segloop::qualitySettingsFromText(written, "again.txt")) != written)
            std::abort();
    } catch (const segloop::Error&) {
    }
    return 0;
}
