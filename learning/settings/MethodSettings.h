#pragma once

#include <cstdint>
#include <string>

namespace segloop {

/// Every named setting of the methods. Sources: [SGRS] = ortonwang/SGRS-Net code/train.py,
/// utils/losses.py, utils/mixmatch_util.py; [SSL4MIS] = HiLab-git/SSL4MIS
/// code/train_mean_teacher_3D.py; [PROPOSAL] = METHODS-NOTES.md §1.3 (BUAR paper not readable);
/// [ours] = our choice. Details: docs/methods-engine-notes.md. A plain value (no LibTorch
/// types), saved with the training settings.
struct MethodSettings {
    // --- shared ---
    /// Supervised loss = ceWeight * CE + diceWeight * soft Dice. [SGRS, SSL4MIS: 0.5 * (CE + Dice)]
    double supervisedCeWeight = 0.5;
    double supervisedDiceWeight = 0.5;
    /// Soft Dice smoothing s of the supervised / masked Dice. [SGRS: SoftDiceLoss(smooth=1.)]
    double diceSmooth = 1.0;
    /// Background in the Dice mean. [SGRS: do_bg=True and DiceLoss over all classes]
    bool diceIncludeBackground = true;
    /// Unsupervised weight ramp w(t) = wMax exp(-5 (1 - min(t / f, 1))^2) ends at fraction f of
    /// training. [SGRS: 40 "epochs" of 150 iterations of 15 000 = 0.4; ours, measured: 1.0, the
    /// whole run, for the short CPU budgets (bench/user-defaults/notes.md, 2026-12-07)]
    double rampUpFraction = 1.0;
    /// Teacher input noise: clamp(N(0, sigma^2), -clip, clip). [SSL4MIS, SGRS: 0.1, 0.2]
    double teacherNoiseStd = 0.1;
    double teacherNoiseClip = 0.2;
    /// Upper bound of the EMA decay for the trainer's updateTeacher/emaDecay. [SSL4MIS, SGRS: 0.99;
    /// ours, measured: 0.98, a teacher that follows a short run (bench/user-defaults/notes.md)]
    double emaMaxDecay = 0.98;
    /// The teacher's pseudo-labels (settings.pseudoLabels "teacher") come from its softmax
    /// averaged over the 8 flips of the spatial axes (test-time augmentation) instead of one
    /// forward. [ours; off in the papers' code]
    bool teacherFlipAverage = false;

    /// The student sees a strongly perturbed view of each unlabelled image (studentView in
    /// MethodSupport.h) while the teacher keeps the plain one (+ its input noise); the
    /// student's unlabelled outputs are flipped back before every unlabelled loss. Used by
    /// mean-teacher, sgrs (its plain view x_u), buarl and quality-guided (through its base
    /// method). [ours, after FixMatch arXiv 2001.07685; off in the papers' code; on by default
    /// since 2026-12-07, measured (bench/user-defaults/notes.md)]
    bool strongStudentView = true;
    /// a: contrast 1 + U(-a, a) and brightness U(-a, a), in normalised intensity units. [ours]
    double strongViewIntensity = 0.3;
    /// Gaussian voxel noise of the strong view, in normalised units. [ours]
    double strongViewNoiseStd = 0.1;
    /// The strong view is also flipped along each axis with p 0.5 (undone on the logits). Off:
    /// flips teach the student to ignore orientation, which tells apart classes that differ by
    /// side or position (hippocampus head and tail, the two ventricles), as the sampler's flips
    /// do (docs/benchmarks.md, 2026-12-07). [ours]
    bool strongViewFlips = false;

    // --- mean-teacher ---
    /// wMax of the softmax-MSE consistency. [SSL4MIS: --consistency 0.1]
    double meanTeacherWeight = 0.1;

    // --- sgrs ---
    /// wMax of L_pseudo. [SGRS: --consistency 1]
    double sgrsWeight = 1.0;
    /// Ambiguity band (tau, 1 - tau) on the background probability. [METHODS-NOTES §4.4: 0.425;
    /// the stored SGRS snapshot 2be1336 has --tau 0.410]
    double sgrsTau = 0.425;
    /// Label smoothing of the CE on the reliable divergent region D'. [SGRS: --ce_w 0.2]
    double sgrsLabelSmoothing = 0.2;
    /// Soft Dice smoothing on C'. [SGRS: SoftDiceLoss(smooth=1.)]
    double sgrsConsistentDiceSmooth = 1.0;
    /// Soft Dice smoothing on D'. [SGRS: --dice_w 20]
    double sgrsDivergentDiceSmooth = 20.0;
    /// Mix coefficient mu ~ Beta(a, a), mu = max(mu, 1 - mu). [SGRS: mix_up alpha=0.75]
    double sgrsMixAlpha = 0.75;
    /// How x_m is made. "blend": x_m = mu x_u + (1 - mu) x_l (SGRS's mix, sgrsMixAlpha).
    /// "copy-paste": the bidirectional copy-paste of BCP (Bai et al., arXiv 2305.00673,
    /// CopyPasteMix.h): a box of a labelled image pasted into x_u and the same box of x_u into
    /// the labelled image; the two outputs unmixed give the mixed view of x_u (for the regions
    /// and L_pseudo) and of the labelled image (for sgrsPastedSupervisedWeight). [SGRS: blend;
    /// ours, measured: copy-paste, better with 4-8 labelled cases (bench/user-defaults/notes.md)]
    std::string sgrsMixMode = "copy-paste";
    /// Side of the pasted box as a fraction of the patch along each axis. [BCP: 2/3]
    double sgrsPasteFraction = 2.0 / 3.0;
    /// Weight of the supervised loss on the labelled image's unmixed output, added to L_sup.
    /// [ours: BCP weights the labelled part of a mixed image 1, which cost 0.028 validation
    /// Dice at 4 labelled cases (bench/learning/accuracy-notes.md); 0 keeps only the mixed view]
    double sgrsPastedSupervisedWeight = 0.0;
    /// Supervised Dice = referenceDiceLoss (SGRS train.py's DiceLoss) instead of softDiceLoss.
    /// [SGRS]
    bool sgrsReferenceSupervisedDice = true;

    // --- buarl ---
    /// lambda_max of L_CRL. [PROPOSAL]
    double buarlWeight = 1.0;
    /// rho: the top-rho teacher-entropy voxels of each labelled image form U_hi. [PROPOSAL]
    double buarlUncertainFraction = 0.2;
    /// beta of L_URL. [PROPOSAL]
    double buarlUrlWeight = 0.5;
    /// tau_lo: unlabelled voxels with normalised teacher entropy below it are learnt. [PROPOSAL]
    double buarlConfidentThreshold = 0.5;
    /// L_CRL = masked CE + masked soft Dice (true) or the masked CE alone (false). [PROPOSAL:
    /// both; false is for the accuracy investigation of issue 3, bench/learning]
    bool buarlUnlabelledDice = true;

    // --- pseudo-label source (mean-teacher, sgrs, quality-guided) ---
    /// "teacher": the EMA teacher's own prediction; "reference": each unlabelled voxel takes
    /// the class of its nearest labelled reference voxel in the teacher's feature space
    /// (ReferenceLabels.h; Seibold et al., arXiv 2112.00735).
    std::string pseudoLabels = "teacher";
    /// K_c: at most this many reference voxels per class, drawn from the batch's labelled
    /// patches. [ours; METHODS-NOTES §2.3 proposes 2000 per class per epoch-wide bank, we draw
    /// per step from two patches, which hold about 8 000 voxels at 16^3 and 49 000 at 32x48x32]
    int64_t referenceMaxPerClass = 1000;
    /// Query voxels per similarity chunk: memory of one chunk = chunk * bank * 4 bytes. [ours]
    int64_t referenceChunkSize = 4096;

    // --- quality-guided (QG-SSL, arXiv 2606.01753; METHODS-NOTES §3.4-3.7) ---
    /// The SSL method the quality terms build on: "mean-teacher" (the paper's MT-QW) or "sgrs".
    std::string qualityBaseMethod = "mean-teacher";
    /// Checkpoint of a trained quality predictor (QualityPredictor::save); frozen during training.
    std::string qualityModelPath;
    /// lambda_max of L_QAR = 1 - mean_b q(x_b, softmax f(x_b)). [QG-SSL run script: 0.01]
    double qualityRegularisationWeight = 0.01;
    /// L_QAR is 0 until this fraction of training, then ramps linearly over
    /// qualityRegularisationRampLength. [QG-SSL: 30 and 40 of 200 epochs = 0.15, 0.2]
    double qualityRegularisationStart = 0.15;
    double qualityRegularisationRampLength = 0.2;
    /// PL-QW per-sample weight w_b = q_b^T [q_b >= tau] of the teacher's pseudo-label.
    /// [QG-SSL run script: quality_temperature 2.0, quality_threshold 0.5]
    double qualityWeightTemperature = 2.0;
    double qualityWeightThreshold = 0.5;
};

}  // namespace segloop
