// Fuzzing (issue 30): what the libFuzzer targets of tests/fuzz found, checked on the readers
// themselves. The stored inputs in tests/data/fuzz/<target>/regression-* are also replayed by
// the ctest tests fuzz.<target>, which only ask that nothing crashes; here each must be refused
// with a segloop::Error that names the file and the problem, or read correctly.
//
// A DICOM element whose length field says 4 GB made DCMTK allocate 4 GB before finding that the
// file is 5 KB long. Such reads run in a child process whose address space is capped at what it
// uses plus 1 GiB: unguarded, the allocation fails there and the message is DCMTK's "Virtual
// Memory exhausted" instead of the truncation the guard reports (core/io/DicomFileLoad.h).

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/DicomSegReader.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/NiftiReader.h"
#include "core/io/RtStructReader.h"
#include "learning/quality/QualitySettings.h"
#include "support/TestPaths.h"
#include "workflow/ModelBundleManifest.h"

#if defined(__SANITIZE_ADDRESS__)
#define SEGLOOP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SEGLOOP_ASAN 1
#endif
#endif

namespace segloop {
namespace {

namespace fs = std::filesystem;

std::string fuzzData(const std::string& target, const std::string& name) {
    return test::testDataDir() + "/fuzz/" + target + "/" + name;
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good()) << path;
}

/// The file with a Data Set Trailing Padding element (FFFC,FFFC) OB appended whose length field
/// says 0xFFFFFFF0 bytes while 16 follow (explicit VR little endian files only).
std::string withHugeTrailingElement(const std::string& bytes) {
    const unsigned char element[] = {0xFC, 0xFF, 0xFC, 0xFF, 'O',  'B',
                                     0,    0,    0xF0, 0xFF, 0xFF, 0xFF};
    return bytes + std::string(reinterpret_cast<const char*>(element), sizeof element) +
           std::string(16, '\0');
}

/// The address space this process maps now, in bytes (VmSize in /proc/self/status).
rlim_t mappedBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmSize:", 0) == 0)
            return static_cast<rlim_t>(std::stoull(line.substr(7))) * 1024;
    }
    return 0;
}

/// Runs `readFile` in a child process with its address space capped at what it maps plus 1 GiB (no
/// cap under AddressSanitizer, whose shadow memory needs terabytes of address space) and returns
/// what() of the segloop::Error it threw, or a line saying that it threw none or died.
std::string errorOfCappedRead(const std::function<void()>& readFile) {
    int pipeEnds[2];
    if (pipe(pipeEnds) != 0)
        return "pipe failed";
    const pid_t child = fork();
    if (child == 0) {
        close(pipeEnds[0]);
#ifndef SEGLOOP_ASAN
        const rlim_t cap = mappedBytes() + (rlim_t(1) << 30);
        const rlimit limit{cap, cap};
        setrlimit(RLIMIT_AS, &limit);
#endif
        std::string message = "no error thrown";
        try {
            readFile();
        } catch (const Error& error) {
            message = error.what();
        } catch (const std::exception& error) {
            message = std::string("not a segloop::Error: ") + error.what();
        }
        const ssize_t written = write(pipeEnds[1], message.data(), message.size());
        _exit(written == static_cast<ssize_t>(message.size()) ? 0 : 1);
    }
    close(pipeEnds[1]);
    std::string message;
    char buffer[512];
    ssize_t got = 0;
    while ((got = ::read(pipeEnds[0], buffer, sizeof buffer)) > 0)
        message.append(buffer, static_cast<size_t>(got));
    close(pipeEnds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status))
        return "child died (signal " + std::to_string(WTERMSIG(status)) + "): " + message;
    return message;
}

void expectTruncationNamed(const std::string& message, const std::string& path) {
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    EXPECT_NE(message.find("longer than the rest of the file"), std::string::npos) << message;
}

TEST(FuzzFindings, SegWithDamagedLengthIsRefusedBeforeAllocating) {
    const std::string path =
        fuzzData("dicom_seg", "regression-damaged-vr-4gb-element-length-oom.dcm");
    ASSERT_TRUE(fs::is_regular_file(path)) << path;
    expectTruncationNamed(errorOfCappedRead([&] { readDicomSeg(path); }), path);
}

TEST(FuzzFindings, RtStructWithHugeElementIsRefusedBeforeAllocating) {
    test::TempDir scratch;
    const std::string good = test::testDataDir() + "/dicom/non-image/rtstruct.dcm";
    ASSERT_NO_THROW(readRtStruct(good));
    const std::string path = scratch.file("rtstruct-huge-padding.dcm");
    writeBytes(path, withHugeTrailingElement(readBytes(good)));
    expectTruncationNamed(errorOfCappedRead([&] { readRtStruct(path); }), path);
}

TEST(FuzzFindings, SliceThatGrowsAHugeElementAfterTheScanIsRefused) {
    test::TempDir scratch;
    const std::string source = test::testDataDir() + "/dicom/hippo12";
    for (const auto& entry : fs::directory_iterator(source))
        fs::copy_file(entry.path(), scratch.file(entry.path().filename().string()));
    const DicomScanResult scan = scanDicomFolder(scratch.path());
    ASSERT_EQ(scan.series.size(), 1u);
    // Between the scan and the load the file changes: the loader reads it whole.
    const std::string path = scratch.file("15.dcm");
    writeBytes(path, withHugeTrailingElement(readBytes(path)));
    const std::string message = errorOfCappedRead([&] { loadDicomSeries(scan.series[0]); });
    EXPECT_EQ(message.rfind(scratch.path(), 0), 0u) << message;
    EXPECT_NE(message.find("15.dcm cannot be read: truncated or damaged: an element is longer "
                           "than the rest of the file"),
              std::string::npos)
        << message;
}

/// The stored fuzz input `name` of dicom_file copied into `scratch` as image.dcm, scanned.
DicomScanResult scanStoredDicomInput(const test::TempDir& scratch, const std::string& name) {
    const std::string input = fuzzData("dicom_file", name);
    EXPECT_TRUE(fs::is_regular_file(input)) << input;
    fs::copy_file(input, scratch.file("image.dcm"));
    return scanDicomFolder(scratch.path());
}

/// A 3 KB file whose header declares 12849 x 8216 pixels (1824 bytes of pixel data): skipped
/// by the scan, so that no loader zeroes a 400 MB volume for it first (a 13 s execution).
TEST(FuzzFindings, ImageWhosePixelDataCannotHoldOneFrameIsSkippedByTheScan) {
    test::TempDir scratch;
    const DicomScanResult scan =
        scanStoredDicomInput(scratch, "regression-3kb-file-declares-12849x8216-pixels-slow.dcm");
    EXPECT_TRUE(scan.series.empty());
    ASSERT_EQ(scan.skipped.size(), 1u);
    EXPECT_EQ(scan.skipped[0].path, scratch.file("image.dcm"));
    EXPECT_EQ(scan.skipped[0].reason,
              "unreadable: pixel data is truncated: 1824 bytes, where one frame of 12849 x 8216 "
              "pixels of 16 bits needs 211134768 bytes");
}

/// A 2.5 KB JPEG Lossless file whose stream has a TEM marker (FF 01) where DCMTK 3.6.7 looks
/// for the frame header: dcmjpeg's bit-depth scan never advances past it and the loader spun at
/// full CPU. Refused before decoding; the child is killed by SIGALRM if it hangs again.
TEST(FuzzFindings, JpegStreamWithATemMarkerIsRefusedInsteadOfHanging) {
    test::TempDir scratch;
    const DicomScanResult scan =
        scanStoredDicomInput(scratch, "regression-jpeg-tem-marker-hangs-dcmjpeg.dcm");
    ASSERT_EQ(scan.series.size(), 1u);
    const std::string message = errorOfCappedRead([&] {
        alarm(60);
        loadDicomSeries(scan.series[0]);
    });
    EXPECT_EQ(message.rfind(scratch.path(), 0), 0u) << message;
    EXPECT_NE(message.find("image.dcm has a damaged JPEG stream: a TEM marker (FF 01) in "
                           "fragment 1 at byte 2 where a frame header is expected"),
              std::string::npos)
        << message;
}

TEST(FuzzFindings, NiftiDimensionsWhoseProductOverflowsAreRefused) {
    for (const char* name : {"regression-nifti2-dims-product-overflows-int64.nii",
                             "regression-nifti2-dim0-huge-stack-overflow.nii"}) {
        const std::string path = fuzzData("nifti", name);
        ASSERT_TRUE(fs::is_regular_file(path)) << path;
        try {
            readNiftiVolume(path);
            ADD_FAILURE() << path << " was read";
        } catch (const Error& error) {
            EXPECT_EQ(error.subject(), path);
            EXPECT_NE(error.problem().find("dim"), std::string::npos) << error.what();
        }
    }
}

/// Quality settings with levels = 50000000000000001: refused by name instead of shifting
/// 1 by 5e16 bits (undefined behaviour that UBSan reported in validateQualitySettings); since
/// the settings' table (issue 33) already when the text is read.
TEST(FuzzFindings, QualitySettingsWithHugeLevelsAreRefused) {
    const std::string path =
        fuzzData("settings_text", "regression-quality-levels-5e16-shift-overflow.txt");
    ASSERT_TRUE(fs::is_regular_file(path)) << path;
    const std::string expected = "setting levels = 5e+16 is out of range: must be in [1, 16]";
    try {
        qualitySettingsFromText(readBytes(path), path);
        ADD_FAILURE() << "levels 5e16 read";
    } catch (const Error& error) {
        EXPECT_EQ(error.problem(), expected) << error.what();
    }
    QualitySettings settings;
    settings.levels = 50000000000000001;
    try {
        validateQualitySettings(settings);
        ADD_FAILURE() << "levels " << settings.levels << " accepted";
    } catch (const Error& error) {
        EXPECT_EQ(error.problem(), expected) << error.what();
    }
}

/// A float32 NIfTI-1 file moved to an odd vox_offset (353) reads the same voxels: the values
/// are read unaligned, as they lie (UBSan reported the misaligned loads).
TEST(FuzzFindings, NiftiVoxelsAtAnOddOffsetReadTheSame) {
    test::TempDir scratch;
    const std::string original = fuzzData("nifti", "seed-float32-qform-scaled.nii");
    const std::string bytes = readBytes(original);
    float offset = 0;
    ASSERT_GE(bytes.size(), 352u);
    std::memcpy(&offset, bytes.data() + 108, 4);
    ASSERT_EQ(offset, 352.0f) << original << " is a little-endian NIfTI-1 file, voxels at 352";
    std::string moved = bytes.substr(0, 352) + '\0' + bytes.substr(352);
    const float odd = 353.0f;
    std::memcpy(moved.data() + 108, &odd, 4);
    const std::string path = scratch.file("odd-offset.nii");
    writeBytes(path, moved);
    const Volume expected = readNiftiVolume(original);
    const Volume actual = readNiftiVolume(path);
    ASSERT_GT(expected.voxels.size(), 0u);
    EXPECT_EQ(actual.voxels, expected.voxels);
}

/// A bundle manifest whose member size is 1234e56: nlohmann's conversion of that float to an
/// unsigned integer is undefined behaviour (UBSan, fuzz_bundle_manifest). Refused, naming the
/// member; a fractional class index or model version is refused the same way.
TEST(FuzzFindings, BundleManifestWithAFloatSizeIsRefused) {
    const std::string path =
        fuzzData("bundle_manifest", "regression-member-bytes-1e59-float-to-integer.json");
    std::string text = readBytes(path);
    ASSERT_FALSE(text.empty()) << path;
    // The fuzzer also mutated the method's name; the settings table refuses that first.
    try {
        manifestFromJson(text, "model.segloop-model");
        FAIL() << "accepted";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("setting method = mean-teach0 is out of range"),
                  std::string::npos)
            << error.what();
    }
    const size_t mutated = text.find("mean-teach0");
    ASSERT_NE(mutated, std::string::npos);
    text.replace(mutated, 11, "mean-teacher");  // the size is what this finding is about
    try {
        manifestFromJson(text, "model.segloop-model");
        FAIL() << "accepted";
    } catch (const Error& error) {
        EXPECT_STREQ(error.what(),
                     "model.segloop-model: its manifest.json has a malformed size for member "
                     "model.    weights.pt");
    }
    std::string fractionalVersion = text;
    const size_t version = fractionalVersion.find("\"version\": 3");
    ASSERT_NE(version, std::string::npos);
    fractionalVersion.replace(version, 12, "\"version\": 3.5");
    EXPECT_THROW(manifestFromJson(fractionalVersion, "model.segloop-model"), Error);
}

}  // namespace
}  // namespace segloop
