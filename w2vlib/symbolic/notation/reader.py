"""What both front ends share: walking a token list, nesting caps, and sums of signed terms.

:class:`TokenReader` is the base of the LaTeX reader (:mod:`.latex`) and of the plain
reader (:mod:`.plain`); each adds its own grammar for terms and factors.
"""

from .tree import Add

__all__ = ["TokenReader", "NotationError", "MAX_DEPTH"]

MAX_DEPTH = 40          # nested groups, fractions, sums, powers …


class NotationError(ValueError):
    """Text that is not the book's notation; the message names what and where."""

    def __init__(self, message, position=None, text=None):
        self.position = position
        self.text = text
        if position is not None:
            snippet = text if text is not None and len(text) <= 60 else None
            where = f" at character {position}" + (f" of `{snippet}`" if snippet else "")
            message = f"{message}{where}"
        super().__init__(message)


class TokenReader:
    """A cursor over ``tokens`` (objects with ``kind``, ``value``, ``pos``) read from ``text``.

    ``what`` names the text in messages ("line", "answer"); ``offset`` is subtracted from
    token positions to report a position inside ``text``.
    """

    def __init__(self, text, tokens, *, what="line", offset=0):
        self.text = text
        self.tokens = tokens
        self.what = what
        self.offset = offset
        self.i = 0
        self.depth = 0

    def error(self, message, token=None):
        token = token if token is not None else self.peek()
        pos = (token.pos - self.offset) if token is not None else len(self.text)
        return NotationError(message, pos, self.text)

    def peek(self, ahead=0):
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def at(self, kind, value=None, ahead=0):
        token = self.peek(ahead)
        return token is not None and token.kind == kind and (value is None or token.value == value)

    def at_op(self, value, ahead=0):
        return self.at("op", value, ahead)

    def take(self):
        token = self.peek()
        if token is None:
            raise self.error(f"the {self.what} ends too early")
        self.i += 1
        return token

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the {'formula' if self.what == 'line' else self.what} is nested too deeply "
                             f"(more than {MAX_DEPTH} levels)")

    def leave(self):
        self.depth -= 1

    def expression(self):
        """Signed terms joined by ``+`` and ``-`` (a lone positive term is returned as it is)."""
        self.enter()
        start = self.peek()
        terms = []
        sign = 1
        if self.at_op("+") or self.at_op("-"):
            sign = 1 if self.take().value == "+" else -1
        terms.append((sign, self.term()))
        while self.at_op("+") or self.at_op("-"):
            sign = 1 if self.take().value == "+" else -1
            terms.append((sign, self.term()))
        self.leave()
        if len(terms) == 1 and terms[0][0] == 1:
            return terms[0][1]
        return Add(tuple(terms), start.pos if start else 0)

    def factor(self):
        """A primary (symbol, number, group, function …) with its superscripts and entries."""
        self.enter()
        node = self.postfix(self.primary())
        self.leave()
        return node

    # Each front end defines term() (its products), primary() and postfix().
