//! Unit tests of the formation: sizes, constraints and their messages,
//! determinism.

use super::*;
use crate::Member;

fn pool(rows: &[[f64; 8]]) -> Roster {
    rows.iter().enumerate().map(|(i, s)| Member::unassigned(format!("p{i}"), *s).unwrap()).collect()
}

fn lead(x: f64) -> [f64; 8] {
    [x, 0.1, x, 0.1, x, 0.1, x, 0.1]
}

fn manage(x: f64) -> [f64; 8] {
    [0.1, x, 0.1, x, 0.1, x, 0.1, x]
}

#[test]
fn sizes_differ_by_at_most_one() {
    let rows: Vec<[f64; 8]> = (0..11).map(|i| if i % 2 == 0 { lead(0.9) } else { manage(0.8) }).collect();
    let p = pool(&rows);
    for k in 1..=11 {
        let a = Formation::new(k).form(&p).unwrap();
        let sizes: Vec<usize> = (0..k).map(|t| a.members_of(t).len()).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(hi - lo <= 1, "{k}: {sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 11);
    }
}

#[test]
fn respects_constraints() {
    let rows = [lead(0.9), lead(0.8), manage(0.9), manage(0.8), lead(0.5), manage(0.5)];
    let p = pool(&rows);
    let c = Constraints::new().together("p0", "p1").apart("p2", "p5").pin("p3", "Team 1");
    let a = Formation::new(2).constraints(c).form(&p).unwrap();
    assert_eq!(a.team_of(0), a.team_of(1));
    assert_ne!(a.team_of(2), a.team_of(5));
    assert_eq!(a.team_of(3), Some(0));
}

#[test]
fn infeasible_constraints_are_named() {
    let p = pool(&[lead(0.9), lead(0.8), manage(0.9), manage(0.8)]);
    let err = |c: Constraints| Formation::new(2).constraints(c).form(&p).unwrap_err().to_string();
    assert_eq!(
        err(Constraints::new().together("p0", "p1").apart("p1", "p0")),
        "infeasible constraints: `p0` and `p1` must be apart, but must also be together"
    );
    assert_eq!(
        err(Constraints::new().together("p0", "p1").together("p1", "p2")),
        "infeasible constraints: `p0`, `p1` and `p2` must be together, but teams have at most 2 members"
    );
    assert_eq!(
        err(Constraints::new().together("p0", "p1").pin("p0", "Team 1").pin("p1", "Team 2")),
        "infeasible constraints: `p0` and `p1` must be together, but are pinned to Team 1 and Team 2"
    );
    assert_eq!(
        err(Constraints::new().pin("p0", "Team 1").pin("p1", "Team 1").pin("p2", "Team 1")),
        "infeasible constraints: `p0`, `p1` and `p2` are pinned to Team 1, but Team 1 holds at most 2"
    );
    assert_eq!(
        err(Constraints::new().apart("p0", "p1").pin("p0", "Team 2").pin("p1", "Team 2")),
        "infeasible constraints: `p0` and `p1` must be apart, but are pinned to Team 2"
    );
    assert_eq!(
        err(Constraints::new().apart("p0", "p1").apart("p1", "p2").apart("p0", "p2")),
        "infeasible constraints: no 2 teams of 2 people can have `p0` and `p1` apart; `p1` and `p2` apart; \
         and `p0` and `p2` apart"
    );
    assert_eq!(
        err(Constraints::new().pin("p0", "Team 3")),
        "`p0` is pinned to `Team 3`, which is not one of `Team 1` to `Team 2`"
    );
    assert_eq!(err(Constraints::new().apart("p0", "zed")), "apart constraint names unknown member `zed`");
    assert_eq!(
        Formation::new(5).form(&p).unwrap_err().to_string(),
        "cannot form 5 teams from 4 people: expected 1 to 4 teams"
    );
}

proptest::proptest! {
    #[test]
    fn constraints_hold_or_are_reported(
        n in 2usize..24,
        k in 1usize..6,
        seed in 0u64..1000,
        together in proptest::collection::vec((0usize..24, 0usize..24), 0..4),
        apart in proptest::collection::vec((0usize..24, 0usize..24), 0..6),
        pins in proptest::collection::vec((0usize..24, 0usize..6), 0..3),
    ) {
        let k = k.min(n);
        let rows: Vec<[f64; 8]> = (0..n)
            .map(|i| {
                let x = ((i as u64 * 2654435761 + seed) % 100) as f64 / 100.0;
                [x, 1.0 - x, (x * 3.0) % 1.0, 0.5, 0.2, x, 0.9 - x * 0.5, 0.3]
            })
            .collect();
        let p = pool(&rows);
        let id = |i: usize| format!("p{}", i % n);
        let mut c = Constraints::new();
        for &(a, b) in &together {
            c = c.together(id(a), id(b));
        }
        for &(a, b) in &apart {
            c = c.apart(id(a), id(b));
        }
        for &(a, t) in &pins {
            c = c.pin(id(a), Formation::team_name(t % k));
        }
        match Formation::new(k).seed(seed).constraints(c).form(&p) {
            Ok(a) => {
                let sizes: Vec<usize> = (0..k).map(|t| a.members_of(t).len()).collect();
                proptest::prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
                let team = |i: usize| a.team_of(i % n).unwrap();
                for &(x, y) in &together {
                    proptest::prop_assert_eq!(team(x), team(y));
                }
                for &(x, y) in &apart {
                    proptest::prop_assert_ne!(team(x), team(y));
                }
                for &(x, t) in &pins {
                    proptest::prop_assert_eq!(team(x), t % k);
                }
            }
            Err(e) => proptest::prop_assert!(matches!(e.kind(), ErrorKind::Infeasible { .. }), "{}", e),
        }
    }
}

#[test]
fn row_order_does_not_matter() {
    let rows: Vec<[f64; 8]> = (0..20)
        .map(|i| [(i * 7 % 10) as f64 / 10.0, (i * 3 % 10) as f64 / 10.0, 0.3, 0.6, 0.2, 0.5, 0.7, 0.1])
        .collect();
    let p = pool(&rows);
    let reversed: Roster = p.iter().rev().map(|m| m.to_member()).collect();
    let (a, b) = (Formation::new(4).form(&p).unwrap(), Formation::new(4).form(&reversed).unwrap());
    // The same partition; teams are numbered by their first row.
    let pos = |id: &str| reversed.iter().position(|x| x.id() == id).unwrap();
    for (i, m) in p.iter().enumerate() {
        for (j, o) in p.iter().enumerate() {
            let same_a = a.team_of(i) == a.team_of(j);
            let same_b = b.team_of(pos(m.id())) == b.team_of(pos(o.id()));
            assert_eq!(same_a, same_b, "{} {}", m.id(), o.id());
        }
    }
    assert_eq!(a.team_of(0), Some(0));
    assert_eq!(b.team_of(0), Some(0));
    assert_eq!(a.score(), b.score());
}

#[test]
fn same_seed_same_teams() {
    let rows: Vec<[f64; 8]> = (0..40)
        .map(|i| [(i * 7 % 10) as f64 / 10.0, (i * 3 % 10) as f64 / 10.0, 0.3, 0.6, 0.2, 0.5, 0.7, 0.1])
        .collect();
    let p = pool(&rows);
    let a = Formation::new(6).seed(3).form(&p).unwrap();
    let b = Formation::new(6).seed(3).form(&p).unwrap();
    assert_eq!(a, b);
}
