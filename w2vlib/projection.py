r"""Principal component analysis to 2-D, for drawing word vectors of any dimension.

Explained in chapter 8, *Training a toy word2vec*.
"""

import numpy as np

from w2vlib._validation import check_matrix

__all__ = ["pca_basis", "project"]


def pca_basis(points, n_components=2):
    r"""Mean and top principal directions of ``points``.

    The directions are the leading right singular vectors of the centred
    points; each is signed so that its largest-magnitude entry is positive, so
    the result does not flip between runs. If ``points`` has fewer columns than
    ``n_components``, the missing directions are zero.

    Parameters
    ----------
    points : array_like of shape (n, d)
        E.g. word vectors :math:`v_w` as rows.
    n_components : int, default 2

    Returns
    -------
    mean : ndarray of shape (d,)
    components : ndarray of shape (n_components, d)
        Orthonormal rows (zero rows when ``d < n_components``).

    Examples
    --------
    >>> mean, components = pca_basis([[0.0, 0.0, 0.0], [2.0, 0.0, 0.0], [1.0, 0.1, 0.0]])
    >>> print(np.round(np.abs(components[0]), 3))
    [1. 0. 0.]
    """
    points = check_matrix("points", points, shape_doc="of shape (n, d) (one point per row)")
    mean = points.mean(axis=0)
    _, _, right_vectors = np.linalg.svd(points - mean, full_matrices=False)
    components = np.zeros((n_components, points.shape[1]))
    kept = min(n_components, right_vectors.shape[0])
    components[:kept] = right_vectors[:kept]
    largest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(n_components), largest])
    components *= np.where(signs == 0, 1.0, signs)[:, None]
    return mean, components


def project(points, mean, components):
    """Coordinates of ``points`` (n, d) in the basis from :func:`pca_basis`: shape (n, n_components)."""
    return (np.asarray(points, dtype=float) - mean) @ components.T
