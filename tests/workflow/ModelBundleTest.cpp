// Model bundles on a real project (hippocampus cases, a one-step LibTorch model): the manifest
// and its hashes, tampered members and newer formats refused, prediction without a project on
// NIfTI and DICOM (label maps, a DICOM SEG), import into another project, and the TorchScript
// member against the engine's logits through Python's torch.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/Error.h"
#include "core/io/DicomSeg.h"
#include "core/io/DicomSegReader.h"
#include "core/io/DicomSeriesScanner.h"
#include "core/io/NiftiReader.h"
#include "learning/LearningTestSupport.h"
#include "learning/data/IntensityNormaliser.h"
#include "learning/inference/ModelExport.h"
#include "learning/inference/SegmentationModel.h"
#include "learning/training/Trainer.h"
#include "storage/Project.h"
#include "storage/ProjectImporter.h"
#include "workflow/BundleArchive.h"
#include "workflow/BundlePrediction.h"
#include "workflow/ModelBundle.h"
#include "workflow/ModelBundleImport.h"
#include "workflow/PredictAndScore.h"

namespace segloop {
namespace {

const std::vector<LabelClass> kClasses{{1, "anterior", {255, 0, 0}}, {2, "posterior", {0, 0, 255}}};

/// A project of the four hippocampus images (001 and 003 labelled when `classes` has two)
/// with `classes`.
Project makeProject(const std::string& folder, const std::vector<LabelClass>& classes = kClasses) {
    Project project = Project::create(folder);
    project.labelSets().create("labels", classes);
    ImportRequest labelled;
    ImportRequest unlabelled;
    std::filesystem::create_directories(folder + "-labels");
    for (const TrainingCase& c : test::hippocampusCases()) {
        const bool withLabel = c.labelled() && classes.size() == 2;
        (withLabel ? labelled : unlabelled).inputs.push_back(c.imagePath);
        if (withLabel) {
            std::filesystem::copy(
                c.labelPath,
                folder + "-labels/" + std::filesystem::path(c.labelPath).filename().string());
        }
    }
    if (!labelled.inputs.empty()) {
        labelled.labelsFolder = folder + "-labels";
        importIntoProject(project, labelled);
    }
    importIntoProject(project, unlabelled);
    return project;
}

std::string hippocampusImage(const std::string& number) {
    return test::testDataDir() + "/hippocampus/imagesTr/hippocampus_" + number + ".nii.gz";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// `call` throws an Error whose message holds `part`.
template <typename Call>
void expectError(Call call, const std::string& part) {
    try {
        call();
        ADD_FAILURE() << "no error; expected one with: " << part;
    } catch (const Error& error) {
        EXPECT_TRUE(contains(error.what(), part)) << error.what();
    }
}

class ModelBundleTest : public ::testing::Test {
  protected:
    void SetUp() override {
        TrainingSettings settings = test::tinySettings("mean-teacher", 1);
        settings.threads = 1;  // ctest runs tests side by side on two cores
        Trainer trainer(settings, test::hippocampusCases(), {});
        trainer.step();
        trainer.saveCheckpoint(project.layout().absolute("data/models/run-1.pt"));
        modelId =
            project.models().add({0, "segmentation", 0, "mean-teacher", "data/models/run-1.pt", "",
                                  "{\"best_validation_dice\":0.25,\"iterations\":1}"});
        exported = exportModelBundle(project, std::nullopt, bundle);
    }

    /// The bundle with one member replaced (or added).
    std::string rewritten(const std::string& name, const std::string& bytes) {
        std::map<std::string, std::string> members = readZipArchive(bundle);
        members[name] = bytes;
        std::vector<ArchiveMember> list;
        for (const auto& [member, content] : members)
            list.push_back({member, content});
        const std::string path = dir.file("changed.segloop-model");
        writeZipArchive(path, list);
        return path;
    }

    test::TempDir dir;
    Project project = makeProject(dir.file("project"));
    int64_t modelId = 0;
    std::string bundle = dir.file("model.segloop-model");
    ModelBundleExportReport exported;
};

TEST_F(ModelBundleTest, ExportWritesWeightsTorchScriptAndAManifest) {
    EXPECT_EQ(exported.modelId, modelId);
    EXPECT_TRUE(looksLikeModelBundle(bundle));
    EXPECT_FALSE(looksLikeModelBundle(hippocampusImage("001")));
    const ModelBundle read = readModelBundle(bundle);
    EXPECT_EQ(read.members.size(), 3u);
    const ModelBundleManifest& manifest = read.manifest;
    EXPECT_EQ(manifest.formatVersion, 1);
    EXPECT_FALSE(manifest.segloopVersion.empty());
    EXPECT_EQ(manifest.settings.method, "mean-teacher");
    EXPECT_EQ(manifest.settings.network.classes, 3);
    EXPECT_EQ(manifest.settings.network.baseChannels, 4);
    EXPECT_EQ(manifest.settings.sampler.patchSize, (std::array<int64_t, 3>{16, 16, 16}));
    EXPECT_EQ(manifest.settings.normalisation.mode, "zscore");
    ASSERT_EQ(manifest.classes.size(), 2u);
    EXPECT_EQ(manifest.classes[1].name, "posterior");
    EXPECT_EQ(manifest.classes[1].colourRgb, (std::array<uint8_t, 3>{0, 0, 255}));
    EXPECT_TRUE(contains(manifest.validationMetricsJson, "\"best_validation_dice\":0.25"));
    EXPECT_TRUE(contains(manifest.trainingDataJson, "\"project_volumes_at_export\":4"))
        << manifest.trainingDataJson;
    for (const char* name : {kBundleWeightsMember, kBundleTorchScriptMember}) {
        ASSERT_TRUE(manifest.members.count(name)) << name;
        EXPECT_EQ(manifest.members.at(name).sha256.size(), 64u);
        EXPECT_EQ(manifest.members.at(name).bytes, read.members.at(name).size());
    }
    // No patient data: neither the patient nor the images' paths are in the manifest.
    const std::string json = read.members.at(kBundleManifestMember);
    EXPECT_FALSE(contains(json, "hippocampus_")) << json;
    EXPECT_TRUE(contains(json, "\"format\": \"segloop-model\"")) << json;
    // The bundle's weights predict what the project's checkpoint does.
    const Volume image = readNiftiVolume(hippocampusImage("004"));
    const Prediction own =
        SegmentationModel::load(project.layout().absolute("data/models/run-1.pt"), "cpu")
            ->predict(image);
    const Prediction fromBundle = loadBundleModel(read, "cpu")->predict(image);
    EXPECT_EQ(own.labels.labels, fromBundle.labels.labels);
    EXPECT_EQ(project.auditLog().latest(1).at(0).action, "export model");
}

TEST_F(ModelBundleTest, ATamperedMemberANewerFormatAndStrayMembersAreRefused) {
    std::string weights = readZipArchive(bundle).at(kBundleWeightsMember);
    weights[weights.size() / 2] ^= 0x5a;
    expectError([&] { readModelBundle(rewritten(kBundleWeightsMember, weights)); },
                "member weights.pt does not match its SHA-256");

    std::string manifest = readZipArchive(bundle).at(kBundleManifestMember);
    const size_t at = manifest.find("\"format_version\": 1");
    ASSERT_NE(at, std::string::npos) << manifest;
    manifest.replace(at, 19, "\"format_version\": 2");
    expectError([&] { readModelBundle(rewritten(kBundleManifestMember, manifest)); },
                "format version 2");
    expectError([&] { readModelBundle(rewritten("extra.txt", "hello")); },
                "holds member extra.txt, which manifest.json does not list");
    expectError([&] { readModelBundle(hippocampusImage("001")); }, "is not a zip file");
}

TEST_F(ModelBundleTest, PredictsNiftiAndDicomWithoutAProject) {
    BundlePredictionRequest request;
    request.bundlePath = bundle;
    request.inputs = {hippocampusImage("004"), test::testDataDir() + "/dicom/hippo12"};
    request.outputFolder = dir.file("out");
    request.uncertainty = true;
    request.device = "cpu";
    const BundlePredictionReport report = predictWithBundle(request);
    ASSERT_EQ(report.outputs.size(), 2u);
    const BundlePredictionOutput& nifti = report.outputs[0];
    EXPECT_EQ(nifti.labels, dir.file("out/hippocampus_004_seg.nii.gz"));
    const LabelMap labels = readNiftiLabelMap(nifti.labels);
    const Volume image = readNiftiVolume(hippocampusImage("004"));
    EXPECT_EQ(labels.geometry.size, image.geometry.size);
    EXPECT_LE(labels.maxLabel(), 2);
    EXPECT_TRUE(nifti.dicomSeg.empty());
    EXPECT_TRUE(std::filesystem::exists(nifti.uncertainty));

    const BundlePredictionOutput& dicom = report.outputs[1];
    EXPECT_TRUE(std::filesystem::exists(dicom.labels));
    EXPECT_EQ(readNiftiLabelMap(dicom.labels).geometry.size[2], 12);
    ASSERT_GT(dicom.labelledVoxels, 0u) << "the one-step model labels nothing: no SEG to test";
    ASSERT_FALSE(dicom.dicomSeg.empty()) << dicom.note;
    const DicomSeg seg = readDicomSeg(dicom.dicomSeg);
    const DicomScanResult scan = scanDicomFolder(test::testDataDir() + "/dicom/hippo12");
    ASSERT_EQ(scan.series.size(), 1u);
    EXPECT_EQ(seg.referencedSeriesUid, scan.series[0].seriesInstanceUid);
    EXPECT_EQ(seg.studyInstanceUid, scan.series[0].studyInstanceUid);
    EXPECT_EQ(seg.segmentationType, "BINARY");
    EXPECT_EQ(seg.segments.size(), 2u);
    std::ifstream table(report.table);
    std::string header;
    std::getline(table, header);
    EXPECT_EQ(header, "input,labels,dicom_seg,uncertainty,labelled_voxels,note");

    request.inputs = {dir.file("absent.nii.gz")};
    expectError([&] { predictWithBundle(request); }, "no such file or folder");
}

TEST_F(ModelBundleTest, ImportsIntoAnotherProjectWithAsManyClasses) {
    Project other = makeProject(dir.file("other"));
    const ModelImportReport report = importModelBundle(other, bundle);
    EXPECT_EQ(report.folder, "data/models/imported-1");
    const ModelRecord model = other.models().get(report.modelId);
    EXPECT_EQ(model.dataPath, "data/models/imported-1/weights.pt");
    EXPECT_EQ(model.method, "mean-teacher");
    EXPECT_TRUE(std::filesystem::exists(other.layout().absolute(report.folder + "/manifest.json")));
    PredictRequest predict;
    predict.device = "cpu";
    predict.regions = false;
    const PredictReport predicted = predictAndScore(other, predict);
    EXPECT_EQ(predicted.modelId, report.modelId);
    EXPECT_EQ(predicted.savedLabelVersions.size(), 2u);
    // A second import takes the next folder; its re-export keeps the training counts.
    EXPECT_EQ(importModelBundle(other, bundle).folder, "data/models/imported-2");
    const std::string again = dir.file("again.segloop-model");
    const ModelBundleExportReport reexported = exportModelBundle(other, report.modelId, again);
    EXPECT_TRUE(contains(reexported.manifest.trainingDataJson, "\"imported_from_bundle\":true"));

    Project oneClass = makeProject(dir.file("one"), {{1, "hippocampus", {255, 255, 0}}});
    expectError([&] { importModelBundle(oneClass, bundle); }, "its network predicts 3 classes");
    EXPECT_TRUE(oneClass.models().list().empty());
    EXPECT_FALSE(std::filesystem::exists(oneClass.layout().absolute("data/models/imported-1")));
}

TEST_F(ModelBundleTest, TorchScriptGivesTheEnginesLogitsInPython) {
    if (std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "python3-torch is absent: skipping the TorchScript parity test";
    const ModelBundle read = readModelBundle(bundle);
    writeBundleMembers(read, dir.file("members"));
    // A 16x16x16 patch of hippocampus 004 (36x52x38), normalised as training does.
    const Volume image = readNiftiVolume(hippocampusImage("004"));
    std::vector<float> normalised = image.voxels;
    IntensityNormaliser(read.manifest.settings.normalisation).apply(normalised);
    const std::array<int64_t, 3> size{16, 16, 16};
    std::vector<float> patch;
    for (int64_t z = 8; z < 8 + size[2]; ++z)
        for (int64_t y = 16; y < 16 + size[1]; ++y)
            for (int64_t x = 8; x < 8 + size[0]; ++x)
                patch.push_back(normalised[size_t(
                    (z * image.geometry.size[1] + y) * image.geometry.size[0] + x)]);
    const std::vector<float> logits = patchLogits(dir.file("members/weights.pt"), patch, size);
    ASSERT_EQ(logits.size(), 3u * 16 * 16 * 16);
    auto writeFloats = [](const std::string& path, const std::vector<float>& values) {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(values.data()), std::streamsize(values.size() * 4));
    };
    writeFloats(dir.file("input.f32"), patch);
    writeFloats(dir.file("logits.f32"), logits);
    const test::CommandResult result = test::runCommand(
        "/usr/bin/python3 '" + std::string(SEGLOOP_TESTS_SOURCE_DIR) +
        "/tools/torchscript_parity.py' '" + dir.file("members/model.torchscript.pt") + "' '" +
        dir.file("input.f32") + "' '" + dir.file("logits.f32") + "' 16 16 16 1e-4");
    EXPECT_EQ(result.exitCode, 0) << result.output;
    EXPECT_TRUE(contains(result.output, "max abs difference")) << result.output;
}

}  // namespace
}  // namespace segloop
