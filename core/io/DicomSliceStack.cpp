#include "core/io/DicomSliceStack.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/Error.h"

namespace segloop {

namespace {

/// Largest distance (mm) a slice may sit off the line along the normal, as a share of the
/// smallest pixel spacing: more is a tilted (sheared) stack.
constexpr double kMaxLateralOffsetPixels = 0.1;
/// Consecutive slices closer than this (mm) are duplicates.
constexpr double kDuplicateDistanceMm = 0.01;
/// A step larger than this times the median step means a slice is missing.
constexpr double kGapFactor = 1.5;
/// A step may differ from the median by this share of it (or kEvenToleranceMm) and still count
/// as even: DICOM stores positions as decimal strings of limited precision.
constexpr double kEvenToleranceShare = 0.01;
constexpr double kEvenToleranceMm = 0.01;

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec3 minus(const Vec3& a, const Vec3& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
Vec3 scaled(const Vec3& a, double s) {
    return {a[0] * s, a[1] * s, a[2] * s};
}
double norm(const Vec3& a) {
    return std::sqrt(dot(a, a));
}

std::string mm(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g mm", value);
    return text;
}

Vec3 rowCosine(const DicomInstance& instance) {
    return {instance.orientation[0], instance.orientation[1], instance.orientation[2]};
}
Vec3 columnCosine(const DicomInstance& instance) {
    return {instance.orientation[3], instance.orientation[4], instance.orientation[5]};
}

class StackChecker {
  public:
    explicit StackChecker(const DicomSeries& series)
        : series_(series), subject_(describeDicomSeries(series)) {}

    [[noreturn]] void fail(const std::string& problem) const { throw Error(subject_, problem); }
    std::string name(const DicomInstance& instance) const {
        return describeDicomInstance(series_, instance);
    }

    /// Refuses files whose pixels the loader cannot turn into one greyscale slice.
    void checkPixelFormats() const {
        const DicomInstance& first = series_.instances.front();
        for (const DicomInstance& instance : series_.instances) {
            const DicomPixelFormat& format = instance.pixelFormat;
            if (!format.hasPixelData) {
                fail(name(instance) + " has no pixel data");
            }
            if (format.numberOfFrames > 1 && instance.frameNumber == 0) {
                fail(name(instance) + " is a multi-frame image (" +
                     std::to_string(format.numberOfFrames) +
                     " frames) without per-frame positions (no functional groups): "
                     "not supported");
            }
            if (format.samplesPerPixel != 1 ||
                format.photometricInterpretation == "PALETTE COLOR") {
                fail(name(instance) + " is a colour image (" + format.photometricInterpretation +
                     "): only greyscale images are supported");
            }
            if (format.bitsAllocated != 8 && format.bitsAllocated != 16) {
                fail(name(instance) + " has " + std::to_string(format.bitsAllocated) +
                     " bits allocated per pixel: only 8 and 16 are supported");
            }
            if (format.rows <= 0 || format.columns <= 0) {
                fail(name(instance) + " has no Rows or Columns");
            }
            if (format.rows != first.pixelFormat.rows ||
                format.columns != first.pixelFormat.columns) {
                fail("mixed image sizes: " + name(first) + " is " + size(first) + " pixels but " +
                     name(instance) + " is " + size(instance));
            }
        }
    }

    /// Refuses missing, invalid or mixed orientations and pixel spacings.
    void checkPlanes() const {
        const DicomInstance& first = series_.instances.front();
        for (const DicomInstance& instance : series_.instances) {
            if (!instance.hasOrientation) {
                fail(name(instance) + " has no ImageOrientationPatient");
            }
            if (!instance.hasPosition) {
                fail(name(instance) + " has no ImagePositionPatient");
            }
            const Vec3 row = rowCosine(instance);
            const Vec3 column = columnCosine(instance);
            if (std::abs(norm(row) - 1.0) > 0.01 || std::abs(norm(column) - 1.0) > 0.01 ||
                std::abs(dot(row, column)) > 0.01) {
                fail(name(instance) +
                     " has an invalid ImageOrientationPatient (the cosines are not two "
                     "perpendicular unit vectors)");
            }
            for (size_t i = 0; i < 6; ++i) {
                if (std::abs(instance.orientation[i] - first.orientation[i]) > 1e-3) {
                    fail("mixed orientations: " + name(first) + " and " + name(instance) +
                         " have different ImageOrientationPatient");
                }
            }
            for (size_t i = 0; i < 2; ++i) {
                const double a = first.pixelSpacingMm[i];
                const double b = instance.pixelSpacingMm[i];
                if (!(a > 0.0) || !(b > 0.0)) {
                    fail(name(a > 0.0 ? instance : first) + " has an invalid PixelSpacing");
                }
                if (std::abs(a - b) > 1e-3 * std::max(a, b)) {
                    fail("mixed pixel spacings: " + name(first) + " has " + spacing(first) + ", " +
                         name(instance) + " " + spacing(instance));
                }
            }
        }
    }

  private:
    static std::string size(const DicomInstance& instance) {
        return std::to_string(instance.pixelFormat.columns) + "x" +
               std::to_string(instance.pixelFormat.rows);
    }
    static std::string spacing(const DicomInstance& instance) {
        return mm(instance.pixelSpacingMm[1]) + " x " + mm(instance.pixelSpacingMm[0]);
    }

    const DicomSeries& series_;
    std::string subject_;
};

}  // namespace

DicomSliceStack arrangeDicomSlices(const DicomSeries& series) {
    const StackChecker check(series);
    if (series.instances.empty()) {
        check.fail("has no slices (a series needs at least 1 image)");
    }
    check.checkPixelFormats();
    check.checkPlanes();

    // Orthonormal frame from the first slice's cosines (Gram-Schmidt on the column cosine).
    const DicomInstance& first = series.instances.front();
    const Vec3 rowDir = scaled(rowCosine(first), 1.0 / norm(rowCosine(first)));
    Vec3 columnDir = minus(columnCosine(first), scaled(rowDir, dot(columnCosine(first), rowDir)));
    columnDir = scaled(columnDir, 1.0 / norm(columnDir));
    const Vec3 normal = cross(rowDir, columnDir);

    DicomSliceStack stack;
    stack.instances = series.instances;
    std::vector<DicomInstance>& slices = stack.instances;
    std::stable_sort(slices.begin(), slices.end(),
                     [&](const DicomInstance& a, const DicomInstance& b) {
                         const double za = dot(a.positionMm, normal);
                         const double zb = dot(b.positionMm, normal);
                         return za < zb || (za == zb && a.instanceNumber < b.instanceNumber);
                     });

    const size_t count = slices.size();
    const double minPixelMm = std::min(first.pixelSpacingMm[0], first.pixelSpacingMm[1]);
    std::vector<double> steps;
    for (size_t k = 1; k < count; ++k) {
        const Vec3 offset = minus(slices[k].positionMm, slices[0].positionMm);
        const double lateral = norm(minus(offset, scaled(normal, dot(offset, normal))));
        if (lateral > kMaxLateralOffsetPixels * minPixelMm) {
            check.fail("slices are not stacked along the slice normal: " + check.name(slices[k]) +
                       " lies " + mm(lateral) + " off the line through " + check.name(slices[0]) +
                       " (tilted gantry?), which is not supported");
        }
        const double step = dot(minus(slices[k].positionMm, slices[k - 1].positionMm), normal);
        if (step < kDuplicateDistanceMm) {
            check.fail("duplicate slice positions: " + check.name(slices[k - 1]) + " and " +
                       check.name(slices[k]) + " are both at " +
                       mm(dot(slices[k].positionMm, normal)) +
                       " along the slice normal (several echoes or time points in one series?)");
        }
        steps.push_back(step);
    }

    double sliceSpacingMm = 1.0;
    if (count == 1) {
        if (first.spacingBetweenSlicesMm != 0.0) {
            sliceSpacingMm = std::abs(first.spacingBetweenSlicesMm);
        } else if (first.sliceThicknessMm > 0.0) {
            sliceSpacingMm = first.sliceThicknessMm;
        }
    } else {
        std::vector<double> sorted = steps;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        const double median = sorted[sorted.size() / 2];
        const double tolerance = std::max(kEvenToleranceMm, kEvenToleranceShare * median);
        for (size_t k = 1; k < count; ++k) {
            const double step = steps[k - 1];
            const auto pair = [&] {
                return check.name(slices[k - 1]) + " and " + check.name(slices[k]) + " are " +
                       mm(step) + " apart where the median spacing is " + mm(median);
            };
            if (step > kGapFactor * median) {
                check.fail("a slice is missing: " + pair());
            }
            if (std::abs(step - median) > tolerance) {
                check.fail("unevenly spaced slices: " + pair());
            }
        }
        sliceSpacingMm = dot(minus(slices.back().positionMm, slices.front().positionMm), normal) /
                         static_cast<double>(count - 1);
    }

    ImageGeometry& geometry = stack.geometry;
    geometry.size = {first.pixelFormat.columns, first.pixelFormat.rows,
                     static_cast<int64_t>(count)};
    geometry.spacingMm = {first.pixelSpacingMm[1], first.pixelSpacingMm[0], sliceSpacingMm};
    geometry.originMm = slices.front().positionMm;
    for (int r = 0; r < 3; ++r) {
        geometry.direction[r * 3 + 0] = rowDir[r];
        geometry.direction[r * 3 + 1] = columnDir[r];
        geometry.direction[r * 3 + 2] = normal[r];
    }
    return stack;
}

}  // namespace segloop
