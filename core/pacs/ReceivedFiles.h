#pragma once

#include <map>
#include <string>
#include <vector>

namespace segloop {

/// Internal to core/pacs: the DICOM files one retrieval writes into a folder, all or nothing.
/// Each file is written under a hidden temporary name (reserve()); commit() renames them all
/// to "<SOP Instance UID>.dcm" once the transfer has succeeded. Whatever was not committed is
/// deleted when the object goes away, so a failed or cancelled transfer leaves no partial file
/// behind. One thread at a time.
class ReceivedFiles {
  public:
    /// Creates `folder` when needed; throws segloop::Error when it cannot.
    explicit ReceivedFiles(std::string folder);
    ~ReceivedFiles();
    ReceivedFiles(const ReceivedFiles&) = delete;
    ReceivedFiles& operator=(const ReceivedFiles&) = delete;

    /// A fresh temporary path in the folder for the next file.
    std::string reserve();
    /// The file at `temporaryPath` is complete and holds `sopInstanceUid`. A second file with
    /// the same UID replaces the first.
    void accept(const std::string& temporaryPath, const std::string& sopInstanceUid);
    /// Deletes a reserved file that will not be kept.
    static void discard(const std::string& temporaryPath);

    size_t count() const { return accepted_.size(); }
    const std::string& folder() const { return folder_; }

    /// Renames every accepted file to its final name; returns the final paths, sorted.
    /// Throws segloop::Error (subject: the folder) when a rename fails, after deleting the
    /// files this call had renamed already.
    std::vector<std::string> commit();

  private:
    std::string folder_;
    std::string prefix_;
    size_t next_ = 0;
    std::vector<std::string> reserved_;
    std::map<std::string, std::string> accepted_;  ///< SOP Instance UID -> temporary path
};

}  // namespace segloop
