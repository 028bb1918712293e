"""Re-anchoring quality on the corrections test set (bench/corrections.py).

Run: .venv/bin/python bench/bench_reanchor.py [--show]
Thirteen kinds of newsroom correction applied to each seed article; the span set is the
bundled annotations plus every sentence and four phrases of each seed. Prints, per kind:
spans, how many came out exact / moved / fuzzy / orphaned, how many were placed wrongly,
and the share placed right (definitions in bench/corrections.py). Target: 0 wrong and at
least 98% right overall. Then the same figures for the re-anchoring the app had before
(for comparison). --show lists every span not placed right.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corrections import Row, build, evaluate, legacy, total


def table(rows: list[Row]) -> str:
    head = (
        f"{'correction':<22} {'spans':>6} {'exact':>6} {'moved':>6} {'fuzzy':>6} "
        f"{'orphan':>6} {'wrong':>6} {'right%':>7}"
    )
    lines = [head, "-" * len(head)]
    for row in [*rows, total(rows)]:
        c = row.counts
        lines.append(
            f"{row.kind:<22} {row.spans:>6} {c['exact']:>6} {c['moved']:>6} "
            f"{c['fuzzy']:>6} {c['orphaned']:>6} {c['wrong']:>6} "
            f"{100 * row.right_share:>6.1f}%"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list spans not placed right")
    args = parser.parse_args()
    started = time.perf_counter()
    cases = build()
    rows = evaluate(cases)
    seconds = time.perf_counter() - started
    print(table(rows))
    print(f"({seconds:.1f} s)")
    before = total(evaluate(cases, method=legacy))
    print(
        f"\nbefore the cascade (quote + context, else nearest quote, else dropped): "
        f"{before.spans} spans, {before.counts['wrong']} wrong, "
        f"{before.counts['orphaned']} dropped, {100 * before.right_share:.1f}% right"
    )
    if args.show:
        for row in rows:
            for line in row.wrong:
                print(f"WRONG {row.kind}: {line}")
            for line in row.lost:
                print(f"lost  {row.kind}: {line}")
    everything = total(rows)
    return 0 if not everything.wrong and everything.right_share >= 0.98 else 1


if __name__ == "__main__":
    sys.exit(main())
