"""The training explorer redraws one figure in place; the animation is self-contained HTML."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from w2vlib import train
from w2vlib.corpora import planted_corpus
from w2vlib.widgets import (
    curve_plot,
    embedding_frames,
    embedding_plot,
    loss_curves,
    training_animation,
    training_explorer,
)


@pytest.fixture(scope="module")
def planted():
    return planted_corpus(n_groups=3, words_per_group=4, n_sentences=60, sentence_length=6, seed=0)


@pytest.fixture(scope="module")
def snapshot_model(planted):
    return train(planted[0], dim=2, window=2, epochs=5, lr=0.1, min_count=1, subsample=0, batch_size=32,
                 init="random", snapshot_every=5, progress=False)


@pytest.fixture
def explorer(planted):
    return training_explorer(*planted, epochs=5, n_frames=10)


def test_explorer_exposes_controls_figure_and_a_png(explorer):
    expected = {"lr", "negative", "window", "loss", "architecture", "epochs", "seed", "run", "play", "frame"}
    assert expected <= set(explorer.controls)
    assert isinstance(explorer.figure, Figure)
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert explorer.controls["frame"].max == len(explorer.frames.steps) - 1 <= 9


def test_clicking_train_after_changing_a_slider_changes_the_plot_without_new_figures(explorer):
    figures_before = len(plt.get_fignums())
    before = explorer.plotted_data()
    explorer.controls["seed"].value = 7
    explorer.controls["run"].click()
    after = explorer.plotted_data()
    assert explorer.model.config["seed"] == 7
    assert not np.allclose(before["center"], after["center"])
    assert len(plt.get_fignums()) == figures_before


def test_unchanged_controls_redraw_the_same_picture(explorer):
    """Negative case for the test above: without a change, rerunning plots identical data."""
    before = explorer.plotted_data()
    explorer.run()
    after = explorer.plotted_data()
    assert np.array_equal(before["center"], after["center"])
    assert np.array_equal(before["step_loss"], after["step_loss"])


def test_frame_scrubber_shows_the_snapshot_of_that_step(explorer):
    explorer.controls["frame"].value = 0
    shown = explorer.plotted_data()
    assert shown["frame"] == 0 and shown["step"] == 0
    assert np.allclose(shown["center"], explorer.model.snapshots[0][1])
    assert np.allclose(shown["outside"], explorer.model.snapshots[0][2])


def test_loss_dropdown_disables_the_negatives_slider(explorer):
    explorer.controls["loss"].value = "softmax"
    assert explorer.controls["negative"].disabled
    explorer.controls["run"].click()
    assert explorer.model.config["loss"] == "softmax"


def test_diverging_run_shows_the_error_and_clears_the_stale_picture(explorer):
    before = explorer.image.value
    explorer.controls["loss"].value = "softmax"
    explorer.controls["lr"].max = 1  # beyond the slider's range: surely diverges on this corpus
    explorer.controls["lr"].value = 10.0
    assert explorer.run() is None
    assert "Diverged" in explorer.status.value and "lower learning rate" in explorer.status.value
    assert explorer.image.value != before and explorer.frames is None and explorer.model is None
    assert explorer.controls["frame"].disabled and explorer.controls["play"].disabled
    explorer.controls["lr"].value = 0.1
    assert explorer.run() is not None and not explorer.controls["frame"].disabled


def test_learning_rate_slider_is_mostly_stable_on_the_toy_corpus():
    """Of six learning rates spread over the slider (log scale), at most the top one diverges."""
    explorer = training_explorer(run=False)  # the royals corpus, default knobs
    slider = explorer.controls["lr"]
    diverged = []
    for exponent in np.linspace(slider.min, slider.max, 6):
        slider.value = 10 ** exponent
        if explorer.run() is None:
            diverged.append(round(slider.value, 3))
    assert diverged in ([], [round(10 ** slider.max, 3)]), diverged


def test_frames_of_higher_dimensional_models_are_projected_to_the_plane(planted):
    model = train(planted[0], dim=5, window=2, epochs=2, min_count=1, subsample=0, snapshot_every=3,
                  progress=False)
    frames = embedding_frames(model, frames=4)
    assert frames.projected
    assert frames.center.shape == frames.outside.shape == (len(frames.steps), len(model.vocab), 2)
    assert len(frames.steps) <= 4 and frames.steps[0] == 0 and frames.steps[-1] == model.history.n_steps


def test_animation_is_offline_html_with_one_frame_per_snapshot(snapshot_model, planted):
    html = training_animation(snapshot_model, planted[1], frames=6).data
    assert len(re.findall(r"frames\[\d+\] = \"data:image/png;base64,", html)) == 6
    assert "<link" not in html and 'href="http' not in html and "fa fa-" not in html
    assert "▶" in html  # plain-character buttons replace the icon font


def test_animation_needs_snapshots(planted):
    model = train(planted[0], dim=2, epochs=1, min_count=1, progress=False)
    with pytest.raises(ValueError, match="snapshot_every"):
        training_animation(model, planted[1])


def test_plot_helpers_draw_the_runs_and_groups(snapshot_model, planted):
    side_by_side = loss_curves({"a": snapshot_model, "b": snapshot_model.history})
    overlaid = loss_curves({"a": snapshot_model, "b": snapshot_model}, overlay=True)
    picture = embedding_plot(snapshot_model, planted[1], show_outside=True, paths=True)
    try:
        assert (len(side_by_side.axes), len(overlaid.axes), len(picture.axes)) == (2, 1, 1)
        assert len(overlaid.axes[0].get_legend().get_texts()) == 2
        assert np.allclose(side_by_side.axes[0].lines[0].get_ydata(), snapshot_model.history.step_loss)
        labels = {text.get_text() for text in picture.axes[0].texts}
        assert labels == {word for words in planted[1].values() for word in words}
    finally:
        for figure in (side_by_side, overlaid, picture):
            plt.close(figure)
    with pytest.raises(TypeError, match="runs"):
        loss_curves({"a": [1, 2, 3]})


def test_curve_plot_draws_each_curve_with_its_label_and_data():
    figure = curve_plot({"w2vlib": ([0, 0.5, 1], [0.1, 0.2, 0.25]), "gensim": ([1, 2], [0.2, 0.3])},
                        xlabel="epochs", ylabel="ρ", title="quality")
    try:
        ax = figure.axes[0]
        assert [line.get_label() for line in ax.lines] == ["w2vlib", "gensim"]
        assert ax.lines[1].get_xydata().tolist() == [[1, 0.2], [2, 0.3]]
        assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
        assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("epochs", "ρ", "quality")
    finally:
        plt.close(figure)


def test_curve_plot_rejects_mismatched_x_and_y():
    with pytest.raises(ValueError, match="same shape"):
        curve_plot({"a": ([1, 2, 3], [1, 2])}, xlabel="x", ylabel="y")
    with pytest.raises(TypeError, match="non-empty dict"):
        curve_plot({}, xlabel="x", ylabel="y")


def test_static_book_shows_the_explorer_as_a_picture_with_a_note(explorer, monkeypatch):
    monkeypatch.delenv("W2V_BOOK_BUILD", raising=False)
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()
    monkeypatch.setenv("W2V_BOOK_BUILD", "1")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    page = bundle["text/html"]
    assert "kernel" in page and "notebook" in page
    assert page.count('src="data:image/png;base64,') == 1
    assert not any(tag in page for tag in ("<button", "<input", "<select"))
    assert f"seed = {explorer.controls['seed'].value}" in page
