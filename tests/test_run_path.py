"""One way to run replications: run, compare, sweep, tournament and validation
all go jobs -> executor -> store (``experiments.store.replicate``), so workers,
Dask, resuming and progress behave the same in every command."""

from __future__ import annotations

import inspect
import io
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import ddsim
from ddsim.cli import main
from ddsim.errors import InputError
from ddsim.experiments import store as store_module
from ddsim.experiments import validation as v
from ddsim.experiments.executors import progress, serial
from ddsim.experiments.jobs import Job, plan_jobs, run_replication, run_replications
from ddsim.experiments.store import replicate, store_folder

ROOT = Path(__file__).resolve().parents[1]
RIVALS = str(ROOT / "scenarios" / "rivals.yaml")
DYAD = str(ROOT / "scenarios" / "dyad.yaml")

#: Each command that runs replications, small, and the tables it writes.
COMMANDS = {
    "run": (["run", RIVALS, "-n", "3", "--steps", "12"], ("timeseries.csv", "summary.csv")),
    "compare": (
        ["compare", RIVALS, "-n", "3", "--steps", "12"],
        ("comparison.csv", "timeseries.csv", "summary.csv"),
    ),
    "sweep": (
        ["sweep", RIVALS, "-p", "forgetting=0.02,0.08", "-n", "3", "--steps", "12"],
        ("sweep.csv", "points.csv"),
    ),
    "tournament": (
        ["tournament", "--only", "passive,coercive", "-n", "3", "--steps", "12"],
        ("ranking.csv", "matches.csv", "plays.csv"),
    ),
}


@pytest.fixture(scope="module")
def rivals():
    return ddsim.load_scenario(RIVALS).replace(steps=12)


# --------------------------------------------------------------------------
# progress: a bar on a terminal, a line about every tenth of the work elsewhere
# --------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def lines_of(total: int, done: int = 0, show: bool | None = None) -> list[str]:
    """The progress lines after the first, which says how much there is to do."""
    stream = io.StringIO()
    counted = list(progress(iter(range(total - done)), total, done, show, stream=stream))
    assert counted == list(range(total - done))  # everything passes through, in order
    lines = stream.getvalue().splitlines()
    if total > done and show is not False:
        kept = f" ({done} kept from before)" if done else ""
        assert lines.pop(0) == f"ddsim: {total - done:,} replications to run{kept}"
    return lines


def test_off_a_terminal_a_line_every_tenth_of_the_work():
    lines = lines_of(100)
    assert len(lines) == 10
    assert lines[2].startswith("ddsim: 30/100 replications (30%), ")
    assert lines[2].endswith(" s left")  # the time left at this pace
    assert lines[-1].startswith("ddsim: 100/100 replications (100%), ")
    assert lines[-1].endswith(" s")


def test_a_long_run_estimates_its_time_early(monkeypatch):
    """Before the first tenth is done, once EARLY_ESTIMATE seconds are up."""
    clock = itertools.count(0, 6)  # each replication takes 6 s
    monkeypatch.setattr("ddsim.experiments.executors.time.monotonic", lambda: next(clock))
    lines = lines_of(1000)
    assert lines[0] == "ddsim: 2/1000 replications (0%), 12 s, about 1.7 h left"
    assert lines[1].startswith("ddsim: 100/1000 replications (10%)")


def test_few_replications_give_one_line_each_and_many_no_more_than_ten():
    assert len(lines_of(4)) == 4
    assert len(lines_of(1234)) == 10
    assert lines_of(0) == []


def test_a_resumed_run_counts_from_what_was_stored():
    lines = lines_of(100, done=35)
    assert len(lines) == 7  # 40%, 50%, ... 100%
    assert lines[0].startswith("ddsim: 40/100 ")


def test_quiet_says_nothing_and_a_terminal_gets_a_bar():
    assert lines_of(50, show=False) == []
    bar = Terminal()
    list(progress(iter(range(20)), 20, stream=bar))
    assert "20/20" in bar.getvalue() and "ddsim:" not in bar.getvalue()


def test_a_run_off_a_terminal_prints_progress_lines(rivals, monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    ddsim.run(rivals, replications=10)  # 2 variants: 20 replications
    lines = err.getvalue().splitlines()
    assert lines[0] == "ddsim: 20 replications to run"
    assert len(lines) == 11 and all(line.startswith("ddsim: ") for line in lines), lines
    err.truncate(0)
    ddsim.run(rivals, replications=10, progress=False)
    assert err.getvalue() == ""


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_prints_progress_lines_in_a_log_and_none_when_quiet(
    command, tmp_path, capsys
):
    argv, _ = COMMANDS[command]
    assert main([*argv, "-o", str(tmp_path / "a")]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if "replications (" in line]
    assert 1 <= len(said) <= 10 and said[-1].startswith("ddsim: "), said
    assert "(100%)" in said[-1]
    assert main([*argv, "-o", str(tmp_path / "b"), "-q"]) == 0
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------
# one path: jobs -> executor -> store
# --------------------------------------------------------------------------
def test_a_measure_on_the_job_gives_its_values_at_every_step(rivals):
    job = plan_jobs(rivals, ["engagement"], 1, rivals.seed)[0]
    plain = run_replication(job)
    measured = run_replication(replace(job, measure=v.dyad))
    assert list(measured.timeseries.columns[:3]) == ["variant", "replication", "step"]
    assert "trust_01" in measured.timeseries and len(measured.timeseries) == rivals.steps + 1
    assert measured.summary == plain.summary  # the summary is the usual one


def test_a_job_without_time_series_keeps_the_summary(rivals):
    job = plan_jobs(rivals, ["engagement"], 1, rivals.seed)[0]
    short = run_replication(replace(job, timeseries=False))
    assert short.timeseries.empty and short.summary == run_replication(job).summary


def test_resume_without_a_store_is_refused(rivals):
    jobs = plan_jobs(rivals, ["engagement"], 1, rivals.seed)
    with pytest.raises(InputError, match="store"):
        replicate(jobs, resume=True)


def test_validation_track_runs_like_every_command(rivals):
    one = v.track(rivals, v.dyad, replications=2, progress=False)
    two = v.track(rivals, v.dyad, replications=2, workers=2, progress=False)
    pd.testing.assert_frame_equal(one, two)
    assert list(one.groupby(["variant", "replication"], sort=False).size()) == [13] * 4
    assert list(dict.fromkeys(one["variant"])) == rivals.variant_names


def test_validation_tournament_is_the_tournament_command(tmp_path):
    games = v.tournament(("passive", "coercive"), replications=3, steps=12, progress=False)
    played = ddsim.tournament(
        ["passive", "coercive"],
        v.SCENARIOS / "tournament.yaml",
        replications=3,
        steps=12,
        progress=False,
    ).plays
    assert len(games) == 4 * 3  # (p, p), (p, c), (c, p), (c, c)
    mine = games[(games["strategy"] == "passive") & (games["opponent"] == "coercive")]
    theirs = played[(played["strategy_a"] == "passive") & (played["strategy_b"] == "coercive")]
    assert list(mine["mean_hostility"]) == list(theirs["mean_hostility"])
    only = v.tournament(
        ("passive", "coercive", "hedging"),
        replications=2,
        steps=12,
        players=("hedging",),
        progress=False,
    )
    assert set(zip(only["strategy"], only["opponent"], strict=True)) == {
        ("hedging", "hedging"),
        ("passive", "hedging"),
        ("hedging", "passive"),
        ("coercive", "hedging"),
        ("hedging", "coercive"),
    }


def test_the_api_takes_the_same_running_arguments_everywhere():
    for fn in (ddsim.run, ddsim.compare, ddsim.sweep, ddsim.tournament):
        names = set(inspect.signature(fn).parameters)
        assert {"workers", "scheduler", "executor", "store", "resume", "progress"} <= names, fn


# --------------------------------------------------------------------------
# interrupted, then resumed: the same bytes as a run that was never stopped
# --------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["run", "sweep", "tournament"])
def test_an_interrupted_command_resumes_to_the_same_bytes(command, tmp_path, capsys, monkeypatch):
    argv, tables = COMMANDS[command]
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    assert main([*argv, "-q", "-o", str(whole)]) == 0
    calls = []

    def stopped_after_four(jobs: list[Job]):
        if len(calls) >= 4:
            raise KeyboardInterrupt
        calls.extend(jobs)
        return run_replications(jobs)

    # Stopped in batches of two; resumed in the default batches (results do not depend on them).
    monkeypatch.setattr(store_module, "run_replications", stopped_after_four)
    assert main([*argv, "-q", "--batch", "2", "-o", str(resumed)]) == 130
    assert "--resume" in capsys.readouterr().err
    kept = store_folder(resumed)
    assert len(list(kept.glob("*.pkl"))) == len(calls) >= 4 and not resumed.exists()
    monkeypatch.setattr(store_module, "run_replications", run_replications)
    assert main([*argv, "-q", "-o", str(resumed)]) == 2  # kept work is not thrown away
    assert "--resume" in capsys.readouterr().err
    assert main([*argv, "-q", "-o", str(resumed), "--resume"]) == 0
    for name in tables:
        assert (whole / name).read_bytes() == (resumed / name).read_bytes(), name
    assert not kept.exists()


def ctrl_c_in_compiled_code() -> SystemError:
    """What CPython raises when a Ctrl-C lands while compiled code calls back
    into Python and the code goes on: the interrupt is only the cause."""
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as interrupt:
        error = SystemError("<built-in function f> returned a result with an exception set")
        error.__cause__ = interrupt
        return error


def test_an_interrupt_wrapped_in_another_error_is_still_an_interrupt(tmp_path, capsys, monkeypatch):
    argv, _ = COMMANDS["compare"]
    calls = []

    def stopped_after_two(jobs: list[Job]):
        if len(calls) >= 2:
            raise ctrl_c_in_compiled_code()
        calls.extend(jobs)
        return run_replications(jobs)

    monkeypatch.setattr(store_module, "run_replications", stopped_after_two)
    out = tmp_path / "stopped"
    assert main([*argv, "-q", "--batch", "1", "-o", str(out)]) == 130
    err = capsys.readouterr().err
    assert "--resume" in err and "internal error" not in err
    assert len(list(store_folder(out).glob("*.pkl"))) == 2 and not out.exists()


def test_only_an_interrupt_counts_as_one():
    from ddsim.errors import caused_by_interrupt

    assert caused_by_interrupt(ctrl_c_in_compiled_code())
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise OSError("a write cut short") from None  # the context is still kept
    except OSError as exc:
        assert caused_by_interrupt(exc)
    looped = ValueError("a failure of ours")
    looped.__context__ = TypeError("its context")
    looped.__context__.__context__ = looped
    assert not caused_by_interrupt(looped)


# --------------------------------------------------------------------------
# the same bytes with 1 worker, 2 workers and Dask, for every command
# --------------------------------------------------------------------------
def test_out_of_order_outcomes_change_nothing(rivals):
    def backwards(fn, batches):
        return [fn(batch[::-1]) for batch in reversed(batches)]

    a = ddsim.tournament(["passive", "coercive"], DYAD, 3, steps=12, executor=serial())
    b = ddsim.tournament(["passive", "coercive"], DYAD, 3, steps=12, executor=backwards)
    pd.testing.assert_frame_equal(a.plays, b.plays)
    pd.testing.assert_frame_equal(a.ranking, b.ranking)


@pytest.mark.slow
@pytest.mark.parametrize("command", list(COMMANDS))
def test_one_worker_two_workers_and_dask_write_the_same_bytes(command, tmp_path):
    argv, tables = COMMANDS[command]
    ways = {"one": ["-j", "1"], "two": ["-j", "2"], "dask": ["-j", "2", "--scheduler", "local"]}
    for name, how in ways.items():
        assert main([*argv, "-q", *how, "-o", str(tmp_path / name)]) == 0, name
    for name in tables:
        one = (tmp_path / "one" / name).read_bytes()
        assert one == (tmp_path / "two" / name).read_bytes(), name
        assert one == (tmp_path / "dask" / name).read_bytes(), name
