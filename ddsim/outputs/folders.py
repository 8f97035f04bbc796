"""Result folders: written whole or not at all.

A run writes one folder: ``manifest.json``, ``timeseries.csv``,
``summary.csv`` and figures. Everything is written into a temporary sibling
folder first and renamed into place when complete, so an interrupted run never
leaves a folder that looks finished.

A folder is replaced whole, so before a command writes one it asks
:func:`may_replace`: a folder's ``manifest.json`` records the command that
wrote it, and a command replaces only its own folders unless told to
(``--force``). Nothing a user made by hand, or with another command, is lost
without a word.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from ddsim.analysis.results import Results
from ddsim.errors import InputError
from ddsim.scenarios import Scenario

DEPENDENCIES = ("mesa", "numpy", "networkx", "pandas", "matplotlib", "pydantic", "pyyaml")


def versions() -> dict[str, str]:
    """Versions of ddsim, Python and the libraries that shape the results."""
    out = {"ddsim": _version("ddsim"), "python": platform.python_version()}
    out |= {name: _version(name) for name in DEPENDENCIES}
    return out


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def provenance(
    scenario: Scenario,
    replication_seeds: Mapping[int, int] | None,
    command: Sequence[str] | None,
    **details: Any,
) -> dict[str, Any]:
    """What every results folder records about how it was made: the scenario
    (and its hash), ``details`` of the experiment, the seeds, the versions,
    the command and the time. Run, compare, sweep and tournament folders use it.

    Args:
        scenario: The scenario that was run.
        replication_seeds: Replication number -> integer seed, written as
            ``seeds`` (None: the details say how seeds were used).
        command: The command line (default: ``sys.argv``).
        **details: What this kind of experiment adds (variants, method, ...).
    """
    out = {
        "scenario": scenario.name,
        "title": scenario.title,
        "file": scenario.file,
        "scenario_sha256": scenario.digest,
        **details,
    }
    if replication_seeds is not None:
        out["seeds"] = {str(k): int(v) for k, v in sorted(replication_seeds.items())}
    out["versions"] = versions()
    out["command"] = list(command) if command is not None else sys.argv
    out["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    return out


def manifest(
    results: Results, command: Sequence[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """What a results folder of replications records about how it was made."""
    summary = results.summary.drop_duplicates("replication")
    seeds = dict(zip(summary["replication"], summary["seed"], strict=True))
    return provenance(
        results.scenario,
        seeds,
        command,
        variants=results.variants,
        replications=len(seeds),
        steps=int(results.timeseries["step"].max()),
        root_seed=results.scenario.seed,
        **extra,
    )


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all: into a
    temporary file beside it, flushed to the disk, then renamed over it, so a
    crash or a kill at any moment leaves the old file or the new one."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a result is not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``out``; on success it replaces ``out``
    in one rename, on failure it is removed and ``out`` is left as it was."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} is a file, not a results folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private (0700); a result is not
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def written_by(folder: str | Path) -> str | None:
    """Which command wrote the results folder ``folder``, in the user's words
    (``"ddsim compare"``), read from its manifest; ``None`` when nothing there
    says (no manifest, or one not written by the ``ddsim`` command)."""
    try:
        command = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))[
            "command"
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(command) >= 2 and Path(str(command[0])).name == "ddsim":
        return f"ddsim {command[1]}"
    return None


def may_replace(out: str | Path, command: str, *, force: bool = False) -> str | None:
    """May ``command`` (e.g. ``"ddsim run"``) replace the folder ``out``?

    Yes, without a word, if ``out`` does not exist, is empty, or was written
    by the same command (running it again updates its results). Anything else
    (another command's results, files put there by hand) only with ``force``.

    Returns:
        None, or with ``force`` a sentence saying what is being replaced.

    Raises:
        InputError: ``out`` holds what ``command`` did not write, and not ``force``.
    """
    out = Path(out)
    names = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    if not names:
        return None
    owner = written_by(out)
    if owner == command:
        return None
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    what = f"the results of '{owner}'" if owner else "files that ddsim did not write"
    if force:
        return f"replacing {out}/, which held {what} ({shown})"
    raise InputError(
        f"{out}: holds {what} ({shown}), which {command} would replace: "
        "choose another folder with --out, or add --force to replace them"
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_results(
    results: Results,
    out: str | Path,
    command: Sequence[str] | None = None,
    figures: Callable[[Results, Path], list[Path]] | None = None,
    **extra: Any,
) -> Path:
    """Write a results folder (atomically) and return its path.

    Args:
        results: What to write.
        out: The folder; replaced whole if it exists.
        command: The command line to record (default: ``sys.argv``).
        figures: Draws the figures into the folder (default:
            :func:`ddsim.outputs.figures.standard_figures`).
        **extra: More entries for the manifest.
    """
    if figures is None:
        from ddsim.outputs.figures import standard_figures as figures
    out = Path(out)
    with atomic_folder(out) as tmp:
        results.timeseries.to_csv(tmp / "timeseries.csv", index=False)
        results.summary.to_csv(tmp / "summary.csv", index=False)
        drawn = figures(results, tmp)
        info = manifest(results, command, figures=[p.name for p in drawn], **extra)
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
    return out


__all__ = [
    "atomic_folder",
    "manifest",
    "may_replace",
    "versions",
    "write_atomic",
    "write_results",
    "written_by",
]
