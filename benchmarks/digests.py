"""Guard for speed work: the model's results, byte for byte.

An optimisation of the engine must not change a single number: not the random
stream, not the floating-point results. This script runs a fixed set of
replications and hashes each model's time series (the DataCollector's
model-vars DataFrame, written with ``to_csv``) with SHA-256, and its final
state (trust, evidence, ties, channels, force and the random generators' states).

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/digests.py --save   # record the reference
    PYTHONPATH=$PWD python benchmarks/digests.py          # compare with it

The reference (``benchmarks/records/digests.json``) belongs to one version of
the model: a change of parameter defaults or of a formula changes it on
purpose, and then it is saved again (with the machine it was made on: numpy
on another CPU may round differently).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys

from _common import RESULTS, ROOT

#: (scenario, variant, seed): the rivals in both variants with five seeds, and
#: the larger scenarios once (every variant of blocs and regional, world mixed).
CASES = (
    *(("rivals", v, s) for v in ("engagement", "deterrence") for s in range(5)),
    *(("blocs", v, 1) for v in ("hedging", "engagement", "deterrence")),
    *(("regional", v, 1) for v in ("baseline", "forum_doubled")),
    ("world", "mixed", 1),
)
REFERENCE = RESULTS / "digests.json"


def digest(scenario: str, variant: str, seed: int) -> dict[str, str]:
    """SHA-256 of one replication's model-vars table as CSV, and of its final
    state (the main arrays and where the model's random stream stands)."""
    import ddsim
    from ddsim.core.model import DiplomacyModel

    sc = ddsim.load_scenario(ROOT / "scenarios" / f"{scenario}.yaml")
    model = DiplomacyModel(sc, rng=seed, variant=variant)
    model.run_for(model.spec.steps)
    table = model.datacollector.get_model_vars_dataframe().to_csv()
    rngs = [model.rng] + [s.decision_rng for s in model.states_by_index]
    state = hashlib.sha256(repr([g.bit_generator.state for g in rngs]).encode())
    for name in ("trust", "evidence_pos", "evidence_neg", "ties", "channels", "force"):
        state.update(getattr(model, name).tobytes())
    return {"table": hashlib.sha256(table.encode()).hexdigest(), "state": state.hexdigest()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", action="store_true", help="record these as the reference")
    args = parser.parse_args()
    found = {f"{sc}/{v}/{s}": digest(sc, v, s) for sc, v, s in CASES}
    if args.save:
        REFERENCE.write_text(json.dumps(found, indent=2) + "\n")
        print(f"saved {len(found)} digests to {REFERENCE}")
        return 0
    reference = json.loads(REFERENCE.read_text())
    changed = [case for case, sha in found.items() if reference.get(case) != sha]
    for case in found:
        print(f"{'CHANGED' if case in changed else 'same   '} {case}")
    print(f"{len(found) - len(changed)} of {len(found)} identical to {REFERENCE.name}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
