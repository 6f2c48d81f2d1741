r"""Watch word2vec learn: a live training explorer, an animation for the static book, plot helpers.

* :func:`training_explorer` — an ipywidgets app: knobs (learning rate, :math:`K`,
  window, loss, epochs, seed), a *Train* button, one figure with the loss curve
  and the 2-D word vectors moving along their paths, and a frame scrubber.
* :func:`training_animation` — the same picture as a self-contained HTML
  animation (matplotlib's ``to_jshtml``, frames embedded, no CDN), so the
  static book shows the movement without a kernel. In the static book (``W2V_BOOK_BUILD=1``)
  the explorer shows its last picture and a note instead of controls that cannot retrain.
* :func:`loss_curves`, :func:`embedding_plot`, :func:`curve_plot` — plain figures for chapters.

The explorer and the animation draw on ``matplotlib.figure.Figure`` objects made
without pyplot, so retraining never piles up figures in ``plt.get_fignums()``.
:func:`loss_curves` and :func:`embedding_plot` make ordinary pyplot figures (end
the cell with ``plt.show()``, as for any plot), as does :func:`curve_plot`. Word vectors of
dimension > 2 are drawn in the PCA plane of the final vectors (:mod:`w2vlib.projection`).
Explained in chapter 8, *Training a toy word2vec*; :func:`curve_plot` in chapter 9, *Real text*.
"""

import base64
import dataclasses
from html import escape as html_escape
import io
import os
import re
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from w2vlib.corpora import load_toy
from w2vlib.model import TrainingHistory, Word2VecModel
from w2vlib.projection import pca_basis, project
from w2vlib.training import TrainingDivergedError, train

__all__ = [
    "EmbeddingFrames",
    "TrainingExplorer",
    "curve_plot",
    "embedding_frames",
    "embedding_plot",
    "loss_curves",
    "training_animation",
    "training_explorer",
]

LR_SLIDER_MAX_EXPONENT = -0.3  # the explorer's learning rate goes up to 10**-0.3 ≈ 0.5
_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
_UNGROUPED = "#b0b0b0"


def _new_figure(figsize, layout="constrained"):
    figure = Figure(figsize=figsize, layout=layout)
    FigureCanvasAgg(figure)  # a canvas of its own: no pyplot, no figure manager
    return figure


def _loss_and_embedding_axes(figsize):
    """Figure with the loss (left) and the embedding (right); fixed margins, so redraws skip layout."""
    figure = _new_figure(figsize, layout=None)
    loss_ax, embedding_ax = figure.subplots(1, 2, width_ratios=[1, 1.2])
    figure.subplots_adjust(left=0.07, right=0.83, bottom=0.13, top=0.91, wspace=0.22)
    return figure, loss_ax, embedding_ax


def _png_bytes(figure, dpi):
    """Draw ``figure`` once and encode it as PNG (fast zlib level: this is for live redraws)."""
    figure.set_dpi(dpi)
    figure.canvas.draw()
    buffer = io.BytesIO()
    PIL.Image.fromarray(np.asarray(figure.canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Data: the snapshots of a model as 2-D frames
# ---------------------------------------------------------------------------

@dataclasses.dataclass
class EmbeddingFrames:
    """Word positions in the plane at a few training steps.

    Attributes
    ----------
    steps : ndarray of int, shape (S,)
        Training step of each frame (0 = initialization).
    center : ndarray of shape (S, V, 2)
        :math:`v_w` of every word in each frame, in plot coordinates.
    outside : ndarray of shape (S, V, 2) or None
        :math:`u_w` likewise (None when the model has no outside vectors).
    projected : bool
        True if the coordinates are a PCA projection (``dim > 2``).
    """

    steps: np.ndarray
    center: np.ndarray
    outside: object
    projected: bool


def embedding_frames(model, frames=None):
    """Turn ``model.snapshots`` into :class:`EmbeddingFrames` (at most ``frames`` of them, evenly spaced).

    Without snapshots the single frame is the final vectors. For ``dim > 2`` every
    frame is projected on the two principal directions of the *final* center and
    outside vectors, so all frames share one plane.
    """
    snapshots = model.snapshots or [(model.history.n_steps, model.center_vectors, model.outside_vectors)]
    if frames is not None:
        keep = np.unique(np.round(np.linspace(0, len(snapshots) - 1, max(1, int(frames)))).astype(int))
        snapshots = [snapshots[i] for i in keep]
    steps = np.array([step for step, _, _ in snapshots])
    center = np.array([center for _, center, _ in snapshots], dtype=float)
    has_outside = all(outside is not None for _, _, outside in snapshots)
    outside = np.array([outside for _, _, outside in snapshots], dtype=float) if has_outside else None
    dim = center.shape[2]
    if dim == 2:
        return EmbeddingFrames(steps, center, outside, projected=False)
    final = center[-1] if outside is None else np.concatenate((center[-1], outside[-1]))
    mean, components = pca_basis(final)
    center = project(center.reshape(-1, dim), mean, components).reshape(len(steps), -1, 2)
    if outside is not None:
        outside = project(outside.reshape(-1, dim), mean, components).reshape(len(steps), -1, 2)
    return EmbeddingFrames(steps, center, outside, projected=True)


# ---------------------------------------------------------------------------
# Views: artists created once, updated in place
# ---------------------------------------------------------------------------

class _EmbeddingView:
    """Word paths, current positions (● center v_w, △ outside u_w) and labels on one axes."""

    def __init__(self, ax, vocab, groups, show_outside=True, label_size=7):
        self.ax = ax
        self.vocab = list(vocab)
        color_of_group = {group: _PALETTE[i % len(_PALETTE)] for i, group in enumerate(groups)}
        group_of_word = {word: group for group, words in groups.items() for word in words}
        self.colors = [color_of_group.get(group_of_word.get(word), _UNGROUPED) for word in self.vocab]
        self.grouped = [i for i, word in enumerate(self.vocab) if word in group_of_word]
        self.show_outside = show_outside
        zeros = np.zeros(len(self.vocab))
        self.center_paths = {i: ax.plot([], [], color=self.colors[i], lw=1.0, alpha=0.45)[0] for i in self.grouped}
        self.outside_paths = {i: ax.plot([], [], color=self.colors[i], lw=0.8, alpha=0.35, ls=":")[0]
                              for i in self.grouped} if show_outside else {}
        sizes = [28 if i in self.center_paths else 10 for i in range(len(self.vocab))]
        self.center_points = ax.scatter(zeros, zeros, c=self.colors, s=sizes, marker="o", zorder=3,
                                        edgecolors="white", linewidths=0.4)
        self.outside_points = ax.scatter(zeros, zeros, s=sizes, marker="^", facecolors="none",
                                         edgecolors=self.colors, linewidths=0.9, zorder=3) if show_outside else None
        self.labels = {i: ax.text(0, 0, self.vocab[i], fontsize=label_size, color=self.colors[i], zorder=4)
                       for i in self.grouped}
        handles = [Line2D([], [], ls="", marker="o", color=color_of_group[group], label=group) for group in groups]
        handles.append(Line2D([], [], ls="", marker="o", color="0.3", label="center $v_w$"))
        if show_outside:
            handles.append(Line2D([], [], ls="", marker="^", markerfacecolor="none", color="0.3",
                                  label="outside $u_w$"))
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
                  frameon=False)
        ax.set_aspect("equal", adjustable="box")
        ax.grid(alpha=0.2)
        self.frames = None

    def set_frames(self, frames):
        self.frames = frames
        tables = [frames.center] if frames.outside is None or not self.show_outside else [frames.center,
                                                                                          frames.outside]
        points = np.concatenate([table.reshape(-1, 2) for table in tables])
        low, high = points.min(axis=0), points.max(axis=0)
        middle, half_width = (low + high) / 2, 0.54 * max(np.max(high - low), 1e-6)  # square, 8 % margin
        self.ax.set_xlim(middle[0] - half_width, middle[0] + half_width)
        self.ax.set_ylim(middle[1] - half_width, middle[1] + half_width)
        kind = "PCA of the vectors" if frames.projected else "the vectors themselves (d = 2)"
        self.ax.set_title(f"word vectors: {kind}", fontsize=9)

    def show(self, frame):
        """Draw every word at ``frame``, with its path from the start up to that frame."""
        center = self.frames.center
        for i, line in self.center_paths.items():
            line.set_data(center[:frame + 1, i, 0], center[:frame + 1, i, 1])
        for i, label in self.labels.items():
            label.set_position(center[frame, i] + 0.01 * np.diff(self.ax.get_xlim()))
        self.center_points.set_offsets(center[frame])
        if self.outside_points is not None and self.frames.outside is not None:
            outside = self.frames.outside
            for i, line in self.outside_paths.items():
                line.set_data(outside[:frame + 1, i, 0], outside[:frame + 1, i, 1])
            self.outside_points.set_offsets(outside[frame])


class _LossView:
    """Loss per step (thin), mean loss per epoch (dots) and a cursor at the shown step."""

    def __init__(self, ax):
        self.ax = ax
        (self.step_line,) = ax.plot([], [], lw=0.7, color="0.55", label="loss per step")
        (self.epoch_line,) = ax.plot([], [], "o-", ms=3, lw=1.2, color="C0", label="mean per epoch")
        self.cursor = ax.axvline(0, color="C3", lw=1.0, alpha=0.8)
        ax.set_xlabel("step")
        ax.set_ylabel("loss $J$ (mean per example)")
        ax.legend(fontsize=7, frameon=False)
        ax.grid(alpha=0.2)

    def set_history(self, history, title=""):
        steps = np.arange(1, history.n_steps + 1)
        self.step_line.set_data(steps, history.step_loss)
        epoch_ends = np.flatnonzero(np.diff(np.append(history.step_epoch, -1)) != 0) + 1
        self.epoch_line.set_data(epoch_ends, history.epoch_loss[:len(epoch_ends)])
        self.ax.relim()
        self.ax.autoscale_view()
        self.ax.set_title(title, fontsize=9)

    def show_step(self, step):
        self.cursor.set_xdata([step, step])


# ---------------------------------------------------------------------------
# The live explorer
# ---------------------------------------------------------------------------

class TrainingExplorer:
    """An ipywidgets app to train a toy word2vec and watch it; build it with :func:`training_explorer`.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        ``lr``, ``negative``, ``window``, ``loss``, ``architecture``, ``epochs``, ``seed``,
        ``run`` (button), ``play`` and ``frame`` (the step scrubber).
    figure : matplotlib.figure.Figure
        The one figure, redrawn in place and shown as a PNG in ``image``.
    model : Word2VecModel or None
        The last trained model.
    frames : EmbeddingFrames or None
    last_run_seconds : float or None
        Wall time of the last :meth:`run` (training + redraw).
    widget : ipywidgets.VBox
        The whole app (displaying the explorer displays it).
    """

    def __init__(self, sentences, groups, *, architecture="skipgram", loss="neg", dim=2, lr=0.1, negative=5,
                 window=2, epochs=40, seed=0, batch_size=64, init="random", n_frames=40, show_outside=True,
                 dpi=72, run=True):
        self.sentences, self.groups = sentences, groups
        self.fixed = {"dim": dim, "batch_size": batch_size, "init": init, "min_count": 1, "subsample": 0.0}
        self.n_frames, self.show_outside, self.dpi = n_frames, show_outside, dpi
        self.model, self.frames, self.last_run_seconds = None, None, None
        self.controls = self._make_controls(architecture, loss, lr, negative, window, epochs, seed)
        self.figure, self.loss_ax, self.embedding_ax = _loss_and_embedding_axes((9.5, 4.0))
        self.loss_view = _LossView(self.loss_ax)
        self.embedding_view = None
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="960px"))
        self.status = widgets.HTML()
        self.widget = self._layout()
        self._drawing = False
        if run:
            self.run()

    def _make_controls(self, architecture, loss, lr, negative, window, epochs, seed):
        style = {"description_width": "110px"}
        controls = {
            # 0.001 … 0.5: the toy runs are stable up to about 0.25 and diverge from about 0.3,
            # so only the top few steps of the slider show a divergence.
            "lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=LR_SLIDER_MAX_EXPONENT, step=0.05,
                                         description="learning rate", readout_format=".3g", style=style),
            "negative": widgets.IntSlider(value=negative, min=1, max=20, description="negatives K", style=style),
            "window": widgets.IntSlider(value=window, min=1, max=6, description="window", style=style),
            "loss": widgets.Dropdown(options=[("negative sampling", "neg"), ("full softmax", "softmax")],
                                     value=loss, description="loss", style=style),
            "architecture": widgets.Dropdown(options=[("skip-gram", "skipgram"), ("CBOW", "cbow")],
                                             value=architecture, description="model", style=style),
            "epochs": widgets.IntSlider(value=epochs, min=1, max=200, description="epochs", style=style),
            "seed": widgets.IntSlider(value=seed, min=0, max=20, description="seed", style=style),
            "run": widgets.Button(description="Train", button_style="primary", icon=""),
            "play": widgets.Play(value=0, min=0, max=0, interval=120, description="play"),
            "frame": widgets.IntSlider(value=0, min=0, max=0, description="frame", style=style,
                                       continuous_update=True),
        }
        controls["negative"].disabled = loss == "softmax"
        controls["run"].on_click(lambda _button: self.run())
        widgets.jslink((controls["play"], "value"), (controls["frame"], "value"))
        controls["frame"].observe(self._on_frame, names="value")
        controls["loss"].observe(lambda change: setattr(controls["negative"], "disabled", change["new"] == "softmax"),
                                 names="value")
        return controls

    def _layout(self):
        c = self.controls
        knobs = widgets.VBox([c["lr"], c["negative"], c["window"], c["loss"], c["architecture"], c["epochs"],
                              c["seed"], c["run"]])
        scrubber = widgets.HBox([c["play"], c["frame"]])
        return widgets.VBox([widgets.HBox([knobs, self.status]), self.image, scrubber])

    def _repr_mimebundle_(self, **kwargs):
        if os.environ.get("W2V_BOOK_BUILD"):  # the static book: no kernel behind the controls
            return {"text/html": self.static_html(), "text/plain": repr(self)}
        return self.widget._repr_mimebundle_(**kwargs)

    def static_html(self):
        """The explorer for a page without a kernel: the last run's picture and a note, no controls.

        Controls that move but cannot retrain would mislead, so the static book (``make book`` sets
        ``W2V_BOOK_BUILD=1``) shows this instead of the widgets.
        """
        settings = ", ".join(f"{name} = {value}" for name, value in self.parameters().items()
                             if name in ("architecture", "loss", "lr", "negative", "window", "epochs", "seed"))
        picture = base64.b64encode(self.image.value).decode("ascii") if self.image.value else ""
        image = (f'<img src="data:image/png;base64,{picture}" style="width:100%; max-width:960px" '
                 f'alt="The explorer\'s figure for its default run ({html_escape(settings)})">') if picture else ""
        return ('<div class="w2v-static-explorer">'
                '<p class="w2v-static-note"><b>A still picture of the explorer.</b> Its controls need a running '
                'Python kernel, which a web page does not have. Open this chapter as a notebook (<code>make lab'
                '</code>, or the launch button at the top of the page) to move the knobs and retrain. Shown: '
                f'the last frame of the run with {html_escape(settings)}.</p>{image}</div>')

    def parameters(self):
        """The :func:`w2vlib.train` arguments the controls currently select."""
        c = self.controls
        return {"architecture": c["architecture"].value, "loss": c["loss"].value, "lr": float(c["lr"].value),
                "negative": c["negative"].value, "window": c["window"].value, "epochs": c["epochs"].value,
                "seed": c["seed"].value, **self.fixed}

    def run(self):
        """Retrain with the current controls and redraw; returns the model (None if training diverged)."""
        start = time.perf_counter()
        parameters = self.parameters()
        try:
            model = train(self.sentences, progress=False, snapshot_every=1, **parameters)
        except TrainingDivergedError as error:
            self.status.value = f"<p style='color:#b00020; max-width:28em'><b>Diverged.</b> {error}</p>"
            self._show_diverged()
            self.last_run_seconds = time.perf_counter() - start
            return None
        for name in ("play", "frame"):
            self.controls[name].disabled = False
        self.model = model
        self.frames = embedding_frames(model, frames=self.n_frames)
        if self.embedding_view is None or self.embedding_view.vocab != model.vocab:
            self.embedding_ax.clear()
            self.embedding_view = _EmbeddingView(self.embedding_ax, model.vocab, self.groups, self.show_outside)
        self.embedding_view.set_frames(self.frames)
        self.loss_view.set_history(model.history, f"{parameters['architecture']}, {parameters['loss']}: "
                                                  f"final epoch loss {model.history.epoch_loss[-1]:.3f}")
        last = len(self.frames.steps) - 1
        self._drawing = True  # one redraw below, not one per scrubber change
        for name in ("play", "frame"):
            self.controls[name].max = last
            self.controls[name].value = last
        self._drawing = False
        self.show_frame(last)
        self.last_run_seconds = time.perf_counter() - start
        self.status.value = (f"<p style='max-width:28em'>{len(model.vocab)} words, {model.history.n_steps} steps, "
                             f"trained and drawn in {self.last_run_seconds:.2f} s.<br>"
                             "Drag <i>frame</i> or press ▶ to watch the vectors move.</p>")
        return model

    def _show_diverged(self):
        """Replace the picture of the previous run (it is not what the controls say) by a notice."""
        self.model, self.frames = None, None
        for name in ("play", "frame"):
            self.controls[name].disabled = True
        notice = _new_figure(self.figure.get_size_inches(), layout=None)
        notice.text(0.5, 0.5, "Training diverged: no picture.\nLower the learning rate and press Train.",
                    ha="center", va="center", fontsize=12, color="#b00020")
        self.image.value = _png_bytes(notice, self.dpi)

    def _on_frame(self, change):
        if not self._drawing and self.frames is not None:
            self.show_frame(change["new"])

    def show_frame(self, frame):
        """Show the words at ``frame`` (index into ``frames.steps``) and move the loss cursor there."""
        frame = int(np.clip(frame, 0, len(self.frames.steps) - 1))
        self.current_frame = frame
        self.embedding_view.show(frame)
        self.loss_view.show_step(self.frames.steps[frame])
        self.render()

    def render(self):
        """Render the figure to the PNG in ``image`` (no new figure is created)."""
        self.image.value = _png_bytes(self.figure, self.dpi)

    def plotted_data(self):
        """What the figure shows now: loss line, positions of center/outside vectors, frame and step."""
        view = self.embedding_view
        return {
            "step_loss": np.asarray(self.loss_view.step_line.get_ydata(), dtype=float).copy(),
            "center": np.asarray(view.center_points.get_offsets(), dtype=float).copy(),
            "outside": None if view.outside_points is None else np.asarray(view.outside_points.get_offsets(),
                                                                           dtype=float).copy(),
            "frame": self.current_frame,
            "step": int(self.frames.steps[self.current_frame]),
        }


def training_explorer(sentences=None, groups=None, **options):
    """Build the live training explorer (an ipywidgets app) for a toy corpus.

    Parameters
    ----------
    sentences : list of list of str, optional
        The corpus; default the ``"royals"`` toy corpus (:func:`w2vlib.corpora.load_toy`).
    groups : dict of str to list of str, optional
        Word groups to colour; default the toy corpus's groups (none for a custom corpus).
    **options
        Starting values and fixed settings, passed to :class:`TrainingExplorer`:
        ``architecture``, ``loss``, ``dim`` (default 2: no projection needed), ``lr``,
        ``negative``, ``window``, ``epochs``, ``seed``, ``batch_size``, ``init``
        (default ``"random"``, so outside vectors start spread out), ``n_frames``,
        ``show_outside``, ``dpi``, ``run`` (train once right away, default True).

    Returns
    -------
    TrainingExplorer
        Display it as the last expression of a cell.
    """
    if sentences is None:
        sentences, default_groups = load_toy("royals")
        groups = default_groups if groups is None else groups
    return TrainingExplorer(sentences, groups or {}, **options)


# ---------------------------------------------------------------------------
# Static pictures and the embedded animation
# ---------------------------------------------------------------------------

_ICONS = {  # Font Awesome classes used by matplotlib's jshtml controls → plain characters (no CDN)
    "fa fa-minus": "−", "fa fa-fast-backward": "|◀◀", "fa fa-step-backward": "|◀",
    "fa fa-play fa-flip-horizontal": "◀", "fa fa-pause": "❚❚", "fa fa-play": "▶",
    "fa fa-step-forward": "▶|", "fa fa-fast-forward": "▶▶|", "fa fa-plus": "+",
}


def _offline_jshtml(html):
    """Drop the CDN Font Awesome stylesheet from matplotlib's jshtml and use plain-character buttons."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html, flags=re.S)
    return re.sub(r'<i class="(fa [^"]+)"></i>', lambda match: _ICONS.get(match.group(1), ""), html)


def training_animation(model, groups, *, frames=24, interval=150, show_outside=True, dpi=96):
    """An HTML animation of the vectors moving during training, for the static book.

    Needs a model trained with ``snapshot_every``. Left: the loss with a cursor at the
    current step; right: the words in the plane with their paths so far.

    Parameters
    ----------
    model : Word2VecModel
    groups : dict of str to list of str
        Word groups to colour.
    frames : int, default 24
        Number of frames (evenly spaced snapshots).
    interval : int, default 150
        Milliseconds between frames.
    show_outside : bool, default True
        Also draw the outside vectors :math:`u_w` (hollow triangles).
    dpi : int, default 96
        Resolution of the frames: at 96 the figure is shown at its size in inches, and its word
        labels (9 pt) stay readable.

    Returns
    -------
    IPython.display.HTML
        Self-contained (frames embedded as PNG, no external stylesheet); ``.data`` is the HTML text.
    """
    from IPython.display import HTML

    if len(model.snapshots) < 2:
        raise ValueError("model has fewer than 2 snapshots; train it with snapshot_every=... to animate it")
    data = embedding_frames(model, frames=frames)
    figure, loss_ax, embedding_ax = _loss_and_embedding_axes((8.6, 3.5))
    figure.set_dpi(dpi)  # the embedded PNG frames are rendered at the figure's dpi
    loss_view = _LossView(loss_ax)
    loss_view.set_history(model.history)
    view = _EmbeddingView(embedding_ax, model.vocab, groups, show_outside, label_size=9)
    view.set_frames(data)

    def draw(frame):
        view.show(frame)
        loss_view.show_step(data.steps[frame])
        return []

    animation = FuncAnimation(figure, draw, frames=len(data.steps), interval=interval, blit=False)
    html = animation.to_jshtml(fps=max(1, round(1000 / interval)), default_mode="once")
    return HTML(_offline_jshtml(html))


def _history_of(run):
    if isinstance(run, Word2VecModel):
        return run.history
    if isinstance(run, TrainingHistory):
        return run
    raise TypeError(f"runs values must be Word2VecModel or TrainingHistory, got {type(run).__name__}")


def loss_curves(runs, *, overlay=False, width=4.2, height=3.0):
    """Loss curves of several training runs, side by side (or overlaid).

    Parameters
    ----------
    runs : dict of str to Word2VecModel or TrainingHistory
        Label → run.
    overlay : bool, default False
        One axes for all runs (same loss only: softmax and negative-sampling losses
        are on different scales) instead of one axes per run.
    width, height : float
        Size of each axes in inches.

    Returns
    -------
    matplotlib.figure.Figure
        A pyplot figure.
    """
    if not runs:
        raise ValueError("runs must hold at least one labelled run")
    figure, axes = plt.subplots(1, 1 if overlay else len(runs), squeeze=False, layout="constrained",
                                figsize=(width if overlay else width * len(runs), height))
    axes = axes[0]
    for i, (label, run) in enumerate(runs.items()):
        history = _history_of(run)
        ax = axes[0] if overlay else axes[i]
        steps = np.arange(1, history.n_steps + 1)
        color = f"C{i}" if overlay else "C0"
        # Per-step losses grey (one colour per run only when runs share the axes), epoch means coloured.
        ax.plot(steps, history.step_loss, lw=0.6, alpha=0.45 if overlay else 0.8, color=color if overlay else "0.6")
        epoch_ends = np.flatnonzero(np.diff(np.append(history.step_epoch, -1)) != 0) + 1
        ax.plot(epoch_ends, history.epoch_loss[:len(epoch_ends)], "o-", ms=3, color=color, label=label)
        ax.set_xlabel("step")
        ax.grid(alpha=0.2)
        if not overlay:
            ax.set_title(label, fontsize=9)
    axes[0].set_ylabel("loss $J$ (mean per example)")
    if overlay:
        axes[0].legend(fontsize=8, frameon=False)
    return figure


def embedding_plot(model, groups, *, ax=None, show_outside=False, paths=False, title=None):
    """The model's word vectors in the plane (PCA if ``dim > 2``), coloured by group.

    Parameters
    ----------
    model : Word2VecModel
    groups : dict of str to list of str
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.
    show_outside : bool, default False
        Also draw the outside vectors :math:`u_w` (hollow triangles).
    paths : bool, default False
        Draw each grouped word's path through the snapshots.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        ``ax``'s figure, or a new pyplot figure.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5.4, 4.0), layout="constrained")
    data = embedding_frames(model)
    if not paths:
        data = EmbeddingFrames(data.steps[-1:], data.center[-1:],
                               None if data.outside is None else data.outside[-1:], data.projected)
    view = _EmbeddingView(ax, model.vocab, groups, show_outside and data.outside is not None)
    view.set_frames(data)
    view.show(len(data.steps) - 1)
    if title is not None:
        ax.set_title(title, fontsize=9)
    return ax.figure


_CURVE_STYLES = ["o-", "s--", "^-.", "v:", "D-", "P--"]


def curve_plot(curves, *, xlabel, ylabel, title=None, ax=None):
    """Several labelled curves on one axes, e.g. a quality measure against epochs of training.

    Parameters
    ----------
    curves : dict of str to (array_like of shape (n,), array_like of shape (n,))
        Label → ``(x, y)``; each curve has its own marker and line style.
    xlabel, ylabel : str
    title : str, optional
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        ``ax``'s figure, or a new pyplot figure; ``figure.axes[0].lines[i]`` is curve ``i``.

    Examples
    --------
    >>> figure = curve_plot({"a": ([1, 2], [0.1, 0.3]), "b": ([1, 2], [0.2, 0.25])},
    ...                     xlabel="epochs", ylabel="Spearman ρ")
    >>> [line.get_label() for line in figure.axes[0].lines]
    ['a', 'b']
    >>> plt.close(figure)
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict of label → (x, y)")
    checked = {}
    for label, curve in curves.items():
        if len(curve) != 2:
            raise ValueError(f"curves[{label!r}] must be an (x, y) pair, got {len(curve)} items")
        x, y = (np.asarray(values, dtype=float) for values in curve)
        if x.ndim != 1 or x.shape != y.shape:
            raise ValueError(f"curves[{label!r}] must be (x, y) of the same shape (n,), got shapes "
                             f"{x.shape} and {y.shape}")
        checked[label] = (x, y)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    for position, (label, (x, y)) in enumerate(checked.items()):
        ax.plot(x, y, _CURVE_STYLES[position % len(_CURVE_STYLES)], markersize=3 if x.size > 12 else 5,
                label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title is not None:
        ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.2)
    ax.legend(frameon=False)
    return ax.figure
