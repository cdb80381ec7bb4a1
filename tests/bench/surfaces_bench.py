"""Time the surfaces_of_paths contract function: 10,000 changed paths against a 50-glob surface map (target 1 s).

Prints the figures and never fails: timings on a shared host are no verdict. ``nox -s bench_surfaces``.
"""

import random
import time

from treaty_change_control_models import FUNCTIONS

SURFACES = ("events", "topics", "protocols", "envelopes", "public_api")
TARGET = 1.0


def corpus(seed: int = 20) -> tuple[dict[str, object], list[str]]:
    """Return a 50-glob map (ten per surface, every form of the dialect) and 10,000 repository paths."""
    rng = random.Random(seed)
    forms = ("src/**/{w}/**", "**/{w}/*.py", "docs/**/{w}*.md", "{w}/v[0-9]/*.proto", "pkg/*/{w}/??.json")
    words = [f"w{i}" for i in range(50)]
    surfaces = [
        {
            "surface": surface,
            "paths": [forms[(i + j) % len(forms)].format(w=words[i * 10 + j]) for j in range(10)],
        }
        for i, surface in enumerate(SURFACES)
    ]
    folders = ["src", "docs", "pkg", "tests", *words]
    paths = [
        "/".join(rng.choice(folders) for _ in range(rng.randint(1, 6)))
        + rng.choice((".py", ".md", ".proto", ".json"))
        for _ in range(10_000)
    ]
    return {"schema_version": "1.3.0", "surfaces": surfaces}, paths


def main() -> None:
    """Print the best of five runs against the target."""
    surface_map, paths = corpus()
    function = FUNCTIONS["surfaces_of_paths"]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        mapped = function({"surface_map": surface_map, "paths": paths})
        times.append(time.perf_counter() - start)
    best = min(times)
    verdict = "met" if best < TARGET else "missed"
    print(
        f"surfaces_of_paths: 10,000 paths x 50 globs in {best:.3f} s (best of 5; {len(mapped)} paths on a surface)"
    )
    print(f"target {TARGET:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
