"""Sampling/skip-gram figures: drawn values come from w2vlib, bad input is refused clearly."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from w2vlib import NegativeSampler, naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient  # noqa: E402
from w2vlib.figures_sampling import (  # noqa: E402
    plot_gradient_heatmaps,
    plot_noise_distribution,
    plot_time_comparison,
    time_per_pair,
)

WORDS = ["the", "of", "cat", "sat", "mat"]
COUNTS = np.array([50, 20, 5, 2, 1])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_noise_bars_are_unigram_and_sampler_probabilities():
    ax = plot_noise_distribution(WORDS, COUNTS, power=0.75)
    heights = np.array([patch.get_height() for patch in ax.patches])
    np.testing.assert_allclose(heights[:5], COUNTS / COUNTS.sum())
    np.testing.assert_allclose(heights[5:], NegativeSampler(COUNTS, power=0.75).probabilities)


def test_noise_distribution_flattens_towards_rare_words():
    ax = plot_noise_distribution(WORDS, COUNTS, power=0.75)
    heights = np.array([patch.get_height() for patch in ax.patches])
    unigram, noise = heights[:5], heights[5:]
    assert noise[0] < unigram[0] and noise[-1] > unigram[-1]


def test_noise_dots_are_empirical_draw_frequencies_close_to_probabilities():
    ax = plot_noise_distribution(WORDS, COUNTS, num_draws=50_000, seed=3)
    dots = ax.lines[0].get_ydata()
    assert dots.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(dots, NegativeSampler(COUNTS).probabilities, atol=0.01)


def test_noise_distribution_can_show_a_subset_with_whole_vocabulary_probabilities():
    ax = plot_noise_distribution(WORDS, COUNTS, show=[0, 4])
    heights = np.array([patch.get_height() for patch in ax.patches])
    np.testing.assert_allclose(heights[:2], COUNTS[[0, 4]] / COUNTS.sum())
    np.testing.assert_allclose(heights[2:], NegativeSampler(COUNTS).probabilities[[0, 4]])
    assert [label.get_text() for label in ax.get_xticklabels()] == ["the", "mat"]
    with pytest.raises(ValueError, match=r"show must hold word indices in \[0, 5\)"):
        plot_noise_distribution(WORDS, COUNTS, show=[7])


def test_noise_distribution_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="words must have 5 labels"):
        plot_noise_distribution(WORDS[:3], COUNTS)
    with pytest.raises(TypeError, match="single string"):
        plot_noise_distribution("the", [1])


def test_time_per_pair_returns_positive_seconds_per_label_and_size():
    functions = {
        "softmax": lambda v, o, U, neg: naive_softmax_loss_and_gradient(v, o, U),
        "negative sampling": neg_sampling_loss_and_gradient,
    }
    times = time_per_pair(functions, [8, 16, 32], dim=4, num_negatives=3, budget=1e-3)
    assert set(times) == set(functions)
    for seconds in times.values():
        assert seconds.shape == (3,) and np.all(np.isfinite(seconds)) and np.all(seconds > 0)


def test_time_per_pair_calls_functions_with_the_documented_arguments():
    seen = []

    def record(center_vec, outside_idx, outside_vectors, neg_indices):
        seen.append((center_vec.shape, outside_idx, outside_vectors.shape, neg_indices.shape))
        assert np.all((neg_indices >= 1) & (neg_indices < outside_vectors.shape[0]))

    time_per_pair({"record": record}, [6], dim=3, num_negatives=4, budget=1e-4)
    assert seen and set(seen) == {((3,), 0, (6, 3), (4,))}


@pytest.mark.parametrize("kwargs, error, message", [
    ({"loss_functions": {}}, TypeError, "non-empty dict"),
    ({"loss_functions": {"x": 3}}, TypeError, "must be callable"),
    ({"vocab_sizes": [1]}, ValueError, "ints ≥ 2"),
    ({"budget": 0.0}, ValueError, "budget must be >"),
])
def test_time_per_pair_rejects_bad_input(kwargs, error, message):
    arguments = {"loss_functions": {"n": neg_sampling_loss_and_gradient}, "vocab_sizes": [5], **kwargs}
    loss_functions, vocab_sizes = arguments.pop("loss_functions"), arguments.pop("vocab_sizes")
    with pytest.raises(error, match=message):
        time_per_pair(loss_functions, vocab_sizes, **arguments)


def test_time_plot_draws_each_curve_in_microseconds_with_a_reference_line():
    ax = plot_time_comparison([10, 100, 1000], {"a": [1e-6, 2e-6, 3e-6], "b": [1e-5, 1e-4, 1e-3]})
    assert [line.get_label() for line in ax.lines] == ["a", r"$\propto |V|$", "b"]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(ax.lines[2].get_ydata(), [10.0, 100.0, 1000.0])


def test_time_plot_rejects_times_of_the_wrong_length_or_sign():
    with pytest.raises(ValueError, match=r"times\['a'\] must have shape \(2,\)"):
        plot_time_comparison([10, 100], {"a": [1e-6]})
    with pytest.raises(ValueError, match=r"times\['b'\] must be positive"):
        plot_time_comparison([10, 100], {"a": [1e-6, 1e-5], "b": [0.0, 1e-5]})
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_time_comparison([10, 100], [1e-6, 1e-5])


def test_heatmaps_show_each_matrix_with_word_labels_and_symmetric_colour_scales():
    rng = np.random.default_rng(0)
    center_grad, outside_grad = np.zeros((5, 3)), rng.normal(size=(5, 3))
    center_grad[2] = [0.5, -1.5, 1.0]
    figure = plot_gradient_heatmaps({"center": center_grad, "outside": outside_grad}, row_labels=WORDS)
    images = [ax.images[0] for ax in figure.axes if ax.images]
    assert len(images) == 2
    np.testing.assert_array_equal(images[0].get_array(), center_grad)
    assert images[0].get_clim() == (-1.5, 1.5)
    limit = np.abs(outside_grad).max()
    assert images[1].get_clim() == pytest.approx((-limit, limit))
    assert [label.get_text() for label in figure.axes[0].get_yticklabels()] == WORDS


def test_heatmaps_of_an_all_zero_gradient_do_not_divide_by_zero():
    figure = plot_gradient_heatmaps({"zero": np.zeros((4, 2))})
    assert figure.axes[0].images[0].get_clim() == (-1.0, 1.0)


def test_heatmaps_reject_matrices_of_different_shapes_and_bad_labels():
    with pytest.raises(ValueError, match="same shape"):
        plot_gradient_heatmaps({"a": np.zeros((4, 2)), "b": np.zeros((5, 2))})
    with pytest.raises(ValueError, match="row_labels must have 4 labels"):
        plot_gradient_heatmaps({"a": np.zeros((4, 2))}, row_labels=["x"])
    with pytest.raises(TypeError, match="non-empty dict"):
        plot_gradient_heatmaps(np.zeros((4, 2)))


def test_heatmaps_take_a_figure_size_for_a_new_figure():
    figure = plot_gradient_heatmaps({"a": np.ones((4, 2)), "b": np.zeros((4, 2))}, figsize=(7.5, 3.0))
    np.testing.assert_allclose(figure.get_size_inches(), [7.5, 3.0])


def test_heatmaps_reject_a_bad_figure_size_or_one_given_with_axes():
    with pytest.raises(TypeError, match=r"figsize must be a \(width, height\) pair"):
        plot_gradient_heatmaps({"a": np.zeros((4, 2))}, figsize=5)
    with pytest.raises(ValueError, match=r"figsize\[1\] must be > 0"):
        plot_gradient_heatmaps({"a": np.zeros((4, 2))}, figsize=(5, 0))
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="either axes or figsize"):
        plot_gradient_heatmaps({"a": np.zeros((4, 2))}, axes=[ax], figsize=(5, 3))
