// `export` (alias `export-nifti`): volumes and their labels of record as NIfTI files, with a
// manifest.
#include <cstdio>
#include <cstdlib>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "storage/Project.h"
#include "workflow/MaskExport.h"

namespace segloop::cli {
namespace {

int runExport(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    ExportRequest request;
    request.outputFolder = arguments.positional[1];
    request.images = !arguments.has("labels-only");
    request.perClass = arguments.has("per-class");
    request.overwrite = arguments.has("overwrite");
    if (arguments.has("include")) {
        try {
            request.include = parseExportKinds(arguments.value("include"));
        } catch (const Error& error) {
            throw UsageError{error.what()};
        }
    }
    for (const std::string& id : arguments.values("volume")) {
        char* end = nullptr;
        const long long volumeId = std::strtoll(id.c_str(), &end, 10);
        if (end == id.c_str() || *end != '\0') {
            throw UsageError{"--volume needs a volume id (a number), not '" + id + "'"};
        }
        request.volumeIds.push_back(volumeId);
    }
    TerminalProgress progress;
    const ExportReport report = exportLabels(project, request, &progress);
    progress.finish();
    std::printf(
        "Exported %zu images and %zu label files (%zu volumes with labels) to %s; "
        "manifest %s\n",
        report.images, report.labelFiles, report.volumesWithLabels, request.outputFolder.c_str(),
        report.manifestPath.c_str());
    return kExitOk;
}

CommandSpec exportSpec(const std::string& name) {
    return {name,
            "Write volumes and their labels of record as NIfTI files, with a manifest.",
            "PROJECT OUTPUT_FOLDER",
            "Writes OUTPUT_FOLDER/images/NAME.nii.gz and OUTPUT_FOLDER/labels/NAME.nii.gz,\n"
            "NAME being the source file's name, and OUTPUT_FOLDER/manifest.csv (per label file:\n"
            "volume, source, series UID, label version, kind, author, time, model, predicted\n"
            "quality, each class's volume in mL). By default the label of record of each\n"
            "volume (its newest human, corrected or accepted version); --include chooses the\n"
            "kinds (with pseudo, volumes without a label of record give their pseudo-label,\n"
            "never a rejected one). Refuses to replace existing files unless --overwrite.",
            2,
            2,
            {{"volume", "ID", "export only this volume", true},
             {"include", "KINDS",
              "kinds of label to export: accepted,corrected,human,pseudo (default: "
              "accepted,corrected,human)"},
             {"per-class", "", "also one binary mask per class (NAME_CLASS.nii.gz)"},
             {"labels-only", "", "write label maps only"},
             {"overwrite", "", "replace files that already exist"}}};
}

}  // namespace

Command exportCommand() {
    return {exportSpec("export"), runExport};
}

Command exportNiftiCommand() {
    CommandSpec spec = exportSpec("export-nifti");
    spec.summary = "The same as export (its former name).";
    return {spec, runExport};
}

}  // namespace segloop::cli
