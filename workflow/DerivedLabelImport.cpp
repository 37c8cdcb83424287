#include "workflow/DerivedLabelImport.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/Error.h"
#include "core/io/DicomHeader.h"
#include "core/io/DicomSegPlacement.h"
#include "core/io/DicomSegReader.h"
#include "core/io/RtStructRasteriser.h"
#include "core/io/RtStructReader.h"
#include "storage/DefaultClassColours.h"
#include "storage/Project.h"
#include "storage/db/Transaction.h"
#include "workflow/DicomSourceOfVolume.h"
#include "workflow/ProjectLabelSet.h"

namespace segloop {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

/// Labels as the file numbers them (1..N) and their names.
struct FileLabels {
    LabelMap labels;
    std::vector<std::string> names;
    std::vector<std::array<uint8_t, 3>> colours;
    std::vector<std::string> notes;
};

/// The volume whose series `seriesUid` is, checked against `frameOfReferenceUid`.
int64_t referencedVolume(Project& project, const std::string& path, const std::string& seriesUid,
                         const std::string& frameOfReferenceUid) {
    if (seriesUid.empty())
        throw Error(path, "references no source series (Referenced Series Sequence is empty)");
    const std::optional<VolumeRecord> volume = project.volumes().findBySeriesUid(seriesUid);
    if (!volume) {
        throw Error(path, "references series " + seriesUid +
                              ", which is not in the project: import its images first");
    }
    if (!frameOfReferenceUid.empty() && !volume->frameOfReferenceUid.empty() &&
        frameOfReferenceUid != volume->frameOfReferenceUid) {
        throw Error(path, "frame of reference " + frameOfReferenceUid + " differs from series " +
                              seriesUid + "'s (" + volume->frameOfReferenceUid + ")");
    }
    return volume->volumeId;
}

/// A SEG or RTSTRUCT read once: where it points, and how to place it on its series' grid.
struct DerivedFile {
    std::optional<DicomSeg> seg;
    std::optional<RtStructSet> rtStruct;

    std::string seriesUid() const {
        return seg ? seg->referencedSeriesUid : rtStruct->referencedSeriesInstanceUid;
    }
    std::string frameOfReferenceUid() const {
        return seg ? seg->frameOfReferenceUid : rtStruct->frameOfReferenceUid;
    }
};

DerivedFile readDerivedFile(const std::string& path, DerivedDicomKind kind) {
    DerivedFile file;
    if (kind == DerivedDicomKind::Segmentation)
        file.seg = readDicomSeg(path);
    else
        file.rtStruct = readRtStruct(path);
    return file;
}

FileLabels placeFileLabels(const DerivedFile& file, const DicomSourceSeries& target) {
    FileLabels result;
    if (file.seg) {
        result.labels = placeDicomSeg(*file.seg, target);
        for (const DicomSegSegment& segment : file.seg->segments) {
            result.names.push_back(segment.label.empty()
                                       ? "segment " + std::to_string(segment.number)
                                       : segment.label);
            result.colours.push_back(segment.hasColour ? segment.rgb
                                                       : defaultClassColour(segment.number));
        }
        return result;
    }
    RtStructRasterOptions options;
    options.offSlice = RtStructOffSliceContours::Report;
    const RtStructSet& set = *file.rtStruct;
    RtStructRaster raster = rasteriseRtStruct(set, target, options);
    result.labels = std::move(raster.labels);
    for (const DicomSegmentDescription& roi : raster.classes) {
        result.names.push_back(roi.name);
        result.colours.push_back(roi.rgb);
    }
    for (const RtStructSkippedContour& skipped : raster.skipped) {
        result.notes.push_back(set.describeRoi(skipped.roiIndex) + " contour " +
                               std::to_string(skipped.contourIndex + 1) +
                               " left out: " + skipped.reason);
    }
    return result;
}

}  // namespace

DerivedDicomKind derivedDicomKind(const std::string& path) {
    const std::string sopClass = readDicomSopClassUid(path);
    if (sopClass == kSegmentationStorageUid)
        return DerivedDicomKind::Segmentation;
    if (sopClass == kRtStructureSetStorageUid)
        return DerivedDicomKind::RtStructureSet;
    return DerivedDicomKind::None;
}

DerivedLabelImportResult importDerivedLabels(Project& project, const std::string& path,
                                             const std::string& author, bool addMissingClasses) {
    const DerivedDicomKind kind = derivedDicomKind(path);
    if (kind == DerivedDicomKind::None)
        throw Error(path, "is neither a DICOM Segmentation nor an RT Structure Set");
    DerivedLabelImportResult result;
    result.path = path;
    const DerivedFile derived = readDerivedFile(path, kind);
    result.volumeId =
        referencedVolume(project, path, derived.seriesUid(), derived.frameOfReferenceUid());
    const DicomSourceSeries target = dicomSourceOfVolume(project, result.volumeId);
    FileLabels file = placeFileLabels(derived, target);
    result.notes = file.notes;
    result.classNames = file.names;

    Transaction transaction(project.database());
    LabelSet labelSet = projectLabelSet(project);
    std::vector<uint16_t> toClass(file.names.size() + 1, 0);
    for (size_t n = 0; n < file.names.size(); ++n) {
        const LabelClass* match = nullptr;
        for (const LabelClass& c : labelSet.classes) {
            if (lower(c.name) == lower(file.names[n]))
                match = &c;
        }
        if (match) {
            toClass[n + 1] = match->index;
        } else if (addMissingClasses) {
            toClass[n + 1] =
                project.labelSets().addClass(labelSet.id, file.names[n], file.colours[n]);
            result.addedClasses.push_back(file.names[n]);
        } else {
            std::string known;
            for (const LabelClass& c : labelSet.classes)
                known += (known.empty() ? "" : ", ") + c.name;
            throw Error(path, "names a class '" + file.names[n] +
                                  "' that the project lacks (it "
                                  "has " +
                                  known + "); add it, or import with --add-classes");
        }
    }
    LabelMap labels = std::move(file.labels);
    for (uint16_t& value : labels.labels)
        value = value < toClass.size() ? toClass[value] : 0;
    NewLabelVersion request;
    request.volumeId = result.volumeId;
    request.labelSetId = labelSet.id;
    request.provenance = LabelProvenance::Human;
    request.author = author;
    request.sourceName = path;
    result.labelVersionId = project.labels().add(request, labels);
    transaction.commit();
    return result;
}

}  // namespace segloop
