"""Diffing: which changes between two schema versions break readers or writers, and what a family's change needs.

The package exports the JSON Schema change classifier: ``diff(old, new)`` lists every change, each
classified by a rule of ``RULES`` with its verdict in both directions and the version bump it needs;
``summarise`` reads the list as one verdict. The rule catalog, with the reasoning behind the two policies,
is rendered in ``docs/diff-rules.md``. On top of it, `family` compares two versions of a family kind by
kind (the bump they need, the approvals a breaking change needs) and `changelog` renders those comparisons.
"""

from treaty._diff.engine import diff
from treaty._diff.model import Change, Mode, required_bump, summarise
from treaty._diff.rules import POLICIES, RULES, Bump, Nature, Policy, Rule, Verdict
from treaty._diff.schema import SchemaDiffError

__all__ = [
    "POLICIES",
    "RULES",
    "Bump",
    "Change",
    "Mode",
    "Nature",
    "Policy",
    "Rule",
    "SchemaDiffError",
    "Verdict",
    "diff",
    "required_bump",
    "summarise",
]
