"""The compiled loop alone: CPU nanoseconds per (center, outside) pair of w2vlib.kernels.skipgram_sgd.

Random Zipf text (V = 9 000 words, count of the r-th word ∝ 1/r, like real text), reduced
windows uniform in 1..5, K = 5, d = 100, float32, one thread; both updates (per_pair, the
default, and per_window). CPU time of this process (time.process_time), the best of
--repeats calls: on a machine shared with other jobs, wall time would measure the other jobs.

    .venv/bin/python benchmarks/bench_kernels.py
    .venv/bin/python benchmarks/bench_kernels.py --threads --tokens 400000 --repeats 12

The hardware limit it is compared with: a pair does (K + 1) dot products and (K + 1) fused
row updates of d floats, (K + 1)·d·6 ≈ 3 600 flops and ≈ 3 (K + 1) d / 8 ≈ 230 AVX2 loads and
stores; at 2 loads + 1 store and 2 FMAs per cycle that is ≈ 100–150 cycles, ≈ 50 ns per pair
if every row were in the L1/L2 cache.

``--threads`` measures instead what two threads gain (``workers=2``): the same text, cut in two
halves, once in one thread and then in two threads at once, (a) sharing the rows of one pair of
tables as ``train(workers=2)`` does, and (b) on disjoint rows (the second half's words renumbered
into the upper half of twice as large tables, its negatives drawn there too). The two-thread runs
do the same arithmetic on the same number of rows; only (a) has both threads writing the same
rows. Wall time here, best and median of ``--repeats`` rounds, alternated.
"""

import argparse
import statistics
import threading
import time

import numpy as np

from w2vlib.kernels import alias_table, skipgram_sgd
from w2vlib.training import LOSS_EVERY
from w2vlib.vocab import keep_probabilities


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=200_000)
    parser.add_argument("--vocab", type=int, default=9000)
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--negative", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", action="store_true", help="two threads: shared rows against disjoint rows")
    arguments = parser.parse_args()
    if arguments.threads:
        return two_threads(arguments)
    rng = np.random.default_rng(0)
    tokens, noise = zipf_text(arguments, rng, subsample=0.0)
    sentence_ids = (np.arange(arguments.tokens) // 1000).astype(np.int32)
    reduced_windows = rng.integers(1, 6, size=arguments.tokens)
    accept, alias = alias_table(noise)
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


def zipf_text(arguments, rng, subsample):
    """Zipf tokens (count of the r-th word ∝ 1/r), subsampled as train() does unless ``subsample`` is 0,
    and the noise distribution P(w) ∝ count^0.75."""
    counts = 1.0 / np.arange(1, arguments.vocab + 1)
    tokens = rng.choice(arguments.vocab, size=arguments.tokens, p=counts / counts.sum()).astype(np.int32)
    if subsample:
        tokens = tokens[rng.random(tokens.shape[0]) < keep_probabilities(counts, subsample)[tokens]]
    noise = counts ** 0.75
    return tokens, noise / noise.sum()


def two_threads(arguments):
    rng = np.random.default_rng(0)
    vocab, dim = arguments.vocab, arguments.dim
    tokens, noise = zipf_text(arguments, rng, subsample=1e-3)  # train()'s default
    n_tokens = tokens.shape[0]
    sentence_ids = (np.arange(n_tokens) // 1000).astype(np.int32)
    reduced_windows = rng.integers(1, 6, size=n_tokens)
    halves = (slice(0, n_tokens // 2), slice(n_tokens // 2, n_tokens))
    lower = alias_table(np.concatenate((noise, np.zeros(vocab))))  # words 0 … V−1 of a 2V table
    upper = alias_table(np.concatenate((np.zeros(vocab), noise)))  # words V … 2V−1
    start_center = (rng.random((2 * vocab, dim), dtype=np.float32) - 0.5) / dim

    def run(center, outside, half, disjoint):
        noise_table = upper if disjoint else lower
        skipgram_sgd(center, outside, tokens[halves[half]] + (vocab if disjoint else 0), sentence_ids[halves[half]],
                     reduced_windows[halves[half]], *noise_table, arguments.negative, True, 0.025, 0.0001,
                     half + 1, LOSS_EVERY)

    def timed(threads):
        center, outside = start_center.copy(), np.zeros_like(start_center)
        start = time.perf_counter()
        if len(threads) == 1:
            run(center, outside, 0, False)
            run(center, outside, 1, False)
        else:
            running = [threading.Thread(target=run, args=(center, outside, half, disjoint))
                       for half, disjoint in enumerate(threads)]
            for thread in running:
                thread.start()
            for thread in running:
                thread.join()
        return time.perf_counter() - start

    setups = {"one thread, both halves": [False], "two threads, shared rows (train's workers=2)": [False, False],
              "two threads, disjoint rows": [False, True]}
    timed([False])  # loads the kernel
    seconds = {name: [] for name in setups}
    for _ in range(arguments.repeats):
        for name, threads in setups.items():
            seconds[name].append(timed(threads))
    serial = statistics.median(seconds["one thread, both halves"])
    print(f"{n_tokens:,} tokens after subsampling, V = {vocab:,}, d = {dim}, K = {arguments.negative}, "
          f"{arguments.repeats} rounds\n")
    print("| run | best s | median s | speed-up (median) | every round, s |")
    print("|---|---|---|---|---|")
    for name, values in seconds.items():
        print(f"| {name} | {min(values):.3f} | {statistics.median(values):.3f} | "
              f"{serial / statistics.median(values):.2f} | {', '.join(f'{value:.2f}' for value in values)} |")


if __name__ == "__main__":
    main()
