#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/io/DicomSeg.h"

namespace segloop {

/// What a SEG says a segment is: Segmented Property Category (CID 7150) and Type (CID 7151).
struct DicomSegmentCodes {
    DicomCode category;
    DicomCode type;
};

/// The SNOMED CT (SCT) category and type for a class name, from a small table of common
/// anatomy and findings: liver, spleen, kidney, lung, heart, left/right ventricle (also "LV",
/// "RV"), myocardium ("myo"), hippocampus, pancreas, prostate, brain, and tumour/tumor/neoplasm
/// and lesion (category "Morphologically Abnormal Structure"). The name is compared
/// case-insensitively word by word, the first table entry that occurs in it wins (so "liver
/// tumour" is a neoplasm); any other name is "Tissue" (SCT 85756007) in category "Tissue".
/// Codes checked against DICOM PS3.16 (CIDs 7150-7159, 12305).
DicomSegmentCodes dicomSegmentCodesFor(const std::string& className);

/// An sRGB colour as DICOM's RecommendedDisplayCIELabValue (CIELab under D65, L 0..100 and
/// a, b -128..127 scaled to 0..65535, PS3.3 C.10.7.1.1).
std::array<uint16_t, 3> rgbToDicomLab(const std::array<uint8_t, 3>& rgb);

/// The inverse of rgbToDicomLab(), clamped to the sRGB gamut.
std::array<uint8_t, 3> dicomLabToRgb(const std::array<uint16_t, 3>& lab);

}  // namespace segloop
