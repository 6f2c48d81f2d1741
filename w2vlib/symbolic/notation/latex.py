r"""The LaTeX front end: read one displayed line of the book's notation into a notation tree.

A small tokenizer and a recursive-descent grammar of their own: nothing here calls
``eval``, ``sympify``, ``parse_expr`` or SymPy's ``parse_latex``, and the text is never
executed. Input is capped in size (:data:`MAX_CHARACTERS`), tokens
(:data:`MAX_TOKENS`) and nesting depth (:data:`MAX_DEPTH`); numeric powers are capped
(:data:`MAX_EXPONENT`). Anything outside the notation is a :class:`NotationError` that
names the macro or character and its position.

What it reads (the chapters' notation): symbols ``\mathbf{v}_c``, ``\boldsymbol{v}_c``,
``\vec{v}_c``, ``v_c`` (bold is ignored), ``\hat{\mathbf{y}}``, ``\hat{y}_w``, ``w'_{ij}``,
``\mathrm{EI}_j``, ``|V|``; ``^\top``/``^T``, numeric powers, products by juxtaposition or
``\cdot``, ``\frac``; ``\log``, ``\ln``, ``\exp``, ``e^{…}``, ``\sigma``, ``\sigma'``, which
take the next factor when not followed by parentheses (a sum or fraction is one factor);
sums ``\sum_{w}``, ``\sum_{w \ne o}``, ``\sum_{k=1}^{K}``, ``\sum_{k:\, w_k = w}``,
``\sum_{\substack{-m \le j \le m \\ j \ne 0}}``, whose body runs to the next ``+``/``-`` at
its own level; derivatives ``\frac{\partial J}{\partial \mathbf{v}_c}``,
``\frac{\partial}{\partial \mathbf{u}_w}(…)``, ``\frac{d\sigma(x)}{dx}`` (an operator also
takes the rest of its product); ``P(O = w \mid C = c)``, ``J(\mathbf{v}_c, w_{t+j}, \mathbf{U})``;
``\bigl[\,\cdot\,\bigr]_{ij}`` entries; and display-only decoration (``\left``, ``\Bigl``,
``\,``, ``\quad``, ``{}`` …), which is skipped.

Examples
--------
>>> tree = read_latex(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})")
>>> type(tree).__name__, [type(f).__name__ for f in tree.factors]
('Mul', ['Symbol', 'Add'])
>>> read_latex(r"\mathbf{u}_o^\top \mathbf{v}_c") == read_latex(r"u_o^T v_c")
True
>>> read_latex(r"\foo{x}")
Traceback (most recent call last):
...
w2vlib.symbolic.notation.reader.NotationError: unknown macro \foo at character 0 of `\foo{x}`
"""

import re

from .reader import MAX_DEPTH, NotationError, TokenReader
from .tree import (
    Add, Apply, Call, Condition, Derivative, Entry, Frac, Index, IndexOf, IndexSum, Label, Mul,
    Number, Power, Sum, Symbol, Transpose, Zero,
)

__all__ = ["read_latex", "NotationError", "tokenize", "MAX_CHARACTERS", "MAX_TOKENS", "MAX_DEPTH",
           "MAX_EXPONENT"]

MAX_CHARACTERS = 4000   # one displayed line
MAX_TOKENS = 2000
MAX_EXPONENT = 16       # |n| of a numeric power
MAX_DIGITS = 30


# ------------------------------------------------------------------------------ tokens

#: Commands that only space or size things: skipped.
_DECORATION = {
    "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
    "biggr", "Biggl", "Biggr", "middle", ",", ";", ":", "!", " ", "quad", "qquad",
    "displaystyle", "textstyle", "limits", "nolimits",
}
#: Commands spelled another way.
_ALIASES = {
    "times": "*", "neq": "ne", "leq": "le", "geq": "ge", "lvert": "|", "rvert": "|",
    "vert": "|", "ln": "log", "lbrack": "[", "rbrack": "]", "intercal": "top", "mathsf": "mathbf",
    "bm": "mathbf", "boldsymbol": "mathbf", "vec": "mathbf", "mathit": "mathbf",
    "operatorname": "mathrm", "textrm": "text", "mathnormal": "mathbf", "mathcal": "mathbf",
    "varepsilon": "epsilon",
}
_KNOWN = {
    "frac", "dfrac", "tfrac", "sum", "prod", "log", "exp", "sigma", "partial", "top", "mathbf", "hat",
    "widehat", "mathrm", "text", "substack", "mid", "ne", "le", "ge", "lt", "gt", "eta", "prime",
    "\\", "*", "|", "[", "]", "cdot", "in", "nabla", "langle", "rangle",
}
#: Written-out terms: refused with a message that says how to write the sum.
_ELLIPSES = {"cdots", "ldots", "dots", "dotsb", "dotsc", "dotsm", "vdots", "ddots"}
#: Greek letters that name symbols of the contexts (\eta is Rong's learning rate).
_GREEK = {"eta", "alpha", "theta", "lambda", "mu", "nu", "tau", "delta", "epsilon"}
_SINGLE = set("+-=()[]{}^_',|&:<>*/")

_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\d+(?:\.\d+)?)|([A-Za-z])|(\s+)|(.)", re.S)


class Token:
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind, value, pos):
        self.kind, self.value, self.pos = kind, value, pos

    def __repr__(self):
        return f"{self.kind}:{self.value}@{self.pos}"

    def is_(self, kind, value=None):
        return self.kind == kind and (value is None or self.value == value)


def tokenize(text, offset=0):
    r"""Tokens of ``text``: ``cmd`` (a macro, aliases resolved, decoration dropped), ``num``,
    ``letter`` and ``op`` (one character). ``offset`` is added to every position.

    >>> [t.value for t in tokenize(r"\left( \hat{y}_w \right)")]
    ['(', 'hat', '{', 'y', '}', '_', 'w', ')']
    """
    if not isinstance(text, str):
        raise NotationError(f"expected LaTeX text, got {type(text).__name__}")
    if len(text) > MAX_CHARACTERS:
        raise NotationError(f"the line is too long ({len(text)} characters; at most {MAX_CHARACTERS})")
    tokens = []
    unbraced = 0  # arguments of a \frac still to come: unbraced, TeX takes one digit each (\frac12)
    for match in _TOKEN.finditer(text):
        pos = match.start() + offset
        command, number, letter, space, other = match.groups()
        if space is not None:
            continue
        arguments, unbraced = unbraced, 0
        if command is not None:
            if command in _DECORATION:
                continue
            command = _ALIASES.get(command, command)
            if command in ("*", "|", "[", "]"):
                tokens.append(Token("op", command, pos))
                continue
            if command in _ELLIPSES:
                raise NotationError(f"\\{command} (terms written out one by one) is not part of the notation: "
                                    r"write the sum with \sum, as in \sum_{w=1}^{|V|} \hat{y}_w", pos - offset, text)
            if command not in _KNOWN and command not in _GREEK:
                shown = "\\" + command
                raise NotationError(f"unknown macro {shown}", pos - offset, text)
            tokens.append(Token("cmd", command, pos))
            unbraced = 2 if command in ("frac", "dfrac", "tfrac") else 0
        elif number is not None:
            if len(number) > MAX_DIGITS:
                raise NotationError(f"the number {number[:12]}… has too many digits", pos - offset, text)
            while arguments and len(number) > 1 and number[0].isdigit():
                tokens.append(Token("num", number[0], pos))
                number, pos, arguments = number[1:], pos + 1, arguments - 1
            tokens.append(Token("num", number, pos))
            unbraced = max(arguments - 1, 0)
        elif letter is not None:
            tokens.append(Token("letter", letter, pos))
            unbraced = max(arguments - 1, 0)
        elif other == "~":
            continue
        elif other in _SINGLE:
            tokens.append(Token("op", other, pos))
        else:
            raise NotationError(f"the character {other!r} is not part of the notation", pos - offset, text)
        if len(tokens) > MAX_TOKENS:
            raise NotationError(f"the line has too many symbols (more than {MAX_TOKENS})")
    return tokens


# ------------------------------------------------------------------------------ grammar

_CLOSERS = {")", "]", "}", "|"}
_RELATIONS = {"=": "=", "ne": "ne", "le": "le", "ge": "ge", "<": "lt", ">": "gt", "lt": "lt", "gt": "gt"}
_FUNCTIONS = {"log", "exp", "sigma"}
_CALLABLE = {"J", "P", "CE", "diag", "softmax"}
#: Functions spelled with \mathrm or \operatorname: \operatorname{sigmoid}(x).
_NAMED_FUNCTIONS = {"sigmoid": "sigma", "exp": "exp", "log": "log", "ln": "log"}
_TRANSPOSE_LETTERS = {"T"}


class _Parser(TokenReader):
    def __init__(self, text, offset=0):
        super().__init__(text, tokenize(text, offset), what="line", offset=offset)
        self._inner_primes, self._inner_index = 0, ()

    # -------------------------------------------------------------- helpers
    def expect_op(self, value):
        token = self.peek()
        if token is None or not token.is_("op", value):
            found = "the end of the line" if token is None else _show(token)
            raise self.error(f"expected {value!r} but found {found}", token)
        self.i += 1
        return token

    def group(self, parse):
        """``{ … }`` parsed by ``parse``, or a single token (as TeX reads ``x^2``)."""
        if self.at_op("{"):
            self.take()
            self.enter()
            node = parse()
            self.leave()
            self.expect_op("}")
            return node
        token = self.take()
        if token.kind == "num":
            if len(token.value) > 1:
                raise self.error(f"write ^{{{token.value}}} in braces: without them only the first digit "
                                 "is the power", token)
            return Number(int(token.value), 1, token.pos)
        if token.kind == "letter":
            return Symbol(token.value, pos=token.pos)
        if token.is_("op", "|"):
            self.i -= 1
            return self.vocabulary_size()
        raise self.error(f"write the power or bound in braces, not {_show(token)}", token)

    # -------------------------------------------------------------- top level
    def read(self):
        return self._read_whole(self.expression, "the line")

    def read_relation(self):
        return self._read_whole(self.relation, "the condition")

    def _read_whole(self, rule, what):
        """``rule()`` over every token: the text must be exactly one of what ``rule`` reads."""
        if not self.tokens:
            raise NotationError(f"{what} is empty")
        node = rule()
        if self.peek() is not None:
            token = self.peek()
            raise self.error(f"unexpected {_show(token)}", token)
        return node

    def term_ends(self):
        token = self.peek()
        if token is None:
            return True
        if token.kind == "op":
            if token.value == "|" and self.at("letter", "V", 1) and self.at_op("|", 2):
                return False  # |V| starts a factor
            return token.value in {"+", "-", ")", "]", "}", "&", "=", ",", "|", ":", "<", ">"}
        if token.kind == "cmd":
            return token.value in {"mid", "ne", "le", "ge", "lt", "gt", "\\", "rangle", "in"}
        return False

    def term(self):
        self.enter()
        start = self.peek()
        factors = []
        dots = 0
        while not self.term_ends():
            if self.at_op("/"):
                # a/b as in print: the product so far over the next factor (1/(1 + e^{-x}), a/b c = (a/b) c;
                # a sum takes the rest: e^{s_w}/\sum_v e^{s_v})
                slash = self.take()
                if not factors:
                    raise self.error("a division sign / needs something before it", slash)
                if self.term_ends() or self.at_op("/") or self.at_op("*") or self.at("cmd", "cdot"):
                    raise self.error("a division sign / needs something after it", slash)
                numerator = factors[0] if len(factors) == 1 else Mul(tuple(factors), factors[0].pos)
                opening = self.peek()
                denominator = self.factor()
                factors = [Frac(numerator, denominator, slash.pos)]
                if _takes_rest(denominator) and not (opening.kind == "op" and opening.value in "(["):
                    break
                continue
            if self.at_op("*") or self.at("cmd", "cdot"):
                sign = self.take()
                if not factors:
                    raise self.error("a product sign needs something before it", sign)
                if self.term_ends() or self.at_op("*") or self.at("cmd", "cdot"):
                    raise self.error("a product sign needs something after it", sign)
                if sign.kind == "cmd":
                    # a \cdot b: the dot product of two columns, a product otherwise (evaluate's "dot")
                    left = factors[0] if len(factors) == 1 else Mul(tuple(factors), factors[0].pos)
                    dots += 1
                    if dots > MAX_DEPTH:
                        raise self.error(f"too many \\cdot in one product (more than {MAX_DEPTH})", sign)
                    factor = self.factor()
                    factors = [Call("dot", (left, factor), "cdot", sign.pos)]
                    if _takes_rest(factor):
                        break
                    continue
                continue
            opening = self.peek()
            factor = self.factor()
            factors.append(factor)
            if _takes_rest(factor) and not (opening.kind == "op" and opening.value in "(["):
                break  # a sum or a derivative operator already took the rest of the product
            # ((\sum_j a_j) b: a sum in parentheses is one factor, and the product goes on)
        self.leave()
        if not factors:
            token = self.peek()
            found = "the end of the line" if token is None else _show(token)
            raise self.error(f"expected a term but found {found}", token)
        if len(factors) == 1:
            return factors[0]
        return Mul(tuple(factors), start.pos)

    def rest_of_term(self):
        """The body of a sum or of a derivative operator: the rest of the product."""
        if self.term_ends():
            raise self.error("a sum or a derivative needs something after it")
        return self.term()

    # -------------------------------------------------------------- factors
    def postfix(self, node):
        superscripted = False
        while True:
            if self.at_op("^"):
                if superscripted:
                    raise self.error("a double superscript, which TeX refuses: group the first one, as in {x^{2}}^{T}")
                superscripted = True
                caret = self.take()
                if self._transpose_follows():
                    node = Transpose(node, caret.pos)
                    continue
                if isinstance(node, Symbol) and node.name == "e" and not node.index and not node.hat:
                    exponent = self.group(self.expression)
                    node = Apply("exp", exponent, node.pos)
                    continue
                exponent = self.group(self.expression)
                _check_exponent(self, exponent, caret)
                node = Power(node, exponent, caret.pos)
            elif self.at_op("_") and isinstance(node, _Bracketed):
                superscripted = False
                underscore = self.take()
                node = Entry(node.node, self.subscript(), underscore.pos)
            else:
                break
        return node.node if isinstance(node, _Bracketed) else node

    def _transpose_follows(self):
        r"""Consume a transpose mark after ``^``: ``\top``, ``T``, ``{T}``, ``\mathsf{T}``, ``{\mathrm T}`` …"""
        k = 0
        outer = self.at_op("{", k)
        k += outer
        font = self.at("cmd", "mathbf", k) or self.at("cmd", "mathrm", k)
        k += font
        inner = font and self.at_op("{", k)
        k += inner
        if not (self.at("cmd", "top", k) or (self.at("letter", None, k) and self.peek(k).value in _TRANSPOSE_LETTERS)):
            return False
        k += 1
        for closed in (inner, outer):
            if closed:
                if not self.at_op("}", k):
                    return False
                k += 1
        self.i += k
        return True

    def primary(self):
        token = self.peek()
        if token is None:
            raise self.error("the line ends too early")
        if token.kind == "num":
            self.take()
            return _number(token.value, token.pos)
        if token.kind == "op":
            if token.value in "([":
                self.take()
                closer = ")" if token.value == "(" else "]"
                inner = self.expression()
                self.expect_op(closer)
                return _Bracketed(inner) if closer == "]" else inner
            if token.value == "{":
                self.take()
                inner = self.expression()
                self.expect_op("}")
                return _Bracketed(inner) if self.at_op("_") and False else inner
            if token.value == "|":
                return self.vocabulary_size()
            raise self.error(f"unexpected {_show(token)}", token)
        if token.kind == "letter":
            return self.symbol()
        # commands
        name = token.value
        if name in ("frac", "dfrac", "tfrac"):
            return self.fraction()
        if name in ("sum", "prod"):
            return self.summation()
        if name in _FUNCTIONS:
            return self.function()
        if name in ("mathbf", "hat", "widehat", "mathrm") or name in _GREEK:
            return self.symbol()
        if name == "nabla":
            return self.gradient()
        if name == "langle":
            return self.inner_product()
        if name == "cdot":
            raise self.error(r"a product sign \cdot needs something before it", token)
        if name == "partial":
            derivative = self.slashed_derivative()
            if derivative is None:
                raise self.error(r"\partial belongs in a fraction: \frac{\partial J}{\partial \mathbf{v}_c}", token)
            return derivative
        if name == "text":
            raise self.error(r"\text{…} is for words, not for a formula (put reasons after &&)", token)
        raise self.error(f"unexpected {_show(token)}", token)

    def gradient(self):
        r"""``\nabla_{\mathbf v_c} J``: the gradient ∂J/∂v_c, an operator on the rest of the product."""
        token = self.take()
        if not self.at_op("_"):
            raise self.error(r"write the gradient with its variable, as in \nabla_{\mathbf{v}_c} J", token)
        self.take()
        self.enter()
        variable = self.group(self.symbol) if self.at_op("{") else self.symbol()
        self.leave()
        if not isinstance(variable, Symbol):
            raise self.error("a gradient is taken with respect to one symbol", token)
        body = self.rest_of_term()
        return Derivative(body, variable, True, token.pos)

    def inner_product(self):
        r"""``\langle \mathbf a, \mathbf b \rangle``: the dot product of two columns."""
        token = self.take()
        left = self.expression()
        self.expect_op(",")
        right = self.expression()
        closer = self.peek()
        if closer is None or not closer.is_("cmd", "rangle"):
            found = "the end of the line" if closer is None else _show(closer)
            raise self.error(f"expected \\rangle but found {found}", closer)
        self.take()
        return Call("dot", (left, right), "", token.pos)

    def vocabulary_size(self):
        bar = self.expect_op("|")
        if not (self.at("letter", "V") and self.at_op("|", 1)):
            raise self.error("|…| is only used for the vocabulary size |V|", bar)
        self.take(), self.take()
        return Symbol("|V|", pos=bar.pos)

    # -------------------------------------------------------------- symbols
    def symbol_name(self):
        """(name, hat, pos) of a letter, ``\\mathbf{x}``, ``\\hat{…}``, ``\\mathrm{EI}`` or Greek letter."""
        token = self.take()
        if token.kind == "letter":
            following = self.peek()
            if token.value == "E" and following is not None and following.kind == "letter" \
                    and following.value in "IH" and following.pos == token.pos + 1:
                self.take()  # Rong's EI_j and EH_i, written without \mathrm
                return "E" + following.value, False, token.pos
            return token.value, False, token.pos
        name = token.value
        if name in _GREEK:
            return name, False, token.pos
        if name in ("hat", "widehat"):
            self.enter()
            inner_name, inner_hat, _ = self._braced(self.symbol_name)
            self.leave()
            if inner_hat:
                raise self.error("a double hat is not part of the notation", token)
            return inner_name, True, token.pos
        if name == "mathbf":
            if self.at_op("{") and self.at("num", None, 1):
                raise self.error("a bold number other than \\mathbf{0} is not part of the notation", token)
            self.enter()
            result = self._braced(self.symbol_name)
            self.leave()
            return result[0], result[1], token.pos
        if name == "mathrm":
            self.expect_op("{")
            letters = []
            while self.at("letter"):
                letters.append(self.take().value)
            self.expect_op("}")
            if not letters:
                raise self.error("\\mathrm{…} must hold a name such as EI", token)
            return "".join(letters), False, token.pos
        raise self.error(f"expected a symbol but found {_show(token)}", token)

    def _braced(self, parse):
        if self.at_op("{"):
            self.take()
            result = parse()
            # a prime or a subscript inside the braces: \mathbf{v'}_c, \hat{y_w}, \mathbf{u_o}
            self._inner_primes += self.primes()
            if self.at_op("_"):
                if self._inner_index:
                    raise self.error("a double subscript")
                self.take()
                self._inner_index = self.subscript()
                self._inner_primes += self.primes()
            self.expect_op("}")
            return result
        return parse()

    def symbol(self):
        start = self.peek()
        if start.kind == "cmd" and start.value == "mathbf" and self.at_op("{", 1) and self.at("num", "0", 2) \
                and self.at_op("}", 3):
            for _ in range(4):
                self.take()
            return Zero(start.pos)
        if start.kind == "cmd" and start.value == "mathbf" and self.at("num", "0", 1):
            self.take(), self.take()
            return Zero(start.pos)
        self._inner_primes, self._inner_index = 0, ()
        name, hat, pos = self.symbol_name()
        if start.is_("cmd", "mathrm") and name in _NAMED_FUNCTIONS:
            # \operatorname{sigmoid}(x), \mathrm{exp}(x): the functions, spelled as names
            return self.function_argument(_NAMED_FUNCTIONS[name], name, start)
        primes = self.primes() + self._inner_primes
        index = self._inner_index
        if self.at_op("_"):
            if index:
                raise self.error("a double subscript: write all indices in one subscript")
            self.take()
            index = self.subscript()
        trailing = self.primes()
        if primes and index and not trailing and self.at_op("^"):
            raise self.error("a double superscript: TeX reads the prime of w'_{ij}^{T} as a first superscript; "
                             "write {w'_{ij}}^{T}")
        primes += trailing
        node = Symbol(name, hat, primes, index, pos)
        if name in _CALLABLE and not hat and not primes and self.at_op("("):
            call = self.call(node)
            if self.at_op("_") and call.name == "softmax":
                underscore = self.take()  # softmax(s)_o: one component
                return Entry(call, self.subscript(), underscore.pos)
            return call
        if name == "softmax":
            raise self.error(r"softmax takes its argument in parentheses: \operatorname{softmax}(\mathbf{s})", start)
        return node

    def primes(self):
        count = 0
        while True:
            if self.at_op("'") or self.at("cmd", "prime") or (self.at_op("^") and self.at("cmd", "prime", 1)):
                if self.at_op("^"):
                    self.take()
                self.take()
                count += 1
            elif self.at_op("^") and self.at_op("{", 1) and (self.at("cmd", "prime", 2) or self.at_op("'", 2)):
                k = 2  # ^{\prime}, ^{\prime\prime}
                while self.at("cmd", "prime", k) or self.at_op("'", k):
                    k += 1
                if not self.at_op("}", k):
                    return count
                count += k - 2
                self.i += k + 1
            else:
                return count

    def subscript(self):
        """Tuple of index nodes after ``_``."""
        self.enter()
        if self.at_op("{"):
            self.take()
            parts = [self.index_part()]
            while self.at_op(","):
                self.take()
                parts.append(self.index_part())
            self.expect_op("}")
            indices = tuple(item for part in parts for item in part)
        else:
            token = self.take()
            if token.kind == "letter":
                indices = (Index(token.value, self.primes(), token.pos),)
            elif token.kind == "num":
                indices = (Number(int(token.value[0]), 1, token.pos),)
                if len(token.value) > 1:
                    raise self.error("write a subscript of several digits in braces", token)
            else:
                raise self.error(f"unexpected {_show(token)} in a subscript", token)
        self.leave()
        return indices

    def index_part(self):
        """One comma-separated part of a subscript: letters (each an index), a number, ``t+j``,
        ``w_k``, ``j^*_c``, ``|V|`` or a ``\\text{…}`` label."""
        items = []
        while True:
            token = self.peek()
            if token is None:
                raise self.error("a subscript is not closed")
            if token.is_("op", "}") or token.is_("op", ","):
                break
            if token.kind == "op" and token.value in "+-":
                if not items:
                    raise self.error("a subscript cannot start with a sign", token)
                self.take()
                offset = self.index_item()
                base = items.pop()
                if not isinstance(base, Index):
                    raise self.error("an offset is added to a single index letter, as in t+j", token)
                items.append(IndexSum(base, 1 if token.value == "+" else -1, offset, token.pos))
                continue
            items.append(self.index_item())
        if not items:
            raise self.error("empty subscript")
        return items

    def star(self):
        """Consume ``^*`` or ``^{*}``; True if there was one."""
        if self.at_op("^") and self.at_op("*", 1):
            self.take(), self.take()
            return True
        if self.at_op("^") and self.at_op("{", 1) and self.at_op("*", 2) and self.at_op("}", 3):
            for _ in range(4):
                self.take()
            return True
        return False

    def index_item(self):
        token = self.take()
        if token.kind == "letter":
            star = self.star()
            primes = self.primes()
            if self.at_op("_"):
                self.take()
                inner = self.subscript()
                star = self.star() or star
                return IndexOf(token.value, star, inner, token.pos)
            if star:
                raise self.error(f"{token.value}^* needs a subscript, as in j^*_c", token)
            return Index(token.value, primes, token.pos)
        if token.kind == "num":
            return _number(token.value, token.pos)
        if token.is_("op", "|"):
            self.i -= 1
            return self.vocabulary_size()
        if token.is_("cmd", "text") or token.is_("cmd", "mathrm"):
            self.expect_op("{")
            words = []
            while not self.at_op("}"):
                inner = self.take()
                if inner.kind not in ("letter", "num") and not inner.is_("op", "-"):
                    raise self.error(f"a subscript label holds letters, digits and '-' only, not {_show(inner)}",
                                     inner)
                words.append(inner.value)
                if len(words) > 40:
                    raise self.error("the subscript label is too long", inner)
            self.expect_op("}")
            return Label("".join(words), token.pos)
        raise self.error(f"unexpected {_show(token)} in a subscript", token)

    def call(self, symbol):
        self.expect_op("(")
        if symbol.name == "P":
            arguments = [self.relation()]
            while self.at("cmd", "mid") or self.at_op(",") or self.at_op("|"):
                self.take()
                arguments.append(self.relation())
        else:
            arguments = [self.expression()]
            while self.at_op(","):
                self.take()
                arguments.append(self.expression())
        self.expect_op(")")
        label = ""
        if symbol.index:
            if len(symbol.index) == 1 and isinstance(symbol.index[0], Label):
                label = symbol.index[0].text
            else:
                raise self.error(f"{symbol.name}(…) takes no subscript other than a \\text label")
        return Call(symbol.name, tuple(arguments), label, symbol.pos)

    def relation(self):
        start = self.peek()
        left = self.expression()
        token = self.peek()
        op = None
        if token is not None and token.kind in ("op", "cmd") and token.value in _RELATIONS:
            op = _RELATIONS[self.take().value]
        if op is None:
            raise self.error("expected a relation such as O = w", token)
        right = self.expression()
        return Condition(left, op, right, start.pos)

    # -------------------------------------------------------------- functions, fractions, sums
    def function(self):
        token = self.take()
        name = token.value
        primes = self.primes() if name == "sigma" else 0
        if primes > 1:
            raise self.error("only the first derivative σ' is part of the notation", token)
        if name == "sigma" and primes == 0 and self.at_op("_"):
            raise self.error("σ takes an argument, σ(x); a subscript is not part of the notation", token)
        function = "sigma'" if primes else name
        return self.function_argument(function, "\\" + name, token)

    def function_argument(self, function, shown, token):
        r"""The argument of a function: ``(…)``, or the next factor (``\exp x``, ``\log \sigma(x)``)."""
        if self.at_op("("):
            self.take()
            argument = self.expression()
            self.expect_op(")")
        else:
            if self.at_op("-") or self.at_op("+"):
                sign = self.peek().value
                raise self.error(f"{shown} {sign}x is ambiguous: write {shown}({sign}x) with parentheses"
                                 + (" (or e^{" + sign + "x})" if function == "exp" else ""), token)
            if self.term_ends():
                raise self.error(f"{shown} needs an argument", token)
            argument = self.factor()
        return Apply(function, argument, token.pos)

    def fraction(self):
        token = self.take()
        numerator_tokens = self._group_span()
        denominator_tokens = self._group_span()
        derivative = self._derivative(numerator_tokens, denominator_tokens, token)
        if derivative is not None:
            return derivative
        numerator = self._parse_span(numerator_tokens, self.expression)
        denominator = self._parse_span(denominator_tokens, self.expression)
        return Frac(numerator, denominator, token.pos)

    def _group_span(self):
        """(start, end) token indices of the next ``{…}`` group (or single token)."""
        if not self.at_op("{"):
            start = self.i
            self.take()
            return start, self.i
        self.take()
        start = self.i
        depth = 1
        while True:
            token = self.take()
            if token.is_("op", "{"):
                depth += 1
                if depth > MAX_DEPTH:
                    raise self.error(f"the formula is nested too deeply (more than {MAX_DEPTH} levels)", token)
            elif token.is_("op", "}"):
                depth -= 1
                if depth == 0:
                    return start, self.i - 1

    def _parse_span(self, span, parse):
        saved_i, saved_tokens = self.i, self.tokens
        start, end = span
        if start == end:
            raise self.error("an empty fraction part {}", saved_tokens[start - 1] if start else None)
        self.tokens, self.i = saved_tokens[start:end], 0
        self.enter()
        try:
            node = parse()
            if self.peek() is not None:
                raise self.error(f"unexpected {_show(self.peek())}")
        finally:
            self.leave()
            self.tokens, self.i = saved_tokens, saved_i
        return node

    def slashed_derivative(self):
        r"""``\partial J/\partial \mathbf{U}``, the inline form of ``\frac{\partial J}{\partial \mathbf{U}}``
        (None when no ``/ \partial`` follows the numerator)."""
        start, depth, i = self.i, 0, self.i
        while i < len(self.tokens):
            token = self.tokens[i]
            if token.kind == "op" and token.value in "{([":
                depth += 1
            elif token.kind == "op" and token.value in "})]":
                depth -= 1
                if depth < 0:
                    return None
            elif depth == 0 and token.is_("op", "/"):
                break
            elif depth == 0 and (token.kind == "op" and token.value in "+-=,&<>|:" or token.is_("cmd", "\\")):
                return None
            i += 1
        if i >= len(self.tokens) or not (i + 1 < len(self.tokens) and self.tokens[i + 1].is_("cmd", "partial")):
            return None
        slash = self.tokens[i]
        self.i = i + 2
        self.symbol()  # the variable: where the denominator ends
        end = self.i
        self.i = end
        return self._derivative((start, i), (i + 1, end), slash)

    def _derivative(self, numerator, denominator, frac_token):
        tokens = self.tokens
        top = tokens[numerator[0]:numerator[1]]
        bottom = tokens[denominator[0]:denominator[1]]
        if not top or not bottom:
            return None
        partial = top[0].is_("cmd", "partial")
        top_d, bottom_d = _d_mark(top), _d_mark(bottom)
        straight = top_d and bottom_d and len(bottom) > bottom_d and bottom[bottom_d].kind in ("letter", "cmd")
        if not partial and not straight:
            if bottom[0].is_("cmd", "partial"):
                raise self.error(r"a derivative is written \frac{\partial …}{\partial …}", frac_token)
            return None
        if partial and not bottom[0].is_("cmd", "partial"):
            raise self.error(r"a derivative's denominator is \partial and the variable", frac_token)
        top_mark, bottom_mark = (1, 1) if partial else (top_d, bottom_d)
        variable = self._parse_span((denominator[0] + bottom_mark, denominator[1]), self.symbol)
        if not isinstance(variable, Symbol):
            raise self.error("a derivative is taken with respect to one symbol", frac_token)
        if len(top) == top_mark:  # an operator: it takes the rest of the product
            body = self.rest_of_term()
            return Derivative(body, variable, True, frac_token.pos)
        rest = top[top_mark:]
        if rest[0].is_("cmd", "sigma") and all(t.is_("op", "'") or t.is_("cmd", "prime") for t in rest[1:]) \
                and len(rest) <= 2:
            # \frac{d\sigma}{dx}: σ without its argument is σ of the variable
            function = "sigma'" if len(rest) == 2 else "sigma"
            return Derivative(Apply(function, variable, rest[0].pos), variable, False, frac_token.pos)
        body = self._parse_span((numerator[0] + top_mark, numerator[1]), self.expression)
        return Derivative(body, variable, False, frac_token.pos)

    def summation(self):
        token = self.take()
        if not self.at_op("_"):
            raise self.error(r"a sum needs its index: \sum_{w}", token)
        self.take()
        index, lower, upper, conditions = self.sum_range(token)
        if self.at_op("^"):
            self.take()
            if upper is not None:
                raise self.error("the sum has two upper bounds", token)
            upper = self.group(self.expression)
        body = self.rest_of_term()
        return Sum(index, lower, upper, tuple(conditions), body, token.value == "prod", token.pos)

    def sum_range(self, sum_token):
        if not self.at_op("{"):
            letter = self.take()
            if letter.kind != "letter":
                raise self.error("a sum's index is a letter", letter)
            return Index(letter.value, self.primes(), letter.pos), None, None, []
        self.take()
        rows = []
        if self.at("cmd", "substack"):
            self.take()
            self.expect_op("{")
            rows.append(self.range_row())
            while self.at("cmd", "\\"):
                self.take()
                rows.append(self.range_row())
            self.expect_op("}")
        else:
            rows.append(self.range_row())
            while self.at_op(","):  # \sum_{-m \le j \le m,\, j \ne 0}
                self.take()
                rows.append(self.range_row())
        self.expect_op("}")
        index = lower = upper = None
        conditions = []
        for row in rows:
            index, lower, upper = _interpret_row(self, row, index, lower, upper, conditions, sum_token)
        if index is None:
            raise self.error("a sum's range must name its index", sum_token)
        return index, lower, upper, conditions

    def range_row(self):
        """A chain ``a rel b rel c`` (or ``k : a rel b``) as a list of nodes and relation names."""
        chain = [self.range_operand()]
        while True:
            token = self.peek()
            if token is not None and token.kind in ("op", "cmd") and token.value in _RELATIONS:
                self.take()
                chain.append(_RELATIONS[token.value])
                chain.append(self.range_operand())
            elif token is not None and token.is_("cmd", "in"):
                self.take()
                chain.append("in")
                chain.append(self.range_operand())
            elif token is not None and token.is_("op", ":"):
                self.take()
                chain.append(":")
                chain.append(self.range_operand())
            else:
                return chain

    def range_operand(self):
        start = self.peek()
        if self.at_op("|") and self.at("letter", None, 1) and not self.at("letter", "V", 1) and self.at_op("|", 2):
            self.take()
            letter = self.take()
            self.take()
            return _Absolute(Index(letter.value, 0, letter.pos))
        if start is not None and start.kind == "letter" and self._bare_index_follows():
            letter = self.take()
            return Index(letter.value, self.primes(), letter.pos)
        return self.expression()

    def _bare_index_follows(self):
        ahead = 1
        while self.at_op("'", ahead):
            ahead += 1
        token = self.peek(ahead)
        return token is None or token.is_("op", "}") or token.is_("op", ",") or token.is_("cmd", "\\") or (
            token.kind in ("op", "cmd") and (token.value in _RELATIONS or token.value in (":", "in")))


def _d_mark(tokens):
    r"""Length of the straight d that starts ``tokens`` (``d``, ``\mathrm d``, ``\mathrm{d}``), or 0."""
    if tokens and tokens[0].is_("letter", "d"):
        return 1
    if len(tokens) >= 2 and tokens[0].is_("cmd", "mathrm"):
        if tokens[1].is_("letter", "d"):
            return 2
        if len(tokens) >= 4 and tokens[1].is_("op", "{") and tokens[2].is_("letter", "d") and tokens[3].is_("op", "}"):
            return 4
    return 0


class _Absolute:
    """``|j|`` in a sum's range (``0 < |j| \\le m``): not a value, only read by :func:`_interpret_row`."""

    def __init__(self, index):
        self.index = index


class _Bracketed:
    """A ``[…]`` group, which may be followed by an entry subscript ``_{ij}``."""

    def __init__(self, node):
        self.node = node


def _takes_rest(node):
    """True for a sum or a derivative operator (or a function of one), which took the rest of the product."""
    if isinstance(node, Apply):
        node = node.argument
    return isinstance(node, Sum) or (isinstance(node, Derivative) and node.operator)


def _interpret_row(parser, row, index, lower, upper, conditions, sum_token):
    def as_index(node):
        if isinstance(node, Index):
            return node
        if isinstance(node, Symbol) and not node.index and not node.hat and len(node.name) == 1:
            return Index(node.name, node.primes, node.pos)
        return None

    if any(isinstance(item, _Absolute) for item in row):
        return _absolute_row(parser, row, index, conditions, sum_token)
    if "in" in row:
        if len(row) != 3 or row[1] != "in" or as_index(row[0]) is None or index is not None:
            raise parser.error(r"write a sum over the vocabulary as \sum_{w \in V}", sum_token)
        whole = row[2]
        if not (isinstance(whole, (Index, Symbol)) and whole.name in ("V", "|V|") and not getattr(whole, "index", ())
                and not getattr(whole, "hat", False) and not whole.primes):
            raise parser.error(r"a sum runs over the vocabulary V (\sum_{w \in V}); other sets are not part of the "
                               "notation", sum_token)
        return as_index(row[0]), Number(1, 1, sum_token.pos), Symbol("|V|", pos=sum_token.pos)
    if ":" in row:
        colon = row.index(":")
        head, rest = row[:colon], row[colon + 1:]
        if len(head) != 1 or as_index(head[0]) is None or index is not None:
            raise parser.error("write a conditional sum as \\sum_{k : w_k = w}", sum_token)
        index = as_index(head[0])
        row = rest
        if len(row) == 3:
            conditions.append(Condition(row[0], row[1], row[2], sum_token.pos))
            return index, lower, upper
        raise parser.error("a sum's condition is one relation, as in w_k = w", sum_token)
    if len(row) == 1:
        found = as_index(row[0])
        if found is None or index is not None:
            raise parser.error("a sum's range must start with its index letter", sum_token)
        return found, lower, upper
    if len(row) == 3:
        left, op, right = row
        if as_index(left) is not None and (index is None or as_index(left) == index):
            index = as_index(left)
            if op == "=":
                return index, right, upper
            conditions.append(Condition(left, op, right, sum_token.pos))
            return index, lower, upper
        if index is not None:
            conditions.append(Condition(left, op, right, sum_token.pos))
            return index, lower, upper
    if len(row) == 5 and row[1] == row[3] == "le" and as_index(row[2]) is not None:
        return as_index(row[2]), row[0], row[4]
    raise parser.error("cannot read this sum's range; write \\sum_{w}, \\sum_{w \\ne o}, "
                       "\\sum_{k=1}^{K} or \\sum_{\\substack{-m \\le j \\le m \\\\ j \\ne 0}}", sum_token)


def _absolute_row(parser, row, index, conditions, sum_token):
    r"""``0 < |j| \le m`` (or ``1 \le |j| \le m``, ``|j| \le m``): j from −m to m, without 0 for the first two."""
    def as_bound(node):
        if isinstance(node, Index):
            return Symbol(node.name, primes=node.primes, pos=node.pos)
        return node

    def fail():
        return parser.error(r"write the window as \sum_{0 < |j| \le m} or \sum_{-m \le j \le m,\, j \ne 0}", sum_token)

    def number(node, value):
        return isinstance(node, Number) and node.denominator == 1 and node.numerator == value

    if len(row) == 5 and isinstance(row[2], _Absolute) and row[3] == "le":
        letter, bound = row[2].index, row[4]
        if (row[1] == "lt" and number(row[0], 0)) or (row[1] == "le" and number(row[0], 1)):
            without_zero = True
        elif row[1] == "le" and number(row[0], 0):
            without_zero = False
        else:
            raise fail()
    elif len(row) == 3 and isinstance(row[0], _Absolute) and row[1] == "le":
        letter, bound, without_zero = row[0].index, row[2], False
    else:
        raise fail()
    if index is not None or isinstance(bound, _Absolute):
        raise fail()
    bound = as_bound(bound)
    if without_zero:
        conditions.append(Condition(letter, "ne", Number(0, 1, sum_token.pos), sum_token.pos))
    return letter, Add(((-1, bound),), sum_token.pos), bound


def _check_exponent(parser, exponent, caret):
    value = exponent
    sign = 1
    if isinstance(value, Add) and len(value.terms) == 1:
        sign, value = value.terms[0]
    if not isinstance(value, Number):
        raise parser.error("only numeric powers such as ^2 or ^{-1} are part of the notation "
                           "(and e^{…} for the exponential)", caret)
    if abs(value.numerator) > MAX_EXPONENT * value.denominator:
        raise parser.error(f"the power {sign * value.numerator}/{value.denominator} is too large "
                           f"(at most {MAX_EXPONENT})", caret)


def _number(text, pos):
    if "." in text:
        whole, fraction = text.split(".")
        return Number(int(whole + fraction), 10 ** len(fraction), pos)
    return Number(int(text), 1, pos)


def _show(token):
    if token.kind == "cmd":
        return "\\" + token.value if token.value != "\\" else "a line break \\\\"
    return repr(token.value)


def read_latex(text, offset=0):
    r"""Read one displayed line (no ``&``, no ``\\``) into a notation tree.

    Parameters
    ----------
    text : str
        LaTeX in the book's notation, e.g. ``r"-\mathbf{u}_o + \sum_{w} \hat{y}_w \mathbf{u}_w"``.
    offset : int
        Added to the positions kept in the tree (the line's place in its block).

    Raises
    ------
    NotationError
        For anything that is not the notation; the message names the macro or
        character and its position.

    Examples
    --------
    >>> read_latex(r"\sum_{w \ne o} \hat{y}_w \mathbf{u}_w + 1").terms[1][1]
    Number(numerator=1, denominator=1)
    """
    return _Parser(text, offset).read()


def read_condition(text):
    r"""Read one relation between indices, such as ``w \ne o``, into a :class:`Condition`.

    Examples
    --------
    >>> read_condition(r"w \ne o").op
    'ne'
    """
    return _Parser(text, 0).read_relation()
