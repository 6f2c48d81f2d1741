r"""The SymPy back end: evaluate a notation tree component by component at one configuration.

A *configuration* (see :mod:`w2vlib.symbolic.contexts`) fixes concrete sizes (|V|, d, K, m,
C …) and says what each of the book's symbols is there: a SymPy scalar, a column vector or
a matrix of real scalar symbols, or an index value (a word, a negative draw, a window
offset, a panel). :func:`evaluate` walks the tree: products are matrix products with their
shapes checked, sums run over the configuration's index ranges, and derivatives are taken
entry by entry with ``sympy.diff``. A line with a free *component index* (Rong's ``i``,
``j``, ``c``) is evaluated for every value of it and assembled into a vector or matrix.

Errors: :class:`~w2vlib.symbolic.notation.latex.NotationError` for a symbol the
configuration does not know (an authoring error), :class:`ShapeError` for shapes that do
not fit (a wrong line).
"""

import itertools
from dataclasses import dataclass

import sympy

from .. import numeric
from ..contexts import matmul
from . import floats
from .latex import NotationError
from .tree import (
    Add, Apply, Call, Condition, Derivative, Entry, Frac, Index, IndexOf, IndexSum, Label, Mul,
    Number, Power, Sum, Symbol, Transpose, Zero, free_letters, walk,
)

__all__ = ["IndexValue", "ShapeError", "ZERO", "evaluate", "sigma_of", "MAX_WORK", "MAX_POWER_BITS", "MAX_SECONDS"]

#: Upper bound on node evaluations for one line at one configuration.
MAX_WORK = 200_000
#: Upper bound on the bits of an exact number a numeric power may make (towers such as ((2^{16})^{16})^{16}…).
MAX_POWER_BITS = 4096
#: Upper bound on the seconds one typed answer may take at one configuration (expression swell, e.g.
#: a long chain of symbolic matrix products, grows with each factor).
MAX_SECONDS = 5.0


class ShapeError(ValueError):
    """Shapes that do not fit (e.g. a d×|V| matrix times a d-vector); the line is wrong."""

    def __init__(self, message, position=None):
        self.position = position
        super().__init__(message if position is None else f"{message} (at character {position})")


@dataclass(frozen=True)
class IndexValue:
    """A value of an index: ``kind`` (``word``, ``draw``, ``offset``, ``panel``, ``unit``,
    ``number``), its ``number`` along its own range and the ``word`` it stands for, if any."""

    kind: str
    number: int
    word: int | None = None

    @property
    def position(self):
        """0-based position along the axis this index runs over (a word id, unit, panel)."""
        if self.kind == "word":
            return self.word
        if self.kind == "panel":
            return self.number - 1
        return self.number


class _Zero:
    r"""The zero vector :math:`\mathbf 0`: adding it changes nothing; its shape is its neighbours'."""

    def __repr__(self):
        return "ZERO"


ZERO = _Zero()


def sigma_of(z):
    r""":math:`\sigma(z) = 1/(1+e^{-z})`."""
    return 1 / (1 + sympy.exp(-z))


#: A matrix value: SymPy's, or a generated configuration's matrix of floats.
_MATRIX = (sympy.MatrixBase, floats.Grid)


def _shape(value):
    return value.shape if isinstance(value, _MATRIX) else ()


def _describe(value):
    if value is ZERO:
        return "the zero vector"
    shape = _shape(value)
    return "a scalar" if shape == () else f"{shape[0]}×{shape[1]}"


def _is_zero_number(value):
    return (isinstance(value, sympy.Basic) and not isinstance(value, sympy.MatrixBase) and value == 0) or (
        isinstance(value, complex) and value == 0)


def _scalar(value):
    if isinstance(value, _MATRIX) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _negate(value):
    return floats.negate(value) if floats.is_float(value) else -value


class _Evaluator:
    """Walks a tree at one configuration.

    ``floating`` (a generated configuration): a symbol outside a derivative or a context's own
    function is replaced at once by its value at the configuration's consistent point, and the
    line is computed in floats (:mod:`.floats`); ``used`` collects the symbols so replaced.
    """

    def __init__(self, config, floating=False):
        self.config = config
        self.work = 0
        self.inside_derivative = 0
        self.floating = floating
        self.in_call = 0
        self.used = set()
        self._cache = {}

    @property
    def in_floats(self):
        return self.floating and not self.inside_derivative and not self.in_call

    def float(self, value):
        """``value`` as a float value at the consistent point (the symbols looked up go to ``used``)."""
        return floats.to_float(value, _RecordingPoint(self.config.consistent_point, self.used), self._cache)

    def either_float(self, *values):
        return any(floats.is_float(value) for value in values)

    def tick(self):
        self.work += 1
        if self.work > MAX_WORK:
            raise NotationError(f"the line needs too much work to evaluate (more than {MAX_WORK} steps)")

    def value(self, node, env):
        self.tick()
        method = getattr(self, "_" + type(node).__name__)
        return method(node, env)

    # ----------------------------------------------------------------- leaves
    def _Number(self, node, env):
        return sympy.Rational(node.numerator, node.denominator)

    def _Zero(self, node, env):
        return ZERO

    def _Symbol(self, node, env):
        value = self.config.symbol(node, env, self)
        if self.in_floats and (isinstance(value, sympy.MatrixBase) or (
                isinstance(value, sympy.Basic) and not value.is_Number)):
            return self.float(value)
        return value

    def _Index(self, node, env):
        return self.index(node, env)

    def _Label(self, node, env):
        raise NotationError(f"the label \\text{{{node.text}}} is not a value", node.pos)

    def index(self, node, env):
        """An :class:`IndexValue` for an index node (or a number)."""
        if isinstance(node, Number):
            if node.denominator != 1:
                raise NotationError("an index must be a whole number", node.pos)
            return IndexValue("number", node.numerator)
        if isinstance(node, Index):
            if node.key in env:
                return env[node.key]
            return self.config.free_index(node)
        if isinstance(node, IndexSum):
            return self.config.index_offset(self.index(node.base, env), node.sign,
                                            self.index(node.offset, env), node)
        if isinstance(node, IndexOf):
            inner = tuple(self.index(i, env) for i in node.index)
            return self.config.index_of(node, inner)
        if isinstance(node, Symbol) and not node.hat and len(node.name) == 1:
            if node.index:
                return self.config.index_of(IndexOf(node.name, False, node.index, node.pos),
                                            tuple(self.index(i, env) for i in node.index))
            return self.index(Index(node.name, node.primes, node.pos), env)
        if isinstance(node, Add) and len(node.terms) == 1 and isinstance(node.terms[0][1], Number):
            sign, number = node.terms[0]
            return IndexValue("number", sign * number.numerator)
        raise NotationError("expected an index here", getattr(node, "pos", None))

    # ----------------------------------------------------------------- algebra
    def _Add(self, node, env):
        total = None
        for sign, term in node.terms:
            value = _as_number(self.value(term, env), term.pos)
            if value is not ZERO and sign < 0:
                value = _negate(value)
            total = value if total is None else self.add(total, value, term.pos)
        return total

    def add(self, a, b, pos):
        a, b = _scalar(a), _scalar(b)
        # The number 0 added to a vector is the zero vector, as in print ("0 + …").
        if a is ZERO or (_is_zero_number(a) and _shape(b) != ()):
            return b
        if b is ZERO or (_is_zero_number(b) and _shape(a) != ()):
            return a
        if _shape(a) != _shape(b):
            raise ShapeError(f"cannot add {_describe(a)} and {_describe(b)}", pos)
        if self.either_float(a, b):
            return floats.add(self.float(a), self.float(b))
        return a + b

    def _Mul(self, node, env):
        result = None
        for factor in node.factors:
            value = _as_number(self.value(factor, env), factor.pos)
            result = value if result is None else self.multiply(result, value, factor.pos)
        return result

    def multiply(self, a, b, pos):
        if b is ZERO and isinstance(_scalar(a), _MATRIX):
            # the zero vector on the right of a matrix is a column that fits it: the product has its rows
            return sympy.zeros(a.shape[0], 1)
        if a is ZERO or b is ZERO:
            return ZERO
        a, b = _scalar(a), _scalar(b)
        if _shape(a) != () and _shape(b) != () and a.shape[1] != b.shape[0]:
            raise ShapeError(f"cannot multiply {_describe(a)} by {_describe(b)}", pos)
        if self.either_float(a, b):
            return _scalar(floats.multiply(self.float(a), self.float(b)))
        if _shape(a) == () or _shape(b) == ():
            return a * b
        return _scalar(matmul(a, b))

    def _Frac(self, node, env):
        numerator = self.value(node.numerator, env)
        denominator = _scalar(self.value(node.denominator, env))
        if denominator is ZERO or _shape(denominator) != ():
            raise ShapeError(f"cannot divide by {_describe(denominator)}", node.denominator.pos)
        if numerator is ZERO:
            return ZERO
        if self.either_float(numerator, denominator):
            return floats.divide(self.float(_scalar(numerator)), self.float(denominator))
        return _scalar(numerator) / denominator

    def _Power(self, node, env):
        base = _scalar(self.value(node.base, env))
        if base is ZERO or _shape(base) != ():
            raise ShapeError(f"cannot raise {_describe(base)} to a power", node.pos)
        exponent = self.value(node.exponent, env)
        if self.either_float(base, exponent):
            if _shape(exponent) != ():
                raise ShapeError(f"cannot raise to the power {_describe(exponent)}", node.pos)
            return floats.power(self.float(base), exponent if isinstance(exponent, sympy.Integer)
                                else self.float(exponent))
        _check_power_size(base, exponent, node.pos)
        return base ** exponent

    def _Transpose(self, node, env):
        value = self.value(node.operand, env)
        if value is ZERO:
            return ZERO
        return value.T if isinstance(value, _MATRIX) else value

    def _Apply(self, node, env):
        argument = _scalar(self.value(node.argument, env))
        if argument is ZERO:
            argument = sympy.Integer(0)
        if isinstance(argument, IndexValue) or _shape(argument) != ():
            name = {"sigma": "σ", "sigma'": "σ'"}.get(node.function, "\\" + node.function)
            raise ShapeError(f"{name} takes a scalar, not {_describe(argument)}", node.pos)
        if floats.is_float(argument):
            return floats.apply(node.function, argument)
        if node.function == "log":
            return sympy.log(argument)
        if node.function == "exp":
            return sympy.exp(argument)
        if node.function == "sigma":
            return sigma_of(argument)
        z = sympy.Dummy("z")
        return sympy.diff(sigma_of(z), z).subs(z, argument)

    def _Entry(self, node, env):
        value = self.value(node.operand, env)
        indices = [self.index(i, env) for i in node.index]
        if not isinstance(value, _MATRIX) and value is not ZERO and not isinstance(value, IndexValue) \
                and all(i.position == 0 for i in indices):
            return value  # a 1×1 value (a size of 1: d = 1, N = 1) is its own only entry
        if not isinstance(value, _MATRIX):
            raise ShapeError(f"cannot take an entry of {_describe(value)}", node.pos)
        rows, cols = value.shape
        positions = [i.position for i in indices]
        if len(positions) == 1 and cols == 1:
            positions.append(0)
        if len(positions) != 2 or not (0 <= positions[0] < rows and 0 <= positions[1] < cols):
            raise ShapeError(f"the entry {tuple(positions)} is outside {_describe(value)}", node.pos)
        return value[positions[0], positions[1]]

    # ----------------------------------------------------------------- sums, calls, derivatives
    def _Sum(self, node, env):
        lower = None if node.lower is None else self.bound(node.lower, env)
        upper = None if node.upper is None else self.bound(node.upper, env)
        values = self.config.domain(self.sum_letter(node, env), lower, upper, env)
        total = sympy.Integer(1) if node.product else ZERO
        for index_value in values:
            inner = dict(env)
            inner[node.index.key] = index_value
            if all(self.condition(condition, inner) for condition in node.conditions):
                value = self.value(node.body, inner)
                if node.product:
                    if value is ZERO or _shape(_scalar(value)) != ():
                        raise ShapeError(f"a product ∏ multiplies scalars, not {_describe(value)}", node.body.pos)
                    value = _scalar(value)
                    total = (floats.multiply(self.float(total), self.float(value))
                             if self.either_float(total, value) else total * value)
                else:
                    total = self.add(total, value, node.body.pos)
        return total

    def sum_letter(self, node, env):
        """The context's own sum letter for the sum's index: itself, or for a letter of the reader's own
        choice (``\\sum_k e^{s_k}`` in the softmax context) the letter of the same kind of index."""
        config, index = self.config, node.index
        if index.name in config.domains or not config.domains:
            return index
        context = config.context
        if index.key in config.free or index.name in config.component_indices or index.key in env:
            raise NotationError(f"the sum's index {index.key} already has a meaning in the {context} context; "
                                "a sum needs a letter of its own, such as k", index.pos)
        if any(family[0] == index.name for family in config.families) or index.name == "e":
            raise NotationError(f"{index.name} is a symbol of the {context} context; a sum needs an index letter "
                                "of its own, such as k", index.pos)
        kinds = {}
        for letter in sorted(config.domains):
            kinds.setdefault(_domain_kind(config, letter), letter)
        upper = node.upper
        wanted = _BOUND_KINDS.get(upper.name) if isinstance(upper, (Symbol, Index)) and not upper.primes \
            and not getattr(upper, "index", ()) and not getattr(upper, "hat", False) else None
        if wanted is None and len(kinds) == 1:
            wanted = next(iter(kinds))
        if wanted is None:
            ranges = ", ".join(f"{_KIND_NAMES.get(kind, kind)} {_RANGE_EXAMPLE.get(kind, '')}".rstrip()
                               for kind in kinds)
            raise NotationError(f"a sum over {index.key} needs its range in the {context} context, which sums "
                                f"over {ranges} (or use the letters {', '.join(sorted(kinds.values()))})", index.pos)
        if wanted not in kinds:
            raise NotationError(f"a sum over {index.key} up to {upper.name} has no meaning in the {context} "
                                "context", index.pos)
        return Index(kinds[wanted], index.primes, index.pos)

    def bound(self, node, env):
        if isinstance(node, Index):
            node = Symbol(node.name, primes=node.primes, pos=node.pos)
        value = _scalar(self.value(node, env))
        if isinstance(value, IndexValue):
            return value.number
        if not (isinstance(value, sympy.Basic) and value.is_Integer):
            raise NotationError("a sum's bounds must be whole numbers such as 1, K, |V| or -m",
                                getattr(node, "pos", None))
        return int(value)

    def condition(self, node, env):
        left, right = self.index(node.left, env), self.index(node.right, env)
        key_left, key_right = _compare_key(left, right)
        return {"=": key_left == key_right, "ne": key_left != key_right, "le": key_left <= key_right,
                "ge": key_left >= key_right, "lt": key_left < key_right, "gt": key_left > key_right}[node.op]

    def _Call(self, node, env):
        if node.name == "diag":
            if len(node.arguments) != 1:
                raise NotationError("diag(…) takes one vector", node.pos)
            vector = self.value(node.arguments[0], env)
            if not isinstance(vector, _MATRIX) or vector.shape[1] != 1:
                raise ShapeError(f"diag(…) takes a column vector, not {_describe(vector)}", node.pos)
            if isinstance(vector, floats.Grid):
                entries = list(vector)
                return floats.Grid([[entry if i == j else 0j for j in range(len(entries))]
                                    for i, entry in enumerate(entries)])
            return sympy.diag(*list(vector))
        if node.name == "dot":
            return self.dot(node, env)
        if node.name == "softmax":
            if len(node.arguments) != 1:
                raise NotationError("softmax(…) takes one column vector", node.pos)
            scores = _scalar(self.value(node.arguments[0], env))
            if not isinstance(scores, _MATRIX) or scores.shape[1] != 1:
                raise ShapeError(f"softmax(…) takes a column vector, not {_describe(scores)}", node.pos)
            if isinstance(scores, floats.Grid):
                exps = [floats.apply("exp", entry) for entry in scores]
                return floats.divide(floats.Grid([[entry] for entry in exps]), sum(exps, 0j))
            exps = [sympy.exp(entry) for entry in scores]
            total = sympy.Add(*exps)
            return sympy.Matrix(len(exps), 1, [entry / total for entry in exps])
        # A context's own function (J(v_c, o, U), CE(y, ŷ), P(O = o | C = c)) works on SymPy values.
        self.in_call += 1
        try:
            return self.config.call(node, env, self)
        finally:
            self.in_call -= 1

    def dot(self, node, env):
        r"""``a \cdot b`` (label ``cdot``): the dot product of two columns, else a product (σ(x)·2, U·ŷ);
        ``\langle a, b\rangle``: only the dot product of two columns of the same length."""
        left, right = (_as_number(self.value(argument, env), argument.pos) for argument in node.arguments)
        left, right = _scalar(left), _scalar(right)
        columns = all(isinstance(v, _MATRIX) and v.shape[1] == 1 for v in (left, right))
        if columns and left.shape == right.shape:
            if self.either_float(left, right):
                return floats.multiply(self.float(left).T, self.float(right))[0, 0]
            return (left.T * right)[0, 0]
        if node.label == "cdot":
            return self.multiply(left, right, node.arguments[1].pos)
        if ZERO in (left, right):
            other = right if left is ZERO else left
            if isinstance(other, _MATRIX) and other.shape[1] == 1:
                return sympy.Integer(0)
        raise ShapeError(f"⟨a, b⟩ is the dot product of two columns of the same length, not of {_describe(left)} "
                         f"and {_describe(right)}", node.pos)

    def _Condition(self, node, env):
        raise NotationError("a relation is not a value here", node.pos)

    def _Derivative(self, node, env):
        self.inside_derivative += 1  # the variable and the body stay SymPy values, to be differentiated
        try:
            variable = self.value(node.variable, env)
            entries = list(variable) if isinstance(variable, sympy.MatrixBase) else [variable]
            if not entries or not all(isinstance(entry, sympy.Symbol) for entry in entries):
                raise NotationError(f"cannot differentiate with respect to {node.variable.describe()}: "
                                    "it is not a variable of this context", node.variable.pos)
            body = _scalar(self.value(node.body, env))
        finally:
            self.inside_derivative -= 1
        if body is ZERO:
            return ZERO
        body = self.config.prepare_derivative(body, entries)
        point = getattr(self.config, "point", None)
        if point is not None and not self.inside_derivative and not any(
                isinstance(inner, Derivative) for inner in walk(node.body)):
            numeric_value = _numeric_derivative(body, variable, self.config, node)
            if numeric_value is not None:
                self.used |= body.free_symbols
                return numeric_value
        if isinstance(body, sympy.MatrixBase):
            if isinstance(variable, sympy.MatrixBase):
                if body.shape[1] != 1 or variable.shape[1] != 1:
                    raise ShapeError(f"the derivative of {_describe(body)} by {_describe(variable)} is not part "
                                     "of the notation (a Jacobian is of a column vector by a column vector)",
                                     node.pos)
                return sympy.Matrix(body.shape[0], variable.shape[0],
                                    lambda i, j: sympy.diff(body[i, 0], variable[j, 0]))
            return body.applyfunc(lambda entry: sympy.diff(entry, variable))
        if isinstance(variable, sympy.MatrixBase):
            return variable.applyfunc(lambda entry: sympy.diff(body, entry))
        return sympy.diff(body, variable)


def _numeric_derivative(body, variable, config, node):
    """The derivative's value at the configuration's fixed point (reverse mode, float64), as SymPy
    floats; None where it is not finite there (then SymPy differentiates).

    For the generated configurations, which are checked at one fixed point: much faster than
    ``sympy.diff`` entry by entry, and exact up to rounding. Layer symbols (s, u_j, h) take the
    values of their definitions at the point, so the result agrees with the rest of the line.
    """
    point = config.consistent_point
    bodies = list(body) if isinstance(body, sympy.MatrixBase) else [body]
    variables = list(variable) if isinstance(variable, sympy.MatrixBase) else [variable]
    if isinstance(body, sympy.MatrixBase) and isinstance(variable, sympy.MatrixBase) and (
            body.shape[1] != 1 or variable.shape[1] != 1):
        raise ShapeError(f"the derivative of {_describe(body)} by {_describe(variable)} is not part "
                         "of the notation (a Jacobian is of a column vector by a column vector)", node.pos)
    cache = config.__dict__.setdefault("_gradients", {})
    try:
        rows = []
        for entry in bodies:
            if entry not in cache:
                cache[entry] = numeric.gradient_all(entry, point)
            partials = cache[entry]
            rows.append([partials.get(v, 0j) for v in variables])
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    values = [[floats.to_sympy(g) for g in row] for row in rows]
    if isinstance(body, sympy.MatrixBase) and isinstance(variable, sympy.MatrixBase):
        return sympy.Matrix(values)
    if isinstance(body, sympy.MatrixBase):
        return sympy.Matrix(body.shape[0], body.shape[1], [row[0] for row in values])
    if isinstance(variable, sympy.MatrixBase):
        return sympy.Matrix(variable.shape[0], variable.shape[1], values[0])
    return values[0][0]


class _RecordingPoint:
    """A point that adds each symbol looked up in it to ``used``."""

    __slots__ = ("point", "used")

    def __init__(self, point, used):
        self.point, self.used = point, used

    def __contains__(self, symbol):
        return symbol in self.point

    def __getitem__(self, symbol):
        self.used.add(symbol)
        return self.point[symbol]


class _ConsistentPoint:
    """The configuration's fixed point, with each layer symbol at the value of its definition."""

    def __init__(self, config):
        self.config = config
        self.cache = {}

    def __contains__(self, symbol):
        return isinstance(symbol, sympy.Symbol)

    def __getitem__(self, symbol):
        if symbol not in self.cache:
            defined = self.config.finalize(symbol)
            self.cache[symbol] = (self.config.point[symbol] if defined == symbol
                                  else numeric.value(defined, self.config.point).real)
        return self.cache[symbol]


#: The kind of index a sum runs over, from its upper bound (K draws, |V| words, N units, C panels, m offsets).
_BOUND_KINDS = {"|V|": "word", "V": "word", "K": "draw", "N": "unit", "C": "panel", "m": "offset"}
_KIND_NAMES = {"word": "the words", "draw": "the draws", "unit": "the hidden units", "panel": "the panels",
               "offset": "the window"}
_RANGE_EXAMPLE = {"word": "(1 to |V|)", "draw": "(1 to K)", "unit": "(1 to N)", "panel": "(1 to C)",
                  "offset": "(-m to m)"}


def _domain_kind(config, letter):
    """The kind of index (``word``, ``draw`` …) a context's sum letter runs over."""
    values = config.domain(Index(letter), None, None, {})
    return values[0].kind if values else None


#: Index kinds that are also numbers: a draw k, a window offset j, a panel c (their position).
_COUNTING = ("draw", "offset", "panel", "number")


def _as_number(value, pos):
    """An index used as a number is its position (the k of the k-th draw); a word is not a number."""
    if isinstance(value, IndexValue):
        if value.kind in _COUNTING:
            return sympy.Integer(value.number)
        raise NotationError(f"a {value.kind} index is not a number here", pos)
    return value


def _check_power_size(base, exponent, pos):
    """Refuse a power whose exact numbers would be huge (Python computes them at once, uninterruptibly)."""
    if not isinstance(base, sympy.Basic) or not isinstance(exponent, sympy.Rational):
        return
    numbers = [base] if isinstance(base, sympy.Rational) else base.atoms(sympy.Rational)
    bits = max((max(abs(n.p).bit_length(), n.q.bit_length()) for n in numbers), default=0)
    if bits * abs(exponent) > MAX_POWER_BITS:
        raise NotationError(f"the power is too large to evaluate exactly (a number of about "
                            f"{int(bits * abs(exponent))} bits; at most {MAX_POWER_BITS})", pos)


def _compare_key(left, right):
    if left.word is not None and right.word is not None and left.kind != "number" and right.kind != "number":
        return left.word, right.word
    return left.number, right.number


def component_letters(tree, config):
    """Component-index letters used in ``tree`` and not bound by a sum around them, in the config's order."""
    free = free_letters(tree)
    return [letter for letter in config.component_indices if letter in free]


def evaluate(tree, config, free=None, seconds=MAX_SECONDS, env=None, used=None):
    """Value of a notation tree at one configuration: a SymPy scalar or Matrix.

    A free component index (e.g. Rong's ``i`` and ``j``) makes the line a vector (one free
    index) or a matrix (two), in the configuration's order of indices. ``free`` overrides the
    letters found in ``tree``: a derivation evaluates every line over the free indices of all
    its lines, since "= w'_{ij}" holds for every panel c when the line before has a c. With
    three letters the rows run over the first two (the first slowest).

    ``env`` binds index letters that the line itself introduces (a derivation's ``where``: "for a
    word m ≠ o"). ``seconds`` bounds the wall-clock time (by default :data:`MAX_SECONDS`: text typed
    by a reader may be hostile); the book's own derivations pass None and are bounded by work alone
    (:data:`MAX_WORK`), so that their marks never depend on the machine's load.

    At a generated configuration (checked at its one fixed point) the line is computed in floats
    (:mod:`.floats`) and returned as SymPy floats; where a float is not finite (a pole, an
    overflow) it is evaluated symbolically instead. The symbols whose values it used are added to
    the set ``used``, if given (a counterexample names them).

    Raises
    ------
    NotationError
        A symbol or construct the configuration does not know.
    ShapeError
        Shapes that do not fit.
    """
    from ..checker import _call_with_time_limit

    env = dict(env or {})
    cache = config.__dict__.setdefault("_evaluated", {})
    key = (tree, None if free is None else tuple(free), tuple(sorted(env.items())))
    if key in cache:
        value, symbols = cache[key]
    else:
        finished, result = _call_with_time_limit(lambda: _evaluate_once(tree, config, free, env), seconds)
        if not finished:
            raise NotationError(f"the line takes too long to evaluate (more than {seconds:g} s at {config.name})")
        value, symbols = result
        if len(cache) < _CACHE_SIZE:
            cache[key] = value, symbols
    if used is not None:
        used |= symbols
    return value


#: Values kept per configuration (a chapter's derivations share left-hand sides such as ∂J/∂v_c).
_CACHE_SIZE = 512


def _evaluate_once(tree, config, free, env):
    """(value, the symbols replaced by floats): in floats at a generated configuration, else (or where a
    float is not finite) symbolically."""
    if config.point is not None:
        evaluator = _Evaluator(config, floating=True)
        try:
            return _evaluate(evaluator, tree, config, free, env), frozenset(evaluator.used)
        except (NotationError, ShapeError):
            raise
        except (ArithmeticError, ValueError):  # a pole or an overflow in floats (and NotNumeric)
            pass
    evaluator = _Evaluator(config)
    return _evaluate(evaluator, tree, config, free, env), frozenset(evaluator.used)


def _evaluate(evaluator, tree, config, free, env):
    free = component_letters(tree, config) if free is None else list(free)
    if len(free) > 3:
        raise NotationError(f"a line may have at most three free component indices, found {', '.join(free)}")
    if not free:
        value = evaluator.value(tree, dict(env))
    else:
        ranges = [config.component_range(letter) for letter in free]
        entries = {}
        outer = env
        for combination in itertools.product(*ranges):
            env = dict(outer)
            env.update(zip(free, combination))
            entry = floats.to_sympy(_scalar(evaluator.value(tree, env)))
            if entry is ZERO:
                entry = sympy.Integer(0)
            column = len(free) == 1 and isinstance(entry, sympy.MatrixBase) and entry.shape[1] == 1
            if isinstance(entry, IndexValue) or (_shape(entry) != () and not column):
                raise ShapeError(f"each component ({', '.join(free)}) must be a scalar (or, for one free index, "
                                 f"a column), got {_describe(entry)}")
            entries[tuple(v.position for v in combination)] = entry
        if len(ranges) == 3:
            value = sympy.Matrix(len(ranges[0]) * len(ranges[1]), len(ranges[2]),
                                 lambda r, c: entries[(r // len(ranges[1]), r % len(ranges[1]), c)])
            return value if config.point is not None else config.finalize(value)
        shape = [len(r) for r in ranges] + ([1] if len(ranges) == 1 else [])
        columns = [entries[(r,)] for r in range(shape[0])] if len(ranges) == 1 else []
        if columns and isinstance(columns[0], sympy.MatrixBase):
            if any(not isinstance(c, sympy.MatrixBase) or c.shape != columns[0].shape for c in columns):
                raise ShapeError(f"the components ({free[0]}) have different shapes")
            value = sympy.Matrix.hstack(*columns)
        elif len(ranges) == 1:
            value = sympy.Matrix(shape[0], 1, lambda r, c: entries[(r,)])
        else:
            value = sympy.Matrix(shape[0], shape[1], lambda r, c: entries[(r, c)])
    if isinstance(value, IndexValue):
        raise NotationError("the line is an index, not a value")
    value = floats.to_sympy(_scalar(value))
    # A generated configuration is only ever evaluated at its fixed point, where each layer symbol
    # takes the value of its definition (_ConsistentPoint): no need to substitute the layers.
    return value if value is ZERO or config.point is not None else config.finalize(value)
