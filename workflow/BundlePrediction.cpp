#include "workflow/BundlePrediction.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>

#include "core/Error.h"
#include "core/io/DicomSegSource.h"
#include "core/io/DicomSegWriter.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/NiftiReader.h"
#include "core/io/NiftiWriter.h"
#include "core/io/PrivateFiles.h"
#include "core/io/SafeFileName.h"
#include "learning/inference/SegmentationModel.h"
#include "workflow/ModelBundle.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;

/// One image to label: a NIfTI file or a DICOM series.
struct InputImage {
    std::string niftiPath;
    std::optional<DicomSeries> series;
    std::string describe() const { return series ? describeDicomSeries(*series) : niftiPath; }
};

/// The inputs as images, in the given order (NIfTI files under a folder sorted; a folder
/// without NIfTI files scanned for DICOM series). Error naming an input that holds none.
std::vector<InputImage> findImages(const std::vector<std::string>& inputs, Progress* progress) {
    std::vector<InputImage> images;
    for (const std::string& input : inputs) {
        std::error_code error;
        if (fs::is_regular_file(input, error)) {
            if (!hasNiftiExtension(input)) {
                throw Error(input,
                            "is not a NIfTI file (.nii, .nii.gz); give DICOM as the "
                            "folder that holds the series");
            }
            images.push_back({input, std::nullopt});
            continue;
        }
        if (!fs::is_directory(input, error))
            throw Error(input, "no such file or folder");
        std::vector<std::string> nifti;
        for (const auto& entry : fs::recursive_directory_iterator(input)) {
            if (entry.is_regular_file() && hasNiftiExtension(entry.path().string()))
                nifti.push_back(entry.path().string());
        }
        std::sort(nifti.begin(), nifti.end());
        for (const std::string& path : nifti)
            images.push_back({path, std::nullopt});
        if (!nifti.empty())
            continue;
        DicomScanResult scan = scanDicomFolder(input, progress);
        if (scan.series.empty())
            throw Error(input, "holds no NIfTI files and no DICOM image series");
        for (DicomSeries& series : scan.series)
            images.push_back({"", std::move(series)});
    }
    return images;
}

/// Letters, digits, '-' and '_' of `text`, others as '_', at most 64 characters.
std::string fileNamePart(const std::string& text) {
    std::string name;
    for (char c : text.substr(0, 64))
        name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
    return name;
}

/// NAME for an image: the NIfTI stem, or "series-N_DESCRIPTION" ("series" without a number);
/// made unique among `taken`.
std::string outputName(const InputImage& image, std::set<std::string>& taken) {
    std::string base;
    if (image.series) {
        const DicomSeries& series = *image.series;
        base = series.seriesNumber > 0 ? "series-" + std::to_string(series.seriesNumber) : "series";
        if (!series.seriesDescription.empty())
            base += "_" + series.seriesDescription;
    } else {
        base = niftiStem(image.niftiPath);
    }
    base = SafeFileName::make(fileNamePart(base), "image", 64);  // never empty, no "NUL"
    std::string name = base;
    for (int n = 2; taken.count(name); ++n)
        name = base + "-" + std::to_string(n);
    taken.insert(name);
    return name;
}

/// Writes the SEG of a DICOM prediction, or says in `output.note` why not.
void writeSeg(const ModelBundleManifest& manifest, const LoadedDicomSeries& loaded, LabelMap labels,
              const std::string& path, BundlePredictionOutput& output) {
    if (output.labelledVoxels == 0) {
        output.note = "no voxel labelled: no DICOM SEG written";
        return;
    }
    const DicomSourceSeries source = makeDicomSegSource(loaded);
    labels.geometry = source.geometry;  // the series' own grid
    std::vector<DicomSegmentDescription> segments;
    for (const LabelClass& labelClass : manifest.classes)
        segments.push_back({labelClass.index, labelClass.name, labelClass.colourRgb});
    DicomSegWriteOptions options;
    options.origin.kind = DicomLabelOrigin::Kind::Automatic;
    options.origin.algorithmName =
        "SegLoop " + manifest.modelName + " (" + manifest.settings.method + ")";
    options.origin.algorithmVersion = std::to_string(manifest.modelVersion);
    options.contentDescription = "SegLoop model bundle prediction";
    options.softwareVersion = "SegLoop " + manifest.segloopVersion;
    writeDicomSeg(path, labels, source, segments, options);
    output.dicomSeg = path;
}

/// `text` as a CSV field.
std::string csvField(const std::string& text) {
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

BundlePredictionReport predictWithBundle(const BundlePredictionRequest& request,
                                         Progress* progress) {
    if (request.inputs.empty())
        throw Error("predict", "no input image given");
    const ModelBundle bundle = readModelBundle(request.bundlePath);
    const std::vector<InputImage> images = findImages(request.inputs, progress);
    try {
        // 0700 when made here; the folder itself may be a link the user chose.
        PrivateFiles::makeFolderBelow(request.outputFolder, "");
    } catch (const Error& failure) {
        throw Error(request.outputFolder,
                    "cannot create the output folder (" + failure.problem() + ")");
    }
    const std::shared_ptr<SegmentationModel> model = loadBundleModel(bundle, request.device);
    BundlePredictionReport report;
    report.manifest = bundle.manifest;
    report.table = request.outputFolder + "/predictions.csv";
    std::set<std::string> taken;
    // Written whole at the end (0600, then renamed: a link planted at the name is replaced,
    // not followed): a failure or cancel keeps the images' files written so far, no table.
    std::ostringstream table;
    table << "input,labels,dicom_seg,uncertainty,labelled_voxels,note\n";
    for (size_t n = 0; n < images.size(); ++n) {
        reportProgress(progress, "Predicting", n, images.size());
        const InputImage& image = images[n];
        const std::string base = request.outputFolder + "/" + outputName(image, taken);
        std::optional<LoadedDicomSeries> loaded;
        Volume volume;
        if (image.series) {
            loaded = loadDicomSeries(*image.series);
            volume = loaded->volume;
        } else {
            volume = readNiftiVolume(image.niftiPath);
        }
        const Prediction prediction = model->predict(volume);
        BundlePredictionOutput output;
        output.input = image.describe();
        output.labels = base + "_seg.nii.gz";
        for (uint16_t label : prediction.labels.labels)
            output.labelledVoxels += label != 0 ? 1 : 0;
        writeNiftiLabelMap(prediction.labels, output.labels);
        if (loaded)
            writeSeg(bundle.manifest, *loaded, prediction.labels, base + "_seg.dcm", output);
        if (request.uncertainty) {
            output.uncertainty = base + "_uncertainty.nii.gz";
            writeNiftiVolume(prediction.uncertainty, output.uncertainty);
        }
        table << csvField(output.input) << "," << csvField(output.labels) << ","
              << csvField(output.dicomSeg) << "," << csvField(output.uncertainty) << ","
              << output.labelledVoxels << "," << csvField(output.note) << "\n";
        report.outputs.push_back(std::move(output));
    }
    try {
        PrivateFiles::writeAtomically(report.table, table.str());
    } catch (const Error& failure) {
        throw Error(report.table,
                    "cannot write the table of predictions (" + failure.problem() + ")");
    }
    reportProgress(progress, "Predicting", images.size(), images.size());
    return report;
}

}  // namespace segloop
