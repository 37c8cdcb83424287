#include "workflow/ProjectImport.h"

#include <filesystem>

#include "core/Error.h"
#include "storage/Project.h"

namespace segloop {

ProjectImportReport importImagesAndLabels(Project& project, const ImportRequest& request,
                                          bool addMissingClasses, Progress* progress) {
    ImportRequest images = request;
    images.inputs.clear();
    std::vector<std::string> derived;
    for (const std::string& input : request.inputs) {
        if (std::filesystem::is_regular_file(input)) {
            if (derivedDicomKind(input) != DerivedDicomKind::None)
                derived.push_back(input);
            else
                images.inputs.push_back(input);
            continue;
        }
        // A folder: its SEG and RTSTRUCT files are labels; it goes to the image import only
        // when it holds anything else (a folder of labels alone is not "no image").
        bool other = !std::filesystem::is_directory(input);
        std::error_code error;
        for (auto it = std::filesystem::recursive_directory_iterator(input, error);
             !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
            if (!it->is_regular_file())
                continue;
            if (derivedDicomKind(it->path().string()) != DerivedDicomKind::None)
                derived.push_back(it->path().string());
            else
                other = true;
        }
        if (other || error)
            images.inputs.push_back(input);
    }
    ProjectImportReport report;
    if (!images.inputs.empty())
        report.images = importIntoProject(project, images, progress);
    // The SEG and RTSTRUCT files the image scan skipped as "not an image" are imported below.
    std::vector<RefusedInput> skipped;
    for (const RefusedInput& file : report.images.skippedFiles) {
        if (derivedDicomKind(file.source) == DerivedDicomKind::None)
            skipped.push_back(file);
    }
    report.images.skippedFiles = std::move(skipped);
    for (size_t n = 0; n < derived.size(); ++n) {
        reportProgress(progress, "Importing labels", n, derived.size());
        try {
            report.labels.push_back(
                importDerivedLabels(project, derived[n], request.author, addMissingClasses));
        } catch (const Error& error) {
            if (!request.skipBad)
                throw;
            report.images.refused.push_back({derived[n], error.what()});
        }
    }
    reportProgress(progress, "Importing labels", derived.size(), derived.size());
    return report;
}

}  // namespace segloop
