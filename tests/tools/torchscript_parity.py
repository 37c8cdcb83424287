#!/usr/bin/python3
"""Runs a SegLoop model bundle's TorchScript member with Python's torch and compares its logits
with those of SegLoop's C++ engine.

Used by ModelBundleTest: an exported network must give tools outside SegLoop the same logits.

Usage: torchscript_parity.py MODEL.pt INPUT.f32 EXPECTED.f32 X Y Z TOLERANCE

INPUT.f32 holds the normalised patch (float32, little-endian, x fastest, [1, 1, Z, Y, X]);
EXPECTED.f32 the engine's logits [1, K, Z, Y, X]. Prints 'max abs difference D over N logits'
and exits 0 when D <= TOLERANCE, 1 otherwise.
"""
import sys

import numpy
import torch


def main():
    model_path, input_path, expected_path = sys.argv[1:4]
    x, y, z = (int(value) for value in sys.argv[4:7])
    tolerance = float(sys.argv[7])
    model = torch.jit.load(model_path, map_location="cpu")
    model.eval()
    patch = numpy.fromfile(input_path, dtype="<f4").reshape(1, 1, z, y, x)
    with torch.no_grad():
        logits = model(torch.from_numpy(patch.copy())).numpy()
    expected = numpy.fromfile(expected_path, dtype="<f4")
    if logits.size != expected.size:
        print("logits: %d values, expected %d" % (logits.size, expected.size))
        return 1
    difference = float(numpy.abs(logits.reshape(-1) - expected).max())
    print("max abs difference %.3g over %d logits (classes %d)" %
          (difference, expected.size, logits.shape[1]))
    return 0 if difference <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
