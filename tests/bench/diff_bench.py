"""`nox -s bench_diff`: the speed of `treaty diff` on two schemas of about 50 KB, and its start-up.

The schemas are the repository's largest exported ones (cwom 0.2.0) bundled into one document, as a contract
of several kinds referring to each other would be: each kind a property of the root, every definition under
``$defs``. The new schema is the old one with the edits a release makes (an enum value dropped, a property
added, a bound tightened, allOf members reordered). It prints:

- an in-process diff, best of several runs (after one to warm up), against the target of 50 ms; the same
  schemas in draft-07 spelling too (``definitions``), which adds the dialect translation;
- the whole command on those schemas, once (for scale);
- start-up: `treaty diff OLD.json NEW.json` on two one-property schemas (the command's fixed cost, not its
  work) against `treaty validate` on one file, best of several runs taking turns (target: no slower).

Prints figures only and exits 0: a shared CI host's timings are no verdict. ``--json FILE`` keeps them.
"""

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from run import best_of, timed  # the start-up measurement of `nox -s bench`

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "schemas" / "cwom" / "0.2.0"
SIZE = 50_000
"""Bytes of the bundled schema, at least."""
TARGET = 0.050
"""Seconds an in-process diff of the two schemas may take."""
RUNS = 7
STARTUP_RUNS = 11
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
VALIDATED = ROOT / "fixtures" / "change_control" / "1.1.0" / "ticket_contract" / "valid" / "all-fields.yaml"


def bundle() -> dict[str, Any]:
    """Return the largest exported schemas bundled into one of at least `SIZE` bytes."""
    paths = sorted(SOURCE.glob("*.schema.json"), key=lambda p: p.stat().st_size, reverse=True)
    root: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:treaty:bench:1.0.0:bundle",
        "type": "object",
        "additionalProperties": False,
        "properties": {},
        "$defs": {},
    }
    for path in paths:
        kind = path.name.removesuffix(".schema.json")
        text = path.read_text(encoding="utf-8").replace('"#/$defs/', f'"#/$defs/{kind}__')
        schema = json.loads(text)
        for name, definition in schema.pop("$defs", {}).items():
            root["$defs"][f"{kind}__{name}"] = definition
        for key in ("$schema", "$id", "$comment"):
            schema.pop(key, None)
        root["$defs"][kind] = schema
        root["properties"][kind] = {"$ref": f"#/$defs/{kind}"}
        if len(json.dumps(root)) >= SIZE:
            break
    return root


def mutate(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the schema with a release's edits: a value dropped, a property added, a bound, allOf reordered."""
    new = copy.deepcopy(schema)
    edits = {"enum": 0, "property": 0, "bound": 0, "allOf": 0}
    for definition in new["$defs"].values():
        if "enum" in definition and len(definition["enum"]) > 1 and edits["enum"] < 2:
            definition["enum"].pop()
            edits["enum"] += 1
        if definition.get("properties") and edits["property"] < 3:
            definition["properties"]["bench_note"] = {"type": "string", "maxLength": 200}
            edits["property"] += 1
        for prop in definition.get("properties", {}).values():
            if prop.get("type") == "string" and edits["bound"] < 3:
                prop["maxLength"] = min(prop.get("maxLength", 10_000), 500)
                edits["bound"] += 1
        if len(definition.get("allOf", [])) > 1:
            definition["allOf"].reverse()
            edits["allOf"] += 1
    return new


def draft_07(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the schema spelled in draft-07: ``definitions`` for ``$defs``."""
    text = json.dumps(schema).replace('"#/$defs/', '"#/definitions/')
    spelled = json.loads(text)
    spelled["definitions"] = spelled.pop("$defs")
    spelled["$schema"] = DRAFT_07
    return spelled


def in_process(old: Any, new: Any) -> tuple[float, int]:
    """Return the best time of `RUNS` diffs (after one to warm up) and the number of changes found."""
    from treaty._diff import diff  # noqa: PLC0415 - the toolkit under test, after the schemas are built

    changes = diff(old, new)
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        diff(old, new)
        best = min(best, time.perf_counter() - started)
    return best, len(changes)


def main() -> int:
    """Print the figures (and write them as JSON when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    old = bundle()
    new = mutate(old)
    size = len(json.dumps(old))
    figures: dict[str, Any] = {"bytes": size, "target_seconds": TARGET}
    print(f"== in-process diff of two {size / 1000:.0f} KB schemas (best of {RUNS}) ==")
    for label, pair in (("2020-12", (old, new)), ("draft-07", (draft_07(old), draft_07(new)))):
        seconds, count = in_process(*pair)
        figures[label] = {"seconds": round(seconds, 4), "changes": count}
        verdict = "met" if seconds <= TARGET else "MISSED"
        print(f"  {label}: {seconds * 1000:.1f} ms, {count} changes; target {TARGET * 1000:.0f} ms {verdict}")
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder) / "old.json", Path(folder) / "new.json"]
        for path, schema in zip(files, (old, new), strict=True):
            path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
        whole, _ = timed(["treaty", "diff", *map(str, files)])
        figures["command_57kb"] = round(whole, 3)
        print(f"== the whole command on the two {size / 1000:.0f} KB schemas: {whole:.3f} s ==")
        # Start-up is what a command costs before its work: two one-property schemas against one small file.
        tiny = [Path(folder) / "tiny-old.json", Path(folder) / "tiny-new.json"]
        for path, kind in zip(tiny, ("string", "integer"), strict=True):
            path.write_text(
                json.dumps({"type": "object", "properties": {"a": {"type": kind}}}), encoding="utf-8"
            )
        commands = (
            ["treaty", "diff", *map(str, tiny)],
            [
                "treaty",
                "validate",
                "--no-cache",
                "--schema",
                "change_control/ticket_contract@1.1.0",
                str(VALIDATED),
            ],
        )
        for command in commands:
            timed(command)  # once first: compile the bytecode
        (diffing, _), (validating, _) = best_of(*commands, runs=STARTUP_RUNS)
    figures["startup"] = {"diff": round(diffing, 3), "validate": round(validating, 3)}
    verdict = "met" if diffing <= validating else "MISSED"
    print(f"== start-up (best of {STARTUP_RUNS}, taking turns) ==")
    print(f"  treaty diff {diffing:.3f} s, treaty validate {validating:.3f} s; target no slower: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
