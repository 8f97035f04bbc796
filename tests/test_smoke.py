"""The shortest end-to-end check: a scenario runs and writes a results folder."""

from ddsim.cli import main


def test_run_writes_a_results_folder(tmp_path):
    out = tmp_path / "out"
    assert (
        main(["run", "scenarios/rivals.yaml", "-n", "2", "--steps", "24", "-o", str(out), "-q"])
        == 0
    )
    assert {"manifest.json", "timeseries.csv", "summary.csv", "hostility.png"} <= {
        p.name for p in out.iterdir()
    }
