//! Comparisons and series written out: the two CSV tables (numbers as the
//! summary table writes them), JSON and text.

use std::io::{self, Write};

use crate::analysis::compare::{ChangeKind, Comparison, MemberChange, Series, Status, TeamChange, TeamScores};
use crate::io::csvout::{push_f64, push_field, push_text, push_u64, CsvFormulas};
use crate::render::json;
use crate::util::fixed::Fixed2;

/// The header of [`Comparison::write_csv`].
const COMPARE_HEADER: &[u8] = b"team,status,members_before,members_after,direction_before,direction_after,\
control_before,control_after,health_before,health_after,resolved,introduced\n";

/// The header of [`Series::write_csv`].
const TREND_HEADER: &[u8] = b"team,snapshot,members,direction,control,health,flags\n";

fn level_str(level: crate::Level) -> &'static str {
    match level {
        crate::Level::Team => "team",
        crate::Level::Rollup => "rollup",
    }
}

impl Comparison {
    /// Writes one row per team and rollup, sorted by team:
    /// `team,status,members_before,members_after,direction_before,direction_after,control_before,control_after,health_before,health_after,resolved,introduced`,
    /// numbers as in the summary table, empty on the side where the team
    /// does not exist; `resolved` and `introduced` are `;`-separated flag
    /// tokens.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let a: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// let b: Roster = [Member::new("ana", "Ops", [0.9; 8])?].into_iter().collect();
    /// let mut out = Vec::new();
    /// Analyzer::new().compare(&a, &b)?.write_csv(&mut out)?;
    /// let text = String::from_utf8(out)?;
    /// assert!(text.lines().nth(1).unwrap().starts_with("Lab,gone,1,,0.9,,0.9,,0.9,,single_point_of_failure:inspire;"));
    /// assert!(text.lines().nth(2).unwrap().starts_with("Ops,new,,1,,0.9,,0.9,,0.9,,single_point_of_failure:inspire;"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: Write>(&self, mut writer: W) -> io::Result<()> {
        writer.write_all(COMPARE_HEADER)?;
        let mut out = Vec::with_capacity(1 << 16);
        for t in &self.teams {
            push_text(&mut out, t.team.as_bytes(), CsvFormulas::default());
            out.push(b',');
            out.extend_from_slice(t.status.as_str().as_bytes());
            let (b, a) = (t.before.as_ref(), t.after.as_ref());
            let cell = |out: &mut Vec<u8>, s: Option<&TeamScores>, f: fn(&TeamScores) -> f64| {
                out.push(b',');
                if let Some(s) = s {
                    push_f64(out, f(s));
                }
            };
            for s in [b, a] {
                out.push(b',');
                if let Some(s) = s {
                    push_u64(&mut out, s.members);
                }
            }
            for f in [TeamScores::direction as fn(&TeamScores) -> f64, TeamScores::control, TeamScores::health] {
                cell(&mut out, b, f);
                cell(&mut out, a, f);
            }
            out.push(b',');
            push_field(&mut out, t.resolved.join(";").as_bytes());
            out.push(b',');
            push_field(&mut out, t.introduced.join(";").as_bytes());
            out.push(b'\n');
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        writer.write_all(&out)?;
        writer.flush()
    }

    /// Writes the comparison as text: a count of what changed, the teams
    /// whose findings changed (scores before and after, findings resolved
    /// and introduced), then the member changes that explain them, then
    /// every member change.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let l = [0.9, 0.2, 0.9, 0.3, 0.8, 0.2, 0.9, 0.1];
    /// let m = [0.2, 0.9, 0.3, 0.9, 0.3, 0.8, 0.1, 0.9];
    /// let a: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Lab", m)?].into_iter().collect();
    /// let b: Roster = [Member::new("ana", "Lab", l)?, Member::new("bo", "Ops", m)?].into_iter().collect();
    /// let mut out = Vec::new();
    /// Analyzer::new().compare(&a, &b)?.write_text(&mut out)?;
    /// let text = String::from_utf8(out)?;
    /// assert!(text.contains("Lab lost control (0.88 to 0.20) when bo moved to Ops"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_text<W: Write>(&self, writer: W) -> io::Result<()> {
        let mut w = io::BufWriter::new(writer);
        let count = |s: Status| self.teams.iter().filter(|t| t.status == s).count();
        let changed: Vec<&TeamChange> = self.findings_changed().collect();
        writeln!(w, "Comparison: {} -> {}", shown(&self.before_label, "before"), shown(&self.after_label, "after"))?;
        writeln!(
            w,
            "{} teams: {} kept, {} new, {} gone; findings changed in {}",
            self.teams.len(),
            count(Status::Kept),
            count(Status::New),
            count(Status::Gone),
            changed.len()
        )?;
        if self.has_rows {
            let kinds = ["joined", "left", "moved", "reweighted", "rescored"];
            let counts: Vec<String> = kinds
                .iter()
                .map(|k| format!("{} {k}", self.people.iter().filter(|p| p.kind.as_str() == *k).count()))
                .collect();
            writeln!(w, "People: {}", counts.join(", "))?;
        }
        if !changed.is_empty() {
            writeln!(w, "\nTeams whose findings changed")?;
        }
        for t in &changed {
            writeln!(w, "  {} ({})", t.team, t.status)?;
            let num = |s: Option<&TeamScores>, f: fn(&TeamScores) -> f64| {
                s.map_or_else(|| "-".to_string(), |s| Fixed2(f(s)).to_string())
            };
            let (b, a) = (t.before.as_ref(), t.after.as_ref());
            let members = |s: Option<&TeamScores>| s.map_or_else(|| "-".to_string(), |s| s.members.to_string());
            writeln!(
                w,
                "    members {} -> {}, direction {} -> {}, control {} -> {}, health {} -> {}",
                members(b),
                members(a),
                num(b, TeamScores::direction),
                num(a, TeamScores::direction),
                num(b, TeamScores::control),
                num(a, TeamScores::control),
                num(b, TeamScores::health),
                num(a, TeamScores::health),
            )?;
            if !t.resolved.is_empty() {
                writeln!(w, "    resolved: {}", t.resolved.join(", "))?;
            }
            if !t.introduced.is_empty() {
                writeln!(w, "    introduced: {}", t.introduced.join(", "))?;
            }
        }
        let explained: Vec<String> = changed.iter().flat_map(|t| t.causes.iter().map(move |c| t.explain(c))).collect();
        if !explained.is_empty() {
            writeln!(w, "\nWhat explains them")?;
            for line in explained {
                writeln!(w, "  {line}")?;
            }
        }
        if !self.people.is_empty() {
            writeln!(w, "\nMember changes")?;
            for p in &self.people {
                writeln!(w, "  {p}")?;
            }
        }
        w.flush()
    }

    /// Writes the comparison as a JSON document:
    /// `{"before", "after", "teams": [{"team", "level", "status", "before", "after", "resolved", "introduced", "causes": [{"change", "exact", "without", "explanation"}]}], "people": [...]}`
    /// with scores as `{"members", "total_weight", "direction", "control", "balance", "health", "flags"}`
    /// (`null` where the team does not exist).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster};
    /// let a: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// let mut out = Vec::new();
    /// Analyzer::new().compare(&a, &a)?.write_json(&mut out)?;
    /// let doc: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(doc["teams"][0]["status"], "kept");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_json<W: Write>(&self, mut writer: W) -> io::Result<()> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(b"{\n  \"before\": ");
        json::push_str(&mut out, &self.before_label);
        out.extend_from_slice(b",\n  \"after\": ");
        json::push_str(&mut out, &self.after_label);
        out.extend_from_slice(b",\n  \"teams\": [");
        for (i, t) in self.teams.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n    {" } else { b",\n    {" });
            out.extend_from_slice(b"\"team\": ");
            json::push_str(&mut out, &t.team);
            out.extend_from_slice(b", \"level\": \"");
            out.extend_from_slice(level_str(t.level).as_bytes());
            out.extend_from_slice(b"\", \"status\": \"");
            out.extend_from_slice(t.status.as_str().as_bytes());
            out.extend_from_slice(b"\",\n      \"before\": ");
            push_scores(&mut out, t.before.as_ref());
            out.extend_from_slice(b",\n      \"after\": ");
            push_scores(&mut out, t.after.as_ref());
            out.extend_from_slice(b",\n      \"resolved\": ");
            push_strings(&mut out, &t.resolved);
            out.extend_from_slice(b", \"introduced\": ");
            push_strings(&mut out, &t.introduced);
            out.extend_from_slice(b",\n      \"causes\": [");
            for (k, c) in t.causes.iter().enumerate() {
                out.extend_from_slice(if k == 0 { b"\n        {" } else { b",\n        {" });
                out.extend_from_slice(b"\"change\": ");
                push_change(&mut out, &c.change);
                out.extend_from_slice(b", \"exact\": ");
                out.extend_from_slice(if c.exact { b"true" } else { b"false" });
                out.extend_from_slice(b", \"without\": ");
                push_scores(&mut out, c.without.as_ref());
                out.extend_from_slice(b", \"explanation\": ");
                json::push_str(&mut out, &t.explain(c));
                out.push(b'}');
            }
            out.extend_from_slice(if t.causes.is_empty() { b"]}" } else { b"\n      ]}" });
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        out.extend_from_slice(if self.teams.is_empty() { b"],\n  \"people\": [" } else { b"\n  ],\n  \"people\": [" });
        for (i, p) in self.people.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            push_change(&mut out, p);
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        out.extend_from_slice(if self.people.is_empty() { b"]\n}\n" } else { b"\n  ]\n}\n" });
        writer.write_all(&out)?;
        writer.flush()
    }
}

/// A label, or `default` when it is empty.
fn shown<'a>(label: &'a str, default: &'a str) -> &'a str {
    if label.is_empty() {
        default
    } else {
        label
    }
}

fn push_strings(out: &mut Vec<u8>, list: &[String]) {
    out.push(b'[');
    for (i, s) in list.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        json::push_str(out, s);
    }
    out.push(b']');
}

fn push_scores(out: &mut Vec<u8>, s: Option<&TeamScores>) {
    let Some(s) = s else {
        out.extend_from_slice(b"null");
        return;
    };
    out.extend_from_slice(b"{\"members\": ");
    push_u64(out, s.members);
    for (key, x) in [
        ("total_weight", s.total_weight),
        ("direction", s.direction),
        ("control", s.control),
        ("balance", s.balance),
        ("health", s.health),
    ] {
        out.extend_from_slice(b", \"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        json::push_f64(out, x);
    }
    out.extend_from_slice(b", \"flags\": ");
    let flags: Vec<String> = s.flag_tokens().map(str::to_string).collect();
    push_strings(out, &flags);
    out.push(b'}');
}

fn push_change(out: &mut Vec<u8>, c: &MemberChange) {
    out.extend_from_slice(b"{\"id\": ");
    json::push_str(out, &c.id);
    out.extend_from_slice(b", \"kind\": \"");
    out.extend_from_slice(c.kind.as_str().as_bytes());
    out.push(b'"');
    let team = |out: &mut Vec<u8>, key: &str, t: &str| {
        out.extend_from_slice(b", \"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        json::push_str(out, t);
    };
    match &c.kind {
        ChangeKind::Moved { from, to, .. } => {
            team(out, "from", from);
            team(out, "to", to);
        }
        other => team(out, "team", other.before_team().or(other.after_team()).unwrap_or_default()),
    }
    for (key, w) in [("weight_before", c.kind.weight_before()), ("weight_after", c.kind.weight_after())] {
        if let Some(w) = w {
            out.extend_from_slice(b", \"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\": ");
            json::push_f64(out, w);
        }
    }
    out.push(b'}');
}

impl Series {
    /// Writes the trend table `team,snapshot,members,direction,control,health,flags`:
    /// per team (sorted) one row per snapshot it exists in, in series
    /// order; `snapshot` is the snapshot's label (its 1-based number when
    /// it has none), numbers as in the summary table.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// use rolebalance::{Analyzer, Member, Roster, Series, Snapshot};
    /// let r: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// let s = Snapshot::of_roster(&r, &Analyzer::new())?;
    /// let series = Series::new(vec![s.clone().with_label("Q1"), s.with_label("Q2")])?;
    /// let mut out = Vec::new();
    /// series.write_csv(&mut out)?;
    /// let text = String::from_utf8(out)?;
    /// assert!(text.lines().nth(2).unwrap().starts_with("Lab,Q2,1,0.9,0.9,0.9,single_point_of_failure:inspire;"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: Write>(&self, mut writer: W) -> io::Result<()> {
        writer.write_all(TREND_HEADER)?;
        let mut out = Vec::with_capacity(1 << 16);
        for t in &self.trends {
            for (k, p) in t.points.iter().enumerate() {
                let Some(s) = p else { continue };
                push_text(&mut out, t.team.as_bytes(), CsvFormulas::default());
                out.push(b',');
                push_text(&mut out, self.label(k).as_bytes(), CsvFormulas::default());
                out.push(b',');
                push_u64(&mut out, s.members);
                for x in [s.direction, s.control, s.health] {
                    out.push(b',');
                    push_f64(&mut out, x);
                }
                out.push(b',');
                push_field(&mut out, s.flags.as_bytes());
                out.push(b'\n');
            }
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        writer.write_all(&out)?;
        writer.flush()
    }

    /// Snapshot `k`'s label, or its 1-based number.
    fn label(&self, k: usize) -> String {
        match self.labels.get(k) {
            Some(l) if !l.is_empty() => l.clone(),
            _ => (k + 1).to_string(),
        }
    }

    /// Writes the series as text: per team, its direction, control and
    /// health in every snapshot (`-` where it does not exist), then its
    /// findings with their first and last snapshot.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Series, Snapshot};
    /// # let r: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let s = Snapshot::of_roster(&r, &Analyzer::new())?;
    /// # let series = Series::new(vec![s.clone().with_label("q1.csv"), s.with_label("q2.csv")])?;
    /// let mut out = Vec::new();
    /// series.write_text(&mut out).map_err(rolebalance::Error::from)?;
    /// assert!(String::from_utf8_lossy(&out).contains("single_point_of_failure:inspire: q1 to q2"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn write_text<W: Write>(&self, writer: W) -> io::Result<()> {
        let mut w = io::BufWriter::new(writer);
        let full: Vec<String> = (0..self.labels.len()).map(|k| self.label(k)).collect();
        writeln!(w, "Series of {} snapshots: {}", full.len(), full.join(", "))?;
        // File names without their folder and `.csv`, below.
        let labels: Vec<String> = full
            .iter()
            .map(|l| {
                let name = l.rsplit(['/', '\\']).next().unwrap_or(l);
                name.strip_suffix(".csv").unwrap_or(name).to_string()
            })
            .collect();
        let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(4).max(4);
        let head: Vec<String> = labels.iter().map(|l| format!("{l:>width$}")).collect();
        writeln!(w, "  snapshot   {}", head.join("  "))?;
        let mut spans = self.findings.iter().peekable();
        for t in &self.trends {
            writeln!(w, "\n{}", t.team)?;
            let row = |f: fn(&TeamScores) -> f64| -> String {
                t.points
                    .iter()
                    .map(|p| {
                        let cell = p.as_ref().map_or_else(|| "-".to_string(), |s| Fixed2(f(s)).to_string());
                        format!("{cell:>width$}")
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
            };
            writeln!(w, "  direction  {}", row(TeamScores::direction))?;
            writeln!(w, "  control    {}", row(TeamScores::control))?;
            writeln!(w, "  health     {}", row(TeamScores::health))?;
            while let Some(f) = spans.next_if(|f| f.team == t.team) {
                let first = labels.get(f.first).map_or("", String::as_str);
                let last = labels.get(f.last).map_or("", String::as_str);
                let span = f.last - f.first + 1;
                if f.first == f.last {
                    writeln!(w, "  {}: only in {first}", f.flag)?;
                } else if f.count == span {
                    writeln!(w, "  {}: {first} to {last}", f.flag)?;
                } else {
                    writeln!(w, "  {}: {first} to {last}, in {} of those {span} snapshots", f.flag, f.count)?;
                }
            }
        }
        w.flush()
    }

    /// Writes the series as a JSON document:
    /// `{"snapshots": [labels], "teams": [{"team", "level", "points": [scores or null]}], "findings": [{"team", "flag", "first", "last", "count"}]}`.
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster, Series, Snapshot};
    /// # let r: Roster = [Member::new("ana", "Lab", [0.9; 8])?].into_iter().collect();
    /// # let s = Snapshot::of_roster(&r, &Analyzer::new())?;
    /// # let series = Series::new(vec![s.clone().with_label("q1.csv"), s.with_label("q2.csv")])?;
    /// let mut out = Vec::new();
    /// series.write_json(&mut out).map_err(rolebalance::Error::from)?;
    /// assert!(String::from_utf8_lossy(&out).starts_with("{\n  \"snapshots\": [\"q1.csv\", \"q2.csv\"]"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn write_json<W: Write>(&self, mut writer: W) -> io::Result<()> {
        let mut out = Vec::with_capacity(1 << 16);
        out.extend_from_slice(b"{\n  \"snapshots\": ");
        push_strings(&mut out, &self.labels);
        out.extend_from_slice(b",\n  \"teams\": [");
        for (i, t) in self.trends.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n    {" } else { b",\n    {" });
            out.extend_from_slice(b"\"team\": ");
            json::push_str(&mut out, &t.team);
            out.extend_from_slice(b", \"level\": \"");
            out.extend_from_slice(level_str(t.level).as_bytes());
            out.extend_from_slice(b"\", \"points\": [");
            for (k, p) in t.points.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(b", ");
                }
                push_scores(&mut out, p.as_ref());
            }
            out.extend_from_slice(b"]}");
            if out.len() >= 1 << 16 {
                writer.write_all(&out)?;
                out.clear();
            }
        }
        out.extend_from_slice(if self.trends.is_empty() {
            b"],\n  \"findings\": ["
        } else {
            b"\n  ],\n  \"findings\": ["
        });
        for (i, f) in self.findings.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n    {\"team\": " } else { b",\n    {\"team\": " });
            json::push_str(&mut out, &f.team);
            out.extend_from_slice(b", \"flag\": ");
            json::push_str(&mut out, &f.flag);
            for (key, n) in [("first", f.first), ("last", f.last), ("count", f.count)] {
                out.extend_from_slice(b", \"");
                out.extend_from_slice(key.as_bytes());
                out.extend_from_slice(b"\": ");
                push_u64(&mut out, n as u64);
            }
            out.push(b'}');
        }
        out.extend_from_slice(if self.findings.is_empty() { b"]\n}\n" } else { b"\n  ]\n}\n" });
        writer.write_all(&out)?;
        writer.flush()
    }
}
