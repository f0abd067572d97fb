//! Charts of change (issue 17): the organisation map with an arrow per team
//! from its earlier to its later (control, direction), and a small trend
//! chart of a team's direction, control and health over a series. Plain
//! SVG, no script, the palette of [`svg`](crate::svg) (Okabe–Ito).

use std::fmt::Write;

use crate::analysis::compare::{Comparison, Status, TeamScores, Trend};
use crate::render::svg::esc;

/// A score of a team's snapshot.
type Score = fn(&TeamScores) -> f64;

const BLUE: &str = "#0072B2";
const ORANGE: &str = "#E69F00";
const GREEN: &str = "#009E73";
const RED: &str = "#D55E00";

/// The last segment of a team path (`Discovery` of `Northwind/Product/Discovery`).
fn short(team: &str) -> &str {
    let t = team.strip_suffix("/*").unwrap_or(team);
    t.rsplit('/').next().unwrap_or(t)
}

/// The organisation map of a comparison: every team whose findings
/// changed (at most `limit` of them, in team order) as an arrow from its
/// earlier (control, direction) to its later one; a new team as a ring at
/// its later place, a team that is gone as a cross at its earlier one.
/// Green arrows: health went up; red: it went down; grey: unchanged.
pub(crate) fn change_map(cmp: &Comparison, limit: usize, direction_at: f64, control_at: f64) -> String {
    let (size, pad) = (520.0, 48.0);
    let plot = size - 2.0 * pad;
    let x = |c: f64| pad + c.clamp(0.0, 1.0) * plot;
    let y = |d: f64| size - pad - d.clamp(0.0, 1.0) * plot;
    let mut out = String::with_capacity(8192);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"11\">"
    );
    out.push_str("<title>What changed: teams from before to after</title>\n");
    for (id, colour) in [("up", GREEN), ("down", RED), ("same", "#777")] {
        let _ = writeln!(
            out,
            "<defs><marker id=\"arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
             markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker></defs>"
        );
    }
    let _ = writeln!(
        out,
        "<rect x=\"{pad}\" y=\"{pad}\" width=\"{plot}\" height=\"{plot}\" fill=\"#fafafa\" stroke=\"#999\"/>"
    );
    let _ = writeln!(
        out,
        "<line x1=\"{0:.1}\" y1=\"{pad}\" x2=\"{0:.1}\" y2=\"{1:.1}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\
         <line x1=\"{pad}\" y1=\"{2:.1}\" x2=\"{1:.1}\" y2=\"{2:.1}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
        x(control_at),
        size - pad,
        y(direction_at)
    );
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">control \u{2192}</text>\
         <text x=\"14\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1})\">direction \u{2192}</text>",
        size / 2.0,
        size - 14.0,
        size / 2.0,
        size / 2.0
    );
    for v in [0.0, 0.5, 1.0] {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{v:.1}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">{v:.1}</text>",
            x(v),
            size - pad + 14.0,
            pad - 4.0,
            y(v) + 4.0
        );
    }
    for t in cmp.findings_changed().take(limit) {
        let name = esc(short(&t.team));
        let full = esc(&t.team);
        match (t.status, &t.before, &t.after) {
            (Status::Kept, Some(b), Some(a)) => {
                let id = match a.health.partial_cmp(&b.health) {
                    _ if (a.health - b.health).abs() <= crate::model::tolerance::EPSILON => "same",
                    Some(std::cmp::Ordering::Greater) => "up",
                    _ => "down",
                };
                let colour = match id {
                    "up" => GREEN,
                    "down" => RED,
                    _ => "#777",
                };
                let _ = writeln!(
                    out,
                    "<g><title>{full}: control {:.2} \u{2192} {:.2}, direction {:.2} \u{2192} {:.2}</title>\
                     <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"none\" stroke=\"{colour}\"/>\
                     <line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"2\" \
                     marker-end=\"url(#arrow-{id})\"/><text x=\"{:.1}\" y=\"{:.1}\">{name}</text></g>",
                    b.control,
                    a.control,
                    b.direction,
                    a.direction,
                    x(b.control),
                    y(b.direction),
                    x(b.control),
                    y(b.direction),
                    x(a.control),
                    y(a.direction),
                    x(a.control) + 6.0,
                    y(a.direction) - 6.0
                );
            }
            (Status::New, _, Some(a)) => {
                let _ = writeln!(
                    out,
                    "<g><title>{full} (new): control {:.2}, direction {:.2}</title><circle cx=\"{:.1}\" cy=\"{:.1}\" \
                     r=\"5\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\">{name} (new)</text></g>",
                    a.control,
                    a.direction,
                    x(a.control),
                    y(a.direction),
                    x(a.control) + 7.0,
                    y(a.direction) - 6.0
                );
            }
            (Status::Gone, Some(b), _) => {
                let (cx, cy) = (x(b.control), y(b.direction));
                let _ = writeln!(
                    out,
                    "<g><title>{full} (gone): control {:.2}, direction {:.2}</title><path d=\"M{:.1},{:.1} l8,8 m0,-8 l-8,8\" \
                     stroke=\"{ORANGE}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\">{name} (gone)</text></g>",
                    b.control,
                    b.direction,
                    cx - 4.0,
                    cy - 4.0,
                    cx + 7.0,
                    cy - 6.0
                );
            }
            _ => {}
        }
    }
    out.push_str("</svg>\n");
    out
}

/// A small chart of `trend` over the series' `labels`: direction (blue),
/// control (orange) and health (black, dashed), with the threshold `at`
/// dotted; a gap where the team does not exist.
pub(crate) fn trend_chart(trend: &Trend, labels: &[String], at: f64) -> String {
    let (w, h, pad) = (300.0, 110.0, 24.0);
    let n = trend.points().len().max(1);
    let step = if n > 1 { (w - 2.0 * pad) / (n - 1) as f64 } else { 0.0 };
    let x = |k: usize| pad + step * k as f64;
    let y = |v: f64| h - pad - v.clamp(0.0, 1.0) * (h - 2.0 * pad);
    let mut out = String::with_capacity(2048);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"9\">"
    );
    let _ = writeln!(out, "<title>Trend of {}</title>", esc(trend.team()));
    let _ = writeln!(
        out,
        "<rect x=\"{pad}\" y=\"{pad}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#fafafa\" stroke=\"#ccc\"/>\
         <line x1=\"{pad}\" y1=\"{2:.1}\" x2=\"{3:.1}\" y2=\"{2:.1}\" stroke=\"#999\" stroke-dasharray=\"2 2\"/>",
        w - 2.0 * pad,
        h - 2.0 * pad,
        y(at),
        w - pad
    );
    for (k, label) in labels.iter().enumerate().take(n) {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
            x(k),
            h - 8.0,
            esc(short_label(label))
        );
    }
    let series: [(Score, &str, &str); 3] = [
        (TeamScores::direction, BLUE, ""),
        (TeamScores::control, ORANGE, ""),
        (TeamScores::health, "#111", " stroke-dasharray=\"4 2\""),
    ];
    for (f, colour, dash) in series {
        // One polyline per run of snapshots where the team exists.
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, out: &mut String| {
            if run.len() > 1 {
                let _ = writeln!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.8\"{dash}/>",
                    run.join(" ")
                );
            } else if let Some(p) = run.first() {
                let (cx, cy) = p.split_once(',').unwrap_or(("0", "0"));
                let _ = writeln!(out, "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"2\" fill=\"{colour}\"/>");
            }
            run.clear();
        };
        for (k, p) in trend.points().iter().enumerate() {
            match p {
                Some(s) => run.push(format!("{:.1},{:.1}", x(k), y(f(s)))),
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
    }
    out.push_str("</svg>\n");
    out
}

/// The file name of a label that is a path, without `.csv`.
fn short_label(label: &str) -> &str {
    let name = label.rsplit(['/', '\\']).next().unwrap_or(label);
    name.strip_suffix(".csv").unwrap_or(name)
}
