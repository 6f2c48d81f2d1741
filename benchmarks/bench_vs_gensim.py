"""w2vlib's trainers against gensim, same corpus, same settings: skip-gram and CBOW, 1 and 2 workers.

Every run is a fresh subprocess (so peak memory is per run); for each seed all runs
alternate, so every trainer sees the same machine load. Each w2vlib row is compared
with the gensim row of the same architecture and number of workers, same seed
(the exact per-pair update with gensim's 1-worker skip-gram). Prints a Markdown
table per run and a mean ± sd summary; benchmarks/README.md records results.

Run from the repository root (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, if set on
the machine, slow numpy down: unset them for this command only):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \\
        .venv/bin/python benchmarks/bench_vs_gensim.py --seeds 1 2 3 4 5 --epochs 10

It also prints each trainer's own ``workers=2`` / ``workers=1`` speed-up (same seed) and the
load average of the machine before and after every run: on a shared machine that number says
how far the words/s can be trusted (the ratios are the measurement).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

SETTINGS = {"dim": 100, "window": 5, "negative": 5, "min_count": 5, "subsample": 1e-3}
LEARNING_RATES = {"skipgram": {"lr": 0.025, "min_lr": 1e-4}, "cbow": {"lr": 0.05, "min_lr": 1e-4}}  # word2vec.c, gensim
# name: (trainer, architecture, workers, extra train() arguments, name of the gensim run it is compared with)
RUNS = {
    "gensim skip-gram, 1 worker": ("gensim", "skipgram", 1, {}, None),
    "w2vlib skip-gram, defaults, 1 worker": ("w2vlib", "skipgram", 1, {}, "gensim skip-gram, 1 worker"),
    "w2vlib skip-gram, per_window, 1 worker": ("w2vlib", "skipgram", 1, {"negatives": "per_window"},
                                               "gensim skip-gram, 1 worker"),
    "w2vlib skip-gram, shared (numpy), 1 worker": ("w2vlib", "skipgram", 1, {"negatives": "shared"},
                                                   "gensim skip-gram, 1 worker"),
    "gensim skip-gram, word2vec.c init, 1 worker": ("gensim", "skipgram", 1, {"init": "word2vec"},
                                                    "gensim skip-gram, 1 worker"),
    "w2vlib skip-gram, gensim init, 1 worker": ("w2vlib", "skipgram", 1, {"init": "gensim"},
                                                "gensim skip-gram, 1 worker"),
    "gensim CBOW, 1 worker": ("gensim", "cbow", 1, {}, None),
    "w2vlib CBOW, defaults, 1 worker": ("w2vlib", "cbow", 1, {}, "gensim CBOW, 1 worker"),
    "gensim skip-gram, 2 workers": ("gensim", "skipgram", 2, {}, None),
    "w2vlib skip-gram, defaults, 2 workers": ("w2vlib", "skipgram", 2, {}, "gensim skip-gram, 2 workers"),
}
SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def load_corpus(name):
    from w2vlib import datasets

    if name == "enwiki":
        return datasets.load_enwiki_short()
    return datasets.load_lee_background(max_sentence_length=1000)


def train_once(run, sentences, seed, epochs):
    trainer, architecture, workers, extra, _ = RUNS[run]
    settings = {**SETTINGS, **LEARNING_RATES[architecture], "epochs": epochs, "seed": seed}
    if trainer == "gensim":
        from w2vlib.benchmarking import train_gensim

        result = train_gensim(sentences, architecture=architecture, workers=workers, keep_snapshots=False,
                              **extra, **settings)
        return result.vectors, result.words
    from w2vlib import train

    model = train(sentences, architecture=architecture, workers=workers, progress=False, **extra, **settings)
    return model.center_vectors, model.vocab


def run_one(run, corpus, seed, epochs):
    """Train once in this process and return the measurements as a dict."""
    from w2vlib import datasets
    from w2vlib.evaluation import analogy_accuracy, word_similarity

    sentences = load_corpus(corpus)
    words = sum(len(sentence) for sentence in sentences)
    if RUNS[run][0] == "w2vlib":
        train_once(run, sentences[:2], seed, 1)  # load the compiled kernels from their cache, untimed
    else:
        import gensim.models  # noqa: F401  (imported before measuring, like w2vlib's kernels)
    load_before = os.getloadavg()[0]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    vectors, vocab = train_once(run, sentences, seed, epochs)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "run": run, "seed": seed, "seconds": seconds, "words_per_second": words * epochs / seconds,
        "wordsim353": word_similarity(vectors, vocab, datasets.load_wordsim353()).spearman,
        "simlex999": word_similarity(vectors, vocab, datasets.load_simlex999()).spearman,
        "analogy": analogy_accuracy(vectors, vocab, datasets.load_analogies()).accuracy,
        "peak_mb": rss_after / 1024, "training_mb": (rss_after - rss_before) / 1024,
        "load": (load_before + os.getloadavg()[0]) / 2,
    }


def spawn(run, corpus, seed, epochs):
    environment = dict(os.environ, **SINGLE_THREAD)
    command = [sys.executable, __file__, "--worker", run, "--corpus", corpus, "--seeds", str(seed),
               "--epochs", str(epochs)]
    output = subprocess.run(command, env=environment, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def print_table(results, runs):
    seconds = {(row["run"], row["seed"]): row["seconds"] for row in results}
    print("| run | seed | seconds | words/s | × gensim | WordSim-353 ρ | SimLex-999 ρ | analogies "
          "| peak RSS MB (training) | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in results:
        reference = RUNS[row["run"]][4] or row["run"]
        row["ratio"] = seconds.get((reference, row["seed"]), float("nan")) / row["seconds"]
        print(f"| {row['run']} | {row['seed']} | {row['seconds']:.1f} | {row['words_per_second']:,.0f} | "
              f"{row['ratio']:.2f} | {row['wordsim353']:.3f} | {row['simlex999']:.3f} | {row['analogy']:.3f} | "
              f"{row['peak_mb']:.0f} ({row['training_mb']:.0f}) | {row.get('load', float('nan')):.1f} |")
    print()
    print("| run | words/s | × gensim | WordSim-353 ρ | SimLex-999 ρ | analogies | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        rows = [row for row in results if row["run"] == run]
        cells = [_mean_sd([row[key] for row in rows], digits)
                 for key, digits in (("words_per_second", 0), ("ratio", 2), ("wordsim353", 3), ("simlex999", 3),
                                     ("analogy", 3))]
        print(f"| {run} | " + " | ".join(cells) + f" | {max(row['peak_mb'] for row in rows):.0f} |")
    print_scaling(results)


def print_scaling(results):
    """Each trainer's workers=2 speed-up over its own workers=1, seed by seed (same seed, same run)."""
    seconds = {(row["run"], row["seed"]): row["seconds"] for row in results}
    lines = []
    for two in {row["run"] for row in results if row["run"].endswith("2 workers")}:
        one = two.replace("2 workers", "1 worker")
        speedups = [seconds[(one, seed)] / seconds[(two, seed)] for run, seed in seconds
                    if run == two and (one, seed) in seconds]
        if speedups:
            lines.append(f"| {two.rsplit(',', 1)[0]} | {_mean_sd(speedups, 2)} | {len(speedups)} |")
    if lines:
        print()
        print("| trainer | workers=2 / workers=1 speed | seeds |")
        print("|---|---|---|")
        print("\n".join(sorted(lines)))


def _mean_sd(values, digits):
    mean = statistics.fmean(values)
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:,.{digits}f} ± {spread:,.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--corpus", choices=("enwiki", "lee"), default="enwiki")
    parser.add_argument("--runs", nargs="+", choices=list(RUNS), default=list(RUNS),
                        help="which rows to run (default: all); a w2vlib row needs its gensim row")
    parser.add_argument("--save", help="append every finished run to this JSON-lines file as it ends")
    parser.add_argument("--load", nargs="+", help="print the tables of runs saved with --save (no training)")
    parser.add_argument("--worker", choices=list(RUNS), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        print(json.dumps(run_one(arguments.worker, arguments.corpus, arguments.seeds[0], arguments.epochs)))
        return
    if arguments.load:
        results = [json.loads(line) for path in arguments.load for line in open(path, encoding="utf-8")]
        print_table(results, [run for run in RUNS if any(row["run"] == run for row in results)])
        return
    load_corpus(arguments.corpus)  # extract and cache once, outside the timed runs
    print(f"corpus {arguments.corpus}, {arguments.epochs} epochs, settings {SETTINGS}, "
          f"learning rates {LEARNING_RATES}, load average at the start {os.getloadavg()[0]:.1f}\n")
    results = []
    for seed in arguments.seeds:
        for run in arguments.runs:
            results.append(spawn(run, arguments.corpus, seed, arguments.epochs))
            if arguments.save:
                with open(arguments.save, "a", encoding="utf-8") as saved:
                    saved.write(json.dumps(results[-1]) + "\n")
            print(f"  done: {run}, seed {seed} ({results[-1]['seconds']:.1f} s)", file=sys.stderr, flush=True)
    print_table(results, arguments.runs)


if __name__ == "__main__":
    main()
