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
    Project project = Project::open(arguments.positional[0], ProjectAccess::Browse);
    ExportRequest request;
    request.outputFolder = arguments.positional[1];
    request.images = !arguments.has("labels-only");
    request.perClass = arguments.has("per-class");
    request.overwrite = arguments.has("overwrite");
    request.fractional = arguments.has("fractional");
    try {
        request.format = exportFormatFromName(arguments.value("format", "nifti"));
    } catch (const Error& error) {
        throw UsageError{error.what()};
    }
    if (request.fractional && request.format != ExportFormat::DicomSeg) {
        throw UsageError{"--fractional needs --format dicom-seg"};
    }
    request.deidentify = arguments.has("deidentify");
    request.deidentifySalt = arguments.value("salt");
    request.sourceSeries = arguments.has("with-source");
    if ((request.deidentify || request.sourceSeries) && request.format == ExportFormat::Nifti) {
        throw UsageError{"--deidentify and --with-source need --format dicom-seg or rtstruct"};
    }
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
            "never a rejected one). --format dicom-seg writes OUTPUT_FOLDER/seg/NAME.dcm, a\n"
            "DICOM Segmentation referencing the source series (binary; --fractional: a\n"
            "pseudo-label's model probabilities), --format rtstruct OUTPUT_FOLDER/rtstruct/\n"
            "NAME.dcm; volumes imported from NIfTI are listed and left out. Refuses to\n"
            "replace existing files unless --overwrite.",
            2,
            2,
            {{"volume", "ID", "export only this volume", true},
             {"include", "KINDS",
              "kinds of label to export: accepted,corrected,human,pseudo (default: "
              "accepted,corrected,human)"},
             {"per-class", "", "also one binary mask per class (NAME_CLASS.nii.gz)"},
             {"format", "FORMAT", "nifti (default), dicom-seg or rtstruct"},
             {"fractional", "", "dicom-seg: pseudo-labels as their model's probabilities"},
             {"deidentify", "",
              "DICOM formats: remove patient identity and replace UIDs (DICOM PS3.15 basic "
              "profile), the same way in the source series written with --with-source"},
             {"salt", "TEXT",
              "--deidentify: the same salt gives the same new UIDs (default: "
              "random)"},
             {"with-source", "", "DICOM formats: the source series beside, in source/NAME/"},
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
