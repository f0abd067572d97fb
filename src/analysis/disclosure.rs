//! Confidentiality: who an output is for, and the organisation view that
//! never exposes a person (primary and complementary suppression).
//!
//! The rule is documented for users in the crate docs (`src/lib.rs`,
//! "Confidentiality"); this module is where it is computed.
//!
//! The groups of a report form a forest: a team `A/B/C` sits under the
//! rollup of its longest prefix that has one (`A/B/*`, else `A/*`), a
//! rollup `A/B/*` under `A/*`, and every top-level group under a virtual
//! root, the whole roster, whose totals are taken as known (an
//! organisation's headcount is rarely a secret). The shown groups' totals
//! are sums over the teams (atoms) they hold, so what subtraction can give
//! is spanned by the *residues*: a shown group (or the root) minus its
//! nearest shown groups below it. Residues are disjoint, so what can be
//! worked out is exactly a union of residues. Suppression ends when
//!
//! - (a) every non-empty residue holds at least `min_group` active members,
//! - (b) no suppressed group is a union of residues (it holds none, or its
//!   nearest shown group's whole residue), unless it is the whole roster.
//!
//! Groups are settled bottom-up, each shown rollup (then the root) in a
//! loop: while its residue breaks (a) or (b), suppress the smallest shown
//! group at the edge of its region (where it can help), or else the
//! rollup itself, which moves the problem up to its own shown parent.
//! Picking the smallest first keeps the fixes of (a) inside the group they
//! open up, so that (b) has not been seen to fire on an analyser's report
//! (20,000 generated rosters); it stays as the net for reports read back
//! with groups left out, and the tests check both conditions from outside.

use std::collections::HashMap;
use std::fmt;
use std::io;

use crate::analysis::findings::{Finding, FindingKind, Severity};
use crate::analysis::report::{Report, TeamReport};
use crate::error::{Error, ErrorKind};
use crate::model::coverage::Coverage;
use crate::model::framework::Side;
use crate::model::team::Level;
use crate::model::thresholds::Thresholds;

/// Who an output is for.
///
/// ```
/// use rolebalance::Audience;
/// assert_eq!(Audience::default(), Audience::Team);
/// assert_eq!("org".parse::<Audience>()?, Audience::Org);
/// assert_eq!(Audience::Org.to_string(), "org");
/// assert_eq!("hr".parse::<Audience>().unwrap_err().to_string(),
///     "option `audience`: `hr` is not an audience: team or org");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Audience {
    /// A team lead looking at their own team: every detail, members named
    /// ([`Report`] and its outputs).
    #[default]
    Team,
    /// The organisation (HR, a leadership team, a works council): no ids,
    /// names or per-member values; small groups suppressed, and more
    /// wherever a suppressed one could be worked out ([`OrgReport`]).
    Org,
}

impl Audience {
    /// The name: `team` or `org`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Audience::Team.as_str(), "team");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Team => "team",
            Audience::Org => "org",
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Audience {
    type Err = Error;
    fn from_str(s: &str) -> Result<Audience, Error> {
        match s {
            "team" => Ok(Audience::Team),
            "org" => Ok(Audience::Org),
            _ => Err(ErrorKind::InvalidOption {
                name: "audience".into(),
                problem: format!("`{}` is not an audience: team or org", crate::error::shown(s)),
            }
            .into()),
        }
    }
}

/// The smallest `min_group` allowed.
pub const MIN_GROUP_FLOOR: u64 = 3;

/// The default `min_group`.
pub const DEFAULT_MIN_GROUP: u64 = 5;

/// The disclosure rule of the organisation audience: the smallest group
/// shown (`min_group` active members, default 5, never below 3). It turns
/// a [`Report`] into an [`OrgReport`] (see the crate docs,
/// "Confidentiality", for the rule and what it protects against).
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Disclosure, Member, Roster, Rollups};
/// let mut members = Vec::new();
/// for (team, n) in [("Acme/Lab", 6), ("Acme/Ops", 5), ("Acme/Board", 2)] {
///     for i in 0..n {
///         members.push(Member::new(format!("{team}-{i}"), team, [0.6; 8])?);
///     }
/// }
/// let roster: Roster = members.into_iter().collect();
/// let report = Analyzer::new().rollups(Rollups::Include).analyze(&roster)?;
/// let org = Disclosure::new().apply(&report);
/// let suppressed: Vec<&str> = org.groups().iter().filter(|g| g.is_suppressed()).map(|g| g.team()).collect();
/// // Board is too small; Acme/* minus Lab and Ops would give it away, so
/// // the smaller of the two (Ops) goes too.
/// assert_eq!(suppressed, ["Acme/Board", "Acme/Ops"]);
/// assert_eq!(org.group("Acme/*").unwrap().members(), Some(13));
/// assert_eq!(org.group("Acme/Board").unwrap().members(), None);
///
/// assert_eq!(Disclosure::new().min_group(2).unwrap_err().to_string(),
///     "option `min_group`: 2 is below the floor of 3 active members");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disclosure {
    min_group: u64,
}

impl Default for Disclosure {
    fn default() -> Disclosure {
        Disclosure { min_group: DEFAULT_MIN_GROUP }
    }
}

impl Disclosure {
    /// The default rule: groups of fewer than 5 active members suppressed.
    ///
    /// ```
    /// assert_eq!(rolebalance::Disclosure::new().group_floor(), 5);
    /// ```
    pub fn new() -> Disclosure {
        Disclosure::default()
    }

    /// Suppresses groups of fewer than `k` active members.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidOption`] when `k` is below
    /// [`MIN_GROUP_FLOOR`] (3).
    ///
    /// ```
    /// assert_eq!(rolebalance::Disclosure::new().min_group(8)?.group_floor(), 8);
    /// assert!(rolebalance::Disclosure::new().min_group(1).is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn min_group(self, k: u64) -> Result<Disclosure, Error> {
        if k < MIN_GROUP_FLOOR {
            return Err(ErrorKind::InvalidOption {
                name: "min_group".into(),
                problem: format!("{k} is below the floor of {MIN_GROUP_FLOOR} active members"),
            }
            .into());
        }
        Ok(Disclosure { min_group: k })
    }

    /// The smallest group shown, in active members.
    ///
    /// ```
    /// assert_eq!(rolebalance::Disclosure::default().group_floor(), rolebalance::DEFAULT_MIN_GROUP);
    /// ```
    pub fn group_floor(&self) -> u64 {
        self.min_group
    }

    /// The organisation view of `report`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Disclosure, Member, Roster};
    /// let roster: Roster = (0..5).map(|i| Member::new(format!("p{i}"), "Lab", [0.7; 8])).collect::<Result<_, _>>()?;
    /// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
    /// assert_eq!(org.groups()[0].members(), Some(5));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn apply(&self, report: &Report) -> OrgReport {
        let suppressed = suppress(report.teams(), self.min_group);
        let mut groups = Vec::with_capacity(report.len());
        let mut shown = Vec::new();
        for (t, s) in report.teams().iter().zip(&suppressed) {
            match s {
                Some(reason) => groups.push(OrgGroup::suppressed(t, *reason)),
                None => {
                    let a = t.anonymised();
                    groups.push(OrgGroup::shown(&a));
                    shown.push(a);
                }
            }
        }
        OrgReport {
            model: report.model(),
            min_group: self.min_group,
            groups,
            shown: Report { model: report.model(), teams: shown, thresholds: report.thresholds().clone() },
        }
    }
}

/// Why a group is suppressed in the organisation view.
///
/// ```
/// use rolebalance::Suppression;
/// assert_eq!(Suppression::Primary.as_str(), "primary");
/// assert_eq!(Suppression::Complementary.to_string(), "complementary");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Suppression {
    /// It has fewer active members than `min_group`.
    Primary,
    /// It is large enough, but with its numbers shown a smaller group's
    /// could be worked out by subtraction.
    Complementary,
}

impl Suppression {
    /// `primary` or `complementary`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Suppression::Complementary.as_str(), "complementary");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Suppression::Primary => "primary",
            Suppression::Complementary => "complementary",
        }
    }
}

impl fmt::Display for Suppression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One pole of a shown group in the organisation view: its coverage,
/// threshold, depth and model; no top contributor or anything else about
/// one member.
///
/// ```
/// # use rolebalance::{Analyzer, Disclosure, Member, Roster};
/// let roster: Roster = (0..5).map(|i| Member::new(format!("p{i}"), "Lab", [0.7; 8])).collect::<Result<_, _>>()?;
/// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
/// let vision = &org.groups()[0].poles()[2];
/// assert_eq!((vision.pole(), vision.coverage(), vision.depth()), ("vision", 0.7, 5));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrgPole {
    pole: String,
    side: Side,
    coverage: f64,
    threshold: f64,
    depth: u64,
    model: Coverage,
}

impl OrgPole {
    /// The pole's name.
    pub fn pole(&self) -> &str {
        &self.pole
    }
    /// The pole's side.
    pub fn side(&self) -> Side {
        self.side
    }
    /// The group's coverage of the pole.
    pub fn coverage(&self) -> f64 {
        self.coverage
    }
    /// The pole threshold that applied.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }
    /// How many members alone reach the threshold.
    pub fn depth(&self) -> u64 {
        self.depth
    }
    /// The coverage model that applied to the pole.
    pub fn model(&self) -> Coverage {
        self.model
    }
}

/// A finding of a shown group in the organisation view: it speaks of
/// roles, not people ("risk_taking depends on one member"), and carries no
/// number about one member (no coverage without the top contributor, no
/// best bridge score).
///
/// ```
/// # use rolebalance::{Analyzer, Disclosure, FindingKind, Member, Roster};
/// let mut members = vec![Member::new("star", "Lab", [0.9, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6])?];
/// members.extend((0..4).map(|i| Member::new(format!("p{i}"), "Lab", [0.2, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6])).collect::<Result<Vec<_>, _>>()?);
/// let roster: Roster = members.into_iter().collect();
/// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
/// let f = &org.groups()[0].findings()[0];
/// assert_eq!(f.kind(), FindingKind::SinglePointOfFailure);
/// assert_eq!(f.message(), "inspire depends on one member: coverage 0.90 falls below 0.50 without them");
/// assert_eq!(f.value(), None);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrgFinding {
    finding: Finding,
}

impl OrgFinding {
    /// The kind.
    pub fn kind(&self) -> FindingKind {
        self.finding.kind()
    }
    /// The severity.
    pub fn severity(&self) -> Severity {
        self.finding.severity()
    }
    /// The pole it is about, for `uncovered_pole` and `single_point_of_failure`.
    pub fn pole(&self) -> Option<&str> {
        self.finding.pole()
    }
    /// The side: the pole's, the missing side's, or the side a skew leans to.
    pub fn side(&self) -> Option<Side> {
        self.finding.side()
    }
    /// The number compared with the threshold, where it is the group's
    /// (direction, control, a pole's coverage, the skew); `None` for
    /// `single_point_of_failure` and `no_bridge`, whose numbers are one
    /// member's.
    pub fn value(&self) -> Option<f64> {
        match self.finding.kind() {
            FindingKind::SinglePointOfFailure | FindingKind::NoBridge => None,
            _ => Some(self.finding.value()),
        }
    }
    /// For `single_point_of_failure`, the pole's coverage.
    pub fn coverage(&self) -> Option<f64> {
        self.finding.coverage()
    }
    /// The threshold.
    pub fn threshold(&self) -> f64 {
        self.finding.threshold()
    }
    /// The summary token (`uncovered_pole:vision`): no person in it.
    pub fn flag(&self) -> String {
        self.finding.flag()
    }
    /// The one-line message, of roles.
    pub fn message(&self) -> String {
        self.finding.message()
    }
}

impl fmt::Display for OrgFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.finding.fmt(f)
    }
}

/// One group (team or rollup) of the organisation view: suppressed, or
/// its numbers (counts, scores, poles, findings) without anything about
/// one person.
///
/// ```
/// # use rolebalance::{Analyzer, Disclosure, Level, Member, Roster};
/// let roster: Roster = (0..4).map(|i| Member::new(format!("p{i}"), "Lab", [0.7; 8])).collect::<Result<_, _>>()?;
/// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
/// let lab = &org.groups()[0];
/// assert_eq!((lab.team(), lab.level()), ("Lab", Level::Team));
/// assert_eq!(lab.suppression(), Some(rolebalance::Suppression::Primary));
/// assert_eq!((lab.members(), lab.direction()), (None, None));
/// assert!(lab.poles().is_empty() && lab.findings().is_empty());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrgGroup {
    team: String,
    level: Level,
    suppression: Option<Suppression>,
    numbers: Option<Box<OrgNumbers>>,
}

/// The numbers of a shown group.
#[derive(Debug, Clone, PartialEq)]
struct OrgNumbers {
    members: u64,
    active_members: u64,
    total_weight: f64,
    model: Coverage,
    direction: f64,
    control: f64,
    balance: f64,
    health: f64,
    poles: Vec<OrgPole>,
    findings: Vec<OrgFinding>,
}

impl OrgGroup {
    fn suppressed(t: &TeamReport, reason: Suppression) -> OrgGroup {
        OrgGroup { team: t.team().to_string(), level: t.level(), suppression: Some(reason), numbers: None }
    }

    /// From an anonymised report.
    fn shown(t: &TeamReport) -> OrgGroup {
        let poles = t
            .poles()
            .map(|p| OrgPole {
                pole: p.pole().to_string(),
                side: p.side(),
                coverage: p.coverage(),
                threshold: p.threshold(),
                depth: p.depth(),
                model: p.model(),
            })
            .collect();
        let findings = t.findings().into_iter().map(|finding| OrgFinding { finding }).collect();
        OrgGroup {
            team: t.team().to_string(),
            level: t.level(),
            suppression: None,
            numbers: Some(Box::new(OrgNumbers {
                members: t.members(),
                active_members: t.active_members(),
                total_weight: t.total_weight(),
                model: t.model(),
                direction: t.direction(),
                control: t.control(),
                balance: t.balance(),
                health: t.health(),
                poles,
                findings,
            })),
        }
    }

    /// The team path, or `PREFIX/*` for a rollup (names of groups are shown,
    /// suppressed or not).
    pub fn team(&self) -> &str {
        &self.team
    }
    /// Team or rollup.
    pub fn level(&self) -> Level {
        self.level
    }
    /// Whether the group is suppressed.
    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }
    /// Why the group is suppressed; `None` when it is shown.
    pub fn suppression(&self) -> Option<Suppression> {
        self.suppression
    }
    /// The number of member rows; `None` when suppressed.
    pub fn members(&self) -> Option<u64> {
        self.numbers.as_ref().map(|n| n.members)
    }
    /// The members with a weight above 0; `None` when suppressed.
    pub fn active_members(&self) -> Option<u64> {
        self.numbers.as_ref().map(|n| n.active_members)
    }
    /// The sum of the weights; `None` when suppressed.
    pub fn total_weight(&self) -> Option<f64> {
        self.numbers.as_ref().map(|n| n.total_weight)
    }
    /// The coverage model; `None` when suppressed.
    pub fn model(&self) -> Option<Coverage> {
        self.numbers.as_ref().map(|n| n.model)
    }
    /// The mean coverage of the leadership poles; `None` when suppressed.
    pub fn direction(&self) -> Option<f64> {
        self.numbers.as_ref().map(|n| n.direction)
    }
    /// The mean coverage of the management poles; `None` when suppressed.
    pub fn control(&self) -> Option<f64> {
        self.numbers.as_ref().map(|n| n.control)
    }
    /// `1 - |direction - control|`; `None` when suppressed.
    pub fn balance(&self) -> Option<f64> {
        self.numbers.as_ref().map(|n| n.balance)
    }
    /// `min(direction, control)`; `None` when suppressed.
    pub fn health(&self) -> Option<f64> {
        self.numbers.as_ref().map(|n| n.health)
    }
    /// The poles, in pole order; empty when suppressed.
    pub fn poles(&self) -> &[OrgPole] {
        self.numbers.as_ref().map_or(&[], |n| &n.poles)
    }
    /// The findings, most severe first; empty when suppressed.
    pub fn findings(&self) -> &[OrgFinding] {
        self.numbers.as_ref().map_or(&[], |n| &n.findings)
    }
    /// The `flags` cell of the summary table: the findings' tokens joined
    /// by `;`, or `suppressed`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Disclosure, Member, Roster};
    /// let roster: Roster = (0..3).map(|i| Member::new(format!("p{i}"), "Lab", [0.7; 8])).collect::<Result<_, _>>()?;
    /// let org = Disclosure::new().min_group(3)?.apply(&Analyzer::new().analyze(&roster)?);
    /// assert_eq!(org.groups()[0].flags(), "");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn flags(&self) -> String {
        if self.is_suppressed() {
            return "suppressed".to_string();
        }
        self.findings().iter().map(OrgFinding::flag).collect::<Vec<_>>().join(";")
    }
}

/// The organisation view of a [`Report`], from [`Disclosure::apply`]:
/// every group in report order, each suppressed or shown without anything
/// about one person. Its outputs ([`OrgReport::write_json`],
/// [`OrgReport::write_text`], [`OrgReport::write_summary_csv`],
/// [`HtmlReport::render_org`](crate::HtmlReport::render_org)) name no
/// member anywhere.
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, Disclosure, Member, Roster};
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
/// assert_eq!(org.suppressed(), 2);
/// let mut csv = Vec::new();
/// org.write_summary_csv(&mut csv)?;
/// let csv = String::from_utf8(csv)?;
/// assert_eq!(csv.lines().nth(1), Some("Hr,,,,,,suppressed"));
/// assert_eq!(csv.lines().nth(3), Some("Ops,,,,,,suppressed"));
/// let mut json = Vec::new();
/// org.write_json(&mut json)?;
/// assert!(!String::from_utf8(json)?.contains("Person"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OrgReport {
    model: Coverage,
    min_group: u64,
    groups: Vec<OrgGroup>,
    /// The shown groups' reports, anonymised: what the charts draw.
    shown: Report,
}

impl OrgReport {
    /// The coverage model of the analysis.
    pub fn model(&self) -> Coverage {
        self.model
    }
    /// The smallest group shown, in active members.
    pub fn min_group(&self) -> u64 {
        self.min_group
    }
    /// Every group, in report order.
    pub fn groups(&self) -> &[OrgGroup] {
        &self.groups
    }
    /// The group called `team` (a team path, or `PREFIX/*` for a rollup).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Disclosure, Member, Roster};
    /// let roster: Roster = (0..5).map(|i| Member::new(format!("p{i}"), "Lab", [0.7; 8])).collect::<Result<_, _>>()?;
    /// let org = Disclosure::new().apply(&Analyzer::new().analyze(&roster)?);
    /// assert!(org.group("Lab").is_some() && org.group("Ops").is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn group(&self, team: &str) -> Option<&OrgGroup> {
        self.groups.iter().find(|g| g.team == team)
    }
    /// How many groups are suppressed.
    pub fn suppressed(&self) -> usize {
        self.groups.iter().filter(|g| g.is_suppressed()).count()
    }
    /// The thresholds of the analysis.
    pub fn thresholds(&self) -> &Thresholds {
        self.shown.thresholds()
    }
    /// The shown groups' reports, anonymised (what the charts draw).
    pub(crate) fn shown_report(&self) -> &Report {
        &self.shown
    }

    /// Writes the summary table
    /// (`team,members,total_weight,direction,control,balance,flags`, as
    /// [`Report::write_summary_csv`]); a suppressed group's row has empty
    /// numbers and the flag `suppressed`. Team names a spreadsheet would
    /// run as formulas are neutralised, as by default everywhere
    /// ([`CsvFormulas::Neutralize`](crate::CsvFormulas::Neutralize)).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    pub fn write_summary_csv<W: io::Write>(&self, mut w: W) -> io::Result<()> {
        let formulas = crate::io::csvout::CsvFormulas::default();
        let mut out = crate::io::csvout::SUMMARY_HEADER.to_vec();
        for g in &self.groups {
            match &g.numbers {
                Some(n) => crate::io::csvout::push_summary_row(
                    &mut out,
                    g.team.as_bytes(),
                    n.members,
                    n.total_weight,
                    n.direction,
                    n.control,
                    n.balance,
                    &g.flags(),
                    formulas,
                ),
                None => {
                    crate::io::csvout::push_text(&mut out, g.team.as_bytes(), formulas);
                    out.extend_from_slice(b",,,,,,suppressed\n");
                }
            }
            if out.len() >= 1 << 16 {
                w.write_all(&out)?;
                out.clear();
            }
        }
        w.write_all(&out)?;
        w.flush()
    }
}

/// Rows and active members of a set of teams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Count {
    rows: u64,
    active: u64,
}

impl std::ops::AddAssign for Count {
    fn add_assign(&mut self, o: Count) {
        self.rows = self.rows.saturating_add(o.rows);
        self.active = self.active.saturating_add(o.active);
    }
}

/// The forest of groups (see the module docs); node `n` is the root.
struct Forest {
    parent: Vec<usize>,
    children: Vec<Vec<usize>>,
    /// What a node holds itself: a team its rows, a rollup the rows that
    /// no group below it holds (none in an analyser's report).
    own: Vec<Count>,
    /// What a node holds in all.
    total: Vec<Count>,
    rollup: Vec<bool>,
}

/// The parent of a group called `name` (a team path, or a rollup's prefix):
/// the rollup of its longest prefix (cut at a `/`) that has one.
fn parent_of(name: &str, rollups: &HashMap<&str, usize>, root: usize) -> usize {
    name.match_indices('/').rev().find_map(|(end, _)| rollups.get(name.get(..end)?).copied()).unwrap_or(root)
}

impl Forest {
    fn new(teams: &[TeamReport]) -> Forest {
        let n = teams.len();
        let rollup: Vec<bool> = teams.iter().map(|t| t.level() == Level::Rollup).collect();
        fn prefix(t: &TeamReport) -> Option<&str> {
            t.team().strip_suffix("/*")
        }
        let mut rollups = HashMap::new();
        for (i, t) in teams.iter().enumerate() {
            if t.level() == Level::Rollup {
                if let Some(p) = prefix(t) {
                    rollups.entry(p).or_insert(i);
                }
            }
        }
        let mut parent = vec![n; n];
        let mut children = vec![Vec::new(); n + 1];
        for (i, t) in teams.iter().enumerate() {
            let name = if t.level() == Level::Rollup { prefix(t).unwrap_or("") } else { t.team() };
            let p = parent_of(name, &rollups, n);
            if let (Some(slot), Some(list)) = (parent.get_mut(i), children.get_mut(p)) {
                *slot = p;
                list.push(i);
            }
        }
        let total: Vec<Count> = teams
            .iter()
            .map(|t| Count { rows: t.members(), active: t.active_members() })
            .chain(std::iter::once(Count::default()))
            .collect();
        let mut own = total.clone();
        for (i, c) in children.iter().enumerate() {
            let Some(o) = own.get_mut(i) else { continue };
            let mut below = Count::default();
            for &ch in c {
                below += total.get(ch).copied().unwrap_or_default();
            }
            if i == n {
                *o = below;
                continue;
            }
            o.rows = o.rows.saturating_sub(below.rows);
            o.active = o.active.saturating_sub(below.active);
        }
        // The root holds nothing of its own; its total is its children's.
        let root_total = own.get(n).copied().unwrap_or_default();
        let mut total = total;
        if let Some(t) = total.get_mut(n) {
            *t = root_total;
        }
        if let Some(o) = own.get_mut(n) {
            *o = Count::default();
        }
        Forest { parent, children, own, total, rollup }
    }

    /// The nodes in post-order (children before parents, the root last).
    fn post_order(&self) -> Vec<usize> {
        let root = self.parent.len();
        let mut out = Vec::with_capacity(root + 1);
        let mut stack = vec![(root, 0usize)];
        while let Some((node, next)) = stack.pop() {
            match self.children.get(node).and_then(|c| c.get(next)) {
                Some(&child) => {
                    stack.push((node, next + 1));
                    stack.push((child, 0));
                }
                None => out.push(node),
            }
        }
        out
    }
}

/// The region of a shown node: the suppressed groups below it up to the
/// next shown ones (its frontier).
struct Region {
    residue: Count,
    /// The frontier, in walk order.
    frontier: Vec<usize>,
    /// Each suppressed group of the region: what of the residue it holds,
    /// and the range of the frontier below it.
    inner: Vec<(usize, Count, std::ops::Range<usize>)>,
}

fn region(forest: &Forest, shown: &[bool], top: usize) -> Region {
    let mut r =
        Region { residue: forest.own.get(top).copied().unwrap_or_default(), frontier: Vec::new(), inner: Vec::new() };
    // (node, next child, residue so far, frontier start)
    let mut stack: Vec<(usize, usize, Count, usize)> = Vec::new();
    let start = |node: usize, r: &mut Region, stack: &mut Vec<(usize, usize, Count, usize)>| {
        if shown.get(node).copied().unwrap_or(true) {
            r.frontier.push(node);
        } else {
            stack.push((node, 0, forest.own.get(node).copied().unwrap_or_default(), r.frontier.len()));
        }
    };
    for &c in forest.children.get(top).map_or(&[][..], Vec::as_slice) {
        start(c, &mut r, &mut stack);
        while let Some(&mut (node, ref mut next, _, _)) = stack.last_mut() {
            let child = forest.children.get(node).and_then(|ch| ch.get(*next)).copied();
            *next += 1;
            match child {
                Some(ch) => start(ch, &mut r, &mut stack),
                None => {
                    let Some((node, _, count, from)) = stack.pop() else { break };
                    match stack.last_mut() {
                        Some(parent) => parent.2 += count,
                        None => r.residue += count,
                    }
                    r.inner.push((node, count, from..r.frontier.len()));
                }
            }
        }
    }
    r
}

/// Per group of `teams` (report order), whether and why it is suppressed
/// so that no group under `k` active members, and no suppressed group,
/// can be worked out from the rest (see the module docs).
pub(crate) fn suppress(teams: &[TeamReport], k: u64) -> Vec<Option<Suppression>> {
    let forest = Forest::new(teams);
    let n = teams.len();
    let mut shown: Vec<bool> = teams.iter().map(|t| t.active_members() >= k).collect();
    let everyone = forest.total.get(n).map_or(0, |c| c.rows);
    let size = |i: usize| forest.total.get(i).copied().unwrap_or_default();
    // Whether a shown node's own residue is non-empty (a team, a rollup
    // holding rows of its own or a group not shown): suppressing it then
    // adds to the residue above.
    let adds = |i: usize, shown: &[bool]| {
        !forest.rollup.get(i).copied().unwrap_or(false)
            || forest.own.get(i).is_some_and(|o| o.rows > 0)
            || forest.children.get(i).is_some_and(|c| c.iter().any(|&ch| !shown.get(ch).copied().unwrap_or(true)))
    };
    for top in forest.post_order() {
        let is_root = top == n;
        if !is_root && !forest.rollup.get(top).copied().unwrap_or(false) {
            continue;
        }
        loop {
            if !is_root && !shown.get(top).copied().unwrap_or(false) {
                break;
            }
            let r = region(&forest, &shown, top);
            // The candidates a fix may suppress: frontier nodes in `range`
            // (or outside it), the smallest that adds to the residue first.
            let pick = |within: &dyn Fn(usize) -> bool, shown: &[bool]| {
                r.frontier
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| within(j))
                    .map(|(_, &f)| f)
                    .min_by_key(|&f| (!adds(f, shown), size(f).active, size(f).rows, f))
            };
            let mut fix = None;
            if r.residue.rows > 0 && r.residue.active < k {
                fix = Some(pick(&|_| true, &shown));
            } else {
                for (g, count, range) in &r.inner {
                    if size(*g).rows >= everyone {
                        continue;
                    }
                    if count.rows == 0 {
                        fix = Some(pick(&|j| range.contains(&j), &shown));
                        break;
                    }
                    if *count == r.residue {
                        fix = Some(pick(&|j| !range.contains(&j), &shown));
                        break;
                    }
                }
            }
            match fix {
                None => break,
                Some(Some(f)) => {
                    if let Some(s) = shown.get_mut(f) {
                        *s = false;
                    }
                }
                Some(None) if is_root => break,
                Some(None) => {
                    if let Some(s) = shown.get_mut(top) {
                        *s = false;
                    }
                }
            }
        }
    }
    teams
        .iter()
        .zip(&shown)
        .map(|(t, &s)| {
            if s {
                None
            } else if t.active_members() < k {
                Some(Suppression::Primary)
            } else {
                Some(Suppression::Complementary)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Member, Rollups, Roster};

    fn report(teams: &[(&str, usize)]) -> Report {
        let mut members = Vec::new();
        for (team, n) in teams {
            for i in 0..*n {
                members.push(Member::new(format!("{team}-{i}"), *team, [0.5; 8]).unwrap());
            }
        }
        let roster: Roster = members.into_iter().collect();
        Analyzer::new().rollups(Rollups::Include).analyze(&roster).unwrap()
    }

    fn suppressed(r: &Report, k: u64) -> Vec<String> {
        let s = suppress(r.teams(), k);
        r.teams().iter().zip(s).filter(|(_, s)| s.is_some()).map(|(t, _)| t.team().to_string()).collect()
    }

    #[test]
    fn a_rollup_beside_all_but_one_child_suppresses_a_second() {
        let r = report(&[("A/x", 6), ("A/y", 7), ("A/z", 2)]);
        assert_eq!(suppressed(&r, 5), ["A/x", "A/z"]);
    }

    #[test]
    fn the_roster_total_counts_as_known() {
        // No rollups: the headcount minus the shown teams gives the small one.
        let r = report(&[("x", 6), ("y", 7), ("z", 2)]);
        assert_eq!(suppressed(&r, 5), ["x", "z"]);
        // Two small ones together reach 5: nothing more to hide.
        let r = report(&[("x", 6), ("y", 3), ("z", 2)]);
        assert_eq!(suppressed(&r, 5), ["y", "z"]);
    }

    #[test]
    fn a_rollup_equal_to_its_only_child_goes_with_it() {
        let r = report(&[("A/B/c", 2), ("A/d", 9), ("A/e", 9)]);
        // A/B/* is A/B/c; then A/* minus A/d and A/e gives it: A/d goes.
        assert_eq!(suppressed(&r, 5), ["A/B/*", "A/B/c", "A/d"]);
    }

    #[test]
    fn a_suppressed_group_is_never_the_sum_of_shown_ones() {
        // A/B/* minus A/B/x would give A/B/c: A/B/x goes (not A/B/*,
        // which would leave A/* minus A/d equal to A/B/*).
        let r = report(&[("A/B/c", 2), ("A/B/x", 8), ("A/d", 9)]);
        let s = suppressed(&r, 5);
        assert!(s.contains(&"A/B/c".to_string()));
        assert!(s.contains(&"A/B/x".to_string()), "{s:?}");
    }

    #[test]
    fn rows_a_report_leaves_out_are_protected_too() {
        // A report read back without one of its teams: A/* holds 4 rows no
        // group shows, which A/* minus A/x would give away.
        let full = report(&[("A/x", 6), ("A/y", 4), ("B", 5)]);
        let mut value = serde_json::to_value(&full).unwrap();
        value["teams"].as_array_mut().unwrap().retain(|t| t["team"] != "A/y");
        let partial: Report = serde_json::from_value(value).unwrap();
        assert_eq!(partial.len(), 3);
        assert_eq!(suppressed(&partial, 5), ["A/x"]);
        // The full report: A/y (4) is suppressed, and A/x with it.
        assert_eq!(suppressed(&full, 5), ["A/x", "A/y"]);
    }

    #[test]
    fn a_whole_small_roster_is_all_suppressed() {
        let r = report(&[("A/x", 1), ("A/y", 2)]);
        assert_eq!(suppressed(&r, 5), ["A/*", "A/x", "A/y"]);
    }
}
