#pragma once

#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSourceSeries.h"

namespace segloop {

/// The DicomSourceSeries of a series loaded with loadDicomSeries(): its grid, one slice per
/// sorted instance (SOP Instance and Class UID, frame number, position), patient, study, series
/// and frame of reference. The few identity attributes a DicomSeries does not keep (patient
/// birth date and sex, study time, study ID, accession number) are read from the header of the
/// first instance's file; they stay empty when that file cannot be read. For a project, storage
/// builds the same value from its own rows; this serves the CLI and the tests.
DicomSourceSeries makeDicomSegSource(const LoadedDicomSeries& loaded);

}  // namespace segloop
