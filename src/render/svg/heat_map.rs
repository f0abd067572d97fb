//! The heat map: teams by poles.

use super::*;

// ---------------------------------------------------------------------------
// Heat map

/// A heat map of teams (rows) by poles (columns, leadership poles first),
/// each cell coloured by coverage ([`coverage_colour`]) with its value
/// written in it, then the direction and control columns, then the team's
/// other findings in words.
///
/// Findings are marked where they are: an uncovered pole with a vermillion
/// triangle in its cell, a single point of failure with an orange diamond,
/// `no_direction` and `no_control` with a triangle in the direction or
/// control cell, and `skewed` and `no_bridge` as words in the last column.
/// Each mark has class `finding` and the finding's message as its tooltip.
///
/// With more teams than [`HeatMap::rows`], the rows are the teams with the
/// lowest health (ties by name), kept in report order, and the chart says
/// how many are shown.
///
/// Defaults: 60 rows, title `Coverage by team and pole`.
///
/// # Examples
///
/// ```
/// use rolebalance::svg::HeatMap;
/// use rolebalance::{Analyzer, Member, Roster};
/// let roster: Roster = [
///     Member::new("a", "Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9])?,
///     Member::new("b", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
/// ].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let svg = HeatMap::new().rows(1).render(&report);
/// assert_eq!(svg.matches("class=\"row\"").count(), 1);
/// assert!(svg.contains("1 of 2 teams shown"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeatMap {
    rows: usize,
    title: Option<String>,
}

impl Default for HeatMap {
    fn default() -> Self {
        HeatMap { rows: 60, title: None }
    }
}

impl HeatMap {
    /// A heat map with the defaults.
    ///
    /// ```
    /// assert_eq!(rolebalance::svg::HeatMap::new(), rolebalance::svg::HeatMap::default());
    /// ```
    pub fn new() -> HeatMap {
        HeatMap::default()
    }

    /// Shows at most `rows` teams.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::HeatMap::new().rows(1).render(&report);
    /// assert_eq!(svg.matches("class=\"row\"").count(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn rows(mut self, rows: usize) -> HeatMap {
        self.rows = rows;
        self
    }

    /// Uses `title` instead of `Coverage by team and pole`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::HeatMap::new().title("Poles").render(&report);
    /// assert!(svg.contains("<title>Poles</title>"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> HeatMap {
        self.title = Some(title.into());
        self
    }

    /// The teams shown: indexes into `report.teams()`, in report order.
    ///
    /// ```
    /// use rolebalance::svg::HeatMap;
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let roster: Roster = [
    ///     Member::new("a", "Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9])?,
    ///     Member::new("b", "Lab", [0.9, 0.9, 0.9, 0.9, 0.8, 0.9, 0.9, 0.9])?,
    /// ].into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// assert_eq!(HeatMap::new().rows(1).shown(&report), [1]); // Ops, the weaker
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn shown(&self, report: &Report) -> Vec<usize> {
        let teams = report.teams();
        let mut idx: Vec<usize> = (0..teams.len()).collect();
        if teams.len() > self.rows {
            let health = |k: usize| teams.get(k).map_or(0.0, |t| t.health());
            idx.sort_by(|&a, &b| health(a).total_cmp(&health(b)).then(a.cmp(&b)));
            idx.truncate(self.rows);
            idx.sort_unstable();
        }
        idx
    }

    /// The SVG of `report`'s heat map.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::HeatMap::new().render(&report);
    /// let findings: usize = report.teams().iter().map(|t| t.findings().len()).sum();
    /// assert_eq!(svg.matches("class=\"finding ").count(), findings);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn render(&self, report: &Report) -> String {
        const RH: f64 = 24.0;
        const TOP: f64 = 150.0;
        let teams = report.teams();
        let shown = self.shown(report);
        let first = shown.first().and_then(|&k| teams.get(k));
        let pole_count = first.map_or(0, |t| t.poles().len());
        // Narrower columns for large frameworks.
        let cw: f64 = if pole_count > 8 { 40.0 } else { 52.0 };
        // Columns: leadership poles, management poles, direction, control.
        let mut columns: Vec<(usize, Side)> = Vec::new();
        for side in [Side::Leadership, Side::Management] {
            if let Some(t) = first {
                columns.extend(t.poles().enumerate().filter(|(_, p)| p.side() == side).map(|(i, _)| (i, side)));
            }
        }
        let name_len = shown.iter().filter_map(|&k| teams.get(k)).map(|t| t.team().chars().count()).max().unwrap_or(4);
        let name_len = name_len.clamp(8, 32);
        let left = 16.0 + text_width("W", 11.0) * name_len as f64 + 10.0;
        let gap = 10.0;
        let x_pole = |c: usize| left + c as f64 * cw + if c >= pole_count / 2 { gap } else { 0.0 };
        let x_side = |k: usize| left + pole_count as f64 * cw + 2.0 * gap + k as f64 * cw;
        let x_flags = x_side(2) + gap;
        // The last column is as wide as its longest line of words.
        let flags_w = shown
            .iter()
            .filter_map(|&k| teams.get(k))
            .map(|t| t.findings().iter().filter_map(other_word).map(|w| text_width(&w, 11.0) + 12.0).sum::<f64>())
            .fold(text_width("other findings", 12.0), f64::max)
            + 16.0;
        let width = (x_flags + flags_w).max(560.0);
        let height = TOP + RH * shown.len() as f64 + 110.0;
        let title = self.title.clone().unwrap_or_else(|| "Coverage by team and pole".to_string());
        let mut out = String::with_capacity(4096 + shown.len() * (pole_count + 4) * 200);
        open_svg(&mut out, width, height, &title);
        if shown.len() < teams.len() {
            text(
                &mut out,
                width / 2.0,
                46.0,
                "text-anchor=\"middle\" font-size=\"12\"",
                &format!("{} of {} teams shown: those with the lowest health", shown.len(), teams.len()),
            );
        }
        // Side headings and column headings.
        if let Some(t) = first {
            let half = pole_count / 2;
            for (side, from, colour) in [(Side::Leadership, 0, BLUE), (Side::Management, half, ORANGE)] {
                let x = x_pole(from);
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"{colour}\"/>",
                    n(x),
                    n(TOP - 8.0),
                    n(cw * half as f64)
                );
                text(&mut out, x, 66.0, "font-weight=\"bold\"", side.as_str());
            }
            for (c, &(i, _)) in columns.iter().enumerate() {
                let name = t.pole_at(i).map_or("", |p| p.pole());
                heading(&mut out, x_pole(c) + cw / 2.0, TOP - 14.0, &shorten(name, 18));
            }
            heading(&mut out, x_side(0) + cw / 2.0, TOP - 14.0, "direction");
            heading(&mut out, x_side(1) + cw / 2.0, TOP - 14.0, "control");
            text(&mut out, x_flags, TOP - 14.0, "font-weight=\"bold\"", "other findings");
        }
        // Rows.
        for (r, &k) in shown.iter().enumerate() {
            let Some(t) = teams.get(k) else { continue };
            let y = TOP + r as f64 * RH;
            let _ = writeln!(out, "<g class=\"row\">");
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\">{}<title>{}</title></text>",
                n(left - 8.0),
                n(y + RH / 2.0 + 4.0),
                esc(&shorten(t.team(), 32)),
                esc(t.team())
            );
            let findings = t.findings();
            for (c, &(i, _)) in columns.iter().enumerate() {
                let Some(p) = t.pole_at(i) else { continue };
                let x = x_pole(c);
                cell(&mut out, x, y, cw, RH, p.coverage(), &format!("{} {}: {}", t.team(), p.pole(), v2(p.coverage())));
                for f in findings.iter().filter(|f| f.pole() == Some(p.pole())) {
                    mark(&mut out, f.kind(), x, y, cw, &f.message());
                }
            }
            for (s, (value, kind)) in
                [(t.direction(), FindingKind::NoDirection), (t.control(), FindingKind::NoControl)].iter().enumerate()
            {
                let x = x_side(s);
                cell(&mut out, x, y, cw, RH, *value, &format!("{} {}: {}", t.team(), kind_side(*kind), v2(*value)));
                for f in findings.iter().filter(|f| f.kind() == *kind) {
                    mark(&mut out, f.kind(), x, y, cw, &f.message());
                }
            }
            let mut fx = x_flags;
            for f in &findings {
                let Some(word) = other_word(f) else { continue };
                let _ = writeln!(
                    out,
                    "<text class=\"finding {}\" x=\"{}\" y=\"{}\" font-size=\"11\">{}<title>{}</title></text>",
                    f.kind(),
                    n(fx),
                    n(y + RH / 2.0 + 4.0),
                    esc(&word),
                    esc(&f.message())
                );
                fx += text_width(&word, 11.0) + 12.0;
            }
            out.push_str("</g>\n");
        }
        // Legend.
        let ly = TOP + RH * shown.len() as f64 + 34.0;
        text(&mut out, 16.0, ly, "font-weight=\"bold\"", "coverage");
        for k in 0..=10 {
            let v = f64::from(k) / 10.0;
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"14\" fill=\"{}\"/>",
                n(90.0 + 22.0 * f64::from(k)),
                n(ly - 11.0),
                coverage_colour(v)
            );
            if k % 5 == 0 {
                text(
                    &mut out,
                    101.0 + 22.0 * f64::from(k),
                    ly + 16.0,
                    "text-anchor=\"middle\" font-size=\"10\"",
                    &format!("{v:.1}"),
                );
            }
        }
        let lx = 360.0;
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"{VERMILLION}\" stroke=\"#FFFFFF\" stroke-width=\"1\"/>",
            triangle(lx, ly - 4.0, 7.0)
        );
        text(&mut out, lx + 12.0, ly, "", "below threshold");
        let _ = writeln!(
            out,
            "<path d=\"M{} {}l6 6l-6 6l-6 -6Z\" fill=\"{ORANGE}\" stroke=\"{BLACK}\" stroke-width=\"1\"/>",
            n(lx + 6.0),
            n(ly + 12.0)
        );
        text(&mut out, lx + 18.0, ly + 22.0, "", "single point of failure");
        text(
            &mut out,
            16.0,
            ly + 46.0,
            "font-size=\"11\" fill=\"#444444\"",
            &format!("model {}; hover a cell or mark for its value or finding", report.model()),
        );
        close_svg(&mut out);
        out
    }
}

/// The words for a finding of the last column (`skewed`, `no_bridge`).
fn other_word(f: &crate::analysis::findings::Finding) -> Option<String> {
    match (f.kind(), f.side()) {
        (FindingKind::Skewed, Some(s)) => Some(format!("skewed to {s}")),
        (FindingKind::Skewed, None) => Some("skewed".to_string()),
        (FindingKind::NoBridge, _) => Some("no bridge".to_string()),
        _ => None,
    }
}

fn kind_side(kind: FindingKind) -> &'static str {
    if kind == FindingKind::NoDirection {
        "direction"
    } else {
        "control"
    }
}

/// A column heading rotated by -40°, anchored at its end.
fn heading(out: &mut String, x: f64, y: f64, label: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-40 {x} {y})\" font-size=\"11\">{}</text>",
        esc(label),
        x = n(x - 4.0),
        y = n(y)
    );
}

fn cell(out: &mut String, x: f64, y: f64, w: f64, h: f64, value: f64, tip: &str) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"1\">\
         <title>{}</title></rect>",
        n(x),
        n(y),
        n(w),
        n(h),
        coverage_colour(value),
        esc(tip)
    );
    let fill = if dark_cell(value) { "#FFFFFF" } else { "#000000" };
    let size = if w < 50.0 { 9 } else { 10 };
    text(
        out,
        x + w / 2.0 + 5.0,
        y + h / 2.0 + 4.0,
        &format!("text-anchor=\"middle\" font-size=\"{size}\" fill=\"{fill}\""),
        &v2(value),
    );
}

/// The mark of a finding in a cell whose top-left corner is (x, y).
fn mark(out: &mut String, kind: FindingKind, x: f64, y: f64, _w: f64, message: &str) {
    match kind {
        FindingKind::SinglePointOfFailure => {
            let _ = writeln!(
                out,
                "<path class=\"finding {kind}\" d=\"M{} {}l5 5l-5 5l-5 -5Z\" fill=\"{ORANGE}\" stroke=\"{BLACK}\" \
                 stroke-width=\"1\"><title>{}</title></path>",
                n(x + 8.0),
                n(y + 7.0),
                esc(message)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<path class=\"finding {kind}\" d=\"{}\" fill=\"{VERMILLION}\" stroke=\"#FFFFFF\" stroke-width=\"1\">\
                 <title>{}</title></path>",
                triangle(x + 8.0, y + 12.0, 6.0),
                esc(message)
            );
        }
    }
}
