// Table E.1-1 of DICOM PS3.15 (Application Level Confidentiality Profile Attributes), the
// attributes of images and of the objects derived from them. The comment gives the tag and the
// Basic Profile's action as the standard writes it. Where the standard leaves a choice (X/Z,
// X/D, Z/D, X/Z/D: "Z or D only where the IOD needs the attribute"), the action is the one that
// keeps the usual image IODs valid without knowing which one a file is:
// - X/Z: Z (empty is valid for an attribute of Type 2 or 3);
// - X/D, X/Z/D: X, except where an enhanced IOD makes the attribute Type 1 (Device Serial
//   Number, Acquisition DateTime): D;
// - Z/D: Z, except Content Date and Time (Type 1 in the Multi-frame Functional Groups): D;
// - X/Z/U* (Referenced Image, Source Image Sequence): K, their UIDs replaced like all others;
// - D on a sequence: K for Verifying Observer, Content (SR) and Graphic Annotation Sequences
//   (their names and dates are handled item by item; their free text is NOT cleaned), Z for
//   Person Identification Code Sequence.
// A D is applied only where the attribute has a value: an empty one stays empty.
// `Retained` names the option that keeps the attribute: Dates for the Retain Longitudinal
// Temporal Information Full Dates Option's K column, Characteristics for sex, age, size and
// weight, Descriptions for study and series description and protocol name.
#include "core/io/DicomDeidentifyProfile.h"

#include "dcmtk/dcmdata/dcdeftag.h"

namespace segloop::deidentify {

namespace {

constexpr Action K = Action::Keep;
constexpr Action X = Action::Remove;
constexpr Action Z = Action::Empty;
constexpr Action D = Action::Dummy;
constexpr Retained Never = Retained::Never;
constexpr Retained Dates = Retained::Dates;
constexpr Retained Characteristics = Retained::Characteristics;
constexpr Retained Descriptions = Retained::Descriptions;

}  // namespace

const std::vector<ProfileRule>& basicProfileTable() {
    static const std::vector<ProfileRule> table = {
        {DCM_InstanceCoercionDateTime, X, Dates},                            // (0008,0015) X
        {DCM_StudyDate, Z, Dates},                                           // (0008,0020) Z
        {DCM_SeriesDate, X, Dates},                                          // (0008,0021) X/D
        {DCM_AcquisitionDate, Z, Dates},                                     // (0008,0022) X/Z
        {DCM_ContentDate, D, Dates},                                         // (0008,0023) Z/D
        {DCM_RETIRED_OverlayDate, X, Dates},                                 // (0008,0024) X
        {DCM_RETIRED_CurveDate, X, Dates},                                   // (0008,0025) X
        {DCM_AcquisitionDateTime, D, Dates},                                 // (0008,002A) X/Z/D
        {DCM_StudyTime, Z, Dates},                                           // (0008,0030) Z
        {DCM_SeriesTime, X, Dates},                                          // (0008,0031) X/D
        {DCM_AcquisitionTime, Z, Dates},                                     // (0008,0032) X/Z
        {DCM_ContentTime, D, Dates},                                         // (0008,0033) Z/D
        {DCM_RETIRED_OverlayTime, X, Dates},                                 // (0008,0034) X
        {DCM_RETIRED_CurveTime, X, Dates},                                   // (0008,0035) X
        {DCM_AccessionNumber, Z, Never},                                     // (0008,0050) Z
        {DCM_InstitutionName, X, Never},                                     // (0008,0080) X/Z/D
        {DCM_InstitutionAddress, X, Never},                                  // (0008,0081) X
        {DCM_InstitutionCodeSequence, X, Never},                             // (0008,0082) X/Z/D
        {DCM_ReferringPhysicianName, Z, Never},                              // (0008,0090) Z
        {DCM_ReferringPhysicianAddress, X, Never},                           // (0008,0092) X
        {DCM_ReferringPhysicianTelephoneNumbers, X, Never},                  // (0008,0094) X
        {DCM_ReferringPhysicianIdentificationSequence, X, Never},            // (0008,0096) X
        {DCM_ConsultingPhysicianName, Z, Never},                             // (0008,009C) Z
        {DCM_ConsultingPhysicianIdentificationSequence, X, Never},           // (0008,009D) X
        {DCM_TimezoneOffsetFromUTC, X, Dates},                               // (0008,0201) X
        {DCM_StationName, X, Never},                                         // (0008,1010) X/Z/D
        {DCM_StudyDescription, X, Descriptions},                             // (0008,1030) X
        {DCM_SeriesDescription, X, Descriptions},                            // (0008,103E) X
        {DCM_InstitutionalDepartmentName, X, Never},                         // (0008,1040) X
        {DCM_InstitutionalDepartmentTypeCodeSequence, X, Never},             // (0008,1041) X
        {DCM_PhysiciansOfRecord, X, Never},                                  // (0008,1048) X
        {DCM_PhysiciansOfRecordIdentificationSequence, X, Never},            // (0008,1049) X
        {DCM_PerformingPhysicianName, X, Never},                             // (0008,1050) X
        {DCM_PerformingPhysicianIdentificationSequence, X, Never},           // (0008,1052) X
        {DCM_NameOfPhysiciansReadingStudy, X, Never},                        // (0008,1060) X
        {DCM_PhysiciansReadingStudyIdentificationSequence, X, Never},        // (0008,1062) X
        {DCM_OperatorsName, X, Never},                                       // (0008,1070) X/Z/D
        {DCM_OperatorIdentificationSequence, X, Never},                      // (0008,1072) X/D
        {DCM_AdmittingDiagnosesDescription, X, Never},                       // (0008,1080) X
        {DCM_AdmittingDiagnosesCodeSequence, X, Never},                      // (0008,1084) X
        {DCM_ReferencedStudySequence, Z, Never},                             // (0008,1110) X/Z
        {DCM_ReferencedPerformedProcedureStepSequence, X, Never},            // (0008,1111) X/Z/D
        {DCM_ReferencedPatientSequence, X, Never},                           // (0008,1120) X
        {DCM_ReferencedImageSequence, K, Never},                             // (0008,1140) X/Z/U*
        {DCM_DerivationDescription, X, Never},                               // (0008,2111) X
        {DCM_SourceImageSequence, K, Never},                                 // (0008,2112) X/Z/U*
        {DCM_RETIRED_IdentifyingComments, X, Never},                         // (0008,4000) X
        {DCM_PatientName, Z, Never},                                         // (0010,0010) Z
        {DCM_PatientID, Z, Never},                                           // (0010,0020) Z
        {DCM_IssuerOfPatientID, X, Never},                                   // (0010,0021) X
        {DCM_PatientBirthDate, Z, Never},                                    // (0010,0030) Z
        {DCM_PatientBirthTime, X, Never},                                    // (0010,0032) X
        {DCM_PatientSex, Z, Characteristics},                                // (0010,0040) Z
        {DCM_PatientInsurancePlanCodeSequence, X, Never},                    // (0010,0050) X
        {DCM_PatientPrimaryLanguageCodeSequence, X, Never},                  // (0010,0101) X
        {DCM_PatientPrimaryLanguageModifierCodeSequence, X, Never},          // (0010,0102) X
        {DCM_RETIRED_OtherPatientIDs, X, Never},                             // (0010,1000) X
        {DCM_OtherPatientNames, X, Never},                                   // (0010,1001) X
        {DCM_OtherPatientIDsSequence, X, Never},                             // (0010,1002) X
        {DCM_PatientBirthName, X, Never},                                    // (0010,1005) X
        {DCM_PatientAge, X, Characteristics},                                // (0010,1010) X
        {DCM_PatientSize, X, Characteristics},                               // (0010,1020) X
        {DCM_PatientWeight, X, Characteristics},                             // (0010,1030) X
        {DCM_PatientAddress, X, Never},                                      // (0010,1040) X
        {DCM_RETIRED_InsurancePlanIdentification, X, Never},                 // (0010,1050) X
        {DCM_PatientMotherBirthName, X, Never},                              // (0010,1060) X
        {DCM_MilitaryRank, X, Never},                                        // (0010,1080) X
        {DCM_BranchOfService, X, Never},                                     // (0010,1081) X
        {DCM_RETIRED_MedicalRecordLocator, X, Never},                        // (0010,1090) X
        {DCM_ReferencedPatientPhotoSequence, X, Never},                      // (0010,1100) X
        {DCM_MedicalAlerts, X, Never},                                       // (0010,2000) X
        {DCM_Allergies, X, Never},                                           // (0010,2110) X
        {DCM_CountryOfResidence, X, Never},                                  // (0010,2150) X
        {DCM_RegionOfResidence, X, Never},                                   // (0010,2152) X
        {DCM_PatientTelephoneNumbers, X, Never},                             // (0010,2154) X
        {DCM_PatientTelecomInformation, X, Never},                           // (0010,2155) X
        {DCM_EthnicGroup, X, Never},                                         // (0010,2160) X
        {DCM_Occupation, X, Never},                                          // (0010,2180) X
        {DCM_SmokingStatus, X, Never},                                       // (0010,21A0) X
        {DCM_AdditionalPatientHistory, X, Never},                            // (0010,21B0) X
        {DCM_PregnancyStatus, X, Never},                                     // (0010,21C0) X
        {DCM_LastMenstrualDate, X, Dates},                                   // (0010,21D0) X
        {DCM_PatientReligiousPreference, X, Never},                          // (0010,21F0) X
        {DCM_PatientSexNeutered, Z, Never},                                  // (0010,2203) X/Z
        {DCM_ResponsiblePerson, X, Never},                                   // (0010,2297) X
        {DCM_ResponsibleOrganization, X, Never},                             // (0010,2299) X
        {DCM_PatientComments, X, Never},                                     // (0010,4000) X
        {DCM_ContrastBolusAgent, Z, Never},                                  // (0018,0010) Z/D
        {DCM_DeviceSerialNumber, D, Never},                                  // (0018,1000) X/Z/D
        {DCM_PlateID, X, Never},                                             // (0018,1004) X
        {DCM_GeneratorID, X, Never},                                         // (0018,1005) X
        {DCM_CassetteID, X, Never},                                          // (0018,1007) X
        {DCM_GantryID, X, Never},                                            // (0018,1008) X
        {DCM_UniqueDeviceIdentifier, X, Never},                              // (0018,1009) X
        {DCM_UDISequence, X, Never},                                         // (0018,100A) X
        {DCM_ProtocolName, X, Descriptions},                                 // (0018,1030) X/D
        {DCM_AcquisitionDeviceProcessingDescription, X, Never},              // (0018,1400) X/D
        {DCM_RETIRED_AcquisitionComments, X, Never},                         // (0018,4000) X
        {DCM_DetectorID, X, Never},                                          // (0018,700A) X/D
        {DCM_RespiratoryMotionCompensationTechniqueDescription, X, Never},   // (0018,9185) X
        {DCM_XRaySourceID, D, Never},                                        // (0018,9367) D
        {DCM_SourceStartDateTime, D, Dates},                                 // (0018,9369) D
        {DCM_SourceEndDateTime, D, Dates},                                   // (0018,936A) D
        {DCM_XRayDetectorID, D, Never},                                      // (0018,9371) D
        {DCM_XRayDetectorLabel, X, Never},                                   // (0018,9373) X
        {DCM_MultienergyAcquisitionDescription, X, Never},                   // (0018,937B) X
        {DCM_DecompositionDescription, X, Never},                            // (0018,937F) X
        {DCM_AcquisitionProtocolDescription, X, Never},                      // (0018,9424) X
        {DCM_StartAcquisitionDateTime, X, Dates},                            // (0018,9516) X/D
        {DCM_EndAcquisitionDateTime, X, Dates},                              // (0018,9517) X/D
        {DCM_ContributionDescription, X, Never},                             // (0018,A003) X
        {DCM_StudyID, Z, Never},                                             // (0020,0010) Z
        {DCM_RETIRED_ModifyingDeviceID, X, Never},                           // (0020,3401) X
        {DCM_RETIRED_ModifiedImageDescription, X, Never},                    // (0020,3406) X
        {DCM_ImageComments, X, Never},                                       // (0020,4000) X
        {DCM_FrameComments, X, Never},                                       // (0020,9158) X
        {DCM_RETIRED_ImagePresentationComments, X, Never},                   // (0028,4000) X
        {DCM_RETIRED_StudyIDIssuer, X, Never},                               // (0032,0012) X
        {DCM_RETIRED_ScheduledStudyLocation, X, Never},                      // (0032,1020) X
        {DCM_RETIRED_ScheduledStudyLocationAETitle, X, Never},               // (0032,1021) X
        {DCM_RETIRED_ReasonForStudy, X, Never},                              // (0032,1030) X
        {DCM_RequestingPhysician, X, Never},                                 // (0032,1032) X
        {DCM_RequestingService, X, Never},                                   // (0032,1033) X
        {DCM_RequestedProcedureDescription, Z, Never},                       // (0032,1060) X/Z
        {DCM_ReasonForVisit, X, Never},                                      // (0032,1066) X
        {DCM_ReasonForVisitCodeSequence, X, Never},                          // (0032,1067) X
        {DCM_RequestedContrastAgent, X, Never},                              // (0032,1070) X
        {DCM_RETIRED_StudyComments, X, Never},                               // (0032,4000) X
        {DCM_ReferencedPatientAliasSequence, X, Never},                      // (0038,0004) X
        {DCM_AdmissionID, X, Never},                                         // (0038,0010) X
        {DCM_RETIRED_IssuerOfAdmissionID, X, Never},                         // (0038,0011) X
        {DCM_IssuerOfAdmissionIDSequence, X, Never},                         // (0038,0014) X
        {DCM_RETIRED_ScheduledPatientInstitutionResidence, X, Never},        // (0038,001E) X
        {DCM_AdmittingDate, X, Dates},                                       // (0038,0020) X
        {DCM_AdmittingTime, X, Dates},                                       // (0038,0021) X
        {DCM_RETIRED_DischargeDiagnosisDescription, X, Never},               // (0038,0040) X
        {DCM_SpecialNeeds, X, Never},                                        // (0038,0050) X
        {DCM_ServiceEpisodeID, X, Never},                                    // (0038,0060) X
        {DCM_RETIRED_IssuerOfServiceEpisodeID, X, Never},                    // (0038,0061) X
        {DCM_ServiceEpisodeDescription, X, Never},                           // (0038,0062) X
        {DCM_IssuerOfServiceEpisodeIDSequence, X, Never},                    // (0038,0064) X
        {DCM_CurrentPatientLocation, X, Never},                              // (0038,0300) X
        {DCM_PatientInstitutionResidence, X, Never},                         // (0038,0400) X
        {DCM_PatientState, X, Never},                                        // (0038,0500) X
        {DCM_VisitComments, X, Never},                                       // (0038,4000) X
        {DCM_ScheduledStationAETitle, X, Never},                             // (0040,0001) X
        {DCM_ScheduledProcedureStepStartDate, X, Dates},                     // (0040,0002) X
        {DCM_ScheduledProcedureStepStartTime, X, Dates},                     // (0040,0003) X
        {DCM_ScheduledProcedureStepEndDate, X, Dates},                       // (0040,0004) X
        {DCM_ScheduledProcedureStepEndTime, X, Dates},                       // (0040,0005) X
        {DCM_ScheduledPerformingPhysicianName, X, Never},                    // (0040,0006) X
        {DCM_ScheduledProcedureStepDescription, X, Never},                   // (0040,0007) X
        {DCM_ScheduledPerformingPhysicianIdentificationSequence, X, Never},  // (0040,000B) X
        {DCM_ScheduledStationName, X, Never},                                // (0040,0010) X
        {DCM_ScheduledProcedureStepLocation, X, Never},                      // (0040,0011) X
        {DCM_PreMedication, X, Never},                                       // (0040,0012) X
        {DCM_PerformedStationAETitle, X, Never},                             // (0040,0241) X
        {DCM_PerformedStationName, X, Never},                                // (0040,0242) X
        {DCM_PerformedLocation, X, Never},                                   // (0040,0243) X
        {DCM_PerformedProcedureStepStartDate, X, Dates},                     // (0040,0244) X
        {DCM_PerformedProcedureStepStartTime, X, Dates},                     // (0040,0245) X
        {DCM_PerformedProcedureStepEndDate, X, Dates},                       // (0040,0250) X
        {DCM_PerformedProcedureStepEndTime, X, Dates},                       // (0040,0251) X
        {DCM_PerformedProcedureStepID, X, Never},                            // (0040,0253) X
        {DCM_PerformedProcedureStepDescription, X, Never},                   // (0040,0254) X
        {DCM_RequestAttributesSequence, X, Never},                           // (0040,0275) X
        {DCM_CommentsOnThePerformedProcedureStep, X, Never},                 // (0040,0280) X
        {DCM_RequestedProcedureID, X, Never},                                // (0040,1001) X
        {DCM_ReasonForTheRequestedProcedure, X, Never},                      // (0040,1002) X
        {DCM_PatientTransportArrangements, X, Never},                        // (0040,1004) X
        {DCM_RequestedProcedureLocation, X, Never},                          // (0040,1005) X
        {DCM_ReasonForRequestedProcedureCodeSequence, X, Never},             // (0040,100A) X
        {DCM_NamesOfIntendedRecipientsOfResults, X, Never},                  // (0040,1010) X
        {DCM_IntendedRecipientsOfResultsIdentificationSequence, X, Never},   // (0040,1011) X
        {DCM_PersonIdentificationCodeSequence, Z, Never},                    // (0040,1101) D
        {DCM_PersonAddress, X, Never},                                       // (0040,1102) X
        {DCM_PersonTelephoneNumbers, X, Never},                              // (0040,1103) X
        {DCM_PersonTelecomInformation, X, Never},                            // (0040,1104) X
        {DCM_RequestedProcedureComments, X, Never},                          // (0040,1400) X
        {DCM_RETIRED_ReasonForTheImagingServiceRequest, X, Never},           // (0040,2001) X
        {DCM_OrderEnteredBy, X, Never},                                      // (0040,2008) X
        {DCM_OrderEntererLocation, X, Never},                                // (0040,2009) X
        {DCM_OrderCallbackPhoneNumber, X, Never},                            // (0040,2010) X
        {DCM_OrderCallbackTelecomInformation, X, Never},                     // (0040,2011) X
        {DCM_PlacerOrderNumberImagingServiceRequest, Z, Never},              // (0040,2016) Z
        {DCM_FillerOrderNumberImagingServiceRequest, Z, Never},              // (0040,2017) Z
        {DCM_ImagingServiceRequestComments, X, Never},                       // (0040,2400) X
        {DCM_ConfidentialityConstraintOnPatientDataDescription, X, Never},   // (0040,3001) X
        {DCM_ScheduledProcedureStepStartDateTime, X, Dates},                 // (0040,4005) X
        {DCM_ScheduledProcedureStepExpirationDateTime, X, Dates},            // (0040,4008) X
        {DCM_ScheduledProcedureStepModificationDateTime, X, Dates},          // (0040,4010) X
        {DCM_ExpectedCompletionDateTime, X, Dates},                          // (0040,4011) X
        {DCM_ScheduledStationNameCodeSequence, X, Never},                    // (0040,4025) X
        {DCM_ScheduledStationGeographicLocationCodeSequence, X, Never},      // (0040,4027) X
        {DCM_PerformedStationNameCodeSequence, X, Never},                    // (0040,4028) X
        {DCM_PerformedStationGeographicLocationCodeSequence, X, Never},      // (0040,4030) X
        {DCM_ScheduledHumanPerformersSequence, X, Never},                    // (0040,4034) X
        {DCM_ActualHumanPerformersSequence, X, Never},                       // (0040,4035) X
        {DCM_HumanPerformerOrganization, X, Never},                          // (0040,4036) X
        {DCM_HumanPerformerName, X, Never},                                  // (0040,4037) X
        {DCM_PerformedProcedureStepStartDateTime, X, Dates},                 // (0040,4050) X
        {DCM_PerformedProcedureStepEndDateTime, X, Dates},                   // (0040,4051) X
        {DCM_ProcedureStepCancellationDateTime, X, Dates},                   // (0040,4052) X
        {DCM_VerifyingOrganization, D, Never},                               // (0040,A027) D
        {DCM_VerifyingObserverSequence, K, Never},                           // (0040,A073) D
        {DCM_VerifyingObserverName, D, Never},                               // (0040,A075) D
        {DCM_AuthorObserverSequence, X, Never},                              // (0040,A078) X
        {DCM_ParticipantSequence, X, Never},                                 // (0040,A07A) X
        {DCM_CustodialOrganizationSequence, X, Never},                       // (0040,A07C) X
        {DCM_VerifyingObserverIdentificationCodeSequence, Z, Never},         // (0040,A088) Z
        {DCM_PersonName, D, Never},                                          // (0040,A123) D
        {DCM_ContentSequence, K, Never},                                     // (0040,A730) D
        {DCM_GraphicAnnotationSequence, K, Never},                           // (0070,0001) D
        {DCM_ContentCreatorName, Z, Never},                                  // (0070,0084) Z/D
        {DCM_ContentCreatorIdentificationCodeSequence, X, Never},            // (0070,0086) X
        {DCM_IconImageSequence, X, Never},                                   // (0088,0200) X
        {DCM_ReferencedDigitalSignatureSequence, X, Never},                  // (0400,0402) X
        {DCM_ReferencedSOPInstanceMACSequence, X, Never},                    // (0400,0403) X
        {DCM_MAC, X, Never},                                                 // (0400,0404) X
        {DCM_ModifiedAttributesSequence, X, Never},                          // (0400,0550) X
        {DCM_OriginalAttributesSequence, X, Never},                          // (0400,0561) X
        {DCM_InstanceOriginStatus, X, Never},                                // (0400,0600) X
        {DCM_TextString, X, Never},                                          // (2030,0020) X
        {DCM_RETIRED_Arbitrary, X, Never},                                   // (4000,0010) X
        {DCM_RETIRED_TextComments, X, Never},                                // (4000,4000) X
        {DCM_DigitalSignaturesSequence, X, Never},                           // (FFFA,FFFA) X
        {DCM_DataSetTrailingPadding, X, Never},                              // (FFFC,FFFC) X
    };
    return table;
}

}  // namespace segloop::deidentify
