// De-identified copies of real series (tests/data/dicom/hippo12 and its compressed variants,
// always present; ../shared/data/dicom when there): read back with DCMTK and with pydicom
// (tests/tools/dicom_deid_check.py), they hold no identifying attribute, no private one, no
// original UID; their study, series and frame of reference UIDs agree across files, their SOP
// Instance UIDs are the map's; SOP class, transfer syntax and stored pixel bytes are unchanged.
// dciodvfy and refusals: DicomDeidentifyValidationTest.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/io/DicomDeidentify.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// Identifying attributes that a copy made with the default options must not hold with a value
/// (dates may hold the dummy 19000101 / 000000).
const DcmTagKey kIdentifying[] = {DCM_PatientBirthDate,
                                  DCM_PatientBirthTime,
                                  DCM_RETIRED_OtherPatientIDs,
                                  DCM_OtherPatientNames,
                                  DCM_PatientAddress,
                                  DCM_PatientTelephoneNumbers,
                                  DCM_PatientAge,
                                  DCM_PatientSize,
                                  DCM_PatientWeight,
                                  DCM_PatientSex,
                                  DCM_EthnicGroup,
                                  DCM_SmokingStatus,
                                  DCM_InstitutionName,
                                  DCM_InstitutionAddress,
                                  DCM_InstitutionalDepartmentName,
                                  DCM_ReferringPhysicianName,
                                  DCM_PerformingPhysicianName,
                                  DCM_OperatorsName,
                                  DCM_PhysiciansOfRecord,
                                  DCM_NameOfPhysiciansReadingStudy,
                                  DCM_StationName,
                                  DCM_AccessionNumber,
                                  DCM_StudyID,
                                  DCM_RequestAttributesSequence,
                                  DCM_StudyDescription,
                                  DCM_SeriesDescription,
                                  DCM_ProtocolName,
                                  DCM_DerivationDescription,
                                  DCM_ImageComments,
                                  DCM_StudyDate,
                                  DCM_StudyTime,
                                  DCM_SeriesDate,
                                  DCM_SeriesTime,
                                  DCM_AcquisitionDate,
                                  DCM_AcquisitionTime,
                                  DCM_IssuerOfPatientID};

std::vector<std::string> dicomFiles(const std::string& folder) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().extension() == ".dcm") {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

/// Every value of VR `vr` at any depth of `item`, with its tag.
void collect(DcmItem& item, DcmEVR vr, std::vector<std::pair<DcmTagKey, std::string>>& out) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* element = item.getElement(i);
        if (element->ident() == EVR_SQ) {
            auto& sequence = static_cast<DcmSequenceOfItems&>(*element);
            for (unsigned long j = 0; j < sequence.card(); ++j) {
                collect(*sequence.getItem(j), vr, out);
            }
        } else if (element->ident() == vr) {
            for (unsigned long v = 0; v < element->getVM(); ++v) {
                OFString value;
                element->getOFString(value, v);
                out.emplace_back(element->getTag(), value.c_str());
            }
        }
    }
}

/// One file read with DCMTK.
struct ReadBack {
    DcmFileFormat file;
    explicit ReadBack(const std::string& path) {
        EXPECT_TRUE(file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, UINT32_MAX).good())
            << path;
    }
    DcmDataset& dataset() { return *file.getDataset(); }
    std::string get(const DcmTagKey& tag) {
        OFString value;
        dataset().findAndGetOFStringArray(tag, value);
        return value.c_str();
    }
    std::vector<std::pair<DcmTagKey, std::string>> all(DcmEVR vr) {
        std::vector<std::pair<DcmTagKey, std::string>> out;
        collect(*file.getMetaInfo(), vr, out);
        collect(dataset(), vr, out);
        return out;
    }
    std::vector<std::string> references() {
        std::vector<std::string> out;
        for (const auto& [tag, value] : all(EVR_UI)) {
            if (tag == DCM_ReferencedSOPInstanceUID) {
                out.push_back(value);
            }
        }
        return out;
    }
    /// PixelData as stored: the native bytes, or the fragments of encapsulated data.
    std::string storedPixels() {
        DcmElement* element = nullptr;
        EXPECT_TRUE(dataset().findAndGetElement(DCM_PixelData, element).good());
        auto* pixels = static_cast<DcmPixelData*>(element);
        const E_TransferSyntax xfer = dataset().getOriginalXfer();
        std::string bytes;
        Uint8* data = nullptr;
        if (!DcmXfer(xfer).isEncapsulated()) {
            pixels->getUint8Array(data);
            return std::string(reinterpret_cast<char*>(data), pixels->getLength());
        }
        DcmPixelSequence* sequence = nullptr;
        EXPECT_TRUE(pixels->getEncapsulatedRepresentation(xfer, nullptr, sequence).good());
        for (unsigned long i = 0; sequence != nullptr && i < sequence->card(); ++i) {
            DcmPixelItem* fragment = nullptr;
            sequence->getItem(fragment, i);
            fragment->getUint8Array(data);
            bytes.append(reinterpret_cast<char*>(data), fragment->getLength());
        }
        return bytes;
    }
};

bool isDummyOrEmpty(const std::string& value) {
    return value.empty() || value == "19000101" || value == "000000" || value == "19000101000000";
}

class DicomDeidentify : public ::testing::Test {
  protected:
    /// Copies every .dcm file of `folder` into a new subfolder of scratch_; returns the
    /// (original, copy) pairs.
    std::vector<std::pair<std::string, std::string>> copySeries(const std::string& folder) {
        const fs::path out = fs::path(scratch_.path()) / std::to_string(copies_++);
        fs::create_directory(out);
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const std::string& file : dicomFiles(folder)) {
            const std::string copy = (out / fs::path(file).filename()).string();
            writeDeidentifiedCopy(file, copy, uids_, {});
            pairs.emplace_back(file, copy);
        }
        return pairs;
    }

    /// Checks a copied series with DCMTK; returns its (study, series) UIDs.
    std::pair<std::string, std::string> checkSeries(
        const std::vector<std::pair<std::string, std::string>>& pairs) {
        std::set<std::string> studies, series, frames, instances;
        for (const auto& [originalPath, copyPath] : pairs) {
            SCOPED_TRACE(copyPath);
            ReadBack original(originalPath);
            ReadBack copy(copyPath);
            const std::string instance = copy.get(DCM_SOPInstanceUID);
            EXPECT_EQ(instance, uids_.mappings().at(original.get(DCM_SOPInstanceUID)));
            EXPECT_EQ(copy.get(DCM_SOPClassUID), original.get(DCM_SOPClassUID));
            EXPECT_EQ(copy.dataset().getOriginalXfer(), original.dataset().getOriginalXfer());
            OFString media;
            copy.file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, media);
            EXPECT_EQ(media.c_str(), instance);
            EXPECT_EQ(copy.get(DCM_StudyInstanceUID),
                      uids_.mappings().at(original.get(DCM_StudyInstanceUID)));
            studies.insert(copy.get(DCM_StudyInstanceUID));
            series.insert(copy.get(DCM_SeriesInstanceUID));
            frames.insert(copy.get(DCM_FrameOfReferenceUID));
            instances.insert(instance);
            const std::string pseudonym = uids_.patientPseudonym(original.get(DCM_PatientID));
            EXPECT_EQ(copy.get(DCM_PatientID), pseudonym);
            EXPECT_EQ(copy.get(DCM_PatientName), pseudonym);
            EXPECT_EQ(copy.get(DCM_PatientIdentityRemoved), "YES");
            EXPECT_NE(
                copy.get(DCM_DeidentificationMethod).find("DICOM PS3.15 Basic Profile (SegLoop)"),
                std::string::npos);
            EXPECT_EQ(copy.get(DCM_LongitudinalTemporalInformationModified), "REMOVED");
            for (const DcmTagKey& tag : kIdentifying) {
                EXPECT_TRUE(isDummyOrEmpty(copy.get(tag))) << DcmTag(tag).getTagName();
            }
            for (const DcmEVR vr : {EVR_DA, EVR_TM, EVR_DT}) {
                for (const auto& [tag, value] : copy.all(vr)) {
                    EXPECT_TRUE(isDummyOrEmpty(value)) << DcmTag(tag).getTagName() << " " << value;
                }
            }
            // No original instance UID anywhere; every other UID is the map's or standard.
            std::set<std::string> copyUids;
            for (const auto& [tag, value] : copy.all(EVR_UI)) {
                copyUids.insert(value);
                const bool standard = value.rfind("1.2.840.10008.", 0) == 0;
                EXPECT_TRUE(standard || value.rfind("2.25.", 0) == 0 ||
                            tag == DCM_ImplementationClassUID)
                    << DcmTag(tag).getTagName() << " " << value;
            }
            for (const auto& [tag, value] : original.all(EVR_UI)) {
                if (value.rfind("1.2.840.10008.", 0) != 0 && tag != DCM_ImplementationClassUID) {
                    EXPECT_EQ(copyUids.count(value), 0u) << DcmTag(tag).getTagName();
                    const auto mapped = uids_.mappings().find(value);  // Absent if removed.
                    if (mapped != uids_.mappings().end()) {
                        EXPECT_EQ(copyUids.count(mapped->second), 1u);
                    }
                }
            }
            for (unsigned long i = 0; i < copy.dataset().card(); ++i) {
                EXPECT_FALSE(copy.dataset().getElement(i)->getTag().isPrivate());
            }
            EXPECT_EQ(copy.storedPixels(), original.storedPixels());
        }
        EXPECT_EQ(studies.size(), 1u);
        EXPECT_EQ(series.size(), 1u);
        EXPECT_EQ(frames.size(), 1u);
        EXPECT_EQ(instances.size(), pairs.size());
        return {*studies.begin(), *series.begin()};
    }

    TempDir scratch_;
    DicomUidMap uids_{"a secret salt for the tests"};
    int copies_ = 0;
};

TEST_F(DicomDeidentify, CopiesOfTheTestSeriesHoldNoIdentity) {
    std::set<std::string> studies;
    for (const char* variant :
         {"hippo12", "hippo12-jpeg-lossless", "hippo12-jpegls", "hippo12-rle"}) {
        SCOPED_TRACE(variant);
        studies.insert(checkSeries(copySeries(test::testDataDir() + "/dicom/" + variant)).first);
    }
    EXPECT_EQ(studies.size(), 1u) << "the four variants share their original study UID";
}

TEST_F(DicomDeidentify, CopiesOfTheSharedSeriesHoldNoIdentity) {
    const std::string root = test::sharedDataDir() + "/dicom";
    if (!fs::is_directory(root)) {
        GTEST_SKIP() << root << " is absent: skipping the de-identification of its series";
    }
    std::set<std::string> study3, series;
    for (const char* folder :
         {"mr-brain/study3/11-T1post-18670", "mr-brain/study3/26401-T1prereg-52906",
          "mr-brain/study3/36468-FLAIRreg-58706", "mr-brain/study3/37830-T2reg-78532",
          "hippo-crop/13_HCropVolume"}) {
        SCOPED_TRACE(folder);
        const auto pairs = copySeries(root + "/" + folder);
        const auto [study, seriesUid] = checkSeries(pairs);
        series.insert(seriesUid);
        if (std::string(folder).rfind("mr-brain", 0) == 0) {
            study3.insert(study);
        }
        // Study 3's Referenced Image Sequences point at the map's new UIDs.
        const auto before = ReadBack(pairs.front().first).references();
        const auto after = ReadBack(pairs.front().second).references();
        ASSERT_EQ(after.size(), before.size());
        for (size_t i = 0; i < before.size(); ++i) {
            EXPECT_EQ(after[i], uids_.mappings().at(before[i]));
        }
    }
    EXPECT_EQ(study3.size(), 1u) << "study 3's four series keep one (new) study UID";
    EXPECT_EQ(series.size(), 5u);
}

TEST_F(DicomDeidentify, PydicomFindsNoIdentityAndTheSamePixels) {
    if (test::runCommand("/usr/bin/python3 -c 'import pydicom'").exitCode != 0) {
        GTEST_SKIP() << "python3-pydicom is not installed: skipping the check with pydicom";
    }
    std::vector<std::pair<std::string, std::string>> pairs =
        copySeries(test::testDataDir() + "/dicom/hippo12");
    const auto rle = copySeries(test::testDataDir() + "/dicom/hippo12-rle");
    pairs.insert(pairs.end(), rle.begin(), rle.end());
    std::string command = "/usr/bin/python3 " SEGLOOP_TESTS_SOURCE_DIR "/tools/dicom_deid_check.py";
    for (const auto& [original, copy] : pairs) {
        command += " '" + original + "' '" + copy + "'";
    }
    const test::CommandResult result = test::runCommand(command);
    ASSERT_EQ(result.exitCode, 0) << result.output;
    std::map<std::string, std::string> pixelsOf;  // file -> SHA-256 of its PixelData
    std::istringstream lines(result.output);
    std::string file;
    std::set<std::string> copies;
    for (const auto& pair : pairs) {
        copies.insert(pair.second);
    }
    for (std::string line; std::getline(lines, line);) {
        const size_t bar = line.find('|');
        const std::string kind = line.substr(0, bar), rest = line.substr(bar + 1);
        if (kind == "file") {
            file = rest;
        } else if (kind == "pixels") {
            pixelsOf[file] = rest;
        } else if (copies.count(file) == 0) {
            continue;  // The originals' other lines.
        } else if (kind == "present" || kind == "date") {
            EXPECT_TRUE(isDummyOrEmpty(rest.substr(rest.find('|') + 1))) << file << ": " << line;
        } else if (kind == "private") {
            EXPECT_EQ(rest, "0") << file;
        } else if (kind == "uid") {
            const std::string value = rest.substr(rest.find('|') + 1);
            EXPECT_TRUE(value.rfind("2.25.", 0) == 0 || value.rfind("1.2.840.10008.", 0) == 0 ||
                        rest.rfind("ImplementationClassUID", 0) == 0)
                << file << ": " << line;
        } else if (kind == "patient") {
            EXPECT_EQ(rest.substr(0, 4), "ANON") << line;
            EXPECT_NE(rest.find("|YES|DICOM PS3.15 Basic Profile (SegLoop)"), std::string::npos)
                << line;
        }
    }
    for (const auto& [original, copy] : pairs) {
        ASSERT_EQ(pixelsOf.count(copy), 1u) << copy;
        EXPECT_EQ(pixelsOf[copy], pixelsOf[original]) << copy;
    }
}

}  // namespace
}  // namespace segloop
