//! Finding confidences against a Monte Carlo simulation of the measurement
//! model (DESIGN.md section 7): true strength = observed + N(0, SEM²),
//! independent across members and poles. Exact formulas must agree within
//! the simulation's noise, approximations within 0.02.

use rolebalance::{Analyzer, Coverage, Finding, FindingKind, MeasurementError, Member, Roster, Side, Thresholds};

/// SplitMix64 with Box-Muller normals: a tiny seeded generator for the test.
struct Rng(u64, Option<f64>);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        if let Some(z) = self.1.take() {
            return z;
        }
        let (u, v) = (self.uniform(), self.uniform());
        let (r, a) = ((-2.0 * u.ln()).sqrt(), 2.0 * std::f64::consts::PI * v);
        self.1 = Some(r * a.sin());
        r * a.cos()
    }
}

/// A pole's true coverage from true contributions.
fn coverage(model: Coverage, weights: &[f64], strengths: &[f64]) -> f64 {
    let w: f64 = weights.iter().sum();
    match model {
        Coverage::Strongest => weights.iter().zip(strengths).map(|(w, s)| w * s).fold(f64::NEG_INFINITY, f64::max),
        Coverage::Pooled => 1.0 - weights.iter().zip(strengths).map(|(w, s)| 1.0 - w * s).product::<f64>(),
        Coverage::Average => weights.iter().zip(strengths).map(|(w, s)| w * s).sum::<f64>() / w,
        Coverage::Weakest => {
            weights.iter().zip(strengths).filter(|(w, _)| **w > 0.0).map(|(w, s)| w * s).fold(f64::INFINITY, f64::min)
        }
        Coverage::Additive => weights.iter().zip(strengths).map(|(w, s)| w * s).sum::<f64>().min(1.0),
        other => panic!("no simulation for {other}"),
    }
}

/// The simulated probability that each finding of the team holds for the
/// true strengths.
fn simulate(
    model: Coverage,
    members: &[Member],
    sems: &[f64],
    findings: &[Finding],
    fw: &rolebalance::Framework,
    rng: &mut Rng,
    draws: usize,
) -> Vec<f64> {
    let poles = sems.len();
    let weights: Vec<f64> = members.iter().map(|m| m.weight()).collect();
    let mut hits = vec![0usize; findings.len()];
    let mut truth = vec![vec![0.0; members.len()]; poles];
    for _ in 0..draws {
        for (p, col) in truth.iter_mut().enumerate() {
            for (i, m) in members.iter().enumerate() {
                col[i] = m.strengths()[p] + sems[p] * rng.normal();
            }
        }
        let cov: Vec<f64> = truth.iter().map(|col| coverage(model, &weights, col)).collect();
        let side = |s: Side| {
            let v: Vec<f64> = (0..poles).filter(|p| (p % 2 == 0) == (s == Side::Leadership)).map(|p| cov[p]).collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        let (d, c) = (side(Side::Leadership), side(Side::Management));
        for (f, hit) in findings.iter().zip(hits.iter_mut()) {
            let t = f.threshold();
            let holds = match f.kind() {
                FindingKind::NoDirection => d < t,
                FindingKind::NoControl => c < t,
                FindingKind::UncoveredPole => cov[fw.pole(f.pole().unwrap()).unwrap().index()] < t,
                FindingKind::SinglePointOfFailure => {
                    let p = fw.pole(f.pole().unwrap()).unwrap().index();
                    let who = members.iter().position(|m| Some(m.id()) == f.member()).unwrap();
                    let (w, s): (Vec<f64>, Vec<f64>) = weights
                        .iter()
                        .zip(&truth[p])
                        .enumerate()
                        .filter(|(i, _)| *i != who)
                        .map(|(_, (w, s))| (*w, *s))
                        .unzip();
                    let without = if w.is_empty() { 0.0 } else { coverage(model, &w, &s) };
                    without < t
                }
                FindingKind::Skewed if f.side() == Some(Side::Leadership) => d - c > t,
                FindingKind::Skewed => c - d > t,
                FindingKind::NoBridge => (0..members.len()).filter(|&i| weights[i] > 0.0).all(|i| {
                    let n = poles as f64 / 2.0;
                    let l: f64 = (0..poles).step_by(2).map(|p| truth[p][i]).sum::<f64>() / n;
                    let m: f64 = (1..poles).step_by(2).map(|p| truth[p][i]).sum::<f64>() / n;
                    l.min(m) < t
                }),
                _ => unreachable!(),
            };
            *hit += usize::from(holds);
        }
    }
    hits.iter().map(|&h| h as f64 / draws as f64).collect()
}

/// Random teams for `model`: strengths spread around the thresholds.
fn teams(model: Coverage, rng: &mut Rng, count: usize) -> Vec<(Vec<Member>, Vec<f64>)> {
    (0..count)
        .map(|t| {
            let n = if t % 4 == 3 { 9 + (rng.uniform() * 8.0) as usize } else { 2 + (rng.uniform() * 5.0) as usize };
            let lean = rng.uniform() * 0.4 - 0.2;
            let members = (0..n)
                .map(|i| {
                    let strengths: Vec<f64> = (0..8)
                        .map(|p| {
                            let base = match model {
                                Coverage::Pooled => 0.25,
                                Coverage::Additive => 0.12,
                                Coverage::Weakest => 0.6,
                                _ => 0.45,
                            };
                            let side = if p % 2 == 0 { lean } else { -lean };
                            (base + side + 0.35 * (rng.uniform() - 0.5)).clamp(0.0, 1.0)
                        })
                        .collect();
                    let weight = if rng.uniform() < 0.3 { 0.5 + 0.5 * rng.uniform() } else { 1.0 };
                    Member::new(format!("m{i}"), format!("T{t}"), strengths).unwrap().with_weight(weight).unwrap()
                })
                .collect();
            let sems: Vec<f64> = (0..8).map(|_| 0.03 + 0.09 * rng.uniform()).collect();
            (members, sems)
        })
        .collect()
}

#[test]
fn confidences_match_simulation() {
    let mut rng = Rng(20_261_127, None);
    let fw = rolebalance::Framework::leadership_management();
    let thresholds = Thresholds::default().with("skew", 0.1).unwrap();
    let draws = 20_000;
    let mut worst: Vec<(String, f64)> = Vec::new();
    let mut checked = std::collections::BTreeMap::<String, usize>::new();
    let mut failures = Vec::new();
    for model in Coverage::ALL {
        for (members, sems) in teams(model, &mut rng, 40) {
            let roster: Roster = members.iter().cloned().collect();
            let analyzer = Analyzer::new()
                .model(model)
                .thresholds(thresholds.clone())
                .measurement_error(MeasurementError::new(sems.clone()).unwrap());
            let report = analyzer.analyze(&roster).unwrap();
            let team = &report.teams()[0];
            let plain = Analyzer::new().model(model).thresholds(thresholds.clone()).analyze(&roster).unwrap();
            assert_eq!(plain.teams()[0].flags(), team.flags(), "measurement error changes no finding");
            let sim = simulate(model, &members, &sems, &team.findings(), &fw, &mut rng, draws);
            for (f, mc) in team.findings().into_iter().zip(sim) {
                let conf = f.confidence().expect("every finding has a confidence");
                let key = format!("{model}/{}", f.kind());
                *checked.entry(key.clone()).or_default() += 1;
                let diff = (conf - mc).abs();
                if diff >= 0.02 {
                    failures.push(format!("{key} in {}: confidence {conf} vs simulated {mc}", team.team()));
                }
                match worst.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, w)) => *w = w.max(diff),
                    None => worst.push((key, diff)),
                }
            }
        }
    }
    eprintln!("worst |confidence - simulation| by model/kind: {worst:?}");
    eprintln!("findings checked: {checked:?}");
    assert!(failures.is_empty(), "{failures:#?}");
    for kind in ["no_direction", "no_control", "uncovered_pole", "single_point_of_failure", "skewed", "no_bridge"] {
        assert!(checked.keys().any(|k| k.ends_with(kind)), "no {kind} finding was checked");
    }
}

#[test]
fn strongest_uncovered_pole_is_the_exact_product() {
    // Two members on `vision` (pole 2): c = 0.4 and 0.3 (weight 0.75 * 0.4).
    let a = Member::new("a", "T", [0.9, 0.9, 0.4, 0.9, 0.9, 0.9, 0.9, 0.9]).unwrap();
    let b = Member::new("b", "T", [0.9, 0.9, 0.4, 0.9, 0.9, 0.9, 0.9, 0.9]).unwrap().with_weight(0.75).unwrap();
    let roster: Roster = [a, b].into_iter().collect();
    let sem = 0.1;
    let fw = rolebalance::Framework::leadership_management();
    let report =
        Analyzer::new().measurement_error(MeasurementError::uniform(&fw, sem).unwrap()).analyze(&roster).unwrap();
    let f = report.teams()[0].findings().into_iter().find(|f| f.flag() == "uncovered_pole:vision").unwrap();
    let phi = |z: f64| 0.5 * erfc_simpson(-z / std::f64::consts::SQRT_2);
    let want = phi((0.5 - 0.4) / sem) * phi((0.5 - 0.3) / (0.75 * sem));
    assert!((f.confidence().unwrap() - want).abs() < 1e-9, "{} vs {want}", f.confidence().unwrap());
}

/// erfc by numerical integration, independent of the crate's.
fn erfc_simpson(x: f64) -> f64 {
    // Simpson's rule on [x, x + 12].
    let n = 20_000;
    let h = 12.0 / n as f64;
    let f = |t: f64| 2.0 / std::f64::consts::PI.sqrt() * (-t * t).exp();
    let mut s = f(x) + f(x + 12.0);
    for i in 1..n {
        s += f(x + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0
}

#[test]
fn merged_accumulators_give_the_same_confidences() {
    let fw = rolebalance::Framework::leadership_management();
    let sems = MeasurementError::uniform(&fw, 0.08).unwrap();
    let members: Vec<Member> = (0..6)
        .map(|i| {
            let s: Vec<f64> = (0..8).map(|p| ((i * 7 + p * 3) % 10) as f64 / 12.0).collect();
            Member::new(format!("m{i}"), "T", s).unwrap()
        })
        .collect();
    for model in Coverage::ALL {
        let analyzer = Analyzer::new().model(model).measurement_error(sems.clone());
        let mut one = analyzer.accumulator(&fw, "T").unwrap();
        for (i, m) in members.iter().enumerate() {
            one.add(m, i as u64).unwrap();
        }
        let mut left = analyzer.accumulator(&fw, "T").unwrap();
        let mut right = analyzer.accumulator(&fw, "T").unwrap();
        for (i, m) in members.iter().enumerate() {
            if i % 2 == 0 { &mut left } else { &mut right }.add(m, i as u64).unwrap();
        }
        right.merge(left).unwrap();
        let (a, b) = (analyzer.report(&fw, "T", &one), analyzer.report(&fw, "T", &right));
        assert_eq!(a.flags(), b.flags());
        assert!(!a.findings().is_empty());
        for (x, y) in a.findings().into_iter().zip(b.findings()) {
            let (x, y) = (x.confidence().unwrap(), y.confidence().unwrap());
            // Sums merge exactly up to rounding, and with at most 8 members
            // the largest contributions are all kept exactly.
            assert!((x - y).abs() < 1e-9, "{model}: {x} vs {y}");
        }
    }
}

#[test]
fn no_error_information_no_confidence() {
    let roster: Roster = [Member::new("a", "T", [0.1; 8]).unwrap()].into_iter().collect();
    let report = Analyzer::new().analyze(&roster).unwrap();
    assert!(report.teams()[0].findings().into_iter().all(|f| f.confidence().is_none()));
    let json = serde_json::to_string(&report.teams()[0].findings()[0]).unwrap();
    assert!(!json.contains("confidence"));
    let fw = rolebalance::Framework::leadership_management();
    let zero = Analyzer::new().measurement_error(MeasurementError::uniform(&fw, 0.0).unwrap());
    let report = zero.analyze(&roster).unwrap();
    assert!(report.teams()[0].findings().into_iter().all(|f| f.confidence() == Some(1.0)));
    let bad = Analyzer::new().measurement_error(MeasurementError::new([0.1; 3]).unwrap()).analyze(&roster);
    assert_eq!(bad.unwrap_err().to_string(), "measurement error: 3 SEMs given, the framework has 8 poles");
}
