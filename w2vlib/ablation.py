r"""Change one training setting at a time and measure what it does.

* :func:`one_knob_at_a_time` turns ``{"lr": [0.01, 0.1]}`` into labelled
  changes ``{"lr = 0.01": {"lr": 0.01}, "lr = 0.1": {"lr": 0.1}}``.
* :func:`compare_settings` trains one model per change and seed (everything
  else fixed), applies the chapter's measures to each and returns a
  :class:`SettingsComparison`, which prints as a table. Runs that diverge
  (:class:`w2vlib.TrainingDivergedError`) are recorded, not raised.
  :func:`similarity_measure` makes the usual measure: agreement with human
  similarity scores.
* :func:`table_sigmoid` is word2vec.c's precomputed sigmoid table, and
  :func:`pair_scores` the scores :math:`\mathbf{u}_o^\top \mathbf{v}_c` of the
  true pairs of a sentence: together they measure what the table costs.

Explained in chapter 8, *Training a toy word2vec* (the knobs), and chapter 9,
*Real text* (word2vec's production tricks).
"""

import dataclasses
import math
import numbers
import time

import numpy as np

from w2vlib._validation import check_positive_int, check_real_array
from w2vlib.evaluation import word_similarity
from w2vlib.training import TrainingDivergedError, train

__all__ = [
    "VariantResult",
    "SettingsComparison",
    "one_knob_at_a_time",
    "compare_settings",
    "similarity_measure",
    "table_sigmoid",
    "pair_scores",
]


@dataclasses.dataclass(frozen=True)
class VariantResult:
    """The measures of one setting, averaged over the seeds that trained to the end.

    Attributes
    ----------
    label : str
        Row label, e.g. ``"lr = 0.1"``.
    change : dict
        The :func:`w2vlib.train` arguments that differ from the base settings.
    values : dict of str to float
        Measure name → mean over the seeds that did not diverge (NaN if all diverged).
    per_seed : dict of str to tuple of float
        Measure name → one value per seed that did not diverge.
    seconds : float
        Mean wall time of one training run (NaN for a reused model).
    diverged : tuple of TrainingDivergedError
        One error per seed whose training diverged.
    runs : int
        Number of seeds (runs), diverged or not.
    """

    label: str
    change: dict
    values: dict
    per_seed: dict
    seconds: float
    diverged: tuple = ()
    runs: int = 1

    def __getitem__(self, measure):
        return self.values[measure]


class SettingsComparison:
    """The results of :func:`compare_settings`, one row per setting; ``print`` shows a table.

    Attributes
    ----------
    results : dict of str to VariantResult
        Label → result, in the order the changes were given.
    measures : tuple of str
        The measure names (table columns).
    timed : bool
        Whether the table shows a ``seconds`` column.

    Examples
    --------
    >>> row = VariantResult("K = 5", {"negative": 5}, {"margin": 0.5}, {"margin": (0.5,)}, 0.1)
    >>> comparison = SettingsComparison({"K = 5": row}, ("margin",))
    >>> comparison["K = 5"]["margin"]
    0.5
    >>> print(comparison)
           margin
    K = 5   0.500
    """

    def __init__(self, results, measures, *, timed=False):
        self.results = dict(results)
        self.measures = tuple(measures)
        self.timed = bool(timed)

    def __getitem__(self, label):
        return self.results[label]

    def __iter__(self):
        return iter(self.results.values())

    def __len__(self):
        return len(self.results)

    def __repr__(self):
        return f"SettingsComparison({len(self.results)} settings, measures {list(self.measures)})"

    def __str__(self):
        header = [""] + list(self.measures) + (["seconds"] if self.timed else [])
        rows = []
        for result in self.results.values():
            cells = [_format_value(result.values[name], _all_integers(self, name)) for name in self.measures]
            if self.timed:
                cells.append(_format_value(result.seconds, False))
            rows.append([result.label] + cells)
        widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
        lines = []
        for row, result in zip([header] + rows, [None] + list(self.results.values())):
            line = "  ".join([row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width
                                                          in zip(row[1:], widths[1:])])
            if result is not None and result.diverged:
                line += f"  {_divergence_note(result)}"
            lines.append(line.rstrip())
        return "\n".join(lines)


def _all_integers(comparison, measure):
    """True if every per-seed value of ``measure`` is a whole number (counts: steps, pairs)."""
    values = [value for result in comparison for value in result.per_seed.get(measure, ())]
    return bool(values) and all(float(value).is_integer() for value in values)


def _divergence_note(result):
    return f"diverged in {len(result.diverged)} of {result.runs} runs (first at step {result.diverged[0].step})"


def _format_value(value, integer):
    """Counts and numbers from 100 on without decimals (thousands separated), else three decimals."""
    if math.isnan(value):
        return "n/a"
    if integer or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3f}"


def one_knob_at_a_time(knobs):
    """Labelled changes that each set one knob to one value.

    Parameters
    ----------
    knobs : dict of str to list
        :func:`w2vlib.train` argument → the values to try.

    Returns
    -------
    dict of str to dict
        ``"<knob> = <value>"`` → ``{knob: value}``, knob by knob, values in the given order.

    Examples
    --------
    >>> one_knob_at_a_time({"lr": [0.01, 0.1], "loss": ["neg"]})
    {'lr = 0.01': {'lr': 0.01}, 'lr = 0.1': {'lr': 0.1}, 'loss = neg': {'loss': 'neg'}}
    """
    if not isinstance(knobs, dict) or not knobs:
        raise TypeError("knobs must be a non-empty dict of train argument → list of values")
    changes = {}
    for knob, values in knobs.items():
        if not isinstance(knob, str):
            raise TypeError(f"knobs must have str keys (train arguments), got {knob!r}")
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise TypeError(f"knobs[{knob!r}] must be a list of values, got {values!r}")
        for value in values:
            changes[f"{knob} = {value}"] = {knob: value}
    return changes


def _check_changes(variants):
    if not isinstance(variants, dict) or not variants:
        raise TypeError("variants must be a non-empty dict of label → dict of changed train arguments")
    for label, change in variants.items():
        if not isinstance(change, dict):
            raise TypeError(f"variants[{label!r}] must be a dict of train arguments, got {change!r}")
        if "seed" in change:
            raise ValueError(f"variants[{label!r}] sets 'seed'; pass the seeds as compare_settings(..., seeds=...)")


def _check_seeds(seeds):
    seeds = list(seeds)
    if not seeds or not all(isinstance(seed, numbers.Integral) for seed in seeds):
        raise ValueError(f"seeds must be a non-empty sequence of int, got {seeds!r}")
    return seeds


def compare_settings(sentences, base, variants, measures, *, seeds=(0,), timed=False, trained=None):
    """Train one model per setting and seed, measure each, average over the seeds.

    Every run is ``train(sentences, **base, **change, seed=seed)`` (with train's default
    progress bar, which disappears when the run ends and is off in the static book); so rows
    differ only in their change.

    Parameters
    ----------
    sentences : list of list of str
        The corpus.
    base : dict
        :func:`w2vlib.train` arguments shared by every run (without ``seed``).
    variants : dict of str to dict
        Row label → the arguments that differ from ``base`` (``{}`` for the base itself),
        e.g. :func:`one_knob_at_a_time`.
    measures : dict of str to callable
        Column name → function of a trained :class:`w2vlib.Word2VecModel` returning a number.
    seeds : sequence of int, default (0,)
        One run per seed; the table shows means over the seeds.
    timed : bool, default False
        Add a ``seconds`` column: mean wall time of one training run.
    trained : dict of str to Word2VecModel or list of Word2VecModel, optional
        Models already trained for some labels (one per seed, in ``seeds`` order);
        they are measured, not retrained, and their ``seconds`` is NaN.

    Returns
    -------
    SettingsComparison
        ``comparison[label][measure]`` is a mean; ``print(comparison)`` shows the table.
    """
    _check_changes(variants)
    if not isinstance(base, dict) or "seed" in base:
        raise ValueError("base must be a dict of train arguments without 'seed' (pass seeds=...)")
    if not isinstance(measures, dict) or not all(callable(measure) for measure in measures.values()):
        raise TypeError("measures must be a dict of column name → function(model) returning a number")
    seeds = _check_seeds(seeds)
    trained = dict(trained or {})
    for label, models in trained.items():
        if label not in variants:
            raise ValueError(f"trained has a model for {label!r}, which is not one of the variants")
        trained[label] = list(models) if isinstance(models, (list, tuple)) else [models]
        if len(trained[label]) != len(seeds):
            raise ValueError(f"trained[{label!r}] must hold one model per seed ({len(seeds)}), "
                             f"got {len(trained[label])}")
    settings = dict(base)
    results = {}
    for label, change in variants.items():
        models, diverged, seconds = [], [], []
        for position, seed in enumerate(seeds):
            if label in trained:
                models.append(trained[label][position])
                continue
            start = time.perf_counter()
            try:
                models.append(train(sentences, **{**settings, **change, "seed": seed}))
            except TrainingDivergedError as error:
                diverged.append(error)
            seconds.append(time.perf_counter() - start)
        per_seed = {name: tuple(float(measure(model)) for model in models) for name, measure in measures.items()}
        values = {name: float(np.mean(column)) if column else float("nan") for name, column in per_seed.items()}
        results[label] = VariantResult(label, dict(change), values, per_seed,
                                       float(np.mean(seconds)) if seconds else float("nan"), tuple(diverged),
                                       len(seeds))
    return SettingsComparison(results, measures, timed=timed)


def similarity_measure(pairs):
    r"""A measure for :func:`compare_settings`: Spearman :math:`\rho` of a model's vectors on ``pairs``.

    Parameters
    ----------
    pairs : iterable of tuple (str, str, float)
        Word pairs with human scores, e.g. :func:`w2vlib.datasets.load_wordsim353`.

    Returns
    -------
    callable
        ``measure(model)`` = ``word_similarity(model.center_vectors, model.vocab, pairs).spearman``
        (:func:`w2vlib.evaluation.word_similarity`).
    """
    pairs = list(pairs)

    def spearman_on_pairs(model):
        return word_similarity(model.center_vectors, model.vocab, pairs).spearman

    return spearman_on_pairs


# ---------------------------------------------------------------------------
# word2vec.c's sigmoid table
# ---------------------------------------------------------------------------

EXP_TABLE_SIZE = 1000
MAX_EXP = 6
_TABLE_X = (np.arange(EXP_TABLE_SIZE) / EXP_TABLE_SIZE * 2 - 1) * MAX_EXP
_TABLE = np.exp(_TABLE_X) / (np.exp(_TABLE_X) + 1)


def table_sigmoid(x):
    r"""word2vec.c's sigmoid: a lookup in 1000 precomputed values on :math:`[-6, 6)`, 0 or 1 beyond.

    word2vec.c fills ``expTable[i]`` with :math:`\sigma(x_i)`,
    :math:`x_i = (2i/1000 - 1) \cdot 6`, and reads entry
    ``(int)((x + 6) * (1000 / 6 / 2))``; it treats :math:`\sigma(x)` as exactly
    1 for :math:`x \ge 6` and 0 for :math:`x \le -6` (there the gradient is zero).

    Parameters
    ----------
    x : array_like of shape (n,) or any shape
        Scores :math:`\mathbf{u}_o^\top \mathbf{v}_c`, finite.

    Returns
    -------
    ndarray of the shape of ``x``

    Examples
    --------
    >>> table_sigmoid([-7.0, 0.0, 0.004, 7.0]).tolist()
    [0.0, 0.5, 0.5, 1.0]
    """
    x = check_real_array("x", x)
    index = np.clip(((x + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)).astype(int), 0, EXP_TABLE_SIZE - 1)
    return np.where(x >= MAX_EXP, 1.0, np.where(x <= -MAX_EXP, 0.0, _TABLE[index]))


def pair_scores(model, sentence, window):
    r"""The scores :math:`\mathbf{u}_o^\top \mathbf{v}_c` of every (center, outside) pair of a sentence.

    Words not in the model's vocabulary are dropped first (as word2vec.c does),
    then every word is paired with each word at most ``window`` positions away
    (the full window, no dynamic reduction).

    Parameters
    ----------
    model : Word2VecModel
        With ``center_vectors`` (rows :math:`\mathbf{v}_w`) and ``outside_vectors``
        (rows :math:`\mathbf{u}_w`), both of shape (V, d).
    sentence : list of str
    window : int
        :math:`m`, the largest distance between paired words.

    Returns
    -------
    ndarray of shape (P,)
        One score per pair; :math:`P = \sum_{j=1}^{m} 2\max(0, T - j)` for
        :math:`T` in-vocabulary words.

    Examples
    --------
    >>> from w2vlib.model import Word2VecModel
    >>> model = Word2VecModel(["a", "b"], np.eye(2), 2 * np.eye(2))
    >>> pair_scores(model, ["a", "b", "zebra", "b"], window=1).tolist()  # (b, a) (b, b) (a, b) (b, b)
    [0.0, 2.0, 0.0, 2.0]
    """
    if model.outside_vectors is None:
        raise ValueError("model has no outside vectors (loaded from word2vec format?); pair scores need them")
    if isinstance(sentence, str):
        raise TypeError("sentence must be a list of str words, got a single string")
    window = check_positive_int("window", window)
    ids = np.array([model.index(word) for word in sentence if word in model], dtype=int)
    centers, outsides = [], []
    for offset in [j for j in range(-window, window + 1) if j != 0]:
        positions = np.arange(max(0, -offset), max(0, ids.size - max(0, offset)))
        centers.append(ids[positions])
        outsides.append(ids[positions + offset])
    centers, outsides = np.concatenate(centers), np.concatenate(outsides)
    return np.einsum("pd,pd->p", model.center_vectors[centers], model.outside_vectors[outsides])
