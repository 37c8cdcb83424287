#pragma once

namespace segloop {

/// The label-of-record rule as SQL, for the queries of storage (the same rule as
/// isLabelOfRecordKind in RecordKinds.h): a condition on a label_versions row, unqualified.
/// A volume's label of record is its newest version for which it holds.
inline constexpr const char* kLabelOfRecordCondition =
    "provenance IN ('human', 'corrected', 'accepted')";

/// The same rule when accepted pseudo-labels do not count (the training setting
/// `accepted_labels_train` off): human and corrected versions only.
inline constexpr const char* kHumanMadeCondition = "provenance IN ('human', 'corrected')";

}  // namespace segloop
