r"""Sphinx extension: equations stated in the prose are checked like the displayed derivations.

Registered in ``_config.yml`` under ``sphinx: local_extensions``. It adds the role ``claim``::

    The two forms agree: {claim}`\sigma(-x) = 1 - \sigma(x) <sigmoid>` for every x.
    For a word other than o: {claim}`\hat y_w - y_w = \hat y_w <softmax; w \ne o>`.

The text before ``<…>`` is the equation as displayed (``a = b`` or a chain ``a = b = c``); inside
``<…>`` come the context (a name in :data:`w2vlib.symbolic.configurations.CONTEXTS`) and,
after ``;``, an optional condition on its free indices. The role renders the equation as inline
math (with the class ``w2v-claim``) and checks it when the page is read, with
:func:`w2vlib.symbolic.checker.check_claim`: every ``=`` proved at the context's fixed
configurations and checked at its generated ones. A claim that is wrong, unproved or not
readable is a build warning, an error under ``-W``, naming the page, the line and the
counterexample. Only a proved equation is shown as a claim: prose that states an inequality or
an approximation says so in words.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes, utils
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_CLAIM = re.compile(r"^(?P<latex>.*?\S)\s*<(?P<context>[a-z_]+)\s*(?:;\s*(?P<where>[^<>]*\S))?\s*>\s*$", re.S)


def check(text):
    """Check one claim's role text; returns ``(latex, problem)`` with ``problem`` None when it holds.

    ``text`` is ``"<latex> <context>"`` or ``"<latex> <context; condition>"``.
    """
    from w2vlib.symbolic.checker import DerivationError, check_claim
    from w2vlib.symbolic.notation import NotationError

    match = _CLAIM.match(text)
    if match is None:
        return text, ("write a claim as {claim}`a = b <context>` (the context in angle brackets, e.g. "
                      "<sigmoid>, <softmax; w \\ne o>)")
    latex = match["latex"]
    try:
        check_claim(latex, match["context"], where=match["where"]).assert_valid()
    except DerivationError as error:
        return latex, f"the claim ${latex}$ does not hold in the {match['context']} context: {error}"
    except (NotationError, ValueError) as error:
        return latex, f"the claim ${latex}$ cannot be checked in the {match['context']} context: {error}"
    return latex, None


def claim_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    """The ``claim`` role: inline math, checked (a failed check is a warning at the claim's line)."""
    text = utils.unescape(text, True)
    latex, problem = check(text)
    if problem is not None:
        env = inliner.document.settings.env
        logger.warning(problem, location=(env.docname, lineno), type="w2v", subtype="claim")
    return [nodes.math(rawtext, latex, classes=["w2v-claim"])], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("claim", claim_role)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
