"""The declared parameters of trust, of ties and crisis channels, and of the metrics.

How states read each other's acts and come to trust (or distrust) each other,
how mil-to-mil ties and confidence-building measures fade and what they do,
and the threshold of a security community. Each declaration gives its value,
its range and its source; :data:`ddsim.core.parameters.PARAMETERS` collects them.

All rates are per step (a month by default).
"""

from __future__ import annotations

from ddsim.core.parameters.parameter import Parameter

#: How acts become trust.
TRUST = [
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
]

#: Mil-to-mil ties and confidence-building measures.
TIES = [
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
]

#: The metrics' thresholds.
METRICS = [
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
