"""The declared parameters of disputes, escalation and war.

How disputes start, climb the MID levels, end and are remembered, what fear
and ambition do, and what war costs. Each declaration gives its value, its
range and its source (several were fitted to the conflict record, issue 10);
:data:`ddsim.core.parameters.PARAMETERS` collects them.

All rates are per step (a month by default).
"""

from __future__ import annotations

from ddsim.core.parameters.parameter import Parameter

#: Disputes: onset, escalation, end and memory; fear and deterrence.
ESCALATION = [
    Parameter(
        "onset_rate",
        0.027,
        0.0,
        0.5,
        "probability per step",
        "Chance per step that a relevant pair starts a militarized dispute when one side is in "
        "full fear or full ambition (scaled by how strong that drive is).",
        "Bremer (1992), Dangerous dyads, J. Conflict Resolution 36(2); Jones, Bremer & Singer "
        "(1996). 0.02/month (one dispute in about four years at full drive) is set by hand, to be "
        "fitted to the MID onset rates (issue 10). "
        "Fitted (issues 10 and 18): 0.0126 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.00361; hand-set before: 0.02), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.001, 0.03] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.027 (was 0.0126), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.0235 to 0.0315 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "display_chance",
        0.961,
        0.0,
        1.0,
        "probability",
        "Chance that a dispute goes past a threat to a display of force (before "
        "drive and crisis channels change it).",
        "Jones, Bremer & Singer (1996): few MIDs stop at a threat (2% in 1946-2014, "
        "ddsim's targets). 0.95 is set by hand near that share. "
        "Fitted (issues 10 and 18): 0.971 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.98; hand-set before: 0.95), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.9, 1] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.961 (was 0.971), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.96 to 0.975 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "climb_chance",
        0.687,
        0.0,
        1.0,
        "probability",
        "Chance that a dispute that reached a display of force goes on to a use "
        "of force (before drive and crisis channels change it).",
        "Jones, Bremer & Singer (1996): about 70% of MIDs reach a use of force "
        "(69% in 1946-2014, ddsim's targets). 0.7 is set by hand near that share. "
        "Fitted (issues 10 and 18): 0.730 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.776; hand-set before: 0.7), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.5, 0.95] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.687 (was 0.730), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.634 to 0.701 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "war_chance",
        0.0061,
        0.0,
        1.0,
        "probability",
        "Chance that a one-sided dispute that reached a use of force becomes a war.",
        "Jones, Bremer & Singer (1996): about 2% of MIDs reach war; Senese & Vasquez (2008), The "
        "Steps to War. 0.01 is set by hand. "
        "Fitted (issues 10 and 18): 0.0189 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.0178; hand-set before: 0.01), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.001, 0.03] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.0061 (was 0.0189), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.00503 to 0.00963 "
        "(docs/calibration.md, the joint fit).",
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
        0.56,
        0.01,
        1.0,
        "probability per step",
        "Chance per step that a dispute short of war ends (before crisis channels add to it).",
        "Jones, Bremer & Singer (1996): the median MID lasts about a month (29 days in 1946-2014)."
        " 0.6/month gives a median of one month."
        " Fitted jointly (issue 20): 0.56 (was 0.6), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.462 to 0.594 "
        "(docs/calibration.md, the joint fit).",
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
        0.235,
        0.0,
        1.0,
        "share",
        "How far full crisis channels (ties, hotlines) cut the chance that a "
        "dispute goes on from a display of force to a use of force or to war, and "
        "close the gap to a dispute's end in a step.",
        "George (1991), Avoiding War: Problems of Crisis Management: crisis "
        "management needs open channels. 0.5 is an assumption. "
        "Fitted (issues 10 and 18): 0.199 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.956; hand-set before: 0.5), "
        "on world_2014 against the MID record of 1946-2014, searched over [0, 1] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.235 (was 0.199), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.146 to 0.296 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "incident_rate",
        0.000618,
        0.0,
        0.05,
        "probability per pair per step",
        "Chance per step of a random incident (a collision, a border clash) "
        "between two relevant states, which starts a dispute whatever their "
        "fear or ambition.",
        "An assumption, to be fitted (issue 10): 0.0005/month is one incident "
        "per relevant dyad in about 170 years, a fifth of the MID onset rate "
        "of politically relevant dyads. "
        "Fitted (issues 10 and 18): 0.000814 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.000847; hand-set before: 0.0005), "
        "on world_2014 against the MID record of 1946-2014, searched over [0, 0.001] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.000618 (was 0.000814), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.000462 to 0.000777 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "distant_relevance",
        0.0303,
        0.0,
        1.0,
        "ratio",
        "How likely states in different regions are to clash, relative to neighbours.",
        "Lemke & Reed (2001), politically relevant dyads; Most & Starr (1989), "
        "opportunity and willingness. 0.1 is an assumption. "
        "Fitted (issues 10 and 18): 0.0285 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.0472; hand-set before: 0.1), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.02, 0.2] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.0303 (was 0.0285), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.0206 to 0.0358 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "threat_threshold",
        0.256,
        0.1,
        1.0,
        "trust",
        "Trust below which a security seeker starts to feel threatened by another "
        "state; fear grows as trust falls further.",
        "Glaser (1997), The security dilemma revisited: threat follows beliefs "
        "about the other's motives; 0.5 is indifference."
        " Fitted jointly (issue 20): 0.256 (was 0.5), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.208 to 0.26 "
        "(docs/calibration.md, the joint fit).",
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
    Parameter(
        "revisionist_insecurity",
        0.5,
        0.0,
        1.0,
        "share",
        "How far a revisionist's distrust makes it fear the other as a security seeker would: 0 "
        "is pure greed, 1 a state as insecure as it is greedy.",
        "Kydd (2005), Trust and Mistrust, ch. 2: an expansionist type's choice does not depend on "
        "its trust; Glaser (2010), Rational Theory of International Politics, ch. 3: greedy states "
        "are often insecure too, and the mix decides between deterrence and reassurance. 0.5 is "
        "an assumption; docs/decisions.md entry 38 measures the deterrence claims at 0, 0.5 "
        "and 1.",
        "escalation",
    ),
    Parameter(
        "weakness_gain",
        1.0,
        0.0,
        5.0,
        "ratio",
        "How far a revisionist reads engagement from a state that shows no resolve as weakness: "
        "at full engagement received and no resolve shown, its ambition is multiplied by 1 plus "
        "this.",
        "Jervis (1976), Perception and Misperception, ch. 3, the deterrence model: concessions to "
        "an aggressor whet its appetite; Glaser (2010), Rational Theory of International Politics, "
        "ch. 3 (greedy states); Fearon (1994), Domestic political audiences, APSR 88(3): resolve "
        "is learned from costly acts. 1.0 (engagement alone can double ambition) is an "
        "assumption; docs/decisions.md entry 38 measures the deterrence claims at 1, 3 and 5.",
        "escalation",
    ),
    Parameter(
        "incident_prevention",
        0.653,
        0.0,
        1.0,
        "share",
        "Share of the incident hazard that full mil-to-mil ties and crisis channels prevent "
        "(incidents-at-sea agreements, hotlines, known procedures).",
        "Lynn-Jones (1985), A quiet success for arms control: preventing incidents at sea, "
        "International Security 9(4); Cottey & Forster (2004), Reshaping Defence Diplomacy, "
        "Adelphi Paper 365. 0.5 is an assumption."
        " Fitted jointly (issue 20): 0.653 (was 0.5), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.653 to 0.82 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "contention_gain",
        35.8,
        0.0,
        50.0,
        "ratio",
        "How many times the onset hazard of a pair grows at full contention (a disputed "
        "territory or position): at contention c it is multiplied by 1 + c times this.",
        "Vasquez (1993), The War Puzzle; Hensel (2001), Contentious issues and world politics, "
        "International Studies Quarterly 45(1); Thompson & Dreyer (2012): strategic rivals start "
        "disputes about 16 times as often as other relevant pairs (1946-2014, ddsim's targets). 4 "
        "lets a pair in full contention and full drive reach the rivals' rate; an assumption."
        " Fitted jointly (issue 20): 35.8 (was 4.0), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 30.5 to 41.5 "
        "(docs/calibration.md, the joint fit).",
        "escalation",
    ),
    Parameter(
        "settlement_rate",
        0.01,
        0.0,
        0.1,
        "share per step",
        "Share of a pair's contention settled each step at full ties and crisis channels "
        "(sustained engagement and agreements settle issues slowly).",
        "Owsiak (2012), Signing up for peace: international boundary agreements, democracy, and "
        "militarized interstate conflict, International Studies Quarterly 56(1); Gibler (2012), "
        "The Territorial Peace. 0.01/month (a half-life of about six years at full ties) is an "
        "assumption.",
        "escalation",
    ),
]

#: War: its cost, its end and recovery.
WAR = [
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
        0.015,
        0.001,
        0.2,
        "per step, per step at war",
        "Growth of the chance that a war ends: after k steps at war it ends "
        "with probability k times this.",
        "Bennett & Stam (1996), The duration of interstate wars: hazard rises "
        "with duration; 0.01 gave a median war of about a year (Model 2). "
        "Fitted (issues 10 and 18): 0.00442 is the value calibrated on Model 3 "
        "(Model 2's fit: 0.0176; hand-set before: 0.01), "
        "on world_2014 against the MID record of 1946-2014, searched over [0.002, 0.03] "
        "(docs/calibration.md)."
        " Fitted jointly (issue 20): 0.015 (was 0.00442), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.0112 to 0.0165 "
        "(docs/calibration.md, the joint fit).",
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
    Parameter(
        "war_hardening",
        0.474,
        0.0,
        0.5,
        "share per step",
        "Share of the gap to full contention that each step at war closes (war hardens the "
        "issue at stake).",
        "Vasquez (1993), The War Puzzle; Hensel (1994): disputes over an issue recur after a war "
        "over it. 0.05/month is an assumption."
        " Fitted jointly (issue 20): 0.474 (was 0.05), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.418 to 0.49 "
        "(docs/calibration.md, the joint fit).",
        "war",
    ),
    Parameter(
        "war_settlement",
        0.172,
        0.0,
        0.5,
        "probability per step",
        "Chance per step at full crisis channels and ties that a war ends by settlement, beside "
        "exhaustion.",
        "George (1991), Avoiding War; Fortna (2004), Peace Time: channels and agreements help end "
        "wars. 0.05/month is an assumption."
        " Fitted jointly (issue 20): 0.172 (was 0.05), the best of "
        "the fourteen dispute parameters fitted together to the 1946-2014 record; "
        "its 35 accepted sets span 0.093 to 0.218 "
        "(docs/calibration.md, the joint fit).",
        "war",
    ),
]
