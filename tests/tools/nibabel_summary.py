#!/usr/bin/python3
"""Prints one line per NIfTI file, read with nibabel: name, shape, voxel sum, RAS affine.

Used by NiftiNibabelAgreementTest to check SegLoop's reader against an independent one.
"""
import sys

import nibabel
import numpy

for path in sys.argv[1:]:
    image = nibabel.load(path)
    data = numpy.asarray(image.dataobj, dtype=numpy.float64)
    affine = image.affine
    values = [path, *map(str, image.shape), repr(float(data.sum()))]
    values += [repr(float(v)) for v in affine[:3, :].ravel()]
    print(" ".join(values))
