// Small helpers shared by the PACS tests: the shared series, folder listings, a progress that
// records and cancels, and attributes of files. Header-only, as each tests/pacs/*Test.cpp is its
// own binary.
#pragma once

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcmetinf.h"
#include "dcmtk/dcmdata/dcuid.h"

#include "core/jobs/Progress.h"
#include "support/TestPaths.h"

namespace segloop::test {

/// Records every update; asks to stop once `stage` reaches `cancelAt` units done.
class RecordingProgress : public Progress {
  public:
    explicit RecordingProgress(std::string stage = {}, size_t cancelAt = SIZE_MAX)
        : stage_(std::move(stage)), cancelAt_(cancelAt) {}

    bool update(const std::string& stage, size_t done, size_t total) override {
        calls.push_back({stage, done, total});
        return !(stage == stage_ && done >= cancelAt_);
    }

    struct Call {
        std::string stage;
        size_t done;
        size_t total;
    };
    std::vector<Call> calls;

  private:
    std::string stage_;
    size_t cancelAt_;
};

/// The SOP Instance UIDs of DICOM files ("" for a file DCMTK cannot read).
inline std::set<std::string> sopInstanceUids(const std::vector<std::string>& files) {
    std::set<std::string> uids;
    for (const std::string& path : files) {
        DcmFileFormat file;
        OFString uid;
        if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).good()) {
            file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, uid);
        }
        uids.insert(uid.c_str());
    }
    return uids;
}

/// One attribute of a DICOM file (group 0002 from its meta header), "" when absent.
inline std::string dicomAttribute(const std::string& path, const DcmTagKey& tag) {
    DcmFileFormat file;
    OFString value;
    if (file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096).good()) {
        DcmItem* item = tag.getGroup() == 0x0002 ? static_cast<DcmItem*>(file.getMetaInfo())
                                                 : static_cast<DcmItem*>(file.getDataset());
        item->findAndGetOFStringArray(tag, value);
    }
    return value.c_str();
}

/// The raw PixelData bytes of an uncompressed file ("" when it has none or is compressed).
inline std::string pixelBytes(const std::string& path) {
    DcmFileFormat file;
    const Uint8* bytes = nullptr;
    unsigned long count = 0;
    if (file.loadFile(path.c_str()).bad() ||
        file.getDataset()->findAndGetUint8Array(DCM_PixelData, bytes, &count).bad() ||
        bytes == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(bytes), count);
}

/// The shared MR series the tests upload: 32 slices of a hippocampus crop, and a second
/// patient's series for searches that must tell them apart.
inline std::string hippoSeries(const std::string& name) {
    return sharedDataDir() + "/dicom/hippo-crop/" + name;
}

/// The .dcm files of a folder, sorted.
inline std::vector<std::string> dicomFilesIn(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() == ".dcm") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// Every entry of a folder, hidden ones too (what a cancelled transfer must not leave).
inline std::vector<std::string> everythingIn(const std::string& folder) {
    std::vector<std::string> names;
    if (std::filesystem::exists(folder)) {
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            names.push_back(entry.path().filename().string());
        }
    }
    return names;
}

}  // namespace segloop::test
