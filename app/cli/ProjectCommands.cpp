// `init`, `list` and `info`: create a project and look into it.
#include <cstdio>

#include "app/cli/ClassVolumeTable.h"
#include "app/cli/Commands.h"
#include "core/Error.h"
#include "storage/Project.h"
#include "workflow/LabelEdits.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop::cli {
namespace {

int runInit(const ParsedArguments& arguments) {
    const std::string folder = arguments.positional[0];
    std::vector<LabelClass> classes;
    try {
        classes = labelClassesFromNames(arguments.value("classes", "foreground"));
    } catch (const Error& error) {
        throw UsageError{"--classes: " + error.problem()};
    }
    Project project = Project::create(folder);
    project.labelSets().create(arguments.value("label-set", "labels"), classes);
    if (arguments.has("name")) {
        project.settings().set("project_name", arguments.value("name"));
    }
    std::printf("Created project %s with %zu classes\n", folder.c_str(), classes.size());
    return kExitOk;
}

int runList(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0], ProjectAccess::Browse);
    const std::string status = arguments.value("status");
    if (!status.empty() && status != "none" && status != "human" && status != "pseudo" &&
        status != "corrected" && status != "accepted") {
        throw UsageError{"--status must be none, human, pseudo, corrected or accepted, not '" +
                         status + "'"};
    }
    const bool csv = arguments.has("csv");
    std::printf(csv ? "id,source,kind,description,size,label,versions\n"
                    : "%4s  %-5s  %-9s  %-16s  %-34s  %s\n",
                "id", "kind", "label", "size", "description", "source");
    for (const VolumeRecord& volume : project.volumes().list()) {
        const std::string label = labelStatusText(volume.labelStatus);
        if (!status.empty() && label != status) {
            continue;
        }
        const auto& size = volume.geometry.size;
        const std::string grid =
            std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" + std::to_string(size[2]);
        if (csv) {
            std::printf("%lld,\"%s\",%s,\"%s\",%s,%s,%lld\n",
                        static_cast<long long>(volume.volumeId), volume.sourcePath.c_str(),
                        toString(volume.sourceKind), volume.seriesDescription.c_str(), grid.c_str(),
                        label.c_str(), static_cast<long long>(volume.labelVersionCount));
        } else {
            std::printf("%4lld  %-5s  %-9s  %-16s  %-34.34s  %s\n",
                        static_cast<long long>(volume.volumeId), toString(volume.sourceKind),
                        label.c_str(), grid.c_str(), volume.seriesDescription.c_str(),
                        volume.sourcePath.c_str());
        }
    }
    return kExitOk;
}

void printProjectInfo(Project& project) {
    const ProjectSummary summary = project.summary();
    std::printf("Project      %s\n", project.layout().folder.c_str());
    if (const auto name = project.settings().find("project_name")) {
        std::printf("Name         %s\n", name->c_str());
    }
    std::printf("Volumes      %lld (%lld patients, %lld studies)\n",
                static_cast<long long>(summary.volumes), static_cast<long long>(summary.patients),
                static_cast<long long>(summary.studies));
    std::printf(
        "Labels       %lld human, %lld pseudo, %lld corrected, %lld accepted, "
        "%lld unlabelled\n",
        static_cast<long long>(summary.volumesHuman), static_cast<long long>(summary.volumesPseudo),
        static_cast<long long>(summary.volumesCorrected),
        static_cast<long long>(summary.volumesAccepted),
        static_cast<long long>(summary.volumesUnlabelled));
    for (const LabelSet& set : project.labelSets().list()) {
        std::printf("Label set    %s:", set.name.c_str());
        for (const LabelClass& labelClass : set.classes) {
            std::printf(" %u=%s", unsigned(labelClass.index), labelClass.name.c_str());
        }
        std::printf("\n");
    }
    std::printf("Models       %lld, training runs %lld\n", static_cast<long long>(summary.models),
                static_cast<long long>(summary.trainingRuns));
    std::printf("Revision     %lld\n", static_cast<long long>(summary.datasetRevision));
}

void printVolumeInfo(Project& project, int64_t volumeId, bool showPatient) {
    const VolumeRecord volume = project.volumes().get(volumeId);
    const ImageGeometry& g = volume.geometry;
    std::printf("Volume       %lld\n", static_cast<long long>(volume.volumeId));
    std::printf("Source       %s (%s)\n", volume.sourcePath.c_str(), toString(volume.sourceKind));
    std::printf("Series       %s  %s  %s\n", volume.modality.c_str(),
                volume.seriesDescription.c_str(), volume.seriesInstanceUid.c_str());
    // Patient identity only when asked for (--show-patient): terminals and logs keep output.
    const std::string patient = volume.patientId.empty() ? std::string("unknown")
                                : showPatient            ? volume.patientId
                                                         : std::string("(--show-patient)");
    std::printf("Study        %s  %s  patient %s\n", volume.studyDate.c_str(),
                volume.studyDescription.c_str(), patient.c_str());
    std::printf("Grid         %s, stored as %s\n", g.describe().c_str(), volume.dataType.c_str());
    std::printf("Origin (mm)  %.3f %.3f %.3f (LPS)\n", g.originMm[0], g.originMm[1], g.originMm[2]);
    // Columns of the direction matrix: the world axes of i, j and k (+0.0 drops "-0.0000").
    const Mat3& d = g.direction;
    std::printf("Axes i|j|k   %.4f %.4f %.4f | %.4f %.4f %.4f | %.4f %.4f %.4f\n", d[0] + 0.0,
                d[3] + 0.0, d[6] + 0.0, d[1] + 0.0, d[4] + 0.0, d[7] + 0.0, d[2] + 0.0, d[5] + 0.0,
                d[8] + 0.0);
    std::printf("Data file    %s\n", volume.dataPath.c_str());
    std::printf("Imported     %s\n", volume.importedAt.c_str());
    for (const LabelHistoryEntry& entry : labelHistory(project, volumeId)) {
        const LabelVersionRecord& label = entry.version;
        std::string notes;
        if (label.parentId)
            notes += " from v" + std::to_string(*label.parentId);
        if (!entry.modelName.empty())
            notes += " model " + entry.modelName;
        if (entry.predictedQuality)
            notes += " quality " + std::to_string(*entry.predictedQuality).substr(0, 5);
        if (entry.voxelsChanged)
            notes += " " + std::to_string(*entry.voxelsChanged) + " voxels changed";
        if (entry.labelOfRecord)
            notes += " [label of record]";
        if (entry.rejected)
            notes += " [rejected]";
        std::printf("Label        v%lld %s by %s at %s%s\n", static_cast<long long>(label.id),
                    toString(label.provenance), label.author.c_str(), label.createdAt.c_str(),
                    notes.c_str());
    }
    printClassVolumeTable(project, volumeId);
}

int runInfo(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0], ProjectAccess::Browse);
    if (arguments.positional.size() > 1) {
        const std::string& text = arguments.positional[1];
        char* end = nullptr;
        const long long id = std::strtoll(text.c_str(), &end, 10);
        if (end == text.c_str() || *end != '\0') {
            throw UsageError{"VOLUME_ID must be a number, not '" + text + "'"};
        }
        printVolumeInfo(project, id, arguments.has("show-patient"));
    } else {
        printProjectInfo(project);
    }
    return kExitOk;
}

}  // namespace

Command initCommand() {
    return {{"init",
             "Create a new, empty project folder.",
             "PROJECT",
             "Creates PROJECT (a folder) with project.segloop, the SQLite index, and data/,\n"
             "where voxel data is kept as NIfTI files. Refuses a folder that holds a project.",
             1,
             1,
             {{"name", "NAME", "a display name for the project"},
              {"classes", "A,B,...",
               "class names of the label set, for labels 1, 2, ... "
               "(default: foreground)"},
              {"label-set", "NAME", "name of the label set (default: labels)"}}},
            runInit};
}

Command listCommand() {
    return {{"list",
             "List the project's volumes with their label status.",
             "PROJECT",
             "",
             1,
             1,
             {{"status", "STATUS",
               "only volumes whose label of record is human, corrected or accepted, or that have"
               " only a pseudo-label (pseudo) or none"},
              {"csv", "", "comma-separated output for scripts"}}},
            runList};
}

Command infoCommand() {
    return {{"info",
             "Summarise the project, or describe one volume.",
             "PROJECT [VOLUME_ID]",
             "Without VOLUME_ID: counts of volumes, labels, models and the label set.\n"
             "With VOLUME_ID: its source, series, grid in mm, every label version and the\n"
             "voxels and mL of each class of its label of record.",
             1,
             2,
             {{"show-patient", "",
               "with VOLUME_ID: show the DICOM Patient ID (hidden by "
               "default: patient identity stays out of terminals and logs)"}}},
            runInfo};
}

std::vector<Command> allCommands() {
    return {initCommand(),        importCommand(),   listCommand(),         infoCommand(),
            classesCommand(),     exportCommand(),   exportNiftiCommand(),  trainCommand(),
            predictCommand(),     evaluateCommand(), trainQualityCommand(), scoreCommand(),
            reviewQueueCommand(), reviewCommand(),   revertCommand(),       logCommand(),
            pacsCommand(),        reportCommand(),   exportModelCommand(),  importModelCommand(),
            backupCommand(),      restoreCommand()};
}

}  // namespace segloop::cli
