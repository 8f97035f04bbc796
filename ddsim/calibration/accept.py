"""Install a calibration's accepted parameter sets in the package.

Run ``python -m ddsim.calibration.accept FOLDER`` on a folder written by
``ddsim calibrate``: it copies the folder's ``accepted.csv`` (the parameter
parameter sets, best first) beside
:mod:`ddsim.core.parameters.accepted`, and its manifest, with the acceptance
distance, as ``accepted.json``, both atomically. It then lists the declared
defaults that differ from the best set: those are to be set by hand in the
parameter declarations (each default is a reviewed line with its source),
and a test fails until they are.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from ddsim.core.parameters import PARAMETERS
from ddsim.core.parameters.accepted import ACCEPTED_CSV, ACCEPTED_JSON
from ddsim.errors import InputError
from ddsim.outputs.folders import write_atomic


def install(folder: str | Path, csv_path: Path = ACCEPTED_CSV, json_path: Path = ACCEPTED_JSON):
    """Install ``folder``'s accepted sets; return the defaults to change
    (name -> (declared default, best set's value)).

    Raises:
        InputError: The folder is not a calibration's, or its sets name an
            undeclared parameter or hold a value outside its declared range.
    """
    folder = Path(folder)
    table, manifest = folder / "accepted.csv", folder / "manifest.json"
    for path in (table, manifest):
        if not path.is_file():
            raise InputError(f"{path}: not found (is {folder} a calibration's folder?)")
    with table.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise InputError(f"{table}: no accepted parameter set")
    for name in rows[0]:
        if name not in ("set", "distance") and name not in PARAMETERS:
            raise InputError(f"{table}: {name!r} is not a declared parameter")
    for row in rows:
        for name, value in row.items():
            problem = PARAMETERS[name].check(float(value)) if name in PARAMETERS else None
            if problem:
                raise InputError(f"{table}: set {row['set']}, {name}: {problem}")
    info = json.loads(manifest.read_text(encoding="utf-8"))
    write_atomic(csv_path, table.read_text(encoding="utf-8"))
    write_atomic(json_path, json.dumps(info, indent=2) + "\n")
    best = rows[0]
    return {
        name: (PARAMETERS[name].default, float(best[name]))
        for name in best
        if name in PARAMETERS and PARAMETERS[name].default != float(best[name])
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m ddsim.calibration.accept CALIBRATION_FOLDER", file=sys.stderr)
        return 2
    try:
        changes = install(args[0])
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"installed {ACCEPTED_CSV} and {ACCEPTED_JSON}")
    for name, (old, new) in changes.items():
        print(f"  set the default of {name}: {old:g} -> {new:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
