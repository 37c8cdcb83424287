// deidentifySource() agrees with the copies writeDeidentifiedCopy() makes (a SEG written from
// it references them); the profile's actions on a file that holds what real series lack
// (names, institution, private and overlay groups, nested sequences, multi-valued UIDs); the
// options; the same salt gives the same files, another salt other UIDs.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "core/io/DicomDeidentify.h"
#include "core/io/DicomSegSource.h"
#include "core/io/DicomSegWriter.h"
#include "core/io/DicomSeriesLoader.h"
#include "core/io/DicomSeriesScanner.h"
#include "support/TestPaths.h"

namespace segloop {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

const std::string kHippo15 = test::testDataDir() + "/dicom/hippo12/15.dcm";

DicomSourceSeries loadSource(const std::string& folder) {
    const DicomScanResult scan = scanDicomFolder(folder);
    EXPECT_EQ(scan.series.size(), 1u) << folder;
    return makeDicomSegSource(loadDicomSeries(scan.series.at(0)));
}

std::string get(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    item.findAndGetOFStringArray(tag, value);
    return value.c_str();
}

/// Every value of a tag at any depth of `item`.
void collect(DcmItem& item, const DcmTagKey& tag, std::vector<std::string>& out) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* element = item.getElement(i);
        if (element->ident() == EVR_SQ) {
            auto& sequence = static_cast<DcmSequenceOfItems&>(*element);
            for (unsigned long j = 0; j < sequence.card(); ++j) {
                collect(*sequence.getItem(j), tag, out);
            }
        } else if (element->getTag() == tag) {
            out.push_back(get(item, tag));
        }
    }
}

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(DicomDeidentifySource, AgreesWithTheCopiesAndASegReferencesThem) {
    std::vector<std::string> folders = {test::testDataDir() + "/dicom/hippo12"};
    const std::string shared = test::sharedDataDir() + "/dicom/mr-brain/study3/11-T1post-18670";
    if (fs::is_directory(shared)) {
        folders.push_back(shared);
    } else {
        std::cout << "[ skipped  ] " << shared << " is absent\n";
    }
    for (const std::string& folder : folders) {
        SCOPED_TRACE(folder);
        TempDir out;
        DicomUidMap uids("salt of the source test");
        const DicomSourceSeries original = loadSource(folder);
        const DicomSourceSeries expected = deidentifySource(original, uids);
        for (const auto& entry : fs::directory_iterator(folder)) {
            writeDeidentifiedCopy(entry.path().string(), out.file(entry.path().filename().string()),
                                  uids);
        }
        const DicomSourceSeries copies = loadSource(out.path());
        EXPECT_EQ(copies.patientId, expected.patientId);
        EXPECT_EQ(copies.patientId, uids.patientPseudonym(original.patientId));
        EXPECT_EQ(copies.patientName, expected.patientName);
        EXPECT_EQ(copies.patientBirthDate, expected.patientBirthDate);
        EXPECT_EQ(copies.patientSex, "");
        EXPECT_EQ(expected.patientSex, "");
        for (const std::string* field :
             {&expected.studyDate, &expected.studyTime, &expected.studyId,
              &expected.accessionNumber, &expected.studyDescription}) {
            EXPECT_EQ(*field, "");
        }
        EXPECT_EQ(copies.studyDate, "");
        EXPECT_EQ(copies.studyTime, "");
        EXPECT_EQ(copies.studyId, "");
        EXPECT_EQ(copies.accessionNumber, "");
        EXPECT_EQ(copies.studyDescription, "");
        EXPECT_EQ(copies.studyInstanceUid, expected.studyInstanceUid);
        EXPECT_EQ(copies.seriesInstanceUid, expected.seriesInstanceUid);
        EXPECT_EQ(copies.frameOfReferenceUid, expected.frameOfReferenceUid);
        EXPECT_NE(copies.seriesInstanceUid, original.seriesInstanceUid);
        EXPECT_EQ(copies.modality, original.modality);
        EXPECT_TRUE(copies.geometry.sameGridAs(original.geometry));
        ASSERT_EQ(copies.slices.size(), expected.slices.size());
        for (size_t k = 0; k < copies.slices.size(); ++k) {
            EXPECT_EQ(copies.slices[k].sopInstanceUid, expected.slices[k].sopInstanceUid);
            EXPECT_EQ(copies.slices[k].sopInstanceUid,
                      uids.mappings().at(original.slices[k].sopInstanceUid));
            EXPECT_EQ(copies.slices[k].sopClassUid, original.slices[k].sopClassUid);
            EXPECT_EQ(copies.slices[k].positionMm, original.slices[k].positionMm);
        }

        // A SEG written from the de-identified source references the copies, and nothing else.
        LabelMap labels(expected.geometry);
        const auto& n = expected.geometry.size;
        for (int64_t k = n[2] / 3; k < n[2] - 1; ++k) {
            labels.at(n[0] / 2, n[1] / 2, k) = 1;
        }
        TempDir segFolder;
        const std::string segPath = segFolder.file("seg.dcm");
        writeDicomSeg(segPath, labels, expected, {{1, "Hippocampus", {255, 0, 0}}});
        DcmFileFormat seg;
        ASSERT_TRUE(seg.loadFile(segPath.c_str()).good());
        DcmDataset& dataset = *seg.getDataset();
        EXPECT_EQ(get(dataset, DCM_PatientID), copies.patientId);
        EXPECT_EQ(get(dataset, DCM_StudyInstanceUID), copies.studyInstanceUid);
        EXPECT_EQ(get(dataset, DCM_FrameOfReferenceUID), copies.frameOfReferenceUid);
        std::vector<std::string> series, instances;
        collect(dataset, DCM_SeriesInstanceUID, series);
        EXPECT_NE(std::find(series.begin(), series.end(), copies.seriesInstanceUid), series.end());
        collect(dataset, DCM_ReferencedSOPInstanceUID, instances);
        std::set<std::string> copyInstances;
        for (const DicomSourceSlice& slice : copies.slices) {
            copyInstances.insert(slice.sopInstanceUid);
        }
        EXPECT_FALSE(instances.empty());
        for (const std::string& instance : instances) {
            EXPECT_EQ(copyInstances.count(instance), 1u) << instance;
        }
    }
}

/// hippo12/15.dcm with what real series lack, so that every kind of action shows.
void writeRichInput(const std::string& path) {
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(kHippo15.c_str()).good());
    ASSERT_TRUE(file.loadAllDataIntoMemory().good());
    DcmDataset& d = *file.getDataset();
    d.putAndInsertString(DCM_InstitutionName, "St Elsewhere Hospital");
    d.putAndInsertString(DCM_ReferringPhysicianName, "Doe^John");
    d.putAndInsertString(DCM_OperatorsName, "Roe^Rita");
    d.putAndInsertString(DCM_StationName, "MR7");
    d.putAndInsertString(DCM_DeviceSerialNumber, "SN-4711");
    d.putAndInsertString(DCM_PatientBirthDate, "19610203");
    d.putAndInsertString(DCM_PatientSex, "F");
    d.putAndInsertString(DCM_PatientAge, "061Y");
    d.putAndInsertString(DCM_PatientWeight, "70");
    d.putAndInsertString(DCM_EthnicGroup, "Martian");
    d.putAndInsertString(DCM_ContentDate, "20200121");
    d.putAndInsertString(DCM_AcquisitionDateTime, "20200121004946");
    d.putAndInsertString(DCM_FailedSOPInstanceUIDList, "1.2.3.4\\1.2.3.5");
    DcmItem* item = nullptr;
    d.findOrCreateSequenceItem(DCM_OtherPatientIDsSequence, item, -2);
    item->putAndInsertString(DCM_PatientID, "MRN-123456");
    d.findOrCreateSequenceItem(DCM_VerifyingObserverSequence, item, -2);
    item->putAndInsertString(DCM_VerifyingObserverName, "Poe^Edgar");
    item->putAndInsertString(DCM_VerificationDateTime, "20200122120000");
    d.findOrCreateSequenceItem(DCM_SourceImageSequence, item, -2);
    item->putAndInsertString(DCM_ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
    item->putAndInsertString(DCM_ReferencedSOPInstanceUID, "1.2.3.6");
    item->putAndInsertString(DCM_FrameOfReferenceUID, "1.2.840.10008.1.4.1.1");  // well-known
    d.putAndInsertString(DcmTag(0x0009, 0x0010, EVR_LO), "ACME 1.0");
    d.putAndInsertString(DcmTag(0x0009, 0x1001, EVR_LO), "patient's nickname");
    d.putAndInsertUint16(DCM_OverlayRows, 50);
    d.putAndInsertUint16(DCM_OverlayColumns, 34);
    ASSERT_TRUE(file.saveFile(path.c_str(), EXS_LittleEndianExplicit).good());
}

TEST(DicomDeidentifyProfile, EachActionAtEveryDepth) {
    TempDir scratch;
    writeRichInput(scratch.file("rich.dcm"));
    DicomUidMap uids("salt");
    writeDeidentifiedCopy(scratch.file("rich.dcm"), scratch.file("copy.dcm"), uids);
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(scratch.file("copy.dcm").c_str()).good());
    DcmDataset& d = *file.getDataset();
    for (const DcmTagKey& removed :
         {DCM_InstitutionName, DCM_OperatorsName, DCM_StationName, DCM_PatientAge,
          DCM_PatientWeight, DCM_EthnicGroup, DCM_OtherPatientIDsSequence, DCM_SeriesDescription,
          DCM_SeriesDate, DCM_OverlayRows, DCM_OverlayColumns}) {
        EXPECT_FALSE(d.tagExists(removed)) << DcmTag(removed).getTagName();
    }
    for (const DcmTagKey& emptied :
         {DCM_ReferringPhysicianName, DCM_PatientBirthDate, DCM_PatientSex, DCM_AccessionNumber,
          DCM_StudyID, DCM_StudyDate, DCM_StudyTime}) {
        EXPECT_TRUE(d.tagExists(emptied)) << DcmTag(emptied).getTagName();
        EXPECT_EQ(get(d, emptied), "") << DcmTag(emptied).getTagName();
    }
    EXPECT_EQ(get(d, DCM_DeviceSerialNumber), "ANONYMIZED");
    EXPECT_EQ(get(d, DCM_ContentDate), "19000101");
    EXPECT_EQ(get(d, DCM_InstanceCreationDate), "19000101");  // a date the table omits
    EXPECT_EQ(get(d, DCM_AcquisitionDateTime), "19000101000000");
    EXPECT_EQ(get(d, DCM_FailedSOPInstanceUIDList),
              uids.mappings().at("1.2.3.4") + "\\" + uids.mappings().at("1.2.3.5"));
    DcmItem* item = nullptr;
    ASSERT_TRUE(d.findAndGetSequenceItem(DCM_VerifyingObserverSequence, item).good());
    EXPECT_EQ(get(*item, DCM_VerifyingObserverName), "ANONYMIZED");
    EXPECT_EQ(get(*item, DCM_VerificationDateTime), "19000101000000");
    ASSERT_TRUE(d.findAndGetSequenceItem(DCM_SourceImageSequence, item).good());
    EXPECT_EQ(get(*item, DCM_ReferencedSOPClassUID), "1.2.840.10008.5.1.4.1.1.4");
    EXPECT_EQ(get(*item, DCM_ReferencedSOPInstanceUID), uids.mappings().at("1.2.3.6"));
    EXPECT_EQ(get(*item, DCM_FrameOfReferenceUID), "1.2.840.10008.1.4.1.1");
    for (unsigned long i = 0; i < d.card(); ++i) {
        EXPECT_FALSE(d.getElement(i)->getTag().isPrivate()) << d.getElement(i)->getTag();
    }
    const std::string input = fileBytes(scratch.file("rich.dcm"));
    const std::string text = fileBytes(scratch.file("copy.dcm"));
    for (const char* secret :
         {"Albus", "PGBM-003", "Elsewhere", "Doe", "Rita", "SN-4711", "19610203", "Martian",
          "MRN-123456", "Edgar", "nickname", "3083564386975476", "20200121", "HippoCrop"}) {
        EXPECT_NE(input.find(secret), std::string::npos) << secret << " is not in the input";
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " is still in the file";
    }
}

TEST(DicomDeidentifyProfile, OptionsKeepWhatTheySay) {
    TempDir scratch;
    writeRichInput(scratch.file("rich.dcm"));
    DicomUidMap uids("salt");
    DeidentifyOptions options;
    options.keepDates = true;
    options.keepDescriptions = true;
    options.keepPatientCharacteristics = true;
    options.patientPseudonym = "STUDY-SUBJECT-7";
    options.emptyPatientName = true;
    writeDeidentifiedCopy(scratch.file("rich.dcm"), scratch.file("copy.dcm"), uids, options);
    DcmFileFormat file;
    ASSERT_TRUE(file.loadFile(scratch.file("copy.dcm").c_str()).good());
    DcmDataset& d = *file.getDataset();
    EXPECT_EQ(get(d, DCM_StudyDate), "20200121");
    EXPECT_EQ(get(d, DCM_ContentDate), "20200121");
    EXPECT_EQ(get(d, DCM_InstanceCreationDate), "20200121");
    EXPECT_EQ(get(d, DCM_PatientBirthDate), "");  // never kept
    EXPECT_EQ(get(d, DCM_SeriesDescription), "HippoCrop");
    EXPECT_EQ(get(d, DCM_PatientSex), "F");
    EXPECT_EQ(get(d, DCM_PatientAge), "061Y");
    EXPECT_FALSE(d.tagExists(DCM_EthnicGroup));
    EXPECT_EQ(get(d, DCM_PatientID), "STUDY-SUBJECT-7");
    EXPECT_EQ(get(d, DCM_PatientName), "");
    EXPECT_EQ(get(d, DCM_LongitudinalTemporalInformationModified), "UNMODIFIED");
    EXPECT_EQ(get(d, DCM_DeidentificationMethod),
              "DICOM PS3.15 Basic Profile (SegLoop)\\Full dates kept\\"
              "Patient sex, age, size, weight kept\\Descriptions kept");
    std::vector<std::string> codes;
    collect(d, DCM_CodeValue, codes);
    EXPECT_EQ(codes, (std::vector<std::string>{"113100", "113106", "113108"}));

    const DicomSourceSeries source =
        deidentifySource(loadSource(test::testDataDir() + "/dicom/hippo12"), uids, options);
    EXPECT_EQ(source.patientId, "STUDY-SUBJECT-7");
    EXPECT_EQ(source.patientName, "");
    EXPECT_EQ(source.studyDate, "20200121");
}

TEST(DicomDeidentifyProfile, SameSaltSameFilesOtherSaltOtherUids) {
    TempDir scratch;
    DicomUidMap first("hospital secret");
    DicomUidMap second("hospital secret");
    DicomUidMap other("another secret");
    writeDeidentifiedCopy(kHippo15, scratch.file("first.dcm"), first);
    writeDeidentifiedCopy(kHippo15, scratch.file("second.dcm"), second);
    writeDeidentifiedCopy(kHippo15, scratch.file("other.dcm"), other);
    EXPECT_EQ(fileBytes(scratch.file("first.dcm")), fileBytes(scratch.file("second.dcm")));
    EXPECT_EQ(first.mappings(), second.mappings());
    DcmFileFormat a, b;
    ASSERT_TRUE(a.loadFile(scratch.file("first.dcm").c_str()).good());
    ASSERT_TRUE(b.loadFile(scratch.file("other.dcm").c_str()).good());
    for (const DcmTagKey& tag : {DCM_SOPInstanceUID, DCM_StudyInstanceUID, DCM_SeriesInstanceUID,
                                 DCM_FrameOfReferenceUID, DCM_PatientID}) {
        EXPECT_NE(get(*a.getDataset(), tag), get(*b.getDataset(), tag)) << DcmTag(tag).getTagName();
    }
    EXPECT_EQ(get(*a.getDataset(), DCM_SOPClassUID), get(*b.getDataset(), DCM_SOPClassUID));
}

}  // namespace
}  // namespace segloop
