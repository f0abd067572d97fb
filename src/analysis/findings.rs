//! Findings: flagged gaps with their severity, numbers and message, and
//! the one evaluator that decides them.
//!
//! [`evaluate`] reads a team's numbers and thresholds and reports each gap
//! it finds, in report order, to a sink: the summary table writes its flag
//! tokens, a [`TeamReport`](crate::TeamReport) builds [`Finding`]s (whose
//! messages are formatted only when asked for), the searches count
//! severities. The thresholds are compared with the rounding allowance of
//! [`tolerance`](crate::tolerance).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::framework::Side;
use crate::model::thresholds::TeamThresholds;
use crate::model::tolerance::{above, below, reaches};
use crate::util::fixed::Fixed2;

/// How serious a finding is. Orders `Info < Warning < Critical`.
///
/// ```
/// use rolebalance::Severity;
/// assert!(Severity::Critical > Severity::Warning);
/// assert_eq!(Severity::Info.to_string(), "info");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// A gap to look at.
    Warning,
    /// The team lacks direction or control.
    Critical,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        })
    }
}

/// The error of parsing a [`Severity`] name.
///
/// ```
/// let err = "fatal".parse::<rolebalance::Severity>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown severity `fatal`: expected info, warning or critical");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity `{0}`: expected info, warning or critical")]
pub struct ParseSeverityError(String);

/// Parses the names [`Severity`]'s `Display` writes: `info`, `warning`,
/// `critical`.
///
/// ```
/// use rolebalance::Severity;
/// assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
/// for s in [Severity::Info, Severity::Warning, Severity::Critical] {
///     assert_eq!(s.to_string().parse::<Severity>(), Ok(s));
/// }
/// ```
impl std::str::FromStr for Severity {
    type Err = ParseSeverityError;
    fn from_str(s: &str) -> Result<Severity, ParseSeverityError> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "critical" => Ok(Severity::Critical),
            _ => Err(ParseSeverityError(s.to_string())),
        }
    }
}

/// The kinds of finding.
///
/// ```
/// use rolebalance::{FindingKind, Severity};
/// assert_eq!(FindingKind::NoControl.as_str(), "no_control");
/// assert_eq!(FindingKind::NoControl.severity(), Severity::Critical);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// `direction < direction threshold`: "without leadership, organizations lack direction".
    NoDirection,
    /// `control < control threshold`: "without management, they lack control".
    NoControl,
    /// A pole's coverage is below its threshold.
    UncoveredPole,
    /// A pole is covered, but not without its top contributor.
    SinglePointOfFailure,
    /// `|direction - control|` exceeds the skew threshold.
    Skewed,
    /// At least two active members and no active member is a bridge.
    NoBridge,
}

impl FindingKind {
    /// The snake_case name used in summaries: `no_direction`, ...
    ///
    /// ```
    /// assert_eq!(rolebalance::FindingKind::SinglePointOfFailure.as_str(), "single_point_of_failure");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::NoDirection => "no_direction",
            FindingKind::NoControl => "no_control",
            FindingKind::UncoveredPole => "uncovered_pole",
            FindingKind::SinglePointOfFailure => "single_point_of_failure",
            FindingKind::Skewed => "skewed",
            FindingKind::NoBridge => "no_bridge",
        }
    }

    /// The severity of this kind.
    ///
    /// ```
    /// use rolebalance::{FindingKind, Severity};
    /// assert_eq!(FindingKind::NoBridge.severity(), Severity::Info);
    /// ```
    pub fn severity(self) -> Severity {
        match self {
            FindingKind::NoDirection | FindingKind::NoControl => Severity::Critical,
            FindingKind::UncoveredPole | FindingKind::SinglePointOfFailure | FindingKind::Skewed => Severity::Warning,
            FindingKind::NoBridge => Severity::Info,
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One flagged gap of a team.
///
/// `value` is the number compared with `threshold`:
///
/// | kind | `value` | `pole` | `side` | `member` |
/// |---|---|---|---|---|
/// | `no_direction` | direction | | leadership | |
/// | `no_control` | control | | management | |
/// | `uncovered_pole` | the pole's coverage | the pole | its side | |
/// | `single_point_of_failure` | coverage without the member (`coverage` holds it with them) | the pole | its side | the top contributor |
/// | `skewed` | `|direction - control|` | | the side it leans to | |
/// | `no_bridge` | the best `min(L, M)` of an active member | | | that member |
///
/// # Examples
///
/// ```
/// use rolebalance::{Analyzer, FindingKind, Member, Roster};
/// let roster: Roster = [
///     Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
/// ].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let team = &report.teams()[0];
/// let f = team.findings()[0].clone();
/// assert_eq!(f.kind(), FindingKind::NoControl);
/// assert_eq!(f.value(), 0.1);
/// assert_eq!(f.message(), "no control: control 0.10 is below 0.50");
/// assert_eq!(f.flag(), "no_control");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub(crate) kind: FindingKind,
    pub(crate) pole: Option<String>,
    pub(crate) side: Option<Side>,
    pub(crate) member: Option<String>,
    pub(crate) value: f64,
    pub(crate) coverage: Option<f64>,
    pub(crate) threshold: f64,
    pub(crate) confidence: Option<f64>,
}

/// The serialised form: every field, and the message.
#[derive(Serialize, Deserialize)]
struct FindingData {
    kind: FindingKind,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pole: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    side: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    member: Option<String>,
    value: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    coverage: Option<f64>,
    threshold: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    confidence: Option<f64>,
    message: String,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FindingData {
            kind: self.kind,
            severity: self.severity(),
            pole: self.pole.clone(),
            side: self.side,
            member: self.member.clone(),
            value: self.value,
            coverage: self.coverage,
            threshold: self.threshold,
            confidence: self.confidence,
            message: self.message(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        let f = FindingData::deserialize(d)?;
        Ok(Finding {
            kind: f.kind,
            pole: f.pole,
            side: f.side,
            member: f.member,
            value: f.value,
            coverage: f.coverage,
            threshold: f.threshold,
            confidence: f.confidence,
        })
    }
}

impl Finding {
    /// The kind.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].kind(), rolebalance::FindingKind::NoControl);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn kind(&self) -> FindingKind {
        self.kind
    }

    /// The severity.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].severity(), rolebalance::Severity::Critical);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// The pole it is about, for `uncovered_pole` and `single_point_of_failure`.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].pole(), None);
    /// assert_eq!(findings[1].pole(), Some("organize"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole(&self) -> Option<&str> {
        self.pole.as_deref()
    }

    /// The side: the pole's, the missing side's, or the side a skew leans to.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].side(), Some(rolebalance::Side::Management));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn side(&self) -> Option<Side> {
        self.side
    }

    /// The member it names, where it names one.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// let spof = findings.iter().find(|f| f.flag() == "single_point_of_failure:vision").unwrap();
    /// assert_eq!(spof.member(), Some("ana"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }

    /// The number compared with the threshold (see the table above).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[1].value(), 0.1); // organize's coverage
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        self.value
    }

    /// For `single_point_of_failure`, the pole's coverage with its top contributor.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// let spof = findings.iter().find(|f| f.flag() == "single_point_of_failure:vision").unwrap();
    /// assert_eq!((spof.coverage(), spof.value()), (Some(0.9), 0.0));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn coverage(&self) -> Option<f64> {
        self.coverage
    }

    /// The threshold the value was compared with.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].threshold(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The probability that the true value lies on the flagged side of the
    /// threshold, where measurement error is known; `None` otherwise.
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].confidence(), None); // no measurement error given
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn confidence(&self) -> Option<f64> {
        self.confidence
    }

    /// A one-line message a person can read (formatted when asked for; the
    /// same as the finding's [`Display`](fmt::Display)).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[1].message(), "nobody covers organize: coverage 0.10 is below 0.50");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// The summary token: `kind` or `kind:detail` (`uncovered_pole:vision`,
    /// `skewed:leadership`).
    ///
    /// ```
    /// # use rolebalance::{Analyzer, Member, Roster};
    /// # let ana = Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?;
    /// # let roster: Roster = [ana].into_iter().collect();
    /// # let report = Analyzer::new().analyze(&roster)?;
    /// # let findings = report.teams()[0].findings();
    /// assert_eq!(findings[0].flag(), "no_control");
    /// assert_eq!(findings[1].flag(), "uncovered_pole:organize");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn flag(&self) -> String {
        match (self.kind, &self.pole, self.side) {
            (FindingKind::UncoveredPole | FindingKind::SinglePointOfFailure, Some(p), _) => {
                format!("{}:{p}", self.kind)
            }
            (FindingKind::Skewed, _, Some(s)) => format!("{}:{s}", self.kind),
            (k, _, _) => k.to_string(),
        }
    }
}

/// The one-line message, formatted from the finding's numbers.
///
/// ```
/// # use rolebalance::{Analyzer, Member, Roster};
/// # let roster: Roster = [Member::new("ana", "T", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?].into_iter().collect();
/// let report = Analyzer::new().analyze(&roster)?;
/// let findings = report.teams()[0].findings();
/// assert_eq!(findings[0].to_string(), "no control: control 0.10 is below 0.50");
/// # Ok::<(), rolebalance::Error>(())
/// ```
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (v, t) = (Fixed2(self.value), Fixed2(self.threshold));
        let pole = self.pole.as_deref().unwrap_or("");
        let who = self.member.as_deref().unwrap_or("");
        match self.kind {
            FindingKind::NoDirection => write!(f, "no direction: direction {v} is below {t}"),
            FindingKind::NoControl => write!(f, "no control: control {v} is below {t}"),
            FindingKind::UncoveredPole => write!(f, "nobody covers {pole}: coverage {v} is below {t}"),
            FindingKind::SinglePointOfFailure => write!(
                f,
                "{pole} depends on {who} alone: coverage {} falls to {v} without them, below {t}",
                Fixed2(self.coverage.unwrap_or(0.0))
            ),
            FindingKind::Skewed => {
                let side = self.side.unwrap_or(Side::Leadership);
                let (hi, lo) = match side {
                    Side::Leadership => ("direction", "control"),
                    Side::Management => ("control", "direction"),
                };
                write!(f, "skewed toward {side}: {hi} exceeds {lo} by {v}, more than {t}")
            }
            FindingKind::NoBridge => {
                write!(f, "no bridge: nobody is strong on both sides; the closest, {who}, reaches {v} of {t}")
            }
        }
    }
}

/// A team's numbers the findings are decided on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Numbers<'a> {
    pub(crate) direction: f64,
    pub(crate) control: f64,
    /// Members with a weight above 0.
    pub(crate) active: u64,
    /// The best bridge score of an active member.
    pub(crate) bridge: Option<f64>,
    pub(crate) thresholds: &'a TeamThresholds,
    /// Per pole: its coverage, and its coverage without its top contributor.
    pub(crate) poles: &'a [(f64, f64)],
}

/// One gap [`evaluate`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Flagged {
    pub(crate) kind: FindingKind,
    /// The pole's number, for `uncovered_pole` and `single_point_of_failure`.
    pub(crate) pole: Option<usize>,
    pub(crate) side: Option<Side>,
    /// The number compared with the threshold (see [`Finding`]).
    pub(crate) value: f64,
    /// For `single_point_of_failure`, the coverage with the top contributor.
    pub(crate) coverage: Option<f64>,
    pub(crate) threshold: f64,
}

impl Flagged {
    /// The finding's summary token, `kind` or `kind:detail`, written into
    /// `out`; `names` are the framework's pole names.
    pub(crate) fn push_flag_named<S: AsRef<str>>(&self, names: &[S], out: &mut String) {
        out.push_str(self.kind.as_str());
        match (self.kind, self.pole, self.side) {
            (FindingKind::UncoveredPole | FindingKind::SinglePointOfFailure, Some(p), _) => {
                out.push(':');
                out.push_str(names.get(p).map_or("", AsRef::as_ref));
            }
            (FindingKind::Skewed, _, Some(s)) => {
                out.push(':');
                out.push_str(s.as_str());
            }
            _ => {}
        }
    }
}

/// The findings of a team, most severe first, reported to `sink`:
///
/// | kind | severity | when |
/// |---|---|---|
/// | `no_direction` | critical | `direction` below the direction threshold |
/// | `no_control` | critical | `control` below the control threshold |
/// | `uncovered_pole` | warning | a pole's coverage below its threshold (poles in framework order) |
/// | `single_point_of_failure` | warning | a pole reaches its threshold, but not without its top contributor |
/// | `skewed` | warning | `direction - control` (or the reverse) above the skew threshold |
/// | `no_bridge` | info | two or more active members and none reaches the bridge threshold |
pub(crate) fn evaluate(n: &Numbers<'_>, mut sink: impl FnMut(Flagged)) {
    let t = n.thresholds;
    let (d, c) = (n.direction, n.control);
    let team = |kind, side, value, threshold| Flagged { kind, pole: None, side, value, coverage: None, threshold };
    if below(d, t.direction) {
        sink(team(FindingKind::NoDirection, Some(Side::Leadership), d, t.direction));
    }
    if below(c, t.control) {
        sink(team(FindingKind::NoControl, Some(Side::Management), c, t.control));
    }
    let side = |i: usize| if i % 2 == 0 { Side::Leadership } else { Side::Management };
    for (i, &(cov, _)) in n.poles.iter().enumerate() {
        let th = t.pole(i);
        if below(cov, th) {
            sink(Flagged {
                kind: FindingKind::UncoveredPole,
                pole: Some(i),
                side: Some(side(i)),
                value: cov,
                coverage: None,
                threshold: th,
            });
        }
    }
    for (i, &(cov, without)) in n.poles.iter().enumerate() {
        let th = t.pole(i);
        if reaches(cov, th) && below(without, th) {
            sink(Flagged {
                kind: FindingKind::SinglePointOfFailure,
                pole: Some(i),
                side: Some(side(i)),
                value: without,
                coverage: Some(cov),
                threshold: th,
            });
        }
    }
    for (s, gap) in [(Side::Leadership, d - c), (Side::Management, c - d)] {
        if above(gap, t.skew) {
            sink(team(FindingKind::Skewed, Some(s), gap, t.skew));
        }
    }
    if n.active >= 2 {
        if let Some(best) = n.bridge {
            if !reaches(best, t.bridge) {
                sink(team(FindingKind::NoBridge, None, best, t.bridge));
            }
        }
    }
}
