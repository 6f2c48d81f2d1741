"""Tests for w2vlib.figures: each plot shows the data it claims, and bad input is refused."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from w2vlib import sigmoid, softmax  # noqa: E402
from w2vlib.figures import (  # noqa: E402
    plot_heatmap,
    plot_negative_log_likelihood,
    plot_sigmoid_and_derivative,
    plot_softmax_sweep,
    plot_time_per_pair,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_negative_log_likelihood_curve_is_minus_log_of_x():
    ax = plot_negative_log_likelihood()
    probabilities, losses = ax.lines[0].get_data()
    np.testing.assert_allclose(losses, -np.log(probabilities))
    assert probabilities.min() > 0 and probabilities.max() == 1.0


def test_negative_log_likelihood_rejects_probability_outside_unit_interval():
    with pytest.raises(ValueError, match="smallest_probability"):
        plot_negative_log_likelihood(smallest_probability=0.0)


def test_softmax_sweep_lines_are_softmax_with_one_score_replaced():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=4)
    raised = np.linspace(-3, 3, 7)
    ax = plot_softmax_sweep(scores, 2, raised)
    for step, value in enumerate(raised):
        changed = scores.copy()
        changed[2] = value
        expected = softmax(changed)
        plotted = [line.get_ydata()[step] for line in ax.lines]
        np.testing.assert_allclose(plotted, expected)


def test_softmax_sweep_rejects_word_outside_vocabulary():
    with pytest.raises(ValueError, match="word must be an index"):
        plot_softmax_sweep(np.zeros(3), 3, np.linspace(0, 1, 5))


def test_heatmap_shows_the_matrix_and_symmetric_colour_limits():
    matrix = np.array([[0.2, -0.5], [-0.001, 0.1]])
    ax = plot_heatmap(matrix, labels=["a", "b"])
    np.testing.assert_array_equal(ax.images[0].get_array(), matrix)
    assert ax.images[0].get_clim() == (-0.5, 0.5)
    assert [text.get_text() for text in ax.texts] == ["0.20", "-0.50", "0", "0.10"]


def test_heatmap_prints_values_on_dark_cells_in_white_and_on_light_cells_in_black():
    matrix = np.array([[1.0, -0.9], [0.3, 0.0]])  # 1.0 and -0.9 are dark (red, blue) cells
    ax = plot_heatmap(matrix)
    colors = [matplotlib.colors.to_hex(text.get_color()) for text in ax.texts]
    assert colors == ["#ffffff", "#ffffff", "#000000", "#000000"]
    plt.close(ax.figure)


def test_heatmap_rejects_labels_that_do_not_match_the_shape():
    with pytest.raises(ValueError, match="labels"):
        plot_heatmap(np.zeros((2, 3)), labels=["a", "b"])


def test_time_per_pair_reference_line_is_proportional_to_vocab_size_and_fitted_to_large_sizes():
    sizes = np.array([10.0, 100.0, 1000.0, 10000.0])
    seconds = np.array([5e-6, 5e-6, 4e-5, 4e-4])  # flat overhead, then 0.04 µs per word
    ax = plot_time_per_pair(sizes, seconds)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [5.0, 5.0, 40.0, 400.0])
    np.testing.assert_allclose(ax.lines[1].get_ydata() / sizes, 0.04)


def test_time_per_pair_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="seconds"):
        plot_time_per_pair(np.array([10.0, 100.0]), np.array([1e-6]))


def test_sigmoid_plot_shows_sigmoid_and_its_derivative():
    x = np.linspace(-5, 5, 11)
    ax = plot_sigmoid_and_derivative(x)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), sigmoid(x))
    np.testing.assert_allclose(ax.lines[1].get_ydata(), sigmoid(x) * (1 - sigmoid(x)))
    assert np.max(ax.lines[1].get_ydata()) == pytest.approx(0.25)


def test_sigmoid_plot_rejects_a_matrix():
    with pytest.raises(ValueError, match="x must be a 1-D array"):
        plot_sigmoid_and_derivative(np.zeros((2, 2)))
