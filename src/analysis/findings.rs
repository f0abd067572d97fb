//! Findings: flagged gaps with their severity, numbers and message
//! (DESIGN.md section 5).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::framework::Side;

/// How serious a finding is. Orders `Info < Warning < Critical`.
///
/// ```
/// use rolebalance::Severity;
/// assert!(Severity::Critical > Severity::Warning);
/// assert_eq!(Severity::Info.to_string(), "info");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

    /// The severity of this kind (DESIGN.md section 5).
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
/// let f = &team.findings()[0];
/// assert_eq!(f.kind(), FindingKind::NoControl);
/// assert_eq!(f.value(), 0.1);
/// assert_eq!(f.message(), "no control: control 0.10 is below 0.50");
/// assert_eq!(f.flag(), "no_control");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub(crate) kind: FindingKind,
    pub(crate) severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) pole: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) side: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) member: Option<String>,
    pub(crate) value: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) coverage: Option<f64>,
    pub(crate) threshold: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(crate) confidence: Option<f64>,
    pub(crate) message: String,
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
        self.severity
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

    /// A one-line message a person can read.
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
    pub fn message(&self) -> &str {
        &self.message
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

    pub(crate) fn new(kind: FindingKind, value: f64, threshold: f64, message: String) -> Finding {
        Finding {
            kind,
            severity: kind.severity(),
            pole: None,
            side: None,
            member: None,
            value,
            coverage: None,
            threshold,
            confidence: None,
            message,
        }
    }
}
