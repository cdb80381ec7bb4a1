"""A realistic corpus for `nox -s bench`: change_control ticket contracts of about 3 KB, 10% invalid.

Seeded, so every run measures the same files. The invalid tenth is varied on purpose: schema errors of every
common shape, YAML that the strict loader refuses, and a policy rule, so no single fast path can skip work.
"""

import random
from pathlib import Path
from typing import Final

KINDS: Final = ("tests", "docs", "ci", "benchmark", "manual")
SURFACES: Final = ("events", "topics", "protocols", "envelopes", "public_api")
WORDS: Final = [
    "envelope",
    "migration",
    "topic",
    "schema",
    "contract",
    "gate",
    "replay",
    "staging",
    "baseline",
    "throughput",
    "reviewer",
    "pipeline",
    "consumer",
    "producer",
    "fixture",
    "release",
    "rollout",
    "dashboard",
    "alert",
    "ledger",
    "ticket",
    "drift",
]

INVALID_SHAPES: Final = (
    "enum",  # an evidence kind that is not in the enum
    "missing",  # a required key left out
    "unknown-key",  # a key the schema does not declare
    "type",  # a string where a boolean belongs
    "yaml11-bool",  # `yes`: a boolean in YAML 1.1, a string in 1.2
    "duplicate-key",  # the same key twice in one mapping
    "too-long",  # a ticket id over its maxLength
    "bypass-rule",  # an if/then rule: an enabled bypass without a justification
    "syntax",  # broken indentation
    "interfaces-rule",  # interfaces touched while interface_change is false
)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def ticket(rng: random.Random, number: int, shape: str | None) -> str:
    """Return one ticket contract as YAML text, broken in the given way (None: valid)."""
    change = rng.random() < 0.6 or shape == "interfaces-rule"
    surfaces = rng.sample(SURFACES, rng.randint(1, 4)) if change else []
    lines = [
        'schema_version: "1.1.0"',
        f'ticket_id: "OCC-{number}"' if shape != "too-long" else f'ticket_id: "OCC-{"9" * 80}"',
        f'summary: "{_sentence(rng, 9)}"',
        f"is_seam_ticket: {'yes' if shape == 'yaml11-bool' else rng.choice(('true', 'false'))}",
    ]
    if shape != "missing":
        lines.append(f"interface_change: {'false' if shape == 'interfaces-rule' else str(change).lower()}")
    lines.append("interfaces_touched:" + ("" if surfaces else " []"))
    lines += [f'  - "{s}"' for s in surfaces]
    lines.append("evidence_requirements:")
    for index in range(rng.randint(12, 16)):
        kind = "screenshot" if shape == "enum" and index == 3 else rng.choice(KINDS)
        lines.append(f'  - kind: "{kind}"')
        lines.append(f'    description: "{_sentence(rng, rng.randint(12, 20))}"')
        if rng.random() < 0.7:
            lines.append(f'    command: "pytest tests/test_{rng.choice(WORDS)}.py -k {rng.choice(WORDS)}"')
        elif rng.random() < 0.5:
            lines.append("    command: null")
        if shape == "syntax" and index == 2:
            lines.append("      stray: indented too far")
    enabled = shape in ("bypass-rule", "type")
    lines += [
        "emergency_bypass:",
        "  enabled: " + ('"false"' if shape == "type" else str(enabled).lower()),
        f'  justification: "{"" if shape == "bypass-rule" else _sentence(rng, 6) if enabled else ""}"',
        f'  follow_up_ticket_id: "{"OCC-1" if enabled else ""}"',
    ]
    if shape == "unknown-key":
        lines.append('owner: "platform"')
    if shape == "duplicate-key":
        lines.append('summary: "written twice"')
    return "\n".join(lines) + "\n"


def write(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write ``count`` ticket contracts into ``folder`` (every tenth one invalid); return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        shape = INVALID_SHAPES[(number // 10) % len(INVALID_SHAPES)] if number % 10 == 9 else None
        path = folder / f"ticket-{number:05d}.yaml"
        path.write_text(ticket(rng, number, shape), encoding="utf-8")
        paths.append(path)
    return paths
