#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/AuditLog.h"
#include "storage/LabelSetRepository.h"
#include "storage/LabelVersionRepository.h"
#include "storage/ModelRepository.h"
#include "storage/ProjectLayout.h"
#include "storage/ProjectSettings.h"
#include "storage/ProjectSummary.h"
#include "storage/QualityScoreRepository.h"
#include "storage/ReviewRepository.h"
#include "storage/TrainingRunRepository.h"
#include "storage/VolumeRepository.h"
#include "storage/db/Database.h"

namespace segloop {

class FolderLock;

/// How Project::open treats a project that this user may not write.
enum class ProjectAccess {
    /// Read-write: a read-only project is refused ("the project is read-only ...").
    Write,
    /// Read-write when the user can write the project, else read-only (no migration, no
    /// backup, every write refused by SQLite): for listing, reports and export.
    Browse,
};

/// An open project: owns the connection to `project.segloop` and knows the folder layout.
///
/// create() and open() check everything a user can get wrong (missing folder, not a project,
/// damaged database, schema from a newer SegLoop, read-only folder) and throw segloop::Error
/// with a message to show as is. The repositories it hands out are small views over its
/// database; they stay valid while the Project lives and is not moved. One thread at a time
/// (see Database); another thread opens the project again to get its own connection.
class Project {
  public:
    /// The SQLite application_id that marks a SegLoop project database ('SGLP').
    static constexpr int32_t kApplicationId = 0x53474C50;

    /// Makes a new project in `folder` (created when missing). Refuses a folder that already
    /// holds a project. On failure nothing of the new project is left behind.
    static Project create(const std::string& folder);
    /// Opens an existing project and brings its schema up to this build's version, after a
    /// backup of the database (ProjectBackup); the first writable open of a day makes the
    /// daily backup. A damaged database is refused with a message that names the newest
    /// backup and the command that restores it. A project on a network file system is refused.
    /// With ProjectAccess::Browse a project this user may not write opens read-only.
    static Project open(const std::string& folder, ProjectAccess access = ProjectAccess::Write);

    /// True when opened read-only (ProjectAccess::Browse on a project the user cannot write).
    bool isReadOnly() const { return readOnly_; }
    /// Throws Error(folder, "the project is read-only: <action> needs to write ...") when
    /// read-only.
    void requireWritable(const std::string& action) const;
    /// What went wrong without stopping the open (a daily backup that could not be written);
    /// empty normally.
    const std::vector<std::string>& warnings() const { return warnings_; }

    ~Project();
    Project(Project&& other) noexcept;
    Project& operator=(Project&& other) noexcept;

    const ProjectLayout& layout() const { return layout_; }
    Database& database() { return *database_; }

    /// Recorded as the author of labels and the user of audit entries; by default the
    /// login name ($USER).
    const std::string& userName() const { return userName_; }
    void setUserName(const std::string& userName) { userName_ = userName; }

    ProjectSettings settings() { return ProjectSettings(*database_); }
    AuditLog auditLog() { return AuditLog(*database_, userName_); }
    VolumeRepository volumes() { return VolumeRepository(*database_, layout_, userName_); }
    LabelVersionRepository labels() {
        return LabelVersionRepository(*database_, layout_, userName_);
    }
    LabelSetRepository labelSets() { return LabelSetRepository(*database_, userName_); }
    ModelRepository models() { return ModelRepository(*database_, userName_); }
    TrainingRunRepository trainingRuns() { return TrainingRunRepository(*database_, userName_); }
    QualityScoreRepository qualityScores() { return QualityScoreRepository(*database_); }
    ReviewRepository reviews() { return ReviewRepository(*database_, userName_); }

    /// Counts for a project overview.
    ProjectSummary summary() { return summarizeProject(*database_); }

  private:
    Project(ProjectLayout layout, std::unique_ptr<Database> database, bool readOnly = false);

    ProjectLayout layout_;
    std::unique_ptr<Database> database_;
    std::string userName_;
    bool readOnly_ = false;
    std::vector<std::string> warnings_;
    /// Shared lock on the folder while open (OrphanSweep.h); orphan files are swept first when
    /// this is the only process with the project open.
    std::shared_ptr<FolderLock> folderLock_;
};

}  // namespace segloop
