"""The validation's comparisons of coercion and engagement across the fit
(docs/validation.md, "Across the fit"; issue 20, item 8).

Runs :func:`ddsim.experiments.validation_fit.claims_across_fit` on 16 of the
accepted parameter sets, 100 replications per variant and set, and the
round robin (:func:`~ddsim.experiments.validation_fit.tournament_across_fit`,
50 games a pairing and set), writes ``docs/img/validation/across_fit.csv``
and ``tournament_across_fit.csv`` and prints the tables the page shows::

    PYTHONPATH=. python docs/validation_across_fit.py [--sets 16] [-n 100] [--workers 2]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ddsim.experiments.validation_fit import claims_across_fit, tournament_across_fit

IMG = Path(__file__).resolve().parent / "img" / "validation"
OUT, ROUND_ROBIN = IMG / "across_fit.csv", IMG / "tournament_across_fit.csv"


def markdown(table) -> str:
    """The page's table: each claim, its difference over seeds and sets, and
    in how many sets the claimed sign holds."""
    lines = [
        "| claim | outcome | difference [95% over seeds and sets] | per set "
        "| sets with the claimed sign | holds |",
        "|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        lines.append(
            f"| {r.claim} | {r.outcome} | {r.difference:+.3g} [{r.low:+.3g}, {r.high:+.3g}] "
            f"| {r.set_low:+.3g} to {r.set_high:+.3g} | {r.sets_claimed_sign} of {r.sets} "
            f"| {'yes' if r.holds else 'no'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=16)
    parser.add_argument("-n", "--replications", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    table = claims_across_fit(args.sets, args.replications, args.workers)
    table.to_csv(OUT, index=False)
    print(markdown(table))
    games = tournament_across_fit(args.sets, args.replications // 2, args.workers)
    games.to_csv(ROUND_ROBIN, index=False)
    print("\n" + games.round(3).to_string(index=False))
    print(f"\n{time.perf_counter() - started:.0f} s; wrote {OUT} and {ROUND_ROBIN}")


if __name__ == "__main__":
    main()
