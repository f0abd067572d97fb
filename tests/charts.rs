//! The SVG charts and the HTML report: well-formed XML, what they must
//! contain, and byte-for-byte snapshots (`UPDATE_SNAPSHOTS=1 cargo test
//! --test charts` rewrites `tests/snapshots/`).

use std::path::PathBuf;

use rolebalance::svg::{HeatMap, OrgMap, Quadrant, Radar};
use rolebalance::{
    Analyzer, Coverage, FindingKind, Framework, HtmlReport, Level, Member, ReaderBuilder, Report, Rollups, Roster,
    Thresholds,
};
use roxmltree::{Document, Node, ParsingOptions};

fn small_roster() -> Roster {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/small_roster.csv");
    ReaderBuilder::new().read_roster_path(path).unwrap().0
}

fn small_report() -> Report {
    Analyzer::new().analyze(&small_roster()).unwrap()
}

fn parse(text: &str) -> Document<'_> {
    let opts = ParsingOptions { allow_dtd: true, ..ParsingOptions::default() };
    Document::parse_with_options(text, opts).unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

fn has_class(node: &Node<'_, '_>, class: &str) -> bool {
    node.attribute("class").is_some_and(|c| c.split(' ').any(|w| w == class))
}

fn count_class(doc: &Document<'_>, class: &str) -> usize {
    doc.descendants().filter(|n| has_class(n, class)).count()
}

/// Checks what every chart has: the SVG namespace, a fixed viewBox, a
/// `<title>` first, text as `<text>`, no script, no id, no external link.
fn check_chart(svg: &str) -> Document<'_> {
    let doc = parse(svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    let view_box: Vec<f64> =
        root.attribute("viewBox").expect("viewBox").split(' ').map(|v| v.parse().unwrap()).collect();
    assert_eq!(view_box.len(), 4);
    assert_eq!((view_box[0], view_box[1]), (0.0, 0.0));
    assert!(view_box[2] > 100.0 && view_box[3] > 100.0);
    let first = root.children().find(|n| n.is_element()).unwrap();
    assert_eq!(first.tag_name().name(), "title");
    assert!(!first.text().unwrap_or("").is_empty());
    assert!(doc.descendants().any(|n| n.tag_name().name() == "text"));
    assert!(!doc.descendants().any(|n| n.tag_name().name() == "script"));
    assert!(!doc.descendants().any(|n| n.attribute("id").is_some()));
    assert!(!svg.contains("href"));
    doc
}

fn snapshot(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "snapshots", name].iter().collect();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_SNAPSHOTS=1 to create it", path.display()));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).map_or(0, |k| k + 1);
        panic!("{name} differs from its snapshot (first at line {line}); run with UPDATE_SNAPSHOTS=1 if intended");
    }
}

#[test]
fn radar_has_one_axis_per_pole_and_marks_every_pole_finding() {
    let report = small_report();
    for team in report.teams() {
        let svg = Radar::new().render(team);
        let doc = check_chart(&svg);
        assert_eq!(count_class(&doc, "axis"), team.poles().len(), "{}", team.team());
        assert_eq!(count_class(&doc, "pole"), team.poles().len());
        assert_eq!(count_class(&doc, "coverage"), 1);
        assert_eq!(count_class(&doc, "threshold"), 1);
        let uncovered = team.findings().into_iter().filter(|f| f.kind() == FindingKind::UncoveredPole).count();
        let spof = team.findings().into_iter().filter(|f| f.kind() == FindingKind::SinglePointOfFailure).count();
        assert_eq!(count_class(&doc, "uncovered_pole"), uncovered, "{}", team.team());
        assert_eq!(count_class(&doc, "single_point_of_failure"), spof, "{}", team.team());
        // Each pole's label names it.
        for p in team.poles() {
            assert!(doc
                .descendants()
                .any(|n| has_class(&n, "pole") && n.text().is_some_and(|t| t.starts_with(&format!("{} ", p.pole())))));
        }
    }
}

#[test]
fn radar_puts_leadership_right_and_management_left() {
    let report = small_report();
    let team = report.team("Acme/Operations").unwrap();
    let svg = Radar::new().render(team);
    let doc = check_chart(&svg);
    let axes: Vec<Node<'_, '_>> = doc.descendants().filter(|n| has_class(n, "axis")).collect();
    for (axis, pole) in axes.iter().zip(team.poles()) {
        let x1: f64 = axis.attribute("x1").unwrap().parse().unwrap();
        let x2: f64 = axis.attribute("x2").unwrap().parse().unwrap();
        assert_eq!(axis.children().find(|n| n.is_element()).unwrap().text(), Some(pole.pole()));
        match pole.side() {
            rolebalance::Side::Leadership => assert!(x2 > x1, "{}", pole.pole()),
            rolebalance::Side::Management => assert!(x2 < x1, "{}", pole.pole()),
        }
    }
}

#[test]
fn radar_of_a_custom_framework_and_an_empty_team() {
    let fw = Framework::builder()
        .dimension("change", "innovate", "stabilize")
        .dimension("talk", "persuade", "document")
        .dimension("scope", "explore", "exploit")
        .build()
        .unwrap();
    let mut roster = Roster::new(fw);
    roster.push(Member::new("a", "T", [0.9, 0.1, 0.2, 0.8, 0.6, 0.6]).unwrap()).unwrap();
    roster.push(Member::new("b", "Idle", [0.9; 6]).unwrap().with_weight(0.0).unwrap()).unwrap();
    let report = Analyzer::new().model(Coverage::Pooled).analyze(&roster).unwrap();
    for team in report.teams() {
        let svg = Radar::new().title("Custom <radar>").render(team);
        let doc = check_chart(&svg);
        assert_eq!(count_class(&doc, "axis"), 6);
        assert!(svg.contains("<title>Custom &lt;radar&gt;</title>"));
    }
}

#[test]
fn map_has_one_point_per_team_in_its_quadrant() {
    let report = small_report();
    let map = OrgMap::new();
    let svg = map.render(&report);
    let doc = check_chart(&svg);
    let points: Vec<Node<'_, '_>> = doc.descendants().filter(|n| has_class(n, "team")).collect();
    assert_eq!(points.len(), report.len());
    for (point, team) in points.iter().zip(report.teams()) {
        let tip = point.children().find(|n| n.is_element()).unwrap().text().unwrap();
        assert!(tip.starts_with(&format!("{}: direction", team.team())), "{tip}");
        let class = match map.quadrant(team) {
            Quadrant::Balanced => "balanced",
            Quadrant::NoDirection => "no_direction",
            Quadrant::NoControl => "no_control",
            Quadrant::Neither => "neither",
        };
        assert!(has_class(point, class), "{}", team.team());
        // A team in a quadrant without direction has a no_direction finding.
        let flagged = team.findings().into_iter().any(|f| f.kind() == FindingKind::NoDirection);
        assert_eq!(flagged, matches!(map.quadrant(team), Quadrant::NoDirection | Quadrant::Neither));
    }
    // Few teams: every one labelled, four quadrant names, two threshold lines.
    assert_eq!(count_class(&doc, "label"), report.len());
    assert_eq!(count_class(&doc, "quadrant"), 4);
    assert_eq!(count_class(&doc, "threshold"), 2);
}

#[test]
fn map_draws_rollups_as_squares_and_uses_the_thresholds() {
    let thresholds = Thresholds::default().with("side", 0.8).unwrap();
    let report =
        Analyzer::new().thresholds(thresholds.clone()).rollups(Rollups::Include).analyze(&small_roster()).unwrap();
    let rollups = report.teams().iter().filter(|t| t.level() == Level::Rollup).count();
    assert_eq!(rollups, 2); // Acme/* and Acme/Engineering/*
    let svg = OrgMap::new().thresholds(&thresholds).labels(3).render(&report);
    let doc = check_chart(&svg);
    let squares = doc.descendants().filter(|n| has_class(n, "rollup") && n.tag_name().name() == "rect").count();
    assert_eq!(squares, rollups);
    assert_eq!(count_class(&doc, "team"), report.len());
    assert!(svg.contains("direction threshold 0.80"));
    assert!(count_class(&doc, "label") <= 3);
}

/// A deterministic roster of `teams` one-member teams.
fn many_teams(teams: usize) -> Report {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let roster: Roster = (0..teams)
        .map(|k| {
            let s: Vec<f64> = (0..8).map(|_| next()).collect();
            Member::new(format!("m{k}"), format!("Org/Div{}/Team{k}", k % 40), s).unwrap()
        })
        .collect();
    Analyzer::new().analyze(&roster).unwrap()
}

#[test]
fn map_of_ten_thousand_teams_is_a_density_grid_with_the_worst_labelled() {
    let report = many_teams(10_000);
    let svg = OrgMap::new().render(&report);
    assert!(svg.len() < 400_000, "{} bytes", svg.len());
    let doc = check_chart(&svg);
    let total: u64 = doc
        .descendants()
        .filter(|n| has_class(n, "cell"))
        .map(|n| n.attribute("data-count").unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 10_000);
    // Only the labelled teams are drawn as points, and they are the weakest.
    let points: Vec<Node<'_, '_>> = doc.descendants().filter(|n| has_class(n, "team")).collect();
    assert_eq!(points.len(), 12);
    let mut health: Vec<f64> = report.teams().iter().map(|t| t.health()).collect();
    health.sort_by(f64::total_cmp);
    let cutoff = health[11];
    for p in &points {
        let tip = p.children().find(|n| n.is_element()).unwrap().text().unwrap();
        let name = tip.split(':').next().unwrap();
        assert!(report.team(name).unwrap().health() <= cutoff, "{name}");
    }
    let labels = count_class(&doc, "label");
    assert!((8..=12).contains(&labels), "{labels} labels");
    assert!(svg.contains("12 of 10000 teams labelled"));
}

#[test]
fn map_labels_do_not_overlap() {
    for teams in [10, 60] {
        let report = many_teams(teams);
        let svg = OrgMap::new().labels(teams).render(&report);
        let doc = check_chart(&svg);
        let boxes: Vec<(f64, f64, f64)> = doc
            .descendants()
            .filter(|n| has_class(n, "label"))
            .map(|n| {
                let x: f64 = n.attribute("x").unwrap().parse().unwrap();
                let y: f64 = n.attribute("y").unwrap().parse().unwrap();
                (x, y, n.text().unwrap().chars().count() as f64 * 6.6)
            })
            .collect();
        if teams == 10 {
            assert_eq!(boxes.len(), 10);
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.0 + a.2 <= b.0 + 0.5 || b.0 + b.2 <= a.0 + 0.5 || (a.1 - b.1).abs() >= 12.9;
                assert!(apart, "labels overlap: {a:?} {b:?}");
            }
        }
    }
}

#[test]
fn heat_map_has_a_row_per_team_a_cell_per_pole_and_a_mark_per_finding() {
    let report = small_report();
    let svg = HeatMap::new().render(&report);
    let doc = check_chart(&svg);
    let rows: Vec<Node<'_, '_>> = doc.descendants().filter(|n| has_class(n, "row")).collect();
    assert_eq!(rows.len(), report.len());
    for (row, team) in rows.iter().zip(report.teams()) {
        let cells = row.children().filter(|n| n.tag_name().name() == "rect").count();
        assert_eq!(cells, team.poles().len() + 2);
        let marks: Vec<Node<'_, '_>> = row.descendants().filter(|n| has_class(n, "finding")).collect();
        assert_eq!(marks.len(), team.findings().len(), "{}", team.team());
        // Marks are in column order: compare (kind, message) as sets.
        let mut messages: Vec<(bool, &str)> = marks
            .iter()
            .map(|m| {
                let message = m.children().find(|n| n.is_element()).unwrap().text().unwrap();
                let f = team.findings().into_iter().find(|f| f.message() == message).unwrap();
                (has_class(m, f.kind().as_str()), message)
            })
            .collect();
        let expected: Vec<(bool, String)> = team.findings().into_iter().map(|f| (true, f.message())).collect();
        let expected: Vec<(bool, &str)> = expected.iter().map(|(b, m)| (*b, m.as_str())).collect();
        messages.sort_unstable();
        let mut expected = expected;
        expected.sort_unstable();
        assert_eq!(messages, expected);
    }
}

#[test]
fn heat_map_keeps_the_weakest_rows() {
    let report = many_teams(300);
    let heat = HeatMap::new().rows(25);
    let shown = heat.shown(&report);
    assert_eq!(shown.len(), 25);
    assert!(shown.windows(2).all(|w| w[0] < w[1]));
    let worst_shown = shown.iter().map(|&k| report.teams()[k].health()).fold(f64::MIN, f64::max);
    let hidden_best =
        (0..report.len()).filter(|k| !shown.contains(k)).map(|k| report.teams()[k].health()).fold(f64::MAX, f64::min);
    assert!(worst_shown <= hidden_best);
    let svg = heat.render(&report);
    let doc = check_chart(&svg);
    assert_eq!(count_class(&doc, "row"), 25);
    assert!(svg.contains("25 of 300 teams shown"));
}

#[test]
fn html_report_is_well_formed_self_contained_and_complete() {
    let report = small_report();
    let html = HtmlReport::new().source("small_roster.csv").render(&report);
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    let doc = parse(&html);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/1999/xhtml"));
    assert!(doc.descendants().any(|n| n.tag_name().name() == "style"));
    for tag in ["script", "link", "img", "iframe", "object"] {
        assert!(!doc.descendants().any(|n| n.tag_name().name() == tag), "<{tag}>");
    }
    for n in doc.descendants() {
        if let Some(href) = n.attribute("href") {
            assert!(href.starts_with('#'), "external link {href}");
        }
        assert!(n.attribute("src").is_none());
    }
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
    // Map, heat map, and one radar per team section.
    let svgs = doc.descendants().filter(|n| n.tag_name().name() == "svg").count();
    let sections: Vec<Node<'_, '_>> =
        doc.descendants().filter(|n| n.tag_name().name() == "section" && has_class(n, "team")).collect();
    assert_eq!(sections.len(), report.len());
    assert_eq!(svgs, 2 + sections.len());
    for (section, team) in sections.iter().zip(report.teams()) {
        let heading = section.descendants().find(|n| n.tag_name().name() == "h3").unwrap();
        assert_eq!(heading.text(), Some(team.team()));
        let items: Vec<Node<'_, '_>> =
            section.descendants().filter(|n| n.tag_name().name() == "li" && has_class(n, "finding")).collect();
        assert_eq!(items.len(), team.findings().len(), "{}", team.team());
        for (item, f) in items.iter().zip(team.findings()) {
            let text: String = item.descendants().filter_map(|n| n.text()).collect();
            assert!(text.contains(&f.message()), "{text}");
            assert!(has_class(item, &f.severity().to_string()));
        }
        let pole_rows = section.descendants().filter(|n| n.tag_name().name() == "tr").count();
        assert_eq!(pole_rows, 7 + 1 + team.poles().len());
    }
    assert!(html.contains("Acme/Sales &amp; &lt;Growth&gt;"));
}

#[test]
fn html_report_limits_sections_to_the_weakest_teams() {
    let report = many_teams(500);
    let page = HtmlReport::new().sections(10);
    let html = page.render(&report);
    let doc = parse(&html);
    let sections = doc.descendants().filter(|n| n.tag_name().name() == "section").count();
    assert_eq!(sections, 10);
    assert_eq!(page.sectioned(&report), HeatMap::new().rows(10).shown(&report));
    assert!(html.contains("10 of 500 teams have a section below"));
}

#[test]
fn output_is_deterministic_and_matches_the_snapshots() {
    let roster = small_roster();
    let thresholds = Thresholds::default().with("vision", 0.7).unwrap();
    let analyze = || Analyzer::new().thresholds(thresholds.clone()).analyze(&roster).unwrap();
    let (a, b) = (analyze(), analyze());
    let page =
        HtmlReport::new().title("Small roster").thresholds(&thresholds).source("small_roster.csv").names(&roster);
    let html = page.render(&a);
    assert_eq!(html, page.render(&b));
    let radar = Radar::new().render(a.team("Acme/Engineering/Platform").unwrap());
    let map = OrgMap::new().thresholds(&thresholds).render(&a);
    let heat = HeatMap::new().render(&a);
    assert_eq!(map, OrgMap::new().thresholds(&thresholds).render(&b));
    snapshot("radar_platform.svg", &radar);
    snapshot("org_map.svg", &map);
    snapshot("heat_map.svg", &heat);
    snapshot("report.html", &html);
    let big = OrgMap::new().render(&many_teams(1_000));
    snapshot("org_map_1000.svg", &big);
}

mod arbitrary_names {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever the team paths and ids hold (markup, quotes, control
        /// characters, any Unicode), every chart and the page stay
        /// well-formed and name every team.
        #[test]
        fn charts_stay_well_formed(
            names in proptest::collection::vec("[^/]{1,12}(/[^/]{1,12}){0,2}", 1..6),
            strengths in proptest::collection::vec(0.0f64..=1.0, 8),
        ) {
            let roster: Roster = names
                .iter()
                .enumerate()
                .map(|(k, team)| Member::new(format!("<m{k}>&\u{1}"), team.clone(), strengths.clone()).unwrap())
                .collect();
            let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster).unwrap();
            let map = OrgMap::new().render(&report);
            let doc = check_chart(&map);
            prop_assert_eq!(count_class(&doc, "team"), report.len());
            check_chart(&HeatMap::new().render(&report));
            for team in report.teams() {
                check_chart(&Radar::new().names(&roster).render(team));
            }
            let html = HtmlReport::new().names(&roster).render(&report);
            let doc = parse(&html);
            let headings: Vec<String> = doc
                .descendants()
                .filter(|n| n.tag_name().name() == "h3")
                .map(|n| n.text().unwrap_or("").to_string())
                .collect();
            prop_assert_eq!(headings.len(), report.len());
        }
    }
}

#[test]
fn charts_draw_the_report_s_own_thresholds() {
    use rolebalance::svg::{OrgMap, Quadrant};
    use rolebalance::{Analyzer, HtmlReport, Member, Roster, Thresholds};
    let roster: Roster = [
        Member::new("a", "Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9]).unwrap(),
        Member::new("b", "Lab", [0.9, 0.55, 0.9, 0.55, 0.8, 0.55, 0.9, 0.55]).unwrap(),
    ]
    .into_iter()
    .collect();
    let strict = Thresholds::default().with("side", 0.6).unwrap();
    let report = Analyzer::new().thresholds(strict.clone()).analyze(&roster).unwrap();
    // Without being told again, the map and the page use 0.6, not 0.5.
    let svg = OrgMap::new().render(&report);
    assert!(svg.contains("direction threshold 0.60") && svg.contains("control threshold 0.60"), "{svg}");
    let lab = report.team("Lab").unwrap();
    assert_eq!(OrgMap::new().quadrant(lab), Quadrant::NoControl);
    let html = HtmlReport::new().render(&report);
    assert!(html.contains("direction 0.60, control 0.60"));
    // Other thresholds still override.
    let lenient = Thresholds::default().with("side", 0.5).unwrap();
    assert_eq!(OrgMap::new().thresholds(&lenient).quadrant(lab), Quadrant::Balanced);
    assert!(OrgMap::new().thresholds(&lenient).render(&report).contains("direction threshold 0.50"));
    assert!(HtmlReport::new().thresholds(&lenient).render(&report).contains("direction 0.50, control 0.50"));
}
