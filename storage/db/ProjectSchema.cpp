// The project schema, as an ordered list of migrations (see Migrations.h).
//
// Conventions: times are ISO 8601 UTC text ("2025-06-01T10:11:12.123Z"); paths of data files are
// relative to the project folder; JSON columns hold valid JSON (checked); positions and spacings
// are millimetres in LPS patient coordinates. Tables are STRICT (SQLite >= 3.37), so a value of
// the wrong type is refused rather than stored.

#include "storage/db/Migrations.h"

namespace segloop {

namespace {

const char* const kSchemaVersion1 = R"sql(
-- Project-wide settings: dataset_revision, created_at, app_version, project_uid.
CREATE TABLE project_settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO project_settings (key, value) VALUES ('dataset_revision', '0');

CREATE TABLE patients (
    id         INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL UNIQUE CHECK (patient_id <> ''),  -- DICOM PatientID
    name       TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',                        -- DICOM DA, '' when unknown
    sex        TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE studies (
    id                 INTEGER PRIMARY KEY,
    patient_ref        INTEGER REFERENCES patients(id),         -- NULL: no patient (NIfTI)
    study_instance_uid TEXT NOT NULL UNIQUE CHECK (study_instance_uid <> ''),
    study_date         TEXT NOT NULL DEFAULT '',                -- DICOM DA (YYYYMMDD)
    description        TEXT NOT NULL DEFAULT '',
    accession_number   TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX studies_by_patient ON studies(patient_ref);

-- AUTOINCREMENT: ids of series, volumes and label versions name data files, so they are never
-- reused, not even after a delete.
CREATE TABLE series (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    study_id               INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
    series_instance_uid    TEXT NOT NULL UNIQUE CHECK (series_instance_uid <> ''),
    series_number          INTEGER,
    modality               TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    frame_of_reference_uid TEXT NOT NULL DEFAULT '',
    source_kind            TEXT NOT NULL CHECK (source_kind IN ('dicom', 'nifti')),
    source_path            TEXT NOT NULL,
    imported_at            TEXT NOT NULL
) STRICT;
CREATE INDEX series_by_study ON series(study_id);

-- The source images of a series, one row per slice of its volume, so that a DICOM SEG can
-- reference them. frame_number is 0 for single-frame instances, else 1-based.
CREATE TABLE instances (
    id              INTEGER PRIMARY KEY,
    series_id       INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    sop_instance_uid TEXT NOT NULL CHECK (sop_instance_uid <> ''),
    sop_class_uid   TEXT NOT NULL DEFAULT '',
    frame_number    INTEGER NOT NULL DEFAULT 0 CHECK (frame_number >= 0),
    instance_number INTEGER,
    slice_index     INTEGER NOT NULL CHECK (slice_index >= 0),
    position_x_mm   REAL,
    position_y_mm   REAL,
    position_z_mm   REAL,
    file_path       TEXT NOT NULL DEFAULT '',
    UNIQUE (series_id, slice_index),
    UNIQUE (sop_instance_uid, frame_number)
) STRICT;

-- One voxel file per series. direction: JSON array of 9 numbers, row-major, column c = index
-- axis c in LPS.
CREATE TABLE volumes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    series_id    INTEGER NOT NULL UNIQUE REFERENCES series(id) ON DELETE CASCADE,
    data_path    TEXT NOT NULL UNIQUE,
    size_x       INTEGER NOT NULL CHECK (size_x > 0),
    size_y       INTEGER NOT NULL CHECK (size_y > 0),
    size_z       INTEGER NOT NULL CHECK (size_z > 0),
    spacing_x_mm REAL NOT NULL CHECK (spacing_x_mm > 0),
    spacing_y_mm REAL NOT NULL CHECK (spacing_y_mm > 0),
    spacing_z_mm REAL NOT NULL CHECK (spacing_z_mm > 0),
    origin_x_mm  REAL NOT NULL,
    origin_y_mm  REAL NOT NULL,
    origin_z_mm  REAL NOT NULL,
    direction    TEXT NOT NULL CHECK (json_valid(direction) AND json_array_length(direction) = 9),
    data_type    TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE label_sets (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE label_classes (
    label_set_id INTEGER NOT NULL REFERENCES label_sets(id) ON DELETE CASCADE,
    class_index  INTEGER NOT NULL CHECK (class_index BETWEEN 1 AND 65535),
    name         TEXT NOT NULL CHECK (name <> ''),
    colour_red   INTEGER NOT NULL CHECK (colour_red BETWEEN 0 AND 255),
    colour_green INTEGER NOT NULL CHECK (colour_green BETWEEN 0 AND 255),
    colour_blue  INTEGER NOT NULL CHECK (colour_blue BETWEEN 0 AND 255),
    PRIMARY KEY (label_set_id, class_index),
    UNIQUE (label_set_id, name)
) STRICT, WITHOUT ROWID;

-- Model versions: weights (or a bundle) under data/models; metrics as JSON.
CREATE TABLE models (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL CHECK (name <> ''),
    version      INTEGER NOT NULL CHECK (version > 0),
    method       TEXT NOT NULL,
    data_path    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    metrics_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics_json)),
    UNIQUE (name, version)
) STRICT;

-- Never updated in place: a correction is a new row whose parent is the version it corrects.
-- dataset_revision: the project's revision once this version was saved.
CREATE TABLE label_versions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    volume_id        INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
    label_set_id     INTEGER NOT NULL REFERENCES label_sets(id),
    data_path        TEXT NOT NULL UNIQUE,
    provenance       TEXT NOT NULL CHECK (provenance IN ('human', 'pseudo', 'corrected')),
    model_id         INTEGER REFERENCES models(id),
    parent_id        INTEGER REFERENCES label_versions(id),
    author           TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    dataset_revision INTEGER NOT NULL,
    CHECK ((provenance = 'pseudo') = (model_id IS NOT NULL)),
    CHECK (provenance <> 'corrected' OR parent_id IS NOT NULL),
    CHECK (provenance <> 'pseudo' OR parent_id IS NULL)
) STRICT;
CREATE INDEX label_versions_by_volume ON label_versions(volume_id, id);
CREATE INDEX label_versions_by_parent ON label_versions(parent_id);
CREATE INDEX label_versions_by_model ON label_versions(model_id);
CREATE TRIGGER label_versions_are_immutable BEFORE UPDATE ON label_versions
BEGIN
    SELECT RAISE(ABORT, 'label versions are never changed: save a new version instead');
END;
CREATE TRIGGER label_versions_parent_same_volume BEFORE INSERT ON label_versions
WHEN NEW.parent_id IS NOT NULL
 AND (SELECT volume_id FROM label_versions WHERE id = NEW.parent_id) IS NOT NEW.volume_id
BEGIN
    SELECT RAISE(ABORT, 'a label version can only correct a version of the same volume');
END;

-- status: queued|running|paused|finished|failed|cancelled. model_id: the version it produced.
CREATE TABLE training_runs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id         INTEGER REFERENCES models(id),
    base_model_id    INTEGER REFERENCES models(id),
    method           TEXT NOT NULL,
    parameters_json  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters_json)),
    dataset_revision INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                         ('queued', 'running', 'paused', 'finished', 'failed', 'cancelled')),
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    message          TEXT NOT NULL DEFAULT ''
) STRICT;

-- A quality predictor's (model_id) verdict on one label version; rescoring replaces it.
CREATE TABLE quality_scores (
    id                    INTEGER PRIMARY KEY,
    label_version_id      INTEGER NOT NULL REFERENCES label_versions(id) ON DELETE CASCADE,
    model_id              INTEGER NOT NULL REFERENCES models(id),
    predicted_quality     REAL NOT NULL CHECK (predicted_quality BETWEEN 0 AND 1),
    entropy               REAL,
    epistemic_uncertainty REAL,
    per_class_json        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(per_class_json)),
    created_at            TEXT NOT NULL,
    UNIQUE (label_version_id, model_id)
) STRICT;
CREATE INDEX quality_scores_by_model ON quality_scores(model_id, predicted_quality);

-- The current review state of each volume; its history is in the audit log.
CREATE TABLE review_state (
    volume_id        INTEGER PRIMARY KEY REFERENCES volumes(id) ON DELETE CASCADE,
    state            TEXT NOT NULL CHECK (state IN
                         ('pending', 'in_review', 'accepted', 'corrected', 'rejected')),
    label_version_id INTEGER REFERENCES label_versions(id) ON DELETE SET NULL,
    reviewer         TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX review_state_by_state ON review_state(state);

-- Append-only: who did what to which subject.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    user         TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    details_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details_json))
) STRICT;
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_keeps_entries BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
)sql";

// Version 2: a score also names the segmentation model whose softmax gave its entropy and
// epistemic uncertainty (NULL for scores written before), and how they were measured
// (scoring_json: MC passes, dropout rate, region margin and size). Scoring again with the same
// quality and segmentation models skips a label version; a new model of either rescores it.
const char* const kSchemaVersion2 = R"sql(
ALTER TABLE quality_scores ADD COLUMN segmentation_model_id INTEGER REFERENCES models(id);
ALTER TABLE quality_scores ADD COLUMN scoring_json TEXT NOT NULL DEFAULT '{}'
    CHECK (json_valid(scoring_json));
)sql";

// Version 3: review decisions that count. A reviewer's "accept" is a label version of its own
// (provenance 'accepted', a copy of the pseudo-label it accepts, which is its parent): with human
// and corrected versions it can be a volume's label of record. SQLite cannot widen a CHECK in
// place, so label_versions is rebuilt (foreign keys off, Migration::rebuildsTables), keeping
// every row, id and AUTOINCREMENT counter; its indexes and triggers are made again.
const char* const kSchemaVersion3 = R"sql(
CREATE TABLE label_versions_v3 (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    volume_id        INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
    label_set_id     INTEGER NOT NULL REFERENCES label_sets(id),
    data_path        TEXT NOT NULL UNIQUE,
    provenance       TEXT NOT NULL
                     CHECK (provenance IN ('human', 'pseudo', 'corrected', 'accepted')),
    model_id         INTEGER REFERENCES models(id),
    parent_id        INTEGER REFERENCES label_versions(id),
    author           TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    dataset_revision INTEGER NOT NULL,
    CHECK ((provenance = 'pseudo') = (model_id IS NOT NULL)),
    CHECK (provenance NOT IN ('corrected', 'accepted') OR parent_id IS NOT NULL),
    CHECK (provenance <> 'pseudo' OR parent_id IS NULL)
) STRICT;
INSERT INTO label_versions_v3 (id, volume_id, label_set_id, data_path, provenance, model_id,
                               parent_id, author, created_at, dataset_revision)
    SELECT id, volume_id, label_set_id, data_path, provenance, model_id, parent_id, author,
           created_at, dataset_revision
      FROM label_versions;
-- Ids name data files and are never reused: keep the old counter (it may be past MAX(id)).
CREATE TEMP TABLE label_versions_counter AS
    SELECT seq FROM sqlite_sequence WHERE name = 'label_versions';
DROP TABLE label_versions;
ALTER TABLE label_versions_v3 RENAME TO label_versions;
UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM label_versions_counter), 0))
 WHERE name = 'label_versions';
DROP TABLE temp.label_versions_counter;
CREATE INDEX label_versions_by_volume ON label_versions(volume_id, id);
CREATE INDEX label_versions_by_parent ON label_versions(parent_id);
CREATE INDEX label_versions_by_model ON label_versions(model_id);
CREATE TRIGGER label_versions_are_immutable BEFORE UPDATE ON label_versions
BEGIN
    SELECT RAISE(ABORT, 'label versions are never changed: save a new version instead');
END;
CREATE TRIGGER label_versions_parent_same_volume BEFORE INSERT ON label_versions
WHEN NEW.parent_id IS NOT NULL
 AND (SELECT volume_id FROM label_versions WHERE id = NEW.parent_id) IS NOT NEW.volume_id
BEGIN
    SELECT RAISE(ABORT, 'a label version can only correct a version of the same volume');
END;
)sql";

// Version 4: what each data file was when SegLoop wrote it (its size and the SHA-256 of its
// bytes), so that a file truncated, changed or replaced outside SegLoop is noticed when it is
// loaded instead of giving wrong voxels. Keyed by the data path that volumes and label_versions
// name (label_versions cannot be updated, so a column there could not be filled in later).
// Files written before version 4 get their row the first time they load (DataFileCheck).
const char* const kSchemaVersion4 = R"sql(
CREATE TABLE data_file_checks (
    data_path   TEXT PRIMARY KEY NOT NULL CHECK (data_path <> ''),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    recorded_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Version 5: a score keeps its two halves (issue 31): the learned quality predictor's Dice
// (learned_quality) and the Dice the segmentation model expects of its own mask under its
// softmax (expected_dice); predicted_quality, what the queue sorts by and the window shows, is
// their mean. NULL in scores written before (their predicted_quality is the learned one).
const char* const kSchemaVersion5 = R"sql(
ALTER TABLE quality_scores ADD COLUMN learned_quality REAL
    CHECK (learned_quality IS NULL OR learned_quality BETWEEN 0 AND 1);
ALTER TABLE quality_scores ADD COLUMN expected_dice REAL
    CHECK (expected_dice IS NULL OR expected_dice BETWEEN 0 AND 1);
)sql";

}  // namespace

const std::vector<Migration>& projectMigrations() {
    static const std::vector<Migration> migrations{
        {1, "studies, series, instances, volumes, labels, models, runs, scores, review, audit",
         kSchemaVersion1},
        {2, "quality scores name their segmentation model and scoring settings", kSchemaVersion2},
        {3, "accepted pseudo-labels are label versions of their own", kSchemaVersion3, true},
        {4, "the size and SHA-256 of each data file, checked when it loads", kSchemaVersion4},
        {5, "quality scores keep the learned and the expected Dice they average", kSchemaVersion5},
    };
    return migrations;
}

}  // namespace segloop
