r"""Float evaluation of SymPy values with the standard library alone (no NumPy: it runs in Pyodide).

The checker refutes a line by finding one point where its two sides differ. A value is
evaluated in complex double precision (:mod:`cmath`), node by node with a cache, so that a
side that leaves the real numbers (:math:`2\log x` at :math:`x < 0`) is seen as such and not
skipped. Only the SymPy node types that the notation produces are known; anything else is
refused with :class:`NotNumeric`.

Examples
--------
>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> value(sympy.log(1 + sympy.exp(x)), {x: 0.0})
(0.6931471805599453+0j)
>>> value(2 * sympy.log(x), {x: -1.0}).imag != 0
True
>>> agree(1.0, 1.0 + 1e-12), agree(1.0, 1.01)
(True, False)
"""

import cmath
import math
import random

import sympy

__all__ = ["NotNumeric", "value", "matrix_value", "agree", "draw_point", "RELATIVE_TOLERANCE",
           "ABSOLUTE_TOLERANCE"]

#: Two floats agree when they differ by less than this fraction of the larger (plus the floor below).
RELATIVE_TOLERANCE = 1e-8
#: Absolute floor of agreement, scaled by the largest magnitude in the comparison (at least 1).
ABSOLUTE_TOLERANCE = 1e-9
#: An imaginary part larger than this (relative to the scale) makes a value not real.
IMAGINARY_TOLERANCE = 1e-9


class NotNumeric(ValueError):
    """A SymPy node that has no float value here (an unknown function, a symbol without a value)."""


def _number(expr):
    return complex(float(expr))


_UNARY = {
    sympy.exp: cmath.exp,
    sympy.log: cmath.log,
    sympy.Abs: lambda z: complex(abs(z)),
    sympy.sqrt: cmath.sqrt,
    sympy.tanh: cmath.tanh,
    sympy.sin: cmath.sin,
    sympy.cos: cmath.cos,
    sympy.tan: cmath.tan,
    sympy.sinh: cmath.sinh,
    sympy.cosh: cmath.cosh,
    sympy.atan: cmath.atan,
}


def value(expr, point, cache=None):
    """Complex value of a SymPy scalar ``expr`` at ``point`` (symbol → float).

    Raises
    ------
    ZeroDivisionError, OverflowError, ValueError
        Where the value is not finite (a pole, an overflow, ``log 0``).
    NotNumeric
        For a node with no float meaning here.
    """
    cache = {} if cache is None else cache
    return _value(sympy.sympify(expr), point, cache)


def _value(expr, point, cache):
    if expr in cache:
        return cache[expr]
    if expr in (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise OverflowError("not finite")
    if expr.is_Symbol:
        if expr not in point:
            raise NotNumeric(f"the symbol {expr} has no value here")
        result = complex(point[expr])
    elif expr.is_Number or expr.is_NumberSymbol:
        result = _number(expr)
    elif expr is sympy.I:
        result = 1j
    elif expr.is_Add:
        result = sum((_value(term, point, cache) for term in expr.args), 0j)
    elif expr.is_Mul:
        result = 1 + 0j
        for factor in expr.args:
            result *= _value(factor, point, cache)
    elif expr.is_Pow:
        result = _power(expr, point, cache)
    elif type(expr) in _UNARY or (expr.func in _UNARY and len(expr.args) == 1):
        result = _UNARY[expr.func](_value(expr.args[0], point, cache))
    elif isinstance(expr, sympy.KroneckerDelta):
        a, b = (_value(arg, point, cache) for arg in expr.args)
        result = 1 + 0j if a == b else 0j
    else:
        raise NotNumeric(f"{type(expr).__name__} cannot be evaluated numerically here")
    if cmath.isinf(result) or cmath.isnan(result):
        raise OverflowError("not finite")
    cache[expr] = result
    return result


def _power(expr, point, cache):
    base, exponent = expr.args
    b = _value(base, point, cache)
    return complex_power(b, int(exponent) if exponent.is_Integer else _value(exponent, point, cache))


def complex_power(b, exponent):
    """``b ** exponent`` for a complex ``b``: an ``int`` exponent (|n| ≤ 64) by repeated products, as
    SymPy's exact power is; otherwise exp(exponent · log b). ZeroDivisionError for 0 to a power ≤ 0."""
    if isinstance(exponent, int):
        if b == 0 and exponent < 0:
            raise ZeroDivisionError("0 to a negative power")
        if abs(exponent) <= 64:
            result = 1 + 0j
            factor = b if exponent >= 0 else 1 / b
            for _ in range(abs(exponent)):
                result *= factor
            return result
        exponent = complex(exponent)
    if b == 0:
        if exponent.real > 0:
            return 0j
        raise ZeroDivisionError("0 to a non-positive power")
    return cmath.exp(exponent * cmath.log(b))


def matrix_value(expr, point, cache=None):
    """Values of a SymPy scalar (a 1-tuple) or of a matrix's entries (row-major), as complex numbers."""
    cache = {} if cache is None else cache
    if isinstance(expr, sympy.MatrixBase):
        return tuple(_value(sympy.sympify(entry), point, cache) for entry in expr)
    return (_value(sympy.sympify(expr), point, cache),)


def is_real(values):
    """True when every value's imaginary part is negligible against the values' scale."""
    scale = max([1.0] + [abs(v) for v in values])
    return all(abs(v.imag) <= IMAGINARY_TOLERANCE * scale for v in values)


def agree(a, b):
    """True when two floats (or equal-length sequences of floats) agree within the tolerances.

    The tolerance of each entry is ``ABSOLUTE_TOLERANCE · scale + RELATIVE_TOLERANCE · max(|a|, |b|)``
    with ``scale`` the largest magnitude in the comparison (at least 1).
    """
    return first_disagreement(a, b) is None


def first_disagreement(a, b):
    """Position of the first entry where ``a`` and ``b`` differ beyond the tolerance, or None."""
    a = a if isinstance(a, (tuple, list)) else (a,)
    b = b if isinstance(b, (tuple, list)) else (b,)
    if len(a) != len(b):
        return 0
    scale = max([1.0] + [abs(x) for x in a] + [abs(x) for x in b])
    for position, (x, y) in enumerate(zip(a, b)):
        tolerance = ABSOLUTE_TOLERANCE * scale + RELATIVE_TOLERANCE * max(abs(x), abs(y))
        if not abs(x - y) <= tolerance:
            return position
    return None


def draw_point(symbols, generator, low=-1.5, high=1.5):
    """One random point: each symbol → a float in [low, high] (or the part its sign allows).

    Integer symbols get whole values; a positive symbol is drawn from [0.1, high], a negative one
    from [low, −0.1].

    Parameters
    ----------
    symbols : iterable of sympy.Symbol
    generator : random.Random
        The source of randomness (seeded by the caller: the same seed gives the same point).
    """
    point = {}
    for symbol in symbols:
        lo = 0.1 if symbol.is_nonnegative else low
        hi = -0.1 if symbol.is_nonpositive else high
        x = generator.uniform(lo, hi)
        point[symbol] = float(round(2 * x)) if symbol.is_integer else x
    return point


def new_generator(seed):
    """A :class:`random.Random` seeded with ``seed`` (a thin name for readability at call sites)."""
    return random.Random(seed)


def finite(number):
    """True for a finite float."""
    return math.isfinite(number)


class FixedPoint:
    """A random point fixed once for a configuration: each symbol's value depends only on ``seed`` and
    the symbol's name (and its sign and integer assumptions), never on the order of the questions.

    Used as the ``point`` of :func:`value` (it contains every symbol); :meth:`items` lists the values
    drawn so far (for a counterexample).

    Examples
    --------
    >>> import sympy
    >>> a = FixedPoint("softmax:3")
    >>> x = sympy.Symbol("x", real=True)
    >>> a[x] == FixedPoint("softmax:3")[x], -1.5 <= a[x] <= 1.5
    (True, True)
    """

    def __init__(self, seed, low=-1.5, high=1.5):
        self.seed = seed
        self.low, self.high = low, high
        self._values = {}

    def __contains__(self, symbol):
        return isinstance(symbol, sympy.Symbol)

    def __getitem__(self, symbol):
        if symbol not in self._values:
            generator = random.Random(f"{self.seed}:{symbol.name}")
            self._values[symbol] = draw_point([symbol], generator, self.low, self.high)[symbol]
        return self._values[symbol]

    def items(self):
        return self._values.items()


def gradient(expr, variables, point):
    """Values of ∂expr/∂v for each of ``variables`` at ``point``, by reverse-mode differentiation.

    Exact up to float rounding (no finite differences): each node's value is computed once, then
    the adjoints flow back through Add, Mul, Pow, exp and log.

    Parameters
    ----------
    expr : sympy.Expr
        A scalar.
    variables : sequence of sympy.Symbol
    point : mapping
        Symbol → value (a :class:`FixedPoint` or a dict).

    Returns
    -------
    list of complex

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> [round(g.real, 6) for g in gradient(x**2 * sympy.exp(y), [x, y], {x: 2.0, y: 0.0})]
    [4.0, 4.0]
    """
    expr = sympy.sympify(expr)
    wanted = set(variables)
    order, seen = [], set()
    stack = [(expr, False)]
    while stack:  # post-order over the DAG
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((argument, False) for argument in node.args if argument not in seen)
    depends = {}
    for node in order:  # children before parents
        depends[node] = node in wanted or any(depends.get(argument, False) for argument in node.args)
    cache = {}
    adjoint = {expr: 1 + 0j}
    for node in reversed(order):
        bar = adjoint.get(node, 0j)
        if bar == 0 or not node.args or not depends[node]:
            continue
        for argument, local in _partials(node, point, cache):
            if depends[argument]:
                adjoint[argument] = adjoint.get(argument, 0j) + bar * local
    return [adjoint.get(variable, 0j) for variable in variables]


def gradient_all(expr, point):
    """Every partial derivative of ``expr`` at ``point``: symbol → complex value (one reverse pass)."""
    expr = sympy.sympify(expr)
    symbols = sorted(expr.free_symbols, key=lambda symbol: symbol.name)
    return dict(zip(symbols, gradient(expr, symbols, point)))


def _partials(node, point, cache):
    """(argument, ∂node/∂argument) for each argument of ``node``."""
    if node.is_Add:
        return [(argument, 1 + 0j) for argument in node.args]
    if node.is_Mul:
        values = [_value(argument, point, cache) for argument in node.args]
        out = []
        for i, argument in enumerate(node.args):
            product = 1 + 0j
            for j, v in enumerate(values):
                if j != i:
                    product *= v
            out.append((argument, product))
        return out
    if node.is_Pow:
        base, exponent = node.args
        b = _value(base, point, cache)
        e = _value(exponent, point, cache)
        out = [(base, e * b ** (int(exponent) - 1) if exponent.is_Integer else e * _value(node, point, cache) / b)]
        if exponent.free_symbols:
            out.append((exponent, cmath.log(b) * _value(node, point, cache)))
        return out
    if isinstance(node, sympy.exp):
        return [(node.args[0], _value(node, point, cache))]
    if isinstance(node, sympy.log):
        return [(node.args[0], 1 / _value(node.args[0], point, cache))]
    raise NotNumeric(f"cannot differentiate {type(node).__name__} numerically here")
