//! Thresholds, per-pole coverage models and per-team requirement profiles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::model::coverage::Coverage;
use crate::model::framework::Framework;
use crate::model::team;

/// The thresholds an analysis flags gaps with.
///
/// Defaults: pole 0.5, direction and control (the side threshold) 0.5,
/// skew 0.3, bridge 0.4. A pole may have its own threshold, and its own
/// coverage model ([`Thresholds::with_model`]); the others use the
/// analysis' model ([`Analyzer::model`](crate::Analyzer::model)).
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
#[serde(try_from = "ThresholdsData")]
pub struct Thresholds {
    pole: f64,
    direction: f64,
    control: f64,
    skew: f64,
    bridge: f64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    poles: BTreeMap<String, f64>,
    /// The model of every pole without one of its own, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<Coverage>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    models: BTreeMap<String, Coverage>,
}

/// The serialised form of [`Thresholds`], checked as the setters check it
/// when read back.
#[derive(Deserialize)]
struct ThresholdsData {
    pole: f64,
    direction: f64,
    control: f64,
    skew: f64,
    bridge: f64,
    #[serde(default)]
    poles: BTreeMap<String, f64>,
    #[serde(default)]
    model: Option<Coverage>,
    #[serde(default)]
    models: BTreeMap<String, Coverage>,
}

/// Read back through the setters, so that a document cannot hold what they
/// refuse (a threshold outside [0, 1], a pole name that is not snake_case).
impl TryFrom<ThresholdsData> for Thresholds {
    type Error = Error;
    fn try_from(d: ThresholdsData) -> Result<Thresholds, Error> {
        let mut t = Thresholds::new();
        for (name, v) in [
            ("pole", d.pole),
            ("direction", d.direction),
            ("control", d.control),
            ("skew", d.skew),
            ("bridge", d.bridge),
        ] {
            t.set(name, v)?;
        }
        for (pole, v) in &d.poles {
            if matches!(pole.as_str(), "pole" | "side" | "direction" | "control" | "skew" | "bridge") {
                return Err(ErrorKind::InvalidName { name: pole.clone() }.into());
            }
            t.set(pole, *v)?;
        }
        if let Some(m) = d.model {
            t.set_model(None, m)?;
        }
        for (pole, m) in &d.models {
            t.set_model(Some(pole), *m)?;
        }
        Ok(t)
    }
}

impl Thresholds {
    /// The per-pole thresholds, the model for every pole and the per-pole
    /// models, as set (for the JSON document).
    pub(crate) fn overrides(&self) -> (&BTreeMap<String, f64>, Option<Coverage>, &BTreeMap<String, Coverage>) {
        (&self.poles, self.model, &self.models)
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            pole: 0.5,
            direction: 0.5,
            control: 0.5,
            skew: 0.3,
            bridge: 0.4,
            poles: BTreeMap::new(),
            model: None,
            models: BTreeMap::new(),
        }
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

    /// These thresholds with pole `pole`'s coverage model set to `model`
    /// (`None`: every pole without a model of its own).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`] when `pole` is not snake_case (it is
    /// checked against the framework when analysing).
    ///
    /// ```
    /// use rolebalance::{Coverage, Thresholds};
    /// let t = Thresholds::new().with_model(Some("risk_management"), Coverage::Weakest)?;
    /// assert_eq!(t.pole_model("risk_management"), Some(Coverage::Weakest));
    /// assert_eq!(t.pole_model("vision"), None); // the analysis' model
    /// let all = Thresholds::new().with_model(None, Coverage::Pooled)?;
    /// assert_eq!(all.pole_model("vision"), Some(Coverage::Pooled));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with_model(mut self, pole: Option<&str>, model: Coverage) -> Result<Thresholds, Error> {
        self.set_model(pole, model)?;
        Ok(self)
    }

    /// Sets a pole's coverage model; see [`Thresholds::with_model`].
    ///
    /// # Errors
    ///
    /// As [`Thresholds::with_model`].
    ///
    /// ```
    /// let mut t = rolebalance::Thresholds::new();
    /// t.set_model(Some("vision"), rolebalance::Coverage::Additive)?;
    /// assert_eq!(t.pole_model("vision"), Some(rolebalance::Coverage::Additive));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn set_model(&mut self, pole: Option<&str>, model: Coverage) -> Result<(), Error> {
        match pole {
            None => self.model = Some(model),
            Some(pole) => {
                crate::model::framework::check_name(pole)?;
                self.models.insert(pole.to_string(), model);
            }
        }
        Ok(())
    }

    /// The coverage model set for pole `name` (its own, or the one set for
    /// every pole); `None` when the analysis' model applies.
    ///
    /// ```
    /// assert_eq!(rolebalance::Thresholds::new().pole_model("vision"), None);
    /// ```
    pub fn pole_model(&self, name: &str) -> Option<Coverage> {
        self.models.get(name).copied().or(self.model)
    }

    /// Every model these thresholds name.
    pub(crate) fn models(&self) -> impl Iterator<Item = Coverage> + '_ {
        self.model.into_iter().chain(self.models.values().copied())
    }

    /// The thresholds resolved for `framework`, one per pole, with `model`
    /// for the poles without a model of their own.
    pub(crate) fn resolve(&self, framework: &Framework, model: Coverage) -> Result<TeamThresholds, Error> {
        if let Some(name) = self.poles.keys().chain(self.models.keys()).find(|n| framework.pole(n).is_none()) {
            return Err(ErrorKind::UnknownThreshold { name: name.clone() }.into());
        }
        Ok(TeamThresholds {
            poles: framework.pole_names().map(|n| self.pole_threshold(n)).collect(),
            models: framework.pole_names().map(|n| self.pole_model(n).unwrap_or(model)).collect(),
            direction: self.direction,
            control: self.control,
            skew: self.skew,
            bridge: self.bridge,
        })
    }
}

/// Thresholds and coverage models resolved for one team and framework: one
/// threshold and one model per pole, in pole order.
///
/// ```
/// use rolebalance::{Analyzer, Coverage, Framework, Requirements};
/// let req = Requirements::new().require("Ops", "vision", 0.7)?.require_model("Ops", Some("vision"), Coverage::Weakest)?;
/// let analyzer = Analyzer::new().requirements(req);
/// let t = analyzer.team_thresholds(&Framework::leadership_management(), "Ops/Night")?;
/// assert_eq!(t.poles().len(), 8);
/// assert_eq!((t.poles()[2], t.models()[2]), (0.7, Coverage::Weakest));
/// assert_eq!((t.poles()[0], t.models()[0]), (0.5, Coverage::Strongest));
/// assert_eq!((t.direction(), t.control(), t.skew(), t.bridge()), (0.5, 0.5, 0.3, 0.4));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamThresholds {
    pub(crate) poles: Vec<f64>,
    pub(crate) models: Vec<Coverage>,
    pub(crate) direction: f64,
    pub(crate) control: f64,
    pub(crate) skew: f64,
    pub(crate) bridge: f64,
}

impl TeamThresholds {
    /// The pole thresholds, in pole order.
    ///
    /// ```
    /// # let t = rolebalance::Analyzer::new().team_thresholds(&rolebalance::Framework::leadership_management(), "T")?;
    /// assert_eq!(t.poles(), [0.5; 8]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn poles(&self) -> &[f64] {
        &self.poles
    }

    /// The coverage model of each pole, in pole order.
    ///
    /// ```
    /// # let t = rolebalance::Analyzer::new().team_thresholds(&rolebalance::Framework::leadership_management(), "T")?;
    /// assert_eq!(t.models(), [rolebalance::Coverage::Strongest; 8]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn models(&self) -> &[Coverage] {
        &self.models
    }

    /// The direction threshold.
    ///
    /// ```
    /// # let t = rolebalance::Analyzer::new().team_thresholds(&rolebalance::Framework::leadership_management(), "T")?;
    /// assert_eq!(t.direction(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn direction(&self) -> f64 {
        self.direction
    }

    /// The control threshold.
    ///
    /// ```
    /// # let t = rolebalance::Analyzer::new().team_thresholds(&rolebalance::Framework::leadership_management(), "T")?;
    /// assert_eq!(t.control(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn control(&self) -> f64 {
        self.control
    }

    /// The skew threshold.
    ///
    /// ```
    /// # let t = rolebalance::Analyzer::new().team_thresholds(&rolebalance::Framework::leadership_management(), "T")?;
    /// assert_eq!(t.skew(), 0.3);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn skew(&self) -> f64 {
        self.skew
    }

    /// The bridge threshold.
    ///
    /// ```
    /// # let t = rolebalance::Analyzer::new().team_thresholds(&rolebalance::Framework::leadership_management(), "T")?;
    /// assert_eq!(t.bridge(), 0.4);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn bridge(&self) -> f64 {
        self.bridge
    }

    /// The threshold of pole `i` (0.5 past the last pole).
    pub(crate) fn pole(&self, i: usize) -> f64 {
        self.poles.get(i).copied().unwrap_or(0.5)
    }

    /// The model of pole `i` (`Strongest` past the last pole).
    pub(crate) fn model(&self, i: usize) -> Coverage {
        self.models.get(i).copied().unwrap_or_default()
    }
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

/// One requirement: for `team` and the teams below it, a threshold has a
/// value, or a pole (or every pole) has a coverage model.
///
/// ```
/// use rolebalance::{Coverage, RequirementValue, Requirements};
/// let req = Requirements::new().require("Acme/Ops", "skew", 0.2)?.require_model("Acme/Ops", None, Coverage::Average)?;
/// let mut it = req.iter();
/// let first = it.next().unwrap();
/// assert_eq!((first.team(), first.name(), first.value()), ("Acme/Ops", "skew", RequirementValue::Threshold(0.2)));
/// let second = it.next().unwrap();
/// assert_eq!((second.name(), second.value()), ("model", RequirementValue::Model(Coverage::Average)));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    team: String,
    name: String,
    value: RequirementValue,
}

/// What a [`Requirement`] sets.
///
/// ```
/// use rolebalance::{Coverage, RequirementValue};
/// assert_eq!(RequirementValue::Model(Coverage::Weakest).to_string(), "weakest");
/// assert_eq!(RequirementValue::Threshold(0.7).to_string(), "0.7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequirementValue {
    /// A threshold's value, in [0, 1].
    Threshold(f64),
    /// A coverage model.
    Model(Coverage),
}

impl std::fmt::Display for RequirementValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequirementValue::Threshold(v) => write!(f, "{v}"),
            RequirementValue::Model(m) => write!(f, "{m}"),
        }
    }
}

impl Requirement {
    /// The team or team-path prefix it applies to.
    ///
    /// ```
    /// let req = rolebalance::Requirements::new().require("Acme", "pole", 0.6)?;
    /// assert_eq!(req.iter().next().unwrap().team(), "Acme");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }

    /// What it sets: a pole name, `pole`, `side`, `direction`, `control`,
    /// `skew` or `bridge` (a threshold), `model:POLE` or `model` (a coverage
    /// model for one pole or for every pole).
    ///
    /// ```
    /// let req = rolebalance::Requirements::new().require_model("Acme", Some("vision"), rolebalance::Coverage::Weakest)?;
    /// assert_eq!(req.iter().next().unwrap().name(), "model:vision");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value it sets.
    ///
    /// ```
    /// let req = rolebalance::Requirements::new().require("Acme", "pole", 0.6)?;
    /// assert_eq!(req.iter().next().unwrap().value(), rolebalance::RequirementValue::Threshold(0.6));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn value(&self) -> RequirementValue {
        self.value
    }

    /// Applies the requirement to `t` (values were checked when it was made).
    fn apply(&self, t: &mut Thresholds) {
        let _ = match self.value {
            RequirementValue::Threshold(v) => t.set(&self.name, v),
            RequirementValue::Model(m) => t.set_model(self.name.strip_prefix("model:"), m),
        };
    }
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
        self.rules.push(Requirement {
            team: team.to_string(),
            name: threshold.to_string(),
            value: RequirementValue::Threshold(value),
        });
        Ok(self)
    }

    /// These requirements and, for `team` and below, `model` for pole
    /// `pole` (`None`: for every pole).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MemberValue`] for an invalid team path and
    /// [`ErrorKind::InvalidName`] for a pole name that is not snake_case
    /// (pole names are checked against the framework when analysing).
    ///
    /// ```
    /// use rolebalance::{Analyzer, Coverage, Member, Requirements, Roster};
    /// // Risk management is conjunctive in operations: everyone must manage risk.
    /// let req = Requirements::new().require_model("Ops", Some("risk_management"), Coverage::Weakest)?;
    /// let roster: Roster = [
    ///     Member::new("ana", "Ops", [0.5, 0.9, 0.5, 0.9, 0.5, 0.9, 0.5, 0.9])?,
    ///     Member::new("bo", "Ops", [0.5, 0.8, 0.5, 0.8, 0.5, 0.8, 0.5, 0.2])?,
    /// ].into_iter().collect();
    /// let report = Analyzer::new().requirements(req).analyze(&roster)?;
    /// let ops = report.team("Ops").unwrap();
    /// assert_eq!(ops.pole("risk_management").unwrap().coverage(), 0.2); // the weakest
    /// assert_eq!(ops.pole("process").unwrap().coverage(), 0.9); // the strongest
    /// assert!(ops.flags().contains("uncovered_pole:risk_management"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn require_model(mut self, team: &str, pole: Option<&str>, model: Coverage) -> Result<Requirements, Error> {
        team::check(team).map_err(|problem| ErrorKind::MemberValue {
            field: "team".to_string(),
            value: team.to_string(),
            problem,
        })?;
        Thresholds::default().set_model(pole, model)?;
        let name = match pole {
            Some(p) => format!("model:{p}"),
            None => "model".to_string(),
        };
        self.rules.push(Requirement { team: team.to_string(), name, value: RequirementValue::Model(model) });
        Ok(self)
    }

    /// Every model these requirements name.
    pub(crate) fn models(&self) -> impl Iterator<Item = Coverage> + '_ {
        self.rules.iter().filter_map(|r| match r.value {
            RequirementValue::Model(m) => Some(m),
            RequirementValue::Threshold(_) => None,
        })
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
    /// assert_eq!(req.iter().map(|r| r.team()).collect::<Vec<_>>(), ["A", "B"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Requirement> {
        self.rules.iter()
    }

    /// The requirements that apply to none of `teams`: no team is the
    /// requirement's team or below it (`Acme` applies to `Acme` and
    /// `Acme/Ops`, not to `Acmeco`). Such a requirement is most often a
    /// misspelt team; an analysis ignores it, so a program should say so
    /// (`analyze_roster` warns on standard error). `O((n + r) log n)` for
    /// `n` teams and `r` requirements.
    ///
    /// ```
    /// let req = rolebalance::Requirements::new().require("Acme", "skew", 0.2)?.require("Acne/Ops", "skew", 0.1)?;
    /// let unmatched: Vec<&str> = req.unmatched(["Acme/Ops", "Acmeco"]).iter().map(|r| r.team()).collect();
    /// assert_eq!(unmatched, ["Acne/Ops"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn unmatched<'t, I: IntoIterator<Item = &'t str>>(&self, teams: I) -> Vec<&Requirement> {
        let mut names: Vec<&str> = teams.into_iter().collect();
        names.sort_unstable();
        let applies = |team: &str| {
            // `team` itself, or the first name at or after `team/` in order
            // (names below `team/` are contiguous there): two searches.
            if names.binary_search(&team).is_ok() {
                return true;
            }
            let below = format!("{team}/");
            let i = names.partition_point(|n| *n < below.as_str());
            names.get(i).is_some_and(|n| n.starts_with(&below))
        };
        self.rules.iter().filter(|r| !applies(r.team())).collect()
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
            r.apply(&mut t);
        }
        t
    }

    /// Checks every pole name against `framework`.
    pub(crate) fn check(&self, framework: &Framework) -> Result<(), Error> {
        let mut t = Thresholds::default();
        for r in &self.rules {
            r.apply(&mut t);
        }
        t.resolve(framework, Coverage::default()).map(|_| ())
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
        let e = t.resolve(&Framework::leadership_management(), Coverage::Strongest).unwrap_err();
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
