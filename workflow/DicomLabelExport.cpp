#include "workflow/DicomLabelExport.h"

#include <cstdio>
#include <filesystem>

#include "core/Error.h"
#include "core/io/DicomDeidentify.h"
#include "core/io/DicomDeidentifyUidMap.h"
#include "core/io/DicomSegWriter.h"
#include "core/io/PrivateFiles.h"
#include "core/io/RtStructWriter.h"
#include "core/io/SafeFileName.h"
#include "learning/inference/SegmentationModel.h"
#include "storage/Project.h"
#include "workflow/DicomSourceOfVolume.h"

namespace segloop {
namespace {

/// The model that made `version` or the pseudo-label it descends from; nullopt when none.
std::optional<ModelRecord> modelBehind(Project& project, LabelVersionRecord version) {
    for (int depth = 0; depth < 1000; ++depth) {
        if (version.modelId)
            return project.models().get(*version.modelId);
        if (!version.parentId)
            return std::nullopt;
        version = project.labels().get(*version.parentId);
    }
    return std::nullopt;
}

}  // namespace

ExportFormat exportFormatFromName(const std::string& name) {
    if (name == "nifti")
        return ExportFormat::Nifti;
    if (name == "dicom-seg")
        return ExportFormat::DicomSeg;
    if (name == "rtstruct")
        return ExportFormat::RtStruct;
    throw Error("--format", "'" + name + "' is not a format (nifti, dicom-seg or rtstruct)");
}

const char* exportFormatName(ExportFormat format) {
    switch (format) {
        case ExportFormat::Nifti:
            return "nifti";
        case ExportFormat::DicomSeg:
            return "dicom-seg";
        case ExportFormat::RtStruct:
            return "rtstruct";
    }
    return "?";
}

DicomLabelOrigin labelOrigin(Project& project, const LabelVersionRecord& version) {
    DicomLabelOrigin origin;
    if (version.provenance == LabelProvenance::Human)
        return origin;  // MANUAL
    origin.kind = version.provenance == LabelProvenance::Corrected
                      ? DicomLabelOrigin::Kind::Semiautomatic
                      : DicomLabelOrigin::Kind::Automatic;
    if (const std::optional<ModelRecord> model = modelBehind(project, version)) {
        origin.algorithmName = "SegLoop " + model->name + " (" + model->method + ")";
        origin.algorithmVersion = std::to_string(model->version);
    }
    return origin;
}

std::string writeDicomLabels(Project& project, const LabelVersionRecord& version,
                             const LabelMap& loaded, ExportFormat format, const std::string& path,
                             const DicomSourceSeries& source, bool fractional) {
    const std::vector<DicomSegmentDescription> segments = projectSegments(project);
    const DicomLabelOrigin origin = labelOrigin(project, version);
    LabelMap labels = loaded;
    labels.geometry = source.geometry;  // the same grid within 1e-3 mm (checked on add)
    if (format == ExportFormat::RtStruct) {
        RtStructWriteOptions options;
        options.origin = origin;
        writeRtStruct(labels, source, segments, path, options);
        return "";
    }
    if (format != ExportFormat::DicomSeg)
        throw Error(path, "not a DICOM export format");
    DicomSegWriteOptions options;
    options.origin = origin;
    options.contentCreatorName = version.author;
    options.contentDescription = std::string("SegLoop label version ") +
                                 std::to_string(version.id) + " (" + toString(version.provenance) +
                                 ")";
    if (!fractional) {
        writeDicomSeg(path, labels, source, segments, options);
        return "";
    }
    if (version.provenance != LabelProvenance::Pseudo || !version.modelId) {
        writeDicomSeg(path, labels, source, segments, options);
        return "binary: not a pseudo-label";
    }
    const ModelRecord model = project.models().get(*version.modelId);
    if (model.dataPath.empty())
        throw Error("model " + std::to_string(model.id), "has no weights to compute probabilities");
    PredictionOptions prediction;
    prediction.probabilities = true;
    std::vector<Volume> probabilities =
        SegmentationModel::load(project.layout().absolute(model.dataPath))
            ->predict(project.volumes().load(version.volumeId), nullptr, prediction)
            .probabilities;
    for (Volume& probability : probabilities)
        probability.geometry = source.geometry;
    probabilities.resize(segments.size(), Volume(source.geometry));
    writeDicomSegFractional(path, probabilities, source, segments, options);
    return "fractional";
}

DicomLabelsWritten exportDicomLabels(Project& project, const LabelVersionRecord& version,
                                     const LabelMap& labels, const DicomExportChoices& choices,
                                     DicomUidMap& uids, const std::string& outputFolder,
                                     const std::string& labelPath, const std::string& name) {
    DicomSourceSeries source = dicomSourceOfVolume(project, version.volumeId);
    if (choices.deidentify)
        source = deidentifySource(source, uids);
    DicomLabelsWritten written;
    written.seriesUid = source.seriesInstanceUid;
    written.note = writeDicomLabels(project, version, labels, choices.format,
                                    outputFolder + "/" + labelPath, source, choices.fractional);
    if (!choices.sourceSeries)
        return written;
    // `name` comes from exportName() (a plain file name); checked again, since it would
    // otherwise decide where the copies go.
    const std::string folder =
        SafeFileName::childPath(outputFolder + "/source", name, "source series folder");
    PrivateFiles::makeFolderBelow(outputFolder, "source/" + name);  // 0700, no link followed
    for (const InstanceInfo& instance : project.volumes().instances(version.volumeId)) {
        if (instance.frameNumber > 1)
            continue;  // a multi-frame file is written once
        char file[32];
        std::snprintf(file, sizeof file, "/%04lld.dcm",
                      static_cast<long long>(instance.sliceIndex));
        if (!std::filesystem::exists(instance.filePath)) {
            throw Error(instance.filePath, "the source file of volume " +
                                               std::to_string(version.volumeId) +
                                               " is gone (moved since the import?)");
        }
        if (choices.deidentify) {
            writeDeidentifiedCopy(instance.filePath, folder + file, uids);
        } else {
            PrivateFiles::copyAtomically(instance.filePath, folder + file);  // 0600
        }
        ++written.sourceFiles;
    }
    return written;
}

}  // namespace segloop
