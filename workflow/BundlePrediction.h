#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "workflow/ModelBundleManifest.h"

namespace segloop {

/// What a prediction without a project is asked to do (`segloop-cli predict --model BUNDLE
/// INPUT... --out FOLDER`).
struct BundlePredictionRequest {
    std::string bundlePath;
    /// NIfTI files, folders of NIfTI files (recursively), or folders holding DICOM series.
    std::vector<std::string> inputs;
    std::string outputFolder;  ///< created when missing
    bool uncertainty = false;  ///< also write each input's uncertainty map
    std::string device = "auto";
};

/// What was written for one input image.
struct BundlePredictionOutput {
    std::string input;        ///< the NIfTI file, or the DICOM series (folder and series)
    std::string labels;       ///< NAME_seg.nii.gz: the label map (NIfTI, the image's grid)
    std::string dicomSeg;     ///< NAME_seg.dcm: the DICOM SEG of a DICOM input; else empty
    std::string uncertainty;  ///< NAME_uncertainty.nii.gz when asked for; else empty
    std::string note;         ///< why something was not written ("no voxel labelled: no SEG")
    size_t labelledVoxels = 0;
};

/// What predictWithBundle() did.
struct BundlePredictionReport {
    ModelBundleManifest manifest;
    std::vector<BundlePredictionOutput> outputs;  ///< in input order
    std::string table;  ///< predictions.csv in the output folder: one row per output
};

/// Labels images with a model bundle, without a project: the bundle is read and checked
/// (readModelBundle) and every input found (DICOM folders scanned) before anything is
/// predicted; then per image a NIfTI label map, for a DICOM series also a BINARY DICOM SEG of
/// that series (makeDicomSegSource: patient, study, frame of reference and instances
/// referenced; the bundle's class names and colours; AUTOMATIC with the model's name and
/// version), the uncertainty map on request, and predictions.csv listing them. NAME is the
/// NIfTI file's stem or the series' number and description; a taken name gets "-2", "-3".
///
/// Progress "Predicting" per image; cancel throws Cancelled, keeping the images' files written
/// so far (predictions.csv comes only when every image is done). Throws
/// Error naming the input for a missing or unreadable one. LibTorch work on the calling thread.
BundlePredictionReport predictWithBundle(const BundlePredictionRequest& request,
                                         Progress* progress = nullptr);

}  // namespace segloop
