r"""The notation tree: what a displayed formula says, independent of how it was typed.

One tree for every front end (the LaTeX reader of :mod:`.latex`; typed answers later) and
every back end (the component-wise SymPy evaluation of :mod:`.evaluate`). Nodes are small
frozen dataclasses; each keeps ``pos``, the character offset in the text it was read from,
so that an error can point at it.

Examples
--------
>>> from w2vlib.symbolic.notation.latex import read_latex
>>> read_latex(r"\hat{y}_o - 1")
Add(terms=((1, Symbol(name='y', hat=True, primes=0, index=(Index(name='o', primes=0),))), (-1, Number(numerator=1, denominator=1))))
"""

from dataclasses import dataclass, field

__all__ = [
    "Node", "Number", "Symbol", "Index", "IndexSum", "IndexOf", "Label", "Zero", "Add", "Mul",
    "Frac", "Power", "Transpose", "Apply", "Call", "Sum", "Condition", "Derivative", "Entry",
    "children", "walk", "free_letters",
]


class Node:
    """Base class of the notation tree."""


@dataclass(frozen=True)
class Number(Node):
    """An exact rational number (``0.1`` is 1/10)."""

    numerator: int
    denominator: int = 1
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Index(Node):
    """One index letter in a subscript, e.g. the ``w`` of :math:`\\mathbf u_w` or ``w'``."""

    name: str
    primes: int = 0
    pos: int = field(default=0, compare=False, repr=False)

    @property
    def key(self):
        return self.name + "'" * self.primes


@dataclass(frozen=True)
class IndexSum(Node):
    """An index with an offset, e.g. ``t+j`` in :math:`\\mathbf y_{t+j}`."""

    base: Index
    sign: int
    offset: Node
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class IndexOf(Node):
    """An index that is itself a subscripted letter: :math:`w_k`, :math:`j^*_c`, :math:`w_I`."""

    name: str
    star: bool
    index: tuple
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Label(Node):
    r"""A text label in a subscript, e.g. ``J_{\text{skip-gram}}``."""

    text: str
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Symbol(Node):
    """A named quantity: ``name`` (bold is ignored), a hat, primes and its subscript indices."""

    name: str
    hat: bool = False
    primes: int = 0
    index: tuple = ()
    pos: int = field(default=0, compare=False, repr=False)

    def describe(self):
        hat = "hat " if self.hat else ""
        primes = "'" * self.primes
        index = ",".join(_describe_index(i) for i in self.index)
        return f"{hat}{self.name}{primes}" + (f"_{{{index}}}" if index else "")


def _describe_index(index):
    if isinstance(index, Index):
        return index.key
    if isinstance(index, Number):
        return str(index.numerator)
    if isinstance(index, Label):
        return f"\\text{{{index.text}}}"
    if isinstance(index, IndexSum):
        return f"{index.base.key}{'+' if index.sign > 0 else '-'}…"
    if isinstance(index, IndexOf):
        return f"{index.name}{'^*' if index.star else ''}_" + ",".join(_describe_index(i) for i in index.index)
    return "?"


@dataclass(frozen=True)
class Zero(Node):
    r"""The zero vector :math:`\mathbf 0`, of whatever shape its neighbours have."""

    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Add(Node):
    """A sum of signed terms: ``terms`` is a tuple of ``(sign, node)`` with sign ±1."""

    terms: tuple
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Mul(Node):
    r"""A product of factors, by juxtaposition or ``\cdot``, in order (matrix products)."""

    factors: tuple
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Frac(Node):
    r"""``\frac{numerator}{denominator}``."""

    numerator: Node
    denominator: Node
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Power(Node):
    """``base^exponent``; the exponent is a number, except for ``e^{...}``."""

    base: Node
    exponent: Node
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Transpose(Node):
    r"""``operand^\top``."""

    operand: Node
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Apply(Node):
    r"""A named function of one argument: ``log``, ``exp``, ``sigma``, ``sigma'`` (:math:`\sigma'`)."""

    function: str
    argument: Node
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Call(Node):
    """A context function with arguments, e.g. :math:`J(\\mathbf v_c, w_{t+j}, \\mathbf U)` or :math:`P(O = w \\mid C = c)`."""

    name: str
    arguments: tuple
    label: str = ""
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Condition(Node):
    r"""A relation in a sum's range or a ``P(…)``: ``left op right`` with op ``=``, ``\ne``, ``\le``, ``<``."""

    left: Node
    op: str
    right: Node
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Sum(Node):
    r"""``\sum_{index …}^{upper} body``: ``lower``/``upper`` bounds or None, ``conditions`` a tuple."""

    index: Index
    lower: Node
    upper: Node
    conditions: tuple
    body: Node
    product: bool = False   # \prod instead of \sum
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Derivative(Node):
    r"""``\frac{\partial body}{\partial variable}`` (or ``d``): ``body`` differentiated by ``variable``."""

    body: Node
    variable: Node
    operator: bool = False   # written as an operator, \frac{\partial}{\partial x}, taking the rest of the product
    pos: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Entry(Node):
    r"""``\bigl[ matrix \bigr]_{ij}``: one entry (or component) of a matrix expression."""

    operand: Node
    index: tuple
    pos: int = field(default=0, compare=False, repr=False)


def children(node):
    """The nodes directly inside ``node`` (fields, tuples of them, and pairs such as ``Add.terms``)."""
    for value in vars(node).values():
        for item in (value if isinstance(value, tuple) else (value,)):
            for part in (item if isinstance(item, tuple) else (item,)):
                if isinstance(part, Node):
                    yield part


def walk(node):
    """Every node of a tree, depth first (indices included)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children(current))


def free_letters(node, bound=frozenset()):
    """Index letters (with primes) used in ``node`` and not bound by a sum around them."""
    if isinstance(node, Sum):
        inner = bound | {node.index.key}
        letters = set()
        for part in (node.lower, node.upper):
            if part is not None:
                letters |= free_letters(part, bound)
        for part in (node.body, *node.conditions):
            letters |= free_letters(part, inner)
        return letters
    if isinstance(node, Index):
        return set() if node.key in bound else {node.key}
    letters = set()
    for part in children(node):
        letters |= free_letters(part, bound)
    return letters
