#pragma once

// Internal helpers shared by the TrainingMethod implementations (defined in
// TrainingMethod.cpp). Not part of the engine's public API.

#include "learning/methods/TrainingMethod.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace segloop {
namespace methods {

/// Throws segloop::Error naming `method` unless labelledImages is [Bl,C,Z,Y,X] with Bl >= 1,
/// labelledTargets is int64 [Bl,Z,Y,X], and unlabelledImages (when present) matches in
/// C, Z, Y, X.
void checkBatch(const TrainingBatch& batch, const std::string& method);

/// Whether the batch carries at least one unlabelled image.
bool hasUnlabelled(const TrainingBatch& batch);

/// The student's input for one forward over the whole batch: concat[labelled, unlabelled]
/// along the batch axis, or the labelled images alone when there are no unlabelled ones.
torch::Tensor wholeBatchImages(const TrainingBatch& batch);

/// images + clamp(N(0, std^2), -clip, clip) (same device and dtype; torch's generator).
torch::Tensor addClippedNoise(const torch::Tensor& images, double std, double clip);

/// The unlabelled images as the student sees them. With settings.strongStudentView off: the
/// images themselves. On: a stronger view than the teacher's (FixMatch's weak/strong split,
/// arXiv 2001.07685): each sample's intensities scaled by 1 + U(-a, a) and shifted by U(-a, a)
/// (a = strongViewIntensity, normalised units), Gaussian noise of strongViewNoiseStd, and, with
/// strongViewFlips, the batch flipped along each spatial axis with p 0.5. Random draws from
/// LibTorch's generator.
struct StudentView {
    torch::Tensor images;              ///< [Bu,C,Z,Y,X], the student's input
    std::vector<int64_t> flippedDims;  ///< tensor dims flipped (2..4), empty when none
    /// A student output [Bu,K,Z,Y,X] on `images` flipped back onto the teacher's voxels.
    torch::Tensor toTeacherFrame(const torch::Tensor& studentOutput) const;
};
StudentView studentView(const torch::Tensor& unlabelledImages, const MethodSettings& settings);

/// One student forward on concat[labelled, studentView(unlabelled)], the unlabelled part's
/// logits flipped back onto the teacher's voxels: [Bl+Bu,K,Z,Y,X] in wholeBatchImages order.
/// Without unlabelled images, the logits of the labelled ones.
torch::Tensor studentLogits(SegmentationNetwork& student, const TrainingBatch& batch,
                            const MethodSettings& settings);

/// Teacher softmax [B,K,Z,Y,X] (float32) of `images` under NoGradGuard; throws
/// segloop::Error naming `method` when the teacher is null.
torch::Tensor teacherProbabilities(SegmentationNetwork* teacher, const torch::Tensor& images,
                                   const std::string& method);

/// What the teacher offers as targets for the unlabelled images.
struct TeacherTargets {
    torch::Tensor softmax;        ///< teacher softmax [Bu,K,Z,Y,X] (float32)
    torch::Tensor labels;         ///< hard pseudo-label [Bu,Z,Y,X] int64
    torch::Tensor probabilities;  ///< target distribution: `softmax`, or onehot(labels) for
                                  ///< reference pseudo-labels
};

/// Teacher targets for `teacherInput` (the unlabelled images as the teacher sees them), under
/// NoGradGuard. settings.pseudoLabels "teacher": labels = argmax softmax. "reference": labels
/// from the nearest reference voxel in the teacher's last decoder features, the bank drawn
/// from the teacher's features of the batch's labelled images and their targets
/// (ReferenceLabels.h). Throws segloop::Error naming `method` when the teacher is null.
TeacherTargets teacherTargets(SegmentationNetwork* teacher, const torch::Tensor& teacherInput,
                              const TrainingBatch& batch, const MethodSettings& settings,
                              const std::string& method);

/// The supervised loss and its parts (scalar tensors).
struct SupervisedTerms {
    torch::Tensor loss;  ///< ceWeight * CE + diceWeight * Dice
    torch::Tensor ce;
    torch::Tensor dice;
};

/// ceWeight * mean CE(logits, targets) + diceWeight * Dice(softmax(logits), targets), where
/// Dice is softDiceLoss(smooth = settings.diceSmooth, settings.diceIncludeBackground) or, with
/// referenceDice, referenceDiceLoss. logits [Bl,K,Z,Y,X], targets [Bl,Z,Y,X].
SupervisedTerms supervisedTerms(const torch::Tensor& logits, const torch::Tensor& targets,
                                const MethodSettings& settings, bool referenceDice = false);

/// Collects the numbers of MethodLoss::parts. Tensors are copied to the host together in
/// finish(): one device synchronisation a step instead of one per number.
class PartsRecorder {
  public:
    /// A scalar tensor (detached here).
    void add(const std::string& name, const torch::Tensor& scalar);
    void add(const std::string& name, double value);
    /// The supervised loss, "ce" and "dice".
    void addSupervised(const SupervisedTerms& terms);
    std::map<std::string, double> finish() const;

  private:
    std::vector<std::string> names_;
    std::vector<torch::Tensor> scalars_;
    std::map<std::string, double> values_;
};

/// The SGRS step's terms (SgrsMethod.cpp): one student forward on [x_l, x_u, x_m].
struct SgrsTerms {
    SupervisedTerms supervised;     ///< on the labelled part (SGRS's Dice)
    torch::Tensor pseudoPerSample;  ///< L_pseudo of each unlabelled sample [Bu]
    torch::Tensor pseudoLabel;      ///< y^ [Bu,Z,Y,X] int64
    torch::Tensor probsPlain;       ///< student softmax on x_u [Bu,K,Z,Y,X]
};

/// Computes SgrsTerms and records supervised, ce, dice, pseudoCe, pseudoDice, mixCoefficient
/// and the region fractions in `parts`. The batch must have unlabelled images.
SgrsTerms sgrsTerms(SegmentationNetwork& student, SegmentationNetwork* teacher,
                    const TrainingBatch& batch, const MethodSettings& settings,
                    const std::string& method, PartsRecorder& parts);

/// A step for a batch without unlabelled images: L_sup only (SGRS's supervised Dice when
/// `referenceDice`), parts "unsupervised" and "weight" 0.
MethodLoss supervisedOnlyLoss(SegmentationNetwork& student, const TrainingBatch& batch,
                              const MethodSettings& settings, bool referenceDice);

/// Fraction of ones in a {0,1} mask (scalar tensor).
torch::Tensor fraction(const torch::Tensor& mask);

std::unique_ptr<TrainingMethod> makeSupervisedMethod(const MethodSettings& settings);
std::unique_ptr<TrainingMethod> makeMeanTeacherMethod(const MethodSettings& settings);
std::unique_ptr<TrainingMethod> makeSgrsMethod(const MethodSettings& settings);
std::unique_ptr<TrainingMethod> makeBuarlMethod(const MethodSettings& settings);
std::unique_ptr<TrainingMethod> makeQualityGuidedMethod(const MethodSettings& settings);

}  // namespace methods
}  // namespace segloop
