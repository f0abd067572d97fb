#!/usr/bin/env python3
"""Reference reliability values for tests/reliability_reference.rs.

Computes, independently of the crate, what `score_questionnaire` reports for
every scale of the sample questionnaire (examples/data/questionnaire_*.csv),
and alpha with Feldt's interval for the 7-point item matrix
tests/data/alpha_reference_items.csv (complete rows only):

- alpha and its 95% interval with pingouin.cronbach_alpha(data, ci=.95);
  pingouin rounds the interval to 3 decimals, so the full-precision interval
  is computed with Feldt's formula as pingouin does, with scipy's F quantile:
  1 - (1 - alpha) * f.isf((1 -/+ .95) / 2, n - 1, (n - 1)(k - 1));
- standardised alpha from numpy's correlation matrix;
- corrected item-total correlations (item against the sum of the others)
  and alpha if an item is dropped (pingouin on the other items);
- mean and sample sd of the pole strength (mean of the keyed items rescaled
  from 1..5 to [0, 1]) and SEM = sd * sqrt(1 - alpha).

Needs pandas, numpy, scipy and pingouin (python3 -m pip install pingouin scipy).
Run from the repository root; it prints Rust literals pasted into the test.
"""
import numpy as np
import pandas as pd
import pingouin as pg
from scipy.stats import f


def feldt(alpha, n, k, ci=0.95):
    a = 1 - ci
    df1 = n - 1
    df2 = df1 * (k - 1)
    return (1 - (1 - alpha) * f.isf(a / 2, df1, df2), 1 - (1 - alpha) * f.isf(1 - a / 2, df1, df2))


def scale_stats(data):
    n, k = data.shape
    alpha, ci3 = pg.cronbach_alpha(data, ci=0.95)
    lo, hi = feldt(alpha, n, k)
    assert np.allclose([lo, hi], ci3, atol=5e-4), (lo, hi, ci3)
    r = np.corrcoef(data.to_numpy().T)
    rbar = (r.sum() - k) / (k * (k - 1))
    std_alpha = k * rbar / (1 + (k - 1) * rbar)
    total = data.sum(axis=1)
    item_total = [float(np.corrcoef(data[c], total - data[c])[0, 1]) for c in data.columns]
    dropped = [float(pg.cronbach_alpha(data.drop(columns=c))[0]) if k > 2 else None for c in data.columns]
    return n, k, float(alpha), float(lo), float(hi), float(std_alpha), item_total, dropped


def lit(x):
    return "None" if x is None else f"Some({x!r})"


def main():
    inst = pd.read_csv("examples/data/questionnaire_instrument.csv")
    resp = pd.read_csv("examples/data/questionnaire_responses.csv")
    print("// scale, respondents, alpha, [lo, hi], standardized alpha, mean, sd, sem, item_total, alpha_if_dropped")
    for pole in ["inspire", "organize", "vision", "execution", "people", "process", "risk_taking", "risk_management"]:
        rows = inst[inst.pole == pole]
        data = pd.DataFrame({
            r.item: (6 - resp[r.item]) if str(r.reverse).lower() == "true" else resp[r.item].astype(float)
            for r in rows.itertuples()
        }).dropna(axis=0, how="any")
        n, k, alpha, lo, hi, std_alpha, item_total, dropped = scale_stats(data)
        strength = (data.mean(axis=1) - 1) / 4
        mean, sd = float(strength.mean()), float(strength.std(ddof=1))
        sem = sd * np.sqrt(1 - alpha)
        print(f'("{pole}", {n}, {alpha!r}, [{lo!r}, {hi!r}], {std_alpha!r}, {mean!r}, {sd!r}, {float(sem)!r},')
        print(f"    &[{', '.join(repr(x) for x in item_total)}],")
        print(f"    &[{', '.join(lit(x) for x in dropped)}]),")
    items = pd.read_csv("tests/data/alpha_reference_items.csv").dropna(axis=0, how="any")
    n, k, alpha, lo, hi, *_ = scale_stats(items)
    print(f"// alpha_reference_items.csv: complete rows {n}, items {k}")
    print(f"({alpha!r}, [{lo!r}, {hi!r}])")


if __name__ == "__main__":
    main()
