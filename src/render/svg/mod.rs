//! Charts as SVG: a team [`Radar`], the organisation [`OrgMap`] and a
//! [`HeatMap`] of teams by poles.
//!
//! The charts are hand-written SVG strings: no plotting dependency, no
//! JavaScript, no external font or stylesheet, so they can be inlined in an
//! HTML page ([`HtmlReport`](crate::HtmlReport)), saved as `.svg` files or
//! printed. Each chart has a fixed `viewBox`, a `<title>` (its accessible
//! name), a legend, and every word is real `<text>` (searchable, selectable,
//! sharp at any zoom). Text from the roster (team paths, member ids, pole
//! names) is XML-escaped. No element has an `id`, so several charts can share
//! one page. The same report gives byte-identical output.
//!
//! # Colours
//!
//! Categories use the Okabe-Ito palette (Okabe and Ito, *Color Universal
//! Design*, 2008), designed to stay distinguishable under the common forms of
//! colour-vision deficiency; see [`OKABE_ITO`]. Coverage (a number in
//! [0, 1]) uses viridis (van der Walt and Smith, 2015), a sequential scale
//! that is perceptually uniform and readable with deuteranopia, protanopia
//! and tritanopia and in greyscale; see [`coverage_colour`]. Colour is never
//! the only carrier of meaning: findings also have a shape and a text label,
//! and quadrants on the map also have a position and a name.
//!
//! # Examples
//!
//! ```
//! use rolebalance::svg::{HeatMap, OrgMap, Radar};
//! use rolebalance::{Analyzer, Member, Roster};
//! let roster: Roster = [
//!     Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?,
//!     Member::new("bo", "Ops", [0.3, 0.9, 0.4, 0.8, 0.5, 0.9, 0.2, 0.8])?,
//! ].into_iter().collect();
//! let report = Analyzer::new().analyze(&roster)?;
//! let radar = Radar::new().render(&report.teams()[0]);
//! let map = OrgMap::new().render(&report);
//! let heat = HeatMap::new().render(&report);
//! for svg in [&radar, &map, &heat] {
//!     assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
//!     assert!(svg.ends_with("</svg>\n"));
//! }
//! assert_eq!(map.matches("class=\"team").count(), 2);
//! # Ok::<(), rolebalance::Error>(())
//! ```

use std::fmt::Write;

use crate::analysis::findings::FindingKind;
use crate::analysis::report::{Report, TeamReport};
use crate::model::framework::Side;
use crate::model::team::Level;
use crate::model::thresholds::Thresholds;
use crate::model::tolerance::below;

/// The Okabe-Ito palette: black, orange, sky blue, bluish green, yellow,
/// blue, vermillion, reddish purple.
///
/// The charts use blue for coverage and leadership, orange for management,
/// vermillion for uncovered poles. On the organisation map the hue says
/// whether a team has control (blues: balanced in blue, no direction in sky
/// blue) or not (oranges: no control in orange, neither in vermillion), so
/// that the four quadrants stay apart under deuteranopia and protanopia (a
/// bluish green for balanced teams would look like vermillion there).
/// Bluish green, yellow and reddish purple are not used.
///
/// ```
/// assert_eq!(rolebalance::svg::OKABE_ITO[6], "#D55E00");
/// ```
pub const OKABE_ITO: [&str; 8] =
    ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];

const BLACK: &str = "#000000";
const ORANGE: &str = "#E69F00";
const SKY: &str = "#56B4E9";
const BLUE: &str = "#0072B2";
const VERMILLION: &str = "#D55E00";
const GRID: &str = "#BBBBBB";
const FONT: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

/// Nine stops of viridis, from 0 (dark purple) to 1 (yellow).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (0x44, 0x01, 0x54),
    (0x47, 0x2d, 0x7b),
    (0x3b, 0x52, 0x8b),
    (0x2c, 0x72, 0x8e),
    (0x21, 0x91, 0x8c),
    (0x28, 0xae, 0x80),
    (0x5e, 0xc9, 0x62),
    (0xad, 0xdc, 0x30),
    (0xfd, 0xe7, 0x25),
];

/// The viridis colour of a coverage in [0, 1] as `#rrggbb` (values outside
/// are clamped, NaN counts as 0), linearly interpolated between nine stops.
///
/// ```
/// use rolebalance::svg::coverage_colour;
/// assert_eq!(coverage_colour(0.0), "#440154");
/// assert_eq!(coverage_colour(1.0), "#fde725");
/// assert_eq!(coverage_colour(2.0), "#fde725");
/// ```
pub fn coverage_colour(value: f64) -> String {
    let v = if value.is_nan() { 0.0 } else { value.clamp(0.0, 1.0) };
    let pos = v * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let t = pos - i as f64;
    let (a, b) = match (VIRIDIS.get(i), VIRIDIS.get(i + 1)) {
        (Some(a), Some(b)) => (*a, *b),
        _ => ((0, 0, 0), (0, 0, 0)),
    };
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on `coverage_colour(value)` should be white (dark cell).
fn dark_cell(value: f64) -> bool {
    value < 0.55
}

/// Escapes text for XML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 does not allow at all become U+FFFD.
            c if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal, `-0.0` written as `0`.
fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.1}");
    let s = s.strip_suffix(".0").map_or(s.clone(), str::to_string);
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// A value in [0, 1] as shown to people: two decimals.
fn v2(v: f64) -> String {
    format!("{v:.2}")
}

/// At most `max` characters of `s`, the start replaced by `…` when cut
/// (the end of a team path is its most specific part).
pub(crate) fn shorten(s: &str, max: usize) -> String {
    let count = s.chars().count();
    if count <= max || max == 0 {
        return s.to_string();
    }
    let tail: String = s.chars().skip(count - (max - 1)).collect();
    format!("…{tail}")
}

/// The estimated width of `s` in a sans-serif font of `size` px.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().count() as f64 * size * 0.6
}

fn open_svg(out: &mut String, width: f64, height: f64, title: &str) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" font-family=\"{FONT}\" font-size=\"12\">",
        w = n(width),
        h = n(height)
    );
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    let _ = writeln!(out, "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\"/>", n(width), n(height));
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"26\" font-size=\"17\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
        n(width / 2.0),
        esc(&shorten(title, (width / 10.5) as usize))
    );
}

fn close_svg(out: &mut String) {
    out.push_str("</svg>\n");
}

/// A text element.
fn text(out: &mut String, x: f64, y: f64, attrs: &str, content: &str) {
    let sep = if attrs.is_empty() { "" } else { " " };
    let _ = writeln!(out, "<text x=\"{}\" y=\"{}\"{sep}{attrs}>{}</text>", n(x), n(y), esc(content));
}

/// A small triangle pointing up, centred on (x, y): the mark of an
/// uncovered pole.
fn triangle(x: f64, y: f64, r: f64) -> String {
    format!("M{} {}L{} {}L{} {}Z", n(x), n(y - r), n(x + r * 0.95), n(y + r * 0.7), n(x - r * 0.95), n(y + r * 0.7))
}

mod heat_map;
mod org_map;
mod radar;

pub use heat_map::HeatMap;
pub use org_map::{OrgMap, Quadrant};
pub use radar::Radar;

#[cfg(test)]
mod tests {
    use super::org_map::{common_prefix, place, relative, Rect};
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(esc("a<b>&\"c'\u{1}\u{FFFF}"), "a&lt;b&gt;&amp;&quot;c&#39;\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(2.25), "2.2");
        assert_eq!(n(f64::NAN), "0");
    }

    #[test]
    fn shortens_from_the_start() {
        assert_eq!(shorten("Acme/Engineering/Platform", 10), "…/Platform");
        assert_eq!(shorten("Acme", 10), "Acme");
    }

    #[test]
    fn common_prefix_is_whole_segments() {
        let report = |names: &[&str]| {
            let roster: crate::Roster = names.iter().map(|t| crate::Member::new("a", *t, [0.5; 8]).unwrap()).collect();
            crate::Analyzer::new().analyze(&roster).unwrap()
        };
        assert_eq!(common_prefix(report(&["Acme/Eng/A", "Acme/Eng/B"]).teams()), "Acme/Eng");
        assert_eq!(common_prefix(report(&["Acme/Eng/A", "Acme/Engineering/B"]).teams()), "Acme");
        assert_eq!(common_prefix(report(&["Acme/Eng", "Acme/Eng/B"]).teams()), "Acme");
        assert_eq!(common_prefix(report(&["Acme", "Beta/X"]).teams()), "");
        assert_eq!(common_prefix(report(&["Acme/X"]).teams()), "Acme");
        assert_eq!(relative("Acme/Eng/A", "Acme"), "Eng/A");
        assert_eq!(relative("Acme/*", "Acme"), "Acme/*");
        assert_eq!(relative("Beta", "Acme"), "Beta");
    }

    #[test]
    fn viridis_midpoint() {
        assert_eq!(coverage_colour(0.5), "#21918c");
        assert_eq!(coverage_colour(f64::NAN), "#440154");
    }

    #[test]
    fn labels_avoid_each_other() {
        let bounds = Rect { x: 0.0, y: 0.0, w: 200.0, h: 200.0 };
        let mut occ = Vec::new();
        for _ in 0..4 {
            let (x, y, _) = place(100.0, 100.0, 40.0, 12.0, &bounds, &occ).unwrap();
            let r = Rect { x, y, w: 40.0, h: 12.0 };
            assert!(!occ.iter().any(|o: &Rect| o.overlaps(&r)));
            occ.push(r);
        }
    }
}
