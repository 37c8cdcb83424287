#!/usr/bin/python3
"""Reads a DICOM Segmentation with pydicom and prints what SegLoop's tests compare.

Used by DicomSegValidationTest to check SegLoop's SEG writer against an independent reader.

Usage: dicom_seg_check.py SEG [RAW_OUT]

Prints '|'-separated lines:
  sop_class|<uid>
  type|<BINARY or FRACTIONAL>|<fractional type or ->|<maximum fractional value or ->
  size|<frames>|<rows>|<columns>
  referenced_series|<uid>|<number of referenced instances>
  segment|<number>|<label>|<algorithm type>|<algorithm name>|<category scheme:value>|
         <type scheme:value>|<L a b>|<identification name>|<identification version>
  frame|<number>|<segment>|<x y z>|<source SOP instance UID>|<source frame or ->|<set pixels>
and writes the decoded frames (one byte a pixel, frame after frame, x fastest) to RAW_OUT.
"""
import sys

import numpy
import pydicom


def code(sequence):
    item = sequence[0]
    return "%s:%s" % (item.CodingSchemeDesignator, item.CodeValue)


def main():
    ds = pydicom.dcmread(sys.argv[1])
    frames = int(ds.NumberOfFrames)
    pixels = numpy.asarray(ds.pixel_array).reshape(frames, ds.Rows, ds.Columns)
    print("sop_class|%s" % ds.SOPClassUID)
    fractional = ds.SegmentationType == "FRACTIONAL"
    print("type|%s|%s|%s" % (ds.SegmentationType,
                             ds.SegmentationFractionalType if fractional else "-",
                             ds.MaximumFractionalValue if fractional else "-"))
    print("size|%d|%d|%d" % (frames, ds.Rows, ds.Columns))
    series = ds.ReferencedSeriesSequence[0]
    print("referenced_series|%s|%d" % (series.SeriesInstanceUID,
                                       len(series.ReferencedInstanceSequence)))
    for segment in ds.SegmentSequence:
        identification = segment.get("SegmentationAlgorithmIdentificationSequence")
        name, version = ("-", "-")
        if identification:
            name, version = identification[0].AlgorithmName, identification[0].AlgorithmVersion
        lab = " ".join(str(v) for v in segment.RecommendedDisplayCIELabValue)
        print("segment|%d|%s|%s|%s|%s|%s|%s|%s|%s" % (
            segment.SegmentNumber, segment.SegmentLabel, segment.SegmentAlgorithmType,
            segment.get("SegmentAlgorithmName", "-"),
            code(segment.SegmentedPropertyCategoryCodeSequence),
            code(segment.SegmentedPropertyTypeCodeSequence), lab, name, version))
    for index, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
        number = item.SegmentIdentificationSequence[0].ReferencedSegmentNumber
        position = " ".join(repr(float(v)) for v in
                            item.PlanePositionSequence[0].ImagePositionPatient)
        source = item.DerivationImageSequence[0].SourceImageSequence[0]
        source_frame = source.get("ReferencedFrameNumber", "-")
        print("frame|%d|%d|%s|%s|%s|%d" % (index + 1, number, position,
                                          source.ReferencedSOPInstanceUID, source_frame,
                                          int(numpy.count_nonzero(pixels[index]))))
    if len(sys.argv) > 2:
        pixels.astype(numpy.uint8).tofile(sys.argv[2])


if __name__ == "__main__":
    main()
