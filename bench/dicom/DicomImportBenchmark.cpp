// DICOM series import speed: SegLoop (scan + load, and scan + load + write .nii) against
// dcm2niix (`dcm2niix -z n`, which always writes the .nii) on the same files in the same run,
// best of N each, all from a warm page cache. Input: a synthetic 512x512x400 int16 MR series
// written here with DCMTK, and each series folder of ../shared/data/dicom/mr-brain/study3 when
// present. Prints a markdown table.
// Usage: bench_dicom_import [SHARED_MR_STUDY_DIR] [REPEATS] [SLICES]
//        bench_dicom_import --write-series FOLDER [SLICES]   (only writes the synthetic series)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/Error.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/NiftiWriter.h"

namespace {

namespace fs = std::filesystem;

std::string newUid(const char* root) {
    char uid[100];
    return dcmGenerateUniqueIdentifier(uid, root);
}

/// Writes `slices` files of a 512x512 int16 axial MR series (0.7 mm pixels, 1 mm slices,
/// rescale intercept -1024) into `folder`, as Explicit VR Little Endian.
void writeSyntheticSeries(const std::string& folder, int slices) {
    const int size = 512;
    const std::string study = newUid(SITE_STUDY_UID_ROOT);
    const std::string series = newUid(SITE_SERIES_UID_ROOT);
    const std::string frame = newUid(SITE_SERIES_UID_ROOT);
    std::mt19937 random(42);
    std::uniform_int_distribution<int> noise(-20, 20);
    std::vector<Uint16> pixels(static_cast<size_t>(size) * size);
    for (int k = 0; k < slices; ++k) {
        for (int j = 0; j < size; ++j) {
            for (int i = 0; i < size; ++i) {
                const int dx = i - size / 2, dy = j - size / 2, dz = k - slices / 2;
                const int value = (dx * dx + dy * dy + dz * dz < 200 * 200 ? 2000 : 1000) +
                                  (i + 2 * j + 3 * k) % 97 + noise(random);
                pixels[static_cast<size_t>(j) * size + i] = static_cast<Uint16>(value);
            }
        }
        DcmFileFormat file;
        DcmDataset& data = *file.getDataset();
        const std::string instance = newUid(SITE_INSTANCE_UID_ROOT);
        data.putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
        data.putAndInsertString(DCM_SOPInstanceUID, instance.c_str());
        data.putAndInsertString(DCM_StudyInstanceUID, study.c_str());
        data.putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
        data.putAndInsertString(DCM_FrameOfReferenceUID, frame.c_str());
        data.putAndInsertString(DCM_Modality, "MR");
        data.putAndInsertString(DCM_PatientName, "Bench^Synthetic");
        data.putAndInsertString(DCM_PatientID, "BENCH-001");
        data.putAndInsertString(DCM_StudyDate, "20240101");
        data.putAndInsertString(DCM_SeriesDescription, "synthetic 512x512");
        data.putAndInsertString(DCM_SeriesNumber, "1");
        data.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
        data.putAndInsertString(DCM_ImagePositionPatient,
                                ("-179.2\\-179.2\\" + std::to_string(k)).c_str());
        data.putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
        data.putAndInsertString(DCM_PixelSpacing, "0.7\\0.7");
        data.putAndInsertString(DCM_SliceThickness, "1");
        data.putAndInsertString(DCM_RescaleIntercept, "-1024");
        data.putAndInsertString(DCM_RescaleSlope, "1");
        data.putAndInsertUint16(DCM_SamplesPerPixel, 1);
        data.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
        data.putAndInsertUint16(DCM_Rows, size);
        data.putAndInsertUint16(DCM_Columns, size);
        data.putAndInsertUint16(DCM_BitsAllocated, 16);
        data.putAndInsertUint16(DCM_BitsStored, 16);
        data.putAndInsertUint16(DCM_HighBit, 15);
        data.putAndInsertUint16(DCM_PixelRepresentation, 1);
        data.putAndInsertUint16Array(DCM_PixelData, pixels.data(), pixels.size());
        const std::string path = folder + "/IM" + std::to_string(100000 + k) + ".dcm";
        const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
        if (saved.bad()) {
            throw segloop::Error(path, std::string("cannot write: ") + saved.text());
        }
    }
}

/// Wall times (s) of `repeats` runs of `action`: the best, and the first (colder memory).
struct Timing {
    double best = 1e30;
    double first = 0.0;
};

Timing timeRuns(int repeats, const std::function<void()>& action) {
    Timing timing;
    for (int n = 0; n < repeats; ++n) {
        const auto start = std::chrono::steady_clock::now();
        action();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        timing.best = std::min(timing.best, seconds);
        timing.first = n == 0 ? seconds : timing.first;
    }
    return timing;
}

segloop::Volume scanAndLoad(const std::string& folder) {
    const segloop::DicomScanResult scan = segloop::scanDicomFolder(folder);
    if (scan.series.size() != 1) {
        throw segloop::Error(folder,
                             "expected one series, found " + std::to_string(scan.series.size()));
    }
    return segloop::loadDicomSeries(scan.series.front()).volume;
}

void benchmarkSeries(const std::string& name, const std::string& folder, int repeats,
                     const std::string& scratch, bool haveDcm2niix) {
    std::string size;
    const Timing load = timeRuns(repeats, [&] {
        const segloop::Volume volume = scanAndLoad(folder);
        const auto& s = volume.geometry.size;
        size = std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]);
    });
    const std::string nii = scratch + "/segloop.nii";
    const Timing loadWrite =
        timeRuns(repeats, [&] { segloop::writeNiftiVolume(scanAndLoad(folder), nii); });
    Timing dcm2niix;
    if (haveDcm2niix) {
        const std::string command =
            "dcm2niix -z n -f dcm2niix -o '" + scratch + "' '" + folder + "' > /dev/null 2>&1";
        dcm2niix = timeRuns(repeats, [&] {
            if (std::system(command.c_str()) != 0) {
                throw segloop::Error(folder, "dcm2niix failed");
            }
        });
    }
    std::printf("| %s | %s | %.3f (%.3f) | %.3f (%.3f) | ", name.c_str(), size.c_str(), load.best,
                load.first, loadWrite.best, loadWrite.first);
    if (haveDcm2niix) {
        std::printf("%.3f (%.3f) | %.2f | %.2f |\n", dcm2niix.best, dcm2niix.first,
                    load.best / dcm2niix.best, loadWrite.best / dcm2niix.best);
    } else {
        std::printf("- | - | - |\n");
    }
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 2 && std::string(argv[1]) == "--write-series") {
        fs::create_directories(argv[2]);
        writeSyntheticSeries(argv[2], argc > 3 ? std::max(2, std::atoi(argv[3])) : 400);
        return 0;
    }
    const std::string sharedStudy = argc > 1 ? argv[1] : "";
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
    const int slices = argc > 3 ? std::max(2, std::atoi(argv[3])) : 400;
    const bool haveDcm2niix = std::system("command -v dcm2niix > /dev/null 2>&1") == 0;
    const fs::path scratch =
        fs::temp_directory_path() / ("segloop-bench-dicom-" + std::to_string(getpid()));
    try {
        fs::create_directories(scratch / "synthetic");
        fs::create_directories(scratch / "out");
        const auto start = std::chrono::steady_clock::now();
        writeSyntheticSeries((scratch / "synthetic").string(), slices);
        std::printf("Wrote the synthetic series (%d files) in %.1f s; %u hardware threads.\n\n",
                    slices,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                    std::thread::hardware_concurrency());
        if (!haveDcm2niix) {
            std::printf("dcm2niix is not on PATH: its columns are left empty.\n\n");
        }
        std::printf(
            "| series | voxels | SegLoop load, s: best (first) | SegLoop load + write .nii, s | "
            "dcm2niix -z n, s | load / dcm2niix | load+write / dcm2niix |\n");
        std::printf("|---|---|---|---|---|---|---|\n");
        benchmarkSeries("synthetic MR int16", (scratch / "synthetic").string(), repeats,
                        (scratch / "out").string(), haveDcm2niix);
        if (!sharedStudy.empty() && fs::is_directory(sharedStudy)) {
            std::vector<std::string> folders;
            for (const auto& entry : fs::directory_iterator(sharedStudy)) {
                if (entry.is_directory()) {
                    folders.push_back(entry.path().string());
                }
            }
            std::sort(folders.begin(), folders.end());
            for (const std::string& folder : folders) {
                benchmarkSeries(fs::path(folder).filename().string(), folder, repeats,
                                (scratch / "out").string(), haveDcm2niix);
            }
        } else {
            std::printf("\nShared MR series skipped: '%s' is not a folder.\n", sharedStudy.c_str());
        }
        std::printf(
            "\nBest of %d runs each (first run in brackets), warm page cache; ratios compare "
            "the best runs. SegLoop load = scan headers + read pixels; dcm2niix always writes "
            "the .nii (and a .json sidecar).\n",
            repeats);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        fs::remove_all(scratch);
        return 1;
    }
    fs::remove_all(scratch);
    return 0;
}
