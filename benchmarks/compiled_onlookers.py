"""What compiling one piece of the step would gain: the onlookers, in numba.

Not part of ddsim, and numba is not one of its dependencies: this script
measures one of the ways docs/decisions.md (entry 35) weighs, so that the
figure in docs/performance.md ("Where the time goes now") can be made again.

It runs ``scenarios/world.yaml`` (variant ``mixed``, 240 months) and, every
month, times ``DiplomacyModel._spread_reputation`` (numpy, as ddsim runs it)
and one fused numba loop that makes the same update on copies of the
evidence, and adds the times up: for each act and
each onlooker, how much the onlooker saw of it (the OR rule of the audience
weights) and the four judgments (friendly, ambiguous to a friend, threatening
to the wary, coercive judged by its trust in the victim). The loop adds in
another order, so the two agree to rounding, not to the bit; the script
prints the largest difference. ddsim's results are those of numpy.

Run from the repository root, with numba installed beside ddsim::

    PYTHONPATH=$PWD python benchmarks/compiled_onlookers.py
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from _common import ROOT

try:
    import numba
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("This benchmark needs numba (pip install numba); ddsim itself does not.")


@numba.njit(cache=True)
def onlookers(pos, neg, actor, target, shown, coop, ambiguity, trust, allies, audience_t, p):
    """The onlookers' evidence, in place: ``p`` is (reputation_weight is in
    ``shown`` already) threat_threshold, negativity_weight, prior_weight."""
    threshold, negativity, prior = p[0], p[1], p[2]
    n, acts = pos.shape[0], len(actor)
    for stage in range(2):  # friendly and ambiguous acts first, then coercion
        if stage == 1:
            # The betrayal factor reads the evidence after the first stage.
            betrayal = np.empty(acts)
            for k in range(acts):
                r, s = pos[target[k], actor[k]], neg[target[k], actor[k]]
                betrayal[k] = 1.0 + r / (r + s + prior)
        for k in range(acts):
            if coop[k] != (stage == 0):
                continue
            a, b, w = actor[k], target[k], shown[k]
            for c in range(n):
                if c in (a, b):  # neither side is an onlooker of its own act
                    continue
                wa, wb = audience_t[a, c], audience_t[b, c]
                seen = w * (wa + wb * (1.0 - wa))
                if stage == 1:
                    neg[c, a] += negativity * seen * betrayal[k] * trust[c, b]
                elif ambiguity[k] > 0.0:
                    wary = min(max((threshold - trust[c, a]) / threshold, 0.0), 1.0)
                    if allies[c, a]:
                        wary = 0.0
                    if wary == 0.0:
                        pos[c, a] += seen
                    neg[c, a] += negativity * wary * seen * ambiguity[k]
                else:
                    pos[c, a] += seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=240, help="months of the world to run")
    args = parser.parse_args()
    import ddsim
    from ddsim.core import engagements as engine

    spread = engine._spread_reputation
    months = []  # (acts, numpy seconds, numba seconds, largest difference)

    def both(b, seen_by_target, kind, weight, coop, acts):
        # A batch of one: replication 0's arrays, and each act's (actor, target).
        p, kinds, w = b.params, b.world.kinds, b.world
        _, target, actor = np.unravel_index(seen_by_target, b.trust.shape)
        pos, neg = b.evidence_pos[0].copy(), b.evidence_neg[0].copy()
        shown = p.reputation_weight * kinds["visibility"][kind] * weight
        ambiguity = kinds["ambiguity"][kind].astype(float)
        constants = np.array([p.threat_threshold, p.negativity_weight, p.prior_weight])
        start = time.perf_counter()
        onlookers(
            pos, neg, actor, target, shown, coop, ambiguity,
            b.trust[0], w.allies, w.audience_t, constants,
        )  # fmt: skip
        compiled = time.perf_counter() - start
        start = time.perf_counter()
        spread(b, seen_by_target, kind, weight, coop, acts)
        plain = time.perf_counter() - start
        differ = max(np.abs(pos - b.evidence_pos[0]).max(), np.abs(neg - b.evidence_neg[0]).max())
        months.append((len(actor), plain, compiled, differ))

    engine._spread_reputation = both
    model = ddsim.DiplomacyModel(
        ddsim.load_scenario(ROOT / "scenarios" / "world.yaml"), variant="mixed", rng=2026
    )
    model.run_for(1)  # numba compiles (or reads its cache) here: not counted
    months.clear()
    model.run_for(args.steps - 1)
    acts, plain, compiled, differ = np.array(months).T
    print(f"world ({model.n} states), months 2-{args.steps}, variant mixed, seed 2026")
    print("| months | acts a month (mean) | numpy (ms) | numba (ms) | numpy / numba |")
    print("|---|---:|---:|---:|---:|")
    forum = acts > 10 * np.median(acts)  # the forum's meetings: every member meets every other
    for name, which in (("ordinary", ~forum), ("forum meetings", forum), ("all", acts >= 0)):
        a, b = 1e3 * plain[which].sum(), 1e3 * compiled[which].sum()
        mean = acts[which].mean()
        print(f"| {name} ({which.sum()}) | {mean:,.0f} | {a:.1f} | {b:.1f} | {a / b:.1f} |")
    print(f"largest difference numba - numpy in any month: {differ.max():.3g}")


if __name__ == "__main__":
    main()
