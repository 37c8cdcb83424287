#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace segloop {

class Database;

/// The project-level key/value table: the dataset revision counter, when and by which version
/// of SegLoop the project was created, the project's UID. Holds a reference to a Database
/// (same thread rules); cheap to make, short-lived.
class ProjectSettings {
  public:
    static constexpr const char* kDatasetRevision = "dataset_revision";
    static constexpr const char* kCreatedAt = "created_at";
    static constexpr const char* kAppVersion = "app_version";
    static constexpr const char* kProjectUid = "project_uid";

    explicit ProjectSettings(Database& database) : database_(database) {}

    std::optional<std::string> find(const std::string& key);
    /// The value, or Error naming the key when it is missing.
    std::string get(const std::string& key);
    /// Inserts or replaces one value.
    void set(const std::string& key, const std::string& value);

    /// The revision of the labelled set: it grows by one with every human or corrected label
    /// saved, so a trainer can tell that its snapshot is out of date.
    int64_t datasetRevision();
    /// Adds one to the revision and returns the new value (inside the caller's transaction,
    /// when there is one).
    int64_t bumpDatasetRevision();

  private:
    Database& database_;
};

}  // namespace segloop
