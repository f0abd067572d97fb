//! Constraints under both objectives, against an exhaustive enumeration:
//! "infeasible" only when no partition exists, and every partition returned
//! keeps every constraint and size bound.

use proptest::prelude::*;
use rolebalance::{Constraints, DistanceMatrix, Distances, ErrorKind, Formation, Member, Objective, Roster, TeamSizes};

fn pool(n: usize) -> Roster {
    (0..n)
        .map(|i| {
            let x = ((i * 37 + 11) % 100) as f64 / 100.0;
            Member::unassigned(format!("p{i}"), [x, 1.0 - x, (x * 3.0) % 1.0, 0.5, 0.2, x, 0.9 - x * 0.5, 0.3]).unwrap()
        })
        .collect()
}

/// Whether some assignment of `n` people to the teams keeps the bounds,
/// the pairs and the pins.
fn brute_force(
    n: usize,
    bounds: &[(usize, usize)],
    together: &[(usize, usize)],
    apart: &[(usize, usize)],
    pins: &[(usize, usize)],
) -> bool {
    let k = bounds.len();
    let mut team = vec![0usize; n];
    loop {
        let mut size = vec![0; k];
        for &t in &team {
            size[t] += 1;
        }
        let ok = size.iter().zip(bounds).all(|(&s, &(lo, hi))| lo <= s && s <= hi)
            && together.iter().all(|&(a, b)| team[a] == team[b])
            && apart.iter().all(|&(a, b)| team[a] != team[b])
            && pins.iter().all(|&(a, t)| team[a] == t);
        if ok {
            return true;
        }
        // Next assignment in base k.
        let mut i = 0;
        loop {
            if i == n {
                return false;
            }
            team[i] += 1;
            if team[i] < k {
                break;
            }
            team[i] = 0;
            i += 1;
        }
    }
}

fn objective(diverse: bool) -> Objective {
    if diverse {
        Objective::Diversity(Distances::euclidean())
    } else {
        Objective::Health
    }
}

type Pairs = Vec<(usize, usize)>;

/// The together pairs, apart pairs and pins a conflict message names
/// (`None` for a message of another form or one that leaves some out).
fn parse_conflict(msg: &str) -> Option<(Pairs, Pairs, Pairs)> {
    let body = msg.strip_prefix("infeasible constraints: no ")?;
    let (_, list) = body.split_once(" can have ")?;
    if list.ends_with(" more") {
        return None;
    }
    let person =
        |s: &str| s.trim().trim_start_matches("and ").trim_matches('`').strip_prefix('p')?.parse::<usize>().ok();
    let (mut t, mut a, mut p) = (Vec::new(), Vec::new(), Vec::new());
    for item in list.split("; ") {
        let item = item.strip_prefix("and ").unwrap_or(item);
        if let Some(pair) = item.strip_suffix(" together").or_else(|| item.strip_suffix(" apart")) {
            let (x, y) = pair.split_once(" and ")?;
            let target = if item.ends_with("together") { &mut t } else { &mut a };
            target.push((person(x)?, person(y)?));
        } else {
            let (x, team) = item.split_once(" in Team ")?;
            p.push((person(x)?, team.parse::<usize>().ok()? - 1));
        }
    }
    Some((t, a, p))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn infeasible_means_infeasible(
        n in 2usize..9,
        k in 1usize..4,
        ranged in any::<bool>(),
        diverse in any::<bool>(),
        together in proptest::collection::vec((0usize..9, 0usize..9), 0..4),
        apart in proptest::collection::vec((0usize..9, 0usize..9), 0..7),
        pins in proptest::collection::vec((0usize..9, 0usize..3), 0..3),
        seed in 0u64..100,
    ) {
        let k = k.min(n);
        let sizes = if ranged { TeamSizes::between(1, n.div_ceil(k) + 1) } else { TeamSizes::even() };
        let Ok(bounds) = sizes.bounds(n, k) else { return Ok(()) };
        let together: Vec<(usize, usize)> = together.iter().map(|&(a, b)| (a % n, b % n)).collect();
        let apart: Vec<(usize, usize)> = apart.iter().map(|&(a, b)| (a % n, b % n)).collect();
        let pins: Vec<(usize, usize)> = pins.iter().map(|&(a, t)| (a % n, t % k)).collect();
        let mut c = Constraints::new();
        for &(a, b) in &together {
            c = c.together(format!("p{a}"), format!("p{b}"));
        }
        for &(a, b) in &apart {
            c = c.apart(format!("p{a}"), format!("p{b}"));
        }
        for &(a, t) in &pins {
            c = c.pin(format!("p{a}"), Formation::team_name(t));
        }
        let p = pool(n);
        let f = Formation::new(k).sizes(sizes).objective(objective(diverse)).seed(seed).move_budget(20_000).constraints(c);
        let exists = brute_force(n, &bounds, &together, &apart, &pins);
        match f.form(&p) {
            Ok(a) => {
                prop_assert!(exists, "a partition was returned where none exists");
                let team = |i: usize| a.team_of(i).unwrap();
                for (t, &(lo, hi)) in bounds.iter().enumerate() {
                    let s = a.members_of(t).len();
                    prop_assert!(lo <= s && s <= hi, "team {} has {} members, bounds {} to {}", t, s, lo, hi);
                }
                for &(x, y) in &together {
                    prop_assert_eq!(team(x), team(y));
                }
                for &(x, y) in &apart {
                    prop_assert_ne!(team(x), team(y));
                }
                for &(x, t) in &pins {
                    prop_assert_eq!(team(x), t);
                }
            }
            Err(e) => {
                prop_assert!(matches!(e.kind(), ErrorKind::Infeasible { .. }), "{}", e);
                prop_assert!(!exists, "reported infeasible, but a partition exists: {}", e);
                // A conflict found by search names a set that is infeasible
                // and needs every constraint it names.
                let msg = e.to_string();
                if let Some((t, a, p)) = parse_conflict(&msg) {
                    prop_assert!(!brute_force(n, &bounds, &t, &a, &p), "the named set is feasible: {}", msg);
                    let total = t.len() + a.len() + p.len();
                    for drop in 0..total {
                        let keep = |i: usize| i != drop;
                        let t2: Vec<_> = t.iter().enumerate().filter(|(i, _)| keep(*i)).map(|(_, &c)| c).collect();
                        let a2: Vec<_> =
                            a.iter().enumerate().filter(|(i, _)| keep(t.len() + *i)).map(|(_, &c)| c).collect();
                        let p2: Vec<_> = p
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| keep(t.len() + a.len() + *i))
                            .map(|(_, &c)| c)
                            .collect();
                        prop_assert!(brute_force(n, &bounds, &t2, &a2, &p2), "not minimal: {}", msg);
                    }
                }
            }
        }
    }
}

fn named(c: Constraints, k: usize, n: usize) -> Result<rolebalance::Assignment, String> {
    Formation::new(k).constraints(c).form(&pool(n)).map_err(|e| e.to_string())
}

/// Issue 15, item 7: solvable constraints the greedy construction used to
/// report infeasible.
#[test]
fn an_apart_cycle_of_six_splits_into_two_teams_of_three() {
    let mut c = Constraints::new();
    for i in 0..6 {
        c = c.apart(format!("p{i}"), format!("p{}", (i + 1) % 6));
    }
    let a = named(c.clone(), 2, 6).unwrap();
    for i in 0..6 {
        assert_ne!(a.team_of(i), a.team_of((i + 1) % 6));
    }
    // And under the diversity objective.
    let d = Formation::new(2).objective(objective(true)).constraints(c).form(&pool(6)).unwrap();
    for i in 0..6 {
        assert_ne!(d.team_of(i), d.team_of((i + 1) % 6));
    }
}

#[test]
fn together_groups_are_packed() {
    // Groups of 3, 3, 2, 2 and 2 into two teams of six.
    let groups: [&[usize]; 5] = [&[0, 1, 2], &[3, 4, 5], &[6, 7], &[8, 9], &[10, 11]];
    let mut c = Constraints::new();
    for g in groups {
        for w in g.windows(2) {
            c = c.together(format!("p{}", w[0]), format!("p{}", w[1]));
        }
    }
    let a = named(c, 2, 12).unwrap();
    for g in groups {
        assert!(g.iter().all(|&i| a.team_of(i) == a.team_of(g[0])));
    }
    assert_eq!(a.members_of(0).len(), 6);
}

#[test]
fn the_message_names_the_real_conflict() {
    // Groups of 4, 4 and 4 cannot go into two teams of 6, nor can 4, 4 and
    // 3, so the last pair is not part of the conflict; no apart pair is
    // involved, and none is named.
    let mut c = Constraints::new();
    for g in 0..3 {
        for i in 0..3 {
            c = c.together(format!("p{}", 4 * g + i), format!("p{}", 4 * g + i + 1));
        }
    }
    let msg = named(c, 2, 12).unwrap_err();
    assert_eq!(
        msg,
        "infeasible constraints: no 2 teams of 6 people can have `p0` and `p1` together; \
         `p1` and `p2` together; `p2` and `p3` together; `p4` and `p5` together; `p5` and `p6` together; \
         `p6` and `p7` together; `p8` and `p9` together; and `p9` and `p10` together"
    );
    assert!(!msg.contains("apart"));
    let (t, a, p) = parse_conflict(&msg).unwrap();
    assert_eq!(t, [(0, 1), (1, 2), (2, 3), (4, 5), (5, 6), (6, 7), (8, 9), (9, 10)]);
    assert!(a.is_empty() && p.is_empty());
    let pinned = "infeasible constraints: no 2 teams of 3 people can have `p0` and `p1` apart; and `p0` in Team 2";
    assert_eq!(parse_conflict(pinned), Some((vec![], vec![(0, 1)], vec![(0, 1)])));
    // An odd apart cycle among unrelated people: only the cycle is named.
    let c = Constraints::new().apart("p0", "p1").apart("p1", "p2").apart("p2", "p0").together("p4", "p5");
    assert_eq!(
        named(c, 2, 6).unwrap_err(),
        "infeasible constraints: no 2 teams of 3 people can have `p0` and `p1` apart; `p1` and `p2` apart; \
         and `p2` and `p0` apart"
    );
    // A pinned group and another pin: more people pinned to a team than it
    // holds (found without a search).
    let c = Constraints::new().together("p0", "p1").together("p1", "p2").pin("p0", "Team 1").pin("p3", "Team 1");
    assert_eq!(
        named(c, 2, 6).unwrap_err(),
        "infeasible constraints: `p0`, `p1`, `p2` and `p3` are pinned to Team 1, but Team 1 holds at most 3"
    );
}

#[test]
fn beyond_the_step_limit_it_says_not_proven() {
    // Ten people pairwise apart in nine teams: infeasible (pigeonhole). With
    // teams that all differ, none is interchangeable with another, and the
    // search needs more than 50 steps to prove it.
    let mut c = Constraints::new();
    for a in 0..10 {
        for b in a + 1..10 {
            c = c.apart(format!("p{a}"), format!("p{b}"));
        }
    }
    let sizes = TeamSizes::per_team((0..9).map(|t| (0, 3 + t)));
    let f = Formation::new(9).sizes(sizes.clone()).constraints(c.clone()).feasibility_limit(50);
    let e = f.form(&pool(18)).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::FeasibilityUnknown { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "constraints not proven feasible: the exact check placed 50 units without deciding whether 9 teams \
         within their size bounds can meet them (raise Formation::feasibility_limit, or relax the constraints)"
    );
    // With the default limit it is decided, and all 45 pairs are needed.
    let e = Formation::new(9).sizes(sizes).constraints(c).form(&pool(18)).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Infeasible { .. }), "{e}");
    assert!(e.to_string().ends_with("`p1` and `p4` apart; and 33 more"), "{e}");
}

#[test]
fn constraints_name_elements_of_a_matrix_by_index() {
    let m = DistanceMatrix::from_fn(6, |i, j| (i + j) as f64).unwrap();
    let c = Constraints::new().together("0", "5").apart("1", "2").pin("3", "Team 2");
    let a = Formation::new(2).constraints(c).move_budget(50_000).form_distances(&m).unwrap();
    assert_eq!(a.team_of(0), a.team_of(5));
    assert_ne!(a.team_of(1), a.team_of(2));
    assert_eq!(a.team_of(3), Some(1));
    let e = Formation::new(2).constraints(Constraints::new().apart("1", "9")).form_distances(&m).unwrap_err();
    assert_eq!(e.to_string(), "apart constraint names unknown member `9`");
}

/// Issue 15, item 7, the class: a conflict among a few people is found
/// however many unrelated constraints the search would otherwise try
/// first, and only its constraints are named.
#[test]
fn unrelated_constraints_do_not_hide_a_conflict() {
    let mut c = Constraints::new().apart("p0", "p1").apart("p1", "p2").apart("p2", "p0");
    for j in 0..30 {
        c = c.together(format!("p{}", 10 + 2 * j), format!("p{}", 11 + 2 * j));
    }
    // 2^30 placements of the pairs would come before the triangle; a step
    // limit of 100 is enough.
    let e = Formation::new(2).constraints(c).feasibility_limit(100).form(&pool(100)).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Infeasible { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "infeasible constraints: no 2 teams of 50 people can have `p0` and `p1` apart; `p1` and `p2` apart; \
         and `p2` and `p0` apart"
    );
}

#[test]
fn one_person_apart_from_too_many() {
    // `p0`'s team of 100 needs 99 people `p0` need not avoid: apart from
    // 101 of the 199 others it is infeasible, and all 101 pairs are needed.
    let mut c = Constraints::new();
    for j in 1..=120 {
        c = c.apart("p0".to_string(), format!("p{j}"));
    }
    let e = Formation::new(2).constraints(c.clone()).form(&pool(200)).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Infeasible { .. }), "{e}");
    assert!(e.to_string().ends_with("apart; and 89 more"), "{e}");
    // Apart from 100, `p0`'s team is everyone else.
    let mut c = Constraints::new();
    for j in 1..=100 {
        c = c.apart("p0".to_string(), format!("p{j}"));
    }
    let a = Formation::new(2).constraints(c).form(&pool(200)).unwrap();
    let mates = a.members_of(a.team_of(0).unwrap());
    assert_eq!(mates, [0].into_iter().chain(101..200).collect::<Vec<_>>());
}

#[test]
fn many_groups_in_many_teams_under_both_objectives() {
    // 900 pairs and 60 apart pairs among 2,000 people in 200 teams of 10.
    let mut c = Constraints::new();
    for j in 0..900 {
        c = c.together(format!("p{}", 2 * j), format!("p{}", 2 * j + 1));
    }
    for j in 0..60 {
        c = c.apart(format!("p{}", 7 * j), format!("p{}", 7 * j + 3));
    }
    for diverse in [false, true] {
        let f = Formation::new(200).objective(objective(diverse)).constraints(c.clone()).move_budget(2_000_000);
        let a = f.form(&pool(2000)).unwrap();
        for j in 0..900 {
            assert_eq!(a.team_of(2 * j), a.team_of(2 * j + 1));
        }
        for j in 0..60 {
            assert_ne!(a.team_of(7 * j), a.team_of(7 * j + 3));
        }
        assert!((0..200).all(|t| a.members_of(t).len() == 10));
    }
}
