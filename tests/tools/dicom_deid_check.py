#!/usr/bin/python3
"""Reads DICOM files with pydicom and prints what SegLoop's de-identification tests compare.

Used by DicomDeidentifyTest to check SegLoop's de-identified copies with a reader that is not
DCMTK.

Usage: dicom_deid_check.py FILE...

For each file, '|'-separated lines:
  file|<path>
  sop|<SOP Class UID>|<SOP Instance UID>|<MediaStorageSOPInstanceUID>|<TransferSyntaxUID>
  series|<Study Instance UID>|<Series Instance UID>|<Frame of Reference UID>
  patient|<Patient ID>|<Patient's Name>|<Patient Identity Removed>|<methods, '/'-separated>
  method_code|<code value>|<coding scheme>
  present|<keyword>|<value>   for each identifying attribute below that the file holds
  private|<number of private elements at any depth>
  uid|<keyword>|<value>       for every UI value at any depth (the meta header included)
  date|<keyword>|<value>      for every non-empty DA, DT or TM value at any depth
  pixels|<SHA-256 of the PixelData value as stored, or ->
"""
import hashlib
import sys

import pydicom

IDENTIFYING = [
    "PatientBirthDate", "PatientBirthTime", "OtherPatientIDs", "OtherPatientIDsSequence",
    "OtherPatientNames", "PatientAddress", "PatientTelephoneNumbers", "PatientAge",
    "PatientSize", "PatientWeight", "PatientSex", "PatientComments", "EthnicGroup",
    "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName",
    "ReferringPhysicianName", "PerformingPhysicianName", "OperatorsName", "PhysiciansOfRecord",
    "NameOfPhysiciansReadingStudy", "RequestingPhysician", "StationName", "DeviceSerialNumber",
    "AccessionNumber", "StudyID", "RequestAttributesSequence", "RequestedProcedureID",
    "PerformedProcedureStepID", "StudyDescription", "SeriesDescription", "ProtocolName",
    "StudyDate", "StudyTime", "SeriesDate", "SeriesTime", "AcquisitionDate", "AcquisitionTime",
    "AcquisitionDateTime", "ContentDate", "ContentTime", "InstanceCreationDate",
    "ImageComments", "IssuerOfPatientID",
]


def walk(dataset, found):
    for element in dataset:
        if element.tag.is_private:
            found["private"] += 1
        if element.VR == "SQ":
            for item in element.value:
                walk(item, found)
        elif element.VR == "UI" and element.value:
            values = element.value if element.VM > 1 else [element.value]
            found["uid"].extend((element.keyword, str(v)) for v in values)
        elif element.VR in ("DA", "DT", "TM") and element.value:
            found["date"].append((element.keyword, str(element.value)))


def text(value):
    return "" if value is None else str(value)


def report(path):
    ds = pydicom.dcmread(path)
    meta = ds.file_meta
    print("file|%s" % path)
    print("sop|%s|%s|%s|%s" % (ds.SOPClassUID, ds.SOPInstanceUID,
                               meta.MediaStorageSOPInstanceUID, meta.TransferSyntaxUID))
    print("series|%s|%s|%s" % (ds.StudyInstanceUID, ds.SeriesInstanceUID,
                               text(ds.get("FrameOfReferenceUID"))))
    methods = ds.get("DeidentificationMethod")
    if methods is not None and not isinstance(methods, str):
        methods = "/".join(str(m) for m in methods)
    print("patient|%s|%s|%s|%s" % (text(ds.get("PatientID")), text(ds.get("PatientName")),
                                   text(ds.get("PatientIdentityRemoved")), text(methods)))
    for item in ds.get("DeidentificationMethodCodeSequence", []):
        print("method_code|%s|%s" % (item.CodeValue, item.CodingSchemeDesignator))
    for keyword in IDENTIFYING:
        if keyword in ds:
            value = ds.data_element(keyword).value
            print("present|%s|%s" % (keyword, text(value).replace("\n", " ")))
    found = {"private": 0, "uid": [], "date": []}
    walk(meta, found)
    walk(ds, found)
    print("private|%d" % found["private"])
    for keyword, value in found["uid"]:
        print("uid|%s|%s" % (keyword, value))
    for keyword, value in found["date"]:
        print("date|%s|%s" % (keyword, value))
    pixels = ds.get("PixelData")
    print("pixels|%s" % (hashlib.sha256(pixels).hexdigest() if pixels is not None else "-"))


def main():
    for path in sys.argv[1:]:
        report(path)


if __name__ == "__main__":
    main()
