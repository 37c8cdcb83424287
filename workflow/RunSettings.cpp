#include "workflow/RunSettings.h"

#include <string>

#include "core/Error.h"
#include "learning/runtime/DeviceAvailability.h"
#include "learning/settings/SettingsText.h"
#include "learning/settings/TrainingPresets.h"
#include "storage/Project.h"
#include "storage/db/Statement.h"

namespace segloop {

TrainingSettings rerunSettings(Project& project, int64_t runId) {
    const std::string run = "training run " + std::to_string(runId);
    Statement statement(project.database(),
                        "SELECT json_extract(parameters_json, '$.settings') FROM training_runs "
                        "WHERE id = ?");
    statement.bindAll(runId);
    if (!statement.step())
        throw Error(run, "no such training run in the project");
    if (statement.columnIsNull(0))
        throw Error(run, "recorded no settings");
    TrainingSettings settings = settingsFromText(statement.columnText(0), run);
    settings.methodSettings.qualityModelPath.clear();
    return settings;
}

std::optional<int64_t> newestTrainingRunId(Project& project) {
    Statement statement(project.database(), "SELECT max(id) FROM training_runs");
    if (!statement.step())
        return std::nullopt;
    return statement.columnOptionalInt64(0);
}

std::string newRunPreset(const std::string& deviceSetting) {
    return defaultTrainingPreset(trainsOnCuda(deviceSetting));
}

}  // namespace segloop
