#include "workflow/MaskExport.h"

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>

#include "core/Error.h"
#include "core/io/DicomDeidentifyUidMap.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "core/io/PrivateFiles.h"
#include "core/io/SafeFileName.h"
#include "core/metrics/ClassVolumes.h"
#include "storage/Project.h"
#include "workflow/DicomSourceOfVolume.h"
#include "workflow/ProjectLabelSet.h"
#include "workflow/ReviewQueue.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

/// A class's part of a per-class file name ("anterior"), "classN" when nothing of it is safe.
std::string className(const LabelClass& labelClass) {
    return SafeFileName::make(labelClass.name, "class" + std::to_string(labelClass.index), 40);
}

/// The version of `volume` to export under `include`; nullopt when none qualifies.
std::optional<LabelVersionRecord> versionToExport(Project& project, const VolumeRecord& volume,
                                                  const std::set<LabelProvenance>& include) {
    std::optional<LabelVersionRecord> pseudo;
    const std::vector<LabelVersionRecord> versions =
        project.labels().listForVolume(volume.volumeId);
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        if (!include.count(it->provenance))
            continue;
        if (isLabelOfRecordKind(it->provenance))
            return *it;
        if (!pseudo && !volume.labelOfRecordId)
            pseudo = *it;
    }
    if (pseudo) {
        const auto review = project.reviews().find(volume.volumeId);
        if (review && review->state == ReviewState::Rejected &&
            review->labelVersionId == pseudo->id)
            return std::nullopt;  // a rejected pseudo-label is never exported
    }
    return pseudo;
}

std::string csvText(const std::string& text) {
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// 128 random bits as hex: replacement UIDs no one can recompute from the originals.
std::string randomSalt() {
    std::random_device random;
    char text[40];
    std::snprintf(text, sizeof text, "%08x%08x%08x%08x", random(), random(), random(), random());
    return text;
}

struct ExportItem {
    VolumeRecord volume;
    std::string name;
    std::optional<LabelVersionRecord> label;
    std::vector<std::string> targets;  ///< every file this item writes
};

}  // namespace

std::set<LabelProvenance> parseExportKinds(const std::string& text) {
    std::set<LabelProvenance> kinds;
    std::istringstream words(text);
    std::string word;
    while (std::getline(words, word, ',')) {
        try {
            kinds.insert(labelProvenanceFromString(word));
        } catch (const Error&) {
            throw Error("--include", "'" + word +
                                         "' is not a kind of label (accepted, corrected, human "
                                         "or pseudo)");
        }
    }
    if (kinds.empty())
        throw Error("--include", "names no kind of label");
    return kinds;
}

std::string exportName(const VolumeRecord& volume) {
    // Outside text (a file name, a DICOM SeriesDescription) becomes one plain file name:
    // no '/', '\\', "..", control characters or leading dot, at most 80 bytes.
    const std::string prefix = "volume" + std::to_string(volume.volumeId);
    if (volume.sourceKind == SourceKind::Nifti)
        return SafeFileName::make(niftiStem(volume.sourcePath), prefix, 80);
    return SafeFileName::make(
        volume.seriesDescription.empty() ? prefix : prefix + "_" + volume.seriesDescription, prefix,
        80);
}

ExportReport exportLabels(Project& project, const ExportRequest& request, Progress* progress) {
    const LabelSet labelSet = projectLabelSet(project);
    std::vector<VolumeRecord> volumes;
    if (request.volumeIds.empty()) {
        volumes = project.volumes().list();
    } else {
        for (int64_t id : request.volumeIds)
            volumes.push_back(project.volumes().get(id));
    }
    const std::string& out = request.outputFolder;
    const bool dicom = request.format != ExportFormat::Nifti;
    ExportReport report;
    /// The label file of a volume, relative to the output folder.
    const auto labelFile = [](ExportFormat format, const std::string& name) {
        switch (format) {
            case ExportFormat::DicomSeg:
                return "seg/" + name + ".dcm";
            case ExportFormat::RtStruct:
                return "rtstruct/" + name + ".dcm";
            case ExportFormat::Nifti:
                break;
        }
        return "labels/" + name + ".nii.gz";
    };
    std::vector<ExportItem> items;
    std::set<std::string> names;
    for (const VolumeRecord& volume : volumes) {
        ExportItem item{
            volume, exportName(volume), versionToExport(project, volume, request.include), {}};
        if (!names.insert(item.name).second) {
            item.name += "_" + std::to_string(volume.volumeId);
            names.insert(item.name);
        }
        if (dicom && item.label && volume.sourceKind != SourceKind::Dicom) {
            report.notes.push_back("volume " + std::to_string(volume.volumeId) + " (" + item.name +
                                   ") was imported from NIfTI: no " +
                                   exportFormatName(request.format) + " written");
            item.label.reset();
        }
        if (request.images && !dicom)
            item.targets.push_back(out + "/images/" + item.name + ".nii.gz");
        if (item.label) {
            item.targets.push_back(out + "/" + labelFile(request.format, item.name));
            for (const LabelClass& c : labelSet.classes) {
                if (request.perClass && !dicom)
                    item.targets.push_back(out + "/labels/" + item.name + "_" + className(c) +
                                           ".nii.gz");
            }
        }
        for (const std::string& target : item.targets) {
            if (fs::exists(target) && !request.overwrite)
                throw Error(target, "already exists (choose an empty folder, or overwrite)");
        }
        items.push_back(std::move(item));
    }
    const std::vector<std::string> folders =
        dicom ? std::vector<std::string>{request.format == ExportFormat::DicomSeg ? "seg"
                                                                                  : "rtstruct"}
              : std::vector<std::string>{"images", "labels"};
    for (const std::string& folder : folders)
        PrivateFiles::makeFolderBelow(out, folder);  // 0700; a link in the way is refused
    const std::optional<int64_t> quality = reviewQualityModel(project);
    std::vector<uint16_t> classes;
    std::string header =
        "file,volume,source,series_uid,label_version,kind,author,created_at,model,predicted_"
        "quality";
    for (const LabelClass& c : labelSet.classes) {
        classes.push_back(c.index);
        header += "," + csvText("volume_ml_" + c.name);
    }
    std::ostringstream manifest;
    manifest << header << "\n";
    DicomUidMap uids(request.deidentifySalt.empty() ? randomSalt() : request.deidentifySalt);
    for (size_t n = 0; n < items.size(); ++n) {
        reportProgress(progress, "Exporting", n, items.size());
        const ExportItem& item = items[n];
        if (request.images && !dicom) {
            writeNiftiVolume(project.volumes().load(item.volume.volumeId), item.targets.front());
            ++report.images;
        }
        if (!item.label)
            continue;
        const LabelVersionRecord& label = *item.label;
        const LabelMap labels = project.labels().load(label.id);
        const std::string labelPath = labelFile(request.format, item.name);
        std::string seriesUid = item.volume.seriesInstanceUid;
        if (dicom) {
            const DicomLabelsWritten written = exportDicomLabels(
                project, label, labels,
                {request.format, request.fractional, request.deidentify, request.sourceSeries},
                uids, out, labelPath, item.name);
            seriesUid = written.seriesUid;
            if (!written.note.empty())
                report.notes.push_back(labelPath + ": " + written.note);
        } else {
            writeNiftiLabelMap(labels, out + "/" + labelPath);
        }
        ++report.labelFiles;
        ++report.volumesWithLabels;
        std::string model;
        if (label.modelId) {
            const ModelRecord record = project.models().get(*label.modelId);
            model =
                record.name + " v" + std::to_string(record.version) + " (" + record.method + ")";
        }
        std::string score;
        if (quality) {
            if (const auto found = project.qualityScores().find(label.id, *quality)) {
                char text[32];
                std::snprintf(text, sizeof text, "%.4f", found->predictedQuality);
                score = text;
            }
        }
        std::ostringstream row;
        row << item.volume.volumeId << ","
            << csvText(request.deidentify ? "" : item.volume.sourcePath) << ","
            << csvText(seriesUid) << "," << label.id << "," << toString(label.provenance) << ","
            << csvText(label.author) << "," << label.createdAt << "," << csvText(model) << ","
            << score;
        for (const ClassVolume& v : measureClassVolumes(labels, classes)) {
            char text[32];
            std::snprintf(text, sizeof text, "%.4f", v.millilitres);
            row << "," << text;
        }
        manifest << csvText(labelPath) << "," << row.str() << "\n";
        if (request.perClass && !dicom) {
            for (const LabelClass& c : labelSet.classes) {
                LabelMap binary(labels.geometry);
                for (size_t v = 0; v < labels.labels.size(); ++v)
                    binary.labels[v] = labels.labels[v] == c.index ? 1 : 0;
                const std::string file = "labels/" + item.name + "_" + className(c) + ".nii.gz";
                writeNiftiLabelMap(binary, out + "/" + file);
                manifest << csvText(file) << "," << row.str() << "\n";
                ++report.labelFiles;
            }
        }
    }
    reportProgress(progress, "Exporting", items.size(), items.size());
    report.manifestPath = out + "/manifest.csv";
    try {  // 0600, written then renamed: a link planted at the name is replaced, not followed
        PrivateFiles::writeAtomically(report.manifestPath, manifest.str());
    } catch (const Error& failure) {
        throw Error(report.manifestPath, "cannot write the manifest (" + failure.problem() + ")");
    }
    if (project.isReadOnly()) {
        return report;  // a read-only project cannot record the export in its audit log
    }
    project.auditLog().append("export labels", "project",
                              {{"folder", fs::absolute(out).string()},
                               {"format", exportFormatName(request.format)},
                               {"volumes", std::to_string(report.volumesWithLabels)},
                               {"files", std::to_string(report.labelFiles)}});
    return report;
}

}  // namespace segloop
