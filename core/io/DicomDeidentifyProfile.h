#pragma once

#include <string>
#include <vector>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctagkey.h"
#include "dcmtk/dcmdata/dcvr.h"

#include "core/io/DicomDeidentify.h"

namespace segloop::deidentify {

/// Internal to core/io's de-identification (writeDeidentifiedCopy()): what the Basic
/// Application Level Confidentiality Profile (DICOM PS3.15, Table E.1-1) does with each
/// attribute. Read-only tables: thread-safe.

/// What happens to one attribute. The profile's U (replace UIDs) is not an action here: every
/// UID that names an instance is replaced, whatever attribute holds it (isClassUid()).
enum class Action {
    Keep,    ///< K: kept (a sequence's items are still walked)
    Remove,  ///< X: removed
    Empty,   ///< Z: kept with a zero-length value (a sequence without items)
    Dummy,   ///< D: a dummy value of its VR (dummyValue()) where it had a value; kept if empty
};

/// Which option of DeidentifyOptions keeps an attribute that the basic profile changes.
enum class Retained { Never, Dates, Characteristics, Descriptions };

/// One line of the table.
struct ProfileRule {
    DcmTagKey tag;
    Action action;
    Retained retained;
};

/// The attributes of Table E.1-1 that occur in images and the objects derived from them
/// (DicomDeidentifyTable.cpp): patient, visit, study, request, procedure step, series,
/// equipment, image, SR observer and signature attributes. Radiotherapy plans, photographic
/// (GPS, camera), specimen, clinical trial and interpretation attributes are left out.
const std::vector<ProfileRule>& basicProfileTable();

/// What to do with an element of VR `vr`:
/// - private attributes (odd groups, private creators included), the overlay (60xx) and curve
///   (50xx) groups, and group lengths: Remove;
/// - an attribute of the table: its action, or Keep when its `retained` option is set;
/// - any other date, time or date-time (VR DA, TM, DT): Dummy (Keep with options.keepDates),
///   beyond the table, which lists only the usual ones (Instance Creation Date is not there);
/// - anything else: Keep.
Action profileAction(const DcmTagKey& tag, DcmEVR vr, const DeidentifyOptions& options);

/// Whether a UI attribute names a class rather than an instance, and is never replaced: SOP
/// Class UIDs (referenced, related, in study, in file), Transfer Syntax UIDs, coding scheme,
/// context group and mapping resource UIDs, Implementation Class UID.
bool isClassUid(const DcmTagKey& tag);

/// Whether a UID is one the standard itself defines (1.2.840.10008.*: classes, transfer
/// syntaxes, coding schemes, well-known frames of reference), never replaced.
bool isStandardUid(const std::string& uid);

/// The dummy value of a VR: 19000101 (DA), 000000 (TM), 19000101000000 (DT), 0 (IS, DS),
/// ANONYMIZED (text and names).
std::string dummyValue(DcmEVR vr);

}  // namespace segloop::deidentify
