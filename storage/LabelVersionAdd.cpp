// LabelVersionRepository::add and its checks: the one atomic change that saves a label.

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/Error.h"
#include "core/io/NiftiWriter.h"
#include "storage/AuditLog.h"
#include "storage/DataFileCheck.h"
#include "storage/DataFiles.h"
#include "storage/LabelSetRepository.h"
#include "storage/LabelVersionRepository.h"
#include "storage/ProjectSettings.h"
#include "storage/Timestamp.h"
#include "storage/VolumeRepository.h"
#include "storage/db/Database.h"
#include "storage/db/Statement.h"
#include "storage/db/Transaction.h"

namespace segloop {

namespace {

std::string sizeText(const ImageGeometry& grid) {
    return std::to_string(grid.size[0]) + "x" + std::to_string(grid.size[1]) + "x" +
           std::to_string(grid.size[2]);
}

std::string millimetres(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g mm", value);
    return text;
}

/// Why two grids of the same size do not coincide: origin, spacing and axes, as far as they
/// differ.
std::string describeGridDifference(const ImageGeometry& labels, const ImageGeometry& image) {
    std::vector<std::string> parts;
    double originDistance = 0.0;
    double spacingDifference = 0.0;
    double directionDifference = 0.0;
    for (int axis = 0; axis < 3; ++axis) {
        const double delta = labels.originMm[axis] - image.originMm[axis];
        originDistance += delta * delta;
        spacingDifference =
            std::max(spacingDifference, std::abs(labels.spacingMm[axis] - image.spacingMm[axis]));
    }
    for (size_t i = 0; i < labels.direction.size(); ++i) {
        directionDifference =
            std::max(directionDifference, std::abs(labels.direction[i] - image.direction[i]));
    }
    if (std::sqrt(originDistance) > 1e-4) {
        parts.push_back("origin differs by " + millimetres(std::sqrt(originDistance)));
    }
    if (spacingDifference > 1e-6) {
        char text[96];
        std::snprintf(text, sizeof text, "spacing %.4gx%.4gx%.4g mm against %.4gx%.4gx%.4g mm",
                      labels.spacingMm[0], labels.spacingMm[1], labels.spacingMm[2],
                      image.spacingMm[0], image.spacingMm[1], image.spacingMm[2]);
        parts.push_back(text);
    }
    if (directionDifference > 1e-6) {
        parts.push_back("axes point in other directions");
    }
    if (parts.empty()) {
        parts.push_back("corners differ by " + millimetres(labels.maxCornerDistanceMm(image)));
    }
    std::string text;
    for (const std::string& part : parts) {
        text += (text.empty() ? "" : "; ") + part;
    }
    return text;
}

void checkGrid(const LabelMap& labels, const ImageGeometry& image, const std::string& subject) {
    const ImageGeometry& grid = labels.geometry;
    if (labels.labels.size() != grid.voxelCount()) {
        throw Error(subject, "label map has " + std::to_string(labels.labels.size()) +
                                 " voxels but its grid needs " + std::to_string(grid.voxelCount()));
    }
    if (grid.size != image.size) {
        throw Error(subject, "label map is " + sizeText(grid) + " but image is " + sizeText(image));
    }
    if (!grid.sameGridAs(image, 1e-3)) {
        throw Error(subject, "label map is on a different grid than its image (" +
                                 describeGridDifference(grid, image) + ")");
    }
}

void checkClasses(const LabelMap& labels, const LabelSet& labelSet, const std::string& subject) {
    const std::vector<size_t> counts = labels.classVoxelCounts();
    for (size_t index = 1; index < counts.size(); ++index) {
        if (counts[index] > 0 && labelSet.findClass(static_cast<uint16_t>(index)) == nullptr) {
            std::string known;
            for (const LabelClass& labelClass : labelSet.classes) {
                known += (known.empty() ? "" : ", ") + std::to_string(labelClass.index);
            }
            throw Error(subject,
                        "label map has class " + std::to_string(index) + ", which label set '" +
                            labelSet.name + "' does not define" +
                            (known.empty() ? " (it has no classes)" : " (it has " + known + ")"));
        }
    }
}

bool rowExists(Database& database, const char* table, int64_t id) {
    Statement find(database, std::string("SELECT 1 FROM ") + table + " WHERE id = ?");
    find.bind(1, id);
    return find.step();
}

}  // namespace

void LabelVersionRepository::checkRequest(const NewLabelVersion& request,
                                          const std::string& subject) {
    const bool pseudo = request.provenance == LabelProvenance::Pseudo;
    if (pseudo && !request.modelId) {
        throw Error(subject, "a pseudo-label must name the model version that made it");
    }
    if (!pseudo && request.modelId) {
        throw Error(subject, "only a pseudo-label names a model version");
    }
    if (request.modelId && !rowExists(database_, "models", *request.modelId)) {
        throw Error(subject,
                    "model " + std::to_string(*request.modelId) + " is not in the project");
    }
    if (request.provenance == LabelProvenance::Corrected && !request.parentId) {
        throw Error(subject, "a correction must name the label version it corrects");
    }
    if (request.provenance == LabelProvenance::Accepted && !request.parentId) {
        throw Error(subject, "an accepted label must name the pseudo-label it accepts");
    }
    if (pseudo && request.parentId) {
        throw Error(subject, "a pseudo-label cannot correct another label version");
    }
    if (request.parentId) {
        const auto parent = find(*request.parentId);
        if (!parent) {
            throw Error(subject, "label version " + std::to_string(*request.parentId) +
                                     " is not in the project");
        }
        if (parent->volumeId != request.volumeId) {
            throw Error(subject, "label version " + std::to_string(parent->id) +
                                     " belongs to volume " + std::to_string(parent->volumeId) +
                                     ", not volume " + std::to_string(request.volumeId));
        }
        if (request.provenance == LabelProvenance::Accepted &&
            parent->provenance != LabelProvenance::Pseudo) {
            throw Error(subject, "label version " + std::to_string(parent->id) +
                                     " is not a pseudo-label: only pseudo-labels are accepted");
        }
    }
}

int64_t LabelVersionRepository::insertRow(const NewLabelVersion& request) {
    // Under the write lock no other connection can insert, so the next AUTOINCREMENT id is
    // known; the row is inserted with it, so its data path never needs an update.
    const int64_t id = database_.queryInt64(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'label_versions'), 0),"
        "           COALESCE((SELECT MAX(id) FROM label_versions), 0)) + 1");
    ProjectSettings settings(database_);
    const bool human = request.provenance != LabelProvenance::Pseudo;
    const int64_t revision = human ? settings.bumpDatasetRevision() : settings.datasetRevision();
    const std::string author = request.author.empty() ? userName_ : request.author;
    Statement(database_, R"sql(
        INSERT INTO label_versions (id, volume_id, label_set_id, data_path, provenance, model_id,
                                    parent_id, author, created_at, dataset_revision)
        VALUES (?,?,?,?,?,?,?,?,?,?)
    )sql")
        .bindAll(id, request.volumeId, request.labelSetId, ProjectLayout::labelDataPath(id),
                 toString(request.provenance), request.modelId, request.parentId, author,
                 utcTimestampNow(), revision)
        .run();
    AuditLog::Details details{{"volume", std::to_string(request.volumeId)},
                              {"provenance", toString(request.provenance)},
                              {"dataset_revision", std::to_string(revision)},
                              {"source", request.sourceName}};
    if (request.parentId) {
        details.emplace_back("parent", std::to_string(*request.parentId));
    }
    if (request.modelId) {
        details.emplace_back("model", std::to_string(*request.modelId));
    }
    AuditLog(database_, userName_)
        .append("add label version", "label version " + std::to_string(id), details);
    return id;
}

int64_t LabelVersionRepository::add(const NewLabelVersion& request, const LabelMap& labels) {
    const std::string subject = request.sourceName.empty()
                                    ? "label for volume " + std::to_string(request.volumeId)
                                    : request.sourceName;
    const auto volume = VolumeRepository(database_, layout_, userName_).find(request.volumeId);
    if (!volume) {
        throw Error(subject,
                    "volume " + std::to_string(request.volumeId) + " is not in the project");
    }
    const auto labelSet = LabelSetRepository(database_, userName_).find(request.labelSetId);
    if (!labelSet) {
        throw Error(subject,
                    "label set " + std::to_string(request.labelSetId) + " is not in the project");
    }
    checkGrid(labels, volume->geometry, subject);
    checkClasses(labels, *labelSet, subject);
    checkRequest(request, subject);

    data_files::ensureFolder(layout_.labelsFolder());
    const std::string stagingPath = data_files::stagingPath(layout_.labelsFolder());
    std::string writtenPath = stagingPath;
    try {
        writeNiftiLabelMap(labels, stagingPath);
        data_files::syncFile(stagingPath);
        const FileFingerprint written = DataFileCheck::fingerprint(stagingPath);

        Transaction transaction(database_);
        const int64_t id = insertRow(request);
        DataFileCheck(database_, layout_).record(ProjectLayout::labelDataPath(id), written);
        const std::string finalPath = layout_.absolute(ProjectLayout::labelDataPath(id));
        data_files::renameFile(stagingPath, finalPath);
        writtenPath = finalPath;
        database_.removeOnRollback(finalPath);  // also when an enclosing commit fails
        data_files::syncFolder(layout_.labelsFolder());
        transaction.commit();
        return id;
    } catch (...) {
        data_files::removeQuietly(writtenPath);
        throw;
    }
}

}  // namespace segloop
