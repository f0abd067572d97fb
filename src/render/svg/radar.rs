//! The radar of one team: a spoke per pole.

use super::*;

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
