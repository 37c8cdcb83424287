// `import`: DICOM folders and NIfTI files (with labels) into a project, all or nothing.
#include <cstdio>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "workflow/ProjectImport.h"

namespace segloop::cli {
namespace {

int runImport(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    ImportRequest request;
    request.inputs.assign(arguments.positional.begin() + 1, arguments.positional.end());
    request.labelsFolder = arguments.value("labels");
    request.author = arguments.value("author");
    request.skipBad = arguments.has("skip-bad");
    TerminalProgress progress;
    const ProjectImportReport both =
        importImagesAndLabels(project, request, arguments.has("add-classes"), &progress);
    progress.finish();
    const ImportReport& report = both.images;

    size_t labelled = 0;
    for (const ImportedVolume& volume : report.imported) {
        labelled += volume.labelVersionId ? 1 : 0;
    }
    std::printf("Imported %zu volumes (%zu with labels) into %s\n", report.imported.size(),
                labelled, project.layout().folder.c_str());
    for (const DerivedLabelImportResult& labels : both.labels) {
        std::printf("Imported %s as label version %lld of volume %lld (%zu classes%s)\n",
                    labels.path.c_str(), static_cast<long long>(labels.labelVersionId),
                    static_cast<long long>(labels.volumeId), labels.classNames.size(),
                    labels.addedClasses.empty()
                        ? ""
                        : (", " + std::to_string(labels.addedClasses.size()) + " added").c_str());
        for (const std::string& note : labels.notes) {
            std::printf("  %s\n", note.c_str());
        }
    }
    for (const RefusedInput& refused : report.skippedFiles) {
        std::printf("  skipped %s: %s\n", refused.source.c_str(), refused.reason.c_str());
    }
    for (const std::string& label : report.unmatchedLabels) {
        std::printf("  label %s matches no imported image; not imported\n", label.c_str());
    }
    for (const RefusedInput& refused : report.refused) {
        std::fprintf(stderr, "refused: %s\n", refused.reason.c_str());
    }
    return report.refused.empty() ? kExitOk : kExitPartial;
}

}  // namespace

Command importCommand() {
    return {{"import",
             "Import DICOM series and NIfTI images (with labels) into a project.",
             "PROJECT INPUT...",
             "INPUT is a DICOM folder (scanned recursively; one volume per series), a NIfTI\n"
             "file (.nii, .nii.gz), or a folder of NIfTI files. Labels in --labels are matched\n"
             "to NIfTI images by name: case.nii.gz, case_seg, case_label or case_mask.\n"
             "DICOM SEG and RTSTRUCT files (given, or found in the folders) become label\n"
             "versions of the series they reference, after the images; segment and ROI names\n"
             "map to the project's classes (--add-classes adds the missing ones).\n"
             "All or nothing: the first bad input stops the import with a message naming the\n"
             "file, and the project is left as it was (unless --skip-bad).",
             2,
             SIZE_MAX,
             {{"labels", "FOLDER", "label maps (NIfTI) for the images, matched by file name"},
              {"author", "NAME", "who made the labels (default: the login name)"},
              {"skip-bad", "", "import the good inputs, list the refused ones, exit code 3"},
              {"add-classes", "", "add the SEG segments / RTSTRUCT ROIs the project lacks"}}},
            runImport};
}

}  // namespace segloop::cli
