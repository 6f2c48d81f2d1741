r"""Generated configurations: many sizes and data per context, drawn from a fixed seed.

A derivation is *proved* at the fixed configurations of
:mod:`~w2vlib.symbolic.configurations`, where its lines are small enough for SymPy to simplify.
A proof at a few sizes is still a proof about those sizes only: a factor :math:`m^2 - 3m + 6`
equals :math:`2m` at :math:`m = 2` and :math:`m = 3`, and :math:`K + 1 \over 2` equals
:math:`n_w` whenever :math:`K = 2n_w - 1`. So every line is also evaluated, in float64, at
:data:`COUNT` configurations generated here, whose sizes vary independently and whose discrete
data vary too (the way Hypothesis draws its examples): which word is :math:`o`, whether a free
:math:`w` is :math:`o`, repeats among the negatives, the center word inside its own window,
panels that share a target, the input word among the targets. One disagreement is a ✗.

The draws depend only on the context and :data:`SEED`: the same source gives the same marks on
any machine.

Examples
--------
>>> len(settings("softmax")), sorted({s["V"] for s in settings("softmax")}) == list(range(2, 9))
(24, True)
>>> settings("rong") == settings("rong")  # the same every time, on every machine
True
>>> any(s["w"] == s["o"] for s in settings("softmax")), any(s["w"] != s["o"] for s in settings("softmax"))
(True, True)
>>> any(s["c"] in s["outside"] for s in settings("skipgram"))
True
"""

import functools
import random
from fractions import Fraction

__all__ = ["COUNT", "SEED", "settings", "describe"]

#: Generated configurations per context.
COUNT = 24
#: The seed of every draw (fixed: marks never depend on the machine or the run).
SEED = 20261207


def _softmax(rng, index):
    V = rng.randint(2, 8)
    d = rng.randint(1, 3) if V <= 5 else rng.randint(1, 2)
    o = rng.randrange(V)
    # a free w is any word: o itself in about a third of the draws
    w = o if index % 3 == 1 else rng.choice([x for x in range(V) if x != o])
    return dict(V=V, d=d, o=o, w=w)


def _softmax_variant(variant):
    """The draws of :func:`_softmax` for a variant of the loss; a soft target is drawn too (eighths, one-hot
    or uniform now and then)."""

    def draw(rng, index):
        setting = dict(_softmax(rng, index), variant=variant, target=None)
        if variant == "soft target":
            V = setting["V"]
            weights = [rng.randint(0, 3) for _ in range(V)] if index % 4 else [int(index % 8 == 0)] * V
            if not any(weights):
                weights[rng.randrange(V)] = 1
            setting["target"] = tuple(Fraction(x, sum(weights)) for x in weights)
        return setting

    return draw


def _negative_sampling(rng, index):
    d = rng.randint(1, 3)
    K = rng.randint(1, 10)
    V = rng.randint(3, 9)
    o = rng.randrange(V)
    others = [x for x in range(V) if x != o]
    once = rng.choice(others)  # a free k is a negative drawn once
    # a small pool forces repeats; a large one leaves most words drawn once
    pool = [x for x in rng.sample(others, rng.randint(1, len(others))) if x != once] or \
        [x for x in others if x != once]
    rest = [rng.choice(pool) for _ in range(K - 1)]
    if len(rest) >= 2 and index % 2 == 0:
        repeated = rng.choice(pool)
        for position in rng.sample(range(len(rest)), rng.randint(2, len(rest))):
            rest[position] = repeated
    rest.insert(rng.randint(0, len(rest)), once)
    return dict(d=d, V=V, o=o, neg=tuple(rest), w=rng.choice(rest))


def _negative_sampling_variant(variant):
    """The draws of :func:`_negative_sampling` for a variant of the loss; for ``"outside drawn"``, o is
    also inserted among the negatives, 1 to 3 times."""

    def draw(rng, index):
        setting = dict(_negative_sampling(rng, index), variant=variant)
        if variant == "outside drawn":
            neg = list(setting["neg"])
            for _ in range(rng.randint(1, 3)):
                neg.insert(rng.randint(0, len(neg)), setting["o"])
            setting["neg"] = tuple(neg)
        return setting

    return draw


def _skipgram(rng, index):
    V = rng.randint(2, 7)
    d = rng.randint(1, 3)
    m = rng.randint(1, 5)
    c = rng.randrange(V)
    outside = [rng.randrange(V) for _ in range(2 * m)]
    if index % 3 == 0:  # the center word inside its own window
        outside[rng.randrange(2 * m)] = c
    other = rng.choice([x for x in range(V) if x != c])
    return dict(V=V, d=d, c=c, outside=tuple(outside), other=other)


def _rong(rng, index):
    V = rng.randint(2, 6)
    N = rng.randint(1, 4)
    C = rng.randint(1, 6)
    input_word = rng.randrange(V)
    targets = [rng.randrange(V) for _ in range(C)]
    if index % 3 == 0:  # the input word among the targets
        targets[rng.randrange(C)] = input_word
    if index % 4 == 1 and C >= 2:  # no two panels share a target
        pool = list(range(V))
        rng.shuffle(pool)
        targets = [pool[c % V] for c in range(C)]
    return dict(V=V, N=N, C=C, input_word=input_word, targets=tuple(targets))


def _cbow(rng, index):
    V = rng.randint(2, 6)
    N = rng.randint(1, 4)
    C = rng.randint(1, 6)
    center = rng.randrange(V)
    once = rng.randrange(V)  # a free c is a position whose word is used once
    pool = [x for x in range(V) if x != once]
    context = [rng.choice(pool) for _ in range(C - 1)] if pool else []
    if index % 3 == 0 and center != once and context:  # the center word among its own context words
        context[rng.randrange(len(context))] = center
    context.insert(rng.randint(0, len(context)), once)
    return dict(V=V, N=N, context=tuple(context), center=center)


def _weighted_skipgram(weights):
    """Draws for the weighted (or averaged) window: a free w in neither the window nor c."""

    def draw(rng, index):
        V = rng.randint(3, 8)
        d = rng.randint(1, 3)
        m = rng.randint(1, 5)
        c = rng.randrange(V)
        other = rng.choice([x for x in range(V) if x != c])
        pool = [x for x in range(V) if x not in (c, other)]
        if index % 4 == 1:  # one word fills the whole window
            pool = pool[:1]
        outside = [rng.choice(pool) for _ in range(2 * m)]
        if index % 3 == 0:  # the center word inside its own window
            outside[rng.randrange(2 * m)] = c
        return dict(V=V, d=d, c=c, outside=tuple(outside), other=other, weights=weights)

    return draw


def _cbow_sum(rng, index):
    setting = _cbow(rng, index)
    context = list(setting["context"])
    once = next(x for x in context if context.count(x) == 1)  # stays used once (a free c)
    others = [position for position, x in enumerate(context) if x != once]
    if index % 2 == 0 and len(others) >= 2:  # a word used several times
        word = context[rng.choice(others)]
        for position in rng.sample(others, rng.randint(2, len(others))):
            context[position] = word
    return dict(setting, context=tuple(context), average=False, w=rng.choice(context))


def _hsoftmax(rng, index):
    turns = tuple(rng.randint(0, 1) for _ in range(rng.randint(1, 7)))
    return dict(N=rng.randint(1, 4), turns=turns, node=rng.randint(1, len(turns)))


def _sigmoid(rng, index):
    return dict()


_DRAWS = {
    "softmax": _softmax,
    "softmax_temperature": _softmax_variant("temperature"),
    "softmax_bias": _softmax_variant("bias"),
    "softmax_l2": _softmax_variant("l2"),
    "softmax_smoothing": _softmax_variant("smoothing"),
    "softmax_soft_target": _softmax_variant("soft target"),
    "negative_sampling": _negative_sampling,
    "negative_sampling_columns": _negative_sampling_variant("columns"),
    "negative_sampling_outside_drawn": _negative_sampling_variant("outside drawn"),
    "negative_sampling_bias": _negative_sampling_variant("bias"),
    "negative_sampling_mean": _negative_sampling_variant("mean"),
    "sigmoid_variants": _sigmoid,
    "skipgram": _skipgram,
    "rong": _rong,
    "cbow": _cbow,
    "skipgram_alpha": _weighted_skipgram("alpha"),
    "skipgram_mean": _weighted_skipgram("mean"),
    "cbow_sum": _cbow_sum,
    "hsoftmax": _hsoftmax,
    "sigmoid": _sigmoid,
}


def _words(words):
    return "(" + ", ".join(str(word + 1) for word in words) + ")"


def describe(context, setting):
    """The discrete data of a generated configuration in words (words numbered from 1, as in the book).

    Examples
    --------
    >>> describe("softmax", dict(V=4, d=2, o=1, w=1))
    'o = word 2, w = o'
    """
    if context == "softmax":
        w = "w = o" if setting["w"] == setting["o"] else f"w = word {setting['w'] + 1}"
        return f"o = word {setting['o'] + 1}, {w}"
    if context.startswith("softmax_"):
        target = setting.get("target")
        soft = f", y = ({', '.join(str(t) for t in target)})" if target else ""
        return describe("softmax", setting) + soft
    if context == "negative_sampling":
        neg = setting["neg"]
        return (f"o = word {setting['o'] + 1}, negatives {_words(neg)}, w = word {setting['w'] + 1} "
                f"(n_w = {neg.count(setting['w'])})")
    if context.startswith("negative_sampling_"):
        return describe("negative_sampling", setting)
    if context == "skipgram":
        inside = ", the center word inside its window" if setting["c"] in setting["outside"] else ""
        return f"c = word {setting['c'] + 1}, window {_words(setting['outside'])}{inside}"
    if context == "rong":
        return f"w_I = word {setting['input_word'] + 1}, targets {_words(setting['targets'])}"
    if context == "cbow":
        return f"context {_words(setting['context'])}, center word {setting['center'] + 1}"
    if context in ("skipgram_alpha", "skipgram_mean"):
        inside = ", the center word inside its window" if setting["c"] in setting["outside"] else ""
        return f"c = word {setting['c'] + 1}, window {_words(setting['outside'])}{inside}, w = word {setting['other'] + 1}"
    if context == "cbow_sum":
        context_words = setting["context"]
        return (f"context {_words(context_words)}, center word {setting['center'] + 1}, w = word {setting['w'] + 1} "
                f"(n_w = {context_words.count(setting['w'])})")
    if context == "hsoftmax":
        return f"j = {setting['node']}"
    return "a random x"


@functools.lru_cache(maxsize=None)
def _settings(context, count, seed):
    rng = random.Random(f"{context}:{seed}")
    return tuple(_DRAWS[context](rng, index) for index in range(count))


def settings(context, count=COUNT, seed=SEED):
    """The keyword arguments of ``count`` generated configurations of ``context`` (a fresh list of dicts).

    Raises
    ------
    ValueError
        For an unknown context.
    """
    if context not in _DRAWS:
        raise ValueError(f"unknown context {context!r}; the contexts are {', '.join(sorted(_DRAWS))}")
    return [dict(s) for s in _settings(context, count, seed)]
