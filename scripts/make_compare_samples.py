#!/usr/bin/env python3
"""Writes the comparison samples (issue 17) from examples/data/roster.csv:

- examples/data/roster_after.csv: Northwind Cycles after a reorganisation;
- examples/data/roster_2026q1.csv ... roster_2026q4.csv: the same
  reorganisation over four quarters (Q1 is roster.csv, Q4 is roster_after.csv).

The reorganisation, step by step:
  Q2: Omar Silva (e015), Platform's strongest organiser, moves to Product/Discovery,
      which had nobody to organise.
  Q3: Hana Jensen (e008), a visionary of Discovery, moves to Engineering/Platform,
      which lacked direction; Rafa Costa (e041), a new risk-taking bridge, joins Mobile.
  Q4: Zane Petrov (e026), Support's manager, moves to Operations/Finance; Noor Novak
      (e040) leaves People; the COO (e034) now gives half his time to Finance (was 0.2).

Deterministic; run from the repository root: python3 scripts/make_compare_samples.py
"""
import csv

with open("examples/data/roster.csv", newline="") as f:
    r = csv.reader(f)
    header = next(r)
    base = [row for row in r]

NEW_HIRE = ["e041", "Rafa Costa", "Northwind/Engineering/Mobile", "1.0",
            "0.72", "0.58", "0.66", "0.6", "0.62", "0.55", "0.81", "0.56"]


def step(rows, quarter):
    rows = [list(x) for x in rows]
    if quarter >= 2:
        for x in rows:
            if x[0] == "e015":
                x[2] = "Northwind/Product/Discovery"
    if quarter >= 3:
        for x in rows:
            if x[0] == "e008":
                x[2] = "Northwind/Engineering/Platform"
        rows.append(list(NEW_HIRE))
    if quarter >= 4:
        for x in rows:
            if x[0] == "e026":
                x[2] = "Northwind/Operations/Finance"
            if x[0] == "e034" and x[2] == "Northwind/Operations/Finance":
                x[3] = "0.5"
        rows = [x for x in rows if x[0] != "e040"]
    return rows


def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


for q in range(1, 5):
    write(f"examples/data/roster_2026q{q}.csv", step(base, q))
write("examples/data/roster_after.csv", step(base, 4))
