//! Rosters: a framework and its members.

use std::io;

use serde::{Deserialize, Serialize};

use crate::model::framework::Framework;
use crate::model::member::Member;

/// A framework and the members placed on it, in roster order.
///
/// Members are checked against the framework when the roster is analysed:
/// one strength per pole, and no (`id`, `team`) pair twice.
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
/// Or on a framework of your own:
///
/// ```
/// use rolebalance::{Framework, Member, Roster};
/// let fw = Framework::builder().dimension("change", "innovate", "stabilize").build()?;
/// let mut roster = Roster::new(fw);
/// roster.push(Member::new("ana", "Core", [0.9, 0.4])?);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    framework: Framework,
    members: Vec<Member>,
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
        Roster { framework, members: Vec::new() }
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

    /// The members in roster order.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// assert_eq!(roster.members()[0].id(), "a");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// Appends a member.
    ///
    /// ```
    /// let mut roster = rolebalance::Roster::default();
    /// roster.push(rolebalance::Member::new("a", "T", [0.5; 8])?);
    /// assert_eq!(roster.len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn push(&mut self, member: Member) {
        self.members.push(member);
    }

    /// The number of members (rows).
    ///
    /// ```
    /// assert_eq!(rolebalance::Roster::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    ///
    /// ```
    /// assert!(rolebalance::Roster::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members in roster order.
    ///
    /// ```
    /// let roster: rolebalance::Roster = [rolebalance::Member::new("a", "T", [0.5; 8])?].into_iter().collect();
    /// assert_eq!(roster.iter().map(|m| m.team()).collect::<Vec<_>>(), ["T"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Member> {
        self.members.iter()
    }

    /// Writes the roster as CSV in the pole-strength form:
    /// `id,name,team,weight,<every pole>`, numbers written so that they read
    /// back as the same `f64`; a member without a name gets an empty cell.
    ///
    /// Reading the output back with [`ReaderBuilder`](crate::ReaderBuilder)
    /// gives the same roster, provided ids, names and teams have no leading
    /// or trailing white space (the reader trims cells), have no line breaks
    /// (a roster field may not span lines) and names are not empty (an empty
    /// name cell means no name).
    ///
    /// # Errors
    ///
    /// The writer's I/O errors.
    ///
    /// ```
    /// use rolebalance::{Member, ReaderBuilder, Roster};
    /// let roster: Roster = [Member::new("ana", "A/B", [0.1; 8])?.with_name("Ana, Jr.")]
    ///     .into_iter().collect();
    /// let mut out = Vec::new();
    /// roster.write_csv(&mut out)?;
    /// let (back, _) = ReaderBuilder::new().read_roster(out.as_slice())?;
    /// assert_eq!(back, roster);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: io::Write>(&self, writer: W) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(writer);
        let map = |e: csv::Error| io::Error::other(e.to_string());
        let mut header = vec!["id".to_string(), "name".to_string(), "team".to_string(), "weight".to_string()];
        header.extend(self.framework.pole_names().map(str::to_string));
        w.write_record(&header).map_err(map)?;
        for m in &self.members {
            let mut rec = vec![
                m.id().to_string(),
                m.name().unwrap_or("").to_string(),
                m.team().to_string(),
                m.weight().to_string(),
            ];
            rec.extend(m.strengths().iter().map(f64::to_string));
            w.write_record(&rec).map_err(map)?;
        }
        w.flush()
    }
}

impl FromIterator<Member> for Roster {
    /// A roster on the article's framework, [`Framework::leadership_management`].
    fn from_iter<I: IntoIterator<Item = Member>>(iter: I) -> Roster {
        Roster { framework: Framework::leadership_management(), members: iter.into_iter().collect() }
    }
}

impl Extend<Member> for Roster {
    fn extend<I: IntoIterator<Item = Member>>(&mut self, iter: I) {
        self.members.extend(iter);
    }
}

impl<'a> IntoIterator for &'a Roster {
    type Item = &'a Member;
    type IntoIter = std::slice::Iter<'a, Member>;
    fn into_iter(self) -> Self::IntoIter {
        self.members.iter()
    }
}

impl IntoIterator for Roster {
    type Item = Member;
    type IntoIter = std::vec::IntoIter<Member>;
    fn into_iter(self) -> Self::IntoIter {
        self.members.into_iter()
    }
}
