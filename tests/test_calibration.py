"""The calibration targets: the stored file, hand-made data with known answers, bad input.

- ``targets.json`` is exactly what ``ddsim.calibration.targets`` computes from
  the packaged data (same bytes);
- a tiny hand-made record, whose rates, shares and medians are worked out by
  hand below, goes through the same functions;
- a missing data file, a missing or non-numeric column, and a missing or
  malformed targets file each raise an ``InputError`` subclass whose message
  is one line naming the file and the field.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import get_args

import numpy as np
import pandas as pd
import pytest

from ddsim.calibration import data as cdata
from ddsim.calibration import targets as T
from ddsim.calibration.classes import RELEVANT_CLASSES
from ddsim.errors import InputError
from ddsim.scenarios.schema import ScenarioSpec


# --- the stored targets ---------------------------------------------------------
@pytest.fixture(scope="module")
def computed() -> list[T.Target]:
    return T.compute_targets()


def test_stored_targets_are_what_the_code_computes(computed):
    stored = T.TARGETS_JSON.read_text(encoding="utf-8")
    assert T.to_json(computed) == stored, "run: python -m ddsim.calibration.targets"


def test_stored_targets_load_and_cover_both_periods(computed):
    stored = T.load_targets()
    assert stored == computed
    names = {t.name for t in stored}
    for period in T.PERIODS:
        assert {t.name for t in stored if t.period == period} == names
    for t in stored:
        assert t.low <= t.value <= t.high, t


def test_writing_twice_gives_the_same_bytes(tmp_path, computed):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    T.write_targets(computed, a)
    T.main([str(cdata.DATA), str(b)])  # the packaged data, written elsewhere
    assert a.read_bytes() == b.read_bytes()


def test_record_reproduces_the_published_rates():
    """1816-2014: about 0.0038 dispute onsets and 0.0004 war onsets per dyad-year,
    the figures quoted in issue 10; the relevant and other pairs add up to all."""
    record = T.load_record()
    counts = record.counts
    assert (counts["relevant"] + counts["other"] == counts["all"]).all()
    assert (counts["relevant"] > 0).all()
    exposure = counts.loc[1816:2014, "all"].sum()
    assert len(record.onsets) / exposure == pytest.approx(0.0038, abs=0.0001)
    assert record.onsets["war"].sum() / exposure == pytest.approx(0.0004, abs=0.00003)
    # 2014: 195 system members, of which 7 majors
    assert counts.loc[2014, "all"] == 195 * 194 // 2


def test_shares_of_highest_level_add_up_to_one(computed):
    for period in T.PERIODS:
        shares = [t for t in computed if t.period == period and t.name.startswith("highest_level")]
        assert len(shares) == 4
        assert sum(t.events for t in shares) == shares[0].observations


#: The project's shared copy of the data (../shared from the main checkout,
#: ../../shared from a worktree), if it is on this machine.
SHARED = next(
    (
        up / "shared" / "data" / "cow"
        for up in Path(__file__).resolve().parents[1:4]
        if (up / "shared" / "data" / "cow").is_dir()
    ),
    Path("/nonexistent"),
)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared copy of the COW data is not here")
def test_copy_tables_makes_the_packaged_files(tmp_path):
    """The packaged tables are what ``copy_tables`` makes from the shared source."""
    written = cdata.copy_tables(SHARED, tmp_path)
    assert {p.name for p in written} == set(cdata.COPIED) | set(cdata.CUT)
    for path in written:
        if path.name != "README.md":
            assert path.read_bytes() == (cdata.DATA / path.name).read_bytes(), path.name
    assert {p.name for p in cdata.DATA.iterdir()} == {p.name for p in written}


# --- intervals -------------------------------------------------------------------
def test_exact_poisson_interval_known_values():
    # Garwood's interval for 3 events: 0.6187 to 8.7673 (standard tables)
    value, low, high = T.poisson_rate(3, 10)
    assert value == pytest.approx(0.3)
    assert low == pytest.approx(0.06187, abs=1e-5)
    assert high == pytest.approx(0.87673, abs=1e-5)
    value, low, high = T.poisson_rate(0, 1)
    assert (value, low) == (0, 0)
    assert high == pytest.approx(3.6889, abs=1e-4)


def test_wilson_share_known_values():
    value, low, high = T.wilson_share(2, 4)
    assert value == 0.5
    assert (low, high) == (pytest.approx(0.1500, abs=1e-4), pytest.approx(0.8500, abs=1e-4))


def test_bootstrap_is_reproducible_and_brackets_the_estimate():
    x = np.arange(1.0, 102.0)
    first = T.bootstrap_quantile(x, 0.5)
    assert first == T.bootstrap_quantile(x, 0.5)
    value, low, high = first
    assert value == 51
    # the order-statistic interval of a median of 101: ranks 51 -+ 1.96 * sqrt(101) / 2
    assert low == pytest.approx(41, abs=2)
    assert high == pytest.approx(61, abs=2)
    assert T.bootstrap_quantile([7.0, 7.0, 7.0], 0.25) == (7.0, 7.0, 7.0)


def test_rate_ratio_is_the_exact_binomial_interval_turned_into_a_ratio():
    from scipy import stats

    value, low, high = T.rate_ratio(30, 100.0, 20, 400.0)
    assert value == pytest.approx(6.0)
    # conditional on 50 events, a's share is 30 / 50; odds times 400 / 100
    share = stats.binomtest(30, 50).proportion_ci(method="exact")
    assert low == pytest.approx(share.low / (1 - share.low) * 4)
    assert high == pytest.approx(share.high / (1 - share.high) * 4)
    assert low < value < high
    assert T.rate_ratio(0, 10.0, 5, 10.0)[:2] == (0.0, 0.0)


# --- a tiny hand-made record -----------------------------------------------------
def _write(folder, name, rows, columns):
    file = cdata.TABLES[name][0]
    frame = pd.DataFrame(rows, columns=columns)
    frame.to_csv(folder / file, index=False, compression="gzip" if file.endswith(".gz") else None)


@pytest.fixture
def tiny(tmp_path):
    """States 1, 2, 3 members in 2000-2001, state 4 from 2001 (3 + 6 = 9 dyad-years).

    State 1 is a major; 2-3 share a border; 3-4 are contiguity class 0 (not
    contiguous). Relevant pairs: 2000 (1,2) (1,3) (2,3); 2001 the same and
    (1,4): 7. Other pairs: 2001 (2,4) (3,4): 2.
    Dyadic disputes: 10 = (2,3) 2000-2001, level 4; 11 = (1,4) 2001, war on
    both sides; 12 = (3,4) 2001, level 3 against 1; 13 = (1,5) 2000, state 5
    not a member: dropped. Onsets 3 (relevant 2, other 1), war onsets 1.
    Disputes of 2000-2001: levels 2, 3, 4, 5, reciprocated 2 of 4, durations
    (midpoints) 1, 15, 30, 150: median 22.5; one war of 150 days. A dispute
    of 1940 lies outside both periods.
    """
    _write(
        tmp_path,
        "states",
        [(c, 2000 if c < 4 else 2001, 1, 1, 2001, 12, 31) for c in (1, 2, 3, 4)],
        cdata.TABLES["states"][1],
    )
    _write(tmp_path, "majors", [(1, 1990, 2010)], ["ccode", "styear", "endyear"])
    days = lambda year: (pd.Timestamp(f"{year}-01-01") - pd.Timestamp("1970-01-01")).days  # noqa: E731
    _write(
        tmp_path,
        "contiguity",
        [(a, b, kind, days(1990), days(2010)) for a, b, kind in ((2, 3, 1), (3, 2, 1), (3, 4, 0))],
        ["ccode1", "ccode2", "conttype", "stdate", "enddate"],
    )
    dyadic = [
        (10, 2, 3, 2000, 4, 4),
        (10, 2, 3, 2001, 4, 4),
        (11, 1, 4, 2001, 5, 5),
        (12, 3, 4, 2001, 3, 1),
        (13, 1, 5, 2000, 4, 4),
    ]
    both_ways = dyadic + [(d, b, a, y, h2, h1) for d, a, b, y, h1, h2 in dyadic]
    _write(
        tmp_path,
        "dyadic_disputes",
        [(*row, max(row[4:])) for row in both_ways],
        cdata.TABLES["dyadic_disputes"][1],
    )
    _write(
        tmp_path,
        "disputes",
        [
            (20, 2000, 2, 1, 1, 1),
            (21, 2000, 3, 10, 20, 0),
            (22, 2001, 4, 30, 30, 0),
            (23, 2001, 5, 100, 200, 1),
            (24, 1940, 4, 5, 5, 1),
        ],
        cdata.TABLES["disputes"][1],
    )
    _write(
        tmp_path,
        "wars",
        [(30, 1, 4, 2001, 1), (30, 4, 1, 2001, 1)],
        cdata.TABLES["wars"][1],
    )
    # no strategic rivals in the tiny system unless a test writes some: one long
    # gone, one between states that are not members (it sets the data's last
    # year, 2010, so the first is not taken as still open)
    rivalry = [(9, 1, 2, 1950, 1960), (8, 5, 6, 1990, 2010)]
    _write(tmp_path, "rivalries", rivalry, ["rivalryno", "ccode1", "ccode2", "styear", "endyear"])
    return tmp_path


def test_tiny_record_gives_the_hand_computed_targets(tiny):
    every = T.compute_targets(tiny)
    # the tiny record's disputes are all in 2000-2001: 1946-1989 has rates of
    # pairs at risk but no dispute to take a share or a duration of
    before = [t for t in every if t.period == "1946-1989"]
    assert before and all(t.unit.startswith("onsets per") or "ratio" in t.unit for t in before)
    targets = [t for t in every if t.period != "1946-1989"]
    # 13 + contiguous and major classes + drift + war spans (no rivals in the tiny system)
    assert len(targets) == 2 * 17
    assert [t.name for t in targets] == [n for n in T.ORDER if n != "mid_onset_rate_rivals"] * 2
    for period in ("1946-2014", "1990-2014"):
        got = {t.name: t for t in targets if t.period == period}
        for name, events, observations in [
            ("mid_onset_rate_all", 3, 9),
            ("mid_onset_rate_relevant", 2, 7),
            ("mid_onset_rate_other", 1, 2),
            ("mid_onset_rate_contiguous", 1, 2),  # (2, 3) in 2000 and 2001
            ("mid_onset_rate_major", 1, 5),  # (1, 2), (1, 3) twice, (1, 4) in 2001
            ("war_onset_rate", 1, 9),
        ]:
            t = got[name]
            assert (t.events, t.observations) == (events, observations), name
            assert t.value == pytest.approx(events / observations, rel=1e-5)
            assert t.unit == "onsets per dyad-year"
        assert got["mid_onset_rate_all"].low == pytest.approx(0.6187 / 9, rel=1e-3)
        assert got["mid_onset_rate_all"].high == pytest.approx(8.7673 / 9, rel=1e-4)
        for level in ("threat", "display", "use_of_force", "war"):
            t = got[f"highest_level_{level}"]
            assert (t.events, t.observations, t.value) == (1, 4, 0.25)
        assert got["share_reciprocated"].value == 0.5
        assert got["share_reciprocated"].low == pytest.approx(0.15, abs=1e-4)
        median = got["median_dispute_duration"]
        assert (median.value, median.observations) == (22.5, 4)
        assert median.low >= 1 and median.high <= 150
        for q in (25, 50, 75):
            assert (got[f"war_duration_q{q}"].value, got[f"war_duration_q{q}"].low) == (150, 150)
        # 2 relevant onsets in 2 years: 10 a decade, and the interval of 10 against 10
        drift = got["mid_onset_ratio_second_half"]
        assert (drift.value, drift.events, drift.observations) == (1.0, 10, 2)
        ratio = T.rate_ratio(10, 1.0, 10, 1.0)
        assert (drift.low, drift.high) == (pytest.approx(ratio[1]), pytest.approx(ratio[2]))
        assert drift.low < 1 < drift.high
        # one war pair, (1, 4), fighting in 2001 only
        spans = got["war_share_spanning_years"]
        assert (spans.value, spans.events, spans.observations) == (0.0, 0, 1)
    checks = {(t.name, t.period): t for t in T.cross_checks(tiny)}
    cow = checks[("war_onset_rate_cow", "1990-2014")]
    assert (cow.events, cow.observations) == (1, 9)
    # the pairs 2-3 share a land border: narrowing contiguity changes nothing here
    land = checks[("mid_onset_rate_relevant_land", "1990-2014")]
    assert (land.events, land.observations) == (2, 7)


def test_rivalry_onsets_of_the_tiny_record(tiny):
    """Rivalries: (2, 3) 1999 to the data's last year (open to 2014); (1, 4)
    1990-2000, but 4 joins in 2001; (2, 4) in 2001, not a relevant pair. So
    the rival dyad-years are (2, 3) in 2000 and 2001; of the 2 relevant
    onsets, (2, 3) in 2000 is between rivals; 7 relevant dyad-years."""
    _write(
        tiny,
        "rivalries",
        [(1, 2, 3, 1999, 2005), (2, 1, 4, 1990, 2000), (3, 2, 4, 2001, 2001)],
        ["rivalryno", "ccode1", "ccode2", "styear", "endyear"],
    )
    assert T.rivalry_onsets("1990-2014", folder=tiny) == (1, 2.0, 1, 5.0)
    assert T.rival_years(2001, 2001, tiny).values.tolist() == [[2001, 2, 3]]
    # the one war, (1, 4) in 2001, is between relevant pairs that are not rivals
    assert T.rivalry_onsets("1990-2014", folder=tiny, wars=True) == (0, 2.0, 1, 5.0)
    other = T.war_benchmark("relevant_pairs", "1990-2014", folder=tiny)
    assert (other["wars"], other["dyad_years"]) == (1, 5.0)
    assert other["per_decade"] == pytest.approx(1 - math.exp(-10 * 1 / 5))
    assert other["per_decade_low"] < other["per_decade"] < other["per_decade_high"]
    rivals = T.war_benchmark("strategic_rivals", "1990-2014", folder=tiny)
    assert (rivals["wars"], rivals["per_decade"], rivals["per_decade_low"]) == (0, 0.0, 0.0)
    checks = {(t.name, t.period): t for t in T.cross_checks(tiny)}
    checks.update({(t.name, t.period): t for t in T.compute_targets(tiny)})
    assert ("mid_onset_rate_rivals", "1990-2014") not in set(
        (t.name, t.period) for t in T.cross_checks(tiny)
    )  # a target now, not a cross-check
    for name, counts in {
        "mid_onset_rate_rivals": (1, 2),
        "mid_onset_rate_not_rivals": (1, 5),
        "war_onset_rate_rivals": (0, 2),
        "war_onset_rate_not_rivals": (1, 5),
    }.items():
        t = checks[(name, "1990-2014")]
        assert (t.events, t.observations) == counts, name
        assert t.value == pytest.approx(counts[0] / counts[1])
    assert set(T.RECORD_KINDS) == set(
        get_args(get_args(ScenarioSpec.model_fields["record"].annotation)[0])
    )


def test_the_classes_of_pair_of_the_tiny_record(tiny):
    """Rivals (1, 3), a major's pair that is not contiguous, open 1990-2010.
    Rivals: (1, 3) in 2000 and 2001, no onset. Contiguous: (2, 3), 2
    dyad-years, the onset of 2000. Major: (1, 2) twice and (1, 4) in 2001, 3
    dyad-years, the war of 2001. Other: (2, 4), (3, 4) in 2001, one onset.
    The first three add up to the relevant pairs (2 onsets, 7 dyad-years)."""
    _write(
        tiny,
        "rivalries",
        [(1, 1, 3, 1990, 2010)],
        ["rivalryno", "ccode1", "ccode2", "styear", "endyear"],
    )
    counts = T.class_onsets("1990-2014", folder=tiny)
    assert counts == {
        "rivals": (0, 2.0),
        "contiguous": (1, 2.0),
        "major": (1, 3.0),
        "other": (1, 2.0),
    }
    got = {t.name: t for t in T.compute_targets(tiny) if t.period == "1990-2014"}
    for name in ("rivals", "contiguous", "major"):
        t = got[f"mid_onset_rate_{name}"]
        assert (t.events, t.observations) == counts[name], name
        assert t.value == pytest.approx(counts[name][0] / counts[name][1])
    assert got["mid_onset_rate_rivals"].low == 0
    relevant = got["mid_onset_rate_relevant"]
    assert sum(got[f"mid_onset_rate_{n}"].events for n in RELEVANT_CLASSES) == relevant.events
    assert sum(got[f"mid_onset_rate_{n}"].observations for n in RELEVANT_CLASSES) == 7
    # rivals that are contiguous leave the contiguous class empty: no target for it
    _write(
        tiny,
        "rivalries",
        [(1, 2, 3, 1990, 2010)],
        ["rivalryno", "ccode1", "ccode2", "styear", "endyear"],
    )
    counts = T.class_onsets("1990-2014", folder=tiny)
    assert counts["rivals"] == (1, 2.0) and counts["contiguous"] == (0, 0.0)
    assert counts["major"] == (1, 5.0)
    names = {t.name for t in T.compute_targets(tiny)}
    assert "mid_onset_rate_rivals" in names and "mid_onset_rate_contiguous" not in names


def test_the_record_drift_decade_by_decade():
    """Relevant onsets 10 in 1946-1955, 20 in 1956-1965, 5 in 1966-1970 (a
    short last block) on 100 relevant dyad-years a year: ratios 2 and 0.5."""
    counts = pd.DataFrame({"relevant": 100}, index=pd.Index(range(1946, 1971), name="year"))
    years = [1950] * 10 + [1960] * 20 + [1968] * 5 + [1969]
    onsets = pd.DataFrame({"year": years, "relevant": [True] * 35 + [False]})
    assert T.decade_ratios("1946-2014", counts, onsets) == [2.0, pytest.approx(0.5)]
    (drift,) = T.drift_target("1946-2014", counts, onsets)
    # 35 relevant onsets in 25 years: 14 a decade
    assert (drift.value, drift.events, drift.observations) == (1.0, 14, 35)
    assert drift.low == pytest.approx(T.rate_ratio(14, 1.0, 14, 1.0)[1], rel=1e-5)
    assert "(2, 0.50 to 2.00)" in drift.definition
    assert T.drift_target("1990-2014", counts, onsets) == []  # no relevant onset then


def test_the_share_of_war_pairs_fighting_across_a_new_year(tiny):
    """War 30: (1, 4) in 2001 only. War 31: (1, 2) 2000-2001 and (1, 3) in
    2000 only. Of 3 war pairs one fought in two calendar years; the interval
    resamples the two wars, so it goes from 0 (war 30 twice) to 1/2 (war 31
    twice)."""
    rows = [(30, 1, 4, 2001, 1), (31, 1, 2, 2000, 1), (31, 1, 2, 2001, 0), (31, 1, 3, 2000, 1)]
    both_ways = rows + [(w, b, a, y, o) for w, a, b, y, o in rows]
    _write(tiny, "wars", both_ways, cdata.TABLES["wars"][1])
    got = {t.name: t for t in T.compute_targets(tiny) if t.period == "1990-2014"}
    spans = got["war_share_spanning_years"]
    assert (spans.events, spans.observations) == (1, 3)
    assert spans.value == pytest.approx(1 / 3, rel=1e-5)
    assert (spans.low, spans.high) == (0.0, 0.5)
    assert "2 wars" in spans.definition


def test_the_cluster_bootstrap_is_wider_than_counting_members_as_independent():
    # one war of 20 pairs all fighting for years, nine wars of 2 pairs that did not
    events, sizes = [20] + [0] * 9, [20] + [2] * 9
    first = T.bootstrap_cluster_share(events, sizes)
    assert first == T.bootstrap_cluster_share(events, sizes)  # same seed, same interval
    value, low, high = first
    assert value == pytest.approx(20 / 38)
    wilson = T.wilson_share(20, 38)
    assert low < wilson[1] and high > wilson[2]
    assert T.bootstrap_cluster_share([1, 1], [2, 2]) == (0.5, 0.5, 0.5)


def test_contiguity_class_zero_is_not_contiguous(tiny):
    years = T.contiguous_years(cdata.load_table("contiguity", tiny))
    assert set(zip(years["ccode1"], years["ccode2"], strict=True)) == {(2, 3)}
    assert years["year"].min() == 1990 and years["year"].max() == 2010


# --- bad input -------------------------------------------------------------------
def _one_line(exc: pytest.ExceptionInfo, *words: str) -> None:
    message = str(exc.value)
    assert "\n" not in message
    assert isinstance(exc.value, InputError)
    for word in words:
        assert word in message, (word, message)


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(cdata.DATA, folder)
    return folder


@pytest.mark.parametrize("name", list(cdata.TABLES))
def test_missing_data_file(data_copy, name):
    file = cdata.TABLES[name][0]
    (data_copy / file).unlink()
    with pytest.raises(cdata.CalibrationDataError) as exc:
        cdata.load_table(name, data_copy)
    _one_line(exc, file, "not found")


@pytest.mark.parametrize("name", list(cdata.TABLES))
def test_data_file_without_a_needed_column(data_copy, name):
    file, columns = cdata.TABLES[name]
    table = pd.read_csv(data_copy / file)
    gone = columns[-1]
    table.drop(columns=gone).to_csv(data_copy / file, index=False)
    with pytest.raises(cdata.CalibrationDataError) as exc:
        cdata.load_table(name, data_copy)
    _one_line(exc, file, repr(gone), "missing")


def test_data_column_that_is_not_numeric(data_copy):
    path = data_copy / "cow_mid_disps.csv"
    table = pd.read_csv(path)
    table["hostlev"] = table["hostlev"].astype(str).replace("4.0", "use of force")
    table.to_csv(path, index=False)
    with pytest.raises(cdata.CalibrationDataError) as exc:
        T.compute_targets(data_copy)
    _one_line(exc, "cow_mid_disps.csv", "'hostlev'", "numbers")


def test_data_column_with_an_empty_cell(data_copy):
    path = data_copy / "cow_states.csv"
    table = pd.read_csv(path)
    table.loc[3, "endyear"] = None
    table.to_csv(path, index=False)
    with pytest.raises(cdata.CalibrationDataError) as exc:
        T.compute_targets(data_copy)
    _one_line(exc, "cow_states.csv", "'endyear'", "line 5")


def test_data_file_that_is_not_csv(data_copy):
    (data_copy / "cow_mid_ddydisps.csv.gz").write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(cdata.CalibrationDataError) as exc:
        cdata.load_table("dyadic_disputes", data_copy)
    _one_line(exc, "cow_mid_ddydisps.csv.gz", "cannot be read")


def test_bad_data_writes_no_targets_file(data_copy, tmp_path):
    (data_copy / "cow_states.csv").unlink()
    out = tmp_path / "targets.json"
    with pytest.raises(cdata.CalibrationDataError):
        T.main([str(data_copy), str(out)])
    assert list(tmp_path.iterdir()) == [data_copy]


def test_missing_targets_file(tmp_path):
    with pytest.raises(T.TargetsFileError) as exc:
        T.load_targets(tmp_path / "targets.json")
    _one_line(exc, "targets.json", "not found")


def test_targets_file_that_is_not_json(tmp_path):
    path = tmp_path / "targets.json"
    path.write_text('{"targets": [', encoding="utf-8")
    with pytest.raises(T.TargetsFileError) as exc:
        T.load_targets(path)
    _one_line(exc, str(path), "not valid JSON")


def _good_entry() -> dict:
    return json.loads(T.TARGETS_JSON.read_text(encoding="utf-8"))["targets"][0]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda e: e.pop("low"), ["targets[0].low", "missing"]),
        (lambda e: e.update(weight=1), ["targets[0].weight", "unknown field"]),
        (lambda e: e.update(value="high"), ["targets[0].value", "number"]),
        (lambda e: e.update(value=True), ["targets[0].value", "number"]),
        (lambda e: e.update(high=float("inf")), ["targets[0].high", "finite"]),
        (lambda e: e.update(name=""), ["targets[0].name", "non-empty string"]),
        (lambda e: e.update(period="1816-2014"), ["targets[0].period", "1946-2014"]),
        (lambda e: e.update(low=1.0), ["targets[0].value", "between low and high"]),
        (lambda e: e.update(events=2.5), ["targets[0].events", "whole number"]),
        (lambda e: e.update(observations=0), ["targets[0].observations", "at least 1"]),
    ],
)
def test_malformed_target_entry(tmp_path, change, words):
    entry = _good_entry()
    change(entry)
    path = tmp_path / "targets.json"
    path.write_text(json.dumps({"targets": [entry]}), encoding="utf-8")
    with pytest.raises(T.TargetsFileError) as exc:
        T.load_targets(path)
    _one_line(exc, str(path), *words)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ([], ["targets", "list"]),
        ({"about": "x"}, ["targets", "list"]),
        ({"targets": []}, ["targets", "empty"]),
        ({"targets": [1]}, ["targets[0]", "mapping"]),
        ({"targets": "all"}, ["targets", "list"]),
        ({"targets": [{}], "weights": {}}, ["weights", "unknown key"]),
    ],
)
def test_malformed_targets_document(tmp_path, document, words):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(T.TargetsFileError) as exc:
        T.load_targets(path)
    _one_line(exc, str(path), *words)


def test_repeated_target(tmp_path):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps({"targets": [_good_entry(), _good_entry()]}), encoding="utf-8")
    with pytest.raises(T.TargetsFileError) as exc:
        T.load_targets(path)
    _one_line(exc, str(path), "targets[1].name", "repeated")
