#include "workflow/TrainingMemoryRecord.h"

#include "storage/Project.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

void recordLoweredTrainingLoad(Project& project, int64_t runId, const TrainingOutcome& outcome) {
    if (outcome.loweredSettings.empty()) {
        return;
    }
    Transaction transaction(project.database());
    Statement(project.database(),
              "UPDATE training_runs SET parameters_json = json_set(parameters_json, "
              "'$.settings_at_start', coalesce(json_extract(parameters_json, "
              "'$.settings_at_start'), json_extract(parameters_json, '$.settings')), "
              "'$.settings', ?) WHERE id = ?")
        .bindAll(outcome.loweredSettings, runId)
        .run();
    for (const std::string& notice : outcome.memoryNotices) {
        Statement(project.database(),
                  "UPDATE training_runs SET parameters_json = json_set(parameters_json, "
                  "'$.memory_notices', json_insert(coalesce(json_extract(parameters_json, "
                  "'$.memory_notices'), json('[]')), '$[#]', ?)) WHERE id = ?")
            .bindAll(notice, runId)
            .run();
    }
    transaction.commit();
}

}  // namespace segloop
