"""A class on one server: 30 team pages and an instructor page play 3 turns.

A game of ``regional.yaml`` with ten teams, each team on three pages (three
students, three laptops), all in one headless Chromium (a browser context
per page: no shared cookies), against ``ddsim play --teams`` on this machine.
Each turn one page of each team adds an engagement, all 30 pages submit,
then the instructor plays the turn. Measured:

- start: from starting the server to its 'ready' line, and to its first page;
- submissions: from the first submit click until all 30 pages say
  "Submitted for this turn"; every submission must be in the log;
- advance: from the click on "Play turn" until all 30 pages show the next
  turn (or the end), which is what a class waits for.

Run from the repository root (needs Chromium and Playwright, as the browser
tests do; about 3 minutes)::

    .venv/bin/python benchmarks/play_load.py [--teams-pages 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import ROOT, machine, write

sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_FLAGS as FLAGS  # the browser tests' flags: one list

STATES = ["OST", "VAR", "DRV", "KES", "LUM", "TAR", "PEL", "SOR", "ILY", "CAD"]
TURNS = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(out: Path, log: Path) -> tuple[subprocess.Popen, str, dict[str, float]]:
    port = free_port()
    args = [sys.executable, "-m", "ddsim", "play", "scenarios/regional.yaml"]
    args += ["--teams", ",".join(STATES), "--host", "127.0.0.1", "--port", str(port)]
    args += ["--code", "LOAD123", "--replications", "2", "--out", str(out)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/"
    times: dict[str, float] = {}
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while "page" not in times or "ready" not in times:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text()}")
        if "ready" not in times and "ready at" in log.read_text():
            times["ready"] = time.perf_counter() - started
        if "page" not in times:
            try:
                with direct.open(url, timeout=2) as reply:
                    if reply.status == 200:
                        times["page"] = time.perf_counter() - started
            except OSError:
                pass
        time.sleep(0.05)
    return proc, url, times


#: Notes in the page the moment ``text`` shows (so that reading 31 pages one
#: after the other does not add to the time measured).
WATCH = """text => {
  window.__seen = window.__seen || {};
  window.__watchers = window.__watchers || [];
  window.__seen[text] = null;
  const check = () => {
    if (window.__seen[text] === null && document.body.innerText.includes(text))
      window.__seen[text] = Date.now();
  };
  check();
  const all = {subtree: true, childList: true, characterData: true};
  const watcher = new MutationObserver(check);
  watcher.observe(document.body, all);
  window.__watchers.push(watcher);
}"""
#: Stops watching (at the start of each turn).
FORGET = "() => { (window.__watchers || []).forEach(w => w.disconnect()); window.__watchers = []; }"


def watch(pages: list, text: str) -> None:
    from playwright.sync_api import expect

    for page in pages:  # the last turn's text may linger a moment after a redraw
        expect(page.get_by_text(text)).to_have_count(0, timeout=60_000)
        page.evaluate(WATCH, text)


def last_seen(pages: list, text: str, since: float, timeout: float = 120_000) -> float:
    """Seconds from ``since`` (time.time()) until the last page showed ``text``."""
    for page in pages:
        page.get_by_text(text).first.wait_for(timeout=timeout)
    return max(seen(page, text) for page in pages) - since


def seen(page, text: str) -> float:
    """When ``page`` first showed ``text`` since it was watched (time.time())."""
    return page.evaluate("text => window.__seen[text]", text) / 1000


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the server has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--team-pages", type=int, default=3, help="pages per team (default 3)")
    ap.add_argument("--chromium", default=os.environ.get("DDSIM_CHROMIUM", "/usr/bin/chromium"))
    opts = ap.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="play-load-"))
    proc, url, start = start_server(tmp / "games", tmp / "server.log")
    turns = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=opts.chromium, args=FLAGS)
            teacher = browser.new_context().new_page()
            teacher.goto(url + "instructor")
            teacher.get_by_label("instructor code").fill("LOAD123", timeout=60_000)
            teacher.get_by_role("button", name="Enter").click()
            teacher.get_by_label("turns").fill(str(TURNS))
            teacher.get_by_role("button", name="Create game").click()
            codes_table = teacher.locator("table.codes")
            codes_table.wait_for(timeout=60_000)
            codes = re.findall(r"\t([A-Z0-9]{6})\t", codes_table.inner_text())
            assert len(codes) == len(STATES), codes
            opened = time.perf_counter()
            teams: list[list] = []
            for code in codes:
                tabs = []
                for _ in range(opts.team_pages):
                    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                    page.goto(url + f"team?code={code}")
                    tabs.append(page)
                teams.append(tabs)
            pages = [p for tabs in teams for p in tabs]
            for page in pages:
                page.locator("table.relations").wait_for(timeout=180_000)
            open_seconds = time.perf_counter() - opened
            for turn in range(1, TURNS + 1):
                for page in pages:
                    page.get_by_text(f"Your orders for turn {turn}").first.wait_for(timeout=120_000)
                for page in pages:
                    page.evaluate(FORGET)
                for tabs in teams:
                    tabs[0].get_by_role("button", name="Add engagement").click()
                watch(pages, "Submitted for this turn")  # the team's submission, on every tab
                watch([tabs[0] for tabs in teams], f"Submitted for turn {turn}.")  # the answer
                clicked, cpu = time.time(), cpu_seconds(proc.pid)
                each = []  # when each team's first page had its submit clicked
                for tabs in teams:
                    for k, page in enumerate(tabs):
                        if k == 0:
                            each.append(time.time())
                        page.get_by_role("button", name=f"Submit turn {turn}").click()
                submitted = last_seen(pages, "Submitted for this turn", clicked)
                # the clicking page's answer (its other pages may show the team's
                # submission before their own click, which would flatter the wait)
                answer = f"Submitted for turn {turn}."
                last_seen([tabs[0] for tabs in teams], answer, clicked)  # every answer came
                waits = sorted(
                    seen(tabs[0], answer) - at for tabs, at in zip(teams, each, strict=True)
                )
                submit_cpu = cpu_seconds(proc.pid) - cpu
                nxt = f"Your orders for turn {turn + 1}" if turn < TURNS else "The game is over"
                watch(pages, nxt)
                watch([teacher], f"Turn {turn + 1} of" if turn < TURNS else "The game is over")
                played, cpu = time.time(), cpu_seconds(proc.pid)
                teacher.get_by_role("button", name=f"Play turn {turn}").click()
                instructor = last_seen(
                    [teacher], f"Turn {turn + 1} of" if turn < TURNS else "The game is over", played
                )
                advanced = last_seen(pages, nxt, played)
                turns.append(
                    {
                        "turn": turn,
                        "submissions_s": submitted,
                        "submission_wait_median_s": waits[len(waits) // 2],
                        "submission_wait_max_s": waits[-1],
                        "submissions_server_cpu_s": submit_cpu,
                        "advance_instructor_s": instructor,
                        "advance_s": advanced,
                        "advance_server_cpu_s": cpu_seconds(proc.pid) - cpu,
                    }
                )
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    (folder,) = (tmp / "games").iterdir()
    log = [json.loads(line) for line in (folder / "log.jsonl").read_text().splitlines()]
    for row in turns:
        row["submitted"] = sum(e["event"] == "submit" and e["turn"] == row["turn"] for e in log)
        row["missing"] = next(
            e["missing"] for e in log if e["event"] == "advance" and e["turn"] == row["turn"]
        )
    expected = len(STATES) * opts.team_pages
    landed = all(r["submitted"] == expected and not r["missing"] for r in turns)
    load = os.getloadavg()[0]
    lines = [
        f"30 team pages ({len(STATES)} teams x {opts.team_pages}) and an instructor page, "
        f"regional.yaml, {TURNS} turns; load average {load:.1f}",
        "",
        f"server: 'ready' after {start['ready']:.1f} s, first page after {start['page']:.1f} s; "
        f"{len(pages)} team pages open in {open_seconds:.1f} s",
        "",
        "| turn | submissions in the log | a team's wait for its answer (median, max) "
        "| 30 clicks until every tab shows its team's | server CPU "
        "| advance: instructor sees it | all 30 pages see it | server CPU |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['turn']} | {r['submitted']} of {expected} (missing: {r['missing'] or 'none'}) "
        f"| {r['submission_wait_median_s']:.2f} s, {r['submission_wait_max_s']:.2f} s "
        f"| {r['submissions_s']:.2f} s | {r['submissions_server_cpu_s']:.2f} s "
        f"| {r['advance_instructor_s']:.2f} s | {r['advance_s']:.2f} s "
        f"| {r['advance_server_cpu_s']:.2f} s |"
        for r in turns
    ]
    lines += ["", "every submission landed" if landed else "SUBMISSIONS WERE LOST"]
    write(
        "play_load",
        {
            "machine": machine(),
            "load": load,
            "start": start,
            "open_s": open_seconds,
            "turns": turns,
            "landed": landed,
        },
        "\n".join(lines),
    )


if __name__ == "__main__":
    main()
