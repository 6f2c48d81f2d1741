"""PCA to the plane: orthonormal, sign-stable directions that keep most of the spread."""

import numpy as np
import pytest

from w2vlib.projection import pca_basis, project


def test_components_are_orthonormal_and_follow_the_spread():
    rng = np.random.default_rng(0)
    points = rng.normal(size=(200, 5)) * np.array([5.0, 0.1, 2.0, 0.1, 0.1])
    mean, components = pca_basis(points)
    assert np.allclose(components @ components.T, np.eye(2))
    assert np.argmax(np.abs(components[0])) == 0 and np.argmax(np.abs(components[1])) == 2
    assert np.allclose(project(points, mean, components).mean(axis=0), 0)


def test_sign_does_not_depend_on_the_point_order():
    points = np.random.default_rng(1).normal(size=(30, 4))
    _, first = pca_basis(points)
    _, second = pca_basis(points[::-1])
    assert np.allclose(first, second)


def test_fewer_dimensions_than_components_pad_with_zeros():
    _, components = pca_basis(np.array([[0.0], [1.0], [3.0]]))
    assert components.shape == (2, 1) and components[1, 0] == 0


def test_bad_points_raise_value_error():
    with pytest.raises(ValueError, match="points"):
        pca_basis(np.zeros(3))
