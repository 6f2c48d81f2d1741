r"""The book's named contexts, each at two or more concrete size configurations.

A context (``"softmax"``, ``"sigmoid"``, ``"negative_sampling"``, ``"skipgram"``,
``"rong"``, ``"cbow"``) names the symbols a chapter displays. Each of its
:class:`Configuration` objects says what those symbols *are* at one set of sizes (|V|, d,
K, m, C, N), built from real scalar SymPy symbols by the builders of
:mod:`w2vlib.symbolic.contexts`. The notation evaluator
(:mod:`w2vlib.symbolic.notation.evaluate`) asks a configuration for symbols, index values,
sum ranges and functions; a derivation is proved at every fixed configuration of its context,
and checked in float64 at the generated ones (:func:`generated_configurations`, drawn by
:mod:`~w2vlib.symbolic.generated` with sizes and data that vary independently), so that a
wrong factor that happens to be right at the fixed sizes (m² − 3m + 6 = 2m at m = 2 and 3,
(K + 1)/2 = n_w at K = 3, n_w = 2) is caught at another.

Conventions (CS224n; Rong for ``rong`` and ``cbow``): vectors are columns,
:math:`\mathbf U` is d×|V| with columns :math:`\mathbf u_w`; words are 0-based internally
and sums such as :math:`\sum_{w=1}^{|V|}` count from 1.

Examples
--------
>>> [c.name for c in configurations("negative_sampling")]
['d = 3, |V| = 6, K = 3 (a word drawn twice)', 'd = 2, |V| = 7, K = 5 (a word drawn 3 times)']
>>> {'cbow', 'negative_sampling', 'rong', 'sigmoid', 'skipgram', 'softmax'} <= set(CONTEXTS)
True
>>> sorted(CONTEXTS)[:2], "hsoftmax" in CONTEXTS, "softmax_temperature" in CONTEXTS
(['cbow', 'cbow_sum'], True, True)
"""

import functools
from fractions import Fraction

import sympy

from .contexts import (
    matmul, cbow_context, negsamp_context, one_hot, rong_context, sigmoid_context, skipgram_context,
    softmax_context, symbol_matrix, symbol_vector,
)
from .generated import describe, settings
from .numeric import FixedPoint
from .notation.evaluate import IndexValue, sigma_of
from .notation.latex import NotationError
from .notation.tree import Index, Label

__all__ = ["Configuration", "CONTEXTS", "configurations", "generated_configurations", "known_symbols", "satisfies",
           "introduced_letters"]


def _word(value, what="a word"):
    if value.kind == "number":
        return value.number - 1
    if value.word is None:
        raise NotationError(f"expected {what} as the index here, got a {value.kind} index")
    return value.word


def _unit(value):
    if value.kind not in ("unit", "number"):
        raise NotationError("this index is a hidden unit i")
    return value.number if value.kind == "unit" else value.number - 1


def _softmax_of(scores):
    exps = [sympy.exp(scores[j, 0]) for j in range(scores.shape[0])]
    total = sympy.Add(*exps)
    return sympy.Matrix(len(exps), 1, [e / total for e in exps])


class Configuration:
    """One context at one set of sizes: the meaning of every symbol the notation may use.

    Subclasses fill ``families`` (``(name, hat, primes, arity or label)`` → function of the
    index values), ``index_families`` (``(name, star, arity)`` → function giving an
    :class:`IndexValue`), ``free`` (index letter → :class:`IndexValue` of a free index),
    ``domains`` (sum letter → function ``(lower, upper)`` → index values) and
    ``component_indices`` (letters that make a line a vector or matrix when free).
    """

    context = ""
    component_indices = ()
    describe_symbols = ""
    #: The fixed random point of a generated configuration (a :class:`~.numeric.FixedPoint`), else None.
    point = None

    def __init__(self, name, loss):
        self.name = name
        self.loss = loss
        self.families = {}
        self.index_families = {}
        self.free = {}
        self.domains = {}
        self.components = {}

    def __repr__(self):
        return f"<{self.context} configuration {self.name}>"

    @property
    def consistent_point(self):
        """The fixed point with every layer symbol at the value of its definition (generated configurations)."""
        from .notation.evaluate import _ConsistentPoint

        if "_consistent_point" not in self.__dict__:
            self._consistent_point = _ConsistentPoint(self)
        return self._consistent_point

    # -------------------------------------------------------------- what the evaluator asks
    def symbol(self, node, env, evaluator):
        if len(node.index) == 1 and isinstance(node.index[0], Label):
            key = (node.name, node.hat, node.primes, "label:" + node.index[0].text)
            if key in self.families:
                return self.families[key]()
            raise NotationError(f"unknown symbol {node.describe()} in the {self.context} context", node.pos)
        key = (node.name, node.hat, node.primes, len(node.index))
        if key not in self.families:
            if not node.index and not node.hat and (node.key_letter() in env or node.key_letter() in self.free):
                return evaluator.index(Index(node.name, node.primes, node.pos), env)
            if node.index and not node.hat and not node.primes and (node.name, False, len(node.index)) \
                    in self.index_families:
                return evaluator.index(node, env)
            raise NotationError(self._unknown(node), node.pos)
        indices = [evaluator.index(i, env) for i in node.index]
        try:
            value = self.families[key](*indices)
            if any(i.kind == "number" and i.number < 0 for i in indices):
                raise IndexError
            return value
        except IndexError:
            raise NotationError(f"{node.describe()}: an index is outside its range at {self.name}", node.pos) \
                from None
        except NotationError as error:
            if error.position is None:
                raise NotationError(f"{node.describe()}: {error}", node.pos) from None
            raise

    def _unknown(self, node):
        known = ", ".join(sorted(self.symbol_names()))
        return f"unknown symbol {node.describe()} in the {self.context} context (it knows {known})"

    def symbol_names(self):
        names = set()
        for name, hat, primes, arity in self.families:
            shown = ("hat " if hat else "") + name + "'" * primes
            names.add(shown if arity == 0 or str(arity).startswith("label") else f"{shown}_…")
        return names

    def free_index(self, node):
        if node.key in self.free:
            return self.free[node.key]
        if node.key in self.component_indices:
            return None
        raise NotationError(f"the index {node.key} has no meaning here in the {self.context} context", node.pos)

    def index_of(self, node, inner):
        key = (node.name, node.star, len(inner))
        if key not in self.index_families:
            star = "^*" if node.star else ""
            raise NotationError(f"unknown index {node.name}{star}_… in the {self.context} context", node.pos)
        return self.index_families[key](*inner)

    def index_offset(self, base, sign, offset, node):
        raise NotationError(f"an offset index such as t+j has no meaning in the {self.context} context", node.pos)

    def domain(self, index, lower, upper, env):
        letter = index.name
        if letter not in self.domains:
            raise NotationError(f"a sum over {index.key} has no meaning in the {self.context} context", index.pos)
        return self.domains[letter](lower, upper)

    def component_range(self, letter):
        return self.components[letter]

    def call(self, node, env, evaluator):
        raise NotationError(f"{node.name}(…) has no meaning in the {self.context} context", node.pos)

    def prepare_derivative(self, body, variables):
        return body

    def finalize(self, value):
        return value

    # -------------------------------------------------------------- helpers for subclasses
    def add_vocabulary(self, V, d, words, letters=("w",)):
        """The sizes |V| (also V) and d, the index w_… of a word, and sums over the words by ``letters``."""
        self.families[("d", False, 0, 0)] = lambda: sympy.Integer(d)
        self.families[("|V|", False, 0, 0)] = lambda: sympy.Integer(V)
        self.families[("V", False, 0, 0)] = lambda: sympy.Integer(V)
        self.index_families[("w", False, 1)] = lambda i: IndexValue("word", _word(i), _word(i))
        for letter in letters:
            self.domains[letter] = lambda lower, upper: self.counted(words, lower, upper, 1, V, "the words")

    def add_network(self, ctx, hidden, words, C):
        """Rong's network symbols: W, W', w'_{ij}, v_w (rows of W), v'_w (columns of W'), h, h_i,
        η, C, V, N, and sums over words j, j' and hidden units i."""
        V, N = ctx.V, ctx.N
        units = [IndexValue("unit", i) for i in range(N)]
        eta = sympy.Symbol("eta", positive=True)
        f = self.families
        f[("h", False, 0, 0)] = lambda: hidden
        f[("h", False, 0, 1)] = lambda i: hidden[_unit(i), 0]
        f[("W", False, 0, 0)] = lambda: ctx.W
        f[("W", False, 1, 0)] = lambda: ctx.W_out
        f[("w", False, 1, 2)] = lambda i, j: ctx.W_out[_unit(i), _word(j)]
        f[("v", False, 0, 1)] = lambda w: ctx.W[_word(w), :].T
        f[("v", False, 1, 1)] = lambda w: ctx.W_out[:, _word(w)]
        f[("eta", False, 0, 0)] = lambda: eta
        f[("C", False, 0, 0)] = lambda: sympy.Integer(C)
        f[("N", False, 0, 0)] = lambda: sympy.Integer(N)
        self.add_vocabulary(V, N, words, letters=("j",))
        del f[("d", False, 0, 0)]  # Rong's hidden size is N
        self.domains["i"] = lambda lower, upper: self.counted(units, lower, upper, 1, N, "the hidden units")
        return units

    @staticmethod
    def counted(values, lower, upper, first, last, what):
        """``values[i - first]`` for i in lower..upper (defaults: the whole range)."""
        lower = first if lower is None else lower
        upper = last if upper is None else upper
        if lower < first or upper > last:
            raise NotationError(f"the sum's range {lower}..{upper} is outside {what} {first}..{last}")
        return [values[i - first] for i in range(lower, upper + 1)]


def _key_letter(self):
    return self.name + "'" * self.primes


# Symbol nodes get the letter (with primes) they would have as an index.
from .notation.tree import Symbol as _SymbolNode  # noqa: E402

_SymbolNode.key_letter = _key_letter


# ------------------------------------------------------------------------------ softmax


class _LayeredConfiguration(Configuration):
    """Scores, hidden layer and weights as separate symbols, substituted in order.

    ``layers`` lists ``(symbols, substitution, definition)`` from the top (closest to the loss)
    down; ``definition`` says in the book's notation how the layer is computed (``None`` for the
    weights). A derivative with respect to a symbol of layer L first substitutes every layer above
    L; every value is finally written in the weights alone. A derivative with respect to a layer
    of a line that also uses what the layer is computed from (∂/∂s of a line with U and v_c) is
    refused: those would silently count as constants.
    """

    layers = ()

    def prepare_derivative(self, body, variables):
        if isinstance(body, sympy.MatrixBase):
            return self._prepare_derivative(body, variables)
        cache = self.__dict__.setdefault("_prepared", {})
        key = (body, variables[0])
        if key not in cache:
            cache[key] = self._prepare_derivative(body, variables)
        return cache[key]

    def _prepare_derivative(self, body, variables):
        for position, (symbols, substitution, definition) in enumerate(self.layers):
            if variables[0] in symbols:
                if definition is not None and body.free_symbols & self._upstream(position):
                    raise NotationError(
                        f"this derivative is taken with respect to a layer ({definition}) of a line that also "
                        "uses what the layer is computed from; those would count as constants. Write the line "
                        "in terms of the layer alone, or differentiate with respect to the weights")
                return body
            body = body.xreplace(substitution)
        return body

    def _upstream(self, position):
        """Every symbol that layer ``position`` is computed from, through the layers below it."""
        cache = self.__dict__.setdefault("_upstream_cache", {})
        if position not in cache:
            found = set()
            for value in self.layers[position][1].values():
                found |= value.free_symbols
            for below in range(position + 1, len(self.layers)):
                if found & self.layers[below][0]:
                    found |= self._upstream(below)
            cache[position] = found
        return cache[position]

    def finalize(self, value):
        for _, substitution, _ in self.layers:
            value = value.xreplace(substitution)
        return value


class SoftmaxConfiguration(_LayeredConfiguration):
    r""":math:`J = -\log\hat y_o`, :math:`\hat{\mathbf y} = \mathrm{softmax}(\mathbf s)`,
    :math:`\mathbf s = \mathbf U^\top\mathbf v_c` (the scores, a variable of their own, so that
    :math:`\partial J/\partial\mathbf s` can be written); a free :math:`w` is any fixed word (``o``
    itself in some generated configurations: a claim about every :math:`w` is checked for
    :math:`w = o` too, and a derivation about :math:`w \ne o` says so with ``where``)."""

    context = "softmax"

    def __init__(self, V, d, o, w):
        ctx = softmax_context(V=V, d=d, o=o)  # its own w ≠ o is not used: here a free w may be o
        scores = symbol_vector("s", V)
        yhat = _softmax_of(scores)
        J = -sympy.log(yhat[o, 0])
        super().__init__(f"|V| = {V}, d = {d}", J)
        self.layers = (
            (set(scores), {scores[j, 0]: ctx.scores[j, 0] for j in range(V)}, "s = Uᵀv_c"),
            (set(ctx.U) | set(ctx.v_c), {}, None),
        )
        self.ctx = ctx
        words = [IndexValue("word", i, i) for i in range(V)]
        center = IndexValue("center", 0, None)
        self.free = {"o": words[o], "w": words[w], "c": center}
        f = self.families
        other_centers = symbol_matrix("vo", d, V)  # center vectors of other words: J does not use them

        def center_vector(index):
            if index.kind == "center":
                return ctx.v_c
            return other_centers[:, _word(index, "the center word c or another word")]

        f[("v", False, 0, 1)] = center_vector
        f[("u", False, 0, 1)] = lambda i: ctx.U[:, _word(i)]
        f[("U", False, 0, 0)] = lambda: ctx.U
        f[("y", True, 0, 0)] = lambda: yhat
        f[("y", False, 0, 0)] = lambda: ctx.y
        f[("y", True, 0, 1)] = lambda i: yhat[_word(i), 0]
        f[("y", False, 0, 1)] = lambda i: ctx.y[_word(i), 0]
        f[("s", False, 0, 0)] = lambda: scores
        f[("s", False, 0, 1)] = lambda i: scores[_word(i), 0]
        f[("J", False, 0, 0)] = lambda: J
        f[("J", False, 0, "label:naive-softmax")] = lambda: J
        self.add_vocabulary(V, d, words, letters=("w", "v", "x"))

    def call(self, node, env, evaluator):
        if node.name == "J":
            return _pair_loss(self, node, env, evaluator)
        if node.name == "CE":
            return _cross_entropy(self, node, env, evaluator)
        if node.name != "P":
            return super().call(node, env, evaluator)
        given = {}
        for argument in node.arguments:
            if not isinstance(argument.left, _SymbolNode) or argument.op != "=":
                raise NotationError("write P(O = w \\mid C = c)", node.pos)
            given[argument.left.name] = evaluator.index(argument.right, env)
        if set(given) != {"O", "C"} or given["C"].kind != "center":
            raise NotationError("write P(O = w \\mid C = c): the outside word O given the center word C = c",
                                node.pos)
        return self.families[("y", True, 0, 1)](given["O"])


def _pair_loss(config, node, env, evaluator):
    r""":math:`J(\mathbf v, o, \mathbf U) = -\log \mathrm{softmax}(\mathbf U^\top \mathbf v)_o`, read from its arguments."""
    if len(node.arguments) != 3:
        raise NotationError("write J(v_c, o, U): a center vector, an outside word, the matrix U", node.pos)
    center, word, outside = (evaluator.value(argument, env) for argument in node.arguments)
    if not isinstance(word, IndexValue) or not isinstance(center, sympy.MatrixBase) \
            or not isinstance(outside, sympy.MatrixBase) or center.shape != (config.ctx.d, 1) \
            or outside.shape != config.ctx.U.shape:
        raise NotationError("write J(v_c, o, U): a center vector, an outside word, the matrix U", node.pos)
    yhat = _softmax_of(matmul(outside.T, center))
    return -sympy.log(yhat[_word(word), 0])


def _cross_entropy(config, node, env, evaluator):
    r""":math:`\mathrm{CE}(\mathbf y, \hat{\mathbf y}) = -\sum_w y_w \log \hat y_w` of two |V|-vectors."""
    if len(node.arguments) != 2:
        raise NotationError("write CE(y, ŷ): the true and the predicted distribution", node.pos)
    truth, guess = (evaluator.value(argument, env) for argument in node.arguments)
    size = (config.ctx.V, 1)
    if not all(isinstance(v, sympy.MatrixBase) and v.shape == size for v in (truth, guess)):
        raise NotationError("CE(y, ŷ) takes two |V|-vectors", node.pos)
    return -sympy.Add(*[truth[w, 0] * sympy.log(guess[w, 0]) for w in range(size[0])])


class SoftmaxVariantConfiguration(SoftmaxConfiguration):
    r"""A variant of the naive-softmax loss (the exercises of chapters 1 and 2), by ``variant``:

    - ``"temperature"``: :math:`\hat{\mathbf y} = \mathrm{softmax}(\mathbf s/\tau)`, :math:`\tau > 0`;
    - ``"bias"``: the scores :math:`\mathbf s = \mathbf U^\top\mathbf v_c + \mathbf b` (one bias
      :math:`b_w` per word);
    - ``"l2"``: :math:`J = -\log\hat y_o + \frac{\lambda}{2}\mathbf v_c^\top\mathbf v_c`, :math:`\lambda > 0`;
    - ``"smoothing"``: :math:`J = -\sum_w \tilde y_w\log\hat y_w` with the smoothed target
      :math:`\tilde y_w = (1 - \epsilon) y_w + \epsilon/|V|`;
    - ``"soft target"``: :math:`J = -\sum_w y_w\log\hat y_w` for a distribution ``target`` (fractions
      that sum to 1; :math:`o` is then just some word).

    The scores :math:`\mathbf s` stay a layer of their own, as in :class:`SoftmaxConfiguration`.
    """

    VARIANTS = ("temperature", "bias", "l2", "smoothing", "soft target")

    def __init__(self, V, d, o, w, variant, target=None):
        if variant not in self.VARIANTS:
            raise ValueError(f"unknown softmax variant {variant!r}; the variants are {', '.join(self.VARIANTS)}")
        super().__init__(V, d, o, w)
        ctx, f = self.ctx, self.families
        scores = f[("s", False, 0, 0)]()
        y = ctx.y
        if variant == "soft target":
            if target is None or len(target) != V or sum(target) != 1 or min(target) < 0:
                raise ValueError("a soft target is |V| fractions ≥ 0 that sum to 1")
            y = sympy.Matrix(V, 1, [sympy.Rational(t.numerator, t.denominator) for t in target])
        tau = sympy.Symbol("tau", positive=True)
        yhat = _softmax_of(scores / tau if variant == "temperature" else scores)
        if variant == "bias":
            b = symbol_vector("b", V)
            self.layers = ((self.layers[0][0], {scores[j, 0]: ctx.scores[j, 0] + b[j, 0] for j in range(V)},
                            "s = Uᵀv_c + b"), (set(ctx.U) | set(ctx.v_c) | set(b), {}, None))
            f[("b", False, 0, 0)] = lambda: b
            f[("b", False, 0, 1)] = lambda i: b[_word(i), 0]
        J = -sympy.log(yhat[o, 0])
        if variant == "l2":
            lam = sympy.Symbol("lambda", positive=True)
            J += lam / 2 * matmul(ctx.v_c.T, ctx.v_c)[0, 0]
            f[("lambda", False, 0, 0)] = lambda: lam
        if variant == "smoothing":
            epsilon = sympy.Symbol("epsilon", positive=True)
            J = -sympy.Add(*[((1 - epsilon) * y[j, 0] + epsilon / V) * sympy.log(yhat[j, 0]) for j in range(V)])
            f[("epsilon", False, 0, 0)] = lambda: epsilon
        if variant == "soft target":
            J = -sympy.Add(*[y[j, 0] * sympy.log(yhat[j, 0]) for j in range(V)])
        if variant == "temperature":
            f[("tau", False, 0, 0)] = lambda: tau
        self.loss = J
        self.variant = variant
        self.context = "softmax_" + variant.replace(" ", "_")
        f[("J", False, 0, 0)] = lambda: J
        del f[("J", False, 0, "label:naive-softmax")]
        f[("y", True, 0, 0)] = lambda: yhat
        f[("y", True, 0, 1)] = lambda i: yhat[_word(i), 0]
        f[("y", False, 0, 0)] = lambda: y
        f[("y", False, 0, 1)] = lambda i: y[_word(i), 0]


def _softmax_variant(variant):
    """The fixed configurations of a softmax variant: the sizes of ``"softmax"``; the soft targets give
    o (word 2, word 5) little or no probability, so that the one-hot slip −u_oᵀv_c + … is far off."""
    targets = (tuple(Fraction(n, 8) for n in (4, 0, 2, 1, 1)), tuple(Fraction(n, 6) for n in (0, 2, 0, 1, 1, 1, 1)))
    return [dict(V=5, d=3, o=1, w=3, variant=variant, target=targets[0] if variant == "soft target" else None),
            dict(V=7, d=2, o=4, w=0, variant=variant, target=targets[1] if variant == "soft target" else None)]


# ------------------------------------------------------------------------------ sigmoid


class SigmoidConfiguration(Configuration):
    r"""One real scalar :math:`x`; :math:`e` is Euler's number."""

    context = "sigmoid"

    def __init__(self):
        ctx = sigmoid_context()
        super().__init__("a real scalar x", ctx.sigma_x)
        self.families[("x", False, 0, 0)] = lambda: ctx.x
        self.families[("e", False, 0, 0)] = lambda: sympy.E


# ------------------------------------------------------------------------------ negative sampling


class NegativeSamplingConfiguration(Configuration):
    r""":math:`J = -\log\sigma(\mathbf u_o^\top\mathbf v_c) - \sum_{k=1}^K \log\sigma(-\mathbf u_k^\top\mathbf v_c)`.

    A free :math:`k` is a negative drawn once; a free :math:`w` is a drawn word (drawn
    :math:`n_w \ge 2` times at the fixed sizes, any number of times :math:`\ge 1` in the generated
    ones); the negatives never include :math:`o`.
    """

    context = "negative_sampling"

    def __init__(self, d, V, o, neg, w=None):
        ctx = self.build_context(d, V, o, neg)
        K = len(neg)
        w = ctx.repeated if w is None else w
        count = neg.count(w)
        drawn = {1: "once", 2: "twice"}.get(count, f"{count} times")
        super().__init__(f"d = {d}, |V| = {V}, K = {K} (a word drawn {drawn})", ctx.J)
        self.ctx = ctx
        words = [IndexValue("word", i, i) for i in range(V)]
        draws = [IndexValue("draw", k, neg[k - 1]) for k in range(1, K + 1)]
        once = neg.index(ctx.once) + 1
        self.free = {"o": words[o], "k": draws[once - 1], "w": words[w],
                     "c": IndexValue("center", 0, None)}
        f = self.families

        def center_vector(index):
            if index.kind != "center":
                raise NotationError("the negative-sampling context has one center vector, v_c")
            return ctx.v_c

        f[("v", False, 0, 1)] = center_vector
        f[("u", False, 0, 1)] = lambda i: ctx.U[:, _word(i)]
        f[("U", False, 0, 0)] = lambda: ctx.U
        f[("K", False, 0, 0)] = lambda: sympy.Integer(K)
        f[("n", False, 0, 1)] = lambda i: sympy.Integer(neg.count(_word(i)))
        f[("J", False, 0, 0)] = lambda: ctx.J
        f[("J", False, 0, "label:neg-sample")] = lambda: ctx.J
        self.add_vocabulary(V, d, words)
        self.domains["k"] = lambda lower, upper: self.counted(draws, lower, upper, 1, K, "the draws")

    def build_context(self, d, V, o, neg):
        """The loss and its symbols (:func:`~.contexts.negsamp_context`; a variant builds another loss)."""
        return negsamp_context(d=d, V=V, o=o, neg=neg)


class SigmoidVariantConfiguration(SigmoidConfiguration):
    r"""The sigmoid with more real scalars, for the exercises of chapter 3: a slope :math:`a`, an
    offset :math:`b` and a label :math:`y`; :math:`J` is the binary cross-entropy of the score
    :math:`x`, :math:`J = -y\log\sigma(x) - (1 - y)\log(1 - \sigma(x))`."""

    context = "sigmoid_variants"

    def __init__(self):
        super().__init__()
        x = self.families[("x", False, 0, 0)]()
        a, b, y = sympy.symbols("a b y", real=True)
        self.loss = -y * sympy.log(sigma_of(x)) - (1 - y) * sympy.log(1 - sigma_of(x))
        self.name = "real scalars x, a, b, y"
        for name, value in (("a", a), ("b", b), ("y", y), ("J", self.loss)):
            self.families[(name, False, 0, 0)] = lambda value=value: value


class NegativeSamplingVariantConfiguration(NegativeSamplingConfiguration):
    r"""A variant of the negative-sampling loss, for the exercises of chapter 4, with the one-hot
    column :math:`\mathbf e_w` of every word (``e_w``, ``e_o``, ``e_k``), so that
    :math:`\partial J/\partial\mathbf U` can be written column by column.

    ``variant`` is ``"columns"`` (the chapter's loss), ``"outside drawn"`` (the same loss with
    :math:`o` itself among the K negatives, :math:`n_o` times), ``"bias"`` (a bias :math:`b_w` in
    every score: :math:`J = -\log\sigma(\mathbf u_o^\top\mathbf v_c + b_o) - \sum_k
    \log\sigma(-\mathbf u_k^\top\mathbf v_c - b_k)`) or ``"mean"`` (the negatives averaged:
    :math:`J = -\log\sigma(\mathbf u_o^\top\mathbf v_c) - \frac1K\sum_k \log\sigma(-\mathbf u_k^\top\mathbf v_c)`).
    """

    VARIANTS = ("columns", "outside drawn", "bias", "mean")

    def __init__(self, d, V, o, neg, w=None, variant="columns"):
        if variant not in self.VARIANTS:
            raise ValueError(f"unknown variant {variant!r}; the variants are {', '.join(self.VARIANTS)}")
        self.variant = variant
        super().__init__(d, V, o, neg, w)
        self.context = "negative_sampling_" + variant.replace(" ", "_")
        if variant == "outside drawn":
            self.name += f", o drawn {neg.count(o)} times"
        self.families[("e", False, 0, 1)] = lambda i: one_hot(V, _word(i))
        if variant == "bias":
            self.families[("b", False, 0, 1)] = lambda i: self.biases[_word(i), 0]

    def build_context(self, d, V, o, neg):
        from dataclasses import replace

        ctx = negsamp_context(d=d, V=V, o=o, neg=neg, outside_drawn=self.variant == "outside drawn")
        if self.variant not in ("bias", "mean"):
            return ctx

        def score(word):
            return matmul(ctx.U[:, word].T, ctx.v_c)[0, 0]

        self.biases = symbol_vector("b", V) if self.variant == "bias" else sympy.zeros(V, 1)
        weight = sympy.Rational(1, len(neg)) if self.variant == "mean" else 1
        J = -sympy.log(sigma_of(score(o) + self.biases[o, 0])) - weight * sympy.Add(
            *[sympy.log(sigma_of(-score(k) - self.biases[k, 0])) for k in neg])
        return replace(ctx, J=J)


# ------------------------------------------------------------------------------ skip-gram


class SkipGramConfiguration(Configuration):
    r""":math:`J_{\text{skip-gram}} = \sum_{-m\le j\le m,\, j\ne 0} J(\mathbf v_c, w_{t+j}, \mathbf U)`.

    ``c`` is the center word, a free ``w`` a word ≠ c; ``j`` runs over window offsets,
    :math:`\mathbf y_{t+j}` is the one-hot of the outside word at offset j (offset 0 is the
    center word itself).
    """

    context = "skipgram"

    def __init__(self, V, d, c, outside, other):
        ctx = skipgram_context(V=V, d=d, c=c, outside=outside, other=other)
        m = len(outside) // 2
        super().__init__(f"|V| = {V}, d = {d}, m = {m}", ctx.J)
        self.ctx = ctx
        words = [IndexValue("word", i, i) for i in range(V)]
        at_offset = dict(zip([j for j in range(-m, m + 1) if j != 0], outside))
        at_offset[0] = c
        offsets = [IndexValue("offset", j, at_offset[j]) for j in range(-m, m + 1)]
        self.free = {"c": words[c], "w": words[other], "t": offsets[m]}
        f = self.families
        f[("v", False, 0, 1)] = lambda i: ctx.center_vectors[:, _word(i)]
        f[("u", False, 0, 1)] = lambda i: ctx.U[:, _word(i)]
        f[("U", False, 0, 0)] = lambda: ctx.U
        f[("y", True, 0, 0)] = lambda: ctx.yhat
        f[("y", True, 0, 1)] = lambda i: ctx.yhat[_word(i), 0]

        def one_hot_at(index):
            if index.kind != "offset":
                raise NotationError("y_{t+j} is the one-hot vector of the outside word at offset j")
            return one_hot(V, index.word)

        f[("y", False, 0, 1)] = one_hot_at
        f[("m", False, 0, 0)] = lambda: sympy.Integer(m)
        f[("n", False, 0, 1)] = lambda i: sympy.Integer(outside.count(_word(i)))
        f[("J", False, 0, 0)] = lambda: ctx.J
        f[("J", False, 0, "label:skip-gram")] = lambda: ctx.J
        self.add_vocabulary(V, d, words)
        self.domains["j"] = lambda lower, upper: (
            [o for o in offsets if o.number != 0] if lower is None and upper is None
            else self.counted(offsets, lower, upper, -m, m, "the window"))

    def index_offset(self, base, sign, offset, node):
        if base.kind != "offset" or base.number != 0 or offset.kind != "offset":
            raise NotationError("write the outside position as t+j, with j a window offset", node.pos)
        return offset if sign > 0 else IndexValue("offset", -offset.number,
                                                  self.domains["j"](-offset.number, -offset.number)[0].word)

    def call(self, node, env, evaluator):
        if node.name != "J":
            return super().call(node, env, evaluator)
        return _pair_loss(self, node, env, evaluator)


# ------------------------------------------------------------------------------ Rong


class RongConfiguration(_LayeredConfiguration):
    r"""Rong's multi-panel skip-gram: C panels, each with its own scores :math:`u_{c,j}`.

    :math:`E = -\sum_c u_{c,j^*_c} + \sum_c \log\sum_{j'} \exp(u_{c,j'})` (eqs. 27–29), with
    the panels sharing the weights, :math:`u_{c,j} = u_j = {\mathbf v'_{w_j}}^\top\mathbf h`
    (eq. 25), :math:`\mathbf h = \mathbf W^\top\mathbf x = \mathbf v_{w_I}`. Free ``c``, ``i``
    and ``j`` are component indices (panels 1..C, hidden units, words).
    """

    context = "rong"
    component_indices = ("c", "i", "j")

    def __init__(self, V, N, C, input_word, targets):
        ctx = rong_context(V=V, N=N, C=C, input_word=input_word, targets=targets)
        panel_scores = symbol_matrix("uc", C, V)
        scores = symbol_vector("u", V)
        hidden = symbol_vector("h", N)
        E = -sympy.Add(*[panel_scores[c, targets[c]] for c in range(C)]) + sympy.Add(
            *[sympy.log(sympy.Add(*[sympy.exp(panel_scores[c, j]) for j in range(V)])) for c in range(C)])
        super().__init__(f"|V| = {V}, N = {N}, C = {C}", E)
        self.ctx = ctx
        self.layers = (
            (set(panel_scores), {panel_scores[c, j]: scores[j] for c in range(C) for j in range(V)},
             "u_{c,j} = u_j"),
            (set(scores), {scores[j]: matmul(ctx.W_out[:, j].T, hidden)[0, 0] for j in range(V)}, "u_j = v'_{w_j}ᵀh"),
            (set(hidden), {hidden[i]: ctx.h[i] for i in range(N)}, "h = Wᵀx"),
            (set(ctx.W) | set(ctx.W_out), {}, None),
        )
        words = [IndexValue("word", j, j) for j in range(V)]
        panels = [IndexValue("panel", c, targets[c - 1]) for c in range(1, C + 1)]
        units = self.add_network(ctx, hidden, words, C)
        self.components = {"c": panels, "i": units, "j": words}
        self.free = {"I": IndexValue("input", 0, input_word)}
        panel_softmax = [_softmax_of(panel_scores[c, :].T) for c in range(C)]
        shared_softmax = _softmax_of(scores)

        def panel(value):
            if value.kind not in ("panel", "number"):
                raise NotationError("the first index of u_{c,j}, y_{c,j}, t_{c,j}, e_{c,j} is a panel c")
            return value.number - 1

        def error(c, j):
            return panel_softmax[c][j, 0] - ctx.t[c, j]

        EI = sympy.Matrix(V, 1, [sympy.Add(*[error(c, j) for c in range(C)]) for j in range(V)])
        f = self.families
        f[("E", False, 0, 0)] = lambda: E
        f[("u", False, 0, 2)] = lambda c, j: panel_scores[panel(c), _word(j)]
        f[("u", False, 0, 1)] = lambda j: scores[_word(j), 0]
        f[("u", False, 0, 0)] = lambda: scores
        f[("y", False, 0, 2)] = lambda c, j: panel_softmax[panel(c)][_word(j), 0]
        f[("y", False, 0, 1)] = lambda j: shared_softmax[_word(j), 0]
        f[("y", False, 0, 0)] = lambda: shared_softmax
        f[("t", False, 0, 2)] = lambda c, j: ctx.t[panel(c), _word(j)]
        f[("e", False, 0, 2)] = lambda c, j: error(panel(c), _word(j))
        # the typed answers' vectors of one panel: t_c (its one-hot target) and e_c = y_c - t_c
        f[("t", False, 0, 1)] = lambda c: ctx.t[panel(c), :].T
        f[("e", False, 0, 1)] = lambda c: sympy.Matrix(V, 1, [error(panel(c), j) for j in range(V)])
        f[("EI", False, 0, 1)] = lambda j: EI[_word(j), 0]
        f[("EI", False, 0, 0)] = lambda: EI
        f[("EH", False, 0, 1)] = lambda i: matmul(ctx.W_out, EI)[_unit(i), 0]
        f[("EH", False, 0, 0)] = lambda: matmul(ctx.W_out, EI)
        f[("x", False, 0, 0)] = lambda: ctx.x
        self.index_families[("j", True, 1)] = lambda c: words[targets[panel(c)]]
        self.domains["c"] = lambda lower, upper: self.counted(panels, lower, upper, 1, C, "the panels")


class CBOWConfiguration(_LayeredConfiguration):
    r"""Rong's CBOW: :math:`\mathbf h = \frac1C\sum_{c=1}^C \mathbf v_{w_{I,c}}`,
    :math:`E = -u_{j^*} + \log\sum_{j'}\exp(u_{j'})`, :math:`u_j = {\mathbf v'_{w_j}}^\top\mathbf h`.

    A free ``c`` is a context position whose word is used once; ``i`` and ``j`` are component
    indices (hidden units, words). With ``average=False`` (the context ``cbow_sum`` of an exercise)
    :math:`\mathbf h = \sum_c \mathbf v_{w_{I,c}}`, and a free ``w`` is the context word ``w``, used
    :math:`n_w` times.
    """

    context = "cbow"
    component_indices = ("i", "j")

    def __init__(self, V, N, context, center, average=True, w=None):
        ctx = cbow_context(V=V, N=N, context=context, center=center, average=average)
        C = len(context)
        scores = symbol_vector("u", V)
        hidden = symbol_vector("h", N)
        E = -scores[center, 0] + sympy.log(sympy.Add(*[sympy.exp(scores[j, 0]) for j in range(V)]))
        super().__init__(f"|V| = {V}, N = {N}, C = {C}", E)
        self.ctx = ctx
        self.layers = (
            (set(scores), {scores[j]: matmul(ctx.W_out[:, j].T, hidden)[0, 0] for j in range(V)}, "u_j = v'_{w_j}ᵀh"),
            (set(hidden), {hidden[i]: ctx.h[i] for i in range(N)}, "h = (1/C) Σ_c v_{w_{I,c}}"),
            (set(ctx.W) | set(ctx.W_out), {}, None),
        )
        words = [IndexValue("word", j, j) for j in range(V)]
        positions = [IndexValue("panel", c, context[c - 1]) for c in range(1, C + 1)]
        once = next(c for c in range(C) if context.count(context[c]) == 1)
        units = self.add_network(ctx, hidden, words, C)
        self.components = {"i": units, "j": words}
        self.free = {"I": IndexValue("input", 0, None), "c": positions[once]}
        y = _softmax_of(scores)
        e = y - ctx.t

        def input_word(first, second):
            if first.kind != "input" or second.kind not in ("panel", "number"):
                raise NotationError("write w_{I,c} for the c-th context word")
            return IndexValue("word", context[second.number - 1], context[second.number - 1])

        f = self.families
        f[("E", False, 0, 0)] = lambda: E
        f[("u", False, 0, 1)] = lambda j: scores[_word(j), 0]
        f[("u", False, 0, 0)] = lambda: scores
        f[("y", False, 0, 1)] = lambda j: y[_word(j), 0]
        f[("y", False, 0, 0)] = lambda: y
        f[("t", False, 0, 1)] = lambda j: ctx.t[_word(j), 0]
        f[("t", False, 0, 0)] = lambda: ctx.t
        f[("e", False, 0, 1)] = lambda j: e[_word(j), 0]
        f[("e", False, 0, 0)] = lambda: e
        f[("EH", False, 0, 0)] = lambda: matmul(ctx.W_out, e)
        f[("EH", False, 0, 1)] = lambda i: matmul(ctx.W_out, e)[_unit(i), 0]
        f[("x", False, 0, 1)] = lambda c: one_hot(V, _word(c))
        self.index_families[("w", False, 2)] = input_word
        self.index_families[("j", True, 0)] = lambda: words[center]
        self.domains["c"] = lambda lower, upper: self.counted(positions, lower, upper, 1, C, "the context words")
        if not average:
            if w not in context:
                raise ValueError(f"w = {w} must be one of the context words {context}")
            self.context = "cbow_sum"
            self.name += ", h a sum"
            hidden_layer = self.layers[1][:2] + ("h = Σ_c v_{w_{I,c}}",)
            self.layers = (self.layers[0], hidden_layer, self.layers[2])
            self.free["w"] = words[w]
            f[("n", False, 0, 1)] = lambda i: sympy.Integer(context.count(_word(i)))


# ------------------------------------------------------------------------------ window and Rong variants (exercises)


class WeightedSkipGramConfiguration(SkipGramConfiguration):
    r"""Skip-gram with a weight per window offset: :math:`J = \sum_{j \ne 0} \alpha_j J(\mathbf v_c, w_{t+j}, \mathbf U)`.

    ``weights="alpha"`` gives every offset a positive symbol :math:`\alpha_j` of its own (weights that fall
    with :math:`|j|` are a special case); ``weights="mean"`` is the averaged window loss,
    :math:`\alpha_j = \frac{1}{2m}`. A free ``w`` is a word that is neither ``c`` nor in the window.
    """

    def __init__(self, V, d, c, outside, other, weights="alpha"):
        if other in outside:
            raise ValueError(f"other = {other} must not be in the window {outside}")
        super().__init__(V, d, c, outside, other)
        m = len(outside) // 2
        offsets = [j for j in range(-m, m + 1) if j != 0]
        if weights == "alpha":
            alpha = {j: sympy.Symbol(f"alpha_{j}", positive=True) for j in offsets}
        elif weights == "mean":
            alpha = {j: sympy.Rational(1, 2 * m) for j in offsets}
        else:
            raise ValueError(f"weights must be 'alpha' or 'mean', got {weights!r}")
        yhat = self.ctx.yhat
        J = sympy.Add(*[-alpha[j] * sympy.log(yhat[word, 0]) for j, word in zip(offsets, outside)])
        self.context = f"skipgram_{weights}"
        self.loss = J
        self.name += ", weights α_j" if weights == "alpha" else ", averaged"
        f = self.families
        f[("J", False, 0, 0)] = lambda: J
        del f[("J", False, 0, "label:skip-gram")]

        def weight(index):
            if index.kind != "offset" or index.number == 0:
                raise NotationError("α_j is the weight of the window offset j (j ≠ 0)")
            return alpha[index.number]

        if weights == "alpha":
            f[("alpha", False, 0, 1)] = weight


class HierarchicalSoftmaxConfiguration(Configuration):
    r"""Rong's hierarchical softmax (§3.1): the path from the root to the output word has :math:`L` nodes,
    and :math:`E = -\sum_{j=1}^{L-1} \log\sigma([\![\cdot]\!]\, {\mathbf v'_j}^\top \mathbf h)` (eq. 43), with
    :math:`[\![\cdot]\!] = 1` where the path turns left (:math:`t_j = 1`) and :math:`-1` where it turns
    right (:math:`t_j = 0`).

    ``turns`` lists :math:`t_1, \dots, t_{L-1}`; :math:`\mathbf v'_j` (N×1) is the vector of the j-th inner
    node of the path, :math:`\mathbf h` (N×1) the hidden layer. A free ``j`` is the inner node ``node``.
    """

    context = "hsoftmax"
    component_indices = ("i",)

    def __init__(self, N, turns, node):
        turns = tuple(turns)
        if not turns or any(t not in (0, 1) for t in turns) or not 1 <= node <= len(turns):
            raise ValueError(f"turns must be 0s and 1s and 1 <= node <= {len(turns)}")
        L = len(turns) + 1
        hidden = symbol_vector("h", N)
        vectors = symbol_matrix("vp", N, L - 1)
        scores = [matmul(vectors[:, j].T, hidden)[0, 0] for j in range(L - 1)]
        E = -sympy.Add(*[sympy.log(sigma_of((2 * t - 1) * s)) for t, s in zip(turns, scores)])
        shown = "".join("L" if t else "R" for t in turns)
        super().__init__(f"N = {N}, L = {L} (path {shown})", E)
        nodes = [IndexValue("node", j) for j in range(1, L)]
        units = [IndexValue("unit", i) for i in range(N)]
        self.free = {"j": nodes[node - 1]}
        self.components = {"i": units}

        def position(index):
            if index.kind not in ("node", "number") or not 1 <= index.number < L:
                raise NotationError(f"j is an inner node of the path, 1 to L - 1 = {L - 1}")
            return index.number - 1

        f = self.families
        f[("E", False, 0, 0)] = lambda: E
        f[("h", False, 0, 0)] = lambda: hidden
        f[("h", False, 0, 1)] = lambda i: hidden[_unit(i), 0]
        f[("v", False, 1, 1)] = lambda j: vectors[:, position(j)]
        f[("t", False, 0, 1)] = lambda j: sympy.Integer(turns[position(j)])
        f[("L", False, 0, 0)] = lambda: sympy.Integer(L)
        f[("N", False, 0, 0)] = lambda: sympy.Integer(N)
        self.domains["j"] = lambda lower, upper: self.counted(nodes, lower, upper, 1, L - 1,
                                                              "the inner nodes of the path")


# ------------------------------------------------------------------------------ registry

#: Context name → the arguments of each of its configurations (two or more sizes).
CONTEXTS = {
    "softmax": (SoftmaxConfiguration, [dict(V=5, d=3, o=1, w=3), dict(V=7, d=2, o=4, w=0)]),
    "softmax_temperature": (SoftmaxVariantConfiguration, _softmax_variant("temperature")),
    "softmax_bias": (SoftmaxVariantConfiguration, _softmax_variant("bias")),
    "softmax_l2": (SoftmaxVariantConfiguration, _softmax_variant("l2")),
    "softmax_smoothing": (SoftmaxVariantConfiguration, _softmax_variant("smoothing")),
    "softmax_soft_target": (SoftmaxVariantConfiguration, _softmax_variant("soft target")),
    "sigmoid": (SigmoidConfiguration, [dict()]),
    "negative_sampling": (NegativeSamplingConfiguration,
                          [dict(d=3, V=6, o=0, neg=(1, 1, 2)), dict(d=2, V=7, o=3, neg=(5, 2, 6, 2, 2))]),
    "sigmoid_variants": (SigmoidVariantConfiguration, [dict()]),
    "negative_sampling_columns": (NegativeSamplingVariantConfiguration,
                                  [dict(d=3, V=6, o=0, neg=(1, 1, 2), variant="columns"),
                                   dict(d=2, V=7, o=3, neg=(5, 2, 6, 2, 2), variant="columns")]),
    "negative_sampling_outside_drawn": (NegativeSamplingVariantConfiguration,
                                        [dict(d=3, V=6, o=0, neg=(1, 0, 2, 0, 1), variant="outside drawn"),
                                         dict(d=2, V=7, o=3, neg=(5, 3, 6, 2, 2, 3, 3), variant="outside drawn")]),
    "negative_sampling_bias": (NegativeSamplingVariantConfiguration,
                               [dict(d=3, V=6, o=0, neg=(1, 1, 2), variant="bias"),
                                dict(d=2, V=7, o=3, neg=(5, 2, 6, 2, 2), variant="bias")]),
    "negative_sampling_mean": (NegativeSamplingVariantConfiguration,
                               [dict(d=3, V=6, o=0, neg=(1, 1, 2), variant="mean"),
                                dict(d=2, V=7, o=3, neg=(5, 2, 6, 2, 2), variant="mean")]),
    "skipgram": (SkipGramConfiguration,
                 [dict(V=5, d=3, c=0, outside=(1, 3, 1, 4), other=1),
                  dict(V=6, d=2, c=2, outside=(0, 4, 4, 5, 1, 3), other=1)]),
    "rong": (RongConfiguration,
             [dict(V=5, N=3, C=3, input_word=0, targets=(1, 3, 1)),
              dict(V=4, N=2, C=4, input_word=2, targets=(1, 0, 1, 3))]),
    "cbow": (CBOWConfiguration,
             [dict(V=5, N=3, context=(1, 3, 1, 4), center=2), dict(V=4, N=2, context=(0, 3, 1), center=2)]),
    "skipgram_alpha": (WeightedSkipGramConfiguration,
                       [dict(V=5, d=3, c=0, outside=(1, 3, 1, 4), other=2, weights="alpha"),
                        dict(V=7, d=2, c=2, outside=(0, 4, 4, 5, 2, 3), other=1, weights="alpha")]),
    "skipgram_mean": (WeightedSkipGramConfiguration,
                      [dict(V=5, d=3, c=0, outside=(1, 3, 1, 4), other=2, weights="mean"),
                       dict(V=7, d=2, c=2, outside=(0, 4, 4, 5, 2, 3), other=1, weights="mean")]),
    "cbow_sum": (CBOWConfiguration,
                 [dict(V=5, N=3, context=(1, 3, 1, 4), center=2, average=False, w=1),
                  dict(V=4, N=2, context=(3, 0, 3, 3, 1), center=2, average=False, w=3)]),
    "hsoftmax": (HierarchicalSoftmaxConfiguration,
                 [dict(N=3, turns=(1, 0, 1), node=1), dict(N=2, turns=(0, 1, 1, 0), node=4)]),
}


@functools.lru_cache(maxsize=None)
def configurations(context):
    """The :class:`Configuration` objects of a named context (built once per process).

    Raises
    ------
    ValueError
        For a name that is not in :data:`CONTEXTS` (the message lists them).
    """
    if context not in CONTEXTS:
        raise ValueError(f"unknown context {context!r}; the contexts are {', '.join(sorted(CONTEXTS))}")
    cls, settings = CONTEXTS[context]
    return tuple(cls(**setting) for setting in settings)


@functools.lru_cache(maxsize=None)
def generated_configurations(context):
    """The generated :class:`Configuration` objects of a context (:mod:`.generated`; built once per process).

    Checked in float64 only: their sizes and data vary widely, so that no wrong line can agree
    with the right one by a coincidence of the fixed sizes.
    """
    cls, _ = CONTEXTS[context]
    built = []
    for number, setting in enumerate(settings(context)):
        configuration = cls(**setting)
        configuration.name = f"generated: {configuration.name}; {describe(context, setting)}"
        configuration.point = FixedPoint(f"{context}:{number}")
        built.append(configuration)
    return tuple(built)


def introduced_letters(conditions, configuration):
    """Letters that a ``where`` condition introduces: ``m \\ne o`` with ``m`` unknown in the context makes
    ``m`` a word like the context's free ``w`` (the free letter of the same kind as the right side).

    Returns
    -------
    dict
        Introduced letter → the context's free letter it stands for.
    """
    from .notation.tree import Index, Symbol as SymbolNode

    letters = {}
    for condition in conditions:
        left, right = condition.left, condition.right
        name = left.key if isinstance(left, Index) else left.key_letter() if isinstance(left, SymbolNode) \
            and not left.index and not left.hat else None
        other = right.key if isinstance(right, Index) else right.key_letter() if isinstance(right, SymbolNode) \
            and not right.index and not right.hat else None
        if name is None or name in configuration.free or other not in configuration.free:
            continue
        kind = configuration.free[other].kind
        stand_ins = [letter for letter, value in configuration.free.items() if value.kind == kind and letter != other]
        if not stand_ins:
            raise NotationError(f"{name} in the condition has no meaning in the {configuration.context} context")
        letters[name] = stand_ins[0]
    return letters


def satisfies(configuration, conditions, letters=None):
    """True when every condition (a notation :class:`~.notation.tree.Condition`, e.g. ``w \\ne o``)
    holds for the free indices of ``configuration`` (with the ``letters`` a condition introduced)."""
    from .notation.evaluate import _Evaluator

    evaluator = _Evaluator(configuration)
    env = {letter: configuration.free[stand_in] for letter, stand_in in (letters or {}).items()}
    return all(evaluator.condition(condition, env) for condition in conditions)


def known_symbols(context):
    """Sorted names of the symbols a context knows (for messages and the answers page)."""
    return sorted(configurations(context)[0].symbol_names())
