"""w2vlib's fast skip-gram trainer against gensim, same corpus, same settings, one thread each.

Every run is a fresh subprocess (so peak memory is per run); gensim and w2vlib
alternate seed by seed, so both see the same machine load. Prints a Markdown
table per run and a mean ± sd summary; benchmarks/README.md records results.

Run from the repository root (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set on
the machine, slow numpy down: unset them for this command only):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        .venv/bin/python benchmarks/bench_vs_gensim.py --seeds 1 2 3 --epochs 10
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

SETTINGS = {"dim": 100, "window": 5, "negative": 5, "min_count": 5, "subsample": 1e-3, "lr": 0.025, "min_lr": 1e-4}
TRAINERS = ("gensim", "w2vlib")
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def load_corpus(name):
    from w2vlib import datasets

    if name == "enwiki":
        return datasets.load_enwiki_short()
    return datasets.load_lee_background(max_sentence_length=1000)


def train_gensim(sentences, seed, epochs):
    from w2vlib.benchmarking import train_gensim as train

    run = train(sentences, epochs=epochs, seed=seed, workers=1, keep_snapshots=False, **SETTINGS)
    return run.vectors, run.words


def train_w2vlib(sentences, seed, epochs):
    from w2vlib import train

    model = train(sentences, architecture="skipgram", loss="neg", negatives="shared", epochs=epochs, seed=seed,
                  progress=False, **SETTINGS)
    return model.center_vectors, model.vocab


def run_one(trainer, corpus, seed, epochs):
    """Train once in this process and return the measurements as a dict."""
    from w2vlib import datasets
    from w2vlib.evaluation import analogy_accuracy, word_similarity

    sentences = load_corpus(corpus)
    words = sum(len(sentence) for sentence in sentences)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    vectors, vocab = (train_gensim if trainer == "gensim" else train_w2vlib)(sentences, seed, epochs)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "trainer": trainer, "seed": seed, "seconds": seconds, "words_per_second": words * epochs / seconds,
        "wordsim353": word_similarity(vectors, vocab, datasets.load_wordsim353()).spearman,
        "simlex999": word_similarity(vectors, vocab, datasets.load_simlex999()).spearman,
        "analogy": analogy_accuracy(vectors, vocab, datasets.load_analogies()).accuracy,
        "peak_mb": rss_after / 1024, "training_mb": (rss_after - rss_before) / 1024,
    }


def spawn(trainer, corpus, seed, epochs):
    environment = dict(os.environ, **SINGLE_THREAD)
    command = [sys.executable, __file__, "--worker", trainer, "--corpus", corpus, "--seeds", str(seed),
               "--epochs", str(epochs)]
    output = subprocess.run(command, env=environment, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def print_table(results):
    gensim_seconds = {row["seed"]: row["seconds"] for row in results if row["trainer"] == "gensim"}
    print("| trainer | seed | seconds | words/s | × gensim | WordSim-353 ρ | SimLex-999 ρ | analogies "
          "| peak RSS MB (training) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in results:
        ratio = gensim_seconds[row["seed"]] / row["seconds"] if row["seed"] in gensim_seconds else float("nan")
        row["ratio"] = ratio
        print(f"| {row['trainer']} | {row['seed']} | {row['seconds']:.1f} | {row['words_per_second']:,.0f} | "
              f"{ratio:.2f} | {row['wordsim353']:.3f} | {row['simlex999']:.3f} | {row['analogy']:.3f} | "
              f"{row['peak_mb']:.0f} ({row['training_mb']:.0f}) |")
    print()
    print("| trainer | words/s | × gensim | WordSim-353 ρ | SimLex-999 ρ | analogies |")
    print("|---|---|---|---|---|---|")
    for trainer in TRAINERS:
        rows = [row for row in results if row["trainer"] == trainer]
        if not rows:
            continue
        cells = [_mean_sd([row[key] for row in rows], digits)
                 for key, digits in (("words_per_second", 0), ("ratio", 2), ("wordsim353", 3), ("simlex999", 3),
                                     ("analogy", 3))]
        print(f"| {trainer} | " + " | ".join(cells) + " |")


def _mean_sd(values, digits):
    mean = statistics.fmean(values)
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:,.{digits}f} ± {spread:,.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--corpus", choices=("enwiki", "lee"), default="enwiki")
    parser.add_argument("--worker", choices=TRAINERS, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        print(json.dumps(run_one(arguments.worker, arguments.corpus, arguments.seeds[0], arguments.epochs)))
        return
    load_corpus(arguments.corpus)  # extract and cache once, outside the timed runs
    print(f"corpus {arguments.corpus}, {arguments.epochs} epochs, settings {SETTINGS}, 1 thread each\n")
    results = []
    for seed in arguments.seeds:
        for trainer in TRAINERS:
            results.append(spawn(trainer, arguments.corpus, seed, arguments.epochs))
            print(f"  done: {trainer} seed {seed} ({results[-1]['seconds']:.1f} s)", file=sys.stderr, flush=True)
    print_table(results)


if __name__ == "__main__":
    main()
