#!/usr/bin/env python3
"""Writes the sample pools, constraint files, candidates and the unbalanced
organisation used by the recommend, rebalance and form_teams examples.

Seeded, so the files are reproducible: run from the crate root."""
import random

random.seed(6)
POLES = ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"]
FIRST = ["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Noor", "Oli",
         "Pia", "Quin", "Rui", "Sam", "Tia", "Uma", "Vic", "Wen", "Xan", "Yas", "Zoe", "Abe", "Bea", "Cal", "Dru",
         "Eva", "Finn", "Gia", "Hal", "Ira", "Jo"]


def person(kind):
    """Kind 0 leads, 1 manages, 2 is mixed: strong poles 0.45-0.95, weak 0.05-0.45."""
    s = []
    for p in range(8):
        strong = (p % 2 == 0) if kind == 0 else (p % 2 == 1) if kind == 1 else random.random() < 0.5
        x = 0.45 + 0.5 * random.random() if strong else 0.05 + 0.4 * random.random()
        s.append(round(x, 2))
    return s


def write(path, header, rows):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


rows = [[f"p{i + 1:02d}", FIRST[i]] + person(i % 3) for i in range(12)]
write("examples/data/pool_small.csv", ["id", "name"] + POLES, rows)

rows = []
for i in range(30):
    team = "Team 2" if i == 4 else ("Team 3" if i == 17 else "")
    w = "0.5" if i in (7, 21) else ""
    rows.append([f"q{i + 1:02d}", FIRST[i], team, w] + person((i * 7) % 3))
write("examples/data/pool_30.csv", ["id", "name", "team", "weight"] + POLES, rows)
write("examples/data/together.csv", ["id1", "id2"], [["q01", "q02"], ["q10", "q11"]])
write("examples/data/apart.csv", ["id1", "id2"], [["q03", "q04"], ["q03", "q12"], ["q20", "q21"]])

rows = []
for i in range(6):
    w = "0.5" if i == 2 else ""
    rows.append([f"c{i + 1}", FIRST[20 + i], w] + person(i % 3))
write("examples/data/candidates.csv", ["id", "name", "weight"] + POLES, rows)

rows = []
kinds = {"Acme/Lab": [0, 0, 0, 2], "Acme/Ops": [1, 1, 1, 1], "Acme/Web": [0, 2, 2, 0]}
n = 0
for t in ["Acme/Lab", "Acme/Ops", "Acme/Web"]:
    for k in kinds[t]:
        n += 1
        rows.append([f"m{n:02d}", FIRST[n], t, "yes" if n == 1 else ""] + person(k))
write("examples/data/org_unbalanced.csv", ["id", "name", "team", "pinned"] + POLES, rows)
write("examples/data/pinned.csv", ["id"], [["m05"]])
