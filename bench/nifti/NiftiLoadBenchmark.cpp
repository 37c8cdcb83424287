// Loads all hippocampus cases (images and labels) with SegLoop and with nibabel in the same run,
// and prints a markdown table. Usage: bench_nifti_load HIPPOCAMPUS_DIR NIBABEL_SCRIPT [REPEATS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "core/Error.h"
#include "core/io/NiftiReader.h"

namespace {

std::vector<std::string> niftiFiles(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (segloop::hasNiftiExtension(entry.path().string())) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

struct SegloopRun {
    double seconds = 0;
    double checksum = 0;
};

SegloopRun loadAll(const std::vector<std::string>& images, const std::vector<std::string>& labels) {
    const auto start = std::chrono::steady_clock::now();
    double checksum = 0;
    for (const std::string& path : images) {
        const segloop::Volume volume = segloop::readNiftiVolume(path);
        checksum += std::accumulate(volume.voxels.begin(), volume.voxels.end(), 0.0);
    }
    for (const std::string& path : labels) {
        segloop::readNiftiLabelMap(path);
    }
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
            checksum};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s HIPPOCAMPUS_DIR NIBABEL_SCRIPT [REPEATS]\n", argv[0]);
        return 2;
    }
    const std::string folder = argv[1];
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
    if (!std::filesystem::is_directory(folder + "/imagesTr")) {
        std::printf("NIfTI load benchmark skipped: %s/imagesTr is absent\n", folder.c_str());
        return 0;
    }
    try {
        const auto images = niftiFiles(folder + "/imagesTr");
        const auto labels = niftiFiles(folder + "/labelsTr");
        SegloopRun best{1e30, 0};
        for (int n = 0; n < repeats; ++n) {
            const SegloopRun run = loadAll(images, labels);
            best = run.seconds < best.seconds ? run : best;
        }
        const std::string command = "/usr/bin/python3 " + std::string(argv[2]) + " " + folder +
                                    " " + std::to_string(repeats);
        FILE* pipe = popen(command.c_str(), "r");
        double nibabelSeconds = 0, nibabelChecksum = 0;
        int nibabelImages = 0, nibabelLabels = 0;
        const int fields = pipe ? std::fscanf(pipe, "%lf %d %d %lf", &nibabelSeconds,
                                              &nibabelImages, &nibabelLabels, &nibabelChecksum)
                                : 0;
        if (pipe == nullptr || pclose(pipe) != 0 || fields != 4) {
            std::fprintf(stderr, "nibabel run failed (is python3-nibabel installed?)\n");
            return 1;
        }
        std::printf("| reader | images | labels | best of %d (s) | ms per case | voxel sum |\n",
                    repeats);
        std::printf("|---|---|---|---|---|---|\n");
        std::printf("| SegLoop (niftilib + libdeflate) | %zu | %zu | %.3f | %.2f | %.6g |\n",
                    images.size(), labels.size(), best.seconds,
                    1000 * best.seconds / double(images.size()), best.checksum);
        std::printf("| nibabel 5.0 (python3) | %d | %d | %.3f | %.2f | %.6g |\n", nibabelImages,
                    nibabelLabels, nibabelSeconds, 1000 * nibabelSeconds / nibabelImages,
                    nibabelChecksum);
        std::printf("\nSegLoop / nibabel time ratio: **%.2f** (target: below 1)\n",
                    best.seconds / nibabelSeconds);
    } catch (const segloop::Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
