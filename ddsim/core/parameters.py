"""Every model parameter, declared once.

This table drives scenario validation (names and ranges), ``ddsim list
parameters``, the dashboard's sliders and the sensitivity analyses. A scenario
overrides a value under ``parameters:``; nothing else in the code hard-codes
one.

All rates are per step (a month by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Parameter:
    """One model parameter.

    Attributes:
        name: Identifier used in scenario files and in code (``params.name``).
        default: Value when a scenario does not set it.
        low: Smallest allowed value (inclusive).
        high: Largest allowed value (inclusive).
        unit: Unit of the value, in words.
        meaning: What the parameter does, for a reader.
        source: Where the mechanism or the value comes from, or why it was chosen.
        group: Which part of the model reads it (trust, ties, escalation, war, metrics).
    """

    name: str
    default: float
    low: float
    high: float
    unit: str
    meaning: str
    source: str
    group: str

    def check(self, value: Any) -> str | None:
        """Return why ``value`` is not allowed, or None if it is."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number in [{self.low}, {self.high}], got {value!r}"
        if not self.low <= value <= self.high:
            return f"{value} is out of range; allowed: [{self.low}, {self.high}] {self.unit}"
        return None


_DECLARED = [
    # --- trust -----------------------------------------------------------
    Parameter(
        "evidence_per_action",
        0.5,
        0.1,
        5.0,
        "evidence units per nat",
        "Evidence an act gives its target per nat of its log-likelihood ratio "
        "(ln(benign / hostile) in the action catalogue).",
        "Kydd (2005), Trust and Mistrust, ch. 7: a Bayesian receiver moves by the "
        "likelihood ratio; Josang & Ismail (2002): one observation is one unit of "
        "evidence. 0.5 makes a costly act (ratio about 10, 2.3 nats) worth about "
        "one unit, as one credible act was before.",
        "trust",
    ),
    Parameter(
        "forgetting",
        0.03,
        0.0,
        0.2,
        "share per step",
        "Share of trust evidence forgotten each step, so old deeds fade.",
        "Josang & Ismail (2002) forgetting factor (lambda = 1 - forgetting); "
        "0.03/month gives a half-life of about two years.",
        "trust",
    ),
    Parameter(
        "negativity_weight",
        2.0,
        1.0,
        5.0,
        "ratio",
        "How much more a hostile act (or a misread friendly one) weighs than a "
        "friendly act: trust is lost faster than it is built.",
        "Slovic (1993), Perceived risk, trust and democracy: the asymmetry "
        "principle; Baumeister et al. (2001), Bad is stronger than good. The "
        "value 2 is an assumption at the mild end of that asymmetry; no "
        "estimate for states exists.",
        "trust",
    ),
    Parameter(
        "prior_weight",
        10.0,
        2.0,
        50.0,
        "evidence units",
        "Weight W of the starting trust (the base rate): how much evidence it "
        "takes to move a state's view of another; trust drifts back to the "
        "base rate as evidence is forgotten.",
        "Josang (2016), Subjective Logic, sec. 3.4 (W = 2 is the non-informative "
        "prior); 10 makes starting views sticky: a year of steady engagement "
        "moves trust about halfway.",
        "trust",
    ),
    Parameter(
        "perception_noise",
        0.5,
        0.0,
        1.0,
        "probability",
        "Chance that a friendly act is misread as hostile when it is worthless as a "
        "signal, the receiver does not trust the sender at all, and there are no "
        "ties, no CSBMs and no dispute; a dispute multiplies it (crisis_stress).",
        "Jervis (1976), Perception and Misperception in International Politics; "
        "Kydd (2005), Trust and Mistrust: cheap talk is discounted by the prior. "
        "0.5 is an assumption (no measured rate exists): staff talks (credibility "
        "0.11) to a receiver at trust 0.2 with no ties, at peace, are misread 36% "
        "of the time.",
        "trust",
    ),
    Parameter(
        "reputation_weight",
        0.2,
        0.0,
        1.0,
        "ratio",
        "How much third parties learn from a visible act, relative to its target.",
        "Josang et al. (2007) reputation systems; Kamvar et al. (2003) "
        "EigenTrust: others' experience counts, discounted. 0.2 is an "
        "assumption: second-hand evidence worth a fifth of first-hand.",
        "trust",
    ),
    Parameter(
        "crisis_stress",
        1.0,
        0.0,
        5.0,
        "ratio",
        "How much more often acts are misread at war than at peace: misreading grows in proportion"
        " to the MID level, up to (1 + this) times at war.",
        "Holsti (1972), Crisis, Escalation, War; Lebow (1981), Between Peace and War: stress "
        "narrows perception in crises. 1.0 (twice as much misreading at war) is an assumption.",
        "trust",
    ),
    Parameter(
        "betrayal",
        0.3,
        0.0,
        1.0,
        "share",
        "Share of the good record a state had built with another that turns to distrust, in "
        "that state's eyes, when it coerces it or reneges on an initiative announced to it "
        "(onlookers weigh a coercion by the actor's record with the victim instead).",
        "Bohnet & Zeckhauser (2004), Trust, risk and betrayal, J. Economic Behavior & Organization"
        " 55: people pay to avoid betrayal beyond the loss itself. 0.3 is an assumption.",
        "trust",
    ),
    Parameter(
        "integrity_weight",
        0.5,
        0.0,
        3.0,
        "evidence units",
        "Evidence of integrity a state earns with a partner for each announced conciliatory step "
        "it carries out.",
        "Osgood (1962), An Alternative to War or Surrender; Lindskold (1978): announced steps "
        "carried out build credibility. 0.5 (about half of a costly act) is an assumption.",
        "trust",
    ),
    Parameter(
        "announcement_steps",
        6,
        1,
        24,
        "steps",
        "How many steps of conciliation an announcement promises.",
        "Osgood (1962): a series of initiatives announced in advance and carried out over months; "
        "six monthly steps is an assumption.",
        "trust",
    ),
    Parameter(
        "aggression_reputation",
        1.0,
        0.0,
        5.0,
        "evidence units",
        "Negative evidence gathered about a state that starts a dispute reaching a use of force, "
        "by the states that watch the pair (relevant states, allies, forum partners); a war is "
        "seen by every state.",
        "Wars and uses of force are public (the MID data record them from news sources: Palmer et "
        "al. 2022); Tomz (2007), Reputation and International Cooperation. 1.0 is an assumption.",
        "trust",
    ),
    Parameter(
        "hostility_distrust",
        0.05,
        0.0,
        1.0,
        "evidence units per rung per step",
        "Negative evidence that an open dispute generates each step, per MID rung.",
        "Diehl & Goertz (2000), War and Peace in International Rivalry: rivalry "
        "sustains mutual hostile expectations. 0.05 is an assumption (lowered "
        "from 0.15 in the first version, docs/decisions.md 10): a dispute at MID 2 "
        "held for a year adds about as much distrust as one and a half credible "
        "friendly acts add trust.",
        "trust",
    ),
    # --- ties and crisis channels ----------------------------------------
    Parameter(
        "tie_decay",
        0.02,
        0.0,
        0.2,
        "share per step",
        "Share of mil-to-mil ties lost each step when not maintained.",
        "Atkinson (2014), Military Soft Power: relationships built by exchanges "
        "fade without contact; about three years to lose half.",
        "ties",
    ),
    Parameter(
        "tie_clarity",
        0.8,
        0.0,
        1.0,
        "share",
        "How far full ties (or a full set of CSBMs) cut misperception between two sides.",
        "Cottey & Forster (2004), Reshaping Defence Diplomacy, Adelphi 365: "
        "defence diplomacy dispels misperception. 0.8 is an assumption: even "
        "the closest ties leave some misreading.",
        "ties",
    ),
    Parameter(
        "csbm_decay",
        0.01,
        0.0,
        0.2,
        "share per step",
        "Share of confidence- and security-building measures (hotlines, "
        "notification, observers) that lapse each step.",
        "Vienna Document practice: CSBMs are regimes that persist once set up, "
        "so they decay slower than ties; 0.01/month is a half-life of about "
        "six years (an assumption).",
        "ties",
    ),
    # --- escalation -------------------------------------------------------
    Parameter(
        "onset_rate",
        0.00361,
        0.0,
        0.5,
        "probability per step",
        "Chance per step that a relevant pair starts a militarized dispute when one side is in "
        "full fear or full ambition (scaled by how strong that drive is).",
        "Bremer (1992), Dangerous dyads, J. Conflict Resolution 36(2); Jones, Bremer & Singer "
        "(1996). 0.02/month (one dispute in about four years at full drive) is set by hand, to be "
        "fitted to the MID onset rates (issue 10). "
        "Fitted (issue 10): 0.00361 is the calibrated value (hand-set before: 0.02), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.001, 0.03] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "display_chance",
        0.98,
        0.0,
        1.0,
        "probability",
        "Chance that a dispute goes past a threat to a display of force (before "
        "drive and crisis channels change it).",
        "Jones, Bremer & Singer (1996): few MIDs stop at a threat (2% in 1946-2014, "
        "ddsim's targets). 0.95 is set by hand near that share. "
        "Fitted (issue 10): 0.98 is the calibrated value (hand-set before: 0.95), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.9, 1] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "climb_chance",
        0.776,
        0.0,
        1.0,
        "probability",
        "Chance that a dispute that reached a display of force goes on to a use "
        "of force (before drive and crisis channels change it).",
        "Jones, Bremer & Singer (1996): about 70% of MIDs reach a use of force "
        "(69% in 1946-2014, ddsim's targets). 0.7 is set by hand near that share. "
        "Fitted (issue 10): 0.776 is the calibrated value (hand-set before: 0.7), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.5, 0.95] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "war_chance",
        0.0178,
        0.0,
        1.0,
        "probability",
        "Chance that a one-sided dispute that reached a use of force becomes a war.",
        "Jones, Bremer & Singer (1996): about 2% of MIDs reach war; Senese & Vasquez (2008), The "
        "Steps to War. 0.01 is set by hand. "
        "Fitted (issue 10): 0.0178 is the calibrated value (hand-set before: 0.01), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.001, 0.03] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "reciprocation_rate",
        0.4,
        0.0,
        1.0,
        "probability",
        "Chance that the target of a dispute answers with militarized action of its own, at no "
        "fear; more fear makes it likelier.",
        "Jones, Bremer & Singer (1996): about half of MIDs are reciprocated. 0.4 at no fear is set"
        " by hand.",
        "escalation",
    ),
    Parameter(
        "reciprocation_war_gain",
        6.0,
        1.0,
        20.0,
        "ratio",
        "How many times likelier a reciprocated dispute is to become a war than a one-sided one.",
        "Braithwaite & Lemke (2011), Unpacking escalation, Conflict Management and Peace Science "
        "28(2): reciprocated disputes escalate far more often. 6 is set by hand.",
        "escalation",
    ),
    Parameter(
        "dispute_end",
        0.6,
        0.01,
        1.0,
        "probability per step",
        "Chance per step that a dispute short of war ends (before crisis channels add to it).",
        "Jones, Bremer & Singer (1996): the median MID lasts about a month (29 days in 1946-2014)."
        " 0.6/month gives a median of one month.",
        "escalation",
    ),
    Parameter(
        "dispute_memory_gain",
        1.0,
        0.0,
        10.0,
        "ratio",
        "How much the memory of past disputes raises the onset hazard of the next one (per unit of"
        " memory, one recent dispute).",
        "Hensel (1994), One thing leads to another: recurrent militarized disputes in Latin "
        "America, J. Peace Research 31(3); Goertz & Diehl (1992). 1.0 (a recent dispute doubles "
        "the hazard) is an assumption.",
        "escalation",
    ),
    Parameter(
        "dispute_memory_decay",
        0.03,
        0.0,
        0.5,
        "share per step",
        "Share of the memory of past disputes that fades each step.",
        "Hensel (1994): the effect of a past dispute fades over years; 0.03/month is a half-life "
        "of about two years, an assumption.",
        "escalation",
    ),
    Parameter(
        "channel_weight",
        0.956,
        0.0,
        1.0,
        "share",
        "How far full crisis channels (ties, hotlines) cut the chance that a "
        "dispute goes on from a display of force to a use of force or to war, and "
        "close the gap to a dispute's end in a step.",
        "George (1991), Avoiding War: Problems of Crisis Management: crisis "
        "management needs open channels. 0.5 is an assumption. "
        "Fitted (issue 10): 0.956 is the calibrated value (hand-set before: 0.5), "
        "on world_2014 against the MID record of 1946-2014, searched over [0, 1] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "incident_rate",
        0.000847,
        0.0,
        0.05,
        "probability per pair per step",
        "Chance per step of a random incident (a collision, a border clash) "
        "between two relevant states, which starts a dispute whatever their "
        "fear or ambition.",
        "An assumption, to be fitted (issue 10): 0.0005/month is one incident "
        "per relevant dyad in about 170 years, a fifth of the MID onset rate "
        "of politically relevant dyads. "
        "Fitted (issue 10): 0.000847 is the calibrated value (hand-set before: 0.0005), "
        "on world_2014 against the MID record of 1946-2014, searched over [0, 0.001] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "distant_relevance",
        0.0472,
        0.0,
        1.0,
        "ratio",
        "How likely states in different regions are to clash, relative to neighbours.",
        "Lemke & Reed (2001), politically relevant dyads; Most & Starr (1989), "
        "opportunity and willingness. 0.1 is an assumption. "
        "Fitted (issue 10): 0.0472 is the calibrated value (hand-set before: 0.1), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.02, 0.2] "
        "(docs/calibration.md).",
        "escalation",
    ),
    Parameter(
        "threat_threshold",
        0.5,
        0.1,
        1.0,
        "trust",
        "Trust below which a security seeker starts to feel threatened by another "
        "state; fear grows as trust falls further.",
        "Glaser (1997), The security dilemma revisited: threat follows beliefs "
        "about the other's motives; 0.5 is indifference.",
        "escalation",
    ),
    Parameter(
        "force_threat_gain",
        2.0,
        0.0,
        10.0,
        "ratio",
        "How much shows of force received amplify a security seeker's fear (the spiral).",
        "Jervis (1976), ch. 3, the spiral model; Glaser (1997), The security "
        "dilemma revisited. 2 is an assumption: one show of force in memory "
        "(0.75, its credibility) multiplies fear by 2.5.",
        "escalation",
    ),
    Parameter(
        "force_memory",
        0.1,
        0.01,
        1.0,
        "share per step",
        "Share of the memory of shows of force received that fades each step "
        "(Richardson's restraint).",
        "Richardson (1960), Arms and Insecurity: the fatigue term (a, b); "
        "0.1/month is a half-life of about 7 months, an assumption. "
        "docs/validation.md maps it to Richardson's model.",
        "escalation",
    ),
    Parameter(
        "revisionist_ambition",
        1.0,
        0.0,
        2.0,
        "ratio",
        "Drive of a revisionist state to escalate against others, before deterrence.",
        "Jervis (1976), ch. 3, the deterrence model; Schweller (1994), "
        "Bandwagoning for profit. 1.0 is a scale: at parity an undeterred "
        "revisionist pushes as hard as a security seeker in full fear.",
        "escalation",
    ),
    Parameter(
        "resolve_gain",
        1.0,
        0.0,
        5.0,
        "ratio",
        "How strongly shows of force convince a revisionist of the sender's resolve.",
        "Schelling (1966), Arms and Influence; Huth (1988), Extended Deterrence "
        "and the Prevention of War. 1.0 is an assumption: resolve is full "
        "once the memory of force reaches one unit.",
        "escalation",
    ),
    Parameter(
        "alliance_support",
        0.5,
        0.0,
        1.0,
        "share",
        "Share of allies' capability counted when a revisionist weighs deterrence.",
        "Huth (1988): extended deterrence works through allied capability. "
        "0.5 is an assumption: an ally's strength counts half (allies may not "
        "come).",
        "escalation",
    ),
    # --- war --------------------------------------------------------------
    Parameter(
        "war_cost",
        0.01,
        0.0,
        0.1,
        "share of capability per step",
        "Capability a state loses each step it is at war.",
        "Organski & Kugler (1980), The War Ledger: wars cost capability. "
        "0.01/month (about 11% a year at war) is an assumption.",
        "war",
    ),
    Parameter(
        "war_exhaustion",
        0.0176,
        0.001,
        0.2,
        "per step, per step at war",
        "Growth of the chance that a war ends: after k steps at war it ends "
        "with probability k times this.",
        "Bennett & Stam (1996), The duration of interstate wars: hazard rises "
        "with duration; 0.01 gave a median war of about a year, the fitted value "
        "about nine months. "
        "Fitted (issue 10): 0.0176 is the calibrated value (hand-set before: 0.01), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.002, 0.03] "
        "(docs/calibration.md).",
        "war",
    ),
    Parameter(
        "capability_recovery",
        0.02,
        0.0,
        0.5,
        "share per step",
        "Share of lost capability recovered each step at peace.",
        "Organski & Kugler (1980), the phoenix factor: losers recover in 15-20 "
        "years; 0.02/month recovers 95% of a loss in about 12 years.",
        "war",
    ),
    # --- metrics ----------------------------------------------------------
    Parameter(
        "community_threshold",
        0.7,
        0.5,
        1.0,
        "trust",
        "Trust both ways above which two states count as one security community.",
        "Deutsch et al. (1957), Political Community and the North Atlantic Area; "
        "Adler & Barnett (1998), Security Communities. 0.7 is a convention "
        "of ddsim: clearly above indifference (0.5).",
        "metrics",
    ),
]

PARAMETERS: MappingProxyType[str, Parameter] = MappingProxyType({p.name: p for p in _DECLARED})


class Params:
    """Values of every declared parameter, read as attributes (``params.forgetting``).

    Args:
        overrides: Values that replace the defaults; names must be declared.

    Raises:
        KeyError: An override names an undeclared parameter.
        ValueError: An override is out of its declared range.
    """

    def __init__(self, overrides: dict[str, float] | None = None) -> None:
        values = {name: p.default for name, p in PARAMETERS.items()}
        for name, value in (overrides or {}).items():
            if name not in PARAMETERS:
                raise KeyError(f"unknown parameter {name!r}")
            problem = PARAMETERS[name].check(value)
            if problem:
                raise ValueError(f"parameter {name}: {problem}")
            values[name] = float(value)
        self.__dict__.update(values)

    def as_dict(self) -> dict[str, float]:
        """Return all values as a plain dict."""
        return dict(self.__dict__)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.__dict__.items() if v != PARAMETERS[k].default}
        return f"Params({changed})"
