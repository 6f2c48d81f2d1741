"""w2vlib: the numerics behind the w2v-book.

``import w2vlib`` is lazy (PEP 562): a name below is imported from its module when it is first
used, so ``w2vlib.check_answer`` loads SymPy but never NumPy, numba, matplotlib or ipywidgets
(the symbolic checker also runs in the browser, in Pyodide, where those do not exist), and
nothing is compiled by numba until a model is trained.
"""

import importlib
import sys
import types

# public name -> the module that defines it
_EXPORTS = {
    # numerics
    "log_sigmoid": "activations", "log_softmax": "activations", "sigmoid": "activations", "softmax": "activations",
    "GradientCheckError": "gradcheck", "gradcheck": "gradcheck",
    "naive_softmax_loss_and_gradient": "losses", "neg_sampling_loss_and_gradient": "losses",
    "NegativeSampler": "sampling",
    "linear_decay_lr": "sgd", "sgd_step": "sgd",
    "Vocabulary": "vocab", "keep_probabilities": "vocab", "subsample": "vocab",
    "cbow": "window", "skipgram": "window",
    # symbolic checking (chapters 1-7)
    "check_answer": "symbolic",
    # training
    "load_toy": "corpora", "planted_corpus": "corpora", "toy_names": "corpora",
    "TrainingHistory": "model", "Word2VecModel": "model",
    "TrainingDivergedError": "training", "train": "training",
    # real text
    "load_analogies": "datasets", "load_enwiki_short": "datasets", "load_lee_background": "datasets",
    "load_simlex999": "datasets", "load_wordsim353": "datasets",
    "analogy_accuracy": "evaluation", "nearest_neighbours": "evaluation", "spearman_correlation": "evaluation",
    "word_similarity": "evaluation",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    """Import ``name`` from its module on first use (``w2vlib.train`` → ``w2vlib.training.train``)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'w2vlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"w2vlib.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """``w2vlib`` itself. The import system binds each loaded submodule to its parent's attribute;
    where a function has its module's name (``w2vlib.gradcheck``), the function keeps the name."""

    def __setattr__(self, name, value):
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

# the book build (W2V_BOOK_BUILD=1) keeps a vector copy of every figure for the printed book
# (w2vlib.book_build imports only os; matplotlib only in the book build's kernels)
from w2vlib.book_build import keep_vector_figures as _keep_vector_figures  # noqa: E402

_keep_vector_figures()
