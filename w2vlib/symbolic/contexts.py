r"""Concrete, component-wise SymPy models of the word2vec losses.

Each ``*_context`` function builds one loss at small concrete sizes out of
scalar ``real=True`` symbols (SymPy's matrix-symbol calculus is not reliable
for these derivatives), so every gradient is a plain ``sympy.Matrix`` of
``sympy.diff`` results that the checker can compare. Sizes are chosen with
:math:`|V| \ne d` so that a missing transpose changes the shape.

Vectors are columns (CS224n convention): :math:`\mathbf{U} \in \mathbb{R}^{d\times|V|}`
holds the outside vectors :math:`\mathbf{u}_w` as columns, :math:`\mathbf{v}_c` is
:math:`d\times 1`. (The numeric library stores ``outside_vectors`` as
:math:`\mathbf{U}^\top`; see :mod:`w2vlib.losses`.)

Examples
--------
>>> ctx = softmax_context()
>>> ctx.U.shape, ctx.v_c.shape, ctx.yhat.shape
((3, 5), (3, 1), (5, 1))
>>> ctx.grad(ctx.v_c).shape
(3, 1)
"""

from dataclasses import dataclass

import sympy

__all__ = [
    "sigma_explicit",
    "gradient",
    "symbol_vector",
    "symbol_matrix",
    "one_hot",
    "SoftmaxContext",
    "SigmoidContext",
    "NegSampContext",
    "SkipGramContext",
    "RongContext",
    "CBOWContext",
    "softmax_context",
    "sigmoid_context",
    "negsamp_context",
    "skipgram_context",
    "rong_context",
    "cbow_context",
]


def sigma_explicit(z):
    r"""Logistic sigmoid :math:`\sigma(z) = 1/(1+e^{-z})` as an explicit SymPy expression.

    Parameters
    ----------
    z : sympy.Expr
        A scalar score, e.g. :math:`\mathbf{u}_o^\top\mathbf{v}_c`.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> x = sympy.Symbol("x", real=True)
    >>> sigma_explicit(x)
    1/(1 + exp(-x))
    """
    return 1 / (1 + sympy.exp(-z))


def symbol_vector(name, size):
    """Column vector (size×1 Matrix) of real scalar symbols ``name_0 … name_{size-1}``."""
    return sympy.Matrix(size, 1, [sympy.Symbol(f"{name}_{i}", real=True) for i in range(size)])


def symbol_matrix(name, rows, cols):
    """rows×cols Matrix of real scalar symbols ``name_{i}_{j}``."""
    return sympy.Matrix(
        rows, cols, lambda i, j: sympy.Symbol(f"{name}_{i}_{j}", real=True)
    )


def matmul(a, b):
    """The product of two SymPy matrices, entry by entry as plain sums of products.

    Same value as ``a * b``; SymPy's own product converts symbolic entries to a polynomial domain
    first, which is many times slower for the expressions of the book's contexts.

    Examples
    --------
    >>> x = symbol_vector("x", 2)
    >>> matmul(x.T, x)[0, 0] == x[0] ** 2 + x[1] ** 2
    True
    """
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {a.shape[0]}×{a.shape[1]} by {b.shape[0]}×{b.shape[1]}")
    rows, inner, cols = a.shape[0], a.shape[1], b.shape[1]
    return sympy.Matrix(rows, cols, [sympy.Add(*[a[i, k] * b[k, j] for k in range(inner)])
                                     for i in range(rows) for j in range(cols)])


def one_hot(size, index):
    """size×1 Matrix with a 1 at ``index`` (the book's one-hot :math:`\\mathbf{y}`)."""
    return sympy.Matrix(size, 1, lambda i, _: sympy.Integer(1 if i == index else 0))


def gradient(scalar, wrt):
    """Component-wise gradient: a Matrix of the shape of ``wrt`` with ``diff(scalar, wrt[i, j])``.

    Parameters
    ----------
    scalar : sympy.Expr
        The loss.
    wrt : sympy.Matrix
        A matrix or column vector of symbols (e.g. ``v_c`` d×1 or ``U`` d×|V|).

    Examples
    --------
    >>> x = symbol_vector("x", 2)
    >>> gradient(x[0] ** 2 + 3 * x[1], x).T
    Matrix([[2*x_0, 3]])
    """
    return wrt.applyfunc(lambda entry: sympy.diff(scalar, entry))


def _dot(a, b):
    """Scalar aᵀb of two column vectors."""
    return matmul(a.T, b)[0, 0]


def _check_word(argument, value, vocab_size):
    if not isinstance(value, int) or not 0 <= value < vocab_size:
        raise ValueError(
            f"{argument} must be a word index in range(0, {vocab_size}), got {value!r}"
        )


def _check_size(argument, value, minimum=1):
    if not isinstance(value, int) or value < minimum:
        raise ValueError(f"{argument} must be an int ≥ {minimum}, got {value!r}")


@dataclass(frozen=True)
class _Context:
    """Common behaviour: ``grad``."""

    def grad(self, wrt, loss=None):
        """Gradient of the context's loss (or ``loss``) wrt a symbol matrix, component-wise."""
        return gradient(self.loss if loss is None else loss, wrt)


@dataclass(frozen=True)
class SoftmaxContext(_Context):
    r"""Naive-softmax loss :math:`J = -\log\hat y_o` with :math:`\hat{\mathbf y} = \mathrm{softmax}(\mathbf U^\top\mathbf v_c)`.

    Attributes: ``V, d, o, w`` (``w`` a fixed word ≠ o for the ``*_w`` questions),
    ``v_c`` (d×1), ``U`` (d×V), ``scores`` (V×1, :math:`\mathbf U^\top\mathbf v_c`),
    ``denominator`` (:math:`\sum_w \exp(\mathbf u_w^\top \mathbf v_c)`), ``yhat`` (V×1,
    written with ``exp``), ``y`` (V×1 one-hot at ``o``), ``J`` (= ``loss``).
    """

    V: int = 5
    d: int = 3
    o: int = 1
    w: int = 3
    v_c: sympy.Matrix = None
    U: sympy.Matrix = None
    scores: sympy.Matrix = None
    denominator: sympy.Expr = None
    yhat: sympy.Matrix = None
    y: sympy.Matrix = None
    J: sympy.Expr = None

    @property
    def loss(self):
        return self.J

    def u(self, word):
        """Outside vector :math:`\\mathbf u_{word}` (column ``word`` of U, d×1)."""
        return self.U[:, word]

    def yhat_of(self, word):
        """:math:`\\hat y_{word} = P(O=word\\mid C=c)`, a scalar."""
        return self.yhat[word, 0]

    def score(self, word):
        """:math:`\\mathbf u_{word}^\\top \\mathbf v_c`, a scalar."""
        return self.scores[word, 0]


def softmax_context(V=5, d=3, o=1, w=None):
    r"""Naive-softmax context at sizes V (vocabulary) and d (vector size).

    Parameters
    ----------
    V : int
        Vocabulary size :math:`|V|`.
    d : int
        Vector dimension :math:`d`.
    o : int
        Index of the true outside word :math:`o`.
    w : int or None
        A fixed word :math:`w \ne o` for the ``u_w``/``yhat_w``/``y_w`` names; default ``(o + 2) % V``.

    Returns
    -------
    SoftmaxContext

    Examples
    --------
    >>> ctx = softmax_context(V=4, d=2, o=0)
    >>> ctx.J.has(ctx.v_c[0]), ctx.w
    (True, 2)
    """
    _check_size("V", V, 2)
    _check_size("d", d)
    _check_word("o", o, V)
    if w is None:
        w = (o + 2) % V if V > 2 else (o + 1) % V
    _check_word("w", w, V)
    if w == o:
        raise ValueError(f"w must differ from o (the *_w questions are about a word w ≠ o), got w = o = {o}")
    v_c = symbol_vector("v_c", d)
    U = symbol_matrix("U", d, V)
    scores = matmul(U.T, v_c)
    exps = [sympy.exp(scores[j, 0]) for j in range(V)]
    denominator = sympy.Add(*exps)
    yhat = sympy.Matrix(V, 1, [e / denominator for e in exps])
    y = one_hot(V, o)
    J = -sympy.log(yhat[o, 0])
    return SoftmaxContext(
        V=V,
        d=d,
        o=o,
        w=w,
        v_c=v_c,
        U=U,
        scores=scores,
        denominator=denominator,
        yhat=yhat,
        y=y,
        J=J,
    )


@dataclass(frozen=True)
class SigmoidContext(_Context):
    r"""One real scalar ``x`` and ``sigma_x`` :math:`= 1/(1+e^{-x})`; ``loss`` is :math:`\sigma(x)`."""

    x: sympy.Symbol = None
    sigma_x: sympy.Expr = None

    @property
    def loss(self):
        return self.sigma_x


def sigmoid_context():
    r"""Context for :math:`\sigma(x) = 1/(1+e^{-x})`, in one real scalar ``x``.

    Examples
    --------
    >>> ctx = sigmoid_context()
    >>> sympy.simplify(sympy.diff(ctx.sigma_x, ctx.x) - ctx.sigma_x * (1 - ctx.sigma_x))
    0
    """
    x = sympy.Symbol("x", real=True)
    return SigmoidContext(x=x, sigma_x=sigma_explicit(x))


@dataclass(frozen=True)
class NegSampContext(_Context):
    r"""Negative-sampling loss :math:`J = -\log\sigma(\mathbf u_o^\top\mathbf v_c) - \sum_{k=1}^K \log\sigma(-\mathbf u_k^\top\mathbf v_c)`.

    Attributes: ``d, V, o, neg`` (the K sampled word indices, may repeat), ``K``,
    ``v_c`` (d×1), ``U`` (d×V), ``J``; ``once`` is a negative word drawn exactly once,
    ``repeated`` a word drawn ``repeat_count`` > 1 times.
    """

    d: int = 3
    V: int = 6
    o: int = 0
    neg: tuple = (1, 1, 2)
    K: int = 3
    v_c: sympy.Matrix = None
    U: sympy.Matrix = None
    J: sympy.Expr = None
    once: int = None
    repeated: int = None
    repeat_count: int = 0

    @property
    def loss(self):
        return self.J

    def u(self, word):
        """Outside vector :math:`\\mathbf u_{word}` (column of U, d×1)."""
        return self.U[:, word]

    def score(self, word):
        """:math:`\\mathbf u_{word}^\\top\\mathbf v_c`."""
        return _dot(self.U[:, word], self.v_c)


def negsamp_context(d=3, V=6, o=0, neg=(1, 1, 2), outside_drawn=False):
    r"""Negative-sampling context; ``neg`` lists the K drawn words (repeats allowed).

    Parameters
    ----------
    d, V : int
        Vector size :math:`d` and vocabulary size :math:`|V|`.
    o : int
        True outside word :math:`o` (must not be among ``neg``).
    neg : tuple of int
        The K negative samples :math:`w_1, \dots, w_K`.
    outside_drawn : bool
        Allow ``o`` among ``neg`` (the exercise of chapter 4 where the true word is also drawn);
        ``once`` and ``repeated`` are then words other than ``o``.

    Returns
    -------
    NegSampContext

    Examples
    --------
    >>> ctx = negsamp_context()
    >>> ctx.K, ctx.once, ctx.repeated, ctx.repeat_count
    (3, 2, 1, 2)
    """
    _check_size("d", d)
    _check_size("V", V, 2)
    _check_word("o", o, V)
    neg = tuple(neg)
    if not neg:
        raise ValueError("neg must list at least one negative sample")
    for position, word in enumerate(neg):
        _check_word(f"neg[{position}]", word, V)
    if o in neg and not outside_drawn:
        raise ValueError(f"neg must not contain the outside word o = {o}")
    counts = {word: neg.count(word) for word in neg}
    once = next((word for word in neg if counts[word] == 1 and word != o), None)
    repeated = next((word for word in neg if counts[word] > 1 and word != o), None)
    v_c = symbol_vector("v_c", d)
    U = symbol_matrix("U", d, V)
    J = -sympy.log(sigma_explicit(_dot(U[:, o], v_c))) - sympy.Add(
        *[sympy.log(sigma_explicit(-_dot(U[:, k], v_c))) for k in neg]
    )
    return NegSampContext(
        d=d,
        V=V,
        o=o,
        neg=neg,
        K=len(neg),
        v_c=v_c,
        U=U,
        J=J,
        once=once,
        repeated=repeated,
        repeat_count=counts.get(repeated, 0),
    )


@dataclass(frozen=True)
class SkipGramContext(_Context):
    r"""Skip-gram over a window: :math:`J_{sg} = \sum_j J(\mathbf v_c, w_j, \mathbf U)` with the naive softmax.

    Attributes: ``V, d, c`` (center word), ``outside`` (the 2m window words, may repeat),
    ``other`` (a word ≠ c), ``center_vectors`` (d×V, columns :math:`\mathbf v_w`),
    ``v_c`` = column c, ``v_w`` = column ``other``, ``U`` (d×V), ``yhat`` (V×1),
    ``ys`` (one-hot V×1 per window word), ``J``.
    """

    V: int = 5
    d: int = 3
    c: int = 0
    outside: tuple = (1, 3, 1, 4)
    other: int = 2
    center_vectors: sympy.Matrix = None
    v_c: sympy.Matrix = None
    v_w: sympy.Matrix = None
    U: sympy.Matrix = None
    yhat: sympy.Matrix = None
    ys: tuple = ()
    J: sympy.Expr = None

    @property
    def loss(self):
        return self.J


def skipgram_context(V=5, d=3, c=0, outside=(1, 3, 1, 4), other=None):
    r"""Skip-gram context: center word ``c``, window words ``outside`` (with a repeat by default).

    Parameters
    ----------
    V, d : int
        Vocabulary size and vector size.
    c : int
        Center word; :math:`\mathbf v_c` is column ``c`` of the center matrix.
    outside : tuple of int
        The :math:`2m` outside words :math:`w_{t-m},\dots,w_{t+m}` (repeats allowed).
    other : int or None
        A word :math:`w \ne c` whose center vector gets zero gradient; default ``(c + 2) % V``.

    Returns
    -------
    SkipGramContext

    Examples
    --------
    >>> ctx = skipgram_context()
    >>> len(ctx.ys), ctx.grad(ctx.v_w).is_zero_matrix
    (4, True)
    """
    _check_size("V", V, 2)
    _check_size("d", d)
    _check_word("c", c, V)
    outside = tuple(outside)
    if not outside:
        raise ValueError("outside must list at least one window word")
    for position, word in enumerate(outside):
        _check_word(f"outside[{position}]", word, V)
    if other is None:
        other = (c + 2) % V
    _check_word("other", other, V)
    if other == c:
        raise ValueError(f"other must differ from the center word c = {c}")
    center_vectors = symbol_matrix("Vc", d, V)
    U = symbol_matrix("U", d, V)
    v_c = center_vectors[:, c]
    scores = matmul(U.T, v_c)
    exps = [sympy.exp(scores[j, 0]) for j in range(V)]
    denominator = sympy.Add(*exps)
    yhat = sympy.Matrix(V, 1, [e / denominator for e in exps])
    ys = tuple(one_hot(V, word) for word in outside)
    J = sympy.Add(*[-sympy.log(yhat[word, 0]) for word in outside])
    return SkipGramContext(
        V=V,
        d=d,
        c=c,
        outside=outside,
        other=other,
        center_vectors=center_vectors,
        v_c=v_c,
        v_w=center_vectors[:, other],
        U=U,
        yhat=yhat,
        ys=ys,
        J=J,
    )


@dataclass(frozen=True)
class RongContext(_Context):
    r"""Rong's multi-panel skip-gram (eqs. 27–35 of *word2vec Parameter Learning Explained*).

    Attributes: ``V, N, C``, ``input_word`` (:math:`w_I`), ``targets`` (:math:`j^*_1 … j^*_C`),
    ``W`` (V×N input matrix, rows :math:`\mathbf v_w^\top`), ``W_out`` (N×V, :math:`\mathbf W'`,
    columns :math:`\mathbf v'_j`), ``x`` (one-hot V×1), ``h`` (N×1 :math:`=\mathbf W^\top\mathbf x`),
    ``u`` (V×1 scores, shared by all C panels), ``y`` (V×1 softmax, :math:`y_{c,j}=y_j`),
    ``t`` (C×V, :math:`t_{c,j}`), ``e`` (C×V, :math:`e_{c,j} = y_{c,j} - t_{c,j}`), ``EI`` (V×1),
    ``EH`` (N×1), ``E`` (the loss).
    """

    V: int = 5
    N: int = 3
    C: int = 3
    input_word: int = 0
    targets: tuple = (1, 3, 1)
    W: sympy.Matrix = None
    W_out: sympy.Matrix = None
    x: sympy.Matrix = None
    h: sympy.Matrix = None
    u: sympy.Matrix = None
    y: sympy.Matrix = None
    t: sympy.Matrix = None
    e: sympy.Matrix = None
    EI: sympy.Matrix = None
    EH: sympy.Matrix = None
    E: sympy.Expr = None

    @property
    def loss(self):
        return self.E

    @property
    def v_input(self):
        """:math:`\\mathbf v_{w_I}` as an N×1 column (row ``input_word`` of W)."""
        return self.W[self.input_word, :].T


def rong_context(V=5, N=3, C=3, input_word=0, targets=(1, 3, 1)):
    r"""Rong's skip-gram context with C output panels sharing one score vector.

    Parameters
    ----------
    V, N : int
        Vocabulary size and hidden size.
    C : int or None
        Number of panels (context words); must equal ``len(targets)``; None means ``len(targets)``.
    input_word : int
        :math:`w_I`.
    targets : tuple of int
        :math:`j^*_c` for each panel c (a repeat by default).

    Returns
    -------
    RongContext

    Examples
    --------
    >>> ctx = rong_context()
    >>> ctx.W.shape, ctx.W_out.shape, ctx.EI.shape, ctx.EH.shape
    ((5, 3), (3, 5), (5, 1), (3, 1))
    """
    _check_size("V", V, 2)
    _check_size("N", N)
    _check_word("input_word", input_word, V)
    targets = tuple(targets)
    if C is None:
        C = len(targets)
    _check_size("C", C)
    if len(targets) != C:
        raise ValueError(f"targets must list C = {C} words (one per panel), got {len(targets)}")
    for position, word in enumerate(targets):
        _check_word(f"targets[{position}]", word, V)
    W = symbol_matrix("W", V, N)
    W_out = symbol_matrix("Wp", N, V)
    x = one_hot(V, input_word)
    h = matmul(W.T, x)
    u = matmul(W_out.T, h)
    exps = [sympy.exp(u[j, 0]) for j in range(V)]
    denominator = sympy.Add(*exps)
    y = sympy.Matrix(V, 1, [e / denominator for e in exps])
    t = sympy.Matrix(C, V, lambda c, j: sympy.Integer(1 if targets[c] == j else 0))
    e = sympy.Matrix(C, V, lambda c, j: y[j, 0] - t[c, j])
    EI = sympy.Matrix(V, 1, [sum(e[c, j] for c in range(C)) for j in range(V)])
    EH = matmul(W_out, EI)
    E = -sympy.Add(*[u[j, 0] for j in targets]) + C * sympy.log(denominator)
    return RongContext(
        V=V,
        N=N,
        C=C,
        input_word=input_word,
        targets=targets,
        W=W,
        W_out=W_out,
        x=x,
        h=h,
        u=u,
        y=y,
        t=t,
        e=e,
        EI=EI,
        EH=EH,
        E=E,
    )


@dataclass(frozen=True)
class CBOWContext(_Context):
    r"""Rong's CBOW: :math:`\mathbf h = \frac1C\sum_c \mathbf v_{w_c}`, :math:`E = -u_{j^*} + \log\sum_{j'}\exp(u_{j'})`.

    Attributes: ``V, N, context`` (the C context words, may repeat), ``C``, ``center``
    (:math:`j^*`), ``W`` (V×N input rows), ``W_out`` (N×V), ``xs`` (one-hot V×1 per context
    word), ``h`` (N×1), ``u`` (V×1), ``y`` (V×1), ``t`` (V×1 one-hot at ``center``),
    ``e`` (V×1 :math:`\mathbf y - \mathbf t`), ``EH`` (N×1 :math:`\mathbf W'\mathbf e`), ``E``.
    """

    V: int = 5
    N: int = 3
    context: tuple = (1, 3, 1, 4)
    C: int = 4
    center: int = 2
    W: sympy.Matrix = None
    W_out: sympy.Matrix = None
    xs: tuple = ()
    h: sympy.Matrix = None
    u: sympy.Matrix = None
    y: sympy.Matrix = None
    t: sympy.Matrix = None
    e: sympy.Matrix = None
    EH: sympy.Matrix = None
    E: sympy.Expr = None

    @property
    def loss(self):
        return self.E

    def v_input(self, word):
        """:math:`\\mathbf v_{word}` as an N×1 column (row ``word`` of W)."""
        return self.W[word, :].T


def cbow_context(V=5, N=3, context=(1, 3, 1, 4), center=2, average=True):
    r"""CBOW context: predict ``center`` from the mean (or, with ``average=False``, the sum) of the
    ``context`` words' input vectors.

    Parameters
    ----------
    V, N : int
        Vocabulary size and hidden size.
    context : tuple of int
        The C context words (repeats allowed; a repeated word's input vector counts twice).
    center : int
        The predicted word :math:`j^*`.
    average : bool
        True for Rong's :math:`\mathbf h = \frac1C\sum_c \mathbf v_{w_{I,c}}`, False for the sum
        :math:`\mathbf h = \sum_c \mathbf v_{w_{I,c}}` (an exercise of chapter 6).

    Returns
    -------
    CBOWContext

    Examples
    --------
    >>> ctx = cbow_context()
    >>> ctx.C, ctx.h.shape
    (4, (3, 1))
    """
    _check_size("V", V, 2)
    _check_size("N", N)
    _check_word("center", center, V)
    context = tuple(context)
    if not context:
        raise ValueError("context must list at least one word")
    for position, word in enumerate(context):
        _check_word(f"context[{position}]", word, V)
    C = len(context)
    W = symbol_matrix("W", V, N)
    W_out = symbol_matrix("Wp", N, V)
    xs = tuple(one_hot(V, word) for word in context)
    h = sympy.Matrix.zeros(N, 1)
    for word in context:
        h += W[word, :].T
    if average:
        h = h / C
    u = matmul(W_out.T, h)
    exps = [sympy.exp(u[j, 0]) for j in range(V)]
    denominator = sympy.Add(*exps)
    y = sympy.Matrix(V, 1, [e / denominator for e in exps])
    t = one_hot(V, center)
    e = y - t
    EH = matmul(W_out, e)
    E = -u[center, 0] + sympy.log(denominator)
    return CBOWContext(
        V=V,
        N=N,
        context=context,
        C=C,
        center=center,
        W=W,
        W_out=W_out,
        xs=xs,
        h=h,
        u=u,
        y=y,
        t=t,
        e=e,
        EH=EH,
        E=E,
    )
