#include "core/io/DicomDeidentifyProfile.h"

#include <map>

#include "dcmtk/dcmdata/dcdeftag.h"

namespace segloop::deidentify {

namespace {

/// The table by tag, built once.
const std::map<DcmTagKey, const ProfileRule*>& rulesByTag() {
    static const std::map<DcmTagKey, const ProfileRule*> rules = [] {
        std::map<DcmTagKey, const ProfileRule*> byTag;
        for (const ProfileRule& rule : basicProfileTable()) {
            byTag.emplace(rule.tag, &rule);
        }
        return byTag;
    }();
    return rules;
}

bool isRetained(Retained retained, const DeidentifyOptions& options) {
    switch (retained) {
        case Retained::Dates:
            return options.keepDates;
        case Retained::Characteristics:
            return options.keepPatientCharacteristics;
        case Retained::Descriptions:
            return options.keepDescriptions;
        case Retained::Never:
            break;
    }
    return false;
}

/// Overlay (60xx) and curve (50xx) groups: even groups 6000-601E and 5000-501E. The profile
/// removes Overlay Data, Overlay Comments and Curve Data; the rest of these groups describes
/// them, and a group without its data would no longer be valid.
bool isOverlayOrCurveGroup(uint16_t group) {
    const bool even = group % 2 == 0;
    return even && ((group >= 0x6000 && group <= 0x601E) || (group >= 0x5000 && group <= 0x501E));
}

}  // namespace

Action profileAction(const DcmTagKey& tag, DcmEVR vr, const DeidentifyOptions& options) {
    if (tag.isPrivate() || tag.isGroupLength() || isOverlayOrCurveGroup(tag.getGroup())) {
        return Action::Remove;
    }
    const auto& rules = rulesByTag();
    const auto rule = rules.find(tag);
    if (rule != rules.end()) {
        return isRetained(rule->second->retained, options) ? Action::Keep : rule->second->action;
    }
    const bool temporal = vr == EVR_DA || vr == EVR_TM || vr == EVR_DT;
    return temporal && !options.keepDates ? Action::Dummy : Action::Keep;
}

bool isClassUid(const DcmTagKey& tag) {
    static const DcmTagKey kClassTags[] = {
        DCM_SOPClassUID,
        DCM_MediaStorageSOPClassUID,
        DCM_ReferencedSOPClassUID,
        DCM_ReferencedSOPClassUIDInFile,
        DCM_RelatedGeneralSOPClassUID,
        DCM_OriginalSpecializedSOPClassUID,
        DCM_SOPClassesInStudy,
        DCM_TransferSyntaxUID,
        DCM_ReferencedTransferSyntaxUIDInFile,
        DCM_ImplementationClassUID,
        DCM_CodingSchemeUID,
        DCM_ContextUID,
        DCM_ContextGroupExtensionCreatorUID,
        DCM_MappingResourceUID,
        DCM_PrivateInformationCreatorUID,
    };
    for (const DcmTagKey& classTag : kClassTags) {
        if (tag == classTag) {
            return true;
        }
    }
    return false;
}

bool isStandardUid(const std::string& uid) {
    return uid.rfind("1.2.840.10008.", 0) == 0;
}

std::string dummyValue(DcmEVR vr) {
    switch (vr) {
        case EVR_DA:
            return "19000101";
        case EVR_TM:
            return "000000";
        case EVR_DT:
            return "19000101000000";
        case EVR_IS:
        case EVR_DS:
            return "0";
        default:
            return "ANONYMIZED";
    }
}

}  // namespace segloop::deidentify
