#pragma once

#include <string>

#include "core/io/DicomDeidentifyUidMap.h"
#include "core/io/DicomSourceSeries.h"

namespace segloop {

/// How far a de-identified copy departs from the Basic Application Level Confidentiality
/// Profile (DICOM PS3.15 Annex E, Table E.1-1). The defaults apply the basic profile alone.
struct DeidentifyOptions {
    /// Written as Patient ID (and Patient's Name): empty means the map's pseudonym of the
    /// original Patient ID (DicomUidMap::patientPseudonym()), so that the series of one patient
    /// stay together. A site that keeps its own key table puts its pseudonym here.
    std::string patientPseudonym;
    /// Patient's Name zero-length instead of the pseudonym (the profile allows either).
    bool emptyPatientName = false;
    /// Retain Longitudinal Temporal Information with Full Dates Option (code 113106): every
    /// date, time and date-time is kept, except the patient's birth date and time.
    bool keepDates = false;
    /// Keep Study Description, Series Description and Protocol Name, which the profile removes
    /// (X) but which name the anatomy and the sequence a labelling project needs. They are kept
    /// as they are, not cleaned: a site must check that they hold no name before sharing.
    /// Recorded as a value of De-identification Method ("descriptions kept").
    bool keepDescriptions = false;
    /// Keep Patient's Sex, Age, Size and Weight (the part of the Retain Patient
    /// Characteristics Option, code 113108, that SegLoop uses).
    bool keepPatientCharacteristics = false;
};

/// The same series with the patient's identity removed, as writeDeidentifiedCopy() writes its
/// files: Patient ID and Name the pseudonym (the name empty with options.emptyPatientName),
/// birth date, accession number and study ID empty, sex empty unless
/// keepPatientCharacteristics, study date and time empty unless keepDates, study description
/// empty unless keepDescriptions; the study, series and frame of reference UIDs and each
/// slice's SOP Instance UID replaced through `uids`. SOP Class UIDs, modality, geometry and
/// slice positions are kept. A SEG or RTSTRUCT written from the result references the
/// de-identified copies of the series' files made with the same map (or salt) and options.
DicomSourceSeries deidentifySource(const DicomSourceSeries& source, DicomUidMap& uids,
                                   const DeidentifyOptions& options = {});

/// Writes a de-identified copy of one DICOM instance (any SOP class) at `outputFile`, with
/// DCMTK, under the basic profile as amended by `options`:
/// - the attributes of core/io/DicomDeidentifyTable.cpp (the ones of Table E.1-1 that occur
///   in images: patient, physicians, operators, institution, station and device, accession
///   number, study ID, requests and procedure steps, comments, dates and times) removed,
///   emptied or given a dummy value as the table says, at every depth of the dataset; any
///   other date or time gets a dummy value too (all are kept with options.keepDates);
/// - every private attribute removed, and the overlay and curve groups (60xx, 50xx) removed;
/// - every UID (VR UI, in sequences too) replaced through `uids`, except the UIDs that name a
///   class rather than an instance (SOP Class, Referenced SOP Class, Transfer Syntax, coding
///   scheme and context UIDs...) and the well-known UIDs of the standard (1.2.840.10008.*);
/// - Patient ID and Name as deidentifySource() gives them; Patient Identity Removed (0012,0062)
///   YES, De-identification Method (0012,0063) "DICOM PS3.15 Basic Profile (SegLoop)" (and one
///   value per option used), its Code Sequence (113100 and the options' codes, DCM), both
///   after the values of an earlier de-identification (successive steps, as PS3.3 asks), and
///   Longitudinal Temporal Information Modified (REMOVED; with keepDates UNMODIFIED unless
///   an earlier step set it);
/// - a new file meta header; the transfer syntax and the pixel data are kept byte for byte
///   (compressed data are not decoded).
/// Text burned into the pixels (annotations of ultrasound, secondary captures, scanned
/// documents) is NOT removed, nor is free text in a structured report's content or in graphic
/// annotations (their names and dates are): such objects must be screened separately.
///
/// The copy is written under a temporary name in the output's folder, flushed, then renamed:
/// `outputFile` is never left half-written. Throws segloop::Error naming the input (missing,
/// not a DICOM file, unreadable, no SOP Instance UID) or the output (cannot be written) and
/// the problem; then no file is created (one already at `outputFile` is left as it was).
/// Thread-compatible: several threads may copy different files, each with its own map.
void writeDeidentifiedCopy(const std::string& inputDicomFile, const std::string& outputFile,
                           DicomUidMap& uids, const DeidentifyOptions& options = {});

}  // namespace segloop
