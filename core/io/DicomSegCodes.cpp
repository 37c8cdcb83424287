#include "core/io/DicomSegCodes.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>

namespace segloop {

namespace {

const DicomCode kAnatomicalStructure{"123037004", "SCT", "Anatomical Structure"};
const DicomCode kAbnormalStructure{"49755003", "SCT", "Morphologically Abnormal Structure"};
const DicomCode kTissue{"85756007", "SCT", "Tissue"};

/// One row of the table: the words that select it (a word start; a trailing space asks for the
/// whole word) and its codes.
struct CodeEntry {
    std::initializer_list<const char*> words;
    DicomCode category;
    DicomCode type;
};

/// Checked against DICOM PS3.16: CID 7150 (categories), 7152 (cardiac), 7153 (CNS),
/// 7154 (abdominal), 7155 (thoracic), 7159 (lesions), 12305 (LV myocardium), as
/// pydicom's SR code dictionary and dcmqi's SegmentationCategoryTypeModifier table list them.
/// Findings come first so that "liver tumour" is a neoplasm, not the liver.
const CodeEntry kTable[] = {
    {{"tumour", "tumor", "neoplasm"}, kAbnormalStructure, {"108369006", "SCT", "Neoplasm"}},
    {{"lesion"}, kAbnormalStructure, {"52988006", "SCT", "Lesion"}},
    {{"myocard", "myo "}, kAnatomicalStructure, {"49848007", "SCT", "Left ventricle myocardium"}},
    {{"left ventricle", "lv "}, kAnatomicalStructure, {"87878005", "SCT", "Left ventricle"}},
    {{"right ventricle", "rv "}, kAnatomicalStructure, {"53085002", "SCT", "Right ventricle"}},
    {{"hippocamp"}, kAnatomicalStructure, {"5366008", "SCT", "Hippocampus"}},
    {{"liver"}, kAnatomicalStructure, {"10200004", "SCT", "Liver"}},
    {{"spleen"}, kAnatomicalStructure, {"78961009", "SCT", "Spleen"}},
    {{"kidney"}, kAnatomicalStructure, {"64033007", "SCT", "Kidney"}},
    {{"lung"}, kAnatomicalStructure, {"39607008", "SCT", "Lung"}},
    {{"heart"}, kAnatomicalStructure, {"80891009", "SCT", "Heart"}},
    {{"pancrea"}, kAnatomicalStructure, {"15776009", "SCT", "Pancreas"}},
    {{"prostate"}, kAnatomicalStructure, {"41216001", "SCT", "Prostate"}},
    {{"brain "}, kAnatomicalStructure, {"12738006", "SCT", "Brain"}},
};

/// " left ventricle " for "Left_Ventricle": lower case, words separated by single spaces.
std::string normalisedWords(const std::string& name) {
    std::string out = " ";
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0) {
            out += static_cast<char>(std::tolower(byte));
        } else if (out.back() != ' ') {
            out += ' ';
        }
    }
    if (out.back() != ' ') {
        out += ' ';
    }
    return out;
}

// sRGB (IEC 61966-2-1) primaries and the D65 white point.
constexpr double kWhite[3] = {0.95047, 1.0, 1.08883};
constexpr double kDelta = 6.0 / 29.0;

double toLinear(double c) {
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double fromLinear(double c) {
    return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}
double labF(double t) {
    return t > kDelta * kDelta * kDelta ? std::cbrt(t) : t / (3 * kDelta * kDelta) + 4.0 / 29.0;
}
double labFInverse(double t) {
    return t > kDelta ? t * t * t : 3 * kDelta * kDelta * (t - 4.0 / 29.0);
}

uint16_t scaledToUint16(double value, double low, double high) {
    const double scaled = (value - low) / (high - low) * 65535.0;
    return static_cast<uint16_t>(std::lround(std::clamp(scaled, 0.0, 65535.0)));
}

}  // namespace

DicomSegmentCodes dicomSegmentCodesFor(const std::string& className) {
    const std::string words = normalisedWords(className);
    for (const CodeEntry& entry : kTable) {
        for (const char* word : entry.words) {
            if (words.find(std::string(" ") + word) != std::string::npos) {
                return {entry.category, entry.type};
            }
        }
    }
    return {kTissue, kTissue};
}

std::array<uint16_t, 3> rgbToDicomLab(const std::array<uint8_t, 3>& rgb) {
    const double r = toLinear(rgb[0] / 255.0);
    const double g = toLinear(rgb[1] / 255.0);
    const double b = toLinear(rgb[2] / 255.0);
    const double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / kWhite[0];
    const double y = (0.2126729 * r + 0.7151522 * g + 0.0721750 * b) / kWhite[1];
    const double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / kWhite[2];
    const double lightness = 116.0 * labF(y) - 16.0;
    const double aStar = 500.0 * (labF(x) - labF(y));
    const double bStar = 200.0 * (labF(y) - labF(z));
    return {scaledToUint16(lightness, 0.0, 100.0), scaledToUint16(aStar, -128.0, 127.0),
            scaledToUint16(bStar, -128.0, 127.0)};
}

std::array<uint8_t, 3> dicomLabToRgb(const std::array<uint16_t, 3>& lab) {
    const double lightness = lab[0] / 65535.0 * 100.0;
    const double aStar = lab[1] / 65535.0 * 255.0 - 128.0;
    const double bStar = lab[2] / 65535.0 * 255.0 - 128.0;
    const double fy = (lightness + 16.0) / 116.0;
    const double x = kWhite[0] * labFInverse(fy + aStar / 500.0);
    const double y = kWhite[1] * labFInverse(fy);
    const double z = kWhite[2] * labFInverse(fy - bStar / 200.0);
    const double linear[3] = {3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
                              -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
                              0.0556434 * x - 0.2040259 * y + 1.0572252 * z};
    std::array<uint8_t, 3> rgb{};
    for (int c = 0; c < 3; ++c) {
        const double value = fromLinear(std::clamp(linear[c], 0.0, 1.0)) * 255.0;
        rgb[c] = static_cast<uint8_t>(std::lround(std::clamp(value, 0.0, 255.0)));
    }
    return rgb;
}

}  // namespace segloop
