//! A self-contained HTML report: the organisation map, the heat map, then a
//! section per team with its radar, scores, poles and findings.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::analysis::disclosure::OrgReport;
use crate::analysis::findings::Severity;
use crate::analysis::report::{Report, TeamReport};
use crate::model::roster::Roster;
use crate::model::team::Level;
use crate::model::thresholds::Thresholds;
use crate::render::svg::{esc, HeatMap, OrgMap, Quadrant, Radar};

const CSS: &str = "\
:root { color-scheme: light; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: 'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif; color: #111; background: #fff;
  margin: 0 auto; max-width: 1040px; padding: 24px; line-height: 1.45; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.3em; margin: 1.6em 0 .4em; border-bottom: 2px solid #0072B2; padding-bottom: .15em; }
h3 { font-size: 1.1em; margin: 0 0 .4em; }
p.lead { color: #333; margin-top: 0; }
figure { margin: 1em 0; }
figcaption { color: #444; font-size: .9em; }
svg { max-width: 100%; height: auto; display: block; }
figure.wide { overflow-x: auto; }

table { border-collapse: collapse; font-size: .9em; margin: .3em 0 .8em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.gap td { background: #fbe3d6; font-weight: bold; }
section.team { border-top: 1px solid #ccc; padding-top: .6em; margin-top: 1.4em; }
section.team .cols { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
section.team .cols > div.radar { flex: 0 1 600px; min-width: 0; }
section.team .cols > div.scores { flex: 1 1 220px; }
ul.findings { padding-left: 0; list-style: none; margin: .2em 0; }
ul.findings li { margin: .25em 0; padding: .2em .5em; border-left: 6px solid #999; background: #f6f6f6; }
li.critical { border-left-color: #D55E00 !important; }
li.warning { border-left-color: #E69F00 !important; }
li.info { border-left-color: #56B4E9 !important; }
.sev { display: inline-block; min-width: 5.2em; font-weight: bold; text-transform: uppercase; font-size: .8em; }
.ok { color: #00684A; font-weight: bold; }
.counts span { display: inline-block; margin-right: 1.2em; }
nav ol { columns: 3 14em; font-size: .9em; }
footer { margin-top: 2em; color: #555; font-size: .85em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  @page { size: A4; margin: 12mm; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, section.team, table, svg { break-inside: avoid; page-break-inside: avoid; }
  section.team { break-before: auto; margin-top: 0; }
  section.team .cols { flex-wrap: nowrap; gap: 8px; }
  section.team .cols > div.radar { flex: 0 0 64%; }
  section.team .cols > div.scores { flex: 1 1 auto; }
  table { font-size: 8.5pt; margin: .2em 0 .4em; }
  th, td { padding: 1px 6px; }
  ul.findings li { margin: .1em 0; padding: .1em .4em; font-size: 9pt; }
  nav { display: none; }
  figure.wide { overflow: visible; }
  figure.wide div { min-width: 0 !important; }
  a { color: inherit; text-decoration: none; }
}
";

/// What the organisation page adds to [`CSS`]: hatched suppressed cells,
/// the note on the rule.
const ORG_CSS: &str = "\
td.suppressed { background: repeating-linear-gradient(45deg, #f2f2f2 0 4px, #d0d0d0 4px 8px); color: #333;
  font-style: italic; }
p.rule { border-left: 6px solid #777; background: #f6f6f6; padding: .3em .6em; }
";

/// The HTML report of an analysis: one self-contained, well-formed XHTML
/// page (inline SVG and CSS, no JavaScript, no network) that works offline
/// and prints on A4.
///
/// The page has a summary (teams per quadrant, findings per severity), the
/// [`OrgMap`], the [`HeatMap`], then one section per team with its
/// [`Radar`], its scores, a table of its poles (uncovered ones highlighted)
/// and its findings with their messages, most severe first.
///
/// With more teams than [`HtmlReport::sections`], the sections are those of
/// the teams with the lowest health (ties by name), in report order, and the
/// page says so; the maps still show every team.
///
/// Defaults: title `Team balance report`, the maps' defaults, the report's
/// own thresholds ([`Report::thresholds`](crate::Report::thresholds)) for
/// the map's lines and the summary, 200 team sections, no
/// source line.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, HtmlReport, Member, Roster, Thresholds};
/// let roster: Roster = [
///     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
///     Member::new("bo", "Ops & <Support>", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
/// ].into_iter().collect();
/// let thresholds = Thresholds::default();
/// let report = Analyzer::new().thresholds(thresholds.clone()).analyze(&roster)?;
/// let html = HtmlReport::new()
///     .title("Q3 review")
///     .thresholds(&thresholds)
///     .source("roster.csv")
///     .render(&report);
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains("<h1>Q3 review</h1>"));
/// assert!(html.contains("Ops &amp; &lt;Support&gt;"));
/// assert!(!html.contains("<script"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlReport {
    title: String,
    thresholds: Option<Thresholds>,
    sections: usize,
    source: Option<String>,
    names: BTreeMap<String, String>,
    map: OrgMap,
    heat_map: HeatMap,
}

impl Default for HtmlReport {
    fn default() -> Self {
        HtmlReport {
            title: "Team balance report".to_string(),
            thresholds: None,
            sections: 200,
            source: None,
            names: BTreeMap::new(),
            map: OrgMap::new(),
            heat_map: HeatMap::new(),
        }
    }
}

impl HtmlReport {
    /// A report with the defaults.
    ///
    /// ```
    /// assert_eq!(rolebalance::HtmlReport::new(), rolebalance::HtmlReport::default());
    /// ```
    pub fn new() -> HtmlReport {
        HtmlReport::default()
    }

    /// The page's title and heading.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let html = rolebalance::HtmlReport::new().title("Q3 <draft>").render(&report);
    /// assert!(html.contains("<title>Q3 &lt;draft&gt;</title>"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> HtmlReport {
        self.title = title.into();
        self
    }

    /// Thresholds to show instead of the report's own: the map's lines are
    /// drawn at their direction and control thresholds, and the summary
    /// names them. Not needed for a report's own thresholds, which it
    /// carries.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let t = rolebalance::Thresholds::default().with("side", 0.6)?;
    /// let html = rolebalance::HtmlReport::new().thresholds(&t).render(&report);
    /// assert!(html.contains("direction 0.60, control 0.60"));
    /// assert!(html.contains("direction threshold 0.60"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(mut self, thresholds: &Thresholds) -> HtmlReport {
        self.map = self.map.thresholds(thresholds);
        self.thresholds = Some(thresholds.clone());
        self
    }

    /// At most `teams` team sections.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let html = rolebalance::HtmlReport::new().sections(1).render(&report);
    /// assert_eq!(html.matches("<section class=\"team\"").count(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn sections(mut self, teams: usize) -> HtmlReport {
        self.sections = teams;
        self
    }

    /// A line naming where the roster came from (a file name), shown under
    /// the title.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let html = rolebalance::HtmlReport::new().source("staff.csv").render(&report);
    /// assert!(html.contains("roster <code>staff.csv</code>"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn source(mut self, source: impl Into<String>) -> HtmlReport {
        self.source = Some(source.into());
        self
    }

    /// Shows members' names from `roster` next to their ids (top
    /// contributors, members named by findings). Members without a name
    /// keep their id; for an id with several names, the first in roster
    /// order is used.
    ///
    /// ```
    /// use rolebalance::{Analyzer, HtmlReport, Member, Roster};
    /// let roster: Roster = [Member::new("e7", "Lab", [0.9; 8])?.with_name("Ana Diaz")].into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// let html = HtmlReport::new().names(&roster).render(&report);
    /// assert!(html.contains("<td>Ana Diaz (e7)</td>"));
    /// assert!(html.contains("[e7: Ana Diaz]"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn names(mut self, roster: &Roster) -> HtmlReport {
        for m in roster {
            if let Some(name) = m.name() {
                self.names.entry(m.id().to_string()).or_insert_with(|| name.to_string());
            }
        }
        self
    }

    /// Uses `map` for the organisation map (its thresholds are replaced by
    /// those of [`HtmlReport::thresholds`] if that is called after).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// use rolebalance::{svg::OrgMap, HtmlReport};
    /// let html = HtmlReport::new().map(OrgMap::new().title("Where we stand")).render(&report);
    /// assert!(html.contains("<title>Where we stand</title>"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn map(mut self, map: OrgMap) -> HtmlReport {
        self.map = map;
        self
    }

    /// Uses `heat_map` for the heat map.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// use rolebalance::{svg::HeatMap, HtmlReport};
    /// let html = HtmlReport::new().heat_map(HeatMap::new().rows(1)).render(&report);
    /// assert!(html.contains("1 of 2 teams shown"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn heat_map(mut self, heat_map: HeatMap) -> HtmlReport {
        self.heat_map = heat_map;
        self
    }

    /// The teams with a section: indexes into `report.teams()`, in report
    /// order.
    ///
    /// ```
    /// use rolebalance::{Analyzer, HtmlReport, Member, Roster};
    /// let roster: Roster = [
    ///     Member::new("a", "Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9])?,
    ///     Member::new("b", "Lab", [0.9, 0.9, 0.9, 0.9, 0.8, 0.9, 0.9, 0.9])?,
    /// ].into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// assert_eq!(HtmlReport::new().sections(1).sectioned(&report), [1]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn sectioned(&self, report: &Report) -> Vec<usize> {
        HeatMap::new().rows(self.sections).shown(report)
    }

    /// The page's head and the start of its header (the title), with the
    /// style sheet and `extra_css` after it: what every page begins with.
    fn open_page(&self, out: &mut String, extra_css: &str) {
        out.push_str("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
        out.push_str("<meta charset=\"utf-8\"/>\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        out.push_str("<meta name=\"generator\" content=\"rolebalance\"/>\n");
        let _ = writeln!(out, "<title>{}</title>", esc(&self.title));
        let _ = writeln!(out, "<style>\n{CSS}{extra_css}</style>\n</head>\n<body>");
        let _ = writeln!(out, "<header>\n<h1>{}</h1>", esc(&self.title));
    }

    /// The page for `report`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let html = rolebalance::HtmlReport::new().render(&report);
    /// assert!(html.starts_with("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""));
    /// assert_eq!(html.matches("<svg ").count(), 2 + 2); // map, heat map, a radar per team
    /// assert!(html.ends_with("</html>\n"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn render(&self, report: &Report) -> String {
        let teams = report.teams();
        let mut out = String::with_capacity(65536);
        self.open_page(&mut out, "");
        let t = self.thresholds.as_ref().unwrap_or(report.thresholds());
        let mut lead = format!(
            "{} teams, coverage model <b>{}</b>; thresholds: pole {:.2}, direction {:.2}, control {:.2}, \
             skew {:.2}, bridge {:.2}",
            teams.len(),
            report.model(),
            t.pole(),
            t.direction(),
            t.control(),
            t.skew(),
            t.bridge()
        );
        if let Some(source) = &self.source {
            let _ = write!(lead, "; roster <code>{}</code>", esc(source));
        }
        let _ = writeln!(out, "<p class=\"lead\">{lead}.</p>");
        // Counts.
        let mut quadrants = [0usize; 4];
        for team in teams {
            let k = match self.map.quadrant(team) {
                Quadrant::Balanced => 0,
                Quadrant::NoControl => 1,
                Quadrant::NoDirection => 2,
                Quadrant::Neither => 3,
            };
            if let Some(c) = quadrants.get_mut(k) {
                *c += 1;
            }
        }
        let mut severities = [0usize; 3];
        for f in teams.iter().flat_map(|t| t.findings()) {
            let k = match f.severity() {
                Severity::Critical => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            };
            if let Some(c) = severities.get_mut(k) {
                *c += 1;
            }
        }
        let [balanced, no_control, no_direction, neither] = quadrants;
        let [critical, warning, info] = severities;
        let _ = writeln!(
            out,
            "<p class=\"counts\"><span>balanced: <b>{balanced}</b></span><span>no control: <b>{no_control}</b></span>\
             <span>no direction: <b>{no_direction}</b></span><span>neither: <b>{neither}</b></span></p>"
        );
        let _ = writeln!(
            out,
            "<p class=\"counts\"><span>critical findings: <b>{critical}</b></span>\
             <span>warnings: <b>{warning}</b></span><span>info: <b>{info}</b></span></p>\n</header>"
        );
        // Charts.
        out.push_str("<h2>Where the teams stand</h2>\n<figure>\n");
        out.push_str(&self.map.render(report));
        out.push_str(
            "<figcaption>Each team at (control, direction): control is the mean coverage of the management \
             poles, direction that of the leadership poles. \u{201c}Without leadership, organizations lack \
             direction; without management, they lack control.\u{201d}</figcaption>\n</figure>\n",
        );
        out.push_str("<h2>Coverage by pole</h2>\n<figure class=\"wide\">\n");
        let heat = self.heat_map.render(report);
        // Shrink to the page down to 75 % of the natural size, then scroll.
        let natural = heat
            .split_once(" width=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .and_then(|(w, _)| w.parse::<f64>().ok())
            .unwrap_or(0.0);
        let _ = writeln!(out, "<div style=\"min-width: {:.0}px\">", natural * 0.75);
        out.push_str(&heat);
        out.push_str("</div>\n");
        out.push_str(
            "<figcaption>Each cell is a pole's coverage in a team; marks flag uncovered poles, single points of \
             failure and missing direction or control.</figcaption>\n</figure>\n",
        );
        // Sections.
        let sectioned = self.sectioned(report);
        out.push_str("<h2>Teams</h2>\n");
        if sectioned.len() < teams.len() {
            let _ = writeln!(
                out,
                "<p>{} of {} teams have a section below: those with the lowest health.</p>",
                sectioned.len(),
                teams.len()
            );
        }
        if sectioned.len() > 1 {
            out.push_str("<nav><ol>\n");
            for (s, &k) in sectioned.iter().enumerate() {
                if let Some(team) = teams.get(k) {
                    let _ = writeln!(out, "<li><a href=\"#team-{}\">{}</a></li>", s + 1, esc(team.team()));
                }
            }
            out.push_str("</ol></nav>\n");
        }
        for (s, &k) in sectioned.iter().enumerate() {
            if let Some(team) = teams.get(k) {
                section(&mut out, s + 1, team, &self.names);
            }
        }
        out.push_str(
            "<footer>Made by rolebalance. Coverage: Strongest is the best member's contribution, Pooled \
             1 \u{2212} \u{220f}(1 \u{2212} c), Average the weighted mean; contribution c = weight \u{00d7} \
             strength.</footer>\n",
        );
        out.push_str("</body>\n</html>\n");
        out
    }
}

impl HtmlReport {
    /// The page for the organisation view `org` (see [`Disclosure`]): the
    /// maps and sections of the shown groups only, no member named (the
    /// names of [`HtmlReport::names`] are not used, no top contributor
    /// column), a table of every group where the suppressed ones' cells are
    /// hatched, and a note on the rule.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Disclosure, HtmlReport, Member, Roster};
    /// let mut members = Vec::new();
    /// // Ops alone (2) would follow from the headcount minus Lab: with Hr (3)
    /// // the two suppressed teams hold 5.
    /// for (team, n) in [("Lab", 5), ("Ops", 2), ("Hr", 3)] {
    ///     for i in 0..n {
    ///         members.push(Member::new(format!("{team}{i}"), team, [0.6; 8])?.with_name(format!("Person {team}{i}")));
    ///     }
    /// }
    /// let roster: Roster = members.into_iter().collect();
    /// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
    /// let html = HtmlReport::new().names(&roster).render_org(&org);
    /// assert!(html.contains("<td class=\"suppressed\">suppressed</td>"));
    /// assert!(!html.contains("Person") && !html.contains("Lab0"));
    /// assert_eq!(html.matches("<section class=\"team\"").count(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    ///
    /// [`Disclosure`]: crate::Disclosure
    pub fn render_org(&self, org: &OrgReport) -> String {
        let report = org.shown_report();
        let teams = report.teams();
        let groups = org.groups();
        let k = org.min_group();
        let mut out = String::with_capacity(65536);
        self.open_page(&mut out, ORG_CSS);
        let t = self.thresholds.as_ref().unwrap_or(org.thresholds());
        let mut lead = format!(
            "{} teams ({} shown, {} suppressed), coverage model <b>{}</b>, audience <b>org</b>; thresholds: pole \
             {:.2}, direction {:.2}, control {:.2}, skew {:.2}, bridge {:.2}",
            groups.len(),
            teams.len(),
            org.suppressed(),
            org.model(),
            t.pole(),
            t.direction(),
            t.control(),
            t.skew(),
            t.bridge()
        );
        if let Some(source) = &self.source {
            let _ = write!(lead, "; roster <code>{}</code>", esc(source));
        }
        let _ = writeln!(out, "<p class=\"lead\">{lead}.</p>");
        let _ = writeln!(
            out,
            "<p class=\"rule\">For the organisation: no member is named and no number is one member\u{2019}s. \
             A team or rollup with fewer than {k} active members is suppressed (primary suppression), and so is \
             any other group whose numbers would let a suppressed group, or fewer than {k} members, be worked out \
             by subtraction from what is shown (complementary suppression). Suppressed cells are hatched.</p>\n</header>"
        );
        out.push_str(
            "<h2>Every team</h2>\n<table class=\"groups\">\n<tr><th>team</th><th class=\"num\">members</th>\
             <th class=\"num\">direction</th><th class=\"num\">control</th><th class=\"num\">health</th>\
             <th>findings</th></tr>\n",
        );
        for g in groups {
            let name = match g.level() {
                Level::Team => esc(g.team()),
                Level::Rollup => format!("{} (rollup)", esc(g.team())),
            };
            match (g.members(), g.direction(), g.control(), g.health()) {
                (Some(m), Some(d), Some(c), Some(h)) => {
                    let flags = g.flags();
                    let _ = writeln!(
                        out,
                        "<tr><td>{name}</td><td class=\"num\">{m}</td><td class=\"num\">{d:.2}</td>\
                         <td class=\"num\">{c:.2}</td><td class=\"num\">{h:.2}</td><td>{}</td></tr>",
                        if flags.is_empty() { "ok".to_string() } else { esc(&flags.replace(';', "; ")) }
                    );
                }
                _ => {
                    let why = match g.suppression() {
                        Some(crate::Suppression::Primary) => format!("fewer than {k} active members"),
                        _ => "would give a smaller group away".to_string(),
                    };
                    let _ = writeln!(
                        out,
                        "<tr><td>{name}</td><td class=\"suppressed\">suppressed</td><td class=\"suppressed\"></td>\
                         <td class=\"suppressed\"></td><td class=\"suppressed\"></td>\
                         <td class=\"suppressed\">{why}</td></tr>"
                    );
                }
            }
        }
        out.push_str("</table>\n");
        if !teams.is_empty() {
            out.push_str("<h2>Where the shown teams stand</h2>\n<figure>\n");
            out.push_str(&self.map.render(report));
            out.push_str("<figcaption>Each shown team at (control, direction).</figcaption>\n</figure>\n");
            out.push_str("<h2>Coverage by pole</h2>\n<figure class=\"wide\">\n<div>");
            out.push_str(&self.heat_map.render(report));
            out.push_str(
                "</div>\n<figcaption>Each cell is a pole\u{2019}s coverage in a shown team.</figcaption>\n</figure>\n",
            );
            let sectioned = self.sectioned(report);
            out.push_str("<h2>Shown teams</h2>\n");
            if sectioned.len() < teams.len() {
                let _ = writeln!(
                    out,
                    "<p>{} of {} shown teams have a section below: those with the lowest health.</p>",
                    sectioned.len(),
                    teams.len()
                );
            }
            let none = BTreeMap::new();
            for (s, &i) in sectioned.iter().enumerate() {
                if let Some(team) = teams.get(i) {
                    section_for(&mut out, s + 1, team, &none, false);
                }
            }
        }
        out.push_str(
            "<footer>Made by rolebalance, organisation audience. Coverage: Strongest is the best member\u{2019}s \
             contribution, Pooled 1 \u{2212} \u{220f}(1 \u{2212} c), Average the weighted mean; contribution c = \
             weight \u{00d7} strength.</footer>\n",
        );
        out.push_str("</body>\n</html>\n");
        out
    }
}

impl HtmlReport {
    /// The page's head, styles and title.
    fn open(&self, out: &mut String) {
        self.open_page(out, "");
    }

    /// The HTML page of a comparison: counts, the "what changed" map (an
    /// arrow per team whose findings changed, from its earlier to its
    /// later place at (control, direction); at most
    /// [`HtmlReport::sections`] teams), then a table of those teams with
    /// their scores before and after, the findings resolved and introduced
    /// and the member changes that explain them.
    ///
    /// ```
    /// use rolebalance::{Analyzer, HtmlReport, Member, Roster};
    /// let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// let page = HtmlReport::new().render_comparison(&Analyzer::new().compare(&a, &b)?);
    /// assert!(page.contains("<h2>What changed</h2>"));
    /// assert!(page.contains("marker-end=\"url(#arrow-down)\""));
    /// assert!(page.contains("Lab lost control (0.88 to 0.20) when bo moved to Ops"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn render_comparison(&self, cmp: &crate::Comparison) -> String {
        use crate::Status;
        let mut out = String::with_capacity(65536);
        self.open(&mut out);
        let count = |s: Status| cmp.teams().iter().filter(|t| t.status() == s).count();
        let changed: Vec<&crate::TeamChange> = cmp.findings_changed().collect();
        let _ = writeln!(
            out,
            "<p class=\"lead\">{} \u{2192} {}: {} teams, {} kept, {} new, {} gone; findings changed in {}; {} member changes.</p>\n</header>",
            esc(cmp.before_label()),
            esc(cmp.after_label()),
            cmp.teams().len(),
            count(Status::Kept),
            count(Status::New),
            count(Status::Gone),
            changed.len(),
            cmp.people().len()
        );
        out.push_str("<h2>What changed</h2>\n<figure>\n");
        let t = self.thresholds.clone().unwrap_or_default();
        out.push_str(&crate::render::changes::change_map(cmp, self.sections, t.direction(), t.control()));
        let _ = writeln!(
            out,
            "<figcaption>Teams whose findings changed{}, from before (small ring) to after (arrow head) at \
             (control, direction): green where health rose, red where it fell; rings are new teams, crosses \
             teams that are gone.</figcaption>\n</figure>",
            if changed.len() > self.sections {
                format!(" (the first {} of {})", self.sections, changed.len())
            } else {
                String::new()
            }
        );
        if changed.is_empty() {
            out.push_str("<p class=\"ok\">No team's findings changed.</p>\n");
        } else {
            out.push_str(
                "<table class=\"changes\">\n<tr><th>team</th><th>status</th><th class=\"num\">members</th>\
                 <th class=\"num\">direction</th><th class=\"num\">control</th><th class=\"num\">health</th>\
                 <th>resolved</th><th>introduced</th></tr>\n",
            );
            let arrow = |b: Option<String>, a: Option<String>| {
                format!(
                    "{} \u{2192} {}",
                    b.unwrap_or_else(|| "\u{2014}".into()),
                    a.unwrap_or_else(|| "\u{2014}".into())
                )
            };
            for c in changed.iter().take(self.sections) {
                let (b, a) = (c.before(), c.after());
                let num =
                    |s: Option<&crate::TeamScores>, f: fn(&crate::TeamScores) -> f64| s.map(|s| format!("{:.2}", f(s)));
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                     <td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                    esc(c.team()),
                    c.status(),
                    arrow(b.map(|s| s.members().to_string()), a.map(|s| s.members().to_string())),
                    arrow(num(b, crate::TeamScores::direction), num(a, crate::TeamScores::direction)),
                    arrow(num(b, crate::TeamScores::control), num(a, crate::TeamScores::control)),
                    arrow(num(b, crate::TeamScores::health), num(a, crate::TeamScores::health)),
                    esc(&c.resolved().join(", ")),
                    esc(&c.introduced().join(", "))
                );
            }
            out.push_str("</table>\n");
            let lines: Vec<String> =
                changed.iter().take(self.sections).flat_map(|t| t.causes().iter().map(move |c| t.explain(c))).collect();
            if !lines.is_empty() {
                out.push_str("<h2>What explains them</h2>\n<ul class=\"findings\">\n");
                for l in lines {
                    let _ = writeln!(out, "<li>{}</li>", esc(&l));
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("<footer>Made by rolebalance.</footer>\n</body>\n</html>\n");
        out
    }

    /// The HTML page of a series: a small trend chart per team (direction,
    /// control and health in every snapshot; at most
    /// [`HtmlReport::sections`] teams, in team order) with the team's
    /// findings and their first and last snapshot.
    ///
    /// ```
    /// use rolebalance::{Analyzer, HtmlReport, Member, Roster, Series, Snapshot};
    /// let r: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// let s = Snapshot::of_roster(&r, &Analyzer::new())?;
    /// let series = Series::new(vec![s.clone().with_label("Q1"), s.clone().with_label("Q2"), s.with_label("Q3")])?;
    /// let page = HtmlReport::new().render_series(&series);
    /// assert!(page.contains("<title>Trend of Lab</title>") && page.contains("<polyline"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn render_series(&self, series: &crate::Series) -> String {
        let mut out = String::with_capacity(65536);
        self.open(&mut out);
        let _ = writeln!(
            out,
            "<p class=\"lead\">{} snapshots ({}), {} teams. Lines: direction (blue), control (orange), health \
             (black, dashed); the dotted line is the side threshold.</p>\n</header>",
            series.len(),
            esc(&series.labels().join(", ")),
            series.trends().len()
        );
        out.push_str("<h2>Trends</h2>\n");
        if series.trends().len() > self.sections {
            let _ = writeln!(out, "<p>The first {} of {} teams.</p>", self.sections, series.trends().len());
        }
        let t = self.thresholds.clone().unwrap_or_default();
        let at = t.direction().min(t.control());
        let mut spans = series.findings().iter().peekable();
        for t in series.trends().iter().take(self.sections) {
            let _ = writeln!(out, "<section class=\"team\">\n<h3>{}</h3>", esc(t.team()));
            out.push_str(&crate::render::changes::trend_chart(t, series.labels(), at));
            let mine: Vec<&crate::FindingSpan> =
                std::iter::from_fn(|| spans.next_if(|f| f.team() == t.team())).collect();
            if !mine.is_empty() {
                out.push_str("<ul class=\"findings\">\n");
                for f in mine {
                    let first = series.labels().get(f.first()).map_or("", String::as_str);
                    let last = series.labels().get(f.last()).map_or("", String::as_str);
                    let _ =
                        writeln!(out, "<li><code>{}</code> {} \u{2192} {}</li>", esc(f.flag()), esc(first), esc(last));
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</section>\n");
        }
        out.push_str("<footer>Made by rolebalance.</footer>\n</body>\n</html>\n");
        out
    }
}

fn section(out: &mut String, number: usize, team: &TeamReport, names: &BTreeMap<String, String>) {
    section_for(out, number, team, names, true);
}

/// A team's section; `people`: with the top contributor column.
fn section_for(out: &mut String, number: usize, team: &TeamReport, names: &BTreeMap<String, String>, people: bool) {
    let kind = match team.level() {
        Level::Team => "",
        Level::Rollup => " (rollup)",
    };
    let _ = writeln!(out, "<section class=\"team\" id=\"team-{number}\">");
    let _ = writeln!(out, "<h3>{}{kind}</h3>\n<div class=\"cols\">\n<div class=\"radar\">", esc(team.team()));
    out.push_str(&Radar::new().render_with(team, names));
    out.push_str("</div>\n<div class=\"scores\">\n<table class=\"scores\">\n");
    let rows: [(&str, String); 7] = [
        ("members", format!("{} ({} active)", team.members(), team.active_members())),
        ("total weight", format!("{:.2}", team.total_weight())),
        ("direction", format!("{:.2}", team.direction())),
        ("control", format!("{:.2}", team.control())),
        ("balance", format!("{:.2}", team.balance())),
        ("health", format!("{:.2}", team.health())),
        ("model", team.model().to_string()),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "<tr><th>{name}</th><td class=\"num\">{}</td></tr>", esc(&value));
    }
    out.push_str("</table>\n</div>\n</div>\n");
    out.push_str(
        "<table class=\"poles\">\n<tr><th>pole</th><th>side</th><th class=\"num\">coverage</th>\
         <th class=\"num\">threshold</th><th class=\"num\">depth</th>",
    );
    out.push_str(if people { "<th>top contributor</th></tr>\n" } else { "</tr>\n" });
    for p in team.poles() {
        let gap = if crate::model::tolerance::below(p.coverage(), p.threshold()) { " class=\"gap\"" } else { "" };
        let top = if people {
            format!(
                "<td>{}</td>",
                esc(&match p.top_contributor() {
                    None => "\u{2014}".to_string(),
                    Some(id) => names.get(id).map_or_else(|| id.to_string(), |name| format!("{name} ({id})")),
                })
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr{gap}><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td>\
             <td class=\"num\">{}</td>{top}</tr>",
            esc(p.pole()),
            p.side(),
            p.coverage(),
            p.threshold(),
            p.depth(),
        );
    }
    out.push_str("</table>\n");
    if team.findings().is_empty() {
        out.push_str("<p class=\"ok\">No findings: every pole is covered and the team is balanced.</p>\n");
    } else {
        out.push_str("<ul class=\"findings\">\n");
        for f in team.findings() {
            let mut extra = f.confidence().map_or(String::new(), |c| format!(" (confidence {:.0}%)", c * 100.0));
            if let Some((id, name)) = f.member().and_then(|id| names.get(id).map(|n| (id, n))) {
                let _ = write!(extra, " [{id}: {name}]");
            }
            let _ = writeln!(
                out,
                "<li class=\"finding {sev}\"><span class=\"sev\">{sev}</span> <code>{}</code> {}{}</li>",
                esc(&f.flag()),
                esc(&f.message()),
                esc(&extra),
                sev = f.severity()
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}
