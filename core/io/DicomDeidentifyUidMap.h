#pragma once

#include <map>
#include <string>

namespace segloop {

/// The keyed identity of one de-identified export (DICOM PS3.15 Annex E): replaces each
/// original UID by a new one, and each patient ID by a pseudonym, both derived from a secret
/// salt. The same original always gets the same replacement: within one export (every file of
/// a series gets the same new study, series and frame of reference UID, and a reference to an
/// instance gets that instance's new UID) and across exports made with the same salt; another
/// salt gives unrelated values. Nobody without the salt can compute a replacement, or confirm a
/// guessed original; keep the salt (and mappings()) inside the hospital.
///
/// A new UID is `2.25.<decimal>` (PS3.5 B.2: a UID from a UUID), at most 44 characters: the
/// UUID is RFC 9562 version 8 ("custom"), its 122 free bits the first bits of
/// HMAC-SHA-256(salt, original UID) (RFC 2104, FIPS 180-4; core's own SHA-256). Originals are
/// compared after trimming the spaces and NUL bytes that pad DICOM values.
///
/// Thread-compatible value type: const members may run concurrently, map() needs the caller's
/// lock (it records the mapping). Declared in a file named for the de-identification it serves.
class DicomUidMap {
  public:
    /// `salt`: the export's secret. An empty salt works but makes every replacement computable
    /// by anyone who knows (or guesses) the original UIDs: use a long random one.
    explicit DicomUidMap(std::string salt);

    /// The new UID of `originalUid`, recorded in mappings(). Throws segloop::Error for an empty
    /// original, or should two originals ever get the same new UID (122 bits: not expected).
    std::string map(const std::string& originalUid);

    /// What map() would return, without recording it.
    std::string uidFor(const std::string& originalUid) const;

    /// The pseudonym of an original patient ID: "ANON" and 16 upper-case hexadecimal digits of
    /// HMAC-SHA-256(salt, "patient-id:" + id). Same salt and ID, same pseudonym.
    std::string patientPseudonym(const std::string& originalPatientId) const;

    /// Original UID -> new UID, for every UID map() has seen: the key to re-identify, which must
    /// not leave the hospital.
    const std::map<std::string, std::string>& mappings() const { return newByOriginal_; }

  private:
    std::string salt_;
    std::map<std::string, std::string> newByOriginal_;
    std::map<std::string, std::string> originalByNew_;
};

}  // namespace segloop
