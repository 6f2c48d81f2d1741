r"""The plain front end: typed answers (``U(yhat - y)``, ``y_hat``, ``u_o.T @ v_c``) into the notation tree.

The same tree as the LaTeX reader (:mod:`.latex`) gives, from the spelling a reader types in
a code cell: the book's plain notation and the code spellings of its chapters. A tokenizer
and a recursive-descent grammar of their own: nothing is evaluated or executed, and input is
capped in size, tokens and depth (the caps of :mod:`.latex`).

What it reads
-------------
- ``P(O = w | C = c)`` (:math:`\\hat y_w`);
- names: one letter (``U``, ``x``, ``K``, ``m``), ``yhat``/``y_hat`` (:math:`\hat{\mathbf y}`),
  ``Wp``/``W_prime``/``W'`` (:math:`\mathbf W'`), ``EI``, ``EH``, ``eta``, ``tau``, ``lambda``,
  ``epsilon`` (or ``eps``), ``|V|``; subscripts
  ``u_o``, ``yhat_w``, ``u_{w}``, ``t_{c,j}``, ``y_{t+j}``, ``w'_ij``, and the code's ``y_hat[o]``;
- transposes ``^T``, ``^{T}``, ``.T``; powers ``^`` or ``**`` (a number, or one size symbol
  such as ``m``); products by ``*``, ``@`` or juxtaposition; ``/`` (a number glued to a name,
  ``2m``, is one factor, so ``a/2m`` is :math:`a/(2m)`);
- functions ``exp``, ``log``, ``ln``, ``sigma``, ``sigmoid``, ``sigma'``, ``np.exp``,
  ``np.log``, and ``e^x``, ``e^(...)``; without parentheses a function takes the next factor;
- sums ``sum_k(...)``, ``sum_k ...`` (the body runs to the next ``+``/``-``, as printed),
  ``sum_{k=1}^K ...``, ``sum_{w != o}``. ``sum_k (a) b`` with ``b`` using ``k`` is the sum of
  the product; with ``b`` not using ``k`` it is ``b`` times the sum.

Used by :func:`w2vlib.symbolic.answers.check_answer` (exercises of chapters 1–9).

Examples
--------
>>> from w2vlib.symbolic.notation.latex import read_latex
>>> read_plain("U(yhat - y)") == read_latex(r"\mathbf{U}(\hat{\mathbf{y}} - \mathbf{y})")
True
>>> read_plain("u_o.T @ v_c") == read_latex(r"\mathbf{u}_o^\top \mathbf{v}_c")
True
>>> read_plain("sum_{k=1}^K sigmoid(u_k^T v_c) u_k") == read_latex(r"\sum_{k=1}^{K} \sigma(u_k^T v_c) u_k")
True
>>> read_plain("import os")
Traceback (most recent call last):
...
w2vlib.symbolic.notation.plain.UnknownName: unknown name 'import' at character 0 of `import os`
"""

import re

from .latex import MAX_CHARACTERS, MAX_DIGITS, MAX_EXPONENT, MAX_TOKENS, NotationError, _interpret_row
from .reader import TokenReader
from .tree import (
    Add, Apply, Call, Condition, Entry, Frac, Index, IndexOf, IndexSum, Mul, Number, Power, Sum, Symbol, Transpose, walk,
)

__all__ = ["read_plain", "UnknownName", "FUNCTION_NAMES", "CALL_NAMES", "NAMED_SYMBOLS"]

#: Function spellings → the tree's function.
FUNCTION_NAMES = {"exp": "exp", "log": "log", "ln": "log", "sigma": "sigma", "sigmoid": "sigma"}
#: Functions of vectors → their number of arguments (``dot(u, v)`` is not one: an answer writes the
#: dot product of two columns as ``u^T v``, and the answers' hint says so).
CALL_NAMES = {"softmax": 1}
#: Multi-letter names → (symbol name, hat, primes).
NAMED_SYMBOLS = {
    "tau": ("tau", False, 0), "lambda": ("lambda", False, 0), "epsilon": ("epsilon", False, 0),
    "eps": ("epsilon", False, 0),  # the temperature, L2 and label-smoothing variants of chapters 1-2
    "yhat": ("y", True, 0), "Wp": ("W", False, 1), "Wprime": ("W", False, 1), "EI": ("EI", False, 0),
    "EH": ("EH", False, 0), "eta": ("eta", False, 0), "alpha": ("alpha", False, 0),
}
_CODE_PREFIXES = ("np", "numpy", "math", "torch", "sympy", "sp")
_RELATIONS = {"=": "=", "==": "=", "!=": "ne", "<=": "le", ">=": "ge", "<": "lt", ">": "gt"}
_TERM_END = {"+", "-", ")", "]", "}", ",", ":", "|"} | set(_RELATIONS)

_TOKEN = re.compile(r"""
  (?P<space>\s+)
| (?P<code>(?:np|numpy|math|torch|sympy|sp)\.(?:exp|log)\b)
| (?P<dot_t>\.T(?![A-Za-z0-9_]))
| (?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d{1,3}(?![A-Za-z0-9]))?|\.\d+)
| (?P<name>[A-Za-z]+)
| (?P<op>\*\*|!=|<=|>=|==|[-+*/^()\[\]{},_'|=<>@:])
| (?P<other>.)
""", re.X | re.S)

_HINTS = {
    ";": "write one expression (no ';')", "#": "comments are not part of an answer",
    '"': "an answer is a formula, not a string", "'": "", "\\": "a backslash starts LaTeX",
    "$": "write the formula without $ … $", "!": "write != for 'not equal'", ".": "a '.' belongs in "
    "a number (0.5) or in .T", "&": "write one line", "%": "there is no % in the notation",
    "`": "write the formula without backticks", "?": "", "~": "", "&&": "",
}


class UnknownName(NotationError):
    """A name the plain notation does not know; ``name`` holds it (for a closest-name hint)."""

    def __init__(self, name, position, text):
        self.name = name
        super().__init__(f"unknown name {name!r}", position, text)


class _Token:
    __slots__ = ("kind", "value", "pos", "glued")

    def __init__(self, kind, value, pos, glued):
        self.kind, self.value, self.pos, self.glued = kind, value, pos, glued

    def __repr__(self):
        return f"{self.kind}:{self.value}@{self.pos}"


def _tokenize(text):
    if len(text) > MAX_CHARACTERS:
        raise NotationError(f"the answer is too long ({len(text)} characters; at most {MAX_CHARACTERS})")
    tokens, glued = [], True
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value, pos = match.group(), match.start()
        if kind == "space":
            glued = False
            continue
        if kind == "other":
            hint = _HINTS.get(value, "")
            raise NotationError(f"the character {value!r} is not part of the notation" + (f" ({hint})" if hint else ""),
                                pos, text)
        if kind == "num" and len(value) > MAX_DIGITS:
            raise NotationError(f"the number {value[:12]}… has too many digits", pos, text)
        if kind == "code":
            kind, value = "name", value.split(".")[1]
        elif kind == "dot_t":
            kind, value = "op", ".T"
        elif kind == "op" and value == "**":
            value = "^"
        tokens.append(_Token(kind, value, pos, glued))
        glued = True
        if len(tokens) > MAX_TOKENS:
            raise NotationError(f"the answer has too many symbols (more than {MAX_TOKENS})")
    return tokens


def _number(text, pos):
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    numerator, denominator = int((whole or "0") + fraction), 10 ** len(fraction)
    if exponent:
        power = int(exponent)
        if abs(power) > 40:
            raise NotationError(f"the number {text} is outside the notation's range", pos)
        numerator, denominator = (numerator * 10 ** power, denominator) if power >= 0 else \
            (numerator, denominator * 10 ** -power)
    return Number(numerator, denominator, pos)


class _PlainParser(TokenReader):
    def __init__(self, text):
        super().__init__(text, _tokenize(text), what="answer")
        self.rest_taken = False

    def expect(self, value):
        token = self.peek()
        if token is None or token.kind != "op" or token.value != value:
            found = "the end of the answer" if token is None else repr(token.value)
            raise self.error(f"expected {value!r} but found {found}", token)
        return self.take()

    # ------------------------------------------------------------------ grammar
    def read(self):
        if not self.tokens:
            raise NotationError("the answer is empty")
        node = self.expression()
        token = self.peek()
        if token is not None:
            if token.kind == "op" and token.value in _RELATIONS:
                raise self.error("write only the result, not an equation (one side of '=')", token)
            if token.kind == "op" and token.value == ",":
                raise self.error("write one expression (a ',' only separates indices or a sum's range)", token)
            raise self.error(f"unexpected {token.value!r}", token)
        return node

    def term_ends(self):
        token = self.peek()
        if token is None:
            return True
        if token.kind == "op" and token.value == "|":
            return not (self.at("name", "V", 1) and self.at_op("|", 2))
        return token.kind == "op" and token.value in _TERM_END

    def term(self):
        self.enter()
        start = self.peek()
        factors = []
        while not self.term_ends():
            if self.at_op("*") or self.at_op("@") or self.at_op("/"):
                operator = self.take()
                if not factors:
                    raise self.error(f"{operator.value!r} needs something before it", operator)
                if self.term_ends():
                    raise self.error(f"{operator.value!r} needs something after it", operator)
                factor = self.signed_factor()
                if operator.value == "/":
                    numerator = factors[0] if len(factors) == 1 else Mul(tuple(factors), factors[0].pos)
                    factors = [Frac(numerator, factor, operator.pos)]
                    continue
            else:
                self.rest_taken = False
                factor = self.factor()
            factors.append(factor)
            if self.rest_taken:  # a printed sum took the rest of the product
                self.rest_taken = False
                break
        self.leave()
        if not factors:
            token = self.peek()
            found = "the end of the answer" if token is None else repr(token.value)
            raise self.error(f"expected a term but found {found}", token)
        return factors[0] if len(factors) == 1 else Mul(tuple(factors), start.pos)

    def signed_factor(self):
        if self.at_op("-") or self.at_op("+"):
            sign = self.take()
            factor = self.factor()
            return factor if sign.value == "+" else Add(((-1, factor),), sign.pos)
        return self.factor()

    def postfix(self, node):
        while True:
            if self.at_op(".T"):
                node = Transpose(node, self.take().pos)
            elif self.at_op("^"):
                caret = self.take()
                if self._transpose_follows():
                    node = Transpose(node, caret.pos)
                    continue
                exponent = self.exponent()
                if isinstance(node, Symbol) and node.name == "e" and not node.index and not node.hat \
                        and not node.primes:
                    node = Apply("exp", exponent, node.pos)
                    continue
                _check_exponent(self, exponent, caret)
                node = Power(node, exponent, caret.pos)
            else:
                return node

    def _transpose_follows(self):
        token = self.peek()
        if token is not None and token.kind == "name" and token.value in ("T", "top"):
            self.take()
            return True
        if token is not None and token.kind == "name" and token.value.startswith("T") and len(token.value) > 1 \
                and token.value != "T":
            # u_o^Tv_c: the T transposes, the rest is the next name
            self.tokens[self.i] = _Token("name", token.value[1:], token.pos + 1, False)
            return True
        for closer, opener in (("}", "{"), (")", "(")):
            if self.at_op(opener) and self.at("name", None, 1) and self.peek(1).value in ("T", "top") \
                    and self.at_op(closer, 2):
                self.take(), self.take(), self.take()
                return True
        return False

    def exponent(self):
        if self.at_op("-") or self.at_op("+"):
            sign = self.take()
            inner = self.exponent()
            return inner if sign.value == "+" else Add(((-1, inner),), sign.pos)
        if self.at_op("{"):
            self.take()
            inner = self.expression()
            self.expect("}")
            return inner
        return self.factor()

    def primary(self):
        token = self.peek()
        if token is None:
            raise self.error("the answer ends too early")
        if token.kind == "num":
            self.take()
            number = _number(token.value, token.pos)
            following = self.peek()
            if following is not None and following.kind == "name" and following.glued \
                    and following.value not in FUNCTION_NAMES and following.value not in ("sum", "Sum"):
                # a number glued to a name is one factor: 2m, so that a/2m is a/(2m)
                return Mul((number, self.postfix(self.symbol())), token.pos)
            return number
        if token.kind == "op":
            if token.value in ("(", "[", "{"):
                self.take()
                closer = {"(": ")", "[": "]", "{": "}"}[token.value]
                inner = self.expression()
                self.expect(closer)
                return inner
            if token.value == "|":
                if self.at("name", "V", 1) and self.at_op("|", 2):
                    self.take(), self.take(), self.take()
                    return Symbol("|V|", pos=token.pos)
                raise self.error("|…| is only used for the vocabulary size |V|", token)
            if token.value == ".T":
                raise self.error(".T transposes the factor before it", token)
            raise self.error(f"unexpected {token.value!r}", token)
        word = token.value
        if word in ("sum", "Sum"):
            return self.summation()
        if word in FUNCTION_NAMES:
            return self.function()
        if word in CALL_NAMES:
            return self.call()
        return self.symbol()

    def call(self):
        """``softmax(s)``, the softmax of a column (and ``softmax(s)_o``, one of its entries)."""
        token = self.take()
        count = CALL_NAMES[token.value]
        if not self.at_op("("):
            raise self.error(f"{token.value} takes its argument{'s' if count > 1 else ''} in parentheses: "
                             f"{token.value}(s)", token)
        self.take()
        arguments = [self.expression()]
        while self.at_op(","):
            self.take()
            arguments.append(self.expression())
        self.expect(")")
        if len(arguments) != count:
            raise self.error(f"{token.value}(…) takes {'two arguments' if count == 2 else 'one argument'}", token)
        node = Call(token.value, tuple(arguments), "", token.pos)
        if token.value == "softmax" and self.at_op("_"):
            underscore = self.take()
            return Entry(node, tuple(self.subscript()), underscore.pos)
        return node

    # ------------------------------------------------------------------ symbols
    def symbol(self):
        token = self.take()
        if token.kind != "name":
            raise self.error(f"expected a name but found {token.value!r}", token)
        word = token.value
        if word in NAMED_SYMBOLS:
            name, hat, primes = NAMED_SYMBOLS[word]
        elif len(word) == 1:
            name, hat, primes = word, False, 0
        else:
            raise UnknownName(word, token.pos, self.text)
        index = []
        while True:
            if self.at_op("'"):
                self.take()
                primes += 1
            elif self.at_op("_"):
                underscore = self.take()
                if self.at("name", "hat"):
                    self.take()
                    if hat:
                        raise self.error("a double hat is not part of the notation", underscore)
                    hat = True
                elif self.at("name", "prime"):
                    self.take()
                    primes += 1
                else:
                    if index:
                        raise self.error("write all indices in one subscript, as in t_{c,j}", underscore)
                    index = self.subscript()
            elif not index and self.at_op("[") and self.peek().glued and self._code_index_follows():
                self.take()  # y_hat[o], the chapters' code spelling of a component
                index = [Index(self.take().value, 0, self.peek(-1).pos)]
                self.expect("]")
            else:
                break
        node = Symbol(name, hat, primes, tuple(index), token.pos)
        if name == "P" and not index and not hat and not primes and self.at_op("("):
            return self.probability(node)
        return node

    def probability(self, node):
        """``P(O = w | C = c)``, as the book writes P(O = w \\mid C = c)."""
        self.expect("(")
        arguments = [self.relation()]
        while self.at_op("|") or self.at_op(","):
            self.take()
            arguments.append(self.relation())
        self.expect(")")
        return Call("P", tuple(arguments), "", node.pos)

    def relation(self):
        left = self.expression()
        token = self.peek()
        if token is None or token.kind != "op" or token.value not in _RELATIONS:
            raise self.error("write P(O = w | C = c)", token)
        self.take()
        return Condition(left, _RELATIONS[token.value], self.expression(), left.pos)

    def _code_index_follows(self):
        letter = self.peek(1)
        return letter is not None and letter.kind == "name" and len(letter.value) == 1 and self.at_op("]", 2)

    def subscript(self):
        token = self.peek()
        if token is None:
            raise self.error("a subscript is missing after '_'")
        if self.at_op("{"):
            self.take()
            self.enter()
            items = self.index_items()
            while self.at_op(","):
                self.take()
                items += self.index_items()
            self.leave()
            self.expect("}")
            return items
        token = self.take()
        if token.kind == "name":
            return [Index(letter, 0, token.pos + k) for k, letter in enumerate(token.value)] \
                + self._trailing_primes()
        if token.kind == "num" and token.value.isdigit():
            return [Number(int(token.value), 1, token.pos)]
        raise self.error(f"unexpected {token.value!r} in a subscript", token)

    def _trailing_primes(self):
        # u_{w'} is written in braces; a prime after u_w belongs to the name (handled by symbol())
        return []

    def index_items(self):
        items = []
        while True:
            token = self.peek()
            if token is None:
                raise self.error("a subscript is not closed")
            if token.kind == "op" and token.value in ("}", ","):
                break
            if token.kind == "op" and token.value in "+-":
                if not items or not isinstance(items[-1], Index):
                    raise self.error("an offset is added to a single index letter, as in t+j", token)
                self.take()
                offset = self.index_item()
                items.append(IndexSum(items.pop(), 1 if token.value == "+" else -1, offset, token.pos))
                continue
            items.extend(self.index_item(several=True))
        if not items:
            raise self.error("empty subscript")
        return items

    def index_item(self, several=False):
        token = self.take()
        if token.kind == "name":
            letters = [Index(letter, 0, token.pos + k) for k, letter in enumerate(token.value)]
            primes = 0
            while self.at_op("'"):
                self.take()
                primes += 1
            if primes:
                last = letters.pop()
                letters.append(Index(last.name, primes, last.pos))
            if self.at_op("_") and len(letters) == 1:
                self.take()
                inner = self.subscript()
                letters = [IndexOf(letters[0].name, False, tuple(inner), token.pos)]
            return letters if several else letters[0] if len(letters) == 1 else \
                self._fail("an offset is a single letter or number", token)
        if token.kind == "num" and token.value.isdigit():
            number = Number(int(token.value), 1, token.pos)
            return [number] if several else number
        raise self.error(f"unexpected {token.value!r} in a subscript", token)

    def _fail(self, message, token):
        raise self.error(message, token)

    # ------------------------------------------------------------------ functions and sums
    def function(self):
        token = self.take()
        function = FUNCTION_NAMES[token.value]
        if self.at_op("'"):
            if function != "sigma":
                raise self.error("only σ' has a derivative in the notation", token)
            self.take()
            function = "sigma'"
        if self.at_op("_"):
            raise self.error(f"{token.value} takes an argument in parentheses, {token.value}(x)", token)
        if self.at_op("("):
            self.take()
            argument = self.expression()
            if self.at_op(","):
                raise self.error(f"{token.value}(…) takes one argument", self.peek())
            self.expect(")")
        else:
            if self.term_ends() or self.at_op("*") or self.at_op("/") or self.at_op("@"):
                raise self.error(f"{token.value} needs an argument: {token.value}(x)", token)
            argument = self.factor()
        return Apply(function, argument, token.pos)

    def summation(self):
        token = self.take()
        if not self.at_op("_"):
            raise self.error("a sum needs its index: sum_k(…), sum_w(…) or sum_{k=1}^K …", token)
        self.take()
        if self.at_op("{"):
            self.take()
            rows = [self.range_row()]
            while self.at_op(","):
                self.take()
                rows.append(self.range_row())
            self.expect("}")
            index = lower = upper = None
            conditions = []
            for row in rows:
                index, lower, upper = _interpret_row(self, row, index, lower, upper, conditions, token)
            if index is None:
                raise self.error("a sum's range must name its index", token)
        else:
            letter = self.take()
            if letter.kind != "name" or len(letter.value) != 1:
                raise self.error("a sum's index is one letter: sum_k(…)", letter)
            index, lower, upper, conditions = Index(letter.value, 0, letter.pos), None, None, []
        if self.at_op("^"):
            self.take()
            if upper is not None:
                raise self.error("the sum has two upper bounds", token)
            upper = self.bound()
        if self.term_ends() or self.at_op("*") or self.at_op("@") or self.at_op("/"):
            raise self.error(f"the sum over {index.key} needs a body: sum_{index.key}(…)", token)
        if self.at_op("("):
            first = self.factor()
            rest = []
            while not self.term_ends():
                if self.at_op("*") or self.at_op("@"):
                    self.take()
                if self.at_op("/"):
                    break
                rest.append(self.factor())
            if not rest:
                return Sum(index, lower, upper, tuple(conditions), first, False, token.pos)
            self.rest_taken = True
            if any(_mentions(node, index.key) for node in rest):  # printed reading: the sum of the product
                return Sum(index, lower, upper, tuple(conditions), Mul((first, *rest), first.pos), False, token.pos)
            total = Sum(index, lower, upper, tuple(conditions), first, False, token.pos)
            return Mul((total, *rest), token.pos)
        body = self.term()
        self.rest_taken = True
        return Sum(index, lower, upper, tuple(conditions), body, False, token.pos)

    def bound(self):
        if self.at_op("{") or self.at_op("("):
            opener = self.take()
            inner = self.expression()
            self.expect("}" if opener.value == "{" else ")")
            return inner
        if self.at_op("|"):
            return self.primary()
        token = self.peek()
        if token is not None and token.kind == "num":
            return self.primary()
        if token is not None and token.kind == "name":
            return self.symbol()
        raise self.error("write the sum's upper bound as K, |V|, C or {…}", token)

    def range_row(self):
        chain = [self.range_operand()]
        while True:
            token = self.peek()
            if token is not None and token.kind == "op" and token.value in _RELATIONS:
                self.take()
                chain.append(_RELATIONS[token.value])
                chain.append(self.range_operand())
            elif token is not None and token.kind == "name" and token.value == "in":
                self.take()  # sum_{w in V}
                chain.append("in")
                chain.append(self.range_operand())
            else:
                return chain

    def range_operand(self):
        token = self.peek()
        following = self.peek(1)
        if token is not None and token.kind == "name" and len(token.value) == 1 and (
                following is None or (following.kind == "op" and (following.value in _RELATIONS or
                                                                   following.value in ("}", ","))) or
                (following.kind == "name" and following.value == "in")):
            self.take()
            return Index(token.value, 0, token.pos)
        return self.expression()


def _mentions(node, letter):
    return any(isinstance(item, Index) and item.key == letter for item in walk(node))


def _check_exponent(parser, exponent, caret):
    value, sign = exponent, 1
    if isinstance(value, Add) and len(value.terms) == 1:
        sign, value = value.terms[0]
    if isinstance(value, Symbol) and not value.index and not value.hat and len(value.name) == 1:
        return  # a size such as 2^m (read, so that a wrong count can be shown)
    if not isinstance(value, Number):
        raise parser.error("a power is a number, as in ^2 or ^(-1) (and e^(…) for the exponential)", caret)
    if abs(value.numerator) > MAX_EXPONENT * value.denominator:
        raise parser.error(f"the power {sign * value.numerator}/{value.denominator} is too large "
                           f"(at most {MAX_EXPONENT})", caret)


def read_plain(text):
    r"""Read a typed answer in the plain or code spelling into a notation tree.

    Parameters
    ----------
    text : str
        ASCII text (unicode is normalised first by :func:`.unicode.normalize`), e.g.
        ``"-u_o + sum_w(yhat_w u_w)"``.

    Raises
    ------
    NotationError
        Anything outside the notation, with its position; :class:`UnknownName` for an unknown name.

    Examples
    --------
    >>> read_plain("e^-x") == read_plain("exp(-x)") == read_plain("np.exp(-x)")
    True
    >>> read_plain("sum_j(U(yhat - y_j))/2m").denominator
    Mul(factors=(Number(numerator=2, denominator=1), Symbol(name='m', hat=False, primes=0, index=())))
    """
    if not isinstance(text, str):
        raise NotationError(f"expected text, got {type(text).__name__}")
    return _PlainParser(text).read()
