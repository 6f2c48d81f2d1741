"""A generated configuration's lines are computed in floats: the same numbers as SymPy's, faster.

The evaluator replaces each symbol of a generated configuration by its value at the
configuration's consistent point (w2vlib/symbolic/notation/floats.py). Every question's expected
answer and asked quantity, at the first generated configurations of its context, must give the
value the symbolic evaluation gives at that point; a pole falls back to the symbolic value.
"""

import sympy
import pytest

from w2vlib.symbolic import numeric
from w2vlib.symbolic.answers import QUESTIONS
from w2vlib.symbolic.configurations import generated_configurations
from w2vlib.symbolic.notation import evaluate, read_latex
from w2vlib.symbolic.notation.evaluate import ZERO, _evaluate, _Evaluator
from w2vlib.symbolic.notation.floats import Grid, add, apply, multiply, power, to_sympy

GENERATED_PER_QUESTION = 3


def _symbolic(tree, configuration):
    """The value as the evaluator builds it without floats, at the consistent point."""
    value = _evaluate(_Evaluator(configuration), tree, configuration, None, {})
    return numeric.matrix_value(value, configuration.consistent_point)


def _floats(tree, configuration):
    return numeric.matrix_value(evaluate(tree, configuration, seconds=None), configuration.consistent_point)


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_floats_give_the_symbolic_value_at_generated_configurations(question_id):
    question = QUESTIONS[question_id]
    trees = [read_latex(question.expected), read_latex(question.quantity_latex)]
    for configuration in generated_configurations(question.context)[:GENERATED_PER_QUESTION]:
        for tree in trees:
            try:
                expected = _symbolic(tree, configuration)
            except (ValueError, ArithmeticError):  # a quantity with no value there (a condition unmet)
                continue
            got = _floats(tree, configuration)
            assert len(got) == len(expected)
            assert numeric.first_disagreement([v.real for v in got], [v.real for v in expected]) is None, \
                (question_id, configuration.name)


def test_a_line_computed_in_floats_holds_sympy_floats_and_names_the_symbols_it_used():
    configuration = generated_configurations("softmax")[0]
    used = set()
    value = evaluate(read_latex(r"\mathbf U(\hat{\mathbf y} - \mathbf y)"), configuration, seconds=None, used=used)
    assert isinstance(value, sympy.MatrixBase) and not value.free_symbols
    assert all(isinstance(entry, sympy.Float) for entry in value)
    assert used and all(isinstance(symbol, sympy.Symbol) for symbol in used)


def test_a_pole_in_floats_falls_back_to_the_symbolic_value():
    # log(σ(x) − σ(x)) is log 0 in floats: the line is evaluated symbolically instead, as before.
    configuration = generated_configurations("sigmoid")[0]
    tree = read_latex(r"\log(\sigma(x) - \sigma(x))")
    assert evaluate(tree, configuration, seconds=None) == _evaluate(_Evaluator(configuration), tree, configuration,
                                                                    None, {})


def test_grid_arithmetic_matches_sympy():
    a = sympy.Matrix([[1, 2], [3, -4]])
    b = sympy.Matrix([[sympy.Rational(1, 2)], [-1]])
    grid_a = Grid([[complex(x) for x in row] for row in a.tolist()])
    grid_b = Grid([[complex(x) for x in row] for row in b.tolist()])
    assert to_sympy(multiply(grid_a, grid_b)) == (a * b).applyfunc(sympy.Float)
    assert to_sympy(add(grid_a, grid_a)) == (2 * a).applyfunc(sympy.Float)
    assert [complex(entry) for entry in to_sympy(multiply(2j, grid_b))] == [1j, -2j]
    assert power(2 + 0j, sympy.Integer(-2)) == 0.25
    assert abs(apply("sigma'", 0j) - 0.25) < 1e-15
    with pytest.raises(ZeroDivisionError):
        apply("log", 0j)
    with pytest.raises(OverflowError):
        apply("exp", 1000 + 0j)
