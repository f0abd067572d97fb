//! Reliability as psych reports it, against figures computed independently
//! by `scripts/reference_psych.py` from psych's published formulas (with
//! pingouin as a cross-check) and committed as `tests/data/psych_reference.json`:
//! psych's `bfi` (2,800 respondents, missing answers, reverse-keyed items),
//! a synthetic set with an item without variance and a wrongly keyed item,
//! and ratings for the intraclass correlation.

use rolebalance::{
    intraclass_correlation, Framework, Instrument, KeyCheck, Missing, ReliabilityOptions, ReliabilityReport, Scored,
    Scorer,
};
use serde_json::Value;

const TOL: f64 = 1e-9;

fn reference() -> Value {
    serde_json::from_str(include_str!("data/psych_reference.json")).unwrap()
}

fn path(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn bfi() -> Scored {
    let fw = Framework::from_csv_path(path("bfi_framework.csv")).unwrap();
    let inst = Instrument::from_csv_path(fw, path("bfi_instrument.csv")).unwrap();
    Scorer::new(inst).score_path(path("bfi.csv")).unwrap()
}

fn synthetic() -> Scored {
    let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
    let inst = Instrument::from_csv_path(fw, path("psych_synthetic_instrument.csv")).unwrap();
    Scorer::new(inst).score_path(path("psych_synthetic.csv")).unwrap()
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= TOL, "{what}: {g} vs reference {w} (diff {:e})", (g - w).abs()),
        (None, None) => {}
        (g, _) => panic!("{what}: {g:?} vs reference {want}"),
    }
}

fn pair(what: &str, got: Option<[f64; 2]>, want: &Value) {
    let got = got.unwrap_or_else(|| panic!("{what}: none"));
    close(&format!("{what} lower"), Some(got[0]), &want[0]);
    close(&format!("{what} upper"), Some(got[1]), &want[1]);
}

/// Every figure of `report` against the reference run `want`.
fn compare(report: &ReliabilityReport, want: &Value) {
    let scales = want["scales"].as_array().unwrap();
    assert_eq!(report.scales().len(), scales.len());
    for (s, w) in report.scales().iter().zip(scales) {
        let name = s.scale.as_str();
        assert_eq!(name, w["scale"].as_str().unwrap());
        assert_eq!(s.respondents as u64, w["n"].as_u64().unwrap(), "{name}");
        assert_eq!(s.items as u64, w["items"].as_u64().unwrap(), "{name}");
        let names: Vec<&str> = w["item_names"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(s.item_names, names, "{name}");
        for (field, got) in [
            ("alpha", s.alpha),
            ("std_alpha", s.standardized_alpha),
            ("lambda6", s.lambda6),
            ("average_r", s.average_r),
            ("median_r", s.median_r),
            ("var_r", s.var_r),
            ("signal_noise", s.signal_noise),
            ("alpha_se", s.alpha_se),
            ("raw_mean", s.raw_mean),
            ("raw_sd", s.raw_sd),
            ("mean", s.mean),
            ("sd", s.sd),
            ("sem", s.sem),
            ("omega_total", s.omega_total),
        ] {
            close(&format!("{name} {field}"), got, &w[field]);
        }
        pair(&format!("{name} feldt"), s.alpha_ci, &w["feldt"]);
        pair(&format!("{name} duhachek"), s.alpha_ci_duhachek, &w["duhachek"]);
        if !w["bootstrap"].is_null() {
            pair(&format!("{name} bootstrap"), s.alpha_ci_bootstrap, &w["bootstrap"]);
        }
        if let Some(loads) = w["omega_loadings"].as_array() {
            let got = s.omega_loadings.as_ref().unwrap();
            for (g, l) in got.iter().zip(loads) {
                close(&format!("{name} loading"), Some(*g), l);
            }
        }
        let strings = |v: &Value| -> Vec<String> {
            v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
        };
        assert_eq!(s.constant_items, strings(&w["warnings"]["constant"]), "{name}");
        assert_eq!(s.negative_items, strings(&w["warnings"]["negative"]), "{name}");
        assert_eq!(s.reversed_items, strings(&w["warnings"]["reversed"]), "{name}");
        match w["response_values"].as_array() {
            Some(v) => {
                let want: Vec<f64> = v.iter().map(|x| x.as_f64().unwrap()).collect();
                assert_eq!(s.response_values.as_deref(), Some(want.as_slice()), "{name}");
            }
            None => assert!(s.response_values.is_none()),
        }
        for (i, wi) in s.item_stats.iter().zip(w["item_stats"].as_array().unwrap()) {
            let item = format!("{name} {}", i.item);
            assert_eq!(i.item, wi["item"].as_str().unwrap());
            assert_eq!(i.n as u64, wi["n"].as_u64().unwrap(), "{item}");
            for (field, got) in [
                ("raw_r", i.raw_r),
                ("std_r", i.std_r),
                ("r_cor", i.r_cor),
                ("r_drop", i.r_drop),
                ("mean", i.mean),
                ("sd", i.sd),
                ("missing", Some(i.missing)),
            ] {
                close(&format!("{item} {field}"), got, &wi[field]);
            }
            if let Some(freq) = wi["frequencies"].as_array() {
                let got = i.frequencies.as_ref().unwrap();
                assert_eq!(got.len(), freq.len());
                for (g, f) in got.iter().zip(freq) {
                    close(&format!("{item} frequency"), Some(*g), f);
                }
            }
            if !wi["if_dropped"].is_null() {
                let d = &i.if_dropped;
                let wd = &wi["if_dropped"];
                for (field, got) in [
                    ("raw_alpha", d.raw_alpha),
                    ("std_alpha", d.std_alpha),
                    ("lambda6", d.lambda6),
                    ("average_r", d.average_r),
                    ("signal_noise", d.signal_noise),
                    ("alpha_se", d.alpha_se),
                    ("var_r", d.var_r),
                    ("median_r", d.median_r),
                ] {
                    close(&format!("{item} if dropped {field}"), got, &wd[field]);
                }
            }
        }
    }
    let cor = report.scale_correlations().unwrap();
    for (which, got) in [("raw", &cor.raw), ("corrected", &cor.corrected)] {
        for (gr, wr) in got.iter().zip(want["correlations"][which].as_array().unwrap()) {
            for (g, w) in gr.iter().zip(wr.as_array().unwrap()) {
                close(&format!("scale correlations {which}"), *g, w);
            }
        }
    }
}

#[test]
fn bfi_pairwise_matches_psych() {
    let scored = bfi();
    assert_eq!(scored.respondents(), 2800);
    assert!(scored.log().skipped().is_empty());
    // Respondents who skipped too many items are reported, not dropped, not fatal.
    assert!(!scored.unscored().is_empty());
    assert_eq!(scored.roster().len() + scored.unscored().len(), 2800);
    // openness is measured alone (closedness has no item): the roster keeps two whole dimensions.
    assert_eq!(scored.roster().framework().pole_count(), 4);
    let options = ReliabilityOptions::new().bootstrap(200, 19).unwrap();
    let reference = reference();
    compare(&scored.reliability_with(&options), &reference["bfi"]);
    let ninety = ReliabilityOptions::new().ci_level(0.9).unwrap();
    compare(&scored.reliability_with(&ninety), &reference["bfi_90"]);
}

#[test]
fn constant_and_wrongly_keyed_items() {
    let scored = synthetic();
    let reference = reference();
    let report = scored.reliability();
    compare(&report, &reference["synthetic"]);
    let vision = report.scale("vision").unwrap();
    assert!(vision.warnings[0].starts_with("item `v4` has no variance"), "{:?}", vision.warnings);
    let execution = report.scale("execution").unwrap();
    assert!(execution.warnings[0].starts_with("item `e4` correlates negatively"), "{:?}", execution.warnings);
    let reversed = scored.reliability_with(&ReliabilityOptions::new().key_check(KeyCheck::Reverse));
    compare(&reversed, &reference["synthetic_reversed"]);
    assert!(reversed.scale("execution").unwrap().item_stats[3].reversed);
}

#[test]
fn complete_cases_differ_from_pairwise_on_bfi() {
    let scored = bfi();
    let pairwise = scored.reliability();
    let complete = scored.reliability_with(&ReliabilityOptions::new().missing(Missing::Complete));
    let (p, c) = (&pairwise.scales()[0], &complete.scales()[0]);
    assert_eq!(p.respondents, 2800);
    assert!(c.respondents < 2800);
    assert!(p.alpha != c.alpha);
    assert_eq!(complete.missing(), Missing::Complete);
}

#[test]
fn intraclass_correlations_match_pingouin() {
    let reference = reference();
    let sf = [
        vec![9.0, 2.0, 5.0, 8.0],
        vec![6.0, 1.0, 3.0, 2.0],
        vec![8.0, 4.0, 6.0, 8.0],
        vec![7.0, 1.0, 2.0, 6.0],
        vec![10.0, 5.0, 6.0, 9.0],
        vec![6.0, 2.0, 4.0, 7.0],
    ];
    let text = std::fs::read_to_string(path("icc_ratings.csv")).unwrap();
    let synthetic: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| if c.is_empty() { f64::NAN } else { c.parse().unwrap() }).collect())
        .collect();
    for (name, table, level, omitted) in
        [("shrout_fleiss", &sf[..], 0.95, 0), ("synthetic", &synthetic, 0.95, 2), ("synthetic_90", &synthetic, 0.9, 2)]
    {
        let (iccs, left_out) = intraclass_correlation(table, level).unwrap();
        assert_eq!(left_out, omitted, "{name}");
        for (g, w) in iccs.iter().zip(reference["icc"][name].as_array().unwrap()) {
            let what = format!("{name} {}", g.label);
            assert_eq!(g.label, w["label"].as_str().unwrap());
            for (field, got) in [("icc", g.icc), ("f", g.f), ("df1", g.df1), ("df2", g.df2), ("p", g.p_value)] {
                close(&format!("{what} {field}"), Some(got), &w[field]);
            }
            pair(&format!("{what} ci"), Some(g.ci), &w["ci"]);
        }
    }
}
