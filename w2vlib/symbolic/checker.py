r"""Check that two SymPy expressions are equal, and check a derivation step by step.

:func:`compare` first evaluates both sides at random points (a mismatch is a
refutation with a counterexample), then tries to *prove* equality: exact
equality, ``expand``, and ``simplify`` after ``.rewrite(exp)`` under a time
limit. :class:`Derivation` applies it to every displayed line of a derivation,
names the first wrong step and renders the checked derivation as MyST display
math. Used in every chapter that derives a gradient; the chapter on checking
handwritten notes uses :meth:`Derivation.expect_mistake_at`.

Step numbering: ``steps[0]`` is the displayed left-hand side (status ``"given"``),
and "step i" everywhere (messages, :attr:`StepResult.index`,
:meth:`Derivation.expect_mistake_at`) means ``steps[i]``, so the first checked
step is step 1.

Examples
--------
>>> x = sympy.Symbol("x", real=True)
>>> compare((x + 1)**2, x**2 + 2*x + 1).status
'proved'
>>> wrong = compare(sympy.diff(sympy.exp(2*x), x), sympy.exp(2*x))
>>> wrong.status, sorted(wrong.point)
('refuted', ['x'])
>>> compare(sympy.Matrix([x, 1]), sympy.Matrix([[x, 1]])).message
'left side is 2×1 but right side is 1×2'
"""

import dataclasses
import random
import re
import signal
import threading
import time
from dataclasses import dataclass

import sympy

from . import numeric

__all__ = ["compare", "Comparison", "Line", "Derivation", "Refusal", "ReasonClaim", "reason_claims", "StepResult", "DerivationError",
           "numeric_disagreement",
           "exact_difference", "check_claim"]

#: Statuses of a comparison, from strongest to weakest.
PROVED, NUMERIC, REFUTED, SHAPE = "proved", "numeric", "refuted", "shape"
#: Extra statuses of a derivation step.
GIVEN, FOLLOWS_ERROR = "given", "follows_error"

_DRAW_LOW, _DRAW_HIGH = -1.5, 1.5
_DRAWS_PER_POINT = 8  # candidate points drawn per requested point (to skip singular ones)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Comparison:
    """Outcome of :func:`compare`.

    Attributes
    ----------
    status : str
        ``"proved"`` (SymPy showed the difference is zero), ``"numeric"`` (equal at
        every random point, no proof found in time), ``"refuted"`` (a counterexample)
        or ``"shape"`` (different matrix shapes).
    point : dict or None
        Counterexample, symbol name → value, when refuted.
    a_value, b_value : float or ndarray or None
        Values of the two sides at ``point``.
    message : str
        One sentence in plain words.
    entry : tuple or None
        ``(row, col)`` of the first differing matrix entry, when refuted.
    """

    status: str
    point: dict | None
    a_value: object
    b_value: object
    message: str
    entry: tuple | None = None

    @property
    def equal(self):
        """True when the two sides were proved or numerically found equal."""
        return self.status in (PROVED, NUMERIC)

    def __bool__(self):
        return self.equal


# --------------------------------------------------------------------------- normalising


def _normalize(value, side):
    """SymPy scalar or ImmutableMatrix (1×1 matrices become scalars)."""
    if isinstance(value, str):
        raise TypeError(f"{side} must be a SymPy expression or Matrix, not text (text is never parsed here)")
    if type(value).__name__ == "ndarray" and hasattr(value, "tolist"):  # a NumPy array, without importing NumPy
        value = sympy.ImmutableMatrix(value.tolist()) if getattr(value, "ndim", 0) else value.item()
    if isinstance(value, sympy.MatrixExpr) and not isinstance(value, sympy.MatrixBase):
        try:
            value = value.as_explicit()
        except (ValueError, TypeError, AttributeError) as error:
            raise TypeError(f"{side} is a symbolic matrix expression without concrete entries") from error
    if isinstance(value, sympy.MatrixBase):
        if value.shape == (1, 1):
            return _normalize(value[0, 0], side)
        return sympy.ImmutableMatrix(value.applyfunc(_doit_if_needed))
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        raise TypeError(f"{side} must be a SymPy expression or Matrix, got a bool")
    if type(value).__module__ == "numpy" and hasattr(value, "item"):  # a NumPy scalar
        value = value.item()
    if isinstance(value, (int, float)):
        return sympy.Float(value) if isinstance(value, float) else sympy.Integer(value)  # a number, never text
    if isinstance(value, sympy.Basic):
        return _doit_if_needed(value)
    raise TypeError(f"{side} must be a SymPy expression or Matrix, got {type(value).__name__}")


def _doit_if_needed(expr):
    if isinstance(expr, sympy.Basic) and expr.has(sympy.Derivative, sympy.Sum, sympy.Subs):
        return expr.doit()
    return expr


def _shape(value):
    return value.shape if isinstance(value, sympy.MatrixBase) else ()


def _describe_shape(shape):
    return "a scalar" if shape == () else f"{shape[0]}×{shape[1]}"


def _free_symbols(*values):
    symbols = set()
    for value in values:
        symbols |= {value} if isinstance(value, sympy.Symbol) else value.free_symbols
    return tuple(sorted(symbols, key=lambda symbol: symbol.name))


# --------------------------------------------------------------------------- numerics


def _float_values(value, point, cache):
    """Complex entries of ``value`` at ``point`` (row-major), or None where a side is not finite."""
    try:
        return numeric.matrix_value(value, point, cache)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError) as error:
        if isinstance(error, numeric.NotNumeric):
            raise ValueError(f"cannot evaluate {value} numerically: {error}") from None
        return None


def _as_rows(values, shape):
    """Real parts of flat entries: a float for a scalar, else a list of rows."""
    reals = [v.real for v in values]
    if shape == ():
        return reals[0]
    rows, cols = shape
    return [reals[r * cols:(r + 1) * cols] for r in range(rows)]


def _real_disagreement(a_values, b_values):
    """None if both sides are real and agree; else ("entry", position) or ("complex", side)."""
    a_real, b_real = numeric.is_real(a_values), numeric.is_real(b_values)
    if a_real != b_real:
        return "complex", ("right" if a_real else "left")
    if not a_real:
        return None  # both leave the reals: no verdict at this point
    position = numeric.first_disagreement([v.real for v in a_values], [v.real for v in b_values])
    return None if position is None else ("entry", position)


#: Internal symbol families → how the book writes one entry (0-based positions become 1-based).
_BOOK_NAMES = [
    (r"U_(\d+)_(\d+)", "(u_{{{1}}})_{{{0}}}", r"(\mathbf u_{{{1}}})_{{{0}}}"),
    (r"v_c_(\d+)", "(v_c)_{{{0}}}", r"(\mathbf v_c)_{{{0}}}"),
    (r"(?:Vc|vo)_(\d+)_(\d+)", "(v_{{{1}}})_{{{0}}}", r"(\mathbf v_{{{1}}})_{{{0}}}"),
    (r"Wp_(\d+)_(\d+)", "w'_{{{0},{1}}}", r"w'_{{{0},{1}}}"),
    (r"W_(\d+)_(\d+)", "w_{{{0},{1}}}", r"w_{{{0},{1}}}"),
    (r"uc_(\d+)_(\d+)", "u_{{{0},{1}}}", r"u_{{{0},{1}}}"),
    (r"(s|u|h)_(\d+)", "{0}_{{{1}}}", r"{0}_{{{1}}}"),
    (r"eta", "η", r"\eta"),
]
#: Entries listed in a counterexample at most; a longer point is summarised.
POINT_ENTRIES = 4
#: A wrong line's value is shown whole up to this many entries; a larger one by its first differing entry.
_SHOWN_ENTRIES = 6


def book_name(name, latex=False):
    r"""How the book writes the quantity an internal symbol stands for (1-based, as in the text).

    Examples
    --------
    >>> book_name("U_0_2"), book_name("v_c_1"), book_name("Wp_1_0", latex=True), book_name("x")
    ('(u_{3})_{1}', '(v_c)_{2}', "w'_{2,1}", 'x')
    """
    for pattern, plain, tex in _BOOK_NAMES:
        match = re.fullmatch(pattern, name)
        if match:
            parts = [part if not part.isdigit() else str(int(part) + 1) for part in match.groups()]
            return (tex if latex else plain).format(*parts)
    return name


def _families(names):
    shown = []
    for name in names:
        family = {"U": r"\mathbf U", "v_c": r"\mathbf v_c", "Vc": "the center vectors", "vo": "the center vectors",
                  "W": r"\mathbf W", "Wp": r"\mathbf W'", "h": r"\mathbf h", "s": r"\mathbf s", "u": r"\mathbf u",
                  "uc": "the panel scores"}.get(re.sub(r"(_\d+)+$", "", name), name)
        if family not in shown:
            shown.append(family)
    return shown


def format_point(point, digits=3, latex=False, limit=None):
    r"""``"x = 0.123, (u_{3})_{1} = -1.4"`` for a counterexample dict, in the book's notation (display only).

    Parameters
    ----------
    point : dict or None
        Symbol name → value, e.g. :attr:`Comparison.point`; ``None`` or ``{}`` gives ``""``.
    digits : int
        Decimal places kept.
    latex : bool
        Names as LaTeX (for inline math).
    limit : int, optional
        With more entries than this, say which quantities were drawn instead of listing them.

    Examples
    --------
    >>> format_point({"x": 0.123456, "U_0_1": -1.4})
    'x = 0.123, (u_{2})_{1} = -1.4'
    >>> format_point({f"U_{i}_0": 0.5 for i in range(6)}, limit=4)
    'random entries of U (each in [−1.5, 1.5])'
    >>> format_point(None)
    ''
    """
    if not point:
        return ""
    if limit is not None and len(point) > limit:
        families = _families(point)
        names = ", ".join(f"${f}$" if latex and f.startswith("\\") else f.replace("\\mathbf ", "")
                          for f in families)
        return f"random entries of {names} (each in [−1.5, 1.5])"
    return ", ".join(f"{book_name(name, latex)} = {_format_number(value, digits)}" for name, value in point.items())


def format_value(value, digits=4):
    """Short display of a scalar, vector or matrix value (display only).

    Parameters
    ----------
    value : float, sequence or None
        A scalar; a vector as a flat list, or a column as a list of one-entry rows
        (``[[a], [b]]``), shown as a transposed row ``(a, b)ᵀ`` (vectors are columns in the
        book); a matrix as a list of rows, shown ``[row; row]``; ``None`` (no value) as ``"?"``.
        Anything with ``tolist()`` (a NumPy array) is read through it.
    digits : int
        Decimal places kept.

    Raises
    ------
    ValueError
        If ``value`` has more than two dimensions or is not numeric.

    Examples
    --------
    >>> format_value([[1.23456789], [2.0]])
    '(1.2346, 2)ᵀ'
    >>> format_value([0.5, -0.25]), format_value([[1, 2], [3, 4]]), format_value(None)
    ('(0.5, -0.25)ᵀ', '[1, 2; 3, 4]', '?')
    >>> format_value(1.23456e-7)
    '1.235e-07'
    """
    if value is None:
        return "?"
    if hasattr(value, "tolist") and not isinstance(value, sympy.Basic):
        value = value.tolist()
    if isinstance(value, sympy.MatrixBase):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        try:
            return _format_number(value, digits)
        except (TypeError, ValueError):
            raise ValueError(f"value must be numeric, got {type(value).__name__}") from None
    rows = list(value)
    if rows and all(isinstance(row, (list, tuple)) for row in rows):
        if any(isinstance(entry, (list, tuple)) for row in rows for entry in row):
            raise ValueError("value must be a scalar, vector or matrix, got more than two dimensions")
        if all(len(row) == 1 for row in rows):
            rows = [row[0] for row in rows]
        else:
            return "[" + "; ".join(", ".join(_format_number(entry, digits) for entry in row) for row in rows) + "]"
    return "(" + ", ".join(_format_number(entry, digits) for entry in rows) + ")ᵀ"


def _format_number(value, digits):
    value = float(value)
    rounded = round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0
    if rounded == 0 and value != 0:  # keep a tiny non-zero value visible: 1.2e-07, not 0
        return f"{value:.{digits}g}"
    return f"{rounded:g}"


class _NumericCheck:
    """Evaluate several values at one shared set of random points (each value once per point).

    ``value(key, expr, candidate)`` caches by ``key``; ``run(a, b)`` looks for a point where the
    two sides differ. A side that is real where the other is not (a log of a negative number) is a
    difference too; points where a side is not finite (a pole) are skipped.
    """

    def __init__(self, symbols, points, seed, fixed_point=None):
        self.symbols = symbols
        self.points = points
        if fixed_point is not None:  # a generated configuration: its one point
            self.candidates = [{symbol: fixed_point[symbol] for symbol in symbols}]
        else:
            generator = random.Random(seed)
            self.candidates = [numeric.draw_point(symbols, generator, _DRAW_LOW, _DRAW_HIGH)
                               for _ in range(points * _DRAWS_PER_POINT)]
        self._values = {}
        self._caches = [dict() for _ in self.candidates]

    def value(self, key, expr, candidate):
        cache_key = (key, candidate)
        if cache_key not in self._values:
            self._values[cache_key] = _float_values(expr, self.candidates[candidate], self._caches[candidate])
        return self._values[cache_key]

    def run(self, a, b, a_key=None, b_key=None):
        """(Comparison or None when all points agree, number of points checked)."""
        a_key = a if a_key is None else a_key
        b_key = b if b_key is None else b_key
        checked = 0
        for candidate in range(len(self.candidates)):
            a_value = self.value(a_key, a, candidate)
            if a_value is None:
                continue
            b_value = self.value(b_key, b, candidate)
            if b_value is None:
                continue
            disagreement = _real_disagreement(a_value, b_value)
            if disagreement is not None:
                point = {s.name: float(v) for s, v in self.candidates[candidate].items()}
                return _refutation(point, a, b, a_value, b_value, disagreement), checked
            if numeric.is_real(a_value):
                checked += 1
            if checked >= self.points:
                break
        return None, checked


def _refutation(point, a, b, a_value, b_value, disagreement):
    """A REFUTED :class:`Comparison` at ``point`` from the flat complex values of both sides."""
    shape = _shape(a)
    kind, where = disagreement
    if kind == "complex":
        message = (f"at {format_point(point, limit=POINT_ENTRIES) or 'every point'} the {where} side is not a "
                   "real number "
                   f"(it leaves the domain where the other side is defined)")
        a_shown = _as_rows(a_value, shape) if numeric.is_real(a_value) else None
        b_shown = _as_rows(b_value, shape) if numeric.is_real(b_value) else None
        return Comparison(REFUTED, point, a_shown, b_shown, message, None)
    entry = None if shape == () else (where // shape[1], where % shape[1])
    a_shown, b_shown = _as_rows(a_value, shape), _as_rows(b_value, shape)
    at = f" in entry {entry}" if entry is not None else ""
    message = (f"the two sides differ{at} at {format_point(point, limit=POINT_ENTRIES) or 'every point'}: "
               f"left side = {format_value(a_shown)}, right side = {format_value(b_shown)}")
    return Comparison(REFUTED, point, a_shown, b_shown, message, entry)


# --------------------------------------------------------------------------- proofs


class _TimeLimitExceeded(BaseException):
    """Raised by the alarm handler; a BaseException so SymPy's ``except Exception`` cannot swallow it."""


def _call_with_time_limit(function, seconds):
    """Run ``function()``; return ``(True, result)`` or ``(False, None)`` after ``seconds``.

    In the main thread (scripts, pytest, Jupyter kernels) a ``SIGALRM`` timer
    interrupts the computation; an outer timer that is already running is
    respected and re-armed afterwards. Elsewhere (other threads, no SIGALRM)
    the function runs in a daemon thread that is abandoned on timeout. Where
    there is neither (Pyodide), it runs without a limit: the book's page stops
    the Web Worker that runs it.
    """
    if seconds is None:
        return True, function()
    if seconds <= 0:
        return False, None
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        try:
            return _call_with_alarm(function, seconds)
        except _AlarmUnavailable:
            pass
    return _call_in_thread(function, seconds)


class _AlarmUnavailable(Exception):
    pass


def _call_with_alarm(function, seconds):
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise _TimeLimitExceeded

    start = time.monotonic()
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    budget = min(seconds, outer_delay) if outer_delay > 0 else seconds
    try:
        previous_handler = signal.signal(signal.SIGALRM, on_alarm)
    except (ValueError, OSError) as error:
        raise _AlarmUnavailable from error
    try:
        # Re-fire every 50 ms in case a bare ``except:`` somewhere swallows the first one.
        signal.setitimer(signal.ITIMER_REAL, budget, 0.05)
        try:
            result = function()
        finally:
            armed[0] = False
        return True, result
    except _TimeLimitExceeded:
        return False, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_delay > 0:
            remaining = outer_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-4), outer_interval)


def _call_in_thread(function, seconds):
    outcome = {}

    def target():
        try:
            outcome["result"] = function()
        except Exception as error:  # reported to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=target, daemon=True, name="w2vlib-symbolic-proof")
    try:
        worker.start()
    except RuntimeError:  # no threads (Pyodide): run to the end; the page's Web Worker has the time limit
        return True, function()
    worker.join(seconds)
    if worker.is_alive():
        return False, None
    if "error" in outcome:
        raise outcome["error"]
    return True, outcome.get("result")


_KEEP_EXP = dict(power_exp=False, power_base=False, log=False)


def _is_zero_cheaply(difference):
    """Exact zero, zero after ``expand``, or a zero numerator over a common denominator.

    ``exp(a + b)`` is not split into ``exp(a) exp(b)`` (which blows up softmax sums); a
    full ``expand`` is tried last.
    """
    if difference == 0:
        return True
    numerator, _ = sympy.together(difference).as_numer_denom()
    if sympy.expand(numerator, **_KEEP_EXP) == 0 or sympy.expand(difference, **_KEEP_EXP) == 0:
        return True
    return sympy.expand(numerator) == 0


def _is_zero_in_exponentials(difference):
    r"""True if ``difference`` is zero as a rational function of its symbols and exponentials.

    Each :math:`\exp(z)` becomes a positive symbol :math:`E_z` (and :math:`\exp(-z)` its inverse),
    so that :math:`1 - \sigma(-z) = \sigma(z)` is a rational identity. A zero there is a proof
    (substituting the exponentials back keeps it zero); a non-zero proves nothing.
    """
    atoms = {}

    def atom(power):
        argument = sympy.expand(power.args[0])
        inverse = argument.could_extract_minus_sign()
        key = -argument if inverse else argument
        if key not in atoms:
            atoms[key] = sympy.Dummy("E", positive=True)
        return 1 / atoms[key] if inverse else atoms[key]

    rational = sympy.sympify(difference).replace(lambda node: isinstance(node, sympy.exp), atom)
    if sympy.expand(rational) == 0:  # often no common denominator is needed
        return True
    numerator, _ = sympy.together(rational).as_numer_denom()
    return sympy.expand(numerator) == 0


#: A difference larger than this (SymPy's ``count_ops``) is not handed to ``simplify``: the proof
#: strategy is bounded by the size of the expression, never by the clock, so the same line gets
#: the same mark on an idle and on a loaded machine.
SIMPLIFY_MAX_OPS = 600
#: Digits of the exact evaluation that tells a tiny true difference from rounding.
EXACT_DIGITS = 50


def _is_zero(difference):
    """Try successively stronger simplifications, in a fixed order; True only if SymPy shows ``difference == 0``."""
    if difference == 0 or _is_zero_in_exponentials(difference) or _is_zero_cheaply(difference):
        return True
    rewritten = difference.rewrite(sympy.exp)
    if rewritten != difference and _is_zero_cheaply(rewritten):
        return True
    if sympy.count_ops(rewritten) > SIMPLIFY_MAX_OPS:
        return False
    return sympy.simplify(rewritten) == 0


def _prove(a, b, timeout=None):
    """True if SymPy proves a == b (scalars or same-shape matrices).

    The strategy is deterministic (:func:`_is_zero`). ``timeout`` (seconds) is only a safety net
    for text typed by a reader; the book's derivations pass None.
    """
    if a == b:
        return True
    differences = list(a - b) if isinstance(a, sympy.MatrixBase) else [a - b]

    def attempt():
        return all(_is_zero(difference) for difference in differences)

    try:
        finished, proved = _call_with_time_limit(attempt, timeout)
    except Exception:  # SymPy failing inside simplify is "no proof", not an error
        return False
    return finished and bool(proved)


def exact_difference(a, b, seed=0):
    """A point where ``a − b`` is exactly nonzero (at :data:`EXACT_DIGITS` digits), or None.

    Numbers in the book's notation are exact, so a difference such as :math:`e^{-30}` or a
    factor :math:`1/1.000000001`, which float64 cannot tell from rounding, is found here.

    Returns
    -------
    tuple or None
        ``(point, difference)``: symbol name → value, and the size of the difference there.
    """
    entries = list(a - b) if isinstance(a, sympy.MatrixBase) else [a - b]
    symbols = sorted(set().union(*[sympy.sympify(e).free_symbols for e in entries]), key=lambda s: s.name)
    generator = random.Random(seed)
    for _ in range(3):
        point = {}
        for symbol in symbols:
            value = sympy.Rational(generator.randint(10, 150), 100)
            point[symbol] = value if symbol.is_nonnegative else value * generator.choice((1, -1))
        for entry in entries:
            try:
                value = sympy.sympify(entry).xreplace(point).evalf(EXACT_DIGITS)
            except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
                continue
            if value.is_number and value.is_finite and value.is_real is not False \
                    and abs(value) > sympy.Float(10) ** (-(EXACT_DIGITS - 10)):
                return {s.name: float(v) for s, v in point.items()}, float(abs(value))
    return None


# --------------------------------------------------------------------------- compare


def _check_settings(points, seed, timeout):
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        raise ValueError(f"points must be a positive int, got {points!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0):
        raise ValueError(f"timeout must be a number of seconds ≥ 0 or None, got {timeout!r}")


def _shape_comparison(a, b):
    a_shape, b_shape = _shape(a), _shape(b)
    if a_shape == b_shape:
        return None
    return Comparison(SHAPE, None, None, None,
                      f"left side is {_describe_shape(a_shape)} but right side is {_describe_shape(b_shape)}")


def _unevaluable(candidates):
    return Comparison(REFUTED, None, None, None,
                      f"the two sides could not both be evaluated (finite and real) at any of {candidates} random points")


def compare(a, b, *, points=8, seed=0, timeout=None):
    r"""Compare two SymPy scalars or matrices: numerically first, then try to prove equality.

    Parameters
    ----------
    a, b : sympy.Expr or sympy.Matrix
        The two sides; vectors are d×1 matrices. A 1×1 matrix counts as a scalar.
    points : int
        Number of random points (values in [-1.5, 1.5], positive symbols in
        [0.1, 1.5]) at which both sides must agree; points where a side is not
        finite are skipped and replaced.
    seed : int
        Seed for the random points.
    timeout : float or None
        A safety net in seconds for the symbolic proof of text typed by a reader (None, the
        default: no clock; the proof strategy is bounded by the expression's size). When it
        runs out the result is ``"numeric"``.

    Returns
    -------
    Comparison
        ``status`` is ``"shape"`` for different shapes, ``"refuted"`` with a
        counterexample ``point`` and both values when some point disagrees,
        ``"proved"`` when SymPy reduces the difference to zero, ``"refuted"`` also when the exact
        difference is tiny but nonzero, else ``"numeric"``.

    Examples
    --------
    >>> x = sympy.Symbol("x", real=True)
    >>> compare(sympy.exp(x) * sympy.exp(-x), 1).status
    'proved'
    >>> result = compare(sympy.log(sympy.exp(x) + 1), x)
    >>> result.status, list(result.point)
    ('refuted', ['x'])
    >>> result.message  # doctest: +ELLIPSIS
    'the two sides differ at x = ...: left side = ..., right side = ...'

    """
    _check_settings(points, seed, timeout)
    a, b = _normalize(a, "left side"), _normalize(b, "right side")
    shape_mismatch = _shape_comparison(a, b)
    if shape_mismatch is not None:
        return shape_mismatch
    numeric = _NumericCheck(_free_symbols(a, b), points, seed)
    refutation, checked = numeric.run(a, b)
    if refutation is not None:
        return refutation
    if _prove(a, b, timeout):
        return Comparison(PROVED, None, None, None, "SymPy proved the two sides equal")
    if checked == 0:
        return _unevaluable(len(numeric.candidates))
    tiny = exact_difference(a, b, seed)
    if tiny is not None:
        return _tiny_refutation(*tiny)
    return Comparison(NUMERIC, None, None, None,
                      f"the two sides agree at {checked} random points, but SymPy found no proof")


def _tiny_refutation(point, size):
    return Comparison(REFUTED, point, None, None,
                      f"the two sides differ by a tiny but nonzero amount (about {size:.3g} at "
                      f"{format_point(point, limit=POINT_ENTRIES)}); numbers in the notation are exact")


def numeric_disagreement(a, b, seed=0, point=None):
    """A ``"refuted"`` (or ``"shape"``) :class:`Comparison` where ``a`` and ``b`` differ in float64, else None.

    At ``point`` (a generated configuration's fixed point), or at one random point drawn from
    ``seed`` (poles skipped): the check of a generated configuration, whose sizes and data, not
    its point, are what vary.
    """
    a, b = _normalize(a, "left side"), _normalize(b, "right side")
    mismatch = _shape_comparison(a, b)
    if mismatch is not None:
        return mismatch
    refutation, _ = _NumericCheck(_free_symbols(a, b), 1, seed, point).run(a, b)
    return refutation


# --------------------------------------------------------------------------- derivations


class DerivationError(AssertionError):
    """A derivation has a wrong step (or the checker missed a mistake it was expected to find)."""


@dataclass(frozen=True)
class Line:
    """One displayed line of a derivation read from its own LaTeX: the text and its reason.

    There is no expression beside it: :meth:`Derivation.from_latex` evaluates ``latex``
    itself at every size configuration of the context.
    """

    latex: str
    reason: str = ""
    offset: int = 0


def _shape_zeros(values):
    r"""A line that is :math:`\mathbf 0` alone takes the shape of its nearest neighbour."""
    from .notation.evaluate import ZERO

    shapes = [None if value is ZERO or isinstance(value, _Unevaluable) else _shape(value) for value in values]
    result = []
    for index, value in enumerate(values):
        if value is ZERO:
            nearest = [shape for shape in shapes[index::-1] + shapes[index:] if shape is not None]
            shape = nearest[0] if nearest else ()
            value = sympy.Integer(0) if shape == () else sympy.zeros(*shape)
        result.append(value)
    return result


class _Unevaluable:
    """A line whose shapes do not fit (a :class:`~w2vlib.symbolic.notation.ShapeError`)."""

    def __init__(self, message):
        self.message = message


@dataclass(frozen=True)
class StepResult:
    """Verdict on ``steps[index]``.

    ``status`` is ``"given"`` (step 0), ``"proved"``, ``"numeric"``, ``"refuted"``,
    ``"shape"`` or ``"follows_error"`` (follows from the previous step, but that
    one was wrong; ``follows`` is the index of the wrong step). ``vs_previous`` and
    ``vs_first`` are the :class:`Comparison` with step ``index - 1`` and step 0.
    ``configuration`` names the size configuration the verdict comes from (for a
    derivation read with :meth:`Derivation.from_latex`: the first one where the line
    fails, else where it is weakest).
    """

    index: int
    step: object
    status: str
    vs_previous: Comparison | None = None
    vs_first: Comparison | None = None
    follows: int | None = None
    configuration: str = ""

    @property
    def ok(self):
        """True unless this step is wrong or rests on a wrong step."""
        return self.status in (GIVEN, PROVED, NUMERIC)

    @property
    def is_error(self):
        """True for a step that does not follow from the previous one."""
        return self.status in (REFUTED, SHAPE)


_MARKS = {
    GIVEN: "",
    PROVED: r"\class{w2v-proved}{\color{green}{\checkmark}}",
    NUMERIC: r"\class{w2v-numeric}{\color{green}{\checkmark^{*}}}",
    REFUTED: r"\class{w2v-refuted}{\color{red}{\times}}",
    SHAPE: r"\class{w2v-refuted}{\color{red}{\times}}",
    FOLLOWS_ERROR: r"\class{w2v-follows}{\color{gray}{(\times)}}",
}

_TEXT_SPECIALS = {
    "\\": r"\backslash ", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&",
    "_": r"\_", "^": r"\hat{}", "~": r"\sim ", "$": r"\$",
}


def _text_segment(text):
    """Plain text → ``\text{...}`` pieces, special characters emitted as math escapes."""
    pieces, run = [], []
    for character in text:
        if character in _TEXT_SPECIALS:
            if run:
                pieces.append(r"\text{" + "".join(run) + "}")
                run = []
            pieces.append(_TEXT_SPECIALS[character])
        else:
            run.append(character)
    if run:
        pieces.append(r"\text{" + "".join(run) + "}")
    return "".join(pieces)


def reason_latex(reason):
    r"""LaTeX for a reason: plain text in ``\text{}`` (escaped), ``$...$`` segments kept as math.

    >>> reason_latex("chain rule, $\\sigma' = \\sigma(1-\\sigma)$ {50%}")
    "\\text{chain rule, }\\sigma' = \\sigma(1-\\sigma)\\text{ }\\{\\text{50}\\%\\}"
    """
    reason = " ".join(reason.split())  # no newlines inside display math
    parts = reason.split("$")
    if len(parts) % 2 == 0:  # unbalanced $: treat everything as text
        return _text_segment(reason)
    return "".join(_text_segment(part) if i % 2 == 0 else part for i, part in enumerate(parts) if part)


_DEFINITION_MARKS = (r"\overset{\text{def}}{=}", ":=", r"\coloneqq", r"\equiv")


def reason_claims(reason):
    r"""The claims ``a = b`` (or ``a = b = c``) in a reason's ``$…$`` segments, each as its parts.

    A ``=`` inside braces or parentheses (a sum's range, a function's argument) is not a claim, nor
    is a definition (``\overset{\text{def}}{=}``).

    Examples
    --------
    >>> reason_claims(r"chain rule; $\mathbf{u}_o = \mathbf{U}\mathbf{y}$ and $\sum_{w=1}^{V} y_w$")
    [['\\mathbf{u}_o ', ' \\mathbf{U}\\mathbf{y}']]
    """
    claims = []
    for number, segment in enumerate(reason.split("$")):
        if number % 2 == 0 or any(mark in segment for mark in _DEFINITION_MARKS):
            continue
        parts, depth, current = [], 0, ""
        for character in segment:
            depth += character in "{([" and 1 or 0
            depth -= character in "})]" and 1 or 0
            if character == "=" and depth == 0:
                parts.append(current)
                current = ""
            else:
                current += character
        parts.append(current)
        if len(parts) >= 2:
            claims.append(parts)
    return claims


@dataclass(frozen=True)
class ReasonClaim:
    """One ``$a = b$`` claim inside the reason of line ``step``, checked as a derivation of its own
    (``derivation``), or an index relation such as ``$w = o$`` (``derivation`` None)."""

    step: int
    latex: str
    derivation: object = None

    @property
    def ok(self):
        if self.derivation is None:
            return True
        results = self.derivation.verify()[1:]
        return all(result.status == PROVED for result in results)


def _check_reason_claims(lines, context, where, keywords):
    """Read and check every claim of every reason (see :func:`reason_claims`).

    A claim is read in the derivation's context, or, when it uses a scalar ``x`` that the context
    does not know, in the ``sigmoid`` context. A claim that cannot be read at all is an authoring
    error: write it in the notation, or in words.
    """
    from .notation import NotationError, read_latex
    from .notation.evaluate import IndexValue

    checked = []
    for step, line in enumerate(lines):
        stated = [segment for number, segment in enumerate(line.reason.split("$"))
                  if number % 2 and re.search(r"\\ne\b|\\neq\b", segment)]
        claim_where = ", ".join(([where] if where else []) + stated) or None
        for parts in reason_claims(line.reason):
            latex = "=".join(parts).strip()
            try:
                trees = [read_latex(part) for part in parts]
            except NotationError as error:
                raise NotationError(f"the reason of line {step} states ${latex}$, which the checker cannot read "
                                    f"({error}); write it in the book's notation, or in words") from None
            if _is_index_relation(trees, context, where):
                checked.append(ReasonClaim(step, latex))
                continue
            text = f"{parts[0]} &= " + r" \\ &= ".join(parts[1:])
            errors = []
            for claim_context in dict.fromkeys((context, "sigmoid")):
                try:
                    claim = Derivation.from_latex(text, claim_context, where=claim_where if claim_context == context
                                                  else None, **keywords)
                    break
                except NotationError as error:
                    errors.append(str(error))
            else:
                raise NotationError(f"the reason of line {step} states ${latex}$, which the checker cannot read "
                                    f"in the {context} context ({errors[0]}); write it in the book's notation, "
                                    "or in words")
            checked.append(ReasonClaim(step, latex, claim))
    return checked


def _is_index_relation(trees, context, where):
    """True when every part of a claim is an index (``w = o``, ``w' = w``, ``k' = k``): a condition."""
    from .notation.tree import Index, IndexOf, Symbol as SymbolNode

    def is_index(tree):
        return isinstance(tree, (Index, IndexOf)) or (
            isinstance(tree, SymbolNode) and not tree.hat and len(tree.name) == 1 and tree.name.islower()
            and tree.name not in "xden" and (not tree.index or tree.name == "w"))

    return all(is_index(tree) for tree in trees)


def _plain(text):
    """A reason for the plain-text summary: drop ``$`` and LaTeX backslashes."""
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text.replace("$", ""))
    return re.sub(r"[{}]", "", text).strip()


def _escape_markdown(text):
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _without_position(error):
    """An error's message without its " (at character N)" (a display shows the line itself)."""
    return re.sub(r" \(at character \d+(?: of `[^`]*`)?\)", "", str(error))


def evaluate_lines(trees, lines, configuration, *, strict, letters=None, seconds=None):
    """The value of every line at one configuration (a wrong line's shape problem kept as such).

    ``letters`` maps a letter that the derivation's ``where`` introduces to the context's free
    letter it stands for. ``strict`` (the fixed configurations): a line that the context cannot read is an authoring
    error (:class:`~.notation.NotationError`). At a generated configuration the same failure means
    the line only works at some sizes (a range written as 1..3 where it is 1..K): it is kept as
    an unevaluable value and so marked wrong there. ``seconds`` bounds each evaluation (None: work
    alone bounds it, for the book's own lines; a reader's lines are bounded in time too).
    """
    from .notation import NotationError, ShapeError, evaluate
    from .notation.evaluate import ZERO, component_letters
    from .notation.tree import Number

    free = [letter for letter in configuration.component_indices
            if any(letter in component_letters(tree, configuration) for tree in trees)]
    env = {letter: configuration.free[stand_in] for letter, stand_in in (letters or {}).items()}
    values, used = [], set()
    for number, tree in enumerate(trees):
        try:
            values.append(ZERO if tree == Number(0) else
                          evaluate(tree, configuration, free, seconds=seconds, env=env, used=used))
        except ShapeError as error:  # the reader sees the shapes, not a character offset
            values.append(_Unevaluable(f"{_without_position(error)} at {configuration.name}"))
        except NotationError as error:
            if strict:
                raise NotationError(f"line {number} ({lines[number].latex.strip()[:60]}): {error}") from None
            values.append(_Unevaluable(f"line {number} cannot be evaluated at {configuration.name}: "
                                       f"{_without_position(error)}"))
    return _LineValues(_shape_zeros(values), used)


class _LineValues(list):
    """The values of a derivation's lines at one configuration, and ``symbols``: at a generated
    configuration (computed in floats) the symbols whose values they used, for a counterexample."""

    def __init__(self, values, symbols=()):
        super().__init__(values)
        self.symbols = frozenset(symbols)


class Derivation:
    r"""A displayed chain ``LHS = line_1 = line_2 = …``, read from its LaTeX and checked line by line.

    Build one with :meth:`from_latex`: the text the reader sees is the only source, and each
    line is evaluated from it at every configuration of a context. ``steps[0]`` is the
    left-hand side (status ``"given"``). Messages, :attr:`StepResult.index` and
    :meth:`expect_mistakes_at` call ``steps[i]`` "step i", so the first checked line is step 1.

    One meaning of the marks, stated in the book's legend:

    - ✓ (proved): SymPy proved the line equal to the line before it at every fixed
      configuration, it agrees with it in float64 at every generated one, and it equals the
      derivation's first line;
    - ✗ (wrong): the line differs from the line before it somewhere (a counterexample), or its
      shapes do not fit — also when it lands back on the right value after a wrong line;
    - (✗) (follows from a mistake): the line equals the line before it, but not the first line:
      it carries an earlier mistake;
    - ✓* (not proved): it agrees everywhere, but SymPy found no proof. A book derivation may
      show one only where its cell says why (``unproved``); :meth:`assert_valid` fails otherwise.

    Each line carries its small step number ``(i)``; the Markdown display lists the reasons
    under the math by those numbers, which keeps the equation narrow.

    Parameters
    ----------
    lines : sequence of Line
        The displayed lines, ``lines[0]`` the left-hand side.
    expression_sets : sequence of (str, list)
        For each fixed configuration, its name and the value of every line there (SymPy scalars
        or matrices): where proofs are made.
    label : str, optional
        Equation label; the display ends with ``$$ (label)`` so ``{eq}`label``` works.
    title : str, optional
        Shown in bold above the equation and used in error messages.
    points, seed : int
        Random points per fixed configuration, and their seed.
    timeout : float or None
        A safety net in seconds for each symbolic proof (None, the default: no clock).
    context : str, optional
        The name of the context the lines were read in.
    generated_sets : sequence of (str, list)
        Like ``expression_sets``, for generated configurations: checked in float64 only.
    where : str, optional
        The condition the derivation assumes (LaTeX, e.g. ``w \ne o``), shown with its verdict.
    unproved : dict, optional
        Step number → the reason SymPy cannot prove that line; only those lines may be ✓*.

    Examples
    --------
    >>> d = Derivation.from_latex(r"\frac{d}{dx} e^{2x} &= 2 e^{2x} && \text{chain rule}", "sigmoid")
    >>> [r.status for r in d.verify()]
    ['given', 'proved']
    >>> d.assert_valid() is d
    True
    """

    def __init__(self, lines, expression_sets, *, label=None, title=None, points=8, seed=0, timeout=None,
                 context=None, generated_sets=(), where="", unproved=None):
        lines = list(lines)
        if not lines:
            raise ValueError("a derivation needs at least its left-hand side")
        for index, line in enumerate(lines):
            if not isinstance(line, Line):
                raise TypeError(f"lines[{index}] must be a Line, got {type(line).__name__}")
        generated_sets = [entry if len(entry) == 3 else (*entry, None) for entry in generated_sets]
        for name, values, *_ in list(expression_sets) + list(generated_sets):
            if len(values) != len(lines):
                raise ValueError(f"configuration {name!r} has {len(values)} values for {len(lines)} lines")
        if not expression_sets:
            raise ValueError("a derivation needs at least one size configuration")
        _check_settings(points, seed, timeout)
        if label is not None and not re.fullmatch(r"[A-Za-z0-9_\-:.]+", label):
            raise ValueError(f"label must be letters, digits and _-:. only, got {label!r}")
        unproved = dict(unproved or {})
        for step, why in unproved.items():
            if not isinstance(step, int) or not 1 <= step < len(lines) or not isinstance(why, str) or not why.strip():
                raise ValueError(f"unproved maps a step number 1..{len(lines) - 1} to the reason it cannot be "
                                 f"proved, got {step!r}: {why!r}")
        self.lhs_latex = lines[0].latex
        self.steps = lines
        self._expression_sets = [(name, list(values)) for name, values in expression_sets]
        self._generated_sets = [(name, _LineValues(values, getattr(values, "symbols", ())), point)
                                for name, values, point in generated_sets]
        self.label = label
        self.title = title
        self.points = points
        self.seed = seed
        self.timeout = timeout
        self.context = context
        self.where = where or ""
        self.unproved = unproved
        self.reason_claims = []
        self._results = None

    @classmethod
    def from_latex(cls, text, context, *, label=None, title=None, points=8, seed=0, timeout=None, where=None,
                   unproved=None):
        r"""A derivation read from the LaTeX that is displayed, checked at every configuration of ``context``.

        Parameters
        ----------
        text : str
            The body of an aligned block, as displayed:
            ``LHS &= RHS_1 && \text{reason} \\ &= RHS_2 \\ …`` (reasons optional).
            Line 0 is the LHS, itself read and evaluated (e.g.
            ``\frac{\partial J}{\partial \mathbf{v}_c}`` is computed from the context's
            J); every later line must equal the line before.
        context : str
            A name in :data:`w2vlib.symbolic.configurations.CONTEXTS`.
        where : str, optional
            A condition on the context's free indices that the derivation assumes, in LaTeX
            (``w \ne o``; several joined by ``,``); only configurations where it holds are used,
            and the verdict shows it.
        label, title, points, seed, timeout, unproved
            As for :class:`Derivation`.

        Raises
        ------
        NotationError
            When a line is not the book's notation or uses a symbol the context does not
            know (the message names the line, the symbol and its position).

        Examples
        --------
        >>> d = Derivation.from_latex(r"\frac{d\sigma(x)}{dx} &= \sigma(x)(1 - \sigma(x))", "sigmoid")
        >>> [r.status for r in d.verify()]
        ['given', 'proved']
        """
        from .notation import NotationError, read_latex, split_aligned

        rows = split_aligned(text)
        lines = [Line(rows[0].lhs, "", rows[0].lhs_offset)]
        lines += [Line(row.rhs, row.reason, row.rhs_offset) for row in rows]
        trees = []
        for number, line in enumerate(lines):
            try:
                trees.append(read_latex(line.latex))
            except NotationError as error:
                raise NotationError(f"line {number} ({line.latex.strip()[:60]}): {error}") from None
        derivation = cls.from_trees(lines, trees, context, label=label, title=title, points=points, seed=seed,
                                    timeout=timeout, where=where, unproved=unproved)
        derivation.reason_claims = _check_reason_claims(lines, context, where, dict(seed=seed, timeout=timeout))
        return derivation

    @classmethod
    def from_trees(cls, lines, trees, context, *, label=None, title=None, points=8, seed=0, timeout=None, where=None,
                   unproved=None, seconds=None):
        r"""A derivation of lines already read into notation trees (``trees[i]`` is ``lines[i]`` read).

        :meth:`from_latex` reads the book's displays and calls this; a reader's step-by-step answer
        (:mod:`w2vlib.symbolic.steps`), read in any spelling, calls it directly. ``seconds`` bounds
        the evaluation of each line at each configuration (None: bounded by work alone, as the
        book's own derivations are); other parameters as for :meth:`from_latex`.

        Raises
        ------
        NotationError
            When a line uses a symbol the context does not know.
        """
        from .configurations import configurations, generated_configurations, introduced_letters, satisfies
        from .notation import NotationError
        from .notation.latex import read_condition

        conditions = [read_condition(part) for part in (where or "").split(",") if part.strip()]
        letters = introduced_letters(conditions, configurations(context)[0])
        fixed = [c for c in configurations(context) if satisfies(c, conditions, letters)]
        if not fixed:
            raise NotationError(f"no fixed configuration of the {context} context satisfies {where}")
        generated = [c for c in generated_configurations(context) if satisfies(c, conditions, letters)]
        sets = [(c.name, evaluate_lines(trees, lines, c, strict=True, letters=letters, seconds=seconds))
                for c in fixed]
        generated_sets = [(c.name, evaluate_lines(trees, lines, c, strict=False, letters=letters, seconds=seconds),
                           c.consistent_point) for c in generated]
        return cls(lines, sets, label=label, title=title, points=points, seed=seed, timeout=timeout,
                   context=context, generated_sets=generated_sets, where=where, unproved=unproved)

    @property
    def configurations(self):
        """Names of the fixed configurations this derivation is proved at."""
        return [name for name, _ in self._expression_sets]

    @property
    def generated_configurations(self):
        """Names of the generated configurations it is checked at in float64."""
        return [name for name, _, _ in self._generated_sets]

    def __repr__(self):
        name = self.title or self.lhs_latex
        return f"<Derivation {name!r}: {len(self.steps)} steps>"

    # ---------------------------------------------------------------- checking

    def verify(self):
        """Check every step; returns a list of :class:`StepResult` (cached)."""
        if self._results is None:
            self._results = self._verify()
        return list(self._results)

    def _verify(self):
        fixed = [self._verify_one(name, values, prove=True, seed=self.seed)
                 for name, values in self._expression_sets]
        generated = [self._verify_one(name, values, prove=False, seed=self.seed + 1 + number, point=point)
                     for number, (name, values, point) in enumerate(self._generated_sets)]
        merged = [_merge([results[index] for results in fixed], [results[index] for results in generated])
                  for index in range(len(self.steps))]
        latest_error = None
        for position, result in enumerate(merged):
            if result.is_error:
                latest_error = result.index
            elif result.status == FOLLOWS_ERROR:
                merged[position] = dataclasses.replace(result, follows=latest_error)
        return merged

    def _verify_one(self, configuration, expressions, *, prove, seed, point=None):
        """Verdicts at one configuration: each line against the line before it (and against step 0)."""
        used = getattr(expressions, "symbols", ())  # a generated configuration's lines, computed in floats
        expressions = [value if isinstance(value, _Unevaluable) else _normalize(value, f"steps[{i}].expr")
                       for i, value in enumerate(expressions)]
        points = self.points if prove else 1
        numeric = _NumericCheck(_free_symbols(*[e for e in expressions if not isinstance(e, _Unevaluable)], *used),
                                points, seed, point)
        results = [StepResult(0, self.steps[0], GIVEN, configuration=configuration)]
        if isinstance(expressions[0], _Unevaluable):
            failure = Comparison(SHAPE, None, None, None, expressions[0].message)
            results[0] = StepResult(0, self.steps[0], SHAPE, failure, failure, configuration=configuration)
        for index in range(1, len(self.steps)):
            vs_previous = self._numeric_comparison(numeric, expressions, index - 1, index)
            vs_first = self._numeric_comparison(numeric, expressions, 0, index)
            if prove and vs_previous.equal:
                vs_previous = self._try_proof(expressions, index - 1, index, vs_previous)
            status = vs_previous.status
            if vs_previous.equal and not vs_first.equal:  # right from the line before, wrong from the start
                status = FOLLOWS_ERROR
            results.append(StepResult(index, self.steps[index], status, vs_previous, vs_first,
                                      configuration=configuration))
        return results

    def _numeric_comparison(self, numeric, expressions, i, j):
        a, b = expressions[i], expressions[j]
        for value in (a, b):
            if isinstance(value, _Unevaluable):
                return Comparison(SHAPE, None, None, None, value.message)
        mismatch = _shape_comparison(a, b)
        if mismatch is not None:
            return mismatch
        refutation, checked = numeric.run(a, b, a_key=i, b_key=j)
        if refutation is not None:
            return refutation
        if checked == 0:
            if _prove(a, b, self.timeout):
                return Comparison(PROVED, None, None, None, "SymPy proved the two sides equal")
            return _unevaluable(len(numeric.candidates))
        return Comparison(NUMERIC, None, None, None, f"the two sides agree at {checked} random points")

    def _try_proof(self, expressions, i, j, comparison):
        if comparison.status in (PROVED, SHAPE, REFUTED):
            return comparison
        if _prove(expressions[i], expressions[j], self.timeout):
            return Comparison(PROVED, None, None, None, "SymPy proved the two sides equal")
        tiny = exact_difference(expressions[i], expressions[j], self.seed)
        if tiny is not None:
            return _tiny_refutation(*tiny)
        return comparison

    @property
    def results(self):
        """Same as :meth:`verify`."""
        return self.verify()

    @property
    def first_error(self):
        """The first :class:`StepResult` that does not follow from its predecessor, or None."""
        return next((result for result in self.verify() if result.is_error), None)

    @property
    def errors(self):
        """Every :class:`StepResult` that does not follow from its predecessor (✗)."""
        return [result for result in self.verify() if result.is_error]

    @property
    def unproved_steps(self):
        """The ✓* lines: step numbers that agree everywhere but have no proof."""
        return [result.index for result in self.verify() if result.status == NUMERIC]

    def _describe_error(self, result):
        step = result.step
        where = f" of {self.title!r}" if self.title else (f" of {self.label!r}" if self.label else "")
        at = f" at {result.configuration}" if result.configuration else ""
        lines = [f"step {result.index}{where} does not follow from step {result.index - 1}{at}:",
                 f"    step {result.index}: {step.latex}"]
        if step.reason:
            lines.append(f"    reason given: {step.reason}")
        comparison = result.vs_previous
        if result.status == SHAPE:
            shapes = comparison.message.replace("left side", f"step {result.index - 1}")
            lines.append(f"    shapes differ: {shapes.replace('right side', f'step {result.index}')}")
        elif comparison.point is not None and comparison.a_value is not None:
            lines.append(f"    counterexample: {format_point(comparison.point, digits=4, limit=POINT_ENTRIES)}")
            lines.append(f"    step {result.index - 1} = {format_value(comparison.a_value)}")
            lines.append(f"    step {result.index} = {format_value(comparison.b_value)}")
            if comparison.entry is not None:
                lines.append(f"    (first difference in entry {comparison.entry})")
        else:
            lines.append(f"    {comparison.message}")
        return "\n".join(lines)

    def _describe_unproved(self, steps):
        named = ", ".join(f"step {i} ({self.steps[i].latex.strip()[:60]})" for i in steps)
        where = f" of {self.title!r}" if self.title else (f" of {self.label!r}" if self.label else "")
        return (f"{named}{where} agree(s) with the line before everywhere, but SymPy found no proof (✓*). "
                "Rewrite the step in smaller steps, or state why it cannot be proved with "
                "unproved={step: 'reason'}")

    def _check_unproved(self):
        unexpected = [step for step in self.unproved_steps if step not in self.unproved]
        if unexpected:
            raise DerivationError(self._describe_unproved(unexpected))
        for claim in self.reason_claims:
            if not claim.ok:
                wrong = claim.derivation.first_error
                detail = claim.derivation._describe_error(wrong) if wrong is not None else \
                    "SymPy found no proof (✓*)"
                raise DerivationError(f"the reason of line {claim.step} states ${claim.latex}$, which does not hold:\n"
                                      f"{detail}")

    def assert_valid(self):
        """Return ``self`` if every line is ✓ (or an allowed ✓*), else raise :class:`DerivationError`.

        The message names the first wrong step with its counterexample, or the unproved lines.
        """
        error = self.first_error
        if error is not None:
            raise DerivationError(self._describe_error(error))
        self._check_unproved()
        return self

    def expect_mistake_at(self, index):
        """Return ``self`` if step ``index`` is the one wrong line, else raise :class:`DerivationError`.

        For derivations that reproduce a known mistake (e.g. in handwritten notes): the build fails
        if the checker stops noticing it, or if another line is wrong too (a second mistake must
        not hide behind the first). The same as ``expect_mistakes_at(index)``.
        """
        if not isinstance(index, int) or not 1 <= index < len(self.steps):
            raise ValueError(f"index must be a step number in 1..{len(self.steps) - 1}, got {index!r}")
        return self.expect_mistakes_at(index)

    def expect_mistakes_at(self, *indices):
        """Return ``self`` if the wrong lines (✗) are exactly ``indices``, else raise :class:`DerivationError`.

        Every other line must be ✓ or (✗) (follows from a mistake); a ✓* only where ``unproved``
        allows it. The build fails if the checker stops flagging one of them, or starts flagging
        another line.
        """
        if not indices or not all(isinstance(i, int) and 1 <= i < len(self.steps) for i in indices):
            raise ValueError(f"indices must be line numbers in 1..{len(self.steps) - 1}, got {indices!r}")
        flagged = [result.index for result in self.errors]
        if sorted(flagged) != sorted(set(indices)):
            details = "\n".join(self._describe_error(result) for result in self.errors)
            if not flagged:
                raise DerivationError(f"expected step(s) {sorted(indices)} to be flagged as wrong, but the checker "
                                      "found every step correct")
            raise DerivationError(f"expected exactly the lines {sorted(indices)} to be flagged as wrong, the "
                                  f"checker flagged {flagged}" + (f":\n{details}" if details else ""))
        self._check_unproved()
        return self

    # ---------------------------------------------------------------- rendering

    def _rows(self):
        """Displayed lines as ``(step number or None, step LaTeX, mark, reason)``.

        A hidden ``steps[0]`` has no line; if nothing else is left it is shown unnumbered.
        """
        rows = []
        for result in self.verify():
            step = result.step
            if result.index == 0 and (not step.latex.strip() or step.latex.strip() == self.lhs_latex.strip()):
                continue
            reason = " ".join(step.reason.split())
            if result.status == FOLLOWS_ERROR:
                reason = f"{reason} (follows from the wrong step {result.follows})".strip()
            rows.append((result.index, step.latex, _MARKS[result.status], reason))
        if not rows:  # only steps[0], hidden: show it anyway
            rows.append((None, self.steps[0].latex, "", ""))
        return rows

    def _aligned(self, inline_reasons):
        r"""``aligned`` block: each line's mark and small step number; reasons as ``\text`` if ``inline_reasons``."""
        lines = []
        for number, latex, mark, reason in self._rows():
            annotation = mark
            if number is not None:
                tag = rf"{{\scriptstyle ({number})}}"
                annotation = rf"{mark}\ {tag}" if mark else tag
            if inline_reasons and reason:
                annotation = rf"{annotation} \quad {reason_latex(reason)}" if annotation else reason_latex(reason)
            prefix = self.lhs_latex if not lines else ""
            line = f"{prefix} &= {latex}"
            lines.append(f"{line} && {annotation}" if annotation else line)
        return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"

    def _reason_list(self):
        """Markdown list of the reasons, one item ``(n) reason`` per numbered line that has one."""
        return "\n".join(f"- ({number}) {_markdown_reason(reason)}"
                         for number, _, _, reason in self._rows() if number is not None and reason)

    def summary(self):
        """Plain-text verdict: what was checked and, for a wrong step, where it fails."""
        return self._summary(markdown=False)

    def _summary(self, markdown):
        results = self.verify()[1:]
        proved = sum(result.status == PROVED for result in results)
        numeric = [result.index for result in results if result.status == NUMERIC]
        parts = []
        if proved:
            parts.append(f"{proved} step{'s' if proved != 1 else ''} proved")
        if numeric:
            why = "; ".join(f"step {i}: {self.unproved[i]}" for i in numeric if i in self.unproved)
            parts.append(f"{_count_steps(numeric)} agreed everywhere but not proved (✓*" +
                         (f"; {why}" if why else "") + ")")
        errors = [result.index for result in results if result.is_error]
        if errors:
            parts.append(f"{_count_steps(errors)} wrong (✗)")
            following = [result.index for result in results if result.status == FOLLOWS_ERROR]
            if following:
                parts.append(f"{_count_steps(following)} follow{'s' if len(following) == 1 else ''} from "
                             f"{'it' if len(errors) == 1 else 'them'} ((✗))")
        if not parts:
            parts.append("nothing to check")
        sizes = [name for name in self.configurations if name]
        at = ""
        if len(sizes) > 1:
            at = f" at {len(sizes)} sizes ({'; '.join(sizes)})"
        elif sizes:
            at = f" ({sizes[0]})"
        generated = len(self._generated_sets)
        also = f", and in float64 at {generated} generated configurations" if generated else ""
        condition = ""
        if self.where:
            condition = f"For ${self.where}$: " if markdown else f"For {self.where}: "
        claims = [claim for claim in self.reason_claims if claim.derivation is not None]
        if claims and all(claim.ok for claim in claims):
            parts.append(f"and the {len(claims)} equation{'s' if len(claims) != 1 else ''} in the reasons "
                         f"{'are' if len(claims) != 1 else 'is'} proved too")
        text = f"Checked by SymPy{at}{also}: " + ", ".join(parts) + "."
        if markdown:
            text = _escape_markdown(text)
        text = condition + (text[0].lower() + text[1:] if condition else text)
        error = self.first_error
        if error is not None:
            text += ("\n\n" if markdown else "\n") + self._error_sentence(error, markdown)
        return text

    def _error_sentence(self, error, markdown):
        """One sentence naming the wrong step (its LaTeX as inline math in Markdown) and the counterexample,
        in the book's notation: the configuration, the entries drawn (when few) and both values."""
        comparison, step = error.vs_previous, error.step

        def math(text):
            return f"${text}$" if markdown else text

        if markdown:
            name = f"Step {error.index}, ${step.latex.strip()}$" + (f" ({_markdown_reason(step.reason)})," if step.reason else ",")
        else:
            name = f"Step {error.index}" + (f" ({_plain(step.reason)})" if step.reason else "")
        at = error.configuration.replace("generated: ", "")
        if error.status == SHAPE:
            shapes = comparison.message.replace("left side", f"step {error.index - 1}").replace(
                "right side", f"step {error.index}")
            return f"{name} changes the shape ({at}): {_escape_markdown(shapes) if markdown else shapes}."
        if comparison.point is None or comparison.a_value is None or comparison.b_value is None:
            message = _escape_markdown(comparison.message) if markdown else comparison.message
            return f"{name} does not follow from step {error.index - 1} ({at}): {message}."
        point = format_point(comparison.point, latex=markdown, limit=POINT_ENTRIES)
        if markdown and not point.startswith("random"):
            point = math(point)
        where = _escape_markdown(at) if markdown else at
        a_shown, b_shown = comparison.a_value, comparison.b_value
        if comparison.entry is not None:
            row, col = comparison.entry
            label = f"{row + 1}" if _is_column(a_shown) else f"({row + 1}, {col + 1})"
            size = sum(len(r) if isinstance(r, list) else 1 for r in a_shown)
            if size > _SHOWN_ENTRIES:  # only the entry that matters
                a_entry, b_entry = a_shown[row][col], b_shown[row][col]
                return (f"{name} does not follow from step {error.index - 1}: at {where}, with {point}, entry "
                        f"{label} of step {error.index - 1} is {math(format_value(a_entry))} but step "
                        f"{error.index} gives {math(format_value(b_entry))}.")
            entry = f" (first difference in entry {label})"
        else:
            entry = ""
        return (f"{name} does not follow from step {error.index - 1}: at {where}, "
                f"with {point}, step {error.index - 1} is {math(_typeset(format_value(a_shown), markdown))} "
                f"but step {error.index} is {math(_typeset(format_value(b_shown), markdown))}{entry}.")

    def _repr_markdown_(self):
        r"""MyST: the ``aligned`` math block (marks and step numbers), its label, the reasons, the verdict."""
        heading = f"**{_escape_markdown(self.title)}**\n\n" if self.title else ""
        label = f" ({self.label})" if self.label else ""
        math = f"$$\n{self._aligned(inline_reasons=False)}\n$${label}\n\n"
        reasons = self._reason_list()
        reasons = f"{reasons}\n\n" if reasons else ""
        return f"{heading}{math}{reasons}{self._summary(markdown=True)}\n"

    def _repr_latex_(self):
        r"""Plain ``$$…$$`` for Jupyter's LaTeX view: reasons stay inline as ``\text``."""
        return f"$$\n{self._aligned(inline_reasons=True)}\n$$"


class Refusal:
    r"""A displayed line that the checker must refuse to read, shown with the checker's reason.

    For a line that has no meaning (a derivative by a layer of a line written in what the layer is
    computed from): the book shows it, and the build fails if the checker ever reads it, or refuses
    it for another reason than ``because``.

    Examples
    --------
    >>> r = Refusal.from_latex(r"\frac{\partial}{\partial \mathbf{s}} \mathbf{u}_o^\top \mathbf{v}_c &= 0",
    ...                        "softmax", because="with respect to a layer")
    >>> "layer" in r.message
    True
    """

    def __init__(self, text, message):
        self.text = text
        self.message = message

    @classmethod
    def from_latex(cls, text, context, *, because, **keywords):
        """Check that the checker refuses ``text`` with a message containing ``because``."""
        from .notation import NotationError

        try:
            Derivation.from_latex(text, context, **keywords)
        except NotationError as error:
            if because not in str(error):
                raise DerivationError(f"expected the checker to refuse the lines for {because!r}, but it said: "
                                      f"{error}") from None
            return cls(text, str(error))
        raise DerivationError(f"expected the checker to refuse to read {text.strip()[:80]!r} ({because}), "
                              "but it read it")

    def _repr_markdown_(self):
        from .notation import split_aligned

        rows = split_aligned(self.text)
        lines, reasons = [], []
        for number, row in enumerate(rows):
            lhs = rows[0].lhs if number == 0 else ""
            lines.append(f"{lhs} &= {row.rhs}")
            if row.reason:
                reasons.append(f"- {_markdown_reason(row.reason)}")
        math = "$$\n\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}\n$$"
        message = _escape_markdown(_without_position(re.sub(r"^line \d+ \(.*?\): ", "", self.message)))
        # the layer's definition, "(u\_{c,j} = u\_j)", as math
        message = re.sub(r"\(([^()$]*?=[^()$]*?)\)", lambda m: "($" + m.group(1).replace("\\_", "_") + "$)", message)
        listed = "\n".join(reasons) + "\n\n" if reasons else ""
        return f"{math}\n\n{listed}The checker refuses to read this line: {message}.\n"


_WEAKNESS = {GIVEN: 0, PROVED: 1, NUMERIC: 2, FOLLOWS_ERROR: 3, REFUTED: 4, SHAPE: 4}


def _merge(fixed, generated=()):
    """One verdict per line: the first failure at a fixed configuration, else at a generated one; else
    "follows from a mistake" anywhere; else the weakest verdict at the fixed ones (where the proofs are made)."""
    for results in (fixed, generated):
        errors = [result for result in results if result.is_error]
        if errors:
            return errors[0]
    follows = [result for result in list(fixed) + list(generated) if result.status == FOLLOWS_ERROR]
    if follows:
        return follows[0]
    return max(fixed, key=lambda result: _WEAKNESS[result.status])


def _is_column(value):
    return isinstance(value, list) and all(isinstance(row, list) and len(row) == 1 for row in value)


def _typeset(shown, markdown):
    """A :func:`format_value` text as LaTeX for inline math: ``(a, b)ᵀ`` → ``(a, b)^\\top``."""
    return shown.replace("ᵀ", "^\\top").replace(";", ";\\;") if markdown else shown


def _count_steps(indices):
    if len(indices) == 1:
        return f"step {indices[0]}"
    if indices == list(range(indices[0], indices[-1] + 1)):
        return f"steps {indices[0]}–{indices[-1]}"
    return "steps " + ", ".join(str(i) for i in indices)


def _markdown_reason(reason):
    """A reason for Markdown: text escaped, ``$...$`` math kept."""
    reason = " ".join(reason.split())
    parts = reason.split("$")
    if len(parts) % 2 == 0:
        return _escape_markdown(reason.replace("$", ""))
    return "$".join(part if i % 2 else _escape_markdown(part) for i, part in enumerate(parts))


def check_claim(latex, context, *, where=None):
    r"""Check an equation stated in the prose (``a = b``, or a chain ``a = b = c``) in ``context``.

    Each ``=`` is one step, proved at the fixed configurations and checked at the generated ones,
    exactly as a displayed derivation (a claim is a derivation written on one line). Used by the
    book's ``{claim}`` role (tools/sphinxext/w2v_claims.py), which fails the build on a claim that
    does not hold.

    Parameters
    ----------
    latex : str
        The equation as displayed; a ``=`` inside braces or parentheses is not a step.
    context : str
        A name in :data:`w2vlib.symbolic.configurations.CONTEXTS`.
    where : str, optional
        A condition on the context's free indices (``w \ne o``).

    Returns
    -------
    Derivation
        Verified; ``assert_valid()`` raises :class:`DerivationError` for a step that is not proved.

    Raises
    ------
    NotationError
        For text that is not one equation in the book's notation.

    Examples
    --------
    >>> check_claim(r"\sigma(0) = \frac{1}{2}", "sigmoid").assert_valid().results[1].status
    'proved'
    >>> check_claim(r"\sigma(-x) = \sigma(x)", "sigmoid").first_error.index
    1
    """
    from .notation import NotationError

    claims = reason_claims("$" + latex + "$")
    if len(claims) != 1:
        raise NotationError(f"a claim is one equation a = b (or a chain a = b = c), got ${latex}$")
    parts = claims[0]
    return Derivation.from_latex(f"{parts[0]} &= " + r" \\ &= ".join(parts[1:]), context, where=where)
