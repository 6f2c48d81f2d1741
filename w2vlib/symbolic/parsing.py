r"""Turn a reader's typed answer into a SymPy expression, safely.

The text is never given to ``eval``, ``sympify`` or ``parse_expr`` (they run
code). Instead: a character whitelist and a length cap, a small tokenizer that
rewrites the reader's notation into a restricted Python expression (``^`` →
``**``, ``^T`` → a transpose marker, juxtaposition → ``*``), ``ast.parse`` in
``eval`` mode, and a walk over the syntax tree that accepts only numbers,
names the question provides, ``+ - * / @``, small constant powers, ``exp``,
``log``, ``sigma`` and index sums ``sum_k(...)``, building SymPy objects directly.
:func:`answer_latex` shows the reader how the answer was read, as LaTeX.
Used by :mod:`w2vlib.symbolic.answers` for the book's exercises.

Notation
--------
- numbers ``2``, ``0.5``; ``+ - * / ^ **``; parentheses;
- products: ``*`` and ``@`` are matrix products when both sides are matrices,
  scalar multiplication otherwise; juxtaposition also multiplies:
  ``2x``, ``U(yhat - y)``, ``v_c(1 - sigma(x))``, ``u_o^T v_c``;
- transpose: ``^T`` after a name or a parenthesised group, e.g. ``(yhat - y)^T``;
- powers: the exponent must be a number with absolute value at most 10; powers
  of vectors and matrices are not defined (use ``^T``);
- functions ``exp``, ``log``, ``sigma`` (the logistic sigmoid, see :class:`sigma`)
  take one argument; on a vector or matrix they act entry by entry;
- sums: ``sum_k(<expr>)`` evaluates ``<expr>`` once per binding in
  ``index_sets["k"]`` and adds the results (likewise ``sum_w``, ``sum_j``, …).

A 1×1 matrix result (e.g. ``u_o^T v_c``) becomes a scalar.

Examples
--------
>>> x = sympy.Symbol("x", real=True)
>>> parse_answer("2x^2 + sigma(x)", {"x": x})
2*x**2 + sigma(x)
>>> v = sympy.Matrix([x, 1])
>>> parse_answer("v^T v", {"v": v})
x**2 + 1
>>> parse_answer("__import__('os')", {"x": x})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
w2vlib.symbolic.parsing.AnswerParseError: the character "'" (position 11) is not allowed...
"""

import ast
import keyword
import re

import sympy

__all__ = ["parse_answer", "answer_latex", "AnswerParseError", "sigma"]

_ALLOWED_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ +-*/^().,@"
)
_TOKEN_PATTERN = re.compile(
    r"(?P<space> +)|(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<op>\*\*|[-+*/^()@,])"
)
_SUM_PATTERN = re.compile(r"sum_([A-Za-z][A-Za-z0-9]*)")
_TRANSPOSE = "_T"  # cannot be typed: reader names start with a letter
_MAX_NUMBER_LENGTH = 12
_MAX_NESTING = 30
_MAX_NODES = 1000
_MAX_WORK = 20_000  # node evaluations plus scalar operations inside matrix arithmetic
_MAX_TREE_SIZE = 50_000
_MAX_SUM_NESTING = 3
_MAX_EXPONENT = 10
_MAX_NUMBER_BITS = 2000


class AnswerParseError(ValueError):
    """The answer text could not be read; the message is meant for the reader."""


class sigma(sympy.Function):  # noqa: N801 - SymPy functions are lowercase classes
    r"""The logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`, printed as :math:`\sigma`.

    ``sigma(x).rewrite(sympy.exp)`` gives the explicit form, ``diff`` knows
    :math:`\sigma' = \sigma(1-\sigma)`, and ``lambdify`` evaluates it with NumPy.

    Examples
    --------
    >>> x = sympy.Symbol("x", real=True)
    >>> sigma(x).rewrite(sympy.exp)
    1/(1 + exp(-x))
    >>> sympy.diff(sigma(x), x)
    (1 - sigma(x))*sigma(x)
    >>> sympy.latex(sigma(x) ** 2)
    '\\sigma^{2}\\left(x\\right)'
    """

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sympy.S.Half
        return None

    def fdiff(self, argindex=1):
        value = sigma(self.args[0])
        return value * (1 - value)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sympy.exp(-arg))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _latex(self, printer, exp=None):
        name = r"\sigma" if exp is None else rf"\sigma^{{{exp}}}"
        return rf"{name}\left({printer._print(self.args[0])}\right)"

    def _numpycode(self, printer):
        exp = printer._module_format(printer._module + ".exp")
        return f"1/(1 + {exp}(-({printer._print(self.args[0])})))"


_FUNCTIONS = {"exp": sympy.exp, "log": sympy.log, "sigma": sigma, "tanh": sympy.tanh}


# --------------------------------------------------------------------------- text → restricted Python


def _check_characters(text):
    for position, character in enumerate(text):
        if character not in _ALLOWED_CHARACTERS:
            if character in "{}[]":
                hint = "; use ( ) for grouping"
            elif character in "\r\n\t":
                hint = "; write the answer on one line"
            elif not character.isascii():
                hint = f" (U+{ord(character):04X}); use plain ASCII letters, digits and + - * / ^ ( )"
            else:
                hint = "; use letters, digits, spaces and + - * / ^ @ ( )"
            shown = repr(character)  # quotes the character and escapes invisible ones
            raise AnswerParseError(f"the character {shown} (position {position}) is not allowed{hint}")
    if "__" in text:
        raise AnswerParseError("double underscores are not allowed in answers")


def _tokenize(text):
    """List of (kind, text, position); kinds: number, name, op."""
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN_PATTERN.match(text, position)
        if match is None:
            character = text[position]
            if character == ".":
                raise AnswerParseError(f"unexpected '.' at position {position}; write decimals like 0.5 "
                                       "and transposes as ^T")
            raise AnswerParseError(f"unexpected {character!r} at position {position}")
        kind = match.lastgroup
        if kind != "space":
            token = match.group()
            if kind == "number" and len(token) > _MAX_NUMBER_LENGTH:
                raise AnswerParseError(f"the number {token[:20]}… is too long")
            if kind == "name" and keyword.iskeyword(token):
                raise AnswerParseError(f"unknown name {token!r}")
            tokens.append((kind, token, position))
        position = match.end()
    return tokens


class _Vocabulary:
    """What the reader may write: value names, function names, sum indices."""

    def __init__(self, names, functions, index_sets):
        self.values = names
        self.functions = functions
        self.index_sets = index_sets
        self.bound_names = {key for bindings in index_sets.values() for binding in bindings for key in binding}

    def is_value(self, name):
        return name in self.values or name in self.bound_names

    def is_callable(self, name):
        return name in self.functions or _SUM_PATTERN.fullmatch(name) is not None


def _split_transpose(tokens, vocabulary):
    """``x^Tv`` typed without a space: split the name ``Tv`` after ``^`` into ``T`` and ``v``."""
    result = []
    for index, token in enumerate(tokens):
        kind, text, position = token
        after_caret = index > 0 and tokens[index - 1][1] == "^"
        if (after_caret and kind == "name" and len(text) > 1 and text[0] == "T"
                and not vocabulary.is_value(text)
                and (vocabulary.is_value(text[1:]) or vocabulary.is_callable(text[1:]))):
            result.append(("name", "T", position))
            result.append(("name", text[1:], position + 1))
        else:
            result.append(token)
    return result


def _check_parentheses(tokens):
    depth = 0
    for _, text, position in tokens:
        depth += {"(": 1, ")": -1}.get(text, 0)
        if depth < 0:
            raise AnswerParseError(f"the ')' at position {position} has no matching '('")
        if depth > _MAX_NESTING:
            raise AnswerParseError("too many nested parentheses")
    if depth > 0:
        raise AnswerParseError(f"{depth} '(' {'is' if depth == 1 else 'are'} never closed")


def _to_python(tokens, vocabulary):
    """Restricted Python source: ``^`` → ``**``, ``^T`` → ``**_T``, explicit ``*`` for juxtaposition."""
    _check_parentheses(tokens)
    output = []
    previous = None  # kind of the previous emitted item: "operand", "callable", "op", "open"
    index = 0
    while index < len(tokens):
        kind, text, position = tokens[index]
        if text == "^" and index + 1 < len(tokens) and tokens[index + 1][1] == "T" \
                and not vocabulary.is_value("T"):
            if previous != "operand":
                raise AnswerParseError(f"^T at position {position} must follow a name or a parenthesised group")
            if output[-2:] == ["**", _TRANSPOSE]:  # x^T^T is x
                del output[-2:]
            else:
                output.extend(["**", _TRANSPOSE])
            previous = "operand"
            index += 2
            continue
        starts_operand = kind in ("number", "name") or text == "("
        if starts_operand and previous == "operand":
            if kind == "number" and output and re.fullmatch(r"[\d.]+", output[-1]):
                raise AnswerParseError(f"two numbers in a row at position {position}: put an operator between them")
            output.append("*")
        if previous == "callable" and text != "(":
            raise AnswerParseError(f"write {output[-1]}(...) with parentheses")
        if kind == "number":
            output.append(text)
            previous = "operand"
        elif kind == "name":
            output.append(text)
            callable_next = index + 1 < len(tokens) and tokens[index + 1][1] == "("
            if vocabulary.is_callable(text) and not vocabulary.is_value(text):
                previous = "callable"
            elif not vocabulary.is_value(text):
                noun = "function or name" if callable_next else "name"
                raise AnswerParseError(f"unknown {noun} {text!r}. {_available(vocabulary)}")
            else:
                previous = "operand"
        elif text == "(":
            output.append(text)
            previous = "open"
        elif text == ")":
            output.append(text)
            previous = "operand"
        else:
            output.append("**" if text == "^" else text)
            previous = "op"
        index += 1
    if previous == "callable":
        raise AnswerParseError(f"write {output[-1]}(...) with parentheses")
    return " ".join(output)


def _available(vocabulary):
    names = ", ".join(sorted(vocabulary.values))
    functions = ", ".join(sorted(vocabulary.functions))
    sums = ", ".join(f"sum_{key}(...)" for key in sorted(vocabulary.index_sets))
    text = f"You can use: {names}" + (f"; functions {functions}" if functions else "")
    return text + (f"; sums {sums}" if sums else "") + "."


# --------------------------------------------------------------------------- syntax tree → SymPy


def shape_of(value):
    """``(rows, cols)`` of a SymPy matrix, ``()`` for a scalar."""
    return tuple(value.shape) if isinstance(value, sympy.MatrixBase) else ()


def describe_shape(shape):
    """Words for a shape, as students read them: ``"a 3×1 column vector"``, ``"a scalar"``."""
    if shape == ():
        return "a scalar"
    rows, cols = shape
    if cols == 1:
        return f"a {rows}×1 column vector"
    if rows == 1:
        return f"a 1×{cols} row vector"
    return f"a {rows}×{cols} matrix"


def _describe(value):
    return describe_shape(shape_of(value))


def _as_value(value):
    """Scalar SymPy expression or ImmutableMatrix; a 1×1 matrix becomes its entry."""
    if isinstance(value, sympy.MatrixBase):
        if value.shape == (1, 1):
            return value[0, 0]
        return sympy.ImmutableMatrix(value)
    return value


def _student_text(node):
    """The reader's notation for a subtree (for messages)."""
    text = re.sub(rf"\s*\*\*\s*{_TRANSPOSE}\b", "^T", ast.unparse(node))
    text = re.sub(r"\s*\*\*\s*", "^", text)
    return text if len(text) <= 40 else text[:37] + "..."


class _Builder:
    """Walks the restricted syntax tree and builds SymPy values."""

    _OPERATORS = {ast.Add: "add", ast.Sub: "subtract", ast.Mult: "multiply", ast.MatMult: "multiply",
                  ast.Div: "divide", ast.Pow: "power"}

    def __init__(self, vocabulary):
        self.vocabulary = vocabulary
        self.work = 0
        self.sum_depth = 0
        self.tree_sizes = {}

    def spend(self, work):
        self.work += work
        if self.work > _MAX_WORK:
            raise AnswerParseError("the answer needs too much work to evaluate (too many nested sums or products?)")

    def build(self, node, scope):
        self.spend(1)
        if isinstance(node, ast.Expression):
            return self.build(node.body, scope)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node, scope)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.build(node.operand, scope)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in self._OPERATORS:
            return self.binary(node, scope)
        if isinstance(node, ast.Call):
            return self.call(node, scope)
        raise AnswerParseError(f"this kind of expression is not allowed: {_student_text(node)}")

    def constant(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerParseError("only numbers, names and operators are allowed")
        if isinstance(value, int):
            return sympy.Integer(value)
        return sympy.Rational(repr(value))

    def name(self, node, scope):
        if node.id in scope:
            return scope[node.id]
        if node.id == _TRANSPOSE:
            raise AnswerParseError("^T cannot be raised to a power here; add parentheses, e.g. (v^T v)^2")
        if node.id in self.vocabulary.bound_names:
            letters = sorted(key for key, bindings in self.vocabulary.index_sets.items()
                             if any(node.id in binding for binding in bindings))
            inside = " or ".join(f"sum_{letter}(...)" for letter in letters)
            raise AnswerParseError(f"{node.id} only has a meaning inside {inside}")
        if self.vocabulary.is_callable(node.id):
            raise AnswerParseError(f"{node.id} is a function: write {node.id}(...)")
        raise AnswerParseError(f"unknown name {node.id!r}. {_available(self.vocabulary)}")

    def binary(self, node, scope):
        if isinstance(node.op, ast.Pow):
            return self.power(node, scope)
        left, right = self.build(node.left, scope), self.build(node.right, scope)
        if isinstance(node.op, (ast.Add, ast.Sub)):
            if shape_of(left) != shape_of(right):
                verb = "add" if isinstance(node.op, ast.Add) else "subtract"
                raise AnswerParseError(
                    f"cannot {verb} {_describe(left)} ({_student_text(node.left)}) and "
                    f"{_describe(right)} ({_student_text(node.right)})")
            result = left + right if isinstance(node.op, ast.Add) else left - right
        elif isinstance(node.op, (ast.Mult, ast.MatMult)):
            if shape_of(left) and shape_of(right) and left.shape[1] != right.shape[0]:
                raise AnswerParseError(
                    f"cannot multiply {_describe(left)} ({_student_text(node.left)}) by "
                    f"{_describe(right)} ({_student_text(node.right)}): the inner sizes "
                    f"{left.shape[1]} and {right.shape[0]} differ")
            if shape_of(left) and shape_of(right):
                self.spend(left.shape[0] * left.shape[1] * right.shape[1])
            result = left * right
        else:  # division
            if shape_of(right):
                raise AnswerParseError(f"cannot divide by {_describe(right)} ({_student_text(node.right)})")
            if right == 0:
                raise AnswerParseError("division by zero")
            result = left / right
        return self.checked(_as_value(result))

    def power(self, node, scope):
        base = self.build(node.left, scope)
        if isinstance(node.right, ast.Name) and node.right.id == _TRANSPOSE:
            return _as_value(base.T) if shape_of(base) else base
        exponent = self.build(node.right, scope)
        if shape_of(exponent) or not exponent.is_Rational:
            raise AnswerParseError(f"the exponent in {_student_text(node)} must be a number")
        if abs(exponent) > _MAX_EXPONENT:
            raise AnswerParseError(f"the exponent {exponent} is too large (at most {_MAX_EXPONENT} in size)")
        if shape_of(base):
            raise AnswerParseError(f"powers of {_describe(base)} ({_student_text(node.left)}) are not defined here; "
                                   "use ^T for a transpose or write the product out")
        if base.is_Rational:
            bits = max(abs(base.p).bit_length(), base.q.bit_length()) * abs(exponent)
            if bits > _MAX_NUMBER_BITS:
                raise AnswerParseError("a number in the answer is too large")
            if base == 0 and exponent < 0:
                raise AnswerParseError("division by zero")
        result = base ** exponent
        if result.is_Pow and result.exp.is_Rational and abs(result.exp) > _MAX_EXPONENT ** 2:
            raise AnswerParseError(f"the power in {_student_text(node)} is too large")
        return self.checked(result)

    def call(self, node, scope):
        if not isinstance(node.func, ast.Name) or node.keywords or len(node.args) != 1:
            raise AnswerParseError(f"a function takes exactly one argument: {_student_text(node)}")
        function_name = node.func.id
        sum_match = _SUM_PATTERN.fullmatch(function_name)
        if sum_match is not None and function_name not in self.vocabulary.functions:
            return self.index_sum(sum_match.group(1), node.args[0], scope)
        if function_name not in self.vocabulary.functions:
            raise AnswerParseError(f"unknown function {function_name!r}. {_available(self.vocabulary)}")
        argument = self.build(node.args[0], scope)
        function = _FUNCTIONS[function_name]
        if function is sympy.log and not shape_of(argument) and argument.is_zero:
            raise AnswerParseError("log(0) is undefined")
        result = argument.applyfunc(function) if shape_of(argument) else function(argument)
        return self.checked(_as_value(result))

    def index_sum(self, letter, body, scope):
        bindings = self.vocabulary.index_sets.get(letter)
        if bindings is None:
            available = ", ".join(f"sum_{key}" for key in sorted(self.vocabulary.index_sets)) or "none"
            raise AnswerParseError(f"there is no sum over {letter} in this question (available: {available})")
        self.sum_depth += 1
        if self.sum_depth > _MAX_SUM_NESTING:
            raise AnswerParseError(f"sums may be nested at most {_MAX_SUM_NESTING} deep")
        total = None
        for binding in bindings:
            term = self.build(body, {**scope, **binding})
            if total is not None and shape_of(total) != shape_of(term):
                raise AnswerParseError(f"the terms of sum_{letter}(...) have different shapes: "
                                       f"{_describe(total)} and {_describe(term)}")
            total = term if total is None else self.checked(_as_value(total + term))
        self.sum_depth -= 1
        return sympy.Integer(0) if total is None else total

    def checked(self, value):
        """Refuse results whose expression tree is too large to check."""
        entries = list(value) if shape_of(value) else [value]
        self.spend(len(entries))
        if sum(self.tree_size(entry) for entry in entries) > _MAX_TREE_SIZE:
            raise AnswerParseError("the answer is too large to check; simplify it first")
        return value

    def tree_size(self, expr):
        size = self.tree_sizes.get(expr)
        if size is None:
            size = 1 + sum(self.tree_size(argument) for argument in expr.args)
            self.tree_sizes[expr] = size
        return size



# --------------------------------------------------------------------------- syntax tree → LaTeX (display)

_LATEX_NAMES = {"Wp": r"\mathbf{W}'", "W_prime": r"\mathbf{W}'"}  # Rong's W′
_FUNCTION_LATEX = {"exp": r"\exp", "log": r"\log", "sigma": r"\sigma", "tanh": r"\tanh"}
_PRECEDENCE = {"add": 1, "mul": 2, "unary": 3, "pow": 4, "atom": 5}


def _name_latex(name, value):
    r"""``v_c`` → ``\mathbf{v}_{c}`` for a vector, ``yhat_o`` → ``\hat{y}_{o}``, ``EI`` → ``\mathrm{EI}``."""
    if name in _LATEX_NAMES:
        return _LATEX_NAMES[name]
    base, _, subscript = name.partition("_")
    is_array = isinstance(value, sympy.MatrixBase)
    if len(base) > 3 and base.endswith("hat"):
        letter = base[:-3]
        base_latex = rf"\hat{{\mathbf{{{letter}}}}}" if is_array else rf"\hat{{{letter}}}"
    elif len(base) > 1:
        base_latex = rf"\mathrm{{{base}}}"
    else:
        base_latex = rf"\mathbf{{{base}}}" if is_array else base
    if not subscript:
        return base_latex
    return rf"{base_latex}_{{{subscript.replace('_', ',')}}}"


class _LatexWriter:
    """LaTeX of an accepted answer, from its restricted syntax tree (display only)."""

    def __init__(self, values):
        self.values = values

    def write(self, node):
        return self.visit(node)[0]

    def visit(self, node):
        """(latex, precedence)."""
        if isinstance(node, ast.Expression):
            return self.visit(node.body)
        if isinstance(node, ast.Constant):
            return str(node.value), _PRECEDENCE["atom"]
        if isinstance(node, ast.Name):
            return _name_latex(node.id, self.values.get(node.id)), _PRECEDENCE["atom"]
        if isinstance(node, ast.UnaryOp):
            inner = self.wrap(node.operand, _PRECEDENCE["unary"])
            return ("-" if isinstance(node.op, ast.USub) else "+") + inner, _PRECEDENCE["unary"]
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1:
            argument = self.write(node.args[0])
            name = node.func.id
            sum_match = _SUM_PATTERN.fullmatch(name)
            if sum_match is not None and name not in _FUNCTION_LATEX:
                return rf"\sum_{{{sum_match.group(1)}}} \left({argument}\right)", _PRECEDENCE["unary"]
            return rf"{_FUNCTION_LATEX[name]}\left({argument}\right)", _PRECEDENCE["atom"]
        raise ValueError("unexpected syntax")

    def wrap(self, node, precedence, strict=False):
        latex, own = self.visit(node)
        if own < precedence or (strict and own == precedence):
            return rf"\left({latex}\right)"
        return latex

    def binary(self, node):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            left = self.wrap(node.left, _PRECEDENCE["add"])
            right = self.wrap(node.right, _PRECEDENCE["add"], strict=isinstance(node.op, ast.Sub))
            operator = " + " if isinstance(node.op, ast.Add) else " - "
            if isinstance(node.op, ast.Add) and right.startswith("-"):
                right = rf"\left({right}\right)"
            return left + operator + right, _PRECEDENCE["add"]
        if isinstance(node.op, (ast.Mult, ast.MatMult)):
            left = self.wrap(node.left, _PRECEDENCE["mul"])
            right = self.wrap(node.right, _PRECEDENCE["mul"], strict=True)
            if right.startswith("-"):
                right = rf"\left({right}\right)"
            separator = r" \cdot " if isinstance(node.right, ast.Constant) else r"\,"
            return left + separator + right, _PRECEDENCE["mul"]
        if isinstance(node.op, ast.Div):
            return rf"\frac{{{self.write(node.left)}}}{{{self.write(node.right)}}}", _PRECEDENCE["atom"]
        if isinstance(node.op, ast.Pow):
            base = self.wrap(node.left, _PRECEDENCE["pow"], strict=True)
            if isinstance(node.right, ast.Name) and node.right.id == _TRANSPOSE:
                return base + r"^\top", _PRECEDENCE["pow"]
            return f"{base}^{{{self.write(node.right)}}}", _PRECEDENCE["pow"]
        raise ValueError("unexpected operator")


# --------------------------------------------------------------------------- public entry points

def _prepare_names(names, functions, index_sets):
    if not isinstance(names, dict):
        raise TypeError(f"names must be a dict identifier → SymPy object, got {type(names).__name__}")
    unknown_functions = [name for name in functions if name not in _FUNCTIONS]
    if unknown_functions:
        raise ValueError(f"functions must be among {sorted(_FUNCTIONS)}, got {unknown_functions}")

    def prepare(mapping, where):
        prepared = {}
        for key, value in mapping.items():
            if not isinstance(key, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", key) or "__" in key:
                raise ValueError(f"{where} keys must be identifiers starting with a letter, got {key!r}")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = sympy.Rational(repr(value)) if isinstance(value, float) else sympy.Integer(value)
            if not isinstance(value, (sympy.Basic, sympy.MatrixBase)):
                raise TypeError(f"{where}[{key!r}] must be a SymPy expression or Matrix, got {type(value).__name__}")
            prepared[key] = _as_value(value)
        return prepared

    index_sets = {} if index_sets is None else index_sets
    if not isinstance(index_sets, dict):
        raise TypeError("index_sets must be a dict letter → list of binding dicts")
    prepared_sets = {letter: [prepare(binding, f"index_sets[{letter!r}]") for binding in bindings]
                     for letter, bindings in index_sets.items()}
    return prepare(names, "names"), prepared_sets


def parse_answer(text, names, *, functions=("exp", "log", "sigma"), index_sets=None, max_length=500):
    r"""Read a typed answer into a SymPy scalar or ``ImmutableMatrix`` without executing it.

    Parameters
    ----------
    text : str
        What the reader typed, e.g. ``"U(yhat - y)"`` or ``"-(1 - sigma(u_o^T v_c)) v_c"``.
    names : dict
        Identifier → SymPy scalar or Matrix (vectors are d×1), e.g. the ``.names``
        of a context from :mod:`w2vlib.symbolic.contexts`.
    functions : tuple of str
        Function names allowed, among ``exp``, ``log``, ``sigma``, ``tanh``.
    index_sets : dict, optional
        Index letter → list of binding dicts for ``sum_<letter>(...)``: the body
        is evaluated once per binding (merged over ``names``) and the results added.
    max_length : int
        Longest accepted answer, in characters.

    Returns
    -------
    sympy.Expr or sympy.ImmutableMatrix
        A 1×1 result is returned as a scalar.

    Raises
    ------
    AnswerParseError
        With a message for the reader: disallowed characters, unknown names,
        unbalanced parentheses, shape mismatches (naming both shapes), exponents
        that are not small numbers, answers too long or too large.

    See Also
    --------
    answer_latex : how the same text was read, as LaTeX for the reader.

    Examples
    --------
    >>> a, b = sympy.symbols("a b", real=True)
    >>> u, w = sympy.Matrix([a, b]), sympy.Matrix([1, 2])
    >>> parse_answer("sum_k(x_k x_k^T) u", {"u": u}, index_sets={"k": [{"x_k": u}, {"x_k": w}]}).T
    Matrix([[a*(a**2 + 1) + b*(a*b + 2), a*(a*b + 2) + b*(b**2 + 4)]])
    >>> parse_answer("u + u^T", {"u": u})
    Traceback (most recent call last):
    ...
    w2vlib.symbolic.parsing.AnswerParseError: cannot add a 2×1 column vector (u) and a 1×2 row vector (u^T)
    """
    _, _, result = _read_guarded(text, names, functions, index_sets, max_length)
    return result


def answer_latex(text, names, *, functions=("exp", "log", "sigma"), index_sets=None, max_length=500):
    r"""LaTeX of how :func:`parse_answer` read a typed answer, to show it back to the reader.

    The answer is read and checked exactly as by :func:`parse_answer` (same
    whitelist, same syntax-tree walk, never ``eval``/``sympify``); the LaTeX is
    then written from the syntax tree, so it shows the answer *as written* —
    sums stay ``\sum_k``, transposes ``^\top``, ``yhat`` a hat — instead of the
    component-wise expression over the concrete sizes. Names whose value is a
    vector or matrix are bold (``v_c`` → :math:`\mathbf v_c`), ``yhat``-style names
    get a hat, other multi-letter names are upright (``EI`` → :math:`\mathrm{EI}`),
    and ``Wp``/``W_prime`` is Rong's :math:`\mathbf W'` (chapter on Rong's notation).

    Parameters
    ----------
    text : str
        What the reader typed, e.g. ``"U(yhat - y)"``.
    names : dict
        Identifier → SymPy scalar or Matrix, as for :func:`parse_answer`; decides
        which names are printed bold.
    functions : tuple of str
        Function names allowed, among ``exp``, ``log``, ``sigma``, ``tanh``.
    index_sets : dict, optional
        Index letter → list of binding dicts for ``sum_<letter>(...)``, as for
        :func:`parse_answer`.
    max_length : int
        Longest accepted answer, in characters.

    Returns
    -------
    str
        LaTeX without surrounding ``$``, e.g. ``\mathbf{U}\,\left(\hat{\mathbf{y}} - \mathbf{y}\right)``.

    Raises
    ------
    AnswerParseError
        For any text :func:`parse_answer` refuses, with the same message.

    Examples
    --------
    >>> x = sympy.Symbol("x", real=True)
    >>> v, w = sympy.Matrix([x, 1]), sympy.Matrix([2, x])
    >>> print(answer_latex("-(1 - sigma(v^T u_o)) u_o", {"v": v, "u_o": w}))
    -\left(1 - \sigma\left(\mathbf{v}^\top\,\mathbf{u}_{o}\right)\right)\,\mathbf{u}_{o}
    >>> print(answer_latex("sum_k(yhat_k u_k) / 2", {}, index_sets={"k": [{"yhat_k": x, "u_k": v}]}))
    \frac{\sum_{k} \left(\hat{y}_{k}\,\mathbf{u}_{k}\right)}{2}
    >>> answer_latex("v + v^T", {"v": v})
    Traceback (most recent call last):
    ...
    w2vlib.symbolic.parsing.AnswerParseError: cannot add a 2×1 column vector (v) and a 1×2 row vector (v^T)
    """
    tree, vocabulary, _ = _read_guarded(text, names, functions, index_sets, max_length)
    values = dict(vocabulary.values)
    for bindings in vocabulary.index_sets.values():
        for binding in bindings[:1]:  # every binding of an index has the same shapes
            values.update({key: value for key, value in binding.items() if key not in values})
    try:
        return _LatexWriter(values).write(tree)
    except (Exception, RecursionError) as error:  # the tree was accepted; this is a safety net
        raise AnswerParseError(f"could not display the answer ({type(error).__name__})") from None


def _read_guarded(text, names, functions, index_sets, max_length):
    """``_read`` behind the length check, the names check and a net turning any crash into AnswerParseError."""
    if not isinstance(text, str):
        raise AnswerParseError(f"the answer must be text, got {type(text).__name__}")
    if len(text) > max_length:
        raise AnswerParseError(f"the answer is too long ({len(text)} characters; at most {max_length})")
    names, index_sets = _prepare_names(names, tuple(functions), index_sets)
    try:
        return _read(text, names, tuple(functions), index_sets)
    except AnswerParseError:
        raise
    except (Exception, RecursionError) as error:  # never show the reader a traceback
        raise AnswerParseError(f"could not understand the answer ({type(error).__name__})") from None


def _read(text, names, functions, index_sets):
    """(syntax tree, vocabulary, SymPy value) of a validated answer."""
    _check_characters(text)
    if not text.strip():
        raise AnswerParseError("the answer is empty")
    vocabulary = _Vocabulary(names, functions, index_sets)
    tokens = _split_transpose(_tokenize(text), vocabulary)
    source = _to_python(tokens, vocabulary)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise AnswerParseError("could not read the answer: check for a missing operand or operator") from None
    if sum(1 for _ in ast.walk(tree)) > _MAX_NODES:
        raise AnswerParseError("the answer is too long")
    result = _Builder(vocabulary).build(tree, names)
    if isinstance(result, sympy.MatrixBase):
        undefined = any(entry.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) for entry in result)
        imaginary = any(entry.has(sympy.I) for entry in result)
    else:
        undefined = result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
        imaginary = result.has(sympy.I)
    if undefined:
        raise AnswerParseError("the answer is undefined (a division by zero?)")
    if imaginary:
        raise AnswerParseError("the answer involves imaginary numbers (log or root of a negative number?)")
    return tree, vocabulary, result
