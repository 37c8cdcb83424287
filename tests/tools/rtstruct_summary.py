#!/usr/bin/python3
"""Prints one line per ROI of an RT Structure Set, read with pydicom:
ROI number, number of contours, number of points over those contours, ROI name (tab-separated).

Used by the RtStruct tests to check SegLoop's RTSTRUCT writer and reader against an independent
reader.
"""
import sys

import pydicom

dataset = pydicom.dcmread(sys.argv[1])
assert dataset.SOPClassUID == "1.2.840.10008.5.1.4.1.1.481.3", "not an RT Structure Set"
contours = {}
for item in dataset.get("ROIContourSequence", []):
    sequence = item.get("ContourSequence", [])
    points = 0
    for contour in sequence:
        values = contour.ContourData
        assert len(values) == 3 * int(contour.NumberOfContourPoints), "point count mismatch"
        points += int(contour.NumberOfContourPoints)
    contours[int(item.ReferencedROINumber)] = (len(sequence), points)
for roi in dataset.StructureSetROISequence:
    count, points = contours.get(int(roi.ROINumber), (0, 0))
    print(f"{int(roi.ROINumber)}\t{count}\t{points}\t{roi.ROIName}")
