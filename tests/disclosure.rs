//! The organisation audience (issue 16): from any `org` output, no
//! suppressed group's totals and no member's strengths can be recovered by
//! the arithmetic the crate docs describe (sums and differences of shown
//! groups, the roster's headcount, the strongest or weakest coverage), and
//! no member is named; the `--audience` and `--min-group` flags of the
//! examples.
//!
//! The oracle here is independent of the crate's suppression code: it
//! builds each group's set of teams from the names alone and decides what
//! subtraction can reach by Gaussian elimination over those sets.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::SplitMix;
use proptest::prelude::*;
use rolebalance::{Analyzer, Coverage, Disclosure, HtmlReport, Level, Member, Report, Rollups, Roster};

/// Team paths the generated rosters pick from: three levels, rollups with
/// one child, with several, and teams that are also prefixes of others.
const PATHS: [&str; 14] =
    ["A", "A/x", "A/y", "A/x/p", "A/x/q", "A/y/r", "A/x/p/1", "B", "B/s", "B/s/t", "B/s/t/u", "C/u/v", "C/w", "D"];

/// A roster of `teams` (path index, size) with strengths and weights from
/// `seed`; ids and names are distinctive strings to look for in outputs.
fn roster(teams: &[(usize, usize)], seed: u64) -> Roster {
    let mut rng = SplitMix(seed);
    let mut members = Vec::new();
    let mut seen = BTreeSet::new();
    for &(path, size) in teams {
        if !seen.insert(path) {
            continue;
        }
        for i in 0..size {
            let s: Vec<f64> = (0..8).map(|_| (rng.unit() * 100.0).round() / 100.0).collect();
            let weight = match rng.below(8) {
                0 => 0.0,
                1 => 0.5,
                _ => 1.0,
            };
            let id = format!("zq{path}i{i}k");
            let m = Member::new(id.clone(), PATHS[path], s).unwrap().with_weight(weight).unwrap();
            members.push(m.with_name(format!("Name{id}")));
        }
    }
    members.into_iter().collect()
}

/// Each group's teams (indexes into `atoms`), from the names alone: a team
/// is itself, a rollup `P/*` every team whose path starts with `P/`.
fn sets(report: &Report) -> (Vec<&str>, Vec<Vec<bool>>) {
    let atoms: Vec<&str> = report.iter().filter(|t| t.level() == Level::Team).map(|t| t.team()).collect();
    let sets = report
        .iter()
        .map(|t| match t.level() {
            Level::Team => atoms.iter().map(|a| *a == t.team()).collect(),
            _ => {
                let prefix = t.team().strip_suffix('*').unwrap();
                atoms.iter().map(|a| a.starts_with(prefix)).collect()
            }
        })
        .collect();
    (atoms, sets)
}

/// The span of 0/1 vectors, reduced (Gaussian elimination over f64; the
/// entries are small integers and the vectors short, so exact enough).
struct Span {
    rows: Vec<(usize, Vec<f64>)>,
}

impl Span {
    fn new(vectors: &[Vec<bool>]) -> Span {
        let mut span = Span { rows: Vec::new() };
        for v in vectors {
            let r = span.reduce(v);
            if let Some(p) = r.iter().position(|x| x.abs() > 1e-9) {
                let pivot = r[p];
                let r: Vec<f64> = r.iter().map(|x| x / pivot).collect();
                for (_, row) in &mut span.rows {
                    let f = row[p];
                    if f.abs() > 1e-12 {
                        for (a, b) in row.iter_mut().zip(&r) {
                            *a -= f * b;
                        }
                    }
                }
                span.rows.push((p, r));
            }
        }
        span
    }

    fn reduce(&self, v: &[bool]) -> Vec<f64> {
        let mut r: Vec<f64> = v.iter().map(|&b| f64::from(u8::from(b))).collect();
        for (p, row) in &self.rows {
            let f = r[*p];
            if f.abs() > 1e-12 {
                for (a, b) in r.iter_mut().zip(row) {
                    *a -= f * b;
                }
            }
        }
        r
    }

    fn contains(&self, v: &[bool]) -> bool {
        self.reduce(v).iter().all(|x| x.abs() < 1e-9)
    }
}

/// Checks every guarantee of the organisation view of `report` with
/// `min_group` `k`; `roster` for the ids and names that must not appear.
fn check(roster: &Roster, report: &Report, k: u64) {
    let org = Disclosure::new().min_group(k).unwrap().apply(report);
    let groups = org.groups();
    assert_eq!(groups.len(), report.len());
    let (atoms, sets) = sets(report);
    let active: Vec<u64> = atoms.iter().map(|a| report.team(a).unwrap().active_members()).collect();
    let rows: Vec<u64> = atoms.iter().map(|a| report.team(a).unwrap().members()).collect();
    let all = vec![true; atoms.len()];
    // Primary suppression, and shown numbers are the report's.
    for (g, t) in groups.iter().zip(report.iter()) {
        assert_eq!(g.team(), t.team());
        if t.active_members() < k {
            assert!(g.is_suppressed(), "{} has {} active members", t.team(), t.active_members());
        }
        if g.is_suppressed() {
            assert!(
                g.members().is_none() && g.direction().is_none() && g.poles().is_empty() && g.findings().is_empty()
            );
        } else {
            assert_eq!(g.members(), Some(t.members()));
            assert_eq!(g.direction().map(f64::to_bits), Some(t.direction().to_bits()));
            assert_eq!(g.flags(), t.flags(), "{}", t.team());
        }
    }
    // What sums and differences of the shown groups and the headcount reach.
    let mut known: Vec<Vec<bool>> =
        groups.iter().zip(&sets).filter(|(g, _)| !g.is_suppressed()).map(|(_, s)| s.clone()).collect();
    known.push(all.clone());
    let span = Span::new(&known);
    for (g, s) in groups.iter().zip(&sets) {
        if g.is_suppressed() && *s != all {
            assert!(!span.contains(s), "suppressed {} can be worked out", g.team());
        }
    }
    let m = atoms.len();
    for mask in 1u32..(1 << m) {
        let x: Vec<bool> = (0..m).map(|i| mask >> i & 1 == 1).collect();
        if x == all || !span.contains(&x) {
            continue;
        }
        let a: u64 = (0..m).filter(|&i| x[i]).map(|i| active[i]).sum();
        let r: u64 = (0..m).filter(|&i| x[i]).map(|i| rows[i]).sum();
        assert!(
            r == 0 || a >= k,
            "teams {:?} ({a} active) can be worked out",
            (0..m).filter(|&i| x[i]).map(|i| atoms[i]).collect::<Vec<_>>()
        );
    }
    // The strongest (or weakest) coverage of a shown group that no shown
    // group inside it reaches sits in the rest: never one suppressed group,
    // never fewer than k members.
    for (gi, (g, s)) in groups.iter().zip(&sets).enumerate() {
        if g.is_suppressed() {
            continue;
        }
        let inner: Vec<usize> = (0..groups.len())
            .filter(|&j| j != gi && !groups[j].is_suppressed() && (0..m).all(|i| !sets[j][i] || s[i]))
            .collect();
        let rest: Vec<bool> = (0..m).map(|i| s[i] && !inner.iter().any(|&j| sets[j][i])).collect();
        if !rest.iter().any(|&b| b) {
            continue;
        }
        for (p, pole) in g.poles().iter().enumerate() {
            let outdone = match pole.model() {
                Coverage::Strongest => inner.iter().all(|&j| groups[j].poles()[p].coverage() < pole.coverage()),
                Coverage::Weakest => inner.iter().all(|&j| groups[j].poles()[p].coverage() > pole.coverage()),
                _ => false,
            };
            if outdone {
                let a: u64 = (0..m).filter(|&i| rest[i]).map(|i| active[i]).sum();
                assert!(a >= k, "{} {}: its coverage sits in {a} active members", g.team(), pole.pole());
                for (h, hs) in groups.iter().zip(&sets) {
                    assert!(
                        !(h.is_suppressed() && *hs == rest),
                        "{} {} gives {} away",
                        g.team(),
                        pole.pole(),
                        h.team()
                    );
                }
            }
        }
    }
    // No id, no name, no per-member field in any output.
    let mut json = Vec::new();
    org.write_json(&mut json).unwrap();
    let json = String::from_utf8(json).unwrap();
    let mut text = Vec::new();
    org.write_text(&mut text, "roster.csv").unwrap();
    let text = String::from_utf8(text).unwrap();
    let mut csv = Vec::new();
    org.write_summary_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let html = HtmlReport::new().names(roster).render_org(&org);
    for out in [&json, &text, &csv, &html] {
        assert!(!out.contains("zq"), "an id or a name in\n{out}");
    }
    for key in ["top_contributor", "top_contribution", "coverage_without_top", "\"member\"", "confidence"] {
        assert!(!json.contains(key), "{key}");
    }
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["min_group"], k);
    for (t, g) in doc["teams"].as_array().unwrap().iter().zip(groups) {
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        if g.is_suppressed() {
            assert_eq!(keys, ["level", "suppressed", "team"]);
        }
        for f in t["findings"].as_array().into_iter().flatten() {
            if matches!(f["kind"].as_str(), Some("single_point_of_failure" | "no_bridge")) {
                assert!(f.get("value").is_none());
            }
        }
    }
    assert_eq!(html.matches("<td class=\"suppressed\">suppressed</td>").count(), org.suppressed());
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(&html, opts).unwrap();
    // Deterministic: the same view again, byte for byte.
    let mut again = Vec::new();
    Disclosure::new().min_group(k).unwrap().apply(report).write_json(&mut again).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), json);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn nothing_suppressed_can_be_worked_out(
        teams in prop::collection::vec((0..PATHS.len(), 1usize..10), 1..11),
        seed in any::<u64>(),
        k in 3u64..8,
        model in 0..Coverage::ALL.len(),
        vision in 0..Coverage::ALL.len(),
        rollups in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let roster = roster(&teams, seed);
        // Another model for one pole everywhere, and stricter thresholds
        // under A (depths then count against different thresholds).
        let thresholds = rolebalance::Thresholds::default().with_model(Some("vision"), Coverage::ALL[vision]).unwrap();
        let requirements = if strict {
            rolebalance::Requirements::new().require("A", "pole", 0.7).unwrap()
        } else {
            rolebalance::Requirements::new()
        };
        let report = Analyzer::new()
            .thresholds(thresholds)
            .requirements(requirements)
            .model(Coverage::ALL[model])
            .rollups(if rollups { Rollups::Include } else { Rollups::Exclude })
            .analyze(&roster)
            .unwrap();
        check(&roster, &report, k);
    }
}

#[test]
fn the_sample_company_in_the_org_audience() {
    let (roster, _) = rolebalance::ReaderBuilder::new().read_roster_path(common::data("roster.csv")).unwrap();
    for model in Coverage::ALL {
        for rollups in [Rollups::Include, Rollups::Exclude] {
            let report = Analyzer::new().model(model).rollups(rollups).analyze(&roster).unwrap();
            for k in 3..=12 {
                check(&roster, &report, k);
            }
        }
    }
    let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster).unwrap();
    let org = Disclosure::new().apply(&report);
    // The streamed analysis gives the same view.
    let (analysis, _) = rolebalance::ReaderBuilder::new()
        .analysis_path(common::data("roster.csv"), &Analyzer::new().rollups(Rollups::Include))
        .unwrap();
    assert_eq!(Disclosure::new().apply(&analysis.into_report()), org);
    let suppressed: Vec<&str> = org.groups().iter().filter(|g| g.is_suppressed()).map(|g| g.team()).collect();
    assert_eq!(suppressed, ["Northwind/Leadership", "Northwind/People"]);
    // At 6, Discovery (5) is too small, and Product/* minus Delivery would
    // give it away: Delivery goes too.
    let org = Disclosure::new().min_group(6).unwrap().apply(&report);
    let delivery = org.group("Northwind/Product/Delivery").unwrap();
    assert_eq!(delivery.suppression(), Some(rolebalance::Suppression::Complementary));
    assert!(!org.group("Northwind/Product/*").unwrap().is_suppressed());
}

#[test]
fn findings_speak_of_roles() {
    // One strong member carries risk_taking in a team of five.
    let mut members = vec![Member::new("lead", "T", [0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.9, 0.6]).unwrap()];
    for i in 0..4 {
        members.push(Member::new(format!("p{i}"), "T", [0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.1, 0.6]).unwrap());
    }
    let roster: Roster = members.into_iter().collect();
    let report = Analyzer::new()
        .thresholds(rolebalance::Thresholds::default().with("bridge", 0.7).unwrap())
        .analyze(&roster)
        .unwrap();
    let team = report.team("T").unwrap().findings();
    assert!(team.iter().any(|f| f.message().contains("depends on lead alone")));
    let org = Disclosure::new().apply(&report);
    let messages: Vec<String> = org.groups()[0].findings().iter().map(|f| f.message()).collect();
    assert!(
        messages
            .contains(&"risk_taking depends on one member: coverage 0.90 falls below 0.50 without them".to_string()),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"no bridge: no member is strong on both sides (none reaches 0.70)".to_string()),
        "{messages:?}"
    );
    assert!(messages.iter().all(|m| !m.contains("lead alone") && !m.contains("p0")));
}

fn run(example: &str, args: &[&str]) -> std::process::Output {
    Command::new(common::example(example)).args(args).output().unwrap()
}

#[test]
fn analyze_roster_org_audience_in_every_format() {
    let sample = common::data("roster.csv");
    let roster = std::fs::read_to_string(&sample).unwrap();
    let ids: Vec<&str> = roster.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let names: Vec<&str> = roster.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    for format in ["text", "json", "csv"] {
        let out = run("analyze_roster", &["--rollup", "--audience", "org", "--format", format, &sample]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        for who in ids.iter().chain(&names) {
            assert!(!stdout.contains(who), "{format}: {who}");
        }
        assert!(stdout.contains("Northwind/Product/*"), "{format}: rollups keep PREFIX/*");
        match format {
            "csv" => assert!(stdout.contains("\nNorthwind/Leadership,,,,,,suppressed\n"), "{stdout}"),
            "json" => assert!(stdout.contains("\"suppressed\": \"primary\""), "{stdout}"),
            _ => assert!(stdout.contains("== Northwind/People: suppressed (fewer than 5 active members) ==")),
        }
    }
    // The team audience (the default) still names people.
    let out = run("analyze_roster", &["--audience", "team", &sample]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("top e0"));
    // --min-group moves the line.
    let out = run("analyze_roster", &["--audience", "org", "--min-group", "6", "--rollup", "--format", "csv", &sample]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\nNorthwind/Product/Delivery,,,,,,suppressed\n"), "{csv}");
    assert!(csv.contains("\nNorthwind/Product/*,11,"), "{csv}");
    // Below the floor: a usage error naming it.
    for k in ["2", "0"] {
        let out = run("analyze_roster", &["--audience", "org", "--min-group", k, &sample]);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).contains("below the floor of 3"));
    }
    let out = run("analyze_roster", &["--audience", "hr", &sample]);
    assert_eq!(out.status.code(), Some(2));
    let out = run("analyze_roster", &["--min-group", "5", &sample]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--min-group applies to --audience org"));
    let out = run("analyze_roster", &["--audience", "org", "--format", "xlsx", "-o", "x.xlsx", &sample]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the xlsx workbook names members"));
}

#[test]
fn report_org_audience_hatches_suppressed_cells() {
    let sample = common::data("roster.csv");
    let out = run("report", &["--rollups", "--audience", "org", "-o", "-", &sample]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("td.suppressed { background: repeating-linear-gradient("));
    assert!(html.contains("primary suppression") && html.contains("complementary suppression"));
    assert_eq!(html.matches("<td class=\"suppressed\">suppressed</td>").count(), 2);
    assert!(!html.contains("Ana Alves") && !html.contains("e001") && !html.contains("top contributor"));
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(&html, opts).unwrap();
    let out = run("report", &["--audience", "org", "--min-group", "1", "-o", "-", &sample]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the floor of 3"));
}

#[test]
fn org_audience_example_runs() {
    let out = run("org_audience", &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Northwind/Leadership: suppressed, fewer than 5 active members"));
    let out = run("org_audience", &["--min-group", "2"]);
    assert_eq!(out.status.code(), Some(2));
}
