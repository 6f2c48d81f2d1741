r"""The page "How to write answers", generated from the contexts and the questions.

:func:`answer_guide` returns Markdown (shown by the book's front-matter page
``book/answers.md``): the three spellings with examples, sums, transposes and products,
what the marks mean, and for each context the names it knows — their plain and LaTeX
spellings and their shapes, read from :mod:`w2vlib.symbolic.configurations` — the sizes
every answer is checked at, and its questions with the shape of their answers. Every example
on the page is checked when the page is built, so the page cannot drift from the checker; and
no example answers an exercise (the page teaches the notation, not the results).

Examples
--------
>>> guide = answer_guide()
>>> "yhat_o" in guide.markdown and r"\hat{y}_{o}" in guide.markdown
True
"""

from .answers import QUESTIONS, check_answer, read_answer
from .checker import compare
from .configurations import configurations
from .notation import evaluate
from .notation.render import to_latex
from .notation.tree import Index, Number, Sum

__all__ = ["answer_guide", "name_rows", "SPELLINGS", "NAMES", "Guide"]

#: (what, plain, code, LaTeX, unicode, context): one formula in the four spellings, read in ``context``.
#: The examples show the notation on formulas that answer no exercise: :func:`answer_guide`
#: proves the four spellings of a row equal and checks that no question accepts them.
SPELLINGS = [
    ("a transpose, a product", "U^T v_c", "U.T @ v_c", r"\mathbf{U}^\top \mathbf{v}_c", "Uᵀv_c", "softmax"),
    ("a hat, an entry times a vector", "(1 - yhat_w) u_w", "u_w * (1 - y_hat_w)", r"(1 - \hat{y}_w)\mathbf{u}_w",
     "(1 − ŷ_w) u_w", "softmax"),
    ("σ, log, sums", "-log(sigma(u_o^T v_c)) - sum_k(log(sigma(-u_k^T v_c)))",
     "-np.log(sigmoid(u_o.T @ v_c)) - sum_{k=1}^K np.log(sigmoid(-u_k.T @ v_c))",
     r"-\log\sigma(\mathbf{u}_o^\top \mathbf{v}_c) - \sum_{k=1}^{K} \log\sigma(-\mathbf{u}_k^\top \mathbf{v}_c)",
     "−log σ(u_oᵀv_c) − Σₖ log σ(−u_kᵀv_c)", "negative_sampling"),
    ("e, exp, fractions", "(1 - exp(-x))/(1 + exp(-x))", "(1 - np.exp(-x)) / (1 + np.exp(-x))",
     r"\frac{1 - e^{-x}}{1 + e^{-x}}", "(1 − e⁻ˣ)/(1 + e⁻ˣ)", "sigmoid"),
    ("log, ln, a quotient", "log(yhat_o/yhat_w)", "np.log(y_hat_o / y_hat_w)", r"\log \frac{\hat{y}_o}{\hat{y}_w}",
     "ln(ŷₒ/ŷ_w)", "softmax"),
    ("primes", "Wp^T h", "W_prime.T @ h", r"\mathbf{W}'^\top \mathbf{h}", "W′ᵀh", "rong"),
]

_SIZE_NAMES = ("d", "|V|", "V", "N", "K", "C", "m")


class Guide:
    """Markdown text with ``_repr_markdown_`` (displayed as a page section by the book)."""

    def __init__(self, markdown):
        self.markdown = markdown

    def _repr_markdown_(self):
        return self.markdown

    def __repr__(self):
        return f"<answer guide: {len(self.markdown)} characters>"


def _sizes(configuration):
    sizes = {}
    for name in _SIZE_NAMES:
        key = (name, False, 0, 0)
        if key in configuration.families:
            sizes[name] = int(configuration.families[key]())
    if "m" in sizes:
        sizes["2m"] = 2 * sizes["m"]
    return sizes


def _dimension(values, size_sets):
    for name in size_sets[0]:
        if all(sizes.get(name) == value for sizes, value in zip(size_sets, values)):
            return name.replace("|V|", "\\|V\\|")
    return "1" if all(value == 1 for value in values) else "?"


#: The names each context's questions use, with what they mean (plain spelling → meaning).
#: Shapes and LaTeX are computed from the context; a name the context lost fails the build.
NAMES = {
    "softmax": [("U", "the outside vectors, one per column"), ("v_c", "the center vector"),
                ("u_o", "the true outside word's vector"), ("u_w", "a word w ≠ o (or each word, in sum_w)"),
                ("yhat", "the softmax of the scores Uᵀv_c"), ("yhat_o", "its entry for o"),
                ("yhat_w", "its entry for w"), ("y", "one-hot at o"), ("y_o", "= 1"), ("y_w", "= 0 for w ≠ o"),
                ("d", "the vector size"), ("|V|", "the vocabulary size")],
    "sigmoid": [("x", "a real number"), ("e", "Euler's number")],
    "softmax_temperature": [("U", "the outside vectors, one per column"), ("v_c", "the center vector"),
                            ("u_o", "the true outside word's vector"), ("u_w", "a word w ≠ o (or each word, in sum_w)"),
                            ("s", "the scores Uᵀv_c (s_o, s_w: entries)"), ("tau", "the temperature τ > 0 (also τ)"),
                            ("yhat", "the softmax of the scores divided by τ"), ("yhat_w", "its entry for w"),
                            ("y", "one-hot at o")],
    "softmax_bias": [("v_c", "the center vector"), ("u_o", "the true outside word's vector"),
                     ("u_w", "a word w (or each word, in sum_w)"), ("b_o", "the true word's bias"),
                     ("b_w", "the bias of word w"), ("yhat", "the softmax of the scores u_wᵀv_c + b_w"),
                     ("y", "one-hot at o")],
    "softmax_l2": [("U", "the outside vectors, one per column"), ("v_c", "the center vector"),
                   ("u_o", "the true outside word's vector"), ("u_w", "a word w (or each word, in sum_w)"),
                   ("lambda", "the penalty's weight λ > 0 (also λ)"), ("yhat", "the softmax of the scores Uᵀv_c"),
                   ("y", "one-hot at o")],
    "softmax_smoothing": [("U", "the outside vectors, one per column"), ("v_c", "the center vector"),
                          ("yhat", "the softmax of the scores Uᵀv_c"), ("yhat_o", "its entry for o"),
                          ("yhat_w", "its entry for w (or each word, in sum_w)"), ("y", "one-hot at o"),
                          ("epsilon", "the smoothing ε, 0 < ε < 1 (also eps, ε)"), ("|V|", "the vocabulary size")],
    "softmax_soft_target": [("U", "the outside vectors, one per column"), ("v_c", "the center vector"),
                            ("u_w", "a word w (or each word, in sum_w)"),
                            ("y", "the target: any distribution over the words"), ("y_w", "its weight of word w"),
                            ("yhat", "the softmax of the scores Uᵀv_c")],
    "negative_sampling": [("U", "the outside vectors"), ("v_c", "the center vector"),
                          ("u_o", "the true outside word's vector"),
                          ("u_k", "a negative drawn once (or each draw, in sum_k)"),
                          ("u_w", "a word drawn n_w ≥ 2 times"), ("n_w", "how often w is drawn (also n)"),
                          ("K", "the number of negatives")],
    "sigmoid_variants": [("x", "a real number (the score)"), ("a", "a real constant (a slope, a sharpness)"),
                         ("b", "a real constant (an offset)"), ("y", "a label, 0 or 1"), ("e", "Euler's number")],
    "negative_sampling_columns": [("U", "the outside vectors"), ("v_c", "the center vector"),
                                  ("u_o", "the true outside word's vector"),
                                  ("u_k", "a negative drawn once (or each draw, in sum_k)"),
                                  ("e_o", "the one-hot column of o (e_k, e_w: of w_k, of w)"),
                                  ("n_w", "how often w is drawn"), ("K", "the number of negatives")],
    "negative_sampling_outside_drawn": [("v_c", "the center vector"), ("u_o", "the true outside word's vector"),
                                        ("n_o", "how often o itself is drawn among the negatives"),
                                        ("u_k", "a negative w_k ≠ o drawn once (or each draw, in sum_k)"),
                                        ("K", "the number of negatives")],
    "negative_sampling_bias": [("v_c", "the center vector"), ("u_o", "the true outside word's vector"),
                               ("b_o", "its bias"), ("u_w", "a word drawn n_w ≥ 2 times"), ("b_w", "its bias"),
                               ("n_w", "how often w is drawn (also n)"), ("K", "the number of negatives")],
    "negative_sampling_mean": [("U", "the outside vectors"), ("v_c", "the center vector"),
                               ("u_o", "the true outside word's vector"),
                               ("u_k", "a negative drawn once (or each draw, in sum_k)"),
                               ("K", "the number of negatives")],
    "skipgram": [("U", "the outside vectors"), ("v_c", "the center vector"), ("v_w", "another word's center vector"),
                 ("yhat", "the softmax of Uᵀv_c"), ("y_j", "one-hot of the outside word at offset j (in sum_j; "
                                                            "also y_{t+j})"),
                 ("u_j", "that word's outside vector (in sum_j)"), ("m", "the window: 2m outside words")],
    "rong": [("W", "input → hidden weights"), ("W'", "hidden → output weights (also Wp, W_prime)"),
             ("h", "the hidden layer"), ("u", "the scores, shared by the panels"), ("y", "the softmax of u"),
             ("y_j", "its entry j"), ("t_c", "the one-hot target of panel c (in sum_c)"),
             ("t_{c,j}", "its entry j"), ("e_c", "the error y − t_c of panel c"), ("EI", "Σ_c e_c"),
             ("EH", "W′ EI"), ("C", "the number of panels")],
    "skipgram_alpha": [("U", "the outside vectors"), ("v_c", "the center vector"),
                       ("u_w", "a word that is not in the window"), ("yhat", "the softmax of Uᵀv_c"),
                       ("yhat_w", "its entry for w"), ("y_j", "one-hot of the outside word at offset j (in sum_j)"),
                       ("alpha_j", "the weight of offset j (in sum_j; also α_j)"), ("m", "the window: 2m outside words")],
    "skipgram_mean": [("U", "the outside vectors"), ("v_c", "the center vector"), ("yhat", "the softmax of Uᵀv_c"),
                      ("y_j", "one-hot of the outside word at offset j (in sum_j)"),
                      ("m", "the window: 2m outside words")],
    "cbow_sum": [("W", "input → hidden weights"), ("W'", "hidden → output weights (also Wp)"),
                 ("h", "the hidden layer, a sum of C input vectors"), ("y", "the softmax output"),
                 ("t", "one-hot at the center word"), ("e", "the error y − t"), ("EH", "W′ e"),
                 ("x_c", "one-hot of the c-th context word (in sum_c)"), ("v_w", "the input vector of w"),
                 ("n_w", "how often w occurs in the context (also n)"), ("C", "the number of context words")],
    "hsoftmax": [("h", "the hidden layer"), ("v'_j", "the vector of the j-th inner node on the path (also vp_j)"),
                 ("t_j", "1 if the path turns left at node j, 0 if right"), ("L", "the number of nodes on the path")],
}


def name_rows(context):
    """Rows (LaTeX as displayed, plain spelling, LaTeX spelling, shape, meaning) of a context's names.

    The shape is computed at every configuration and written in the size names (``d×1``,
    ``d×|V|``); a name the context does not know raises (so the page cannot list it).
    """
    from .answers import _vector_symbols, read_answer

    configs = configurations(context)
    size_sets = [_sizes(c) for c in configs]
    vectors = _vector_symbols(context)
    rows = []
    for plain, meaning in NAMES.get(context, []):
        tree = read_answer(plain).tree
        shapes = [getattr(_evaluate_name(tree, configuration), "shape", (1, 1)) for configuration in configs]
        rows_dim = _dimension([s[0] for s in shapes], size_sets)
        cols_dim = _dimension([s[1] for s in shapes], size_sets)
        shape = "scalar" if rows_dim == cols_dim == "1" else f"{rows_dim}×{cols_dim}"
        latex = to_latex(tree, vectors)
        rows.append((latex, plain, latex, shape, meaning))
    return rows


def _evaluate_name(tree, configuration):
    """A name's value; an index that only has a meaning inside a sum takes the sum's first value."""
    for item in getattr(tree, "index", ()):
        if isinstance(item, Index) and item.key not in configuration.free and item.key in configuration.domains:
            tree = Sum(Index(item.key), Number(1), Number(1), (), tree)
    return evaluate(tree, configuration)


def _code(text):
    """A code span for a table cell (a | would end the cell)."""
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`"


def _cell(text):
    """Plain text for a table cell (a | would end the cell)."""
    return text.replace("|", "\\|")


def _math(latex):
    return "$" + latex.replace("|V|", r"\lvert V \rvert") + "$"


#: The page's example of a step-by-step answer: the asked quantity (LaTeX), the typed steps, the context.
STEP_EXAMPLE = (r"\frac{d}{dx}\log(1 + e^{x})", ("= e^x / (1 + e^x)", "= 1 / (e^(-x) + 1)", "= sigma(x)"), "sigmoid")


def _check_step_example():
    """The step example's lines are each proved equal to the line before, and no line answers a question."""
    from .checker import Derivation, Line
    from .notation import read_latex

    quantity, steps, context = STEP_EXAMPLE
    texts = [step.lstrip("= ") for step in steps]
    lines = [Line(quantity)] + [Line(text) for text in texts]
    trees = [read_latex(quantity)] + [read_answer(text).tree for text in texts]
    statuses = [result.status for result in Derivation.from_trees(lines, trees, context).verify()[1:]]
    if statuses != ["proved"] * len(steps):
        raise AssertionError(f"the guide's step example is not proved step by step: {statuses}")
    answered = [question.id for question in QUESTIONS.values() for text in texts
                if check_answer(question.id, text).correct]
    if answered:
        raise AssertionError(f"the guide's step example answers {', '.join(answered)}")


def _check_examples():
    """Each row's spellings are one formula, which no question accepts; each question's own answer is accepted."""
    for what, *spellings, context in SPELLINGS:
        reference = read_answer(spellings[2]).tree
        for text in spellings:
            tree = read_answer(text).tree
            for configuration in configurations(context):
                comparison = compare(evaluate(tree, configuration), evaluate(reference, configuration))
                if comparison.status != "proved":
                    raise AssertionError(f"the guide's example {text!r} ({what}) is not the formula "
                                         f"{spellings[2]!r} at {configuration.name}: {comparison.message}")
        answered = [question.id for question in QUESTIONS.values() if check_answer(question.id, spellings[0]).correct]
        if answered:
            raise AssertionError(f"the guide's example {spellings[0]!r} ({what}) answers {', '.join(answered)}: "
                                 "the page must show the notation without giving an answer away")
    for question in QUESTIONS.values():
        feedback = check_answer(question.id, question.canonical)
        if not feedback.correct:
            raise AssertionError(f"{question.id}: the listed answer {question.canonical!r} is not accepted")


def answer_guide():
    """The Markdown of the page "How to write answers" (every example on it is checked first).

    Raises
    ------
    AssertionError
        If the spellings of an example are not one formula, or if an example answers a question.
    """
    _check_examples()
    _check_step_example()
    lines = ["## Three spellings", "",
             "Type an answer the way you would write it: in the plain notation, with the code names of the "
             "chapters, in LaTeX (recognised by its backslashes) or pasted from the rendered book in unicode. "
             "All of them are read into the same formula. Each row below is one formula in every spelling (the "
             "examples show the notation; they answer no exercise).", "",
             "| | plain | code | LaTeX | unicode |", "| --- | --- | --- | --- | --- |"]
    for what, plain, code, latex, text, _ in SPELLINGS:
        lines.append(f"| {what} | {_code(plain)} | {_code(code)} | {_code(latex)} | {_code(text)} |")
    lines += ["", "## Products, transposes, powers, sums", "",
              "- **Products**: a space, `*`, `@` or `\\cdot`: `U yhat`, `U @ yhat`. Vectors are "
              "columns, so `u_o^T v_c` is the score $\\mathbf{u}_o^\\top\\mathbf{v}_c$ and `v_c u_o^T` "
              "a matrix.",
              "- **Transposes**: `^T`, `.T`, `^\\top`, `ᵀ`.",
              "- **Powers**: `^2` or `**2`, `^(-1)`; `e^x`, `e^(-x)`, `exp(-x)`, `np.exp(-x)`.",
              "- **Division**: `a/b`; a number glued to a name is one factor, so `a/2m` is $a/(2m)$ "
              "(write `a/2 m` for $\\frac{a}{2}m$). In LaTeX, `\\frac{a}{b}`.",
              "- **Functions**: `sigma(x)` or `sigmoid(x)` or `\\sigma(x)`, `log`/`ln`/`np.log`, `exp`. "
              "Without parentheses a function takes the next factor: `log yhat_o`.",
              "- **Sums**: `sum_k(...)`, `sum_{k=1}^K ...`, `\\sum_{k=1}^{K} ...`, `Σ_k`. Without "
              "parentheses the body runs to the next `+` or `-`, as in print: `sum_w yhat_w u_w^T v_c - 1` "
              "subtracts 1 once. `sum_k (1 - sigma(u_k^T v_c)) u_k^T v_c` sums the whole product because "
              "`u_k` uses `k`.",
              "- **Numbers are exact**: `0.1` is $\\frac{1}{10}$, `1e-10` is $10^{-10}$, not zero.",
              "- A zero vector is the digit zero, bold (`\\mathbf`) in LaTeX if you like. You may write the left-hand side too: "
              "`s = U^T v_c` is read as its right-hand side.",
              "",
              "## What the marks mean", "",
              "- **✓ Correct**: SymPy *proved* your answer equal to the right one at **every** size the "
              "context is checked at (below). A factor that happens to be right at one size — $m^2$ for $2m$ "
              "at $m = 2$, $K - 1$ for $n_w$ at $K = 3$ — is wrong at another and is caught.",
              "- **✗** with a message: a wrong shape (often a missing transpose), a flipped sign, a factor "
              "($K$, $2m$, $1/(2m)$, $C$), a missing sum, $\\sigma(x)$ where $\\sigma(-x)$ belongs, or the "
              "values at a point where the two differ. An answer that agrees only numerically, without a "
              "proof, says so and is not marked correct.",
              "- **Understood as** shows how your answer was read, in the book's notation: check it first "
              "when a verdict surprises you.",
              "- An unknown name gets the closest known name (`vc` → `v_c`); an unreadable answer gets the "
              "spelling to use.", "",
              "## Step by step", "",
              "An exercise that says *derive it, not just state it* ends in `check_steps(\"question\", r\"\"\"…\"\"\")` "
              "(in the page: a taller box, one step per line; Ctrl+Enter checks). Write the derivation as the "
              "book displays one, in LaTeX with `&=` and `\\\\` between lines, or in any spelling with one "
              "`= …` per line. The first line may start with the asked quantity. Each step is checked against "
              "the line before it as the book's derivations are, and the first step against the asked quantity:",
              "",
              "- **✓**: proved equal to the line before; **✗**: not equal to it, with the point where they "
              "differ; **(✗)**: equal to the line before, which was already wrong; **✓\\***: agrees everywhere "
              "but SymPy found no proof (split the step in two).",
              "- The verdict names the first wrong step, or says that every step holds but the last line is not "
              "yet the answer (it is judged like a one-line answer, with the same messages).",
              f"- For example, a derivation of ${STEP_EXAMPLE[0]}$ (no exercise asks for it) is typed",
              "", "  ```text", *[f"  {step}" for step in STEP_EXAMPLE[1]], "  ```", "",
              f"  and each of its {len(STEP_EXAMPLE[1])} lines gets ✓ (checked when this page is built).", ""]
    by_context = {}
    for question in QUESTIONS.values():
        by_context.setdefault(question.context, []).append(question)
    titles = {"softmax": "Naive softmax (chapters 1, 2, 7)", "sigmoid": "The sigmoid (chapter 3)",
              "negative_sampling": "Negative sampling (chapters 4, 7, 9)",
              "skipgram": "The skip-gram window (chapters 5, 8)", "rong": "Rong's skip-gram (chapter 6)",
              "softmax_temperature": "Softmax with a temperature (chapters 1, 2)",
              "softmax_bias": "Softmax with a bias per word (chapter 1)",
              "softmax_l2": "Naive softmax with an L2 penalty (chapters 1, 2)",
              "softmax_smoothing": "Label smoothing (chapters 1, 2)",
              "softmax_soft_target": "A soft target (chapter 1)",
              "sigmoid_variants": "Functions of the sigmoid (chapter 3)",
              "negative_sampling_columns": "Negative sampling, the whole matrix (chapter 4)",
              "negative_sampling_outside_drawn": "Negative sampling, o among the negatives (chapter 4)",
              "negative_sampling_bias": "Negative sampling with biases (chapter 4)",
              "negative_sampling_mean": "Negative sampling, negatives averaged (chapter 4)",
              "skipgram_alpha": "A weighted window (chapter 5)", "skipgram_mean": "An averaged window (chapter 5)",
              "cbow_sum": "CBOW with a sum (chapter 6)", "hsoftmax": "Hierarchical softmax (chapter 6)"}
    lines += ["## Names, by context", ""]
    for context, questions in by_context.items():
        configs = configurations(context)
        lines += [f"### {titles.get(context, context)}", ""]
        sizes = "; ".join(c.name for c in configs)
        lines.append(f"Every answer is checked at: {sizes}.")
        lines += ["", "| symbol | plain | LaTeX | shape | meaning |", "| --- | --- | --- | --- | --- |"]
        for latex, plain, spelled, shape, meaning in name_rows(context):
            lines.append(f"| {_math(latex)} | {_code(plain)} | {_code(spelled)} | {shape} | {meaning} |")
        lines += ["", "| question | asks for | the answer is |", "| --- | --- | --- |"]
        for question in questions:
            lines.append(f"| `{question.id}` | {_cell(question.quantity)} | {_cell(question.answer_shape)} |")
        lines.append("")
    return Guide("\n".join(lines))
