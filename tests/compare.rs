//! Comparing rosters and series of them (issue 17).

use proptest::prelude::*;
use rolebalance::{
    Analyzer, ChangeKind, Comparison, ErrorKind, Framework, HtmlReport, Member, ReaderBuilder, Rollups, Roster, Series,
    Snapshot, Status, TeamScores,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/");

fn data(name: &str) -> String {
    format!("{DATA}{name}")
}

fn well_formed(page: &str) {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(page, opts).unwrap_or_else(|e| panic!("not well-formed: {e}"));
}

fn close(a: &TeamScores, b: &TeamScores) -> bool {
    a.members() == b.members()
        && (a.total_weight() - b.total_weight()).abs() <= 1e-9
        && (a.direction() - b.direction()).abs() <= 1e-9
        && (a.control() - b.control()).abs() <= 1e-9
        && (a.health() - b.health()).abs() <= 1e-9
        && (a.balance() - b.balance()).abs() <= 1e-9
        && a.flags() == b.flags()
}

#[test]
fn comparison_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Snapshot>();
    check::<Comparison>();
    check::<Series>();
    check::<rolebalance::TeamChange>();
    check::<rolebalance::MemberChange>();
}

#[test]
fn the_shipped_reorganisation() {
    let analyzer = Analyzer::new();
    let (before, _) = ReaderBuilder::new().snapshot_path(data("roster.csv"), &analyzer).unwrap();
    let (after, _) = ReaderBuilder::new().snapshot_path(data("roster_after.csv"), &analyzer).unwrap();
    let cmp = Comparison::new(&before, &after).unwrap();
    assert!(cmp.teams().iter().all(|t| t.status() == Status::Kept));
    let discovery = cmp.team("Northwind/Product/Discovery").unwrap();
    assert!(discovery.resolved().iter().any(|f| f == "no_control"));
    let support = cmp.team("Northwind/Operations/Support").unwrap();
    assert!(support.introduced().iter().any(|f| f == "no_control"));
    // Support changed by one move only: that move is its exact cause.
    let [cause] = support.causes() else { panic!("{:?}", support.causes()) };
    assert!(cause.is_exact());
    assert_eq!(cause.change().id(), "e026");
    assert_eq!(
        support.explain(cause),
        "Northwind/Operations/Support lost control (0.83 to 0.44) when e026 moved to Northwind/Operations/Finance"
    );
    assert!(close(cause.without().unwrap(), support.before().unwrap()));
    // Discovery changed by two moves: neither alone explains it.
    assert_eq!(discovery.causes().len(), 2);
    assert!(discovery.causes().iter().all(|c| !c.is_exact()));
    let kinds: Vec<&str> = cmp.people().iter().map(|p| p.kind().as_str()).collect();
    assert_eq!(kinds, ["moved", "moved", "moved", "reweighted", "left", "joined"]);
    // The csv table: one row per team, sorted.
    let mut out = Vec::new();
    cmp.write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 9);
    assert!(rows[0].starts_with("team,status,members_before,members_after,direction_before"));
    let support_row = rows.iter().find(|r| r.starts_with("Northwind/Operations/Support,")).unwrap();
    assert!(support_row.starts_with("Northwind/Operations/Support,kept,5,4,"), "{support_row}");
    assert!(support_row.contains(",no_control;uncovered_pole:organize;"), "{support_row}");
    // Text: changed teams first, then the moves that explain them.
    let mut out = Vec::new();
    cmp.write_text(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let (teams_at, why_at) =
        (text.find("Teams whose findings changed").unwrap(), text.find("What explains them").unwrap());
    assert!(teams_at < why_at);
    // JSON parses and holds the same figures.
    let mut out = Vec::new();
    cmp.write_json(&mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let teams = doc["teams"].as_array().unwrap();
    assert_eq!(teams.len(), 8);
    assert_eq!(doc["people"].as_array().unwrap().len(), 6);
    // HTML: the map and arrows.
    let page = HtmlReport::new().render_comparison(&cmp);
    assert!(page.contains("<h2>What changed</h2>"));
    assert_eq!(page.matches("marker-end=").count(), 5);
    well_formed(&page);
}

#[test]
fn rollups_are_compared_and_a_move_inside_one_leaves_it() {
    let analyzer = Analyzer::new().rollups(Rollups::Include);
    let (before, _) = ReaderBuilder::new().snapshot_path(data("roster.csv"), &analyzer).unwrap();
    let (after, _) = ReaderBuilder::new().snapshot_path(data("roster_after.csv"), &analyzer).unwrap();
    let cmp = Comparison::new(&before, &after).unwrap();
    let ops = cmp.team("Northwind/Operations/*").unwrap();
    // e026 moved inside Operations, with the same values: not a cause there.
    assert!(ops.causes().iter().all(|c| c.change().id() != "e026"), "{:?}", ops.causes());
    let all = cmp.team("Northwind/*").unwrap();
    assert!(all.causes().iter().any(|c| c.change().id() == "e041"));
    for c in all.causes() {
        assert!(c.without().is_some());
    }
}

#[test]
fn the_shipped_series() {
    let analyzer = Analyzer::new();
    let snaps: Vec<Snapshot> = (1..=4)
        .map(|q| ReaderBuilder::new().snapshot_path(data(&format!("roster_2026q{q}.csv")), &analyzer).unwrap().0)
        .collect();
    let series = Series::new(snaps).unwrap();
    assert_eq!(series.len(), 4);
    let discovery = series.trend("Northwind/Product/Discovery").unwrap();
    assert_eq!(discovery.points().len(), 4);
    assert!(discovery.control()[0].unwrap() < 0.5 && discovery.control()[1].unwrap() > 0.8);
    let span = series
        .findings()
        .iter()
        .find(|f| f.team() == "Northwind/Product/Discovery" && f.flag() == "no_control")
        .unwrap();
    assert_eq!((span.first(), span.last(), span.count()), (0, 0, 1));
    let support = series
        .findings()
        .iter()
        .find(|f| f.team() == "Northwind/Operations/Support" && f.flag() == "no_control")
        .unwrap();
    assert_eq!((span.first(), support.first(), support.last()), (0, 3, 3));
    let mut out = Vec::new();
    series.write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("team,snapshot,members,direction,control,health,flags\n"));
    // 8 teams in each of 4 quarters.
    assert_eq!(text.lines().count(), 1 + 32);
    let page = HtmlReport::new().render_series(&series);
    assert_eq!(page.matches("<title>Trend of ").count(), 8);
    well_formed(&page);
}

#[test]
fn reader_errors_name_the_file_and_frameworks_must_match() {
    let dir = std::env::temp_dir().join(format!("rolebalance-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "id,team,purpose,horizon,focus,risk\na,T,0.5,2,0,0\n").unwrap();
    let err = ReaderBuilder::new().snapshot_path(&bad, &Analyzer::new()).unwrap_err();
    assert!(err.to_string().starts_with(&format!("{}: line 2, column `horizon`", bad.display())), "{err}");
    assert_eq!((err.line(), err.column(), err.value()), (Some(2), Some("horizon"), Some("2")));
    let missing = ReaderBuilder::new().snapshot_path(dir.join("missing.csv"), &Analyzer::new()).unwrap_err();
    assert!(missing.to_string().contains("missing.csv"), "{missing}");
    assert_eq!(err.path(), Some(bad.as_path()));

    let small = dir.join("small.csv");
    std::fs::write(&small, "id,team,vision,execution\na,T,0.5,0.5\n").unwrap();
    let fw = Framework::builder().dimension("horizon", "vision", "execution").build().unwrap();
    let (other, _) = ReaderBuilder::new().framework(fw).snapshot_path(&small, &Analyzer::new()).unwrap();
    let (sample, _) = ReaderBuilder::new().snapshot_path(data("roster.csv"), &Analyzer::new()).unwrap();
    let err = Comparison::new(&sample, &other).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::FrameworkMismatch { .. }));
    assert!(err.to_string().contains("small.csv"), "{err}");
    let err = Series::new(vec![sample.clone(), sample.clone(), other]).unwrap_err();
    assert!(err.to_string().starts_with("snapshot 3 "), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reports_compare_without_people() {
    let (roster, _) = ReaderBuilder::new().read_roster_path(data("roster.csv")).unwrap();
    let (after, _) = ReaderBuilder::new().read_roster_path(data("roster_after.csv")).unwrap();
    let analyzer = Analyzer::new();
    let by_report =
        Comparison::of_reports(&analyzer.analyze(&roster).unwrap(), &analyzer.analyze(&after).unwrap()).unwrap();
    let by_roster = analyzer.compare(&roster, &after).unwrap();
    assert!(!by_report.has_people() && by_report.people().is_empty());
    for (a, b) in by_report.teams().iter().zip(by_roster.teams()) {
        assert_eq!(
            (a.team(), a.status(), a.resolved(), a.introduced()),
            (b.team(), b.status(), b.resolved(), b.introduced())
        );
        assert!(a.causes().is_empty());
    }
}

const TEAMS: [&str; 4] = ["A/X", "A/Y", "B", "A/X/Z"];

fn member() -> impl Strategy<Value = (usize, usize, f64, Vec<f64>)> {
    (
        0usize..12,
        0usize..TEAMS.len(),
        prop_oneof![Just(1.0), Just(0.5), Just(0.0), 0.0..=1.0f64],
        proptest::collection::vec(prop_oneof![Just(0.5), 0.0..=1.0f64], 8),
    )
}

fn roster_of(rows: &[(usize, usize, f64, Vec<f64>)]) -> Roster {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter(|(id, team, _, _)| seen.insert((*id, *team)))
        .map(|(id, team, w, s)| {
            Member::new(format!("p{id}"), TEAMS[*team], s.clone()).unwrap().with_weight(*w).unwrap()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_roster_compared_with_itself_is_all_kept(rows in proptest::collection::vec(member(), 0..30), rollup in any::<bool>()) {
        let roster = roster_of(&rows);
        let analyzer = Analyzer::new().rollups(if rollup { Rollups::Include } else { Rollups::Exclude });
        let cmp = analyzer.compare(&roster, &roster).unwrap();
        prop_assert!(cmp.people().is_empty());
        for t in cmp.teams() {
            prop_assert_eq!(t.status(), Status::Kept);
            prop_assert!(t.resolved().is_empty() && t.introduced().is_empty());
            prop_assert!(!t.is_changed() && t.causes().is_empty());
        }
        let report = analyzer.analyze(&roster).unwrap();
        prop_assert_eq!(cmp.teams().len(), report.len());
    }

    #[test]
    fn undoing_the_one_change_of_a_team_restores_its_scores(
        rows in proptest::collection::vec(member(), 1..30),
        changes in proptest::collection::vec((0usize..30, 0usize..5, 0.0..=1.0f64), 1..4),
        rollup in any::<bool>(),
    ) {
        let before = roster_of(&rows);
        // Apply the changes to the rows: a move, a weight, a departure, strengths, or a hire.
        let mut next: Vec<Member> = before.iter().map(|m| m.to_member()).collect();
        for (k, (at, what, x)) in changes.iter().enumerate() {
            let n = next.len();
            if n == 0 { break; }
            let i = at % n;
            let m = next[i].clone();
            match what {
                0 => {
                    let team = TEAMS[(TEAMS.iter().position(|t| *t == m.team()).unwrap() + 1) % TEAMS.len()];
                    if !next.iter().any(|o| o.id() == m.id() && o.team() == team) {
                        next[i] = Member::new(m.id(), team, m.strengths().to_vec()).unwrap().with_weight(m.weight()).unwrap();
                    }
                }
                1 => next[i] = m.with_weight(*x).unwrap(),
                2 => { next.remove(i); }
                3 => next[i] = Member::new(m.id(), m.team(), vec![*x; 8]).unwrap().with_weight(m.weight()).unwrap(),
                _ => next.push(Member::new(format!("new{k}"), m.team(), vec![*x; 8]).unwrap()),
            }
        }
        let after: Roster = next.into_iter().collect();
        let analyzer = Analyzer::new().rollups(if rollup { Rollups::Include } else { Rollups::Exclude });
        let cmp = analyzer.compare(&before, &after).unwrap();
        for t in cmp.teams() {
            if t.status() != Status::Kept { continue; }
            if let [cause] = t.causes() {
                let without = cause.without().unwrap();
                prop_assert!(close(without, t.before().unwrap()), "{}: {:?} vs {:?}", t.team(), without, t.before());
                prop_assert!(cause.is_exact());
            }
            for c in t.causes() {
                // The scores with the change undone, from scratch: the later
                // roster without the change's later row, with its earlier one.
                let k = c.change().kind();
                let id = c.change().id();
                let mut undone: Vec<Member> = after
                    .iter()
                    .filter(|m| !(m.id() == id && Some(m.team()) == k.after_team()))
                    .map(|m| m.to_member())
                    .collect();
                if let Some(team) = k.before_team() {
                    undone.push(before.iter().find(|m| m.id() == id && m.team() == team).unwrap().to_member());
                }
                let undone: Roster = undone.into_iter().collect();
                let report = analyzer.analyze(&undone).unwrap();
                let expected = Snapshot::of_report(&report);
                let without = c.without().unwrap();
                let Some(expected) = expected.team(t.team()) else {
                    // Undone, the change leaves the team empty.
                    prop_assert_eq!(without.members(), 0);
                    prop_assert!(!c.is_exact());
                    continue;
                };
                prop_assert!(close(without, expected), "{}: {:?} vs {:?}", t.team(), without, expected);
                prop_assert_eq!(c.is_exact(), close(expected, t.before().unwrap()));
                // Every cause touched the team.
                let k = c.change().kind();
                let touches = |team: Option<&str>| team.is_some_and(|x| x == t.team() || t.team().strip_suffix("/*").is_some_and(|p| x.starts_with(&format!("{p}/"))));
                prop_assert!(touches(k.before_team()) || touches(k.after_team()));
            }
            if !t.is_changed() {
                prop_assert!(t.resolved().is_empty() && t.introduced().is_empty());
            }
        }
        // Streaming and in-memory snapshots give the same comparison.
        let csv = |r: &Roster| { let mut v = Vec::new(); r.write_csv(&mut v).unwrap(); v };
        for threads in [1, 2] {
            let reader = ReaderBuilder::new().threads(threads);
            let (b, _) = reader.snapshot(csv(&before).as_slice(), &analyzer).unwrap();
            let (a, _) = reader.snapshot(csv(&after).as_slice(), &analyzer).unwrap();
            let streamed = Comparison::new(&b, &a).unwrap();
            prop_assert_eq!(streamed.teams().len(), cmp.teams().len());
            prop_assert_eq!(streamed.people(), cmp.people());
            for (x, y) in streamed.teams().iter().zip(cmp.teams()) {
                prop_assert_eq!(x.resolved(), y.resolved());
                prop_assert_eq!(x.introduced(), y.introduced());
                prop_assert_eq!(x.causes().len(), y.causes().len());
                for (p, q) in x.causes().iter().zip(y.causes()) {
                    prop_assert_eq!(p.is_exact(), q.is_exact());
                }
            }
        }
    }
}

#[test]
fn a_new_and_a_gone_team_name_their_cause() {
    let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    let a: Roster = [Member::new("ana", "Lab", l).unwrap()].into_iter().collect();
    let b: Roster = [Member::new("ana", "Ops", l).unwrap()].into_iter().collect();
    let cmp = Analyzer::new().compare(&a, &b).unwrap();
    let lab = cmp.team("Lab").unwrap();
    assert_eq!(lab.status(), Status::Gone);
    assert!(lab.causes()[0].is_exact() && lab.causes()[0].without().is_none());
    assert_eq!(lab.explain(&lab.causes()[0]), "Lab is gone: ana moved to Ops");
    assert!(matches!(cmp.people()[0].kind(), ChangeKind::Moved { from, to, .. } if from == "Lab" && to == "Ops"));
}
