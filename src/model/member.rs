//! Members: weighted positions on every dimension.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Range, ValueProblem};
use crate::model::framework::{Framework, Pole};
use crate::model::team;
use crate::model::tolerance;

/// One row of a roster: a person's strengths on every pole, the team they
/// work in and the share of their time they give it.
///
/// Strengths are stored in pole order (see [`Pole`](crate::Pole)): for each
/// dimension its leadership pole, then its management pole; each in [0, 1].
/// `-0.0` is stored as `0.0`.
///
/// # Examples
///
/// From pole strengths, two per dimension of the article's framework:
///
/// ```
/// use rolebalance::Member;
/// let ana = Member::new("ana", "Acme/Platform",
///     [0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.1])?;
/// assert!((ana.leadership_mean() - 0.75).abs() < 1e-12);
/// assert!((ana.management_mean() - 0.25).abs() < 1e-12);
/// assert!(!ana.is_bridge(0.4));
/// # Ok::<(), rolebalance::Error>(())
/// ```
///
/// From a position and an intensity per dimension:
///
/// ```
/// use rolebalance::Member;
/// let bo = Member::from_positions("bo", "Acme/Ops", &[(-1.0, 1.0), (0.0, 1.0), (0.5, 0.8), (-0.5, 1.0)])?
///     .with_weight(0.5)?;
/// assert_eq!(bo.strengths()[..2], [0.0, 1.0]);   // purpose: all organize
/// assert!((bo.position(2).unwrap() - 0.5).abs() < 1e-12);
/// assert_eq!(bo.weight(), 0.5);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MemberData")]
pub struct Member {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    team: String,
    weight: f64,
    strengths: Vec<f64>,
}

/// The unchecked form serde reads before [`Member`] validates it.
#[derive(Deserialize)]
struct MemberData {
    id: String,
    #[serde(default)]
    name: Option<String>,
    team: String,
    #[serde(default = "one")]
    weight: f64,
    strengths: Vec<f64>,
}

fn one() -> f64 {
    1.0
}

impl TryFrom<MemberData> for Member {
    type Error = Error;
    fn try_from(d: MemberData) -> Result<Member, Error> {
        let m = Member::new(d.id, d.team, d.strengths)?.with_weight(d.weight)?;
        Ok(match d.name {
            Some(n) => m.with_name(n),
            None => m,
        })
    }
}

/// Checks that `value` is a finite number in `range`; `-0.0` becomes `0.0`.
pub(crate) fn check_number(value: f64, range: Range) -> Result<f64, ValueProblem> {
    if value.is_nan() {
        return Err(ValueProblem::NaN);
    }
    if value.is_infinite() {
        return Err(ValueProblem::Infinite);
    }
    let (min, max) = range.bounds();
    if !(min..=max).contains(&value) {
        return Err(ValueProblem::OutOfRange(range));
    }
    Ok(value + 0.0)
}

fn member_err(field: &str, value: String, problem: ValueProblem) -> Error {
    ErrorKind::MemberValue { field: field.to_string(), value, problem }.into()
}

fn checked(field: impl FnOnce() -> String, value: f64, range: Range) -> Result<f64, Error> {
    check_number(value, range).map_err(|p| member_err(&field(), value.to_string(), p))
}

impl Member {
    /// A member of `team` with weight 1 and the given pole strengths, in pole
    /// order (two per dimension, leadership first).
    ///
    /// The number of strengths is checked against the framework when the
    /// member is analysed ([`ErrorKind::PoleCount`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MemberValue`] for an empty id, a team path with an empty
    /// segment (`team` is empty, or has `//`, a leading or a trailing `/`),
    /// or a strength that is NaN, infinite or outside [0, 1]; the field is
    /// named `strength N` (0-based pole index).
    ///
    /// ```
    /// use rolebalance::Member;
    /// let ana = Member::new("ana", "Acme/Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.6, 0.6, 0.5])?;
    /// assert_eq!((ana.weight(), ana.lead(0)), (1.0, Some(0.9)));
    /// assert!(Member::new("bo", "Acme/Lab", [1.5; 8]).is_err());
    /// assert!(Member::new("", "Acme/Lab", [0.5; 8]).is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn new(
        id: impl Into<String>,
        team: impl Into<String>,
        strengths: impl Into<Vec<f64>>,
    ) -> Result<Member, Error> {
        let id = id.into();
        let team = team.into();
        if id.is_empty() {
            return Err(member_err("id", id, ValueProblem::Empty));
        }
        team::check(&team).map_err(|p| member_err("team", team.clone(), p))?;
        let mut strengths = strengths.into();
        for (i, s) in strengths.iter_mut().enumerate() {
            *s = checked(|| format!("strength {i}"), *s, Range::Unit)?;
        }
        Ok(Member { id, name: None, team, weight: 1.0, strengths })
    }

    /// A member whose strengths are named by pole, for `framework`: every
    /// pole of the framework once, in any order.
    ///
    /// # Errors
    ///
    /// As [`Member::new`]; [`ErrorKind::UnknownPole`] for a name the
    /// framework does not have, [`ErrorKind::PoleGivenTwice`] for a pole
    /// named twice, and [`ErrorKind::MissingPole`] for a pole left out.
    ///
    /// ```
    /// use rolebalance::{Framework, Member, Roster};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let ana = Member::with_poles("ana", "Lab", &fw, [("execution", 0.3), ("vision", 0.9)])?;
    /// assert_eq!(ana.strengths(), [0.9, 0.3]);
    /// let err = Member::with_poles("bo", "Lab", &fw, [("vision", 0.9)]).unwrap_err();
    /// assert_eq!(err.to_string(), "member `bo`: no strength for pole `execution`");
    /// let err = Member::with_poles("cy", "Lab", &fw, [("vision", 0.9), ("charisma", 0.5)]).unwrap_err();
    /// assert_eq!(err.to_string(), "member `cy`: the framework has no pole `charisma`");
    /// let err = Member::with_poles("di", "Lab", &fw, [("vision", 0.9), ("vision", 0.5)]).unwrap_err();
    /// assert_eq!(err.to_string(), "member `di`: pole `vision` given twice");
    /// let mut roster = Roster::new(fw);
    /// roster.push(ana)?;
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with_poles<'a>(
        id: impl Into<String>,
        team: impl Into<String>,
        framework: &Framework,
        strengths: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> Result<Member, Error> {
        let id = id.into();
        let mut values: Vec<Option<f64>> = vec![None; framework.pole_count()];
        for (name, v) in strengths {
            let pole = framework
                .pole(name)
                .ok_or_else(|| ErrorKind::UnknownPole { id: id.clone(), pole: name.to_string() })?;
            match values.get_mut(pole.index()) {
                Some(slot @ None) => *slot = Some(v),
                _ => return Err(ErrorKind::PoleGivenTwice { id, pole: name.to_string() }.into()),
            }
        }
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.into_iter().enumerate() {
            match v {
                Some(v) => out.push(v),
                None => {
                    let pole = framework.pole_name(Pole::from_index(i)).unwrap_or_default().to_string();
                    return Err(ErrorKind::MissingPole { id, pole }.into());
                }
            }
        }
        Member::new(id, team, out)
    }

    /// A member of a pool, not yet in a team: its team is the empty string
    /// (see [`TeamColumn::Optional`](crate::TeamColumn::Optional)).
    ///
    /// # Errors
    ///
    /// As [`Member::new`], for the id and the strengths.
    ///
    /// ```
    /// let m = rolebalance::Member::unassigned("ana", [0.5, 0.5])?;
    /// assert_eq!(m.team(), "");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn unassigned(id: impl Into<String>, strengths: impl Into<Vec<f64>>) -> Result<Member, Error> {
        let mut m = Member::new(id, "pool", strengths)?;
        m.team.clear();
        Ok(m)
    }

    /// A member from a `(position, intensity)` pair per dimension:
    /// `lead = intensity * (1 + position) / 2` and
    /// `manage = intensity * (1 - position) / 2`.
    ///
    /// # Errors
    ///
    /// As [`Member::new`]; a position outside [-1, 1] (field `position N`) or
    /// an intensity outside [0, 1] (field `intensity N`).
    ///
    /// # Formula
    ///
    /// `+1` is all leadership, `-1` all management, `0` both at half the
    /// intensity.
    ///
    /// ```
    /// use rolebalance::Member;
    /// let m = Member::from_positions("ana", "Lab", &[(1.0, 1.0), (0.0, 1.0), (-1.0, 0.5), (0.5, 0.0)])?;
    /// assert_eq!(&m.strengths()[..6], &[1.0, 0.0, 0.5, 0.5, 0.0, 0.5]);
    /// assert!(Member::from_positions("bo", "Lab", &[(2.0, 1.0)]).is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_positions(
        id: impl Into<String>,
        team: impl Into<String>,
        positions: &[(f64, f64)],
    ) -> Result<Member, Error> {
        let mut strengths = Vec::with_capacity(positions.len() * 2);
        for (i, &(p, k)) in positions.iter().enumerate() {
            let p = checked(|| format!("position {i}"), p, Range::Signed)?;
            let k = checked(|| format!("intensity {i}"), k, Range::Unit)?;
            let (lead, manage) = strengths_from_position(p, k);
            strengths.push(lead);
            strengths.push(manage);
        }
        Member::new(id, team, strengths)
    }

    /// The same member with weight `weight`: the share of their time given to
    /// this team.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MemberValue`] for a weight that is NaN, infinite or
    /// outside [0, 1].
    ///
    /// ```
    /// use rolebalance::Member;
    /// let m = Member::new("ana", "Lab", [0.5; 8])?.with_weight(0.2)?;
    /// assert_eq!(m.weight(), 0.2);
    /// assert!(Member::new("ana", "Lab", [0.5; 8])?.with_weight(1.2).is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with_weight(mut self, weight: f64) -> Result<Member, Error> {
        self.weight = checked(|| "weight".to_string(), weight, Range::Unit)?;
        Ok(self)
    }

    /// The same member with a display name.
    ///
    /// ```
    /// let m = rolebalance::Member::new("a1", "T", [0.5, 0.5])?.with_name("Ana Diaz");
    /// assert_eq!(m.name(), Some("Ana Diaz"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with_name(mut self, name: impl Into<String>) -> Member {
        self.name = Some(name.into());
        self
    }

    /// The member's id.
    ///
    /// ```
    /// assert_eq!(rolebalance::Member::new("e7", "Lab", [0.5; 8])?.id(), "e7");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The display name, if one was given.
    ///
    /// ```
    /// assert_eq!(rolebalance::Member::new("e7", "Lab", [0.5; 8])?.name(), None);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The team path, such as `Acme/Engineering/Platform`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Member::new("e7", "Acme/Lab", [0.5; 8])?.team(), "Acme/Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &str {
        &self.team
    }

    /// The weight in [0, 1]; 1 unless set.
    ///
    /// ```
    /// assert_eq!(rolebalance::Member::new("e7", "Lab", [0.5; 8])?.weight(), 1.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Whether the member counts as active: weight above 0.
    ///
    /// ```
    /// let m = rolebalance::Member::new("a", "T", [0.5, 0.5])?.with_weight(0.0)?;
    /// assert!(!m.is_active());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_active(&self) -> bool {
        self.weight > 0.0
    }

    /// All pole strengths in pole order.
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.1, 0.2])?;
    /// assert_eq!(m.strengths(), &[0.1, 0.2]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn strengths(&self) -> &[f64] {
        &self.strengths
    }

    /// The leadership strength on dimension `dimension`, if it exists.
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.1, 0.2, 0.3, 0.4])?;
    /// assert_eq!((m.lead(1), m.lead(2)), (Some(0.3), None));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn lead(&self, dimension: usize) -> Option<f64> {
        self.as_ref().lead(dimension)
    }

    /// The management strength on dimension `dimension`, if it exists.
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.1, 0.2, 0.3, 0.4])?;
    /// assert_eq!(m.manage(1), Some(0.4));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn manage(&self, dimension: usize) -> Option<f64> {
        self.as_ref().manage(dimension)
    }

    /// The derived position on `dimension`: `(lead - manage) / (lead + manage)`,
    /// 0 when both are 0; `None` if there is no such dimension.
    ///
    /// # Formula
    ///
    /// The inverse of [`Member::from_positions`] for a positive intensity.
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.6, 0.2, 0.0, 0.0])?;
    /// assert!((m.position(0).unwrap() - 0.5).abs() < 1e-12); // (0.6 - 0.2) / (0.6 + 0.2)
    /// assert_eq!(m.position(1), Some(0.0));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn position(&self, dimension: usize) -> Option<f64> {
        self.as_ref().position(dimension)
    }

    /// The intensity on `dimension`: `lead + manage` (may exceed 1 for
    /// strengths given directly).
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.5, 0.25])?;
    /// assert_eq!(m.intensity(0), Some(0.75));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn intensity(&self, dimension: usize) -> Option<f64> {
        self.as_ref().intensity(dimension)
    }

    /// `L`: the mean of the leadership strengths (0 for no strengths).
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.5, 0.0, 1.0, 0.0])?;
    /// assert_eq!(m.leadership_mean(), 0.75);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn leadership_mean(&self) -> f64 {
        self.as_ref().leadership_mean()
    }

    /// `M`: the mean of the management strengths (0 for no strengths).
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.0, 0.5, 0.0, 1.0])?;
    /// assert_eq!(m.management_mean(), 0.75);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn management_mean(&self) -> f64 {
        self.as_ref().management_mean()
    }

    /// `min(L, M)`: how strong the member is on their weaker side.
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.9, 0.5, 0.7, 0.3])?;
    /// assert_eq!(m.bridge_score(), 0.4); // min(0.8, 0.4)
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn bridge_score(&self) -> f64 {
        self.as_ref().bridge_score()
    }

    /// Whether the member is a bridge: `min(L, M)` reaches `threshold`
    /// (within the 1e-9 rounding allowance of [`tolerance`](crate::tolerance)).
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.9, 0.5, 0.7, 0.3])?;
    /// assert!(m.is_bridge(0.4));
    /// assert!(!m.is_bridge(0.5));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_bridge(&self, threshold: f64) -> bool {
        self.as_ref().is_bridge(threshold)
    }
}

/// `(lead, manage)` for a position and an intensity.
impl Member {
    /// A borrowed view of the member, as a roster hands out its members.
    ///
    /// ```
    /// let m = rolebalance::Member::new("e7", "Lab", [0.9, 0.5, 0.7, 0.3])?;
    /// assert_eq!(m.as_ref().bridge_score(), m.bridge_score());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn as_ref(&self) -> MemberRef<'_> {
        MemberRef {
            id: &self.id,
            name: self.name.as_deref(),
            team: &self.team,
            weight: self.weight,
            strengths: &self.strengths,
        }
    }
}

impl<'a> From<&'a Member> for MemberRef<'a> {
    fn from(m: &'a Member) -> MemberRef<'a> {
        m.as_ref()
    }
}

/// A member of a [`Roster`](crate::Roster), borrowed: what
/// [`Roster::iter`](crate::Roster::iter) and [`Roster::get`](crate::Roster::get)
/// give. The same getters as [`Member`]; [`MemberRef::to_member`] makes an
/// owned copy.
///
/// # Examples
///
/// ```
/// use rolebalance::{Member, Roster};
/// let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.1])?.with_name("Ana")]
///     .into_iter().collect();
/// let ana = roster.get(0).unwrap();
/// assert_eq!((ana.id(), ana.name(), ana.team(), ana.weight()), ("ana", Some("Ana"), "Lab", 1.0));
/// assert!((ana.leadership_mean() - 0.75).abs() < 1e-12);
/// assert_eq!(ana.to_member(), roster.iter().next().unwrap().to_member());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberRef<'a> {
    id: &'a str,
    name: Option<&'a str>,
    team: &'a str,
    weight: f64,
    strengths: &'a [f64],
}

impl<'a> MemberRef<'a> {
    /// A view of checked values (the roster's own).
    pub(crate) fn from_parts(
        id: &'a str,
        name: Option<&'a str>,
        team: &'a str,
        weight: f64,
        strengths: &'a [f64],
    ) -> MemberRef<'a> {
        MemberRef { id, name, team, weight, strengths }
    }

    /// The member's id.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5; 8])?;
    /// assert_eq!(m.as_ref().id(), "e7");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The display name, if one was given.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5; 8])?.with_name("Eve");
    /// assert_eq!(m.as_ref().name(), Some("Eve"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn name(&self) -> Option<&'a str> {
        self.name
    }

    /// The team path.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Acme/Lab", [0.5; 8])?;
    /// assert_eq!(m.as_ref().team(), "Acme/Lab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team(&self) -> &'a str {
        self.team
    }

    /// The weight in [0, 1].
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5; 8])?.with_weight(0.5)?;
    /// assert_eq!(m.as_ref().weight(), 0.5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn weight(&self) -> f64 {
        self.weight
    }

    /// Whether the member counts as active: weight above 0.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5; 8])?;
    /// assert!(m.as_ref().is_active());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_active(&self) -> bool {
        self.weight > 0.0
    }

    /// All pole strengths in pole order.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.1, 0.2])?;
    /// assert_eq!(m.as_ref().strengths(), [0.1, 0.2]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn strengths(&self) -> &'a [f64] {
        self.strengths
    }

    /// The leadership strength on `dimension`, if it exists.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.1, 0.2, 0.3, 0.4])?;
    /// assert_eq!(m.as_ref().lead(1), Some(0.3));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn lead(&self, dimension: usize) -> Option<f64> {
        self.strengths.get(dimension.checked_mul(2)?).copied()
    }

    /// The management strength on `dimension`, if it exists.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.1, 0.2, 0.3, 0.4])?;
    /// assert_eq!(m.as_ref().manage(1), Some(0.4));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn manage(&self, dimension: usize) -> Option<f64> {
        self.strengths.get(dimension.checked_mul(2)?.checked_add(1)?).copied()
    }

    /// The derived position on `dimension`: `(lead - manage) / (lead + manage)`,
    /// 0 when both are 0.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.6, 0.2])?;
    /// assert!((m.as_ref().position(0).unwrap() - 0.5).abs() < 1e-12);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn position(&self, dimension: usize) -> Option<f64> {
        let (l, m) = (self.lead(dimension)?, self.manage(dimension)?);
        Some(position_of(l, m))
    }

    /// The intensity on `dimension`: `lead + manage`.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5, 0.25])?;
    /// assert_eq!(m.as_ref().intensity(0), Some(0.75));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn intensity(&self, dimension: usize) -> Option<f64> {
        Some(self.lead(dimension)? + self.manage(dimension)?)
    }

    /// `L`: the mean of the leadership strengths (0 for no strengths).
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5, 0.0, 1.0, 0.0])?;
    /// assert_eq!(m.as_ref().leadership_mean(), 0.75);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn leadership_mean(&self) -> f64 {
        side_means(self.strengths).0
    }

    /// `M`: the mean of the management strengths (0 for no strengths).
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.0, 0.5, 0.0, 1.0])?;
    /// assert_eq!(m.as_ref().management_mean(), 0.75);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn management_mean(&self) -> f64 {
        side_means(self.strengths).1
    }

    /// `min(L, M)`: how strong the member is on their weaker side.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.9, 0.5, 0.7, 0.3])?;
    /// assert_eq!(m.as_ref().bridge_score(), 0.4);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn bridge_score(&self) -> f64 {
        bridge_score(self.strengths)
    }

    /// Whether the member is a bridge: `min(L, M)` reaches `threshold`.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.9, 0.5, 0.7, 0.3])?;
    /// assert!(m.as_ref().is_bridge(0.4));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn is_bridge(&self, threshold: f64) -> bool {
        tolerance::reaches(self.bridge_score(), threshold)
    }

    /// An owned copy.
    ///
    /// ```
    /// # let m = rolebalance::Member::new("e7", "Lab", [0.5; 8])?;
    /// assert_eq!(m.as_ref().to_member(), m);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn to_member(&self) -> Member {
        Member {
            id: self.id.to_string(),
            name: self.name.map(str::to_string),
            team: self.team.to_string(),
            weight: self.weight,
            strengths: self.strengths.to_vec(),
        }
    }
}

/// A member's bridge score `min(L, M)`: the lower of their leadership and
/// management means.
#[inline]
pub(crate) fn bridge_score(strengths: &[f64]) -> f64 {
    let (l, m) = side_means(strengths);
    l.min(m)
}

pub(crate) fn strengths_from_position(position: f64, intensity: f64) -> (f64, f64) {
    (intensity * (1.0 + position) / 2.0, intensity * (1.0 - position) / 2.0)
}

/// `(l - m) / (l + m)`, 0 when both are 0.
pub(crate) fn position_of(l: f64, m: f64) -> f64 {
    let s = l + m;
    if s > 0.0 {
        (l - m) / s
    } else {
        0.0
    }
}

/// `(L, M)`: the means of the even and the odd entries.
pub(crate) fn side_means(strengths: &[f64]) -> (f64, f64) {
    let dims = strengths.len() / 2;
    if dims == 0 {
        return (0.0, 0.0);
    }
    let (mut l, mut m) = (0.0, 0.0);
    for pair in strengths.chunks_exact(2) {
        if let [a, b] = pair {
            l += a;
            m += b;
        }
    }
    (l / dims as f64, m / dims as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_bad_values() {
        let e = Member::new("a", "T", [0.5, 1.5]).unwrap_err();
        assert_eq!(e.to_string(), "member `strength 1`: `1.5` is out of range [0, 1]");
        let e = Member::new("", "T", [0.5, 0.5]).unwrap_err();
        assert_eq!(e.to_string(), "member `id`: empty value where one is needed");
        let e = Member::new("a", "A//B", [0.5, 0.5]).unwrap_err();
        assert_eq!(e.to_string(), "member `team`: `A//B` has an empty team path segment");
        let e = Member::new("a", "T", [f64::NAN, 0.5]).unwrap_err();
        assert_eq!(e.to_string(), "member `strength 0`: `NaN` is nan, not a number");
        let e = Member::from_positions("a", "T", &[(1.5, 1.0)]).unwrap_err();
        assert_eq!(e.to_string(), "member `position 0`: `1.5` is out of range [-1, 1]");
        let e = Member::new("a", "T", [0.5, 0.5]).unwrap().with_weight(f64::INFINITY).unwrap_err();
        assert_eq!(e.to_string(), "member `weight`: `inf` is infinite");
    }

    #[test]
    fn negative_zero_is_stored_as_zero() {
        let m = Member::new("a", "T", [-0.0, 0.0]).unwrap();
        assert!(m.strengths()[0].is_sign_positive());
    }

    #[test]
    fn zero_strengths_have_position_zero() {
        let m = Member::new("a", "T", [0.0, 0.0]).unwrap();
        assert_eq!(m.position(0), Some(0.0));
        assert_eq!(m.position(1), None);
    }

    proptest! {
        #[test]
        fn position_and_strengths_round_trip(p in -1.0f64..=1.0, k in 0.001f64..=1.0) {
            let m = Member::from_positions("a", "T", &[(p, k)]).unwrap();
            prop_assert!((m.position(0).unwrap() - p).abs() < 1e-12);
            prop_assert!((m.intensity(0).unwrap() - k).abs() < 1e-12);
            let (l, s) = (m.lead(0).unwrap(), m.manage(0).unwrap());
            let back = Member::from_positions("a", "T", &[(position_of(l, s), l + s)]).unwrap();
            prop_assert!((back.lead(0).unwrap() - l).abs() < 1e-12);
            prop_assert!((back.manage(0).unwrap() - s).abs() < 1e-12);
        }
    }
}
