"""The Solara page of ``ddsim dashboard``, built from Mesa SolaraViz's parts.

Run it with ``ddsim dashboard [SCENARIO]`` (or ``solara run ddsim.dashboard.app``
with ``DDSIM_DASHBOARD_SCENARIO`` set). The sidebar has Mesa's controls (RESET,
play, STEP) and ours (:func:`ScenarioControls`): the scenario dropdown, then
for the chosen scenario only the strategy of each of its states, the seed and
a slider for every declared model parameter. The main area shows
the trust network, the hostility and trust curves and a table of the states,
each with a caption saying what to look at. A new scenario, strategy or
parameter value takes effect at RESET (Mesa's rule: RESET builds a new model
from the controls).
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a server draws into images, never into windows

import matplotlib.pyplot as plt
import networkx as nx
import solara
from matplotlib.figure import Figure
from mesa.visualization.solara_viz import ComponentsView, ModelController, ShowSteps, UserInputs
from mesa.visualization.utils import update_counter

from ddsim.dashboard import (
    DEFAULT_SCENARIO,
    FOLDER_ENV,
    SCENARIO_ENV,
    DashboardModel,
    controls,
    scenario_files,
    start_values,
)
from ddsim.outputs.figures import network_figure

FIRST = os.environ.get(SCENARIO_ENV, str(DEFAULT_SCENARIO))
FOLDER = os.environ.get(FOLDER_ENV, str(Path(FIRST).parent))
FILES = scenario_files(FOLDER, FIRST)

CURVES_CAPTION = (
    "Top: mean hostility over all pairs on the MID scale (0 peace, 3 display of force, "
    "5 war) and the most hostile pair. Bottom: mean trust, and trust between the states "
    "that started as rivals. Trust is built slowly and lost fast: look for the month a "
    "dispute breaks out and what happens to trust after it."
)


def layout(model: DashboardModel) -> dict:
    """Fixed node positions for a model's states (so nodes do not jump between steps)."""
    if not hasattr(model, "_dashboard_layout"):
        ids = model.ids
        if len(ids) <= 12:
            pos = nx.circular_layout(ids)
        else:
            pos = nx.spring_layout(model.trust_graph.to_undirected(), seed=0)
        model._dashboard_layout = pos
    return model._dashboard_layout


def Caption(text: str):
    """A caption under a figure (plain HTML: solara.Markdown would fetch mermaid.js)."""
    return solara.HTML(
        tag="p", unsafe_innerHTML=html.escape(text), style="font-style: italic; font-size: 90%"
    )


@solara.component
def NetworkAndScenario(model: DashboardModel):
    """The trust network, redrawn at every step (the figure of ``ddsim run``),
    and what the scenario is about."""
    update_counter.get()
    unit = model.spec.step_unit
    fig = network_figure(
        model.trust_graph,
        title=f"{model.spec.title or model.spec.name}: {unit} {model.steps}",
        pos=layout(model),
        when=f"after {model.steps} {unit}s",
    )
    for text in list(fig.texts):  # the caption goes under the image, in a readable size
        text.remove()
    fig.subplots_adjust(bottom=0.02)
    plt.close(fig)
    sc = model.spec
    with solara.Column():
        solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")
        Caption(fig.caption)  # type: ignore[attr-defined]
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<b>{html.escape(sc.title or sc.name)}</b> "
            f"({html.escape(Path(model.scenario_file).stem)})<br>"
            f"{html.escape(sc.description or '')}",
        )
        Caption(
            "To change the scenario, a strategy or a parameter: set it in the sidebar, "
            "then press RESET."
        )


@solara.component
def CurvesAndStates(model: DashboardModel):
    """Hostility and trust over time (from the model's DataCollector), and
    each state's strategy and standing now."""
    update_counter.get()
    df = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    fig = Figure(figsize=(7, 5.5))
    top, bottom = fig.subplots(2, 1, sharex=True)
    marker = "o" if len(df) < 3 else None  # a single point would not show as a line
    top.plot(df.index, df["mean_hostility"], color="#d62728", lw=2, marker=marker, label="mean")
    top.plot(df.index, df["max_hostility"], color="#d62728", lw=1, ls=":", label="most hostile")
    top.set(ylabel="hostility (MID 0-5)", ylim=(-0.1, 5.1))
    bottom.plot(df.index, df["mean_trust"], color="#2ca02c", lw=2, marker=marker, label="mean")
    if df["rival_trust"].notna().any():
        bottom.plot(df.index, df["rival_trust"], color="#1f77b4", lw=2, label="between rivals")
    bottom.set(ylabel="trust (0-1)", ylim=(0, 1), xlabel=f"time ({model.spec.step_unit}s)")
    bottom.set_xlim(0, max(12, len(df) - 1))
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
    with solara.Column():
        solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")
        Caption(CURVES_CAPTION)
        StatesTable(model)


def StatesTable(model: DashboardModel):
    """Each state now: its strategy, how far the others trust it, its worst dispute."""
    trust, hostility = model.trust, model.hostility
    rows = []
    for s in model.states_by_index:
        k = s.index
        others = [j for j in range(model.n) if j != k]
        trusted = float(trust[others, k].mean()) if others else 1.0
        worst = int(hostility[k].max())
        rows.append(
            f"<tr><td>{html.escape(s.name)}</td><td>{html.escape(s.strategy.name)}</td>"
            f"<td>{html.escape(s.disposition)}</td><td>{s.capability:.2f}</td>"
            f"<td>{trusted:.2f}</td><td>{worst}</td></tr>"
        )
    head = "".join(
        f"<th style='text-align:left; padding-right:1em'>{h}</th>"
        for h in [
            "state",
            "strategy",
            "disposition",
            "capability",
            "trusted by others",
            "worst dispute (MID)",
        ]
    )
    with solara.Column():
        solara.HTML(tag="table", unsafe_innerHTML=f"<tr>{head}</tr>{''.join(rows)}")
        Caption(
            "Each state now. 'Trusted by others' is the mean trust the other states place in "
            "it; 'worst dispute' its highest MID level with anyone (5 = war). Change a "
            "strategy in the sidebar and press RESET to compare."
        )


@solara.component
def ScenarioControls(files: dict[str, str], parameters: solara.Reactive[dict]):
    """The sidebar's model controls: the scenario dropdown, then the controls
    of the chosen scenario only (its states' strategy pickers, the seed and
    the parameter sliders, starting from its own values). Choosing another
    scenario rebuilds them; RESET builds the model from ``parameters``."""
    chosen = solara.use_reactive(parameters.value["scenario_file"])
    specs = solara.use_memo(lambda: controls(chosen.value), [chosen.value])

    def choose(file: str) -> None:
        chosen.set(file)
        parameters.set(start_values(file))

    def change(name: str, value) -> None:
        parameters.set({**parameters.value, name: value})

    names = {file: name for name, file in files.items()}  # the dropdown shows names
    solara.Select(
        "scenario (press RESET to load it)",
        value=names.get(chosen.value, chosen.value),
        values=list(files),
        on_value=lambda name: choose(files[name]),
    )
    # keyed by the scenario: its widgets are new, so none keeps another's value
    UserInputs(specs, on_change=change).key(chosen.value)


@solara.component
def Page():
    """The dashboard: Mesa's step controls, our scenario controls, and the figures.

    Every piece of state is made inside this component (``use_reactive``,
    ``use_memo``), so each browser tab has its own model and controls.
    """
    first = solara.use_memo(lambda: start_values(next(iter(FILES.values()))), [])
    model = solara.use_reactive(solara.use_memo(lambda: DashboardModel(**first), []))
    parameters = solara.use_reactive(first)
    play_interval = solara.use_reactive(200)
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)

    with solara.AppBar():
        solara.AppBarTitle("ddsim: trust and defence diplomacy")
    with solara.Sidebar(), solara.Column():
        with solara.Card("Controls"):
            ModelController(
                model,
                model_parameters=parameters,
                play_interval=play_interval,
                render_interval=render_interval,
                use_threads=use_threads,
            )
        with solara.Card("Model settings"):
            ScenarioControls(FILES, parameters)
        with solara.Card("Information"):
            ShowSteps(model.value)
    # Two side-by-side cells: a cell does not grow with its content, so
    # nothing is placed below another cell's figures.
    ComponentsView([(NetworkAndScenario, 0), (CurvesAndStates, 0)], model.value)
