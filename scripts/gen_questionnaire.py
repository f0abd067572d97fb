#!/usr/bin/env python3
"""Writes the sample questionnaire of the crate, deterministically.

examples/data/questionnaire_instrument.csv: an original leadership/management
questionnaire (26 items, 3 or 4 per pole of the article's framework, about a
third of them reverse-keyed, answered on a 1-5 agreement scale).

examples/data/questionnaire_responses.csv: 144 synthetic respondents in six
teams. Every team has a profile (the mean true strength per pole); a
respondent's true strengths scatter around it, and each answer is
1 + 4 * strength plus noise, rounded to the scale (reverse-keyed items are
answered as 6 - that). About 2% of answers are left empty, never more than
one per pole and respondent, so every row scores in strict mode.

Run from the repository root: python3 scripts/gen_questionnaire.py
Python's random.Random with a fixed seed makes the same files every time.
"""
import csv
import random

POLES = ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"]

ITEMS = [
    ("ins1", "inspire", False, "When the team is discouraged, I am the one who reminds them why the work matters."),
    ("ins2", "inspire", False, "People leave my team meetings with more energy than they came with."),
    ("ins3", "inspire", True, "I leave it to others to explain why our work is worth doing."),
    ("org1", "organize", False, "I break large goals into tasks with named owners and dates."),
    ("org2", "organize", False, "I keep an up-to-date picture of who is working on what."),
    ("org3", "organize", True, "Work often starts on my team before anyone has agreed who does which part."),
    ("vis1", "vision", False, "I can describe where this team should be in three years."),
    ("vis2", "vision", False, "I spend time on questions that will not matter until next year."),
    ("vis3", "vision", True, "I find long-range plans a waste of time."),
    ("vis4", "vision", False, "I connect today's tasks to a picture of the future that others can repeat."),
    ("exe1", "execution", False, "What I promise ships on the date I promised it."),
    ("exe2", "execution", False, "I follow up on open tasks until they are closed."),
    ("exe3", "execution", True, "Deadlines slip on my watch without my noticing."),
    ("peo1", "people", False, "I know what each person on my team wants to learn next."),
    ("peo2", "people", False, "I notice when someone is struggling before they say so."),
    ("peo3", "people", True, "I treat conversations about how people feel at work as a distraction."),
    ("pro1", "process", False, "I write down how recurring work should be done."),
    ("pro2", "process", False, "When something goes wrong, I change the process so it cannot happen the same way again."),
    ("pro3", "process", False, "I measure how long our work takes and where it waits."),
    ("pro4", "process", True, "I would rather solve each problem afresh than follow a checklist."),
    ("rtk1", "risk_taking", False, "I back ideas that might fail when the upside is large."),
    ("rtk2", "risk_taking", False, "I encourage the team to try what nobody here has done before."),
    ("rtk3", "risk_taking", True, "I avoid proposals whose outcome I cannot predict."),
    ("rmg1", "risk_management", False, "I keep a list of what could go wrong and what we would do about it."),
    ("rmg2", "risk_management", False, "Before a big change, I ask for a way to roll it back."),
    ("rmg3", "risk_management", True, "I approve changes without asking what could break."),
]

# Mean true strength per pole (POLES order) and team size.
TEAMS = [
    ("Acme/Engineering/Platform", 26, [0.25, 0.62, 0.28, 0.64, 0.35, 0.66, 0.30, 0.64]),
    ("Acme/Engineering/Mobile", 24, [0.45, 0.50, 0.48, 0.55, 0.45, 0.48, 0.50, 0.45]),
    ("Acme/Sales", 24, [0.62, 0.30, 0.55, 0.45, 0.58, 0.24, 0.64, 0.25]),
    ("Acme/Operations", 26, [0.30, 0.66, 0.32, 0.68, 0.40, 0.68, 0.22, 0.70]),
    ("Acme/Design", 22, [0.60, 0.40, 0.62, 0.28, 0.60, 0.38, 0.58, 0.40]),
    ("Acme/People", 22, [0.58, 0.55, 0.50, 0.52, 0.66, 0.50, 0.40, 0.55]),
]


def main():
    rng = random.Random(5)
    with open("examples/data/questionnaire_instrument.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["item", "pole", "reverse", "min", "max", "text"])
        for name, pole, rev, text in ITEMS:
            w.writerow([name, pole, "true" if rev else "false", 1, 5, text])
    rows = []
    n = 0
    for team, size, profile in TEAMS:
        for _ in range(size):
            n += 1
            strength = [min(1.0, max(0.0, rng.gauss(m, 0.14))) for m in profile]
            weight = 0.5 if rng.random() < 0.12 else 1
            answers = []
            for _, pole, rev, _ in ITEMS:
                s = strength[POLES.index(pole)]
                x = min(5, max(1, round(1 + 4 * s + rng.gauss(0, 0.75))))
                answers.append(6 - x if rev else x)
            # Leave about 2% of answers empty, at most one per pole.
            emptied = set()
            for i, (_, pole, _, _) in enumerate(ITEMS):
                if pole not in emptied and rng.random() < 0.02:
                    answers[i] = ""
                    emptied.add(pole)
            rows.append([f"p{n:03d}", team, weight] + answers)
    with open("examples/data/questionnaire_responses.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "team", "weight"] + [name for name, _, _, _ in ITEMS])
        w.writerows(rows)


if __name__ == "__main__":
    main()
