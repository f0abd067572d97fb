//! Numeric robustness: a million members under `Pooled`, weights of 0,
//! strengths of exactly 0 and 1, values exactly at a threshold.

use rolebalance::{Analyzer, Coverage, Framework, Member, ReaderBuilder, Report, Roster, TeamReport, Thresholds};

/// One dimension, `horizon`: poles `vision` (leadership) and `execution`.
fn fw() -> Framework {
    Framework::builder().dimension("horizon", "vision", "execution").build().unwrap()
}

/// The report of team `T` after adding `n` copies of a member with weight
/// `w` and strengths `[vision, execution]` (plus `extra` members first).
fn team_of(model: Coverage, extra: &[Member], n: u64, w: f64, s: [f64; 2]) -> TeamReport {
    let fw = fw();
    let analyzer = Analyzer::new().model(model);
    let mut acc = analyzer.accumulator(&fw, "T").unwrap();
    for (i, m) in extra.iter().enumerate() {
        acc.add(m, i as u64).unwrap();
    }
    let m = Member::new("m", "T", s).unwrap().with_weight(w).unwrap();
    for i in 0..n {
        acc.add(&m, extra.len() as u64 + i).unwrap();
    }
    analyzer.report(&fw, "T", &acc)
}

fn all_finite(t: &TeamReport) -> bool {
    let poles = t.poles().flat_map(|p| [p.coverage(), p.top_contribution(), p.coverage_without_top()]);
    [t.direction(), t.control(), t.balance(), t.health(), t.total_weight()].into_iter().chain(poles).all(f64::is_finite)
}

#[test]
fn pooled_million_members_of_one_in_a_million() {
    // C = 1 - (1 - 1e-6)^1e6, about 1 - 1/e.
    let t = team_of(Coverage::Pooled, &[], 1_000_000, 1.0, [1e-6, 0.0]);
    let exact = -(1e6 * (-1e-6f64).ln_1p()).exp_m1();
    let c = t.pole("vision").unwrap().coverage();
    assert!((c - exact).abs() < 1e-9, "{c} vs {exact}");
    assert!((c - 0.632_120_742_6).abs() < 1e-9);
    assert_eq!(t.pole("execution").unwrap().coverage(), 0.0);
    assert_eq!(t.members(), 1_000_000);
    assert!(all_finite(&t));
}

#[test]
fn pooled_million_tiny_contributions_do_not_underflow() {
    // 1 - (1 - 1e-300)^1e6 = 1e-294 to within rounding; a naive product of
    // (1 - c) rounds every factor to 1 and gives 0.
    let t = team_of(Coverage::Pooled, &[], 1_000_000, 1.0, [1e-300, 5e-324]);
    let c = t.pole("vision").unwrap().coverage();
    assert!(((c - 1e-294) / 1e-294).abs() < 1e-9, "{c}");
    let c = t.pole("execution").unwrap().coverage();
    assert!(c > 0.0 && c <= 1e6 * 5e-324 * 1.000_001, "{c}");
}

#[test]
fn pooled_million_strong_members_reach_exactly_one() {
    let t = team_of(Coverage::Pooled, &[], 1_000_000, 0.9, [0.9, 0.5]);
    assert_eq!(t.pole("vision").unwrap().coverage(), 1.0);
    assert_eq!(t.pole("execution").unwrap().coverage(), 1.0);
    assert_eq!(t.pole("vision").unwrap().coverage_without_top(), 1.0);
    assert!(t.findings().is_empty(), "{}", t.flags());
    assert!(all_finite(&t));
}

#[test]
fn pooled_million_with_one_full_member() {
    // One member at exactly 1 among a million at 1e-7: C is 1, without them
    // 1 - (1 - 1e-7)^1e6, about 0.095: a single point of failure.
    let one = Member::new("star", "T", [1.0, 1.0]).unwrap();
    let t = team_of(Coverage::Pooled, &[one], 1_000_000, 1.0, [1e-7, 1e-7]);
    let p = t.pole("vision").unwrap();
    assert_eq!(p.coverage(), 1.0);
    assert_eq!(p.top_contributor(), Some("star"));
    let exact = -(1e6 * (-1e-7f64).ln_1p()).exp_m1();
    assert!((p.coverage_without_top() - exact).abs() < 1e-9);
    assert!(t.flags().contains("single_point_of_failure:vision"));
}

#[test]
fn million_members_from_a_roster_in_one_pass() {
    // The same through the reader: one team of a million rows.
    let mut input = String::with_capacity(20_000_000);
    input.push_str("id,team,vision,execution\n");
    for i in 0..1_000_000 {
        input.push_str(&format!("{i},T,0.000001,0\n"));
    }
    let analyzer = Analyzer::new().model(Coverage::Pooled);
    let (report, log) = ReaderBuilder::new().framework(fw()).analyze(input.as_bytes(), &analyzer).unwrap();
    assert_eq!(log.kept(), 1_000_000);
    let c = report.teams()[0].pole("vision").unwrap().coverage();
    assert!((c - -(1e6 * (-1e-6f64).ln_1p()).exp_m1()).abs() < 1e-9);
}

#[test]
fn weights_of_zero() {
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let t = team_of(model, &[], 3, 0.0, [1.0, 1.0]);
        assert_eq!((t.members(), t.active_members(), t.total_weight()), (3, 0, 0.0));
        for p in t.poles() {
            assert_eq!((p.coverage(), p.depth()), (0.0, 0), "{model}");
        }
        assert!(all_finite(&t));
        // Nothing covered; no bridge finding without two active members.
        assert_eq!(t.flags(), "no_direction;no_control;uncovered_pole:vision;uncovered_pole:execution", "{model}");
        // A member of weight 0 changes nothing.
        let full = Member::new("a", "T", [0.8, 0.6]).unwrap();
        let with = team_of(model, std::slice::from_ref(&full), 5, 0.0, [1.0, 1.0]);
        let without = team_of(model, &[full], 0, 0.0, [1.0, 1.0]);
        assert_eq!(with.direction(), without.direction(), "{model}");
        assert_eq!(with.control(), without.control(), "{model}");
    }
}

#[test]
fn empty_team_covers_nothing() {
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let t = team_of(model, &[], 0, 1.0, [1.0, 1.0]);
        assert_eq!((t.direction(), t.control(), t.balance(), t.health()), (0.0, 0.0, 1.0, 0.0));
    }
}

#[test]
fn strengths_of_exactly_zero_and_one() {
    for model in [Coverage::Strongest, Coverage::Pooled, Coverage::Average] {
        let t = team_of(model, &[], 4, 1.0, [1.0, 0.0]);
        let (v, e) = (t.pole("vision").unwrap(), t.pole("execution").unwrap());
        assert_eq!((v.coverage(), v.depth()), (1.0, 4), "{model}");
        assert_eq!((e.coverage(), e.depth()), (0.0, 0), "{model}");
        // Four members at 1: removing one leaves full coverage, no single point of failure.
        assert_eq!(v.coverage_without_top(), 1.0, "{model}");
        assert_eq!((t.direction(), t.control(), t.balance(), t.health()), (1.0, 0.0, 0.0, 0.0));
        assert!(all_finite(&t));
    }
    // Pooled with exactly one member at 1 and the rest at 0.
    let one = Member::new("one", "T", [1.0, 1.0]).unwrap();
    let t = team_of(Coverage::Pooled, &[one], 9, 1.0, [0.0, 0.0]);
    let v = t.pole("vision").unwrap();
    assert_eq!((v.coverage(), v.coverage_without_top(), v.depth()), (1.0, 0.0, 1));
    assert!(t.flags().contains("single_point_of_failure:vision"));
}

/// The report of one team read from rows `vision,execution`, in the given
/// order, with `model`.
fn read_team(model: Coverage, rows: &[(f64, f64)]) -> TeamReport {
    let mut input = String::from("id,team,vision,execution\n");
    for (i, (v, e)) in rows.iter().enumerate() {
        input.push_str(&format!("m{i},T,{v},{e}\n"));
    }
    let (report, _): (Report, _) =
        ReaderBuilder::new().framework(fw()).analyze(input.as_bytes(), &Analyzer::new().model(model)).unwrap();
    report.teams()[0].clone()
}

#[test]
fn values_exactly_at_a_threshold_are_not_gaps() {
    // Strongest: one member at exactly 0.5 reaches the pole threshold 0.5.
    let t = read_team(Coverage::Strongest, &[(0.5, 0.5)]);
    assert_eq!(t.pole("vision").unwrap().depth(), 1);
    assert_eq!(t.flags(), "single_point_of_failure:vision;single_point_of_failure:execution");
    // Average of 0.1 .. 0.9 is 0.5 up to rounding, whatever the order of the sums.
    let tenths: Vec<(f64, f64)> = (1..=9).map(|i| (i as f64 / 10.0, 1.0 - i as f64 / 10.0)).collect();
    let mut reversed = tenths.clone();
    reversed.reverse();
    for rows in [&tenths, &reversed] {
        let t = read_team(Coverage::Average, rows);
        assert!((t.direction() - 0.5).abs() < 1e-15);
        assert!(!t.flags().contains("uncovered_pole"), "{}", t.flags());
        assert!(!t.flags().contains("no_direction") && !t.flags().contains("no_control"), "{}", t.flags());
    }
    // Pooled: 1 - (1 - 0.29289321881345254)^2 = 0.5 up to rounding.
    let c = 1.0 - std::f64::consts::FRAC_1_SQRT_2;
    let t = read_team(Coverage::Pooled, &[(c, 0.5), (c, 0.5)]);
    assert!((t.pole("vision").unwrap().coverage() - 0.5).abs() < 1e-15);
    assert!(!t.flags().contains("uncovered_pole:vision"), "{}", t.flags());
}

#[test]
fn skew_and_bridge_exactly_at_their_thresholds() {
    // direction 0.8, control 0.5: 0.8 - 0.5 = 0.30000000000000004, not above 0.3.
    let t = read_team(Coverage::Strongest, &[(0.8, 0.5), (0.8, 0.5)]);
    assert!((t.direction() - t.control()) > 0.3);
    assert!(!t.flags().contains("skewed"), "{}", t.flags());
    // A bridge at exactly 0.4 on both sides is a bridge: no `no_bridge`.
    let t = read_team(Coverage::Strongest, &[(0.4, 0.4), (0.9, 0.1)]);
    assert!(!t.flags().contains("no_bridge"), "{}", t.flags());
    let t = read_team(Coverage::Strongest, &[(0.4, 0.3999999), (0.9, 0.1)]);
    assert!(t.flags().contains("no_bridge"), "{}", t.flags());
    // Custom thresholds at the value itself.
    let mut roster = Roster::new(fw());
    roster.push(Member::new("a", "T", [0.7, 0.7]).unwrap()).unwrap();
    let thresholds = Thresholds::default().with("vision", 0.7).unwrap().with("side", 0.7).unwrap();
    let report = Analyzer::new().thresholds(thresholds).analyze(&roster).unwrap();
    assert!(!report.teams()[0].flags().contains("uncovered_pole"), "{}", report.teams()[0].flags());
}

#[test]
fn out_of_range_indices_give_none_not_a_panic() {
    let m = Member::new("a", "T", [0.5, 0.25]).unwrap();
    for d in [1, usize::MAX / 2, usize::MAX] {
        assert_eq!((m.lead(d), m.manage(d), m.position(d), m.intensity(d)), (None, None, None, None));
    }
    assert_eq!((m.lead(0), m.manage(0)), (Some(0.5), Some(0.25)));
    use rolebalance::{Pole, Side};
    assert_eq!(Pole::new(usize::MAX, Side::Management).index(), usize::MAX);
    assert_eq!(Pole::new(usize::MAX / 2, Side::Management).index(), usize::MAX);
    assert_eq!(fw().pole_name(Pole::new(usize::MAX, Side::Leadership)), None);
    assert_eq!(Pole::from_index(usize::MAX), Pole::new(usize::MAX / 2, Side::Management));
}
