r"""The LaTeX back end: write a notation tree back as the book displays it.

Used for "Understood as" under every typed answer (:mod:`w2vlib.symbolic.answers`), so the
reader sees how the answer was read — which factor a function took, where a sum's body
ends, that ``0.1`` is :math:`\frac{1}{10}`. Vectors and matrices are bold, as in the book;
parentheses are added only where the reading needs them.

Examples
--------
>>> from w2vlib.symbolic.notation.plain import read_plain
>>> to_latex(read_plain("U(yhat - y)"))
'\\mathbf{U} \\left(\\hat{\\mathbf{y}} - \\mathbf{y}\\right)'
>>> to_latex(read_plain("sum_{k=1}^K sigmoid(u_k^T v_c) u_k"))
'\\sum_{k=1}^{K} \\sigma\\left(\\mathbf{u}_{k}^\\top \\mathbf{v}_{c}\\right) \\mathbf{u}_{k}'
>>> to_latex(read_plain("a/2m"))
'\\frac{a}{2 m}'
"""

from .tree import Add, Index, IndexOf, IndexSum, Label, Number, Sum, Symbol

__all__ = ["to_latex", "BOLD"]

#: Symbols displayed bold (vectors and matrices of the book's notation).
BOLD = {"U", "u", "v", "y", "W", "x", "h", "t", "e", "s"}
_ALWAYS_BOLD_WITH_INDEX = {"u", "v", "x"}                      # u_w, v_c, x_c are vectors
_RELATIONS = {"=": "=", "ne": r"\ne", "le": r"\le", "ge": r"\ge", "lt": "<", "gt": ">"}


def _index(node):
    if isinstance(node, Index):
        return node.name + "'" * node.primes
    if isinstance(node, Number):
        return str(node.numerator) if node.denominator == 1 else f"{node.numerator}/{node.denominator}"
    if isinstance(node, IndexSum):
        return f"{_index(node.base)}{'+' if node.sign > 0 else '-'}{_index(node.offset)}"
    if isinstance(node, IndexOf):
        return f"{node.name}{'^*' if node.star else ''}_{{{','.join(_index(i) for i in node.index)}}}"
    if isinstance(node, Label):
        return rf"\text{{{node.text}}}"
    if isinstance(node, Symbol):
        return node.name
    return "?"


def _symbol(node, vector_context):
    name = node.name
    if name in ("tau", "lambda", "epsilon") and not node.index:  # τ, λ, ε of the softmax variants
        return "\\" + name + "'" * node.primes
    if name == "|V|":
        return "|V|"
    if name in ("eta", "alpha"):
        base = "\\" + name
    elif len(name) > 1:
        base = rf"\mathrm{{{name}}}"
    else:
        known = vector_context(node)
        bold = known if known is not None else name in BOLD and (not node.index or name in _ALWAYS_BOLD_WITH_INDEX)
        base = rf"\mathbf{{{name}}}" if bold else name
    if node.hat:
        base = rf"\hat{{{base}}}"
    base += "'" * node.primes
    if node.index:
        base += "_{" + ",".join(_index(i) for i in node.index) + "}"
    return base


def _number(node):
    if node.denominator == 1:
        return str(node.numerator)
    return rf"\frac{{{node.numerator}}}{{{node.denominator}}}"


class _Writer:
    def __init__(self, vector_symbols):
        self.vector_symbols = vector_symbols

    def vector_context(self, node):
        """True/False when the context says whether this symbol is a vector or matrix, else None."""
        if self.vector_symbols is None:
            return None
        return (node.name, node.hat, node.primes, len(node.index)) in self.vector_symbols

    def write(self, node):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            return "?"
        return method(node)

    def _Number(self, node):
        return _number(node)

    def _Zero(self, node):
        return r"\mathbf{0}"

    def _Symbol(self, node):
        return _symbol(node, self.vector_context)

    def _Index(self, node):
        return _index(node)

    def _Label(self, node):
        return _index(node)

    def _Add(self, node):
        parts = []
        for position, (sign, term) in enumerate(node.terms):
            text = self.write(term)
            if isinstance(term, Add) or (isinstance(term, Number) and term.numerator < 0):
                text = rf"\left({text}\right)"
            if position == 0:
                parts.append(("-" if sign < 0 else "") + text)
            else:
                parts.append(("- " if sign < 0 else "+ ") + text)
        return " ".join(parts)

    def _Mul(self, node):
        parts = []
        for position, factor in enumerate(node.factors):
            text = self.write(factor)
            if isinstance(factor, Add) or (isinstance(factor, Sum) and position < len(node.factors) - 1):
                text = rf"\left({text}\right)"
            elif isinstance(factor, Number) and position > 0:
                text = rf"\cdot {text}"
            parts.append(text)
        return " ".join(parts)

    def _factor(self, factor, last):
        text = self.write(factor)
        if isinstance(factor, Add) or (isinstance(factor, Sum) and not last):
            text = rf"\left({text}\right)"
        return text

    def _Frac(self, node):
        return rf"\frac{{{self.write(node.numerator)}}}{{{self.write(node.denominator)}}}"

    def _Power(self, node):
        base = self.write(node.base)
        if not isinstance(node.base, (Symbol, Number)) or (isinstance(node.base, Number) and node.base.denominator != 1):
            base = rf"\left({base}\right)"
        elif isinstance(node.base, Symbol) and node.base.primes:
            base = f"{{{base}}}"  # v'^2 is a double superscript in TeX: {v'}^2
        return f"{base}^{{{self.write(node.exponent)}}}"

    def _Transpose(self, node):
        inner = self.write(node.operand)
        if not isinstance(node.operand, Symbol):
            inner = rf"\left({inner}\right)"
        elif node.operand.primes:
            inner = f"{{{inner}}}"  # \mathbf{v}'_j^\top is a double superscript in TeX: {\mathbf{v}'_j}^\top
        return inner + r"^\top"

    def _Apply(self, node):
        argument = self.write(node.argument)
        if node.function == "exp":
            return rf"\exp\left({argument}\right)"
        if node.function == "log":
            return rf"\log\left({argument}\right)"
        if node.function == "sigma'":
            return rf"\sigma'\left({argument}\right)"
        return rf"\sigma\left({argument}\right)"

    def _Condition(self, node):
        return f"{self.write(node.left)} {_RELATIONS.get(node.op, node.op)} {self.write(node.right)}"

    def _Sum(self, node):
        below = [_index(node.index) + (f"={self.write(node.lower)}" if node.lower is not None else "")]
        below += [self.write(condition) for condition in node.conditions]
        head = r"\prod" if node.product else r"\sum"
        text = f"{head}_{{{', '.join(below)}}}"
        if node.upper is not None:
            text += f"^{{{self.write(node.upper)}}}"
        body = self.write(node.body)
        if isinstance(node.body, Add):
            body = rf"\left({body}\right)"
        return f"{text} {body}"

    def _Derivative(self, node):
        body = self.write(node.body)
        if isinstance(node.body, Add):
            return rf"\frac{{\partial}}{{\partial {self.write(node.variable)}}}\left({body}\right)"
        return rf"\frac{{\partial {body}}}{{\partial {self.write(node.variable)}}}"

    def _Call(self, node):
        if node.name == "dot" and node.label == "cdot" and len(node.arguments) == 2:  # a \cdot b, as typed
            left, right = node.arguments
            return rf"{self._factor(left, last=False)} \cdot {self._factor(right, last=True)}"
        name = node.name + (rf"_{{\text{{{node.label}}}}}" if node.label else "")
        return f"{name}\\left({', '.join(self.write(a) for a in node.arguments)}\\right)"

    def _Entry(self, node):
        return rf"\left[{self.write(node.operand)}\right]_{{{''.join(_index(i) for i in node.index)}}}"

    def _IndexSum(self, node):
        return _index(node)

    def _IndexOf(self, node):
        return _index(node)


def to_latex(tree, vector_symbols=None):
    r"""LaTeX for a notation tree (display only; never read back as code).

    Parameters
    ----------
    tree : Node
        A tree from :func:`~.latex.read_latex` or :func:`~.plain.read_plain`.
    vector_symbols : set of (name, hat, primes, number of indices), optional
        The symbols that are vectors or matrices in the context (e.g. ``("y", False, 0, 1)``
        for the window's one-hot :math:`\mathbf y_j`), shown bold; without it, the book's
        usual letters (:data:`BOLD`) are.
    """
    return _Writer(None if vector_symbols is None else set(vector_symbols)).write(tree)
