#!/usr/bin/env python3
"""Write two (or more) snapshots of a synthetic roster for the comparison
benchmark (issue 17), in the shape of ../shared/bench/gen_roster.py's rosters
(id,name,team,weight and the eight pole strengths, three decimals), without
numpy.

    gen_snapshots.py --members 1000000 --teams 100000 --seed 7 --out /tmp/teamrole-bench/snap

writes snap-0.csv (the first snapshot) and snap-1.csv ...: each next one moves
--move of the people to another team (most within their division), lets
--leave of them go, hires --join new people, changes --reweight people's
weights and rescores --rescore people; rows are shuffled.
"""
import argparse
import random

POLES = ["inspire", "organize", "vision", "execution",
         "people", "process", "risk_taking", "risk_management"]
WEIGHTS = [1.0, 1.0, 1.0, 0.5, 0.8, 0.25]
MU = {0: (0.55, 0.55), 1: (0.75, 0.2), 2: (0.2, 0.75), 3: (0.15, 0.15)}


def team_path(t):
    div = t // 100
    return f"Org{div // 50}/Div{div}/Team{t}"


def strengths(rng, arche):
    lead, mgmt = MU[arche]
    out = []
    for j in range(8):
        mu = lead if j % 2 == 0 else mgmt
        out.append(min(1.0, max(0.0, rng.gauss(mu, 0.2))))
    return out


def write(path, people, rng):
    rows = list(people.items())
    rng.shuffle(rows)
    with open(path, "w") as f:
        f.write("id,name,team,weight," + ",".join(POLES) + "\n")
        buf = []
        for pid, (team, weight, xs) in rows:
            vals = ",".join(f"{v:.3f}" for v in xs)
            buf.append(f"m{pid},Member {pid},{team_path(team)},{weight:g},{vals}\n")
            if len(buf) >= 100_000:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--teams", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--snapshots", type=int, default=2)
    ap.add_argument("--move", type=float, default=0.05)
    ap.add_argument("--leave", type=float, default=0.01)
    ap.add_argument("--join", type=float, default=0.01)
    ap.add_argument("--reweight", type=float, default=0.01)
    ap.add_argument("--rescore", type=float, default=0.01)
    ap.add_argument("--out", required=True, help="path prefix: PREFIX-0.csv, PREFIX-1.csv, ...")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    n, t = a.members, a.teams
    arche = [rng.choices([0, 1, 2, 3], [0.4, 0.2, 0.2, 0.2])[0] for _ in range(t)]
    people = {}
    for i in range(n):
        team = i if i < t else rng.randrange(t)
        people[i] = (team, rng.choice(WEIGHTS), strengths(rng, arche[team]))
    next_id = n
    write(f"{a.out}-0.csv", people, rng)
    for s in range(1, a.snapshots):
        ids = list(people)
        for pid in rng.sample(ids, int(a.move * len(ids))):
            team, w, xs = people[pid]
            if rng.random() < 0.8:
                new = (team // 100) * 100 + rng.randrange(100)
                new = min(new, t - 1)
            else:
                new = rng.randrange(t)
            if new != team:
                people[pid] = (new, w, xs)
        for pid in rng.sample(ids, int(a.reweight * len(ids))):
            team, w, xs = people[pid]
            people[pid] = (team, rng.choice([x for x in WEIGHTS if x != w]), xs)
        for pid in rng.sample(ids, int(a.rescore * len(ids))):
            team, w, _ = people[pid]
            people[pid] = (team, w, strengths(rng, arche[team]))
        for pid in rng.sample(ids, int(a.leave * len(ids))):
            del people[pid]
        for _ in range(int(a.join * n)):
            team = rng.randrange(t)
            people[next_id] = (team, rng.choice(WEIGHTS), strengths(rng, arche[team]))
            next_id += 1
        write(f"{a.out}-{s}.csv", people, rng)


if __name__ == "__main__":
    main()
