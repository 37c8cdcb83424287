// `export-nifti`: volumes and their latest labels as NIfTI files.
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

#include "app/cli/Commands.h"
#include "app/cli/TerminalProgress.h"
#include "core/Error.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "storage/Project.h"

namespace segloop::cli {
namespace {

namespace fs = std::filesystem;

/// A file-name-safe name for a volume: the NIfTI stem, or "series<N>_<description>" for DICOM.
std::string exportName(const VolumeRecord& volume) {
    std::string name = volume.sourceKind == SourceKind::Nifti
                           ? niftiStem(volume.sourcePath)
                           : "volume" + std::to_string(volume.volumeId) + "_" +
                                 volume.seriesDescription;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
            c = '_';
        }
    }
    return name;
}

struct ExportItem {
    VolumeRecord volume;
    std::string imagePath;
    std::string labelPath;  ///< Empty when the volume has no label.
};

int runExport(const ParsedArguments& arguments) {
    Project project = Project::open(arguments.positional[0]);
    const std::string output = arguments.positional[1];
    const bool labelsOnly = arguments.has("labels-only");
    std::vector<VolumeRecord> volumes;
    if (arguments.has("volume")) {
        for (const std::string& id : arguments.values("volume")) {
            char* end = nullptr;
            const long long volumeId = std::strtoll(id.c_str(), &end, 10);
            if (end == id.c_str() || *end != '\0') {
                throw UsageError{"--volume needs a volume id (a number), not '" + id + "'"};
            }
            volumes.push_back(project.volumes().get(volumeId));
        }
    } else {
        volumes = project.volumes().list();
    }
    // Work out every target first, so that a clash stops the export before anything is written.
    std::vector<ExportItem> items;
    std::set<std::string> names;
    for (const VolumeRecord& volume : volumes) {
        std::string name = exportName(volume);
        if (!names.insert(name).second) {
            name += "_" + std::to_string(volume.volumeId);
            names.insert(name);
        }
        ExportItem item{volume, output + "/images/" + name + ".nii.gz", ""};
        if (volume.latestLabelVersionId) {
            item.labelPath = output + "/labels/" + name + ".nii.gz";
        }
        for (const std::string& target : {labelsOnly ? std::string() : item.imagePath, item.labelPath}) {
            if (!target.empty() && fs::exists(target) && !arguments.has("overwrite")) {
                throw Error(target, "already exists (use --overwrite to replace it)");
            }
        }
        items.push_back(item);
    }
    std::error_code error;
    for (const char* folder : {"images", "labels"}) {
        fs::create_directories(output + "/" + folder, error);
        if (error) {
            throw Error(output + "/" + folder, "cannot create folder (" + error.message() + ")");
        }
    }
    TerminalProgress progress;
    size_t labels = 0;
    for (size_t n = 0; n < items.size(); ++n) {
        reportProgress(&progress, "Exporting", n, items.size());
        if (!labelsOnly) {
            writeNiftiVolume(project.volumes().load(items[n].volume.volumeId), items[n].imagePath);
        }
        if (!items[n].labelPath.empty()) {
            writeNiftiLabelMap(project.labels().load(*items[n].volume.latestLabelVersionId),
                               items[n].labelPath);
            ++labels;
        }
    }
    reportProgress(&progress, "Exporting", items.size(), items.size());
    progress.finish();
    std::printf("Exported %zu images and %zu label maps to %s\n", labelsOnly ? 0 : items.size(),
                labels, output.c_str());
    return kExitOk;
}

}  // namespace

Command exportNiftiCommand() {
    return {{"export-nifti", "Write volumes and their latest labels as NIfTI files.",
             "PROJECT OUTPUT_FOLDER",
             "Writes OUTPUT_FOLDER/images/NAME.nii.gz and OUTPUT_FOLDER/labels/NAME.nii.gz\n"
             "(the latest label version of each volume), NAME being the source file's name.\n"
             "Refuses to replace existing files unless --overwrite.",
             2, 2,
             {{"volume", "ID", "export only this volume", true},
              {"labels-only", "", "write label maps only"},
              {"overwrite", "", "replace files that already exist"}}},
            runExport};
}

}  // namespace segloop::cli
