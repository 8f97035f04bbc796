"""Malformed scenarios are refused with one clear line, exit code 2 and nothing written.

Every case starts from the valid scenario ``BASE`` and breaks one thing. The
check goes through the real command line (``ddsim.cli.main`` in process, and a
few cases through ``python -m ddsim`` in a subprocess): exit code 2, stderr one
line naming the file, the line where YAML can tell it, the field path and what
is allowed; no traceback; and for ``run`` no results folder and no temporary
folder left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ddsim import load_scenario
from ddsim.cli import main

ROOT = Path(__file__).resolve().parent.parent

# Line numbers of BASE are used by the cases below: keep them in step.
BASE = """\
name: base
steps: 24
seed: 1
replications: 2
states:
  - {id: AAA, capability: 1.0, budget: 4, strategy: noncoercive}
  - {id: BBB, capability: 0.8, budget: 4, strategy: reciprocal}
  - {id: CCC, capability: 0.5, budget: 2, strategy: grit}
relations:
  defaults: {trust: 0.5, hostility: 0}
  pairs:
    - {between: [AAA, BBB], trust: 0.3, hostility: 1}
alliances:
  - {name: Pact, members: [AAA, CCC]}
forums:
  - {name: Dialogue, members: [AAA, BBB, CCC], every: 6}
events:
  - {step: 10, kind: incident, between: [AAA, BBB]}
variants:
  calm: {}
  tough: {states: {AAA: {strategy: coercive}}}
"""
KNOWN_STRATEGIES = "coercive, generous_reciprocal, grit, hedging, noncoercive, passive, reciprocal"


def edit(old: str, new: str) -> str:
    """BASE with ``old`` (which must occur exactly once) replaced by ``new``."""
    assert BASE.count(old) == 1, f"{old!r} must occur once in BASE"
    return BASE.replace(old, new)


@dataclass
class Case:
    """A broken scenario and what its error message must say."""

    content: str | bytes | None  # None: no file at all; "<dir>": a folder
    says: list[str] = field(default_factory=list)  # substrings of the message
    path: str | None = None  # the field path, as printed
    line: int | None = None  # the line, where YAML can tell it


CASES = {
    # --- unknown keys -------------------------------------------------------
    "unknown-top-level-key": Case(
        BASE + "colour: blue\n", ["unknown key", "allowed: name, title"], "colour", 22
    ),
    "unknown-key-with-a-newline": Case(
        BASE + '"colour\\nred": 1\n', ["unknown key"], "'colour\\nred'", 22
    ),
    "unknown-key-in-state": Case(
        edit("{id: CCC, capability", "{id: CCC, colour: red, capability"),
        ["unknown key", "allowed:", "capability", "strategy"],
        "states[2].colour",
        8,
    ),
    "unknown-key-in-relation-pair": Case(
        edit("trust: 0.3, hostility: 1}", "trust: 0.3, hostility: 1, mood: bad}"),
        ["unknown key", "allowed: between, trust, hostility, contention, symmetric"],
        "relations.pairs[0].mood",
        12,
    ),
    # --- strategies ---------------------------------------------------------
    "unknown-strategy": Case(
        edit("strategy: grit}", "strategy: grittt}"),
        ["unknown strategy 'grittt'", f"known: {KNOWN_STRATEGIES}"],
        "states[2].strategy",
        8,
    ),
    "unknown-strategy-parameter": Case(
        edit("strategy: grit}", "strategy: {name: grit, size: 0.1}}"),
        ["no parameter 'size'", "its parameters: step"],
        "states[2].strategy",
        8,
    ),
    "strategy-parameter-out-of-range": Case(
        edit("strategy: grit}", "strategy: {name: grit, step: 5}}"),
        ["grit.step", "out of range", "[0.01, 1.0]"],
        "states[2].strategy",
        8,
    ),
    "strategy-without-name": Case(
        edit("strategy: grit}", "strategy: {step: 0.1}}"),
        ["needs a name"],
        "states[2].strategy",
        8,
    ),
    "strategy-of-wrong-type": Case(
        edit("strategy: grit}", "strategy: [grit]}"),
        ["should be a strategy name or {name: ..., parameter: value}", "['grit']"],
        "states[2].strategy",
        8,
    ),
    # --- unknown state ids ----------------------------------------------------
    "unknown-state-in-relations": Case(
        edit("between: [AAA, BBB], trust", "between: [AAA, ZZZ], trust"),
        ["unknown state id 'ZZZ'", "known: AAA, BBB, CCC"],
        "relations.pairs[0].between[1]",
        12,
    ),
    "unknown-state-in-alliance": Case(
        edit("members: [AAA, CCC]", "members: [AAA, ZZZ]"),
        ["unknown state id 'ZZZ'", "known: AAA, BBB, CCC"],
        "alliances[0].members[1]",
        14,
    ),
    "unknown-state-in-forum": Case(
        edit("members: [AAA, BBB, CCC]", "members: [AAA, BBB, ZZZ]"),
        ["unknown state id 'ZZZ'", "known: AAA, BBB, CCC"],
        "forums[0].members[2]",
        16,
    ),
    "unknown-state-in-contiguity": Case(
        BASE + "contiguity: [[AAA, BBB], [AAA, ZZZ]]\n",
        ["unknown state id 'ZZZ'", "known: AAA, BBB, CCC"],
        "contiguity[1][1]",
        22,
    ),
    "contiguity-pair-of-three": Case(
        BASE + "contiguity:\n  - [AAA, BBB, CCC]\n",
        ["at most 2 items"],
        "contiguity[0]",
        23,
    ),
    "contiguity-pair-with-itself": Case(
        BASE + "contiguity: [[AAA, AAA]]\n",
        ["a state is listed twice"],
        "contiguity[0]",
        22,
    ),
    "major-not-yes-or-no": Case(
        edit("{id: CCC, capability", "{id: CCC, major: perhaps, capability"),
        ["should be a valid boolean", "perhaps"],
        "states[2].major",
        8,
    ),
    "unknown-state-in-event": Case(
        edit("kind: incident, between: [AAA, BBB]", "kind: incident, between: [ZZZ, BBB]"),
        ["unknown state id 'ZZZ'", "known: AAA, BBB, CCC"],
        "events[0].between[0]",
        18,
    ),
    "pair-names-one-state-twice": Case(
        edit("between: [AAA, BBB], trust", "between: [AAA, AAA], trust"),
        ["listed twice"],
        "relations.pairs[0].between",
        12,
    ),
    "duplicate-state-ids": Case(
        edit("{id: CCC,", "{id: AAA,"), ["duplicate state id 'AAA'"], "states[2].id", 8
    ),
    "bad-state-id": Case(
        edit("{id: AAA,", "{id: 1AA,"), ["'1AA' is not a valid identifier"], "states[0].id", 6
    ),
    # --- values out of range ------------------------------------------------
    "capability-zero": Case(
        edit("capability: 1.0", "capability: 0"),
        ["greater than 0", "(got 0)"],
        "states[0].capability",
        6,
    ),
    "capability-not-a-number": Case(
        edit("capability: 1.0", "capability: .nan"),
        ["should be a finite number (got nan)"],
        "states[0].capability",
        6,
    ),
    "budget-infinite": Case(
        edit("budget: 2,", "budget: .inf,"),
        ["should be a finite number (got inf)"],
        "states[2].budget",
        8,
    ),
    "capability-yes": Case(
        edit("capability: 1.0", "capability: yes"),
        ["should be a number, not true/false"],
        "states[0].capability",
        6,
    ),
    "steps-true": Case(
        edit("steps: 24", "steps: true"), ["should be a number, not true/false"], "steps", 2
    ),
    "parameter-boolean": Case(
        BASE + "parameters: {forgetting: on}\n",
        ["should be a number, not true/false"],
        "parameters.forgetting",
        22,
    ),
    "trust-above-one": Case(
        edit("defaults: {trust: 0.5,", "defaults: {trust: 1.5,"),
        ["less than or equal to 1", "1.5"],
        "relations.defaults.trust",
        10,
    ),
    "hostility-six": Case(
        edit("trust: 0.3, hostility: 1}", "trust: 0.3, hostility: 6}"),
        ["less than or equal to 5", "(got 6)"],
        "relations.pairs[0].hostility",
        12,
    ),
    "negative-budget": Case(
        edit("budget: 4, strategy: reciprocal", "budget: -1, strategy: reciprocal"),
        ["greater than or equal to 0", "(got -1)"],
        "states[1].budget",
        7,
    ),
    "steps-zero": Case(edit("steps: 24", "steps: 0"), ["greater than or equal to 1"], "steps", 2),
    "negative-seed": Case(edit("seed: 1", "seed: -1"), ["greater than or equal to 0"], "seed", 3),
    "bad-disposition": Case(
        edit("strategy: noncoercive}", "strategy: noncoercive, disposition: aggressive}"),
        ["'aggressive' is not allowed", "'security_seeker' or 'revisionist'"],
        "states[0].disposition",
        6,
    ),
    # --- wrong types ----------------------------------------------------------
    "steps-not-a-number": Case(
        edit("steps: 24", "steps: many"), ["valid integer", "'many'"], "steps", 2
    ),
    "steps-fractional": Case(
        edit("steps: 24", "steps: 24.5"), ["valid integer", "24.5"], "steps", 2
    ),
    "capability-a-word": Case(
        edit("capability: 1.0", "capability: strong"),
        ["valid number", "'strong'"],
        "states[0].capability",
        6,
    ),
    "state-not-a-mapping": Case(
        edit("  - {id: CCC, capability: 0.5, budget: 2, strategy: grit}", "  - CCC"),
        ["valid dictionary", "'CCC'"],
        "states[2]",
        8,
    ),
    "name-not-a-string": Case(edit("name: base", "name: 123"), ["valid string"], "name", 1),
    # --- YAML itself ----------------------------------------------------------
    "yaml-syntax-error": Case(
        edit("budget: 4, strategy: reciprocal}", "budget: 4, strategy: reciprocal"),
        ["not valid YAML", "expected ',' or '}'"],
        None,
        8,
    ),
    "yaml-tab-indent": Case(
        edit("  - {id: AAA,", "\t- {id: AAA,"), ["not valid YAML", "'\\t'"], None, 6
    ),
    "yaml-undefined-alias": Case(
        BASE + "title: *nowhere\n", ["not valid YAML", "undefined alias 'nowhere'"], None, 22
    ),
    "key-given-twice": Case(
        edit("seed: 1\n", "seed: 1\nseed: 2\n"), ["key 'seed' is given twice"], None, 4
    ),
    "key-given-twice-in-state": Case(
        edit("{id: BBB, capability: 0.8,", "{id: BBB, capability: 0.8, capability: 0.9,"),
        ["key 'capability' is given twice"],
        None,
        7,
    ),
    "key-given-twice-beside-a-merge-key": Case(
        edit(
            "  - {id: BBB, capability: 0.8, budget: 4, strategy: reciprocal}",
            "  - {<<: *first, id: BBB, id: BBX}",
        ).replace("  - {id: AAA,", "  - &first {id: AAA,"),
        ["key 'id' is given twice"],
        None,
        7,
    ),
    "unhashable-key": Case(
        BASE + "? [a, b]\n: 1\n", ["not valid YAML", "unhashable key"], None, 22
    ),
    # --- not a scenario file at all --------------------------------------------
    "empty-file": Case("", ["the file is empty", "name:", "states:"]),
    "whitespace-only-file": Case("  \n\n\t\n", ["the file is empty"]),
    "comments-only-file": Case("# nothing here\n", ["holds no data"]),
    "binary-file": Case(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["not a text file"]),
    "non-utf8-file": Case(
        BASE.replace("name: base", "title: caf\xe9\nname: base").encode("latin-1"),
        ["not UTF-8", "byte"],
    ),
    "missing-file": Case(None, ["no such file"]),
    "folder-not-file": Case("<dir>", ["is a folder"]),
    "top-level-list": Case("- name: base\n- steps: 3\n", ["must be a mapping", "not list"]),
    "top-level-scalar": Case("just words\n", ["must be a mapping", "not str"]),
    "missing-name": Case(edit("name: base\n", ""), ["required field is missing"], "name", 1),
    "fewer-than-two-states": Case(
        "name: lonely\nstates:\n  - {id: AAA}\n", ["at least 2 items"], "states", 3
    ),
    # --- variants -------------------------------------------------------------
    "variant-unknown-state": Case(
        edit("tough: {states: {AAA:", "tough: {states: {ZZZ:"),
        ["unknown state id", "known: AAA, BBB, CCC"],
        "variants.tough.states.ZZZ",
        21,
    ),
    "variant-unknown-key": Case(
        edit("  calm: {}", "  calm: {colour: red}"),
        ["unknown key", "allowed: description, states, relations"],
        "variants.calm.colour",
        20,
    ),
    "variant-unknown-key-in-state": Case(
        edit("  calm: {}", "  calm: {states: {AAA: {colour: red}}}"),
        ["unknown key", "allowed: name, capability"],
        "variants.calm.states.AAA.colour",
        20,
    ),
    "variant-unknown-strategy": Case(
        edit("{strategy: coercive}", "{strategy: bully}"),
        ["unknown strategy 'bully'", KNOWN_STRATEGIES],
        "variants.tough.states.AAA.strategy",
        21,
    ),
    "variant-bad-name": Case(
        edit("  calm: {}", "  Calm: {}"),
        ["'Calm' is not a valid identifier"],
        "variants.Calm",
        20,
    ),
    "variant-parameter-out-of-range": Case(
        edit("  calm: {}", "  calm: {parameters: {forgetting: 0.9}}"),
        ["out of range", "[0.0, 0.2]"],
        "variants.calm.parameters.forgetting",
        20,
    ),
    "variant-event-after-horizon": Case(
        edit("  calm: {}", "  calm: {events: [{step: 30, kind: incident, between: [AAA, BBB]}]}"),
        ["step 30 is after the last step 24"],
        "variants.calm.events[0].step",
        20,
    ),
    # --- parameters and actions ---------------------------------------------------
    "unknown-parameter": Case(
        BASE + "parameters: {forgeting: 0.1}\n",
        ["unknown parameter", "known:", "forgetting"],
        "parameters.forgeting",
        22,
    ),
    "parameter-out-of-range": Case(
        BASE + "parameters: {forgetting: 0.9}\n",
        ["0.9 is out of range", "allowed: [0.0, 0.2]"],
        "parameters.forgetting",
        22,
    ),
    "parameter-not-a-number": Case(
        BASE + "parameters: {forgetting: lots}\n",
        ["valid number", "'lots'"],
        "parameters.forgetting",
        22,
    ),
    "parameters-not-a-mapping": Case(
        BASE + "parameters: [forgetting]\n", ["valid dictionary"], "parameters", 22
    ),
    "unknown-action-kind": Case(
        BASE + "actions: {ship_vist: {cost: 1}}\n",
        ["unknown action kind", "known:", "ship_visit"],
        "actions.ship_vist",
        22,
    ),
    "unknown-action-field": Case(
        BASE + "actions: {ship_visit: {colour: 1}}\n",
        ["cannot override", "allowed: ambiguity, benign, channel, cost, hostile, ties, visibility"],
        "actions.ship_visit.colour",
        22,
    ),
    "action-credibility-is-derived": Case(
        BASE + "actions: {ship_visit: {credibility: 0.5}}\n",
        ["cannot override", "allowed: ambiguity, benign"],
        "actions.ship_visit.credibility",
        22,
    ),
    "action-field-out-of-range": Case(
        BASE + "actions: {ship_visit: {benign: 2}}\n",
        ["out of range [0.001, 1.0]"],
        "actions.ship_visit.benign",
        22,
    ),
    "cooperative-act-pointing-to-hostility": Case(
        BASE + "actions: {ship_visit: {hostile: 0.9}}\n",
        ["a cooperative act needs hostile <= benign", "benign 0.5, hostile 0.9"],
        "actions.ship_visit.hostile",
        22,
    ),
    "coercive-act-pointing-to-benign": Case(
        BASE + "actions: {show_of_force: {benign: 0.9}}\n",
        ["a coercive act needs benign <= hostile"],
        "actions.show_of_force.benign",
        22,
    ),
    # --- events ---------------------------------------------------------------
    "event-after-horizon": Case(
        edit("{step: 10, kind: incident", "{step: 30, kind: incident"),
        ["step 30 is after the last step 24"],
        "events[0].step",
        18,
    ),
    "incident-without-between": Case(
        edit("kind: incident, between: [AAA, BBB]", "kind: incident"),
        ["an incident needs 'between: [A, B]'"],
        "events[0]",
        18,
    ),
    "strategy-event-without-state": Case(
        edit("kind: incident, between: [AAA, BBB]", "kind: strategy, strategy: coercive"),
        ["needs 'state' and 'strategy'"],
        "events[0]",
        18,
    ),
    "unknown-event-kind": Case(
        edit("kind: incident", "kind: war"),
        ["'war' is not allowed", "'incident' or 'strategy'"],
        "events[0].kind",
        18,
    ),
    # --- names ----------------------------------------------------------------
    "bad-name-slug": Case(
        edit("name: base", "name: Base Scenario"),
        ["'Base Scenario' is not a valid identifier", "lower case"],
        "name",
        1,
    ),
}


def write_case(folder: Path, case: Case) -> Path:
    """Put the case's content where the command will look, and return that path."""
    path = folder / "scenario.yaml"
    if case.content is None:
        return path
    if case.content == "<dir>":
        path.mkdir()
    elif isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8")
    return path


def check_message(stderr: str, path: Path, case: Case) -> None:
    """One line, naming the file (and line), the field path and what is allowed."""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got: {stderr!r}"
    message = lines[0]
    where = f"{path}:{case.line}:" if case.line is not None else f"{path}:"
    assert where in message, f"{where!r} not in {message!r}"
    if case.path is not None:
        assert f": {case.path}: " in message, f"path {case.path!r} not in {message!r}"
    for words in case.says:
        assert words in message, f"{words!r} not in {message!r}"


@pytest.mark.parametrize("name", list(CASES))
def test_validate_refuses(name, tmp_path, capsys):
    case = CASES[name]
    path = write_case(tmp_path, case)
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    check_message(err, path, case)


@pytest.mark.parametrize("name", list(CASES))
def test_run_refuses_and_writes_nothing(name, tmp_path, capsys):
    case = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_case(folder, case)
    out_dir = tmp_path / "results"
    code = main(["run", str(path), "-n", "1", "--steps", "3", "--out", str(out_dir), "-q"])
    assert code == 2
    _, err = capsys.readouterr()
    assert err.startswith("ddsim: ")
    check_message(err, path, case)
    assert not out_dir.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["in"]  # no .partial folder either


def test_run_unknown_variant(tmp_path, capsys):
    path = write_case(tmp_path, Case(BASE))
    out_dir = tmp_path / "results"
    code = main(["run", str(path), "--variant", "nope", "-n", "1", "--out", str(out_dir), "-q"])
    assert code == 2
    _, err = capsys.readouterr()
    check_message(err, path, Case(BASE, ["no variant 'nope'", "variants: calm, tough"], "variants"))
    assert not out_dir.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["scenario.yaml"]


def test_validate_reports_every_bad_file_and_checks_the_good_ones(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(BASE)
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit("steps: 24", "steps: 0"))
    missing = tmp_path / "missing.yaml"
    assert main(["validate", str(good), str(bad), str(missing)]) == 2
    out, err = capsys.readouterr()
    assert f"{good}: ok (3 states, 24 steps, variants: calm, tough)" in out
    files = [line.split(": ")[1].split(":")[0] for line in err.strip().splitlines()]
    assert files == [str(bad), str(missing)]
    assert all(line.startswith("ddsim: ") for line in err.splitlines())


SUBPROCESS_CASES = [
    "unknown-strategy",
    "yaml-syntax-error",
    "missing-file",
]


def run_ddsim(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ddsim", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
@pytest.mark.parametrize("command", ["validate", "run"])
def test_the_real_command_refuses(name, command, tmp_path):
    case = CASES[name]
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_case(folder, case)
    extra = ["-n", "1", "--steps", "3", "--out", str(tmp_path / "results")]
    result = run_ddsim(command, str(path), *(extra if command == "run" else []), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    check_message(result.stderr, path, case)
    assert [p.name for p in tmp_path.iterdir()] == ["in"]


def test_the_real_command_refuses_an_unknown_variant(tmp_path):
    path = write_case(tmp_path, Case(BASE))
    result = run_ddsim("run", str(path), "--variant", "nope", "-o", "res", "-q", cwd=tmp_path)
    assert result.returncode == 2
    check_message(result.stderr, path, Case(BASE, ["no variant 'nope'"], "variants"))
    assert not (tmp_path / "res").exists()


def test_base_scenario_is_valid(tmp_path, capsys):
    """The cases above fail because of their one change, not because BASE is broken."""
    path = write_case(tmp_path, Case(BASE))
    assert main(["validate", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


def test_yaml_merge_keys_are_allowed(tmp_path, capsys):
    """``<<: *anchor`` shares defaults between states; the state's own keys win."""
    text = edit(
        "  - {id: BBB, capability: 0.8, budget: 4, strategy: reciprocal}",
        "  - {<<: *first, id: BBB, budget: 3}",
    ).replace("  - {id: AAA,", "  - &first {id: AAA,")
    path = write_case(tmp_path, Case(text))
    assert main(["validate", str(path)]) == 0
    sc = load_scenario(path)
    assert (sc.states[1].id, sc.states[1].capability, sc.states[1].budget) == ("BBB", 1.0, 3.0)
    assert sc.states[1].strategy == "noncoercive"
