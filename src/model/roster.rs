//! Rosters: a framework and its members, stored compactly.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::model::framework::Framework;
use crate::model::member::{Member, MemberRef};
use crate::util::intern::Interner;

/// A framework and the members placed on it, in roster order.
///
/// A roster stores its members compactly: teams interned once (each member
/// keeps its team's number), all strengths in one array, ids and names in
/// one text arena. [`Roster::iter`] and [`Roster::get`] hand out
/// [`MemberRef`] views with the getters of [`Member`].
///
/// [`Roster::push`] checks a member against the framework (one strength per
/// pole). (`id`, `team`) pairs are checked when the roster is analysed: a
/// roster read by [`ReaderBuilder`](crate::ReaderBuilder) was checked while
/// reading.
///
/// # Examples
///
/// Collect members into a roster on the article's framework:
///
/// ```
/// use rolebalance::{Member, Roster};
/// let mut roster: Roster = [Member::new("ana", "Core", [0.5; 8])?].into_iter().collect();
/// roster.extend([Member::new("bo", "Core", [0.6; 8])?]);
/// assert_eq!(roster.len(), 2);
/// # Ok::<(), rolebalance::Error>(())
/// ```
///
/// Or on a framework of your own, checked as members come in:
///
/// ```
/// use rolebalance::{Framework, Member, Roster};
/// let fw = Framework::builder().dimension("change", "innovate", "stabilize").build()?;
/// let mut roster = Roster::new(fw.clone());
/// roster.push(Member::new("ana", "Core", [0.9, 0.4])?)?;
/// assert!(roster.push(Member::new("bo", "Core", [0.5; 8])?).is_err()); // 8 strengths, 2 poles
/// let same = Roster::try_from_iter(fw, [Member::new("ana", "Core", [0.9, 0.4])?])?;
/// assert_eq!(same, roster);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Roster {
    framework: Framework,
    teams: Interner,
    team_of: Vec<u32>,
    weights: Vec<f64>,
    strengths: Vec<f64>,
    /// Per member: its id, then its name.
    text: String,
    /// Per member: where its id ends and where its name ends in `text`.
    ends: Vec<(usize, usize)>,
    /// Per member: whether it has a name (an empty one is a name).
    named: Vec<bool>,
    /// The first member that [`FromIterator`] or [`Extend`] could not take
    /// (its id and strength count), reported by the analysis.
    refused: Option<(String, usize)>,
    /// The first members known to repeat no (`team`, `id`) pair.
    checked: usize,
    /// The teams in name order, made on first need.
    sorted: OnceLock<Vec<u32>>,
}

impl Default for Roster {
    fn default() -> Roster {
        Roster::new(Framework::default())
    }
}

impl PartialEq for Roster {
    fn eq(&self, other: &Roster) -> bool {
        self.framework == other.framework && self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Roster {
    /// An empty roster on `framework`.
    ///
    /// ```
    /// use rolebalance::{Framework, Roster};
    /// let roster = Roster::new(Framework::leadership_management());
    /// assert!(roster.is_empty());
    /// ```
    pub fn new(framework: Framework) -> Roster {
        Roster {
            framework,
            teams: Interner::default(),
            team_of: Vec::new(),
            weights: Vec::new(),
            strengths: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            named: Vec::new(),
            refused: None,
            checked: 0,
            sorted: OnceLock::new(),
        }
    }

    /// A roster on `framework` with `members`, each checked as by
    /// [`Roster::push`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`] for the first member without one strength
    /// per pole.
    ///
    /// ```
    /// use rolebalance::{Framework, Member, Roster};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let err = Roster::try_from_iter(fw, [Member::new("ana", "T", [0.5; 8])?]).unwrap_err();
    /// assert_eq!(err.to_string(), "member `ana` has 8 pole strengths, the framework has 2 poles");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = Member>>(framework: Framework, members: I) -> Result<Roster, Error> {
        let mut roster = Roster::new(framework);
        for m in members {
            roster.push(m)?;
        }
        Ok(roster)
    }

    /// The framework.
    ///
    /// ```
    /// let roster = rolebalance::Roster::default();
    /// assert_eq!(roster.framework().len(), 4);
    /// ```
    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    /// The members in roster order (the same as [`Roster::iter`]).
    ///
    /// ```
    /// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// assert_eq!(roster.members().next().unwrap().id(), "a");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn members(&self) -> Members<'_> {
        self.iter()
    }

    /// Member number `i` in roster order.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// assert_eq!(roster.get(0).map(|m| m.id()), Some("a"));
    /// assert!(roster.get(1).is_none());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn get(&self, i: usize) -> Option<MemberRef<'_>> {
        let &(id_end, name_end) = self.ends.get(i)?;
        let from = if i == 0 { 0 } else { self.ends.get(i - 1).map_or(0, |e| e.1) };
        let id = self.text.get(from..id_end)?;
        let name = self.named.get(i).copied().unwrap_or(false).then(|| self.text.get(id_end..name_end)).flatten();
        let team = self.teams.get(self.team_of.get(i).copied().unwrap_or(0) as usize);
        let n = self.framework.pole_count();
        let strengths = self.strengths.get(i * n..(i + 1) * n)?;
        Some(MemberRef::from_parts(id, name, team, self.weights.get(i).copied().unwrap_or(0.0), strengths))
    }

    /// Appends a member.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PoleCount`] when the member has not one strength per
    /// pole of the framework.
    ///
    /// ```
    /// let mut roster = rolebalance::Roster::default();
    /// roster.push(rolebalance::Member::new("a", "T", [0.5; 8])?)?;
    /// assert_eq!(roster.len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn push(&mut self, member: Member) -> Result<(), Error> {
        self.push_ref(member.as_ref())
    }

    /// Appends a member given as a view (of another roster, say).
    ///
    /// # Errors
    ///
    /// As [`Roster::push`].
    ///
    /// ```
    /// let a: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// let mut b = rolebalance::Roster::default();
    /// b.push_ref(a.get(0).unwrap())?;
    /// assert_eq!(a, b);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn push_ref(&mut self, member: MemberRef<'_>) -> Result<(), Error> {
        let expected = self.framework.pole_count();
        if member.strengths().len() != expected {
            return Err(ErrorKind::PoleCount {
                id: member.id().to_string(),
                expected,
                found: member.strengths().len(),
            }
            .into());
        }
        self.push_checked(member.id(), member.name(), member.team(), member.weight(), member.strengths());
        Ok(())
    }

    /// Appends a member whose values were checked (one strength per pole).
    pub(crate) fn push_checked(&mut self, id: &str, name: Option<&str>, team: &str, weight: f64, strengths: &[f64]) {
        let t = self.intern_team(team);
        self.push_at(t, id, name, weight, strengths);
    }

    /// The number of team `team`, made if new.
    pub(crate) fn intern_team(&mut self, team: &str) -> u32 {
        let (t, new) = self.teams.intern(team);
        if new {
            self.sorted = OnceLock::new();
        }
        t
    }

    /// Appends a checked member of team number `t` (from [`Roster::intern_team`]).
    pub(crate) fn push_at(&mut self, t: u32, id: &str, name: Option<&str>, weight: f64, strengths: &[f64]) {
        self.team_of.push(t);
        self.weights.push(weight);
        self.strengths.extend_from_slice(strengths);
        self.text.push_str(id);
        let id_end = self.text.len();
        self.text.push_str(name.unwrap_or(""));
        self.ends.push((id_end, self.text.len()));
        self.named.push(name.is_some());
    }

    /// Marks every member so far as checked for repeated (`team`, `id`)
    /// pairs (by a reader that checked them).
    pub(crate) fn mark_checked(&mut self) {
        self.checked = self.len();
    }

    /// Whether every member was checked for repeated pairs.
    pub(crate) fn is_checked(&self) -> bool {
        self.checked == self.len()
    }

    /// The first member that [`FromIterator`] or [`Extend`] refused.
    pub(crate) fn refused(&self) -> Option<Error> {
        self.refused.as_ref().map(|(id, found)| {
            ErrorKind::PoleCount { id: id.clone(), expected: self.framework.pole_count(), found: *found }.into()
        })
    }

    /// The number of members.
    ///
    /// ```
    /// assert_eq!(rolebalance::Roster::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.team_of.len()
    }

    /// Whether there are no members.
    ///
    /// ```
    /// assert!(rolebalance::Roster::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.team_of.is_empty()
    }

    /// The members in roster order.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// assert_eq!(roster.iter().map(|m| m.team()).collect::<Vec<_>>(), ["T"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> Members<'_> {
        Members { roster: self, front: 0, back: self.len() }
    }

    /// The number of distinct teams.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [
    ///     rolebalance::Member::new("a", "T", [0.5; 8])?,
    ///     rolebalance::Member::new("b", "T", [0.5; 8])?,
    ///     rolebalance::Member::new("c", "U", [0.5; 8])?,
    /// ].into_iter().collect();
    /// assert_eq!(roster.team_count(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn team_count(&self) -> usize {
        self.teams.len()
    }

    /// The teams, in order of first appearance.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [
    ///     rolebalance::Member::new("a", "U", [0.5; 8])?,
    ///     rolebalance::Member::new("b", "T", [0.5; 8])?,
    /// ].into_iter().collect();
    /// assert_eq!(roster.teams().collect::<Vec<_>>(), ["U", "T"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn teams(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.teams.len()).map(|t| self.teams.get(t))
    }

    /// Team number `t` (in order of first appearance).
    pub(crate) fn team_name(&self, t: usize) -> &str {
        self.teams.get(t)
    }

    /// Each member's team number, in roster order.
    pub(crate) fn team_numbers(&self) -> &[u32] {
        &self.team_of
    }

    /// Member `i`'s id (empty past the last).
    pub(crate) fn id(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.ends.get(i - 1).map_or(0, |e| e.1) };
        let to = self.ends.get(i).map_or(from, |e| e.0);
        self.text.get(from..to).unwrap_or_default()
    }

    /// Member `i`'s weight and strengths.
    pub(crate) fn values(&self, i: usize) -> (f64, &[f64]) {
        let n = self.framework.pole_count();
        (self.weights.get(i).copied().unwrap_or(0.0), self.strengths.get(i * n..(i + 1) * n).unwrap_or_default())
    }

    /// The team numbers sorted by name.
    pub(crate) fn sorted_teams(&self) -> &[u32] {
        self.sorted.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.teams.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| self.teams.get(a as usize).cmp(self.teams.get(b as usize)));
            order
        })
    }

    /// Takes `member` unchecked by the caller: refused (and remembered for
    /// the analysis) when its strength count does not fit.
    fn take(&mut self, member: Member) {
        if self.refused.is_some() {
            return;
        }
        let found = member.strengths().len();
        if found != self.framework.pole_count() {
            self.refused = Some((member.id().to_string(), found));
            return;
        }
        let m = member.as_ref();
        self.push_checked(m.id(), m.name(), m.team(), m.weight(), m.strengths());
    }
}

/// The members of a [`Roster`] in roster order: from [`Roster::iter`].
///
/// ```
/// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
/// let mut it = roster.iter();
/// assert_eq!(it.len(), 1);
/// assert_eq!(it.next_back().map(|m| m.id()), Some("a"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Members<'a> {
    roster: &'a Roster,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = MemberRef<'a>;
    fn next(&mut self) -> Option<MemberRef<'a>> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.roster.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back.saturating_sub(self.front);
        (n, Some(n))
    }
    fn nth(&mut self, n: usize) -> Option<MemberRef<'a>> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for Members<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.roster.get(self.back)
    }
}

impl ExactSizeIterator for Members<'_> {}

/// Collects members on the article's framework
/// ([`Framework::leadership_management`]). A member without one strength
/// per pole is not taken, and the analysis reports it
/// ([`ErrorKind::PoleCount`]); [`Roster::try_from_iter`] reports it at once.
impl FromIterator<Member> for Roster {
    fn from_iter<I: IntoIterator<Item = Member>>(iter: I) -> Roster {
        let mut roster = Roster::new(Framework::leadership_management());
        roster.extend(iter);
        roster
    }
}

/// Appends members, as [`FromIterator`] takes them.
impl Extend<Member> for Roster {
    fn extend<I: IntoIterator<Item = Member>>(&mut self, iter: I) {
        for m in iter {
            self.take(m);
        }
    }
}

impl<'a> IntoIterator for &'a Roster {
    type Item = MemberRef<'a>;
    type IntoIter = Members<'a>;
    fn into_iter(self) -> Members<'a> {
        self.iter()
    }
}

/// The serialised form: the framework and the members as
/// [`Member`]s.
#[derive(Serialize)]
struct RosterOut<'a> {
    framework: &'a Framework,
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct RosterIn {
    framework: Framework,
    members: Vec<Member>,
}

impl Serialize for Roster {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RosterOut { framework: &self.framework, members: self.iter().map(|m| m.to_member()).collect() }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Roster {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Roster, D::Error> {
        let r = RosterIn::deserialize(d)?;
        Roster::try_from_iter(r.framework, r.members).map_err(serde::de::Error::custom)
    }
}
