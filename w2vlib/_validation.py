"""Input checks shared by the w2vlib numerics: one helper per idea.

Every helper names the offending argument and the expected shape in its
message and raises ``TypeError`` (wrong kind of value) or ``ValueError``
(right kind, wrong shape, range or value), never a numpy ``IndexError``.
The helpers return the value converted to the type the caller computes with
(``float64`` arrays, ``int64`` index arrays, Python ``int``/``float``).
"""

import numbers

import numpy as np

__all__ = [
    "check_finite",
    "check_real_array",
    "check_vector",
    "check_matrix",
    "check_index",
    "check_indices",
    "check_positive_int",
    "check_nonnegative_int",
    "check_real_scalar",
    "check_counts",
]


def _expected(shape_doc):
    return f" {shape_doc}" if shape_doc else ""


def check_finite(name, array):
    """Raise ``ValueError`` if ``array`` holds NaN or ±inf; return it unchanged."""
    if not np.all(np.isfinite(array)):
        bad = np.argwhere(~np.isfinite(np.asarray(array)))
        where = tuple(int(i) for i in bad[0]) if bad.size else ()
        raise ValueError(f"{name} must be finite (no NaN or inf); found a non-finite value at entry {where}")
    return array


def check_real_array(name, value, shape_doc="", *, finite=True):
    """Convert ``value`` to a ``float64`` array, rejecting non-numeric input with ``TypeError``."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(f"{name} must be a real-valued array{_expected(shape_doc)}, could not convert: {error}") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a real-valued array{_expected(shape_doc)}, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if finite:
        check_finite(name, array)
    return array


def check_vector(name, value, *, size=None, shape_doc="of shape (d,)"):
    """Return ``value`` as a finite 1-D ``float64`` array, optionally of length ``size``."""
    array = check_real_array(name, value, shape_doc, finite=False)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array {shape_doc}, got shape {array.shape}")
    if size is not None and array.shape[0] != size:
        raise ValueError(f"{name} must have shape ({size},) = {shape_doc.removeprefix('of shape ')}, got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} must be non-empty, {shape_doc}")
    return check_finite(name, array)


def check_matrix(name, value, *, n_rows=None, n_cols=None, shape_doc="of shape (V, d)"):
    """Return ``value`` as a finite 2-D ``float64`` array, optionally with fixed rows/columns."""
    array = check_real_array(name, value, shape_doc, finite=False)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array {shape_doc}, got shape {array.shape}")
    rows, cols = array.shape
    if (n_rows is not None and rows != n_rows) or (n_cols is not None and cols != n_cols):
        want = f"({n_rows if n_rows is not None else rows}, {n_cols if n_cols is not None else cols})"
        raise ValueError(f"{name} must have shape {want} = {shape_doc.removeprefix('of shape ')}, got shape {array.shape}")
    if rows == 0 or cols == 0:
        raise ValueError(f"{name} must be non-empty, {shape_doc}, got shape {array.shape}")
    return check_finite(name, array)


def check_index(name, value, size):
    """Return ``value`` as a Python ``int`` in ``[0, size)``; no negative (wrap-around) indices."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer word index, got {type(value).__name__} {value!r}")
    index = int(value)
    if not 0 <= index < size:
        raise ValueError(f"{name} must be a word index in [0, {size}), got {index}")
    return index


def check_indices(name, value, size, *, shape=None, ndim=1, shape_doc="of shape (n,)", allow_empty=False):
    """Return ``value`` as an ``int64`` array of word indices in ``[0, size)``.

    ``shape`` entries that are ``None`` are free. Float, bool and object arrays are a
    ``TypeError`` even when they hold whole numbers.
    """
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(f"{name} must be an integer array {shape_doc}, could not convert: {error}") from None
    if array.size == 0 and array.dtype.kind == "f":
        array = array.astype(np.int64)  # np.asarray([]) is float64
    if array.dtype.kind not in "iu":
        raise TypeError(f"{name} must be an integer array {shape_doc}, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array {shape_doc}, got shape {array.shape}")
    if shape is not None and any(want is not None and want != got for want, got in zip(shape, array.shape)):
        raise ValueError(f"{name} must be an integer array {shape_doc}, got shape {array.shape}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must be non-empty, {shape_doc}, got shape {array.shape}")
    if array.size and (array.min() < 0 or array.max() >= size):
        bad = array[(array < 0) | (array >= size)].flat[0]
        raise ValueError(f"{name} must hold word indices in [0, {size}), got {int(bad)}")
    return array.astype(np.int64, copy=False)


def check_positive_int(name, value):
    """Return ``value`` as a Python ``int`` ≥ 1."""
    value = check_nonnegative_int(name, value)
    if value < 1:
        raise ValueError(f"{name} must be a positive integer (≥ 1), got {value}")
    return value


def check_nonnegative_int(name, value):
    """Return ``value`` as a Python ``int`` ≥ 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value}")
    return int(value)


def check_real_scalar(name, value, *, minimum=None, strict=False):
    """Return ``value`` as a finite Python ``float``, optionally ``≥ minimum`` (``> minimum`` if ``strict``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None and (value <= minimum if strict else value < minimum):
        relation = ">" if strict else "≥"
        raise ValueError(f"{name} must be {relation} {minimum}, got {value}")
    return value


def check_counts(name, value):
    """Return word counts as a 1-D ``float64`` array: finite, non-negative, positive sum."""
    counts = check_real_array(name, value, "of shape (V,)")
    if counts.ndim != 1 or counts.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of shape (V,), got shape {counts.shape}")
    if np.any(counts < 0):
        raise ValueError(f"{name} must be non-negative, got {counts[counts < 0][0]} at index {int(np.argmax(counts < 0))}")
    if not counts.sum() > 0:
        raise ValueError(f"{name} must have a positive sum, got all zeros")
    return counts
