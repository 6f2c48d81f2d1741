"""The compiled loop alone: CPU nanoseconds per (center, outside) pair of w2vlib.kernels.skipgram_sgd.

Random Zipf text (V = 9 000 words, count of the r-th word ∝ 1/r, like real text), reduced
windows uniform in 1..5, K = 5, d = 100, float32, one thread; both updates (per_pair, the
default, and per_window). CPU time of this process (time.process_time), the best of
--repeats calls: on a machine shared with other jobs, wall time would measure the other jobs.

    .venv/bin/python benchmarks/bench_kernels.py

The hardware limit it is compared with: a pair does (K + 1) dot products and (K + 1) fused
row updates of d floats, (K + 1)·d·6 ≈ 3 600 flops and ≈ 3 (K + 1) d / 8 ≈ 230 AVX2 loads and
stores; at 2 loads + 1 store and 2 FMAs per cycle that is ≈ 100–150 cycles, ≈ 50 ns per pair
if every row were in the L1/L2 cache.
"""

import argparse
import time

import numpy as np

from w2vlib.kernels import alias_table, skipgram_sgd
from w2vlib.training import LOSS_EVERY


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=200_000)
    parser.add_argument("--vocab", type=int, default=9000)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--negative", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    rng = np.random.default_rng(0)
    counts = 1.0 / np.arange(1, arguments.vocab + 1)
    tokens = rng.choice(arguments.vocab, size=arguments.tokens, p=counts / counts.sum()).astype(np.int32)
    sentence_ids = (np.arange(arguments.tokens) // 1000).astype(np.int32)
    reduced_windows = rng.integers(1, 6, size=arguments.tokens)
    noise = counts ** 0.75
    accept, alias = alias_table(noise / noise.sum())
    print("| update | ns per pair (CPU) | pairs per call |")
    print("|---|---|---|")
    for label, per_pair in (("per_pair (default)", True), ("per_window", False)):
        center = ((rng.random((arguments.vocab, arguments.dim), dtype=np.float32) - 0.5) / arguments.dim)
        outside = np.zeros_like(center)
        best = float("inf")
        for repeat in range(arguments.repeats + 1):  # the first call loads or compiles the kernel
            start = time.process_time()
            _, _, pairs = skipgram_sgd(center, outside, tokens, sentence_ids, reduced_windows, accept, alias,
                                       arguments.negative, per_pair, 0.025, 0.0001, repeat, LOSS_EVERY)
            if repeat:
                best = min(best, time.process_time() - start)
        print(f"| {label} | {best * 1e9 / pairs:.0f} | {pairs:,} |")


if __name__ == "__main__":
    main()
