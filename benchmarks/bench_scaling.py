"""Time per training pair of naive softmax vs negative sampling as the vocabulary grows.

Uses w2vlib's minibatch kernels (w2vlib.benchmarking.seconds_per_pair: one
float32 SGD step on random vectors, best of several repeats). Prints a
Markdown table; benchmarks/README.md records results.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        .venv/bin/python benchmarks/bench_scaling.py
"""

import argparse

from w2vlib.benchmarking import seconds_per_pair


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab-sizes", type=int, nargs="+", default=[1000, 2000, 4500, 9000, 18000])
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--negative", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=20)
    arguments = parser.parse_args()
    print(f"d = {arguments.dim}, K = {arguments.negative}, {arguments.batch_size} pairs per step, "
          f"best of {arguments.repeats}\n")
    print("| vocabulary size | naive softmax µs/pair | negative sampling µs/pair | softmax / negative |")
    print("|---|---|---|---|")
    for vocab_size in arguments.vocab_sizes:
        times = {loss: seconds_per_pair(loss, vocab_size, dim=arguments.dim, negative=arguments.negative,
                                        batch_size=arguments.batch_size, repeats=arguments.repeats)
                 for loss in ("softmax", "neg")}
        print(f"| {vocab_size:,} | {1e6 * times['softmax']:.2f} | {1e6 * times['neg']:.2f} | "
              f"{times['softmax'] / times['neg']:.0f} |")


if __name__ == "__main__":
    main()
