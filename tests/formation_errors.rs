//! Every error the formation's new options can give, word for word, and
//! the new public types are Send + Sync.

use rolebalance::{
    Assignment, DistanceMatrix, Distances, ErrorKind, Formation, MdgpInstance, MdgpKind, Member, Objective, Roster,
    StopReason, TeamSizes,
};

fn pool(n: usize) -> Roster {
    (0..n).map(|i| Member::unassigned(format!("p{i}"), [0.1 * (i % 10) as f64; 8]).unwrap()).collect()
}

#[test]
fn new_public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Formation>();
    check::<Objective>();
    check::<Distances>();
    check::<TeamSizes>();
    check::<Assignment>();
    check::<DistanceMatrix>();
    check::<MdgpInstance>();
    check::<MdgpKind>();
    check::<StopReason>();
}

#[test]
fn team_size_errors() {
    let err = |sizes: TeamSizes, n: usize, k: usize| Formation::new(k).sizes(sizes).form(&pool(n)).unwrap_err();
    let e = err(TeamSizes::between(2, 3), 10, 3);
    assert!(matches!(e.kind(), ErrorKind::TeamSizes { .. }));
    assert_eq!(e.to_string(), "invalid team sizes: 3 teams of 2 or 3 people hold 6 to 9 people, not 10");
    assert_eq!(
        err(TeamSizes::between(1, 5), 20, 3).to_string(),
        "invalid team sizes: 3 teams of 1 to 5 people hold 3 to 15 people, not 20"
    );
    assert_eq!(
        err(TeamSizes::per_team([(1, 2), (3, 4)]), 10, 2).to_string(),
        "invalid team sizes: 2 teams within their size bounds hold 4 to 6 people, not 10"
    );
    assert_eq!(
        err(TeamSizes::per_team([(1, 2), (3, 4)]), 5, 3).to_string(),
        "invalid team sizes: 2 pairs of bounds for 3 teams"
    );
    assert_eq!(
        err(TeamSizes::per_team([(1, 9), (4, 3)]), 5, 2).to_string(),
        "invalid team sizes: Team 2 has bounds 4 to 3: the lower exceeds the upper"
    );
    // No team, or (even sizes) more teams than people.
    assert_eq!(err(TeamSizes::even(), 3, 0).to_string(), "cannot form 0 teams from 3 people: expected 1 to 3 teams");
    assert_eq!(err(TeamSizes::even(), 3, 4).to_string(), "cannot form 4 teams from 3 people: expected 1 to 3 teams");
    // Bounds may allow more teams than people (empty teams).
    let a = Formation::new(4).sizes(TeamSizes::between(0, 2)).form(&pool(3)).unwrap();
    assert_eq!((0..4).map(|t| a.members_of(t).len()).sum::<usize>(), 3);
}

#[test]
fn distance_errors() {
    let m = DistanceMatrix::from_fn(3, |_, _| 1.0).unwrap();
    let e = Formation::new(2).objective(Objective::Diversity(Distances::matrix(m))).form(&pool(4)).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Distances { .. }));
    assert_eq!(e.to_string(), "distances: the matrix has 3 elements, the pool 4 people");
    let nan = Distances::metric(|a, b| if a[0] == b[0] { 0.0 } else { f64::NAN });
    let e = Formation::new(2).objective(Objective::Diversity(nan)).form(&pool(4)).unwrap_err();
    assert_eq!(e.to_string(), "distances: the distance between 0 and 1 is NaN: distances must be finite numbers");
    let inf = Distances::metric(|_, _| f64::INFINITY);
    let e = Formation::new(2).objective(Objective::Diversity(inf)).form(&pool(4)).unwrap_err();
    assert_eq!(e.to_string(), "distances: the distance between 0 and 1 is inf: distances must be finite numbers");
    let e = DistanceMatrix::from_fn(9000, |_, _| 1.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "distances: 9000 elements are too many: a distance matrix holds at most 8192 (it keeps all n² distances)"
    );
}

#[test]
fn diversity_keeps_the_pool_healths() {
    let p = pool(12);
    let a = Formation::new(3).objective(Objective::Diversity(Distances::euclidean())).form(&p).unwrap();
    assert!(a.diversity().unwrap() > 0.0);
    assert_eq!(a.healths().len(), 3);
    let report = rolebalance::Analyzer::new().analyze(&a.roster(&p)).unwrap();
    assert_eq!(rolebalance::OrgScore::of(report.teams()), a.score());
}
