#!/usr/bin/python3
"""Loads every image and label of a folder pair with nibabel, as SegLoop's benchmark does.

Images become float32 arrays (scaling applied), labels integer arrays. Prints the best wall time
of `repeats` passes in seconds, and the voxel sum as a check that the same data was read.
"""
import glob
import sys
import time

import nibabel
import numpy


def load_all(images, labels):
    total = 0.0
    for path in images:
        total += float(numpy.asarray(nibabel.load(path).get_fdata(dtype=numpy.float32)).sum())
    for path in labels:
        numpy.asarray(nibabel.load(path).dataobj).astype(numpy.uint16)
    return total


def main():
    folder, repeats = sys.argv[1], int(sys.argv[2])
    images = sorted(glob.glob(folder + "/imagesTr/*.nii.gz"))
    labels = sorted(glob.glob(folder + "/labelsTr/*.nii.gz"))
    best, checksum = float("inf"), 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        checksum = load_all(images, labels)
        best = min(best, time.perf_counter() - start)
    print(f"{best:.4f} {len(images)} {len(labels)} {checksum:.1f}")


main()
