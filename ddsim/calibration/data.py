"""The conflict data that ship with ddsim, read with their columns checked.

The tables in ``ddsim/calibration/data/`` are copies of Correlates of War (and
ATOP, Thompson & Dreyer) tables as distributed in the R package peacesciencer
1.2.9; ``data/README.md`` gives their provenance and the citations. Two large
tables are cut to the year 2014 (all the 2014 world needs): this module's
:func:`copy_tables` made the copies and the cuts, and running it again on the
same source writes the same bytes::

    python -m ddsim.calibration.data /work/shared/data/cow

:func:`load_table` reads one table and checks that the file exists and has the
columns the calibration uses, as numbers. A missing file, a missing or
non-numeric column, or an empty cell in one is a :class:`CalibrationDataError`:
one line naming the file and the column.
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import pandas as pd

from ddsim.errors import InputError

#: The folder of the packaged tables.
DATA = Path(__file__).resolve().parent / "data"

#: Table -> (file name, the columns the calibration reads, all numeric).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "states": (
        "cow_states.csv",
        ("ccode", "styear", "stmonth", "stday", "endyear", "endmonth", "endday"),
    ),
    "majors": ("cow_majors.csv", ("ccode", "styear", "endyear")),
    "contiguity": ("cow_contdir.csv", ("ccode1", "ccode2", "conttype", "stdate", "enddate")),
    "disputes": (
        "cow_mid_disps.csv",
        ("dispnum", "styear", "hostlev", "mindur", "maxdur", "recip"),
    ),
    "dyadic_disputes": (
        "cow_mid_ddydisps.csv.gz",
        ("dispnum", "ccode1", "ccode2", "year", "hostlev1", "hostlev2", "hostlev"),
    ),
    "wars": ("cow_war_inter.csv.gz", ("warnum", "ccode1", "ccode2", "year", "cowinteronset")),
    "capabilities_2014": ("cow_nmc_2014.csv.gz", ("ccode", "year", "cinc")),
    "defence_pacts_2014": (
        "atop_alliance_2014.csv.gz",
        ("ccode1", "ccode2", "year", "atop_defense"),
    ),
    "rivalries": ("td_rivalries.csv", ("rivalryno", "ccode1", "ccode2", "styear", "endyear")),
}

#: Files copied unchanged (byte for byte) from the source folder.
COPIED = (
    "README.md",
    "cow_states.csv",
    "cow_majors.csv",
    "cow_contdir.csv",
    "cow_mid_disps.csv",
    "cow_mid_ddydisps.csv.gz",
    "cow_war_inter.csv.gz",
    "td_rivalries.csv",
)
#: Files cut to one year: packaged name -> (source name, year column, year kept).
CUT = {
    "cow_nmc_2014.csv.gz": ("cow_nmc.csv.gz", "year", "2014.0"),
    "atop_alliance_2014.csv.gz": ("atop_alliance.csv.gz", "year", "2014.0"),
}


class CalibrationDataError(InputError):
    """A data table is missing or lacks a column the calibration needs."""


def load_table(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One packaged table (a key of :data:`TABLES`), its needed columns checked.

    Args:
        name: the table, e.g. ``"disputes"``.
        folder: where the files are (default: the packaged :data:`DATA`);
            tests and users may point to another copy with the same names.

    Returns:
        The whole table; the needed columns are numbers, none missing.

    Raises:
        CalibrationDataError: the file is missing or unreadable, or a needed
            column is absent, not numeric or has an empty cell.
    """
    file, columns = TABLES[name]
    path = Path(folder if folder is not None else DATA) / file
    if not path.is_file():
        raise CalibrationDataError(f"{path}: data file not found (the {name} table)")
    try:
        table = pd.read_csv(path)
    except (OSError, ValueError, EOFError, UnicodeDecodeError) as exc:
        raise CalibrationDataError(f"{path}: cannot be read as CSV ({exc})") from None
    for column in columns:
        if column not in table.columns:
            raise CalibrationDataError(
                f"{path}: column {column!r} is missing (needed: {', '.join(columns)})"
            )
        if not pd.api.types.is_numeric_dtype(table[column]):
            raise CalibrationDataError(f"{path}: column {column!r} should hold numbers")
        empty = table.index[table[column].isna()]
        if len(empty):
            raise CalibrationDataError(
                f"{path}: column {column!r} is empty on line {empty[0] + 2} (a number is needed)"
            )
    return table


def still_open(rivalries: pd.DataFrame) -> pd.Series:
    """For each row of the ``rivalries`` table: still open when the data end?
    Thompson & Dreyer give an ongoing rivalry the data's last year (2010) as
    its end."""
    return rivalries["endyear"] >= rivalries["endyear"].max()


def copy_tables(source: str | Path, dest: str | Path = DATA) -> list[Path]:
    """Copy the tables the calibration uses from ``source`` into ``dest``.

    The files in :data:`COPIED` are copied byte for byte; those in :data:`CUT`
    keep the header and the rows of one year, as the source wrote them, and
    are gzipped with no time stamp, so the same source gives the same bytes.
    The README is copied as it is only if ``dest`` has none (the packaged one
    is adapted from it).

    Returns:
        The files written.
    """
    source, dest = Path(source), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for file in COPIED:
        if file == "README.md" and (dest / file).exists():
            continue
        shutil.copyfile(source / file, dest / file)
        written.append(dest / file)
    for file, (origin, column, year) in CUT.items():
        with gzip.open(source / origin, "rt", encoding="utf-8", newline="") as f:
            lines = f.read().splitlines(keepends=True)
        at = lines[0].rstrip("\r\n").split(",").index(column)
        kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[at].strip() == year]
        with (
            open(dest / file, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out,
        ):
            out.write("".join(kept).encode("utf-8"))
        written.append(dest / file)
    return written


if __name__ == "__main__":  # pragma: no cover - the one-off copy
    for path in copy_tables(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/cow"):
        print(path)
