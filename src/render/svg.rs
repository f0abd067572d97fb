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

// ---------------------------------------------------------------------------
// Radar

/// A team's radar chart: one axis per pole, the leadership poles on the
/// right half and the management poles on the left half (each dimension's
/// two poles mirror each other), the coverage polygon, the pole thresholds
/// as a dashed ring, uncovered poles marked with a vermillion triangle and
/// single points of failure with an orange diamond, each named in its label.
///
/// Defaults: the title is `Team <team>`.
///
/// # Examples
///
/// ```
/// use rolebalance::svg::Radar;
/// use rolebalance::{Analyzer, Member, Roster};
/// let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?]
///     .into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let svg = Radar::new().title("The lab").render(&report.teams()[0]);
/// assert!(svg.contains("<title>The lab</title>"));
/// assert_eq!(svg.matches("class=\"axis\"").count(), 8);
/// // organize (0.2) and execution (0.3) are below 0.5; every covered pole
/// // rests on ana alone.
/// assert_eq!(svg.matches("class=\"finding uncovered_pole\"").count(), 2);
/// assert_eq!(svg.matches("class=\"finding single_point_of_failure\"").count(), 6);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Radar {
    title: Option<String>,
    names: std::collections::BTreeMap<String, String>,
}

impl Radar {
    /// A radar with the default title.
    ///
    /// ```
    /// assert_eq!(rolebalance::svg::Radar::new(), rolebalance::svg::Radar::default());
    /// ```
    pub fn new() -> Radar {
        Radar::default()
    }

    /// Names single points of failure by the member's name from `roster`
    /// rather than their id (members without a name keep their id).
    ///
    /// ```
    /// use rolebalance::{svg::Radar, Analyzer, Member, Roster};
    /// let roster: Roster = [Member::new("e7", "Lab", [0.9; 8])?.with_name("Ana Diaz")].into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// assert!(Radar::new().render(&report.teams()[0]).contains("only e7"));
    /// assert!(Radar::new().names(&roster).render(&report.teams()[0]).contains("only Ana Diaz"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn names(mut self, roster: &crate::Roster) -> Radar {
        for m in roster {
            if let Some(name) = m.name() {
                self.names.entry(m.id().to_string()).or_insert_with(|| name.to_string());
            }
        }
        self
    }

    /// Uses `title` instead of `Team <team>`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::Radar::new().title("Lab & co").render(&report.teams()[0]);
    /// assert!(svg.contains("<title>Lab &amp; co</title>"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Radar {
        self.title = Some(title.into());
        self
    }

    /// The SVG of `team`'s radar.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::Radar::new().render(report.team("Ops").unwrap());
    /// assert!(svg.contains("<title>Team Ops</title>"));
    /// assert!(svg.contains("Leadership: direction 0.2")); // (0.2 + 0.3 + 0.3 + 0.1) / 4
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn render(&self, team: &TeamReport) -> String {
        self.render_with(team, &self.names)
    }

    /// [`Radar::render`] with the names of `names` (id to name) instead of
    /// this radar's.
    pub(crate) fn render_with(&self, team: &TeamReport, names: &std::collections::BTreeMap<String, String>) -> String {
        const W: f64 = 640.0;
        const H: f64 = 500.0;
        const CX: f64 = 320.0;
        const CY: f64 = 250.0;
        const R: f64 = 150.0;
        let title = self.title.clone().unwrap_or_else(|| format!("Team {}", team.team()));
        let mut out = String::with_capacity(8192);
        open_svg(&mut out, W, H, &title);
        let poles: Vec<crate::analysis::report::PoleReport<'_>> = team.poles().collect();
        let findings = team.findings();
        let dims = (poles.len() / 2).max(1);
        let font = if poles.len() > 24 {
            8.0
        } else if poles.len() > 12 {
            10.0
        } else {
            12.0
        };
        // Where pole `i` points: leadership poles clockwise on the right,
        // each management pole mirrored on the left.
        let angle = |i: usize| -> (f64, f64) {
            let a = ((i / 2) as f64 + 0.5) * std::f64::consts::PI / dims as f64;
            let sx = if i % 2 == 0 { a.sin() } else { -a.sin() };
            (sx, -a.cos())
        };
        let at = |i: usize, r: f64| {
            let (sx, sy) = angle(i);
            (CX + R * r * sx, CY + R * r * sy)
        };
        // Halves.
        let _ = writeln!(
            out,
            "<path d=\"M{cx} {top}A{r} {r} 0 0 1 {cx} {bot}Z\" fill=\"{BLUE}\" fill-opacity=\"0.06\"/>",
            cx = n(CX),
            top = n(CY - R),
            bot = n(CY + R),
            r = n(R)
        );
        let _ = writeln!(
            out,
            "<path d=\"M{cx} {top}A{r} {r} 0 0 0 {cx} {bot}Z\" fill=\"{ORANGE}\" fill-opacity=\"0.08\"/>",
            cx = n(CX),
            top = n(CY - R),
            bot = n(CY + R),
            r = n(R)
        );
        text(
            &mut out,
            W - 16.0,
            56.0,
            "text-anchor=\"end\" font-weight=\"bold\"",
            &format!("Leadership: direction {}", v2(team.direction())),
        );
        text(
            &mut out,
            16.0,
            56.0,
            "text-anchor=\"start\" font-weight=\"bold\"",
            &format!("Management: control {}", v2(team.control())),
        );
        // Rings and their values, on the vertical line between the halves.
        for k in 1..=4 {
            let r = R * f64::from(k) / 4.0;
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"0.8\"/>",
                n(CX),
                n(CY),
                n(r)
            );
            text(
                &mut out,
                CX + 3.0,
                CY - r + 11.0,
                "font-size=\"9\" fill=\"#444444\" stroke=\"#FFFFFF\" stroke-width=\"2.5\" paint-order=\"stroke\"",
                &format!("{:.2}", f64::from(k) / 4.0),
            );
        }
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#777777\" stroke-width=\"1\"/>",
            n(CY - R - 8.0),
            n(CY + R + 8.0),
            x = n(CX)
        );
        // Axes.
        for (i, p) in poles.iter().enumerate() {
            let (x, y) = at(i, 1.0);
            let _ = writeln!(
                out,
                "<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\">\
                 <title>{}</title></line>",
                n(CX),
                n(CY),
                n(x),
                n(y),
                esc(p.pole())
            );
        }
        // Threshold ring (a polygon when pole thresholds differ).
        let order: Vec<usize> =
            (0..poles.len()).filter(|i| i % 2 == 0).chain((0..poles.len()).filter(|i| i % 2 == 1).rev()).collect();
        let path = |f: &dyn Fn(usize) -> f64| {
            let mut d = String::new();
            for (k, &i) in order.iter().enumerate() {
                let (x, y) = at(i, f(i).clamp(0.0, 1.0));
                let _ = write!(d, "{}{} {}", if k == 0 { "M" } else { "L" }, n(x), n(y));
            }
            d.push('Z');
            d
        };
        let thr = |i: usize| poles.get(i).map_or(0.0, |p| p.threshold());
        let cov = |i: usize| poles.get(i).map_or(0.0, |p| p.coverage());
        if !poles.is_empty() {
            let _ = writeln!(
                out,
                "<path class=\"coverage\" d=\"{}\" fill=\"{BLUE}\" fill-opacity=\"0.28\" stroke=\"{BLUE}\" \
                 stroke-width=\"2.5\" stroke-linejoin=\"round\"/>",
                path(&cov)
            );
            let _ = writeln!(
                out,
                "<path class=\"threshold\" d=\"{}\" fill=\"none\" stroke=\"{BLACK}\" stroke-width=\"1.5\" \
                 stroke-dasharray=\"6 4\"/>",
                path(&thr)
            );
        }
        // Points, marks and labels.
        for (i, p) in poles.iter().enumerate() {
            let (x, y) = at(i, p.coverage().clamp(0.0, 1.0));
            let finding = findings.iter().find(|f| {
                f.pole() == Some(p.pole())
                    && matches!(f.kind(), FindingKind::UncoveredPole | FindingKind::SinglePointOfFailure)
            });
            let note = match finding {
                Some(f) if f.kind() == FindingKind::UncoveredPole => {
                    let _ = writeln!(
                        out,
                        "<path class=\"finding uncovered_pole\" d=\"{}\" fill=\"{VERMILLION}\" stroke=\"{BLACK}\" \
                         stroke-width=\"1\"><title>{}</title></path>",
                        triangle(x, y, 7.0),
                        esc(&f.message())
                    );
                    Some(("uncovered".to_string(), VERMILLION))
                }
                Some(f) => {
                    let _ = writeln!(
                        out,
                        "<path class=\"finding single_point_of_failure\" d=\"M{} {}l6 6l-6 6l-6 -6Z\" \
                         fill=\"{ORANGE}\" stroke=\"{BLACK}\" stroke-width=\"1\"><title>{}</title></path>",
                        n(x),
                        n(y - 6.0),
                        esc(&f.message())
                    );
                    let label = match f.member() {
                        Some(id) => format!("only {}", shorten(names.get(id).map_or(id, String::as_str), 18)),
                        None => "one member".to_string(),
                    };
                    Some((label, "#8A5A00"))
                }
                None => {
                    let _ = writeln!(
                        out,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{BLUE}\"><title>{} {}</title></circle>",
                        n(x),
                        n(y),
                        esc(p.pole()),
                        v2(p.coverage())
                    );
                    None
                }
            };
            let (sx, sy) = angle(i);
            let lx = CX + (R + 12.0) * sx;
            let ly = CY
                + (R + 12.0) * sy
                + if sy > 0.3 {
                    font
                } else if sy < -0.3 {
                    -2.0
                } else {
                    4.0
                };
            let anchor = if sx >= 0.0 { "start" } else { "end" };
            let weight = if note.is_some() { " font-weight=\"bold\"" } else { "" };
            let colour = note.as_ref().map_or(BLACK, |(_, c)| c);
            let label = format!("{} {}", shorten(p.pole(), 24), v2(p.coverage()));
            let _ = write!(
                out,
                "<text class=\"pole\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{}\" fill=\"{colour}\"{weight}>{}",
                n(lx),
                n(ly),
                n(font),
                esc(&label)
            );
            if let Some((note, _)) = &note {
                let _ = write!(out, "<tspan x=\"{}\" dy=\"{}\">{}</tspan>", n(lx), n(font * 1.15), esc(note));
            }
            out.push_str("</text>\n");
        }
        // Legend.
        let ly = H - 36.0;
        let _ = writeln!(
            out,
            "<rect x=\"20\" y=\"{}\" width=\"18\" height=\"12\" fill=\"{BLUE}\" fill-opacity=\"0.28\" stroke=\"{BLUE}\" \
             stroke-width=\"2\"/>",
            n(ly - 10.0)
        );
        text(&mut out, 44.0, ly, "", "coverage");
        let _ = writeln!(
            out,
            "<line x1=\"130\" y1=\"{y}\" x2=\"160\" y2=\"{y}\" stroke=\"{BLACK}\" stroke-width=\"1.5\" \
             stroke-dasharray=\"6 4\"/>",
            y = n(ly - 4.0)
        );
        text(&mut out, 166.0, ly, "", "pole threshold");
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"{VERMILLION}\" stroke=\"{BLACK}\" stroke-width=\"1\"/>",
            triangle(290.0, ly - 4.0, 7.0)
        );
        text(&mut out, 302.0, ly, "", "uncovered pole");
        let _ = writeln!(
            out,
            "<path d=\"M430 {}l6 6l-6 6l-6 -6Z\" fill=\"{ORANGE}\" stroke=\"{BLACK}\" stroke-width=\"1\"/>",
            n(ly - 10.0)
        );
        text(&mut out, 442.0, ly, "", "single point of failure");
        text(
            &mut out,
            20.0,
            H - 14.0,
            "font-size=\"11\" fill=\"#444444\"",
            &format!(
                "{} members, model {}, balance {}, health {}",
                team.members(),
                team.model(),
                v2(team.balance()),
                v2(team.health())
            ),
        );
        close_svg(&mut out);
        out
    }
}

// ---------------------------------------------------------------------------
// Organisation map

/// The four regions of the organisation map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quadrant {
    /// Direction and control both reach their thresholds.
    Balanced,
    /// Control reaches its threshold, direction does not.
    NoDirection,
    /// Direction reaches its threshold, control does not.
    NoControl,
    /// Neither reaches its threshold.
    Neither,
}

impl Quadrant {
    /// The quadrant of a team with `direction` and `control`, given the two
    /// thresholds (compared as in [`tolerance`](crate::model::tolerance)).
    ///
    /// ```
    /// use rolebalance::svg::Quadrant;
    /// assert_eq!(Quadrant::of(0.7, 0.2, 0.5, 0.5), Quadrant::NoControl);
    /// assert_eq!(Quadrant::of(0.5, 0.5, 0.5, 0.5), Quadrant::Balanced);
    /// ```
    pub fn of(direction: f64, control: f64, direction_threshold: f64, control_threshold: f64) -> Quadrant {
        match (below(direction, direction_threshold), below(control, control_threshold)) {
            (false, false) => Quadrant::Balanced,
            (true, false) => Quadrant::NoDirection,
            (false, true) => Quadrant::NoControl,
            (true, true) => Quadrant::Neither,
        }
    }

    /// The name shown on the map: `balanced`, `no direction`, `no control`,
    /// `neither`.
    ///
    /// ```
    /// assert_eq!(rolebalance::svg::Quadrant::NoDirection.label(), "no direction");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::Balanced => "balanced",
            Quadrant::NoDirection => "no direction",
            Quadrant::NoControl => "no control",
            Quadrant::Neither => "neither",
        }
    }

    /// The quadrant's Okabe-Ito colour.
    ///
    /// ```
    /// assert_eq!(rolebalance::svg::Quadrant::Balanced.colour(), "#0072B2");
    /// ```
    pub fn colour(self) -> &'static str {
        match self {
            Quadrant::Balanced => BLUE,
            Quadrant::NoDirection => SKY,
            Quadrant::NoControl => ORANGE,
            Quadrant::Neither => VERMILLION,
        }
    }

    const ALL: [Quadrant; 4] = [Quadrant::Balanced, Quadrant::NoControl, Quadrant::NoDirection, Quadrant::Neither];
}

/// The organisation map: every team (and rollup) as a point at
/// (control, direction), the threshold lines dividing the plane into the
/// four [`Quadrant`]s, each named and counted.
///
/// Teams are circles and rollups squares, coloured by quadrant. With more
/// teams than [`OrgMap::density_above`], the points become a density grid
/// (40 × 40 cells shaded by the number of teams, on a log scale) so that
/// 10,000 teams stay readable. In both cases the teams with the lowest
/// health (ties by name) are drawn on top and labelled, up to
/// [`OrgMap::labels`]; labels are placed so that they do not overlap, with a
/// leader line when moved away from their point, and a label that finds no
/// free place is left out (its point keeps a tooltip).
///
/// Defaults: the lines at the report's own direction and control thresholds
/// ([`Report::thresholds`]; [`OrgMap::thresholds`] draws others), 12 labels, density above 400 teams, title
/// `Organisation map`.
///
/// # Examples
///
/// ```
/// use rolebalance::svg::OrgMap;
/// use rolebalance::{Analyzer, Member, Roster, Thresholds};
/// let roster: Roster = [
///     Member::new("a", "Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9])?,
///     Member::new("b", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
/// ].into_iter().collect();
/// let thresholds = Thresholds::default().with("side", 0.6)?;
/// let report = Analyzer::new().thresholds(thresholds.clone()).analyze(&roster)?;
/// let svg = OrgMap::new().thresholds(&thresholds).labels(5).render(&report);
/// assert_eq!(svg.matches("class=\"team no_direction\"").count(), 1);
/// assert_eq!(svg.matches("class=\"team no_control\"").count(), 1);
/// assert!(svg.contains("direction threshold 0.60"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrgMap {
    direction: Option<f64>,
    control: Option<f64>,
    labels: usize,
    density_above: usize,
    title: Option<String>,
}

impl Default for OrgMap {
    fn default() -> Self {
        OrgMap { direction: None, control: None, labels: 12, density_above: 400, title: None }
    }
}

impl OrgMap {
    /// A map with the defaults.
    ///
    /// ```
    /// assert_eq!(rolebalance::svg::OrgMap::new(), rolebalance::svg::OrgMap::default());
    /// ```
    pub fn new() -> OrgMap {
        OrgMap::default()
    }

    /// Draws the threshold lines at `thresholds`' direction and control
    /// thresholds instead of the report's own. (Teams with requirement
    /// profiles may have had other thresholds; their findings are in the
    /// heat map and the team sections.)
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// use rolebalance::{svg::{OrgMap, Quadrant}, Thresholds};
    /// let lenient = Thresholds::default().with("side", 0.15)?;
    /// let lab = report.team("Lab").unwrap(); // control 0.2
    /// assert_eq!(OrgMap::new().quadrant(lab), Quadrant::NoControl);
    /// assert_eq!(OrgMap::new().thresholds(&lenient).quadrant(lab), Quadrant::Balanced);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds(mut self, thresholds: &Thresholds) -> OrgMap {
        self.direction = Some(thresholds.direction());
        self.control = Some(thresholds.control());
        self
    }

    /// Labels at most `labels` teams, those with the lowest health.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::OrgMap::new().labels(1).render(&report);
    /// assert_eq!(svg.matches("class=\"label\"").count(), 1);
    /// assert!(svg.contains("1 of 2 teams labelled"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn labels(mut self, labels: usize) -> OrgMap {
        self.labels = labels;
        self
    }

    /// Draws a density grid instead of one point per team when there are
    /// more than `teams` teams.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::OrgMap::new().density_above(1).labels(0).render(&report);
    /// assert_eq!(svg.matches("class=\"cell\"").count(), 2);
    /// assert_eq!(svg.matches("class=\"team").count(), 0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn density_above(mut self, teams: usize) -> OrgMap {
        self.density_above = teams;
        self
    }

    /// Uses `title` instead of `Organisation map`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::OrgMap::new().title("Acme, Q3").render(&report);
    /// assert!(svg.contains("<title>Acme, Q3</title>"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> OrgMap {
        self.title = Some(title.into());
        self
    }

    /// The quadrant of `team` on this map: by the thresholds given to
    /// [`OrgMap::thresholds`], else by the team's own
    /// ([`TeamReport::thresholds`]).
    ///
    /// ```
    /// use rolebalance::svg::{OrgMap, Quadrant};
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let roster: Roster = [Member::new("a", "Ops", [0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1, 0.9])?]
    ///     .into_iter().collect();
    /// let report = Analyzer::new().analyze(&roster)?;
    /// assert_eq!(OrgMap::new().quadrant(&report.teams()[0]), Quadrant::NoDirection);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn quadrant(&self, team: &TeamReport) -> Quadrant {
        let t = team.thresholds();
        let (d, c) = (self.direction.unwrap_or(t.direction()), self.control.unwrap_or(t.control()));
        Quadrant::of(team.direction(), team.control(), d, c)
    }

    /// The lines of `report`'s map: the thresholds given, else the report's.
    fn lines(&self, report: &Report) -> (f64, f64) {
        let t = report.thresholds();
        (self.direction.unwrap_or(t.direction()), self.control.unwrap_or(t.control()))
    }

    /// The SVG of `report`'s map.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let roster: Roster = [
    /// #     Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1])?,
    /// #     Member::new("bo", "Ops", [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9])?,
    /// # ].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// let svg = rolebalance::svg::OrgMap::new().render(&report);
    /// assert_eq!(svg.matches("class=\"team ").count(), 2);
    /// assert!(svg.contains("no control (1)") && svg.contains("balanced (0)"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn render(&self, report: &Report) -> String {
        const W: f64 = 760.0;
        const H: f64 = 630.0;
        const X0: f64 = 80.0;
        const Y0: f64 = 66.0;
        const S: f64 = 470.0;
        let px = |control: f64| X0 + S * control.clamp(0.0, 1.0);
        let py = |direction: f64| Y0 + S * (1.0 - direction.clamp(0.0, 1.0));
        let title = self.title.clone().unwrap_or_else(|| "Organisation map".to_string());
        let teams = report.teams();
        let mut out = String::with_capacity(16384 + teams.len().min(self.density_above) * 160);
        open_svg(&mut out, W, H, &title);
        // Quadrant backgrounds, names and counts.
        let (line_direction, line_control) = self.lines(report);
        let (tx, ty) = (px(line_control), py(line_direction));
        let mut counts = [0usize; 4];
        for t in teams {
            let q = Quadrant::of(t.direction(), t.control(), line_direction, line_control);
            if let Some(c) = Quadrant::ALL.iter().position(|&a| a == q).and_then(|k| counts.get_mut(k)) {
                *c += 1;
            }
        }
        let count = |q: Quadrant| Quadrant::ALL.iter().position(|&a| a == q).and_then(|k| counts.get(k)).copied();
        for q in Quadrant::ALL {
            let (x, y, w, h) = match q {
                Quadrant::Balanced => (tx, Y0, X0 + S - tx, ty - Y0),
                Quadrant::NoControl => (X0, Y0, tx - X0, ty - Y0),
                Quadrant::NoDirection => (tx, ty, X0 + S - tx, Y0 + S - ty),
                Quadrant::Neither => (X0, ty, tx - X0, Y0 + S - ty),
            };
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.13\"/>",
                n(x),
                n(y),
                n(w.max(0.0)),
                n(h.max(0.0)),
                q.colour()
            );
        }
        // Grid and axes.
        for k in 0..=4 {
            let v = f64::from(k) / 4.0;
            let _ = writeln!(
                out,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"0.6\"/>",
                n(Y0),
                n(Y0 + S),
                x = n(px(v))
            );
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{GRID}\" stroke-width=\"0.6\"/>",
                n(X0),
                n(X0 + S),
                y = n(py(v))
            );
            text(&mut out, px(v), Y0 + S + 18.0, "text-anchor=\"middle\" font-size=\"11\"", &format!("{v:.2}"));
            text(&mut out, X0 - 8.0, py(v) + 4.0, "text-anchor=\"end\" font-size=\"11\"", &format!("{v:.2}"));
        }
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\"/>",
            n(X0),
            n(Y0),
            s = n(S)
        );
        text(
            &mut out,
            X0 + S / 2.0,
            Y0 + S + 60.0,
            "text-anchor=\"middle\" font-weight=\"bold\"",
            "control: management poles covered →",
        );
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-90 {x} {y})\" text-anchor=\"middle\" \
             font-weight=\"bold\">direction: leadership poles covered →</text>",
            x = n(X0 - 48.0),
            y = n(Y0 + S / 2.0)
        );
        let dense = teams.len() > self.density_above;
        if dense {
            self.density(&mut out, teams, &px, &py);
        }
        // Threshold lines.
        let _ = writeln!(
            out,
            "<line class=\"threshold\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{BLACK}\" stroke-width=\"1.5\" \
             stroke-dasharray=\"6 4\"/>",
            n(Y0),
            n(Y0 + S),
            x = n(tx)
        );
        let _ = writeln!(
            out,
            "<line class=\"threshold\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{BLACK}\" stroke-width=\"1.5\" \
             stroke-dasharray=\"6 4\"/>",
            n(X0),
            n(X0 + S),
            y = n(ty)
        );
        let dlabel = format!("direction threshold {}", v2(line_direction));
        let clabel = format!("control threshold {}", v2(line_control));
        let mut occupied: Vec<Rect> = vec![
            Rect { x: X0 + S - 4.0 - text_width(&dlabel, 10.0), y: ty - 15.0, w: text_width(&dlabel, 10.0), h: 12.0 },
            Rect { x: tx - 15.0, y: Y0 + 4.0, w: 12.0, h: text_width(&clabel, 10.0) },
        ];
        text(&mut out, X0 + S - 4.0, ty - 5.0, "text-anchor=\"end\" font-size=\"10\" fill=\"#333333\"", &dlabel);
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-90 {x} {y})\" text-anchor=\"end\" font-size=\"10\" \
             fill=\"#333333\">{}</text>",
            esc(&clabel),
            x = n(tx - 5.0),
            y = n(Y0 + 4.0)
        );
        // Points or density.
        let labelled = self.worst(report);
        let common = common_prefix(teams);
        if !dense {
            let r = if teams.len() > 100 { 3.0 } else { 5.5 };
            for (k, t) in teams.iter().enumerate() {
                if labelled.contains(&k) {
                    continue;
                }
                self.point(&mut out, t, px(t.control()), py(t.direction()), r, (line_direction, line_control));
            }
        }
        // Labelled teams on top. Their points are obstacles for all labels.
        let marks: Vec<(usize, f64, f64)> =
            labelled.iter().filter_map(|&k| teams.get(k).map(|t| (k, px(t.control()), py(t.direction())))).collect();
        for &(_, x, y) in &marks {
            occupied.push(Rect { x: x - 6.0, y: y - 6.0, w: 12.0, h: 12.0 });
        }
        // The quadrant names, outside the plot at its corners, so that no
        // point hides them.
        let names: Vec<(Quadrant, f64, f64, &str)> = vec![
            (Quadrant::NoControl, X0, Y0 - 7.0, "start"),
            (Quadrant::Balanced, X0 + S, Y0 - 7.0, "end"),
            (Quadrant::Neither, X0, Y0 + S + 38.0, "start"),
            (Quadrant::NoDirection, X0 + S, Y0 + S + 38.0, "end"),
        ];
        for (q, x, y, anchor) in &names {
            let label = format!("{} ({})", q.label(), count(*q).unwrap_or(0));
            let attrs = format!(
                "class=\"quadrant\" text-anchor=\"{anchor}\" font-size=\"14\" font-weight=\"bold\" fill=\"#222222\" \
                 stroke=\"#FFFFFF\" stroke-width=\"3\" paint-order=\"stroke\""
            );
            text(&mut out, *x, *y, &attrs, &label);
        }
        for &(k, x, y) in &marks {
            if let Some(t) = teams.get(k) {
                self.point(&mut out, t, x, y, 6.0, (line_direction, line_control));
            }
        }
        let bounds = Rect { x: X0, y: Y0, w: S, h: S };
        for &(k, x, y) in &marks {
            let Some(t) = teams.get(k) else { continue };
            let label = shorten(relative(t.team(), &common), 30);
            let (w, h) = (text_width(&label, 11.0), 13.0);
            let Some((lx, ly, lead)) = place(x, y, w, h, &bounds, &occupied) else { continue };
            occupied.push(Rect { x: lx, y: ly, w, h });
            if lead {
                let (ax, ay) = (lx.max(x.min(lx + w)), ly.max(y.min(ly + h)));
                let _ = writeln!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#444444\" stroke-width=\"0.8\"/>",
                    n(x),
                    n(y),
                    n(ax),
                    n(ay)
                );
            }
            let _ = writeln!(
                out,
                "<text class=\"label\" x=\"{}\" y=\"{}\" font-size=\"11\" stroke=\"#FFFFFF\" stroke-width=\"3\" \
                 paint-order=\"stroke\">{}</text>",
                n(lx),
                n(ly + h - 3.0),
                esc(&label)
            );
        }
        // Legend.
        let lx = X0 + S + 24.0;
        let mut y = Y0 + 10.0;
        text(&mut out, lx, y, "font-weight=\"bold\"", "Legend");
        y += 22.0;
        for q in Quadrant::ALL {
            let _ = writeln!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\" stroke=\"{BLACK}\" stroke-width=\"0.8\"/>",
                n(lx + 6.0),
                n(y - 4.0),
                q.colour()
            );
            text(&mut out, lx + 18.0, y, "", &format!("{} ({})", q.label(), count(q).unwrap_or(0)));
            y += 20.0;
        }
        y += 6.0;
        let _ = writeln!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#FFFFFF\" stroke=\"{BLACK}\"/>",
            n(lx + 6.0),
            n(y - 4.0)
        );
        text(&mut out, lx + 18.0, y, "", "team");
        y += 20.0;
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#FFFFFF\" stroke=\"{BLACK}\"/>",
            n(lx + 1.0),
            n(y - 9.0)
        );
        text(&mut out, lx + 18.0, y, "", "rollup (A/*)");
        y += 20.0;
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"{BLACK}\" stroke-width=\"1.5\" \
             stroke-dasharray=\"6 4\"/>",
            n(lx),
            n(lx + 14.0),
            yy = n(y - 4.0)
        );
        text(&mut out, lx + 18.0, y, "", "threshold");
        y += 28.0;
        if teams.len() > self.density_above {
            text(&mut out, lx, y, "font-weight=\"bold\"", "Teams per cell");
            y += 20.0;
            for (k, label) in ["1", "10", "100", "1000+"].iter().enumerate() {
                let _ = writeln!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#888888\" stroke-width=\"0.5\"/>",
                    n(lx),
                    n(y - 11.0),
                    density_colour(k as f64 / 3.0)
                );
                text(&mut out, lx + 20.0, y, "", label);
                y += 20.0;
            }
            y += 8.0;
        }
        if !common.is_empty() {
            text(&mut out, lx, y, "font-size=\"11\"", "labels are relative to");
            text(&mut out, lx, y + 15.0, "font-size=\"11\" font-weight=\"bold\"", &shorten(&format!("{common}/"), 24));
            y += 38.0;
        }
        let note = if labelled.len() < teams.len() {
            format!("{} of {} teams labelled:", labelled.len(), teams.len())
        } else {
            format!("all {} teams labelled", teams.len())
        };
        text(&mut out, lx, y, "font-size=\"11\"", &note);
        if labelled.len() < teams.len() {
            text(&mut out, lx, y + 15.0, "font-size=\"11\"", "the lowest health");
        }
        close_svg(&mut out);
        out
    }

    /// Indexes of the teams to label: all when few enough, otherwise the
    /// lowest health first (ties by name, then level).
    fn worst(&self, report: &Report) -> Vec<usize> {
        let teams = report.teams();
        let mut idx: Vec<usize> = (0..teams.len()).collect();
        let health = |k: usize| teams.get(k).map_or(0.0, |t| t.health());
        idx.sort_by(|&a, &b| health(a).total_cmp(&health(b)).then(a.cmp(&b)));
        idx.truncate(self.labels);
        idx.sort_unstable();
        idx
    }

    fn point(&self, out: &mut String, t: &TeamReport, x: f64, y: f64, r: f64, lines: (f64, f64)) {
        let q = Quadrant::of(t.direction(), t.control(), lines.0, lines.1);
        let class = match q {
            Quadrant::Balanced => "balanced",
            Quadrant::NoDirection => "no_direction",
            Quadrant::NoControl => "no_control",
            Quadrant::Neither => "neither",
        };
        let tip = format!(
            "{}: direction {}, control {}, health {}{}",
            t.team(),
            v2(t.direction()),
            v2(t.control()),
            v2(t.health()),
            if t.is_sound() { String::new() } else { format!("; {}", t.flags()) }
        );
        match t.level() {
            Level::Team => {
                let _ = writeln!(
                    out,
                    "<circle class=\"team {class}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" stroke=\"{BLACK}\" \
                     stroke-width=\"0.8\"><title>{}</title></circle>",
                    n(x),
                    n(y),
                    n(r),
                    q.colour(),
                    esc(&tip)
                );
            }
            Level::Rollup => {
                let _ = writeln!(
                    out,
                    "<rect class=\"team rollup {class}\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" fill=\"{}\" \
                     stroke=\"{BLACK}\" stroke-width=\"0.8\"><title>{}</title></rect>",
                    n(x - r),
                    n(y - r),
                    q.colour(),
                    esc(&tip),
                    s = n(2.0 * r)
                );
            }
        }
    }

    fn density(&self, out: &mut String, teams: &[TeamReport], px: &dyn Fn(f64) -> f64, py: &dyn Fn(f64) -> f64) {
        const CELLS: usize = 40;
        let mut grid = vec![0u64; CELLS * CELLS];
        let cell = |v: f64| ((v.clamp(0.0, 1.0) * CELLS as f64) as usize).min(CELLS - 1);
        for t in teams {
            if let Some(c) = grid.get_mut(cell(t.direction()) * CELLS + cell(t.control())) {
                *c += 1;
            }
        }
        let size = px(1.0) - px(0.0);
        let step = size / CELLS as f64;
        for (k, &c) in grid.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let (row, col) = (k / CELLS, k % CELLS);
            let x = px(0.0) + col as f64 * step;
            let y = py(0.0) - (row + 1) as f64 * step;
            let level = ((c as f64).log10() / 3.0).min(1.0);
            let (lo, hi) = (row as f64 / CELLS as f64, (row + 1) as f64 / CELLS as f64);
            let (clo, chi) = (col as f64 / CELLS as f64, (col + 1) as f64 / CELLS as f64);
            let _ = writeln!(
                out,
                "<rect class=\"cell\" data-count=\"{c}\" x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" fill=\"{}\" fill-opacity=\"0.9\">\
                 <title>{c} teams: direction {lo:.3} to {hi:.3}, control {clo:.3} to {chi:.3}</title></rect>",
                n(x),
                n(y),
                density_colour(level),
                s = n(step + 0.1)
            );
        }
    }
}

/// The longest team-path prefix (whole segments) that every team (not
/// rollup) lies strictly below: `Acme/Eng` for `Acme/Eng/A` and `Acme/Eng/B`;
/// empty when there is none.
fn common_prefix(teams: &[TeamReport]) -> String {
    let mut names = teams.iter().filter(|t| t.level() == Level::Team).map(TeamReport::team);
    let Some(first) = names.next() else { return String::new() };
    // Candidate: every proper prefix of the first team, longest first.
    let mut best: Vec<&str> = crate::model::team::team_prefixes(first).collect();
    for name in names {
        best.retain(|p| name.len() > p.len() + 1 && crate::model::team::is_team_prefix(p, name));
        if best.is_empty() {
            return String::new();
        }
    }
    best.last().map_or(String::new(), |p| (*p).to_string())
}

/// `team` without `prefix/` in front (rollups of the prefix itself and
/// teams outside it keep their full name).
fn relative<'a>(team: &'a str, prefix: &str) -> &'a str {
    if prefix.is_empty() {
        return team;
    }
    match team.strip_prefix(prefix).and_then(|r| r.strip_prefix('/')) {
        Some(rest) if !rest.is_empty() && rest != "*" => rest,
        _ => team,
    }
}

/// A light-to-dark blue ramp (one hue, so readable whatever the colour
/// vision) for the density grid; `level` in [0, 1].
fn density_colour(level: f64) -> String {
    let l = level.clamp(0.0, 1.0);
    let (a, b) = ((0xC6u8, 0xDBu8, 0xEFu8), (0x08u8, 0x30u8, 0x6Bu8));
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * l).round() as u8;
    format!("#{:02x}{:02x}{:02x}", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x >= o.x && self.y >= o.y && self.x + self.w <= o.x + o.w && self.y + self.h <= o.y + o.h
    }
}

/// A free place for a `w` × `h` label of the point (x, y): its top-left
/// corner and whether it needs a leader line.
fn place(x: f64, y: f64, w: f64, h: f64, bounds: &Rect, occupied: &[Rect]) -> Option<(f64, f64, bool)> {
    for ring in 0..7 {
        let d = 8.0 + 14.0 * f64::from(ring);
        let candidates = [
            (x + d, y - h / 2.0),
            (x - d - w, y - h / 2.0),
            (x + d * 0.7, y - d * 0.7 - h),
            (x + d * 0.7, y + d * 0.7),
            (x - d * 0.7 - w, y - d * 0.7 - h),
            (x - d * 0.7 - w, y + d * 0.7),
            (x - w / 2.0, y - d - h),
            (x - w / 2.0, y + d),
        ];
        for (lx, ly) in candidates {
            let r = Rect { x: lx, y: ly, w, h };
            if r.inside(bounds) && !occupied.iter().any(|o| o.overlaps(&r)) {
                return Some((lx, ly, ring > 0));
            }
        }
    }
    None
}

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

#[cfg(test)]
mod tests {
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
