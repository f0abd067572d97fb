//! Thresholds (DESIGN.md section 5) and per-team requirement profiles.

use std::collections::BTreeMap;
use std::io;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::model::framework::Framework;
use crate::model::team;

/// The thresholds an analysis flags gaps with.
///
/// Defaults (DESIGN.md section 5): pole 0.5, direction and control (the side
/// threshold) 0.5, skew 0.3, bridge 0.4. A pole may have its own threshold.
///
/// # Examples
///
/// ```
/// use rolebalance::Thresholds;
/// let t = Thresholds::default().with("vision", 0.7)?.with("skew", 0.2)?;
/// assert_eq!(t.pole_threshold("vision"), 0.7);
/// assert_eq!(t.pole_threshold("execution"), 0.5);
/// assert_eq!(t.skew(), 0.2);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pole: f64,
    direction: f64,
    control: f64,
    skew: f64,
    bridge: f64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    poles: BTreeMap<String, f64>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { pole: 0.5, direction: 0.5, control: 0.5, skew: 0.3, bridge: 0.4, poles: BTreeMap::new() }
    }
}

impl Thresholds {
    /// The default thresholds.
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new(), rolebalance::Thresholds::default());
    /// ```
    pub fn new() -> Thresholds {
        Thresholds::default()
    }

    /// These thresholds with `name` set to `value`.
    ///
    /// `name` is `pole` (every pole without a threshold of its own), `side`
    /// (direction and control), `direction`, `control`, `skew`, `bridge`, or
    /// a pole name (checked against the framework when analysing).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidThreshold`] when `value` is not in [0, 1];
    /// [`ErrorKind::InvalidName`] when `name` is not snake_case.
    ///
    /// ```
    /// use rolebalance::Thresholds;
    /// let t = Thresholds::new().with("side", 0.6)?.with("execution", 0.8)?;
    /// assert_eq!((t.direction(), t.control(), t.pole_threshold("execution")), (0.6, 0.6, 0.8));
    /// assert!(Thresholds::new().with("skew", 1.5).is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with(mut self, name: &str, value: f64) -> Result<Thresholds, Error> {
        self.set(name, value)?;
        Ok(self)
    }

    /// Sets `name` to `value`; see [`Thresholds::with`].
    ///
    /// # Errors
    ///
    /// As [`Thresholds::with`].
    ///
    /// ```
    /// let mut t = rolebalance::Thresholds::new();
    /// t.set("bridge", 0.3)?;
    /// assert_eq!(t.bridge(), 0.3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), Error> {
        if !(0.0..=1.0).contains(&value) {
            return Err(ErrorKind::InvalidThreshold { name: name.to_string(), value }.into());
        }
        match name {
            "pole" => self.pole = value,
            "side" => {
                self.direction = value;
                self.control = value;
            }
            "direction" => self.direction = value,
            "control" => self.control = value,
            "skew" => self.skew = value,
            "bridge" => self.bridge = value,
            pole => {
                crate::model::framework::check_name(pole)?;
                self.poles.insert(pole.to_string(), value);
            }
        }
        Ok(())
    }

    /// The threshold every pole without one of its own uses.
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new().with("pole", 0.4)?.pole(), 0.4);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole(&self) -> f64 {
        self.pole
    }

    /// The threshold of pole `name`.
    ///
    /// ```
    /// let t = rolebalance::Thresholds::new().with("vision", 0.7)?;
    /// assert_eq!((t.pole_threshold("vision"), t.pole_threshold("people")), (0.7, 0.5));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole_threshold(&self, name: &str) -> f64 {
        self.poles.get(name).copied().unwrap_or(self.pole)
    }

    /// The direction threshold (`no_direction` below it).
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new().direction(), 0.5);
    /// ```
    pub fn direction(&self) -> f64 {
        self.direction
    }

    /// The control threshold (`no_control` below it).
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new().with("control", 0.6)?.control(), 0.6);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn control(&self) -> f64 {
        self.control
    }

    /// The skew threshold (`skewed` when `|direction - control|` exceeds it).
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new().skew(), 0.3);
    /// ```
    pub fn skew(&self) -> f64 {
        self.skew
    }

    /// The bridge threshold (a member is a bridge when `min(L, M)` reaches it).
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new().bridge(), 0.4);
    /// ```
    pub fn bridge(&self) -> f64 {
        self.bridge
    }

    /// The thresholds resolved for `framework`, one per pole.
    pub(crate) fn resolve(&self, framework: &Framework) -> Result<TeamThresholds, Error> {
        if let Some(name) = self.poles.keys().find(|n| framework.pole(n).is_none()) {
            return Err(ErrorKind::UnknownThreshold { name: name.clone() }.into());
        }
        Ok(TeamThresholds {
            poles: framework.pole_names().map(|n| self.pole_threshold(n)).collect(),
            direction: self.direction,
            control: self.control,
            skew: self.skew,
            bridge: self.bridge,
        })
    }
}

/// Thresholds resolved for one team and framework: one per pole.
///
/// ```
/// use rolebalance::{TeamThresholds, Thresholds};
/// let t = Thresholds::new();
/// let resolved = TeamThresholds { poles: vec![t.pole(); 8], direction: t.direction(), control: t.control(), skew: t.skew(), bridge: t.bridge() };
/// assert_eq!(resolved.poles.len(), 8);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamThresholds {
    /// Per pole, in pole order.
    pub poles: Vec<f64>,
    /// Direction threshold.
    pub direction: f64,
    /// Control threshold.
    pub control: f64,
    /// Skew threshold.
    pub skew: f64,
    /// Bridge threshold.
    pub bridge: f64,
}

/// Requirement profiles: thresholds that differ for a team or a team-path
/// prefix; for each threshold the most specific prefix wins.
///
/// # Examples
///
/// ```
/// use rolebalance::{Requirements, Thresholds};
/// let req = Requirements::new()
///     .require("Acme/RnD", "vision", 0.7)?
///     .require("Acme", "vision", 0.6)?
///     .require("Acme/Ops", "risk_management", 0.8)?;
/// let base = Thresholds::default();
/// assert_eq!(req.thresholds_for("Acme/RnD/Lab", &base).pole_threshold("vision"), 0.7);
/// assert_eq!(req.thresholds_for("Acme/Ops", &base).pole_threshold("vision"), 0.6);
/// assert_eq!(req.thresholds_for("Acme/Ops", &base).pole_threshold("risk_management"), 0.8);
/// assert_eq!(req.thresholds_for("Other", &base).pole_threshold("vision"), 0.5);
/// # Ok::<(), rolebalance::Error>(())
/// ```
///
/// From CSV, `team,threshold,value`:
///
/// ```
/// use rolebalance::Requirements;
/// let req = Requirements::from_csv_reader("team,threshold,value\nAcme/RnD,vision,0.7\n".as_bytes())?;
/// assert_eq!(req.len(), 1);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Requirements {
    rules: Vec<Requirement>,
}

/// One requirement: `threshold` is `value` for `team` and the teams below it.
///
/// ```
/// let req = rolebalance::Requirements::new().require("Acme/Ops", "skew", 0.2)?;
/// let first = req.iter().next().unwrap();
/// assert_eq!((first.team.as_str(), first.threshold.as_str(), first.value), ("Acme/Ops", "skew", 0.2));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// The team or team-path prefix.
    pub team: String,
    /// A pole name, `pole`, `side`, `direction`, `control`, `skew` or `bridge`.
    pub threshold: String,
    /// The value, in [0, 1].
    pub value: f64,
}

impl Requirements {
    /// No requirements.
    ///
    /// ```
    /// assert!(rolebalance::Requirements::new().is_empty());
    /// ```
    pub fn new() -> Requirements {
        Requirements::default()
    }

    /// These requirements and `threshold = value` for `team` and below.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MemberValue`] for an invalid team path, and the errors of
    /// [`Thresholds::set`].
    ///
    /// ```
    /// use rolebalance::Requirements;
    /// assert_eq!(Requirements::new().require("Acme", "vision", 0.7)?.len(), 1);
    /// assert!(Requirements::new().require("Acme//Ops", "vision", 0.7).is_err());
    /// assert!(Requirements::new().require("Acme", "vision", 7.0).is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn require(mut self, team: &str, threshold: &str, value: f64) -> Result<Requirements, Error> {
        team::check(team).map_err(|problem| ErrorKind::MemberValue {
            field: "team".to_string(),
            value: team.to_string(),
            problem,
        })?;
        Thresholds::default().set(threshold, value)?;
        self.rules.push(Requirement { team: team.to_string(), threshold: threshold.to_string(), value });
        Ok(self)
    }

    /// Reads `team,threshold,value` lines (header required, trimmed, any
    /// case; empty lines skipped).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::RequirementsFile`] naming the line: a wrong header, a
    /// wrong field count, invalid UTF-8, an invalid team, threshold name or
    /// value, the same team and threshold twice, or an empty file.
    ///
    /// ```
    /// use rolebalance::Requirements;
    /// let req = Requirements::from_csv_reader("team,threshold,value\nAcme,skew,0.2\n".as_bytes())?;
    /// assert_eq!(req.len(), 1);
    /// let err = Requirements::from_csv_reader("team,threshold,value\nAcme,skew,high\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_reader<R: io::Read>(reader: R) -> Result<Requirements, Error> {
        let err = |line: u64, problem: String| -> Error { ErrorKind::RequirementsFile { line, problem }.into() };
        let mut req = Requirements::new();
        for (line, [team, name, value]) in crate::io::table::read_rows(reader, ["team", "threshold", "value"], err)? {
            let v: f64 = value.parse().map_err(|_| err(line, format!("`{value}` is not a number")))?;
            if req.rules.iter().any(|r| r.team == team && r.threshold == name) {
                return Err(err(line, format!("threshold `{name}` for team `{team}` is given twice")));
            }
            req = req.require(&team, &name, v).map_err(|e| err(line, e.to_string()))?;
        }
        Ok(req)
    }

    /// Reads requirements from a CSV file; see [`Requirements::from_csv_reader`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] and the errors of [`Requirements::from_csv_reader`].
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/requirements.csv");
    /// assert_eq!(rolebalance::Requirements::from_csv_path(path)?.len(), 5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_path<P: AsRef<std::path::Path>>(path: P) -> Result<Requirements, Error> {
        Requirements::from_csv_reader(io::BufReader::new(std::fs::File::open(path)?))
    }

    /// The number of requirements.
    ///
    /// ```
    /// assert_eq!(rolebalance::Requirements::new().require("A", "pole", 0.6)?.len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(rolebalance::Requirements::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The requirements in the order given.
    ///
    /// ```
    /// let req = rolebalance::Requirements::new().require("A", "pole", 0.6)?.require("B", "skew", 0.2)?;
    /// assert_eq!(req.iter().map(|r| r.team.as_str()).collect::<Vec<_>>(), ["A", "B"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Requirement> {
        self.rules.iter()
    }

    /// The thresholds for `team`: `base`, then every requirement whose team is
    /// `team` or a prefix of it, least specific first, so that the most
    /// specific wins.
    ///
    /// ```
    /// use rolebalance::{Requirements, Thresholds};
    /// let req = Requirements::new().require("Acme", "skew", 0.2)?.require("Acme/Ops", "skew", 0.1)?;
    /// let base = Thresholds::default();
    /// assert_eq!(req.thresholds_for("Acme/Ops/Night", &base).skew(), 0.1);
    /// assert_eq!(req.thresholds_for("Acme/Lab", &base).skew(), 0.2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn thresholds_for(&self, team: &str, base: &Thresholds) -> Thresholds {
        let mut t = base.clone();
        let mut applicable: Vec<&Requirement> =
            self.rules.iter().filter(|r| team::is_team_prefix(&r.team, team)).collect();
        applicable.sort_by_key(|r| r.team.len());
        for r in applicable {
            // Values were checked in `require`; a failure here is impossible.
            let _ = t.set(&r.threshold, r.value);
        }
        t
    }

    /// Checks every pole name against `framework`.
    pub(crate) fn check(&self, framework: &Framework) -> Result<(), Error> {
        let mut t = Thresholds::default();
        for r in &self.rules {
            let _ = t.set(&r.threshold, r.value);
        }
        t.resolve(framework).map(|_| ())
    }
}

impl<'a> IntoIterator for &'a Requirements {
    type Item = &'a Requirement;
    type IntoIter = std::slice::Iter<'a, Requirement>;
    fn into_iter(self) -> Self::IntoIter {
        self.rules.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_values_are_errors() {
        let e = Thresholds::default().with("skew", 1.5).unwrap_err();
        assert_eq!(e.to_string(), "threshold `skew` is 1.5, expected a number in [0, 1]");
        assert!(Thresholds::default().with("vision", f64::NAN).is_err());
        assert!(Thresholds::default().with("Vision", 0.5).is_err());
    }

    #[test]
    fn unknown_pole_is_found_at_resolution() {
        let t = Thresholds::default().with("charisma", 0.5).unwrap();
        let e = t.resolve(&Framework::leadership_management()).unwrap_err();
        assert_eq!(e.to_string(), "threshold for unknown pole `charisma`");
    }

    #[test]
    fn csv_errors() {
        let e = Requirements::from_csv_reader("team,threshold,value\nA,vision,x\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "requirements file, line 2: `x` is not a number");
        let e =
            Requirements::from_csv_reader("team,threshold,value\nA,vision,0.5\nA,vision,0.6\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "requirements file, line 3: threshold `vision` for team `A` is given twice");
        let e = Requirements::from_csv_reader("team,limit,value\n".as_bytes()).unwrap_err();
        assert_eq!(e.line(), Some(1));
    }

    #[test]
    fn most_specific_wins_whatever_the_order() {
        let req = Requirements::new().require("A/B", "pole", 0.9).unwrap().require("A", "pole", 0.1).unwrap();
        assert_eq!(req.thresholds_for("A/B/C", &Thresholds::default()).pole(), 0.9);
        assert_eq!(req.thresholds_for("A/BC", &Thresholds::default()).pole(), 0.1);
    }
}
