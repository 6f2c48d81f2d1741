r"""Float values for the evaluator at a generated configuration (standard library alone).

A generated configuration is checked at one fixed point in float64 (see
:mod:`w2vlib.symbolic.configurations`). There the evaluator does not build a SymPy expression and
then evaluate it: each symbol is replaced by its value at once, and the line is computed with
complex floats (:mod:`cmath`) in :class:`Grid` matrices. SymPy's arithmetic on symbolic matrices
of a generated configuration's sizes is what made the checks slow; the numbers are the same.

A value here is a Python ``complex`` (a scalar) or a :class:`Grid`. Anything that is not finite
raises :class:`ArithmeticError` (``ZeroDivisionError``, ``OverflowError``); the evaluator then
evaluates the line symbolically instead, so poles and overflows keep their SymPy meaning.

Examples
--------
>>> a = Grid([[1 + 0j, 2 + 0j], [3 + 0j, 4 + 0j]])
>>> multiply(a, a.T).rows
[[(5+0j), (11+0j)], [(11+0j), (25+0j)]]
>>> apply("sigma", 0j)
(0.5+0j)
"""

import cmath

import sympy

from .. import numeric

__all__ = ["Grid", "is_float", "to_float", "to_sympy", "add", "multiply", "divide", "power", "apply",
           "negate"]


class Grid:
    """A matrix of complex floats, row by row: ``rows[i][j]``; ``shape``, ``T``, ``[i, j]`` and
    iteration in row-major order, as a SymPy matrix has them."""

    __slots__ = ("rows",)

    def __init__(self, rows):
        self.rows = rows

    @property
    def shape(self):
        return len(self.rows), len(self.rows[0])

    @property
    def T(self):  # noqa: N802 (SymPy's name)
        return Grid([list(column) for column in zip(*self.rows)])

    def __getitem__(self, key):
        row, column = key
        return self.rows[row][column]

    def __iter__(self):
        for row in self.rows:
            yield from row

    def __len__(self):
        rows, columns = self.shape
        return rows * columns

    def __repr__(self):
        return f"Grid({self.rows!r})"


def is_float(value):
    """True for a value of this module (a complex scalar or a :class:`Grid`)."""
    return isinstance(value, (complex, Grid))


def _finite(number):
    if cmath.isinf(number) or cmath.isnan(number):
        raise OverflowError("not finite")
    return number


def to_float(value, point, cache):
    """``value`` (a SymPy scalar or matrix, or already a float value) at ``point``."""
    if isinstance(value, (complex, Grid)):
        return value
    if isinstance(value, (int, float)):
        return complex(value)
    if isinstance(value, sympy.MatrixBase):
        rows, columns = value.shape
        return Grid([[numeric.value(value[i, j], point, cache) for j in range(columns)] for i in range(rows)])
    return numeric.value(value, point, cache)


def _as_sympy(number):
    if abs(number.imag) <= 1e-12 * max(1.0, abs(number)):
        return sympy.Float(number.real)
    return sympy.Float(number.real) + sympy.I * sympy.Float(number.imag)


def to_sympy(value):
    """A float value as SymPy numbers (``Float``; a matrix of them); anything else unchanged."""
    if isinstance(value, (complex, float)):
        return _as_sympy(complex(value))
    if isinstance(value, Grid):
        rows, columns = value.shape
        return sympy.Matrix(rows, columns, [_as_sympy(entry) for entry in value])
    return value


def negate(a):
    if isinstance(a, Grid):
        return Grid([[-entry for entry in row] for row in a.rows])
    return -a


def add(a, b):
    """``a + b`` of two scalars or two grids of the same shape (the caller checked the shapes)."""
    if isinstance(a, Grid):
        return Grid([[x + y for x, y in zip(row_a, row_b)] for row_a, row_b in zip(a.rows, b.rows)])
    return _finite(a + b)


def multiply(a, b):
    """A scalar times a scalar or a grid, or the matrix product of two grids that fit."""
    if isinstance(a, Grid) and isinstance(b, Grid):
        columns = list(zip(*b.rows))
        return Grid([[_finite(sum((x * y for x, y in zip(row, column)), 0j)) for column in columns]
                     for row in a.rows])
    if isinstance(a, Grid):
        a, b = b, a
    if isinstance(b, Grid):
        return Grid([[_finite(a * entry) for entry in row] for row in b.rows])
    return _finite(a * b)


def divide(a, b):
    """``a / b`` for a scalar ``b`` (ZeroDivisionError at 0)."""
    if isinstance(a, Grid):
        return Grid([[_finite(entry / b) for entry in row] for row in a.rows])
    return _finite(a / b)


def power(base, exponent):
    """``base ** exponent`` of scalars, as :mod:`w2vlib.symbolic.numeric` computes a SymPy power."""
    exponent = int(exponent) if isinstance(exponent, sympy.Integer) else complex(exponent)
    return _finite(numeric.complex_power(base, exponent))


def _sigma(z):
    return 1 / (1 + cmath.exp(-z))


def apply(function, z):
    """``log``, ``exp``, ``sigma`` (σ) or ``sigma'`` (σ′ = σ(1 − σ)) of a complex scalar."""
    if function == "log":
        if z == 0:
            raise ZeroDivisionError("log 0")
        return _finite(cmath.log(z))
    if function == "exp":
        return _finite(cmath.exp(z))
    s = _sigma(z)
    return _finite(s if function == "sigma" else s * (1 - s))
