#!/usr/bin/env python3
"""Writes examples/data/roster.csv and roster_positions.csv: the fictional company Northwind Cycles.

Deterministic (seeded); run from the repository root:  python3 scripts/make_sample_roster.py
Each team is drawn from a profile chosen so that, between them, the teams show every kind of finding.
"""
import csv
import random

POLES = ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"]
rng = random.Random(20261127)

# team -> list of (id, name, weight, profile); profile = 8 target strengths
L = [0.85, 0.25, 0.85, 0.25, 0.8, 0.3, 0.8, 0.2]      # leader
M = [0.25, 0.85, 0.3, 0.85, 0.3, 0.85, 0.2, 0.85]     # manager
B = [0.6, 0.6, 0.6, 0.6, 0.55, 0.6, 0.5, 0.55]        # bridge
S = [0.35, 0.4, 0.3, 0.45, 0.4, 0.4, 0.3, 0.4]        # specialist, weak on both
J = [0.3, 0.3, 0.35, 0.3, 0.45, 0.3, 0.3, 0.3]        # junior

first = ["Ana", "Bo", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kemal", "Lena", "Maya",
         "Nils", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tove", "Uma", "Viktor", "Wen", "Xavi", "Yara", "Zane",
         "Aiko", "Ben", "Cleo", "Dev", "Esme", "Finn", "Gala", "Hugo", "Iris", "Jonas", "Kira", "Luca", "Mira",
         "Noor", "Otto", "Priya", "Rafa", "Sofia", "Theo", "Ines", "Yusuf", "Zoe"]
last = ["Alves", "Berg", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Haas", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Silva", "Tanaka"]

teams = {
    # balanced, healthy, with a bridge: no findings expected
    "Northwind/Product/Delivery": [L, M, B, J, S, B],
    # all vision, no process: no_control, skewed toward leadership, uncovered management poles
    "Northwind/Product/Discovery": [L, L, S, J, L],
    # all process: no_direction, skewed toward management
    "Northwind/Engineering/Platform": [M, M, S, M, J, S, M],
    # covered, but vision hangs on one person: single_point_of_failure
    "Northwind/Engineering/Mobile": [B, M, J, S, [0.9, 0.5, 0.9, 0.6, 0.6, 0.5, 0.6, 0.5], S],
    # a strong leader and a strong manager, nobody in between: no_bridge
    "Northwind/Operations/Support": [L, M, J, S, J],
    # weak on both sides: no_direction and no_control
    "Northwind/Operations/Finance": [S, J, S, J],
    # the executive team, two levels deep, with part-timers
    "Northwind/Leadership": [B, L, M],
    "Northwind/People": [B, J, S, L],
}

rows = []
n = 0
for team, profiles in teams.items():
    for p in profiles:
        pid = f"e{n + 1:03d}"
        name = f"{first[n % len(first)]} {last[(n * 7) % len(last)]}"
        weight = 1.0
        if team in ("Northwind/Leadership", "Northwind/People") and p is not B:
            weight = rng.choice([0.5, 0.8])
        vals = [min(1.0, max(0.0, round(v + rng.uniform(-0.08, 0.08), 2))) for v in p]
        rows.append([pid, name, team, weight] + vals)
        n += 1

# A matrix organisation: the COO also works half-time in Operations/Support's sister team Finance.
coo = next(r for r in rows if r[2] == "Northwind/Leadership" and r[3] == 1.0)
rows.append([coo[0], coo[1], "Northwind/Operations/Finance", 0.2] + coo[4:])

with open("examples/data/roster.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "team", "weight"] + POLES)
    w.writerows(rows)

# The same company in the position form: one column per dimension in [-1, 1] plus an intensity.
DIMS = ["purpose", "horizon", "focus", "risk"]
with open("examples/data/roster_positions.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    header = ["id", "name", "team", "weight"]
    for d in DIMS:
        header += [d, f"{d}_intensity"]
    w.writerow(header)
    for r in rows:
        out = r[:4]
        for k in range(4):
            lead, manage = r[4 + 2 * k], r[5 + 2 * k]
            s = lead + manage
            pos = 0.0 if s == 0 else (lead - manage) / s
            intensity = min(1.0, s)
            out += [round(pos, 3), round(intensity, 3)]
        w.writerow(out)
print(f"{len(rows)} rows, {len(teams)} teams")
