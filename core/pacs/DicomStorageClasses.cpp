#include "core/pacs/DicomStorageClasses.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcuid.h"

namespace segloop {

namespace {

/// DCMTK 3.6.7 does not know the Label Map Segmentation Storage class yet.
constexpr const char* kLabelMapSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.7";

}  // namespace

const std::vector<std::string>& retrievableStorageClasses() {
    static const std::vector<std::string> classes = {
        UID_CTImageStorage,
        UID_EnhancedCTImageStorage,
        UID_LegacyConvertedEnhancedCTImageStorage,
        UID_MRImageStorage,
        UID_EnhancedMRImageStorage,
        UID_EnhancedMRColorImageStorage,
        UID_LegacyConvertedEnhancedMRImageStorage,
        UID_PositronEmissionTomographyImageStorage,
        UID_EnhancedPETImageStorage,
        UID_LegacyConvertedEnhancedPETImageStorage,
        UID_NuclearMedicineImageStorage,
        UID_UltrasoundImageStorage,
        UID_UltrasoundMultiframeImageStorage,
        UID_ComputedRadiographyImageStorage,
        UID_DigitalXRayImageStorageForPresentation,
        UID_DigitalXRayImageStorageForProcessing,
        UID_DigitalMammographyXRayImageStorageForPresentation,
        UID_DigitalMammographyXRayImageStorageForProcessing,
        UID_BreastTomosynthesisImageStorage,
        UID_XRayAngiographicImageStorage,
        UID_EnhancedXAImageStorage,
        UID_XRayRadiofluoroscopicImageStorage,
        UID_EnhancedXRFImageStorage,
        UID_SegmentationStorage,
        kLabelMapSegmentationStorage,
        UID_SurfaceSegmentationStorage,
        UID_ParametricMapStorage,
        UID_RTImageStorage,
        UID_RTDoseStorage,
        UID_RTStructureSetStorage,
        UID_RTPlanStorage,
        UID_SecondaryCaptureImageStorage,
        UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage,
        UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage,
        UID_MultiframeSingleBitSecondaryCaptureImageStorage,
        UID_MultiframeTrueColorSecondaryCaptureImageStorage,
        UID_BasicTextSRStorage,
        UID_EnhancedSRStorage,
        UID_ComprehensiveSRStorage,
        UID_KeyObjectSelectionDocumentStorage,
        UID_GrayscaleSoftcopyPresentationStateStorage,
        UID_SpatialRegistrationStorage,
        UID_DeformableSpatialRegistrationStorage,
        UID_SpatialFiducialsStorage,
        UID_EncapsulatedPDFStorage,
        UID_RawDataStorage,
    };
    return classes;
}

std::vector<std::string> allStorageClasses() {
    std::vector<std::string> classes;
    for (int i = 0; i < numberOfDcmAllStorageSOPClassUIDs; ++i) {
        classes.emplace_back(dcmAllStorageSOPClassUIDs[i]);
    }
    classes.emplace_back(kLabelMapSegmentationStorage);
    return classes;
}

const std::vector<std::string>& readableTransferSyntaxes() {
    static const std::vector<std::string> syntaxes = {
        UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax,
        UID_JPEGProcess14SV1TransferSyntax,     UID_JPEGProcess14TransferSyntax,
        UID_JPEGLSLosslessTransferSyntax,       UID_JPEGLSLossyTransferSyntax,
        UID_RLELosslessTransferSyntax,          UID_JPEGProcess1TransferSyntax,
        UID_JPEGProcess2_4TransferSyntax,       UID_DeflatedExplicitVRLittleEndianTransferSyntax,
        UID_BigEndianExplicitTransferSyntax,
    };
    return syntaxes;
}

}  // namespace segloop
