#!/usr/bin/python3
"""One mean-teacher training step in PyTorch (Python), mirroring SegLoop's C++ engine.

The reference for bench_step_time (bench/learning/StepTimeBenchmark.cpp): the same network
(learning/network/SegmentationNetwork.cpp), losses (methods/MeanTeacherMethod.cpp,
SegmentationLosses.cpp, TrainingMethod.cpp), optimiser, gradient clipping and EMA teacher
(training/Trainer.cpp, methods/EmaTeacher.cpp), defaults of training/TrainingSettings.h, and a
numpy data pipeline equivalent to data/PatchSampler.cpp (nibabel load, z-score normalisation
with 0.5/99.5 percentile clipping of the non-zero voxels, a byte-bounded LRU cache of prepared
cases, 32x48x32 (x,y,z) random crops, 1/3 foreground-centred, flips, 180 degree x-y turn,
intensity scale/shift). Debian's python3-torch runs the same libtorch 1.13 as the C++ build.

Usage: step_time.py HIPPOCAMPUS_DIR THREADS STEPS WARMUP [--phases]
Prints one line to stdout:
  RESULT <median s/step> <best s/step> <mean s/step> <peak RSS MB> <timed steps> <cases>
and, with --phases, a line "PHASES name=seconds ..." (median seconds per step of each part).
Everything else goes to stderr.
"""

import collections
import math
import os
import resource
import sys
import time

import nibabel
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ---- settings (TrainingSettings.h, PatchSampler.h, MethodSettings.h defaults) ----
PATCH_XYZ = (32, 48, 32)
FOREGROUND_PROBABILITY = 0.33
INTENSITY_SCALE = 0.1
INTENSITY_SHIFT = 0.1
CACHE_BYTES = 256 << 20
LOWER_PERCENTILE, UPPER_PERCENTILE = 0.5, 99.5
CLASSES, BASE_CHANNELS, LEVELS, MAX_CHANNELS = 3, 16, 4, 320
LEAKY_SLOPE = 0.01
ITERATIONS = 2000
LABELLED_PER_BATCH = 2
UNLABELLED_PER_BATCH = 2
LEARNING_RATE, MOMENTUM, WEIGHT_DECAY = 0.01, 0.99, 3e-5
GRAD_CLIP = 12.0
CE_WEIGHT, DICE_WEIGHT, DICE_SMOOTH = 0.5, 0.5, 1.0
RAMP_UP_FRACTION, MEAN_TEACHER_WEIGHT = 0.4, 0.1
TEACHER_NOISE_STD, TEACHER_NOISE_CLIP = 0.1, 0.2
EMA_MAX_DECAY = 0.99
SEED = 1337


# ---- cases: the same list and labelled/unlabelled split as StepTimeBenchmark.cpp ----
def nifti_stem(name):
    for suffix in (".nii.gz", ".nii"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return None


def hippocampus_cases(folder):
    """Sorted image/label pairs; every 2nd case (odd index) is unlabelled (label path None)."""
    def listing(sub):
        found = {}
        for name in os.listdir(os.path.join(folder, sub)):
            stem = nifti_stem(name)
            if stem is not None and not name.startswith("."):
                found[stem] = os.path.join(folder, sub, name)
        return found
    images, labels = listing("imagesTr"), listing("labelsTr")
    stems = sorted(set(images) & set(labels))
    return [(stem, images[stem], labels[stem] if i % 2 == 0 else None)
            for i, stem in enumerate(stems)]


# ---- data pipeline (PreparedCase, IntensityNormaliser, VolumeCache, PatchSampler) ----
class PreparedCase:
    __slots__ = ("image", "labels", "foreground", "background", "nbytes")

    def __init__(self, image, labels, foreground):
        self.image = image            # float32 [z,y,x] (x fastest, as the C++ buffers)
        self.labels = labels          # uint8 [z,y,x] or None
        self.foreground = foreground  # int64 linear indices of class > 0, or None
        self.background = float(image.min())
        self.nbytes = image.nbytes + (labels.nbytes + foreground.nbytes if labels is not None else 0)


def zscore(voxels):
    nonzero = voxels[voxels != 0]
    if nonzero.size == 0:
        nonzero = voxels.ravel()
    low, high = np.percentile(nonzero, [LOWER_PERCENTILE, UPPER_PERCENTILE])
    clipped = np.clip(nonzero.astype(np.float64), low, high)
    mean, std = clipped.mean(), max(clipped.std(), 1e-6)
    return ((np.clip(voxels.astype(np.float64), low, high) - mean) / std).astype(np.float32)


def prepare_case(image_path, label_path):
    # nibabel arrays are [x,y,z]; transpose to [z,y,x] C order like the C++ x-fastest buffers.
    image = np.ascontiguousarray(nibabel.load(image_path).get_fdata(dtype=np.float32).T)
    labels = foreground = None
    if label_path is not None:
        raw = np.asarray(nibabel.load(label_path).dataobj)
        labels = np.ascontiguousarray(np.rint(raw).astype(np.uint8).T)
        if labels.shape != image.shape:
            raise ValueError(f"{label_path}: label grid differs from the image grid")
        foreground = np.flatnonzero(labels)
    return PreparedCase(zscore(image), labels, foreground)


class VolumeCache:
    """LRU cache of prepared cases bounded in bytes (as learning/data/VolumeCache)."""

    def __init__(self, max_bytes):
        self.max_bytes, self.held = max_bytes, 0
        self.entries = collections.OrderedDict()
        self.hits = self.misses = 0

    def get(self, case):
        key = case
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key, last=False)
            self.hits += 1
            return entry
        self.misses += 1
        prepared = prepare_case(case[1], case[2])
        if prepared.nbytes > self.max_bytes:
            return prepared
        while self.entries and self.held + prepared.nbytes > self.max_bytes:
            _, old = self.entries.popitem(last=True)
            self.held -= old.nbytes
        self.entries[key] = prepared
        self.entries.move_to_end(key, last=False)
        self.held += prepared.nbytes
        return prepared


class PatchSampler:
    def __init__(self, cases, seed):
        self.labelled = [c for c in cases if c[2] is not None]
        self.unlabelled = [c for c in cases if c[2] is None]
        self.cache = VolumeCache(CACHE_BYTES)
        self.random = np.random.default_rng(seed)
        self.size_zyx = PATCH_XYZ[::-1]

    def next_labelled(self):
        return self.sample(self.labelled, True)

    def next_unlabelled(self):
        return self.sample(self.unlabelled, False)

    def sample(self, subset, labelled):
        rng = self.random
        prepared = self.cache.get(subset[rng.integers(len(subset))])
        origin = self.draw_origin(prepared, labelled)
        flips = [rng.random() < 0.5 for _ in range(3)]          # x, y, z
        turn = rng.random() < 0.5                               # 180 degrees (patch not square)
        scale = 1.0 + rng.uniform(-INTENSITY_SCALE, INTENSITY_SCALE)
        shift = rng.uniform(-INTENSITY_SHIFT, INTENSITY_SHIFT)

        image, labels = self.crop(prepared, origin)
        axes = []                                               # numpy axes: z=0, y=1, x=2
        if turn:                                                # 180 in x-y: reverse x and y
            axes += [1, 2]
        for axis_xyz, flip in enumerate(flips):
            if flip:
                axes.append(2 - axis_xyz)
        axes = tuple(a for a in (0, 1, 2) if axes.count(a) % 2 == 1)
        if axes:
            image = np.ascontiguousarray(np.flip(image, axes))
            if labels is not None:
                labels = np.ascontiguousarray(np.flip(labels, axes))
        image *= np.float32(scale)
        image += np.float32(shift)
        return image, labels

    def draw_origin(self, prepared, labelled):
        rng = self.random
        shape = prepared.image.shape  # z, y, x
        slack = [s - p for s, p in zip(shape, self.size_zyx)]
        lowest = [min(0, s) for s in slack]
        highest = [max(0, s) for s in slack]
        if labelled and rng.random() < FOREGROUND_PROBABILITY and prepared.foreground.size:
            centre = np.unravel_index(prepared.foreground[rng.integers(prepared.foreground.size)],
                                      shape)
            return [min(max(int(c) - p // 2, lo), hi)
                    for c, p, lo, hi in zip(centre, self.size_zyx, lowest, highest)]
        return [int(rng.integers(lo, hi + 1)) for lo, hi in zip(lowest, highest)]

    def crop(self, prepared, origin):
        """The patch from `origin` (z,y,x; may be negative), padded with the background."""
        image = np.full(self.size_zyx, prepared.background, dtype=np.float32)
        labels = None if prepared.labels is None else np.zeros(self.size_zyx, dtype=np.uint8)
        src, dst = [], []
        for o, p, s in zip(origin, self.size_zyx, prepared.image.shape):
            begin, end = max(o, 0), min(o + p, s)
            src.append(slice(begin, end))
            dst.append(slice(begin - o, end - o))
        image[tuple(dst)] = prepared.image[tuple(src)]
        if labels is not None:
            labels[tuple(dst)] = prepared.labels[tuple(src)]
        return image, labels


# ---- network (SegmentationNetwork.cpp, unet3d) ----
def level_channels(level):
    return min(BASE_CHANNELS * 2 ** level, MAX_CHANNELS)


def double_conv(cin, cout):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1, bias=False), nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(LEAKY_SLOPE),
        nn.Conv3d(cout, cout, 3, padding=1, bias=False), nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(LEAKY_SLOPE))


class SegmentationNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        for level in range(LEVELS):
            cin = 1 if level == 0 else level_channels(level - 1)
            self.add_module(f"encoder{level}", double_conv(cin, level_channels(level)))
        for level in range(LEVELS - 1):
            below, here = level_channels(level + 1), level_channels(level)
            self.add_module(f"upsample{level}", nn.ConvTranspose3d(below, here, 2, stride=2))
            self.add_module(f"decoder{level}", double_conv(2 * here, here))
        self.classifier = nn.Conv3d(level_channels(0), CLASSES, 1)
        with torch.no_grad():
            for name, parameter in self.named_parameters():
                if parameter.dim() >= 3:
                    nn.init.kaiming_normal_(parameter, a=LEAKY_SLOPE, mode="fan_in",
                                            nonlinearity="leaky_relu")
                elif name.endswith("bias"):
                    parameter.zero_()
        self.encoders = [getattr(self, f"encoder{l}") for l in range(LEVELS)]
        self.upsamples = [getattr(self, f"upsample{l}") for l in range(LEVELS - 1)]
        self.decoders = [getattr(self, f"decoder{l}") for l in range(LEVELS - 1)]

    def forward(self, x):
        skips = []
        for level in range(LEVELS):
            if level > 0:
                x = torch.max_pool3d(x, 2, 2)
            x = self.encoders[level](x)
            if level + 1 < LEVELS:
                skips.append(x)
        for level in range(LEVELS - 2, -1, -1):
            x = self.upsamples[level](x)
            x = torch.cat([skips[level], x], 1)
            x = self.decoders[level](x)
        return self.classifier(x)


# ---- losses (SegmentationLosses.cpp, TrainingMethod.cpp, MeanTeacherMethod.cpp) ----
def supervised_terms(logits, targets):
    ce = (-torch.log_softmax(logits, 1).gather(1, targets.unsqueeze(1)).squeeze(1)).mean()
    p = torch.softmax(logits, 1)
    g = F.one_hot(targets, logits.size(1)).permute(0, 4, 1, 2, 3).to(p.dtype)
    tp = (p * g).flatten(2).sum(2)
    fp = p.flatten(2).sum(2) - tp
    fn = g.flatten(2).sum(2) - tp
    dc = (2 * tp + DICE_SMOOTH) / (2 * tp + fp + fn + DICE_SMOOTH + 1e-8)
    dice = 1.0 - dc.mean()
    return CE_WEIGHT * ce + DICE_WEIGHT * dice, ce, dice


def ramp_up_weight(progress):
    t = min(max(progress / RAMP_UP_FRACTION, 0.0), 1.0)
    return MEAN_TEACHER_WEIGHT * math.exp(-5.0 * (1.0 - t) ** 2)


def mean_teacher_loss(student, teacher, labelled, targets, unlabelled, progress):
    count = labelled.size(0)
    logits = student(torch.cat([labelled, unlabelled], 0))
    supervised, ce, dice = supervised_terms(logits[:count], targets)
    noisy = unlabelled + (torch.randn_like(unlabelled) * TEACHER_NOISE_STD).clamp(
        -TEACHER_NOISE_CLIP, TEACHER_NOISE_CLIP)
    with torch.no_grad():
        teacher_soft = torch.softmax(teacher(noisy), 1)
    student_soft = torch.softmax(logits[count:], 1)
    consistency = (student_soft - teacher_soft).pow(2).mean()
    weight = ramp_up_weight(progress)
    total = supervised + weight * consistency
    # The C++ PartsRecorder copies the parts to the host together, once a step.
    parts = torch.stack([supervised.detach(), ce.detach(), dice.detach(),
                         consistency.detach()]).double().tolist()
    return total, parts


# ---- trainer (Trainer.cpp, EmaTeacher.cpp) ----
class Trainer:
    def __init__(self, cases):
        torch.manual_seed(SEED)
        self.student = SegmentationNetwork()
        self.teacher = SegmentationNetwork()
        self.update_teacher(0.0)
        for parameter in self.teacher.parameters():
            parameter.requires_grad_(False)
        self.optimizer = torch.optim.SGD(self.student.parameters(), lr=LEARNING_RATE,
                                         momentum=MOMENTUM, nesterov=True,
                                         weight_decay=WEIGHT_DECAY)
        self.sampler = PatchSampler(cases, SEED)
        self.iteration = 0
        self.phases = collections.defaultdict(list)

    def update_teacher(self, decay):
        with torch.no_grad():
            student = dict(self.student.named_parameters())
            student.update(self.student.named_buffers())
            for name, tensor in list(self.teacher.named_parameters()) + list(
                    self.teacher.named_buffers()):
                source = student[name].detach()
                if tensor.is_floating_point():
                    tensor.mul_(decay).add_(source, alpha=1.0 - decay)
                else:
                    tensor.copy_(source)

    @staticmethod
    def batch(patches, labelled):
        images = torch.from_numpy(np.stack([p[0] for p in patches])).unsqueeze(1)
        targets = torch.from_numpy(np.stack([p[1] for p in patches])).long() if labelled else None
        return images, targets

    def step(self, phases=False):
        marks = [time.perf_counter()]
        mark = (lambda: marks.append(time.perf_counter())) if phases else (lambda: None)
        self.student.train()
        labelled = [self.sampler.next_labelled() for _ in range(LABELLED_PER_BATCH)]
        unlabelled = [self.sampler.next_unlabelled() for _ in range(UNLABELLED_PER_BATCH)]
        images, targets = self.batch(labelled, True)
        unlabelled_images, _ = self.batch(unlabelled, False)
        progress = self.iteration / ITERATIONS
        learning_rate = LEARNING_RATE * max(0.0, 1.0 - progress) ** 0.9
        for group in self.optimizer.param_groups:
            group["lr"] = learning_rate
        self.optimizer.zero_grad(set_to_none=False)  # as LibTorch 1.13's zero_grad()
        mark()
        total, parts = mean_teacher_loss(self.student, self.teacher, images, targets,
                                         unlabelled_images, progress)
        mark()
        total.backward()
        mark()
        nn.utils.clip_grad_norm_(self.student.parameters(), GRAD_CLIP)
        self.optimizer.step()
        mark()
        self.update_teacher(min(1.0 - 1.0 / (self.iteration + 1.0), EMA_MAX_DECAY))
        self.iteration += 1
        loss = total.item()
        mark()
        if phases:
            names = ("sampling", "forward+loss", "backward", "clip+sgd", "ema")
            for name, begin, end in zip(names, marks, marks[1:]):
                self.phases[name].append(end - begin)
        return loss, parts


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    phases = "--phases" in sys.argv[1:]
    if len(args) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    folder, threads, steps, warmup = args[0], int(args[1]), int(args[2]), int(args[3])
    torch.set_num_threads(threads)
    cases = hippocampus_cases(folder)
    trainer = Trainer(cases)
    for _ in range(warmup):
        trainer.step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        loss, _ = trainer.step(phases)
        times.append(time.perf_counter() - start)
    if not math.isfinite(loss):
        print(f"non-finite loss {loss}", file=sys.stderr)
        return 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"python: {len(cases)} cases, cache hits {trainer.sampler.cache.hits} misses "
          f"{trainer.sampler.cache.misses}, last loss {loss:.4f}", file=sys.stderr)
    print(f"RESULT {float(np.median(times)):.6f} {min(times):.6f} {float(np.mean(times)):.6f} "
          f"{peak_mb:.1f} {len(times)} {len(cases)}")
    if phases:
        print("PHASES " + " ".join(f"{name}={float(np.median(values)):.6f}"
                                   for name, values in trainer.phases.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
