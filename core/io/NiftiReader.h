#pragma once

#include <string>

#include "core/image/ImageGeometry.h"
#include "core/image/LabelMap.h"
#include "core/image/Volume.h"

namespace segloop {

/// Reads NIfTI-1 and NIfTI-2 files (`.nii`, `.nii.gz`) through niftilib.
///
/// Geometry comes from the sform when its code is set, else the qform, else the voxel sizes
/// alone; it is converted from NIfTI's RAS to SegLoop's LPS. Data types uint8, int8, int16,
/// uint16, int32, uint32, float32 and float64 are read, with scl_slope/scl_intercept applied.
/// Every failure throws segloop::Error naming the file: missing, not NIfTI (bad magic), truncated
/// header or voxel data, unsupported data type, more than one volume (4D), non-finite affine.
/// Thread-safe: each call is independent.
Volume readNiftiVolume(const std::string& path);

/// Reads a label map. Values must be whole numbers in [0, 65535] (float label files, as in the
/// hippocampus set, are accepted when every value is whole); anything else throws Error.
LabelMap readNiftiLabelMap(const std::string& path);

/// Reads only the header: the grid of the image, without loading voxels.
ImageGeometry readNiftiGeometry(const std::string& path);

/// True when the path ends in .nii or .nii.gz (case-insensitive).
bool hasNiftiExtension(const std::string& path);

/// The file name without folder and without .nii / .nii.gz ("case_001" for "a/case_001.nii.gz").
std::string niftiStem(const std::string& path);

}  // namespace segloop
