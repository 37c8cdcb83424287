// Fuzz target `bundle_manifest`: a model bundle's manifest.json (manifestFromJson,
// workflow/ModelBundleManifest), the first thing `segloop-cli predict --bundle` and the bundle
// import read from a file a user was sent. A manifest that reads is written back with
// manifestToJson, which must read again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/Error.h"
#include "workflow/ModelBundleManifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 256 * 1024)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const segloop::ModelBundleManifest manifest =
            segloop::manifestFromJson(text, "fuzz.segloop-model");
        segloop::manifestFromJson(segloop::manifestToJson(manifest), "again.segloop-model");
    } catch (const segloop::Error&) {
    }
    return 0;
}
