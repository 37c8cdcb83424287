#include "storage/ProjectImporter.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include "core/Error.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/NiftiReader.h"
#include "storage/DataFiles.h"
#include "storage/Project.h"
#include "storage/db/Transaction.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

/// One thing to import: a NIfTI file (with its label, if any) or a DICOM series.
struct ImportItem {
    std::string niftiPath;
    std::string labelPath;
    std::optional<DicomSeries> dicomSeries;

    std::string source() const {
        return dicomSeries ? describeDicomSeries(*dicomSeries) : niftiPath;
    }
};

std::vector<std::string> niftiFilesUnder(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file() && hasNiftiExtension(entry.path().string())) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// Label files of `folder` by the image stem they belong to.
std::map<std::string, std::string> labelFilesByStem(const std::string& folder) {
    if (!fs::is_directory(folder)) {
        throw Error(folder, "labels folder does not exist");
    }
    std::map<std::string, std::string> labels;
    for (const std::string& path : niftiFilesUnder(folder)) {
        std::string stem = niftiStem(path);
        for (const char* suffix : {"_seg", "_label", "_mask"}) {
            const std::string tail = suffix;
            if (stem.size() > tail.size() &&
                stem.compare(stem.size() - tail.size(), tail.size(), tail) == 0) {
                stem.resize(stem.size() - tail.size());
                break;
            }
        }
        labels[stem] = path;
    }
    return labels;
}

/// Turns the request's inputs into items; DICOM folders are scanned here.
std::vector<ImportItem> planImport(const ImportRequest& request, ImportReport& report,
                                   Progress* progress) {
    std::map<std::string, std::string> labels;
    if (!request.labelsFolder.empty()) {
        labels = labelFilesByStem(request.labelsFolder);
    }
    std::vector<ImportItem> items;
    for (const std::string& given : request.inputs) {
        std::error_code error;
        const std::string input = fs::absolute(given, error).lexically_normal().string();
        if (fs::is_regular_file(input, error)) {
            if (!hasNiftiExtension(input)) {
                throw Error(input,
                            "is not a NIfTI file (.nii, .nii.gz); DICOM is imported "
                            "by giving the folder that holds the series");
            }
            items.push_back({input, "", std::nullopt});
        } else if (fs::is_directory(input, error)) {
            std::vector<std::string> niftiFiles = niftiFilesUnder(input);
            for (const std::string& path : niftiFiles) {
                items.push_back({path, "", std::nullopt});
            }
            if (niftiFiles.empty()) {
                DicomScanResult scan = scanDicomFolder(input, progress);
                if (scan.series.empty() && !scan.skipped.empty()) {
                    const DicomSkippedFile& first = scan.skipped.front();
                    throw Error(first.path,
                                first.reason + " (and no image series is in " + input + ")");
                }
                if (scan.series.empty()) {
                    throw Error(input, "holds no NIfTI files and no DICOM image series");
                }
                for (DicomSeries& series : scan.series) {
                    items.push_back({"", "", std::move(series)});
                }
                for (const DicomSkippedFile& skipped : scan.skipped) {
                    report.skippedFiles.push_back({skipped.path, skipped.reason});
                }
            }
        } else {
            throw Error(input, "no such file or folder");
        }
    }
    for (ImportItem& item : items) {
        if (!item.niftiPath.empty()) {
            const auto found = labels.find(niftiStem(item.niftiPath));
            if (found != labels.end()) {
                item.labelPath = found->second;
                labels.erase(found);
            }
        }
    }
    for (const auto& [stem, path] : labels) {
        report.unmatchedLabels.push_back(path);
    }
    return items;
}

SeriesMetadata metadataOf(const LoadedDicomSeries& loaded, const std::string& folder) {
    const DicomSeries& dicom = loaded.series;
    SeriesMetadata metadata;
    metadata.study.studyInstanceUid = dicom.studyInstanceUid;
    metadata.study.date = dicom.studyDate;
    metadata.study.description = dicom.studyDescription;
    metadata.study.patient.patientId = dicom.patientId;
    metadata.study.patient.name = dicom.patientName;
    metadata.series.seriesInstanceUid = dicom.seriesInstanceUid;
    metadata.series.seriesNumber = dicom.seriesNumber;
    metadata.series.modality = dicom.modality;
    metadata.series.description = dicom.seriesDescription;
    metadata.series.frameOfReferenceUid = dicom.frameOfReferenceUid;
    metadata.series.sourceKind = SourceKind::Dicom;
    metadata.series.sourcePath = folder;
    for (size_t slice = 0; slice < dicom.instances.size(); ++slice) {
        const DicomInstance& instance = dicom.instances[slice];
        InstanceInfo info;
        info.sopInstanceUid = instance.sopInstanceUid;
        info.sopClassUid = instance.sopClassUid;
        info.instanceNumber = instance.instanceNumber;
        info.sliceIndex = static_cast<int64_t>(slice);
        if (instance.hasPosition) {
            info.positionMm = instance.positionMm;
        }
        info.filePath = instance.path;
        metadata.instances.push_back(std::move(info));
    }
    return metadata;
}

std::string seriesFolder(const DicomSeries& series) {
    return series.instances.empty()
               ? ""
               : fs::path(series.instances.front().path).parent_path().string();
}

int64_t projectLabelSetId(Project& project) {
    const std::vector<LabelSet> sets = project.labelSets().list();
    if (sets.empty()) {
        throw Error(project.layout().folder, "has no label set to import labels into");
    }
    return sets.front().id;
}

/// Imports one item inside the caller's transaction; records every data file it wrote.
ImportedVolume importItem(Project& project, const ImportItem& item, const std::string& author,
                          std::vector<std::string>& writtenFiles, Progress* progress) {
    ImportedVolume imported;
    imported.source = item.source();
    if (item.dicomSeries) {
        const LoadedDicomSeries loaded = loadDicomSeries(*item.dicomSeries, progress);
        imported.volumeId = project.volumes().importVolume(
            metadataOf(loaded, seriesFolder(loaded.series)), loaded.volume);
    } else {
        const Volume volume = readNiftiVolume(item.niftiPath);
        SeriesMetadata metadata;
        metadata.series.sourceKind = SourceKind::Nifti;
        metadata.series.sourcePath = item.niftiPath;
        metadata.series.description = niftiStem(item.niftiPath);
        imported.volumeId = project.volumes().importVolume(metadata, volume);
    }
    writtenFiles.push_back(
        project.layout().absolute(project.volumes().get(imported.volumeId).dataPath));
    if (!item.labelPath.empty()) {
        NewLabelVersion label;
        label.volumeId = imported.volumeId;
        label.labelSetId = projectLabelSetId(project);
        label.provenance = LabelProvenance::Human;
        label.author = author;
        label.sourceName = item.labelPath;
        imported.labelVersionId = project.labels().add(label, readNiftiLabelMap(item.labelPath));
        writtenFiles.push_back(
            project.layout().absolute(project.labels().get(*imported.labelVersionId).dataPath));
    }
    return imported;
}

void removeFiles(const std::vector<std::string>& files) {
    for (const std::string& file : files) {
        data_files::removeQuietly(file);
    }
}

}  // namespace

ImportReport importIntoProject(Project& project, const ImportRequest& request, Progress* progress) {
    ImportReport report;
    const std::vector<ImportItem> items = planImport(request, report, progress);
    std::vector<std::string> writtenFiles;
    try {
        Transaction all(project.database());
        for (size_t n = 0; n < items.size(); ++n) {
            reportProgress(progress, "Importing", n, items.size());
            std::vector<std::string> itemFiles;
            try {
                Transaction one(project.database());
                report.imported.push_back(
                    importItem(project, items[n], request.author, itemFiles, progress));
                one.commit();
                writtenFiles.insert(writtenFiles.end(), itemFiles.begin(), itemFiles.end());
            } catch (const Error& error) {
                removeFiles(itemFiles);
                if (!request.skipBad) {
                    throw;
                }
                report.refused.push_back({items[n].source(), error.what()});
            } catch (...) {
                removeFiles(itemFiles);
                throw;
            }
        }
        reportProgress(progress, "Importing", items.size(), items.size());
        all.commit();
    } catch (...) {
        removeFiles(writtenFiles);
        throw;
    }
    return report;
}

}  // namespace segloop
