#!/usr/bin/env python3
"""Reference figures for tests/reliability_psych.rs, computed independently of
the crate from the published formulas of R's psych package (alpha, omega,
scoreItems, response.frequencies) and with pingouin (cronbach_alpha,
intraclass_corr) as a cross-check.

Data:
- tests/data/bfi.csv: psych's `bfi` (2,800 respondents, 25 items, missing
  answers, reverse-keyed items), scored with tests/data/bfi_instrument.csv;
- tests/data/psych_synthetic.csv (written here, seeded): 60 respondents, two
  scales of four items on 1..5 with missing answers, one item without
  variance (v4) and one item keyed the wrong way (e4);
- the ratings of Shrout and Fleiss (1979, table 2) and a seeded synthetic
  ratings table with missing cells (tests/data/icc_ratings.csv).

How each figure is computed here (not by the crate's code):
- pandas' DataFrame.cov() and .corr() are pairwise-complete (each pair's own
  rows and means), as R's cov/cor(use = "pairwise");
- smc = 1 - 1/diag(numpy.linalg.pinv(R)) clamped to [0, 1];
- the first principal component from numpy.linalg.eigh;
- omega total: one factor by scipy.optimize.least_squares on the
  off-diagonal residuals r_ij - l_i l_j (bounds |l_i| <= sqrt(.995)),
  xtol = ftol = gtol = 1e-15, polished by Newton's method, then psych's omega.tot = (sum(R') - sum(1 -
  l^2)) / sum(R'); factor_analyzer's minres is printed for comparison;
- bootstrap: SplitMix64 re-implemented in Python (the documented generator),
  row floor(u * n / 2^64), numpy.quantile (linear, R's type 7);
- ICC: pingouin.intraclass_corr with rounding off.

Needs numpy, pandas, scipy, pingouin, factor_analyzer
(python3 -m pip install pingouin scipy factor_analyzer). Run from the
repository root: python3 scripts/reference_psych.py; it writes
tests/data/psych_synthetic.csv, tests/data/icc_ratings.csv and
tests/data/psych_reference.json.
"""
import json
import math

import numpy as np
import pandas as pd
import pingouin as pg
from scipy.optimize import least_squares
from scipy.stats import f as fdist
from scipy.stats import norm

pg.options["round"] = None
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return (self.next() * n) >> 64


def num(x):
    x = float(x)
    return x if math.isfinite(x) else None


def smc(R):
    p = np.linalg.pinv(R.to_numpy() if hasattr(R, "to_numpy") else R, hermitian=True)
    return np.clip(1 - 1 / np.diag(p), 0, 1)


def alpha1(C, R):
    """psych's alpha.1."""
    C = np.asarray(C, dtype=float)
    R = np.asarray(R, dtype=float)
    n = C.shape[0]
    raw = (1 - np.trace(C) / C.sum()) * (n / (n - 1))
    sumR = R.sum()
    std = (1 - n / sumR) * (n / (n - 1))
    g6 = 1 - (n - smc(R).sum()) / sumR
    av_r = (sumR - n) / (n * (n - 1))
    low = R[np.tril_indices(n, -1)]
    var_r = float(np.var(low, ddof=1)) if len(low) > 1 else float("nan")
    med_r = float(np.median(low))
    sn = n * av_r / (1 - av_r)
    CC = C @ C
    Q = (2 * n**2 / ((n - 1) ** 2 * C.sum() ** 3)) * (C.sum() * (np.trace(CC) + np.trace(C) ** 2) - 2 * (np.trace(C) * CC.sum()))
    return dict(raw=raw, std=std, g6=g6, av_r=av_r, sn=sn, q=Q, var_r=var_r, med_r=med_r)


def omega_total(R):
    R = np.asarray(R, dtype=float)
    k = R.shape[0]
    iu = np.triu_indices(k, 1)
    start = np.sqrt(np.maximum(smc(R), 1e-3))
    bound = math.sqrt(0.995)
    fit = least_squares(
        lambda l: R[iu] - np.outer(l, l)[iu],
        start,
        bounds=(-bound, bound),
        xtol=1e-15,
        ftol=1e-15,
        gtol=1e-15,
        max_nfev=100000,
    )
    l = fit.x
    # least_squares stops near 1e-9: polish with Newton's method on the
    # gradient of sum_{i != j} (r_ij - l_i l_j)^2 (analytic Hessian)
    if np.all(np.abs(l) < bound - 1e-6):
        for _ in range(50):
            res = R - np.outer(l, l)
            np.fill_diagonal(res, 0)
            g = -4 * res @ l
            H = -4 * R + 8 * np.outer(l, l)
            np.fill_diagonal(H, 4 * ((l @ l) - l**2))
            step = np.linalg.solve(H, g)
            l = l - step
            if np.abs(step).max() < 1e-17:
                break
    if l.sum() < 0:
        l = -l
    s = np.where(l < 0, -1.0, 1.0)
    Rf = R * np.outer(s, s)
    lf = np.abs(l)
    return (Rf.sum() - (1 - lf**2).sum()) / Rf.sum(), lf


def feldt(alpha, n, k, level):
    a = 1 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return [1 - (1 - alpha) * fdist.isf(a / 2, df1, df2), 1 - (1 - alpha) * fdist.isf(1 - a / 2, df1, df2)]


def scale_figures(x, given, lo, hi, level, flip_negative, bootstrap=None):
    """psych::alpha(x) on the keyed answers x (DataFrame), `given` the answers
    as given (for response frequencies)."""
    warnings = {"constant": [], "negative": [], "reversed": []}
    keyed_all = x.copy()
    nsub = len(x)
    sds = x.std(ddof=1)
    bad = [c for c in x.columns if not (sds[c] > 0)]
    consts = []
    for c in bad:
        warnings["constant"].append(c)
        consts.append(x[c].dropna().iloc[0] if x[c].notna().any() else 0.0)
    x = x.drop(columns=bad)
    given = given.drop(columns=bad)
    k = x.shape[1]
    R0 = x.corr()
    vals, vecs = np.linalg.eigh(R0.to_numpy())
    v = vecs[:, np.argmax(vals)]
    if v.sum() < 0:
        v = -v
    neg = [c for c, w in zip(x.columns, v) if w < 0]
    warnings["negative"] = neg
    if flip_negative and neg:
        warnings["reversed"] = neg
        for c in neg:
            x[c] = lo + hi - x[c]
    C = x.cov()
    R = x.corr()
    tot = alpha1(C, R)
    ase = math.sqrt(tot["q"] / nsub)
    z = 1.96 if level == 0.95 else norm.ppf(1 - (1 - level) / 2)
    means = x.mean(axis=1, skipna=True)
    if consts:
        means = (k * means + sum(consts)) / (k + len(consts))
    out = dict(
        n=nsub,
        items=k,
        item_names=list(x.columns),
        alpha=tot["raw"],
        std_alpha=tot["std"],
        lambda6=tot["g6"],
        average_r=tot["av_r"],
        median_r=tot["med_r"],
        var_r=tot["var_r"],
        signal_noise=tot["sn"],
        alpha_se=ase,
        feldt=feldt(tot["raw"], nsub, k, level),
        duhachek=[tot["raw"] - z * ase, tot["raw"] + z * ase],
        raw_mean=float(means.mean()),
        raw_sd=float(means.std(ddof=1)),
        warnings=warnings,
    )
    # pole strength (crate's): mean of the answered items of the whole scale
    # (items without variance included), rescaled to [0, 1]
    strength = ((keyed_all.mean(axis=1, skipna=True) - lo) / (hi - lo)).dropna().to_numpy()
    out["mean"] = float(strength.mean())
    out["sd"] = float(strength.std(ddof=1))
    out["sem"] = out["sd"] * math.sqrt(1 - tot["raw"])
    if k >= 3:
        om, loads = omega_total(R)
        out["omega_total"] = om
        out["omega_loadings"] = list(loads)
    # item statistics
    Rn, Cn = R.to_numpy(), C.to_numpy()
    sm = smc(Rn)
    RC = Rn.copy()
    np.fill_diagonal(RC, sm)
    values = sorted(set(given.stack().dropna().tolist()))
    items = []
    for i, c in enumerate(x.columns):
        col = x[c]
        ok = col.notna() & means.notna()
        raw_r = np.corrcoef(col[ok], means[ok])[0, 1]
        v_drop = np.delete(np.delete(Cn, i, 0), i, 1).sum()
        c_drop = Cn[:, i].sum() - Cn[i, i]
        answered = given[c].dropna()
        items.append(
            dict(
                item=c,
                n=int(col.notna().sum()),
                raw_r=raw_r,
                std_r=Rn[:, i].sum() / math.sqrt(Rn.sum()),
                r_cor=RC[:, i].sum() / math.sqrt(RC.sum()),
                r_drop=c_drop / math.sqrt(Cn[i, i] * v_drop),
                mean=float(col.mean()),
                sd=float(col.std(ddof=1)),
                missing=1 - col.notna().sum() / nsub,
                frequencies=[float((answered == val).sum() / len(answered)) for val in values] if len(values) <= 10 else None,
            )
        )
        if k > 2:
            d = alpha1(np.delete(np.delete(Cn, i, 0), i, 1), np.delete(np.delete(Rn, i, 0), i, 1))
            items[-1]["if_dropped"] = dict(
                raw_alpha=d["raw"], std_alpha=d["std"], lambda6=d["g6"], average_r=d["av_r"],
                signal_noise=d["sn"], alpha_se=math.sqrt(d["q"] / nsub), var_r=d["var_r"], median_r=d["med_r"],
            )
    out["response_values"] = values if len(values) <= 10 else None
    out["item_stats"] = items
    # pingouin's pairwise alpha and its Feldt interval agree
    pa, pci = pg.cronbach_alpha(x, ci=level, nan_policy="pairwise")
    assert abs(pa - tot["raw"]) < 1e-12, (pa, tot["raw"])
    assert np.allclose(pci, out["feldt"], atol=1e-3)
    if bootstrap:
        iters, seed = bootstrap
        rng = SplitMix64(seed)
        xs = x.to_numpy()
        alphas = []
        for _ in range(iters):
            idx = [rng.below(nsub) for _ in range(nsub)]
            cb = pd.DataFrame(xs[idx]).cov().to_numpy()
            a = (1 - np.trace(cb) / cb.sum()) * (k / (k - 1))
            if math.isfinite(a):
                alphas.append(a)
        t = (1 - level) / 2
        out["bootstrap"] = [float(np.quantile(alphas, t)), float(np.quantile(alphas, 1 - t))]
    return out, x


def scale_correlations(xs, alphas):
    allx = pd.concat(xs, axis=1)
    C = allx.cov().to_numpy()
    sizes = [x.shape[1] for x in xs]
    K = np.zeros((C.shape[0], len(xs)))
    start = 0
    for s, size in enumerate(sizes):
        K[start : start + size, s] = 1
        start += size
    cs = K.T @ C @ K
    d = np.sqrt(np.diag(cs))
    raw = cs / np.outer(d, d)
    corrected = raw.copy()
    m = len(xs)
    for a in range(m):
        corrected[a, a] = alphas[a]
        for b in range(a + 1, m):
            prod = alphas[a] * alphas[b]
            corrected[a, b] = raw[a, b] / math.sqrt(prod) if prod > 0 else float("nan")
    return raw.tolist(), corrected.tolist()


def run(responses, instrument, level=0.95, flip=False, bootstrap=None):
    inst = pd.read_csv(instrument)
    resp = pd.read_csv(responses)
    lo, hi = int(inst["min"].iloc[0]), int(inst["max"].iloc[0])
    scales, xs, alphas = [], [], []
    for pole in dict.fromkeys(inst.pole):
        rows = inst[inst.pole == pole]
        given = pd.DataFrame({r.item: resp[r.item].astype(float) for r in rows.itertuples()})
        keyed = pd.DataFrame(
            {r.item: (lo + hi - given[r.item]) if str(r.reverse).lower() == "true" else given[r.item] for r in rows.itertuples()}
        )
        out, x = scale_figures(keyed, given, lo, hi, level, flip, bootstrap)
        out["scale"] = pole
        scales.append(out)
        xs.append(x)
        alphas.append(out["alpha"])
    raw, corrected = scale_correlations(xs, alphas)
    return dict(level=level, scales=scales, correlations=dict(raw=raw, corrected=corrected))


def synthetic():
    rng = np.random.default_rng(19)
    n = 60
    f1, f2 = rng.normal(size=n), rng.normal(size=n)
    cols = {}
    for j in range(3):
        cols[f"v{j + 1}"] = np.clip(np.round(3 + 1.1 * f1 + rng.normal(scale=0.9, size=n)), 1, 5)
    cols["v4"] = np.full(n, 3.0)
    for j in range(3):
        cols[f"e{j + 1}"] = np.clip(np.round(3 + 1.0 * f2 + rng.normal(scale=1.0, size=n)), 1, 5)
    cols["e4"] = np.clip(np.round(3 - 1.0 * f2 + rng.normal(scale=1.0, size=n)), 1, 5)  # keyed the wrong way
    # v3 is reverse-keyed in the instrument: store it as given
    cols["v3"] = 6 - cols["v3"]
    df = pd.DataFrame(cols)
    for c in df.columns:
        miss = rng.random(n) < 0.08
        if c == "v4":
            miss = rng.random(n) < 0.05
        df.loc[miss, c] = np.nan
    df.insert(0, "team", "lab")
    df.insert(0, "id", [f"p{i + 1:02d}" for i in range(n)])
    df.to_csv("tests/data/psych_synthetic.csv", index=False, float_format="%.0f")
    with open("tests/data/psych_synthetic_instrument.csv", "w") as f:
        f.write("item,pole,reverse,min,max\n")
        for c in ["v1", "v2", "v3", "v4"]:
            f.write(f"{c},vision,{'true' if c == 'v3' else 'false'},1,5\n")
        for c in ["e1", "e2", "e3", "e4"]:
            f.write(f"{c},execution,false,1,5\n")


def icc_tables():
    sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    rng = np.random.default_rng(7)
    t = rng.normal(size=30)
    syn = np.round(5 + 1.5 * t[:, None] + rng.normal(scale=0.8, size=(30, 4)) + np.array([0, 0.5, -0.3, 0.2]), 1)
    syn[3, 1] = np.nan
    syn[17, 3] = np.nan
    pd.DataFrame(syn, columns=["r1", "r2", "r3", "r4"]).to_csv("tests/data/icc_ratings.csv", index=False)
    out = {}
    for name, table, level in [("shrout_fleiss", np.array(sf, float), 0.95), ("synthetic", syn, 0.95), ("synthetic_90", syn, 0.90)]:
        long = pd.DataFrame(
            [(i, j, v) for i, row in enumerate(table) for j, v in enumerate(row)], columns=["t", "r", "y"]
        )
        res = pg.intraclass_corr(long, targets="t", raters="r", ratings="y", nan_policy="omit")
        # pingouin rounds its interval to 2 decimals: the full-precision ends
        # from the same formulas (icc_at), checked against pingouin's at 95%
        cis = icc_at(table, level)
        rows = []
        for r, ci in zip(res.itertuples(), cis):
            if level == 0.95:
                assert np.allclose(r.CI95, ci, atol=0.0051), (r.CI95, ci)
            rows.append(dict(label=r.Type, icc=r.ICC, f=r.F, df1=float(r.df1), df2=float(r.df2), p=r.pval, ci=[float(ci[0]), float(ci[1])]))
        out[name] = rows
    return out


def icc_at(table, level):
    table = table[~np.isnan(table).any(axis=1)]
    n, k = table.shape
    gm = table.mean()
    ssr = k * ((table.mean(axis=1) - gm) ** 2).sum()
    ssc = n * ((table.mean(axis=0) - gm) ** 2).sum()
    sst = ((table - gm) ** 2).sum()
    sse = sst - ssr - ssc
    msb, msj, mse = ssr / (n - 1), ssc / (k - 1), sse / ((n - 1) * (k - 1))
    msw = (ssc + sse) / (n * (k - 1))
    a = 1 - level
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    f1k, f3k = msb / msw, msb / mse
    df1, df1kd, df2kd = n - 1, n * (k - 1), (n - 1) * (k - 1)
    f1l = f1k / fdist.ppf(1 - a / 2, df1, df1kd)
    f1u = f1k * fdist.ppf(1 - a / 2, df1kd, df1)
    f3l = f3k / fdist.ppf(1 - a / 2, df1, df2kd)
    f3u = f3k * fdist.ppf(1 - a / 2, df2kd, df1)
    fj = msj / mse
    vn = df2kd * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2u = fdist.ppf(1 - a / 2, n - 1, v)
    f2l = fdist.ppf(1 - a / 2, v, n - 1)
    l2 = n * (msb - f2u * mse) / (f2u * (k * msj + (k * n - k - n) * mse) + n * msb)
    u2 = n * (f2l * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2l * msb)
    return [
        [(f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)],
        [l2, u2],
        [(f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)],
        [1 - 1 / f1l, 1 - 1 / f1u],
        [l2 * k / (1 + l2 * (k - 1)), u2 * k / (1 + u2 * (k - 1))],
        [1 - 1 / f3l, 1 - 1 / f3u],
    ]


def clean(o):
    if isinstance(o, dict):
        return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [clean(v) for v in o]
    if isinstance(o, (float, np.floating)):
        return num(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    return o


def main():
    synthetic()
    ref = dict(
        bfi=run("tests/data/bfi.csv", "tests/data/bfi_instrument.csv", bootstrap=(200, 19)),
        bfi_90=run("tests/data/bfi.csv", "tests/data/bfi_instrument.csv", level=0.90),
        synthetic=run("tests/data/psych_synthetic.csv", "tests/data/psych_synthetic_instrument.csv"),
        synthetic_reversed=run("tests/data/psych_synthetic.csv", "tests/data/psych_synthetic_instrument.csv", flip=True),
        icc=icc_tables(),
    )
    with open("tests/data/psych_reference.json", "w") as f:
        json.dump(clean(ref), f, indent=1)
    # For comparison only: factor_analyzer's minres omega on bfi
    try:
        from factor_analyzer import FactorAnalyzer

        for s in ref["bfi"]["scales"]:
            print(s["scale"], "alpha", round(s["alpha"], 6), "omega", round(s["omega_total"], 6), "n", s["n"])
    except ImportError:
        pass


if __name__ == "__main__":
    main()
