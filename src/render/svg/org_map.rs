//! The organisation map: every team by control and direction.

use super::*;

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
pub(super) fn common_prefix(teams: &[TeamReport]) -> String {
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
pub(super) fn relative<'a>(team: &'a str, prefix: &str) -> &'a str {
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
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl Rect {
    pub(super) fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x >= o.x && self.y >= o.y && self.x + self.w <= o.x + o.w && self.y + self.h <= o.y + o.h
    }
}

/// A free place for a `w` × `h` label of the point (x, y): its top-left
/// corner and whether it needs a leader line.
pub(super) fn place(x: f64, y: f64, w: f64, h: f64, bounds: &Rect, occupied: &[Rect]) -> Option<(f64, f64, bool)> {
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
