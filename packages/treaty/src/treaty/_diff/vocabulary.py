"""Treaty's rule keywords (`x-treaty-*`, docs/rules-vocabulary.md): rules matched by id and classified by meaning.

At each schema location the rules of both sides are paired by id, then the rest by what they check (a rule
whose id alone changed was renamed); the others were added or removed. An error rule refuses documents, a
warning rule never does, and an x-treaty-rule only names the failures of the schema it sits in, whose
keywords the engine compares as schema.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from treaty._diff.rules import RULES
from treaty._diff.schema import Node, TreatyRule, canon
from treaty._diff.walk import AT, Raw, Walker, side_of

Pairs = list[tuple[TreatyRule, TreatyRule]]


class VocabularyRules(Walker):
    """Compares the rules of Treaty's keywords at one location."""

    def _vocabulary(self, a: Node, b: Node) -> list[Raw]:
        same, olds, news = _pair(a.treaty, b.treaty, lambda r: canon([r.keyword == "x-treaty-rule", r.id]))
        renamed, olds, news = _pair(olds, news, lambda r: canon([r.keyword, r.checks]))
        out = [raw for x, y in same for raw in _changed(x, y, renamed=False)]
        out += [raw for x, y in renamed for raw in _changed(x, y, renamed=True)]
        out += [_alone(rule, added=False) for rule in olds]
        out += [_alone(rule, added=True) for rule in news]
        return out

    @staticmethod
    def _named(a: Node, b: Node, raws: list[Raw]) -> list[Raw]:
        """Name the x-treaty-rule whose schema holds each change (the innermost: a nested node named it first)."""
        holders = {
            (side, rule.pointer.rpartition("/")[0]): rule.id
            for node, side in ((a, "old"), (b, "new"))
            for rule in node.treaty
            if rule.keyword == "x-treaty-rule"
        }
        if not holders:
            return raws
        out = []
        for raw in raws:
            if not raw.treaty_rule and RULES[raw.rule].category != "rule":
                inside = [
                    pointer
                    for side, pointer in holders
                    if side == raw.side and (raw.pointer + "/").startswith(pointer + "/")
                ]
                if inside:
                    raw = raw._replace(treaty_rule=holders[raw.side, max(inside, key=len)])  # noqa: PLW2901
            out.append(raw)
        return out


def _pair(
    olds: Iterable[TreatyRule], news: Iterable[TreatyRule], key: Callable[[TreatyRule], str]
) -> tuple[Pairs, list[TreatyRule], list[TreatyRule]]:
    """Pair rules with equal keys (in a stable order); return the pairs and the unpaired of each side."""
    waiting: dict[str, list[TreatyRule]] = {}
    for rule in sorted(news, key=_order):
        waiting.setdefault(key(rule), []).append(rule)
    pairs: Pairs = []
    unpaired: list[TreatyRule] = []
    for rule in sorted(olds, key=_order):
        if waiting.get(key(rule)):
            pairs.append((rule, waiting[key(rule)].pop(0)))
        else:
            unpaired.append(rule)
    return pairs, unpaired, [rule for rules in waiting.values() for rule in rules]


def _order(rule: TreatyRule) -> str:
    return canon([rule.keyword, rule.value])


def _alone(rule: TreatyRule, *, added: bool) -> Raw:
    """Classify a rule on one side only."""
    if rule.keyword == "x-treaty-rule":
        rule_id = "treaty-rule-named" if added else "treaty-rule-unnamed"
        message = f"rule `{rule.id}` (x-treaty-rule) {'now names' if added else 'no longer names'} the schema at {AT}"
    else:
        noun = "rule" if rule.severity == "error" else "warning"
        rule_id = f"treaty-{noun}-{'added' if added else 'removed'}"
        verb = "now applies" if added else "no longer applies"
        message = f"{rule.severity} rule `{rule.id}` ({rule.keyword}) {verb} at {AT}"
    old, new = (None, rule.value) if added else (rule.value, None)
    return Raw(rule_id, (), rule.pointer, side_of(added=added), message, old, new, treaty_rule=rule.id)


def _changed(x: TreatyRule, y: TreatyRule, *, renamed: bool) -> list[Raw]:
    """Classify a rule on both sides: a new id, a new severity or what it checks, and a new text."""
    found: list[tuple[str, str]] = []
    where = f"rule `{y.id}` ({y.keyword}) at {AT}"
    if renamed:
        found.append(("treaty-rule-renamed", f"rule `{x.id}` ({x.keyword}) at {AT} was renamed `{y.id}`"))
    if x.severity != y.severity:
        # a warning refuses nothing, so whatever else changed, the rule now refuses documents or no longer does
        rule_id = "treaty-rule-tightened" if y.severity == "error" else "treaty-rule-loosened"
        found.append((rule_id, f"{where} is now {_article(y.severity)} (was {_article(x.severity)})"))
    elif fields := _fields(x.parts, y.parts):
        rule_id = "treaty-rule-changed" if y.severity == "error" else "treaty-warning-changed"
        found.append((rule_id, f"{where}: {fields} changed"))
    if not renamed and (fields := _fields(x.text, y.text)):
        found.append(("treaty-rule-reworded", f"{where}: {fields} changed"))
    return [
        Raw(rule_id, (), y.pointer, "new", message, x.value, y.value, treaty_rule=y.id)
        for rule_id, message in found
    ]


def _fields(x: Mapping[str, Any], y: Mapping[str, Any]) -> str:
    """Return the names of the fields that differ ("" when none does)."""
    *rest, last = [
        name
        for name in sorted(set(x) | set(y))
        if (name in x, canon(x.get(name))) != (name in y, canon(y.get(name)))
    ] or [""]
    return f"{', '.join(rest)} and {last}" if rest else last


def _article(severity: str) -> str:
    return f"an {severity}" if severity == "error" else f"a {severity}"
