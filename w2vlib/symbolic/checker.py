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
import re
import signal
import threading
import time
from dataclasses import dataclass

import numpy as np
import sympy

__all__ = ["compare", "Comparison", "Line", "Derivation", "StepResult", "DerivationError"]

#: Statuses of a comparison, from strongest to weakest.
PROVED, NUMERIC, REFUTED, SHAPE = "proved", "numeric", "refuted", "shape"
#: Extra statuses of a derivation step.
GIVEN, FOLLOWS_ERROR = "given", "follows_error"

_RELATIVE_TOLERANCE = 1e-8
_ABSOLUTE_TOLERANCE = 1e-9
_DRAW_LOW, _DRAW_HIGH = -1.5, 1.5
_DRAWS_PER_POINT = 8  # candidate points drawn per requested point (to skip singular ones)
_LAMBDIFY_CACHE_SIZE = 1024
_lambdify_cache = {}


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
    if isinstance(value, np.ndarray):
        value = sympy.ImmutableMatrix(value)
    if isinstance(value, sympy.MatrixExpr) and not isinstance(value, sympy.MatrixBase):
        try:
            value = value.as_explicit()
        except (ValueError, TypeError, AttributeError) as error:
            raise TypeError(f"{side} is a symbolic matrix expression without concrete entries") from error
    if isinstance(value, sympy.MatrixBase):
        if value.shape == (1, 1):
            return _normalize(value[0, 0], side)
        return sympy.ImmutableMatrix(value.applyfunc(_doit_if_needed))
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{side} must be a SymPy expression or Matrix, got a bool")
    if isinstance(value, (int, float, np.number)):
        return sympy.sympify(value)  # a number, never text
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
        symbols |= value.free_symbols
    return tuple(sorted(symbols, key=lambda symbol: symbol.name))


# --------------------------------------------------------------------------- numerics


def _numeric_function(expr, symbols):
    """Cached ``lambdify(symbols, expr)`` with NumPy."""
    key = (expr, symbols)
    function = _lambdify_cache.get(key)
    if function is None:
        if len(_lambdify_cache) >= _LAMBDIFY_CACHE_SIZE:
            _lambdify_cache.clear()
        function = sympy.lambdify(symbols, expr, modules="numpy")
        _lambdify_cache[key] = function
    return function


def _draw_points(symbols, count, seed):
    """``count`` random points (arrays of values in symbol order), honouring sign assumptions."""
    rng = np.random.default_rng(seed)
    low = np.array([0.1 if s.is_nonnegative else _DRAW_LOW for s in symbols])
    high = np.array([-0.1 if s.is_nonpositive else _DRAW_HIGH for s in symbols])
    draws = rng.uniform(low, high, size=(count, len(symbols)))
    for column, symbol in enumerate(symbols):
        if symbol.is_integer:
            draws[:, column] = np.round(draws[:, column] * 2)
    return draws


def _evaluate(expr, symbols, values):
    """Float or float ndarray of ``expr`` at one point, or None when not finite/real."""
    try:
        with np.errstate(all="ignore"):
            result = _numeric_function(expr, symbols)(*values)
            result = np.asarray(result, dtype=complex)
    except (ZeroDivisionError, OverflowError, FloatingPointError, TypeError, ValueError):
        return None
    except NameError as error:
        raise ValueError(f"cannot evaluate {expr} numerically: {error}") from None
    scale = max(1.0, float(np.max(np.abs(result)))) if result.size and np.all(np.isfinite(result)) else 1.0
    if not np.all(np.isfinite(result)) or np.any(np.abs(result.imag) > 1e-12 * scale):
        return None
    real = result.real
    return float(real) if real.ndim == 0 else real


def _agree(a_value, b_value):
    """Entry-wise closeness with a scale-aware absolute floor; returns (ok, index of first bad entry)."""
    a_array, b_array = np.atleast_1d(a_value), np.atleast_1d(b_value)
    scale = max(1.0, float(np.max(np.abs(a_array))), float(np.max(np.abs(b_array))))
    tolerance = _ABSOLUTE_TOLERANCE * scale + _RELATIVE_TOLERANCE * np.maximum(np.abs(a_array), np.abs(b_array))
    bad = np.abs(a_array - b_array) > tolerance
    if not np.any(bad):
        return True, None
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return False, (index if np.ndim(a_value) else None)


def format_point(point, digits=3):
    """``"x = 0.123, y = -1.4"`` for a counterexample dict (display only).

    Parameters
    ----------
    point : dict or None
        Symbol name → value, e.g. :attr:`Comparison.point`; ``None`` or ``{}`` gives ``""``.
    digits : int
        Decimal places kept.

    Examples
    --------
    >>> format_point({"x": 0.123456, "y": -1.4})
    'x = 0.123, y = -1.4'
    >>> format_point(None)
    ''
    """
    if not point:
        return ""
    return ", ".join(f"{name} = {_format_number(value, digits)}" for name, value in point.items())


def format_value(value, digits=4):
    """Short display of a scalar, vector or matrix value (display only).

    Parameters
    ----------
    value : float, sequence, ndarray or None
        A scalar; a vector as a 1-D array or list, or a column of shape (n, 1),
        shown as a transposed row ``(a, b)ᵀ`` (vectors are columns in the book);
        a matrix of shape (n, m) as ``[row; row]``; ``None`` (no value) as ``"?"``.
    digits : int
        Decimal places kept.

    Raises
    ------
    ValueError
        If ``value`` has more than two dimensions or is not numeric.

    Examples
    --------
    >>> format_value(np.array([[1.23456789], [2.0]]))
    '(1.2346, 2)ᵀ'
    >>> format_value([0.5, -0.25]), format_value([[1, 2], [3, 4]]), format_value(None)
    ('(0.5, -0.25)ᵀ', '[1, 2; 3, 4]', '?')
    >>> format_value(1.23456e-7)
    '1.235e-07'
    """
    if value is None:
        return "?"
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"value must be numeric, got {type(value).__name__}") from None
    if array.ndim == 0:
        return _format_number(array, digits)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim == 1:
        return "(" + ", ".join(_format_number(entry, digits) for entry in array) + ")ᵀ"
    if array.ndim == 2:
        return "[" + "; ".join(", ".join(_format_number(entry, digits) for entry in row) for row in array) + "]"
    raise ValueError(f"value must be a scalar, vector or matrix, got an array of shape {array.shape}")


def _format_number(value, digits):
    value = float(value)
    rounded = round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0
    if rounded == 0 and value != 0:  # keep a tiny non-zero value visible: 1.2e-07, not 0
        return f"{value:.{digits}g}"
    return f"{rounded:g}"


class _NumericCheck:
    """Evaluate several expressions over one shared set of random points (with caching)."""

    def __init__(self, symbols, points, seed):
        self.symbols = symbols
        self.points = points
        self.candidates = _draw_points(symbols, points * _DRAWS_PER_POINT, seed)
        self._values = {}

    def value(self, key, expr, candidate):
        cache_key = (key, candidate)
        if cache_key not in self._values:
            self._values[cache_key] = _evaluate(expr, self.symbols, self.candidates[candidate])
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
            ok, entry = _agree(a_value, b_value)
            if not ok:
                point = {s.name: float(v) for s, v in zip(self.symbols, self.candidates[candidate])}
                where = f" in entry {entry}" if entry is not None else ""
                message = (
                    f"the two sides differ{where} at {format_point(point) or 'every point'}: "
                    f"left side = {format_value(a_value)}, right side = {format_value(b_value)}"
                )
                return Comparison(REFUTED, point, a_value, b_value, message, entry), checked
            checked += 1
            if checked >= self.points:
                break
        return None, checked


# --------------------------------------------------------------------------- proofs


class _TimeLimitExceeded(BaseException):
    """Raised by the alarm handler; a BaseException so SymPy's ``except Exception`` cannot swallow it."""


def _call_with_time_limit(function, seconds):
    """Run ``function()``; return ``(True, result)`` or ``(False, None)`` after ``seconds``.

    In the main thread (scripts, pytest, Jupyter kernels) a ``SIGALRM`` timer
    interrupts the computation; an outer timer that is already running is
    respected and re-armed afterwards. Elsewhere (other threads, no SIGALRM)
    the function runs in a daemon thread that is abandoned on timeout.
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
    worker.start()
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


def _is_zero(difference):
    """Try successively stronger simplifications; True only if SymPy shows ``difference == 0``."""
    if difference == 0 or _is_zero_in_exponentials(difference) or _is_zero_cheaply(difference):
        return True
    rewritten = difference.rewrite(sympy.exp)
    if rewritten != difference and _is_zero_cheaply(rewritten):
        return True
    return sympy.simplify(rewritten) == 0


def _prove(a, b, timeout):
    """True if SymPy proves a == b (scalars or same-shape matrices) within ``timeout`` seconds."""
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


def compare(a, b, *, points=8, seed=0, timeout=2.0):
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
        Seconds allowed for the symbolic proof (None: no limit); when it runs
        out the result is ``"numeric"``.

    Returns
    -------
    Comparison
        ``status`` is ``"shape"`` for different shapes, ``"refuted"`` with a
        counterexample ``point`` and both values when some point disagrees,
        ``"proved"`` when SymPy reduces the difference to zero, else ``"numeric"``.

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
    limit = "" if timeout is None else f" within {timeout:g} s"
    return Comparison(NUMERIC, None, None, None,
                      f"the two sides agree at {checked} random points (no symbolic proof{limit})")


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


def _plain(text):
    """A reason for the plain-text summary: drop ``$`` and LaTeX backslashes."""
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text.replace("$", ""))
    return re.sub(r"[{}]", "", text).strip()


def _escape_markdown(text):
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


class Derivation:
    r"""A displayed chain ``LHS = line_1 = line_2 = …``, read from its LaTeX and checked line by line.

    Build one with :meth:`from_latex`: the text the reader sees is the only source, and each
    line is evaluated from it at every size configuration of a context. ``steps[0]`` is the
    left-hand side (status ``"given"``); each later line is checked against the one before it
    and against ``steps[0]``, at every configuration, and is ✓ only if proved at all of them.
    Messages, :attr:`StepResult.index` and :meth:`expect_mistake_at` call ``steps[i]``
    "step i", so the first checked line is step 1. The display marks each line ✓ (proved),
    ✓* (numeric only), ✗ (wrong) or (✗) (follows from a wrong step); a line that lands back on
    ``steps[0]`` after a wrong step is marked by its comparison with ``steps[0]``. Each line
    also carries its small step number ``(i)``; the Markdown display lists the reasons under
    the math by those numbers, which keeps the equation narrow.

    Parameters
    ----------
    lines : sequence of Line
        The displayed lines, ``lines[0]`` the left-hand side.
    expression_sets : sequence of (str, list)
        For each size configuration, its name and the value of every line there
        (SymPy scalars or matrices).
    label : str, optional
        Equation label; the display ends with ``$$ (label)`` so ``{eq}`label``` works.
    title : str, optional
        Shown in bold above the equation and used in error messages.
    points, seed : int
        Passed to the numeric check.
    timeout : float or None
        Seconds allowed for each symbolic proof.
    context : str, optional
        The name of the context the lines were read in.

    Examples
    --------
    >>> d = Derivation.from_latex(r"\frac{d}{dx} e^{2x} &= 2 e^{2x} && \text{chain rule}", "sigmoid")
    >>> [r.status for r in d.verify()]
    ['given', 'proved']
    >>> d.assert_valid() is d
    True
    """

    def __init__(self, lines, expression_sets, *, label=None, title=None, points=8, seed=0, timeout=5.0,
                 context=None):
        lines = list(lines)
        if not lines:
            raise ValueError("a derivation needs at least its left-hand side")
        for index, line in enumerate(lines):
            if not isinstance(line, Line):
                raise TypeError(f"lines[{index}] must be a Line, got {type(line).__name__}")
        for name, values in expression_sets:
            if len(values) != len(lines):
                raise ValueError(f"configuration {name!r} has {len(values)} values for {len(lines)} lines")
        if not expression_sets:
            raise ValueError("a derivation needs at least one size configuration")
        _check_settings(points, seed, timeout)
        if label is not None and not re.fullmatch(r"[A-Za-z0-9_\-:.]+", label):
            raise ValueError(f"label must be letters, digits and _-:. only, got {label!r}")
        self.lhs_latex = lines[0].latex
        self.steps = lines
        self._expression_sets = [(name, list(values)) for name, values in expression_sets]
        self.label = label
        self.title = title
        self.points = points
        self.seed = seed
        self.timeout = timeout
        self.context = context
        self._results = None

    @classmethod
    def from_latex(cls, text, context, *, label=None, title=None, points=8, seed=0, timeout=5.0):
        r"""A derivation read from the LaTeX that is displayed, checked at every size of ``context``.

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
        label, title, points, seed, timeout
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
        from .configurations import configurations
        from .notation import NotationError, ShapeError, evaluate, read_latex, split_aligned
        from .notation.evaluate import ZERO, component_letters
        from .notation.tree import Number

        rows = split_aligned(text)
        lines = [Line(rows[0].lhs, "", rows[0].lhs_offset)]
        lines += [Line(row.rhs, row.reason, row.rhs_offset) for row in rows]
        trees = []
        for number, line in enumerate(lines):
            try:
                trees.append(read_latex(line.latex))
            except NotationError as error:
                raise NotationError(f"line {number} ({line.latex.strip()[:60]}): {error}") from None
        sets = []
        for configuration in configurations(context):
            free = [letter for letter in configuration.component_indices
                    if any(letter in component_letters(tree, configuration) for tree in trees)]
            values = []
            for number, tree in enumerate(trees):
                try:
                    values.append(ZERO if tree == Number(0) else evaluate(tree, configuration, free))
                except ShapeError as error:
                    values.append(_Unevaluable(f"{error} at {configuration.name}"))
                except NotationError as error:
                    raise NotationError(f"line {number} ({lines[number].latex.strip()[:60]}): {error}") from None
            sets.append((configuration.name, _shape_zeros(values)))
        return cls(lines, sets, label=label, title=title, points=points, seed=seed, timeout=timeout,
                   context=context)

    @property
    def configurations(self):
        """Names of the size configurations this derivation is checked at."""
        return [name for name, _ in self._expression_sets]

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
        per_configuration = [self._verify_one(name, expressions) for name, expressions in self._expression_sets]
        return [_merge([results[index] for results in per_configuration]) for index in range(len(self.steps))]

    def _verify_one(self, configuration, expressions):
        expressions = [value if isinstance(value, _Unevaluable) else _normalize(value, f"steps[{i}].expr")
                       for i, value in enumerate(expressions)]
        numeric = _NumericCheck(_free_symbols(*[e for e in expressions if not isinstance(e, _Unevaluable)]),
                                self.points, self.seed)
        results = [StepResult(0, self.steps[0], GIVEN, configuration=configuration)]
        if isinstance(expressions[0], _Unevaluable):
            failure = Comparison(SHAPE, None, None, None, expressions[0].message)
            results[0] = StepResult(0, self.steps[0], SHAPE, failure, failure, configuration=configuration)
        latest_error = None
        previous_proved_from_first = True  # steps[0] = steps[index - 1] is proved
        for index in range(1, len(self.steps)):
            step = self.steps[index]
            vs_previous = self._numeric_comparison(numeric, expressions, index - 1, index)
            vs_first = self._numeric_comparison(numeric, expressions, 0, index)
            if vs_previous.equal and not vs_first.equal:
                result = StepResult(index, step, FOLLOWS_ERROR, vs_previous, vs_first, follows=latest_error)
            elif not vs_previous.equal and vs_first.equal:  # a wrong link that lands back on the truth
                vs_first = self._try_proof(expressions, 0, index, vs_first)
                result = StepResult(index, step, vs_first.status, vs_previous, vs_first)
            elif not vs_previous.equal:
                latest_error = index
                result = StepResult(index, step, vs_previous.status, vs_previous, vs_first)
            else:
                vs_previous = self._try_proof(expressions, index - 1, index, vs_previous)
                if vs_previous.status == PROVED:
                    if previous_proved_from_first:
                        vs_first = Comparison(PROVED, None, None, None, "proved link by link from step 0")
                    else:
                        vs_first = self._try_proof(expressions, 0, index, vs_first)
                status = PROVED if vs_previous.status == vs_first.status == PROVED else NUMERIC
                result = StepResult(index, step, status, vs_previous, vs_first)
            previous_proved_from_first = result.vs_first.status == PROVED
            results.append(dataclasses.replace(result, configuration=configuration))
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
        if comparison.status in (PROVED, SHAPE):
            return comparison
        if _prove(expressions[i], expressions[j], self.timeout):
            return Comparison(PROVED, None, None, None, "SymPy proved the two sides equal")
        return comparison

    @property
    def results(self):
        """Same as :meth:`verify`."""
        return self.verify()

    @property
    def first_error(self):
        """The first :class:`StepResult` that does not follow from its predecessor, or None."""
        return next((result for result in self.verify() if result.is_error), None)

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
        elif comparison.point is not None:
            lines.append(f"    counterexample: {format_point(comparison.point, digits=4)}")
            lines.append(f"    step {result.index - 1} = {format_value(comparison.a_value)}")
            lines.append(f"    step {result.index} = {format_value(comparison.b_value)}")
            if comparison.entry is not None:
                lines.append(f"    (first difference in entry {comparison.entry})")
        else:
            lines.append(f"    {comparison.message}")
        return "\n".join(lines)

    def assert_valid(self):
        """Return ``self`` if no step is wrong, else raise :class:`DerivationError` describing the first wrong step."""
        error = self.first_error
        if error is not None:
            raise DerivationError(self._describe_error(error))
        return self

    def expect_mistake_at(self, index):
        """Return ``self`` if step ``index`` is the first wrong step, else raise :class:`DerivationError`.

        For derivations that reproduce a known mistake (e.g. in handwritten notes):
        the build fails if the checker stops noticing it.
        """
        if not isinstance(index, int) or not 1 <= index < len(self.steps):
            raise ValueError(f"index must be a step number in 1..{len(self.steps) - 1}, got {index!r}")
        error = self.first_error
        if error is None:
            raise DerivationError(f"expected step {index} ({self.steps[index].latex}) to be flagged as wrong, "
                                  "but the checker found every step correct")
        if error.index != index:
            raise DerivationError(f"expected step {index} to be the first wrong step, but the checker flagged "
                                  f"step {error.index} first:\n{self._describe_error(error)}")
        return self

    def expect_mistakes_at(self, *indices):
        """Return ``self`` if the wrong lines (✗) are exactly ``indices``, else raise :class:`DerivationError`.

        For a recorded derivation with several mistakes: the build fails if the checker
        stops flagging one of them, or starts flagging another line.
        """
        if not indices or not all(isinstance(i, int) and 1 <= i < len(self.steps) for i in indices):
            raise ValueError(f"indices must be line numbers in 1..{len(self.steps) - 1}, got {indices!r}")
        flagged = [result.index for result in self.verify() if result.is_error]
        if sorted(flagged) != sorted(indices):
            details = "\n".join(self._describe_error(result) for result in self.verify() if result.is_error)
            raise DerivationError(f"expected lines {sorted(indices)} to be flagged as wrong, the checker flagged "
                                  f"{flagged or 'none'}" + (f":\n{details}" if details else ""))
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
        numeric = sum(result.status == NUMERIC for result in results)
        parts = []
        if proved:
            parts.append(f"{proved} step{'s' if proved != 1 else ''} proved")
        if numeric:
            parts.append(f"{numeric} only agreed numerically at {self.points} random points, not proved (✓*)")
        error = self.first_error
        if error is not None:
            parts.append(f"step {error.index} is wrong (✗)")
            following = [result.index for result in results if result.status == FOLLOWS_ERROR]
            if following:
                parts.append(f"{_count_steps(following)} follow{'s' if len(following) == 1 else ''} from it")
            others = [result.index for result in results if result.is_error and result.index != error.index]
            if others:
                parts.append(f"{_count_steps(others)} also wrong")
        if not parts:
            parts.append("nothing to check")
        sizes = [name for name in self.configurations if name]
        at = ""
        if len(sizes) > 1:
            at = f" at {len(sizes)} sizes ({'; '.join(sizes)})"
        elif sizes:
            at = f" ({sizes[0]})"
        text = f"Checked by SymPy{at}: " + ", ".join(parts) + "."
        if markdown:
            text = _escape_markdown(text)
        if error is not None:
            text += ("\n\n" if markdown else "\n") + self._error_sentence(error, markdown)
        return text

    def _error_sentence(self, error, markdown):
        """One sentence naming the wrong step (its LaTeX as inline math in Markdown) and the counterexample."""
        comparison, step = error.vs_previous, error.step

        def code(text):
            return f"`{text}`" if markdown else text

        if markdown:
            name = f"Step {error.index}, ${step.latex.strip()}$" + (f" ({_markdown_reason(step.reason)})," if step.reason else ",")
        else:
            name = f"Step {error.index}" + (f" ({_plain(step.reason)})" if step.reason else "")
        if error.status == SHAPE:
            shapes = comparison.message.replace("left side", f"step {error.index - 1}").replace(
                "right side", f"step {error.index}")
            return f"{name} changes the shape: {shapes}."
        if comparison.point is None:
            message = _escape_markdown(comparison.message) if markdown else comparison.message
            return f"{name} cannot be checked: {message}."
        entry = f" (first difference in entry {comparison.entry})" if comparison.entry is not None else ""
        return (f"{name} does not follow: at {code(format_point(comparison.point))}, "
                f"step {error.index - 1} is {code(format_value(comparison.a_value))} "
                f"but step {error.index} is {code(format_value(comparison.b_value))}{entry}.")

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


_WEAKNESS = {GIVEN: 0, PROVED: 1, NUMERIC: 2, FOLLOWS_ERROR: 3, REFUTED: 4, SHAPE: 4}


def _merge(results):
    """One verdict per line from its verdicts at each configuration: the first failure, else the weakest."""
    errors = [result for result in results if result.is_error]
    if errors:
        return errors[0]
    return max(results, key=lambda result: _WEAKNESS[result.status])


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
