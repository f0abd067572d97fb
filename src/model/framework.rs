//! Frameworks: ordered lists of bipolar dimensions, each with a leadership
//! pole and a management pole.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};

/// The most dimensions a framework may have.
///
/// ```
/// use rolebalance::{Dimension, Framework, MAX_DIMENSIONS};
/// let dims = |n: usize| -> Result<Vec<Dimension>, rolebalance::Error> {
///     (0..n).map(|i| Dimension::new(&format!("d{i}"), &format!("l{i}"), &format!("m{i}"))).collect()
/// };
/// assert!(Framework::new(dims(MAX_DIMENSIONS)?).is_ok());
/// assert!(Framework::new(dims(MAX_DIMENSIONS + 1)?).is_err());
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub const MAX_DIMENSIONS: usize = 32;

/// One side of the leadership/management divide.
///
/// # Examples
///
/// ```
/// use rolebalance::Side;
/// assert_eq!(Side::Leadership.opposite(), Side::Management);
/// assert_eq!(Side::Management.to_string(), "management");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Inspire, set vision, focus on people, take risks: gives a team *direction*.
    Leadership,
    /// Organise, execute, focus on process, manage risk: gives a team *control*.
    Management,
}

impl Side {
    /// The other side.
    ///
    /// ```
    /// use rolebalance::Side;
    /// assert_eq!(Side::Management.opposite(), Side::Leadership);
    /// ```
    pub fn opposite(self) -> Side {
        match self {
            Side::Leadership => Side::Management,
            Side::Management => Side::Leadership,
        }
    }

    /// The lowercase name: `leadership` or `management`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Side::Leadership.as_str(), "leadership");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Leadership => "leadership",
            Side::Management => "management",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A bipolar dimension: a key and its leadership and management poles.
///
/// # Examples
///
/// ```
/// use rolebalance::{Dimension, Side};
/// let d = Dimension::new("horizon", "vision", "execution")?;
/// assert_eq!(d.key(), "horizon");
/// assert_eq!(d.pole(Side::Leadership), "vision");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dimension {
    key: String,
    leadership_pole: String,
    management_pole: String,
}

impl Dimension {
    /// A dimension from its key and pole names.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidName`] when a name is not lowercase ASCII
    /// snake_case (`[a-z][a-z0-9_]*`), [`ErrorKind::ReservedName`] for a
    /// roster column's name (`id`, `name`, `team`, `weight`), and
    /// [`ErrorKind::DuplicateName`] when two of the three names are equal.
    ///
    /// ```
    /// use rolebalance::Dimension;
    /// assert!(Dimension::new("horizon", "vision", "execution").is_ok());
    /// assert!(Dimension::new("Horizon", "vision", "execution").is_err()); // not snake_case
    /// assert!(Dimension::new("horizon", "vision", "vision").is_err()); // a name twice
    /// assert!(Dimension::new("horizon", "weight", "execution").is_err()); // a roster column
    /// ```
    pub fn new(key: &str, leadership_pole: &str, management_pole: &str) -> Result<Dimension, Error> {
        for name in [key, leadership_pole, management_pole] {
            check_name(name)?;
            check_not_reserved(name)?;
        }
        if leadership_pole == management_pole || key == leadership_pole {
            return Err(ErrorKind::DuplicateName { name: leadership_pole.to_string() }.into());
        }
        if key == management_pole {
            return Err(ErrorKind::DuplicateName { name: management_pole.to_string() }.into());
        }
        Ok(Dimension {
            key: key.to_string(),
            leadership_pole: leadership_pole.to_string(),
            management_pole: management_pole.to_string(),
        })
    }

    /// The dimension's key, such as `horizon`.
    ///
    /// ```
    /// let d = rolebalance::Dimension::new("risk", "risk_taking", "risk_management")?;
    /// assert_eq!(d.key(), "risk");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The pole on the given side, such as `vision` for leadership.
    ///
    /// ```
    /// use rolebalance::{Dimension, Side};
    /// let d = Dimension::new("risk", "risk_taking", "risk_management")?;
    /// assert_eq!(d.pole(Side::Management), "risk_management");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn pole(&self, side: Side) -> &str {
        match side {
            Side::Leadership => &self.leadership_pole,
            Side::Management => &self.management_pole,
        }
    }

    /// The name of the optional intensity column of the position form:
    /// `<key>_intensity`.
    ///
    /// ```
    /// let fw = rolebalance::Framework::leadership_management();
    /// assert_eq!(fw.dimensions()[1].intensity_column(), "horizon_intensity");
    /// ```
    pub fn intensity_column(&self) -> String {
        format!("{}_intensity", self.key)
    }
}

/// Whether `name` is lowercase ASCII snake_case: `[a-z][a-z0-9_]*`.
/// The roster columns that are not dimensions or poles.
const RESERVED: [&str; 4] = ["id", "name", "team", "weight"];

/// Rejects the names of the roster's own columns: a dimension or pole of
/// that name could not be read from a roster.
fn check_not_reserved(name: &str) -> Result<(), Error> {
    if RESERVED.contains(&name) {
        return Err(ErrorKind::ReservedName { name: name.to_string() }.into());
    }
    Ok(())
}

pub(crate) fn check_name(name: &str) -> Result<(), Error> {
    let mut bytes = name.bytes();
    let ok = matches!(bytes.next(), Some(b'a'..=b'z')) && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(ErrorKind::InvalidName { name: name.to_string() }.into())
    }
}

/// A reference to one pole of a framework: a dimension index and a side.
///
/// Poles are numbered `2 * dimension + side` (leadership first), the order in
/// which [`Member`](crate::Member) strengths and report coverages are stored.
///
/// ```
/// use rolebalance::{Framework, Pole, Side};
/// let fw = Framework::leadership_management();
/// let p = fw.pole("execution").unwrap();
/// assert_eq!(p, Pole::new(1, Side::Management));
/// assert_eq!(p.index(), 3);
/// assert_eq!(fw.pole_name(p), Some("execution"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pole {
    dimension: usize,
    side: Side,
}

impl Pole {
    /// The pole on `side` of dimension number `dimension`.
    ///
    /// ```
    /// use rolebalance::{Pole, Side};
    /// assert_eq!(Pole::new(2, Side::Leadership).index(), 4);
    /// ```
    pub fn new(dimension: usize, side: Side) -> Pole {
        Pole { dimension, side }
    }

    /// The pole with index `2 * dimension + side`.
    ///
    /// ```
    /// use rolebalance::{Pole, Side};
    /// assert_eq!(Pole::from_index(5), Pole::new(2, Side::Management));
    /// ```
    pub fn from_index(index: usize) -> Pole {
        let side = if index % 2 == 0 { Side::Leadership } else { Side::Management };
        Pole { dimension: index / 2, side }
    }

    /// The dimension's position in the framework.
    ///
    /// ```
    /// assert_eq!(rolebalance::Pole::from_index(7).dimension(), 3);
    /// ```
    pub fn dimension(self) -> usize {
        self.dimension
    }

    /// The side of the pole.
    ///
    /// ```
    /// assert_eq!(rolebalance::Pole::from_index(7).side(), rolebalance::Side::Management);
    /// ```
    pub fn side(self) -> Side {
        self.side
    }

    /// `2 * dimension + side`, leadership first (saturating at `usize::MAX`
    /// for a dimension number no framework has).
    ///
    /// ```
    /// use rolebalance::{Pole, Side};
    /// assert_eq!(Pole::new(3, Side::Management).index(), 7);
    /// ```
    pub fn index(self) -> usize {
        self.dimension.saturating_mul(2).saturating_add(usize::from(self.side == Side::Management))
    }
}

/// An ordered list of 1 to 32 dimensions with unique keys and pole names.
///
/// # Examples
///
/// The article's framework:
///
/// ```
/// use rolebalance::Framework;
/// let fw = Framework::leadership_management();
/// let poles: Vec<&str> = fw.pole_names().collect();
/// assert_eq!(poles, ["inspire", "organize", "vision", "execution",
///                    "people", "process", "risk_taking", "risk_management"]);
/// ```
///
/// A custom one:
///
/// ```
/// use rolebalance::Framework;
/// let fw = Framework::builder()
///     .dimension("change", "innovate", "stabilize")
///     .dimension("talk", "persuade", "document")
///     .build()?;
/// assert_eq!(fw.len(), 2);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<Dimension>", into = "Vec<Dimension>")]
pub struct Framework {
    dimensions: Vec<Dimension>,
}

impl Framework {
    /// The article's four dimensions: `purpose` (inspire / organize),
    /// `horizon` (vision / execution), `focus` (people / process) and `risk`
    /// (risk_taking / risk_management).
    ///
    /// ```
    /// let fw = rolebalance::Framework::leadership_management();
    /// let keys: Vec<&str> = fw.dimensions().iter().map(|d| d.key()).collect();
    /// assert_eq!(keys, ["purpose", "horizon", "focus", "risk"]);
    /// ```
    pub fn leadership_management() -> Framework {
        let d = |k: &str, l: &str, m: &str| Dimension {
            key: k.to_string(),
            leadership_pole: l.to_string(),
            management_pole: m.to_string(),
        };
        Framework {
            dimensions: vec![
                d("purpose", "inspire", "organize"),
                d("horizon", "vision", "execution"),
                d("focus", "people", "process"),
                d("risk", "risk_taking", "risk_management"),
            ],
        }
    }

    /// A builder for a custom framework.
    ///
    /// ```
    /// let fw = rolebalance::Framework::builder().dimension("change", "innovate", "stabilize").build()?;
    /// assert_eq!(fw.pole_count(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn builder() -> FrameworkBuilder {
        FrameworkBuilder::default()
    }

    /// A framework from its dimensions.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyFramework`], [`ErrorKind::TooManyDimensions`] and
    /// [`ErrorKind::DuplicateName`] when a key or pole name is used twice,
    /// [`ErrorKind::ReservedName`] for a roster column's name or for a name
    /// `<key>_intensity` where `key` is a dimension of the framework.
    ///
    /// ```
    /// use rolebalance::{Dimension, Framework};
    /// let fw = Framework::new(vec![Dimension::new("horizon", "vision", "execution")?])?;
    /// assert_eq!(fw.pole_count(), 2);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn new(dimensions: Vec<Dimension>) -> Result<Framework, Error> {
        if dimensions.is_empty() {
            return Err(ErrorKind::EmptyFramework.into());
        }
        if dimensions.len() > MAX_DIMENSIONS {
            return Err(ErrorKind::TooManyDimensions { count: dimensions.len() }.into());
        }
        let mut seen = std::collections::HashSet::new();
        for d in &dimensions {
            // Re-validate: a Dimension may come from serde.
            for name in [&d.key, &d.leadership_pole, &d.management_pole] {
                check_name(name)?;
                check_not_reserved(name)?;
                if !seen.insert(name.as_str()) {
                    return Err(ErrorKind::DuplicateName { name: name.clone() }.into());
                }
            }
        }
        // `<key>_intensity` is the intensity column of dimension `key`.
        for d in &dimensions {
            let intensity = d.intensity_column();
            if seen.contains(intensity.as_str()) {
                return Err(ErrorKind::ReservedName { name: intensity }.into());
            }
        }
        Ok(Framework { dimensions })
    }

    /// The dimensions, in order.
    ///
    /// ```
    /// let fw = rolebalance::Framework::leadership_management();
    /// assert_eq!(fw.dimensions()[2].key(), "focus");
    /// ```
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The number of dimensions.
    ///
    /// ```
    /// assert_eq!(rolebalance::Framework::leadership_management().len(), 4);
    /// ```
    pub fn len(&self) -> usize {
        self.dimensions.len()
    }

    /// Always `false`: a framework has at least one dimension.
    ///
    /// ```
    /// assert!(!rolebalance::Framework::leadership_management().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.dimensions.is_empty()
    }

    /// The number of poles: twice the number of dimensions.
    ///
    /// ```
    /// assert_eq!(rolebalance::Framework::leadership_management().pole_count(), 8);
    /// ```
    pub fn pole_count(&self) -> usize {
        self.dimensions.len() * 2
    }

    /// All poles in index order.
    ///
    /// ```
    /// let fw = rolebalance::Framework::leadership_management();
    /// assert_eq!(fw.poles().count(), 8);
    /// ```
    pub fn poles(&self) -> impl Iterator<Item = Pole> + '_ {
        (0..self.pole_count()).map(Pole::from_index)
    }

    /// The pole names in index order.
    ///
    /// ```
    /// let fw = rolebalance::Framework::leadership_management();
    /// assert_eq!(fw.pole_names().take(3).collect::<Vec<_>>(), ["inspire", "organize", "vision"]);
    /// ```
    pub fn pole_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.dimensions.iter().flat_map(|d| [d.leadership_pole.as_str(), d.management_pole.as_str()])
    }

    /// The pole called `name`, if any.
    ///
    /// ```
    /// use rolebalance::{Framework, Pole, Side};
    /// let fw = Framework::leadership_management();
    /// assert_eq!(fw.pole("people"), Some(Pole::new(2, Side::Leadership)));
    /// assert_eq!(fw.pole("charisma"), None);
    /// ```
    pub fn pole(&self, name: &str) -> Option<Pole> {
        self.pole_names().position(|n| n == name).map(Pole::from_index)
    }

    /// The name of `pole`, or `None` if the framework has no such pole.
    ///
    /// ```
    /// use rolebalance::{Framework, Pole};
    /// let fw = Framework::leadership_management();
    /// assert_eq!(fw.pole_name(Pole::from_index(1)), Some("organize"));
    /// assert_eq!(fw.pole_name(Pole::from_index(8)), None);
    /// ```
    pub fn pole_name(&self, pole: Pole) -> Option<&str> {
        self.dimensions.get(pole.dimension).map(|d| d.pole(pole.side))
    }

    /// The position of the dimension with key `key`, if any.
    ///
    /// ```
    /// let fw = rolebalance::Framework::leadership_management();
    /// assert_eq!(fw.dimension_index("risk"), Some(3));
    /// ```
    pub fn dimension_index(&self, key: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.key == key)
    }
}

impl Default for Framework {
    /// The article's framework, [`Framework::leadership_management`].
    fn default() -> Self {
        Framework::leadership_management()
    }
}

impl TryFrom<Vec<Dimension>> for Framework {
    type Error = Error;
    fn try_from(dimensions: Vec<Dimension>) -> Result<Self, Error> {
        Framework::new(dimensions)
    }
}

impl From<Framework> for Vec<Dimension> {
    fn from(fw: Framework) -> Self {
        fw.dimensions
    }
}

/// Builds a custom [`Framework`] dimension by dimension.
///
/// Errors are collected and reported by [`FrameworkBuilder::build`].
///
/// ```
/// use rolebalance::Framework;
/// let err = Framework::builder().dimension("horizon", "Vision", "execution").build().unwrap_err();
/// assert_eq!(err.to_string(), "invalid name `Vision`: names are lowercase ascii snake_case");
/// ```
#[derive(Debug, Default)]
pub struct FrameworkBuilder {
    dimensions: Vec<Result<Dimension, Error>>,
}

impl FrameworkBuilder {
    /// Adds a dimension with its key, leadership pole and management pole.
    ///
    /// ```
    /// let fw = rolebalance::Framework::builder().dimension("a", "a_lead", "a_manage").dimension("b", "b_lead", "b_manage").build()?;
    /// assert_eq!(fw.pole_names().last(), Some("b_manage"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn dimension(mut self, key: &str, leadership_pole: &str, management_pole: &str) -> Self {
        self.dimensions.push(Dimension::new(key, leadership_pole, management_pole));
        self
    }

    /// The framework.
    ///
    /// # Errors
    ///
    /// The first invalid dimension's error, then those of [`Framework::new`].
    ///
    /// ```
    /// use rolebalance::Framework;
    /// assert!(Framework::builder().build().is_err()); // no dimension
    /// assert!(Framework::builder().dimension("a", "x", "y").dimension("b", "x", "z").build().is_err()); // x twice
    /// ```
    pub fn build(self) -> Result<Framework, Error> {
        let dims = self.dimensions.into_iter().collect::<Result<Vec<_>, _>>()?;
        Framework::new(dims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_eight_poles() {
        let fw = Framework::leadership_management();
        assert_eq!(fw.pole_count(), 8);
        assert_eq!(fw.pole("risk_management"), Some(Pole::new(3, Side::Management)));
        assert_eq!(Framework::new(fw.dimensions().to_vec()).unwrap(), fw);
    }

    #[test]
    fn rejects_bad_names_and_duplicates() {
        assert!(matches!(
            Framework::builder().dimension("a", "b", "c").dimension("d", "b", "e").build().unwrap_err().kind(),
            ErrorKind::DuplicateName { name } if name == "b"
        ));
        assert!(matches!(Framework::new(vec![]).unwrap_err().kind(), ErrorKind::EmptyFramework));
        for bad in ["", "1a", "a-b", "A", "a b", "é"] {
            assert!(Dimension::new(bad, "x", "y").is_err(), "{bad:?}");
        }
        let many: Vec<Dimension> =
            (0..33).map(|i| Dimension::new(&format!("d{i}"), &format!("l{i}"), &format!("m{i}")).unwrap()).collect();
        assert!(matches!(Framework::new(many).unwrap_err().kind(), ErrorKind::TooManyDimensions { count: 33 }));
    }

    #[test]
    fn reads_csv_with_bom_and_crlf() {
        let text = "\u{feff}Dimension , Leadership_Pole,management_pole\r\n\r\nchange,innovate,stabilize\r\n";
        let fw = Framework::from_csv_reader(text.as_bytes()).unwrap();
        assert_eq!(fw.pole_names().collect::<Vec<_>>(), ["innovate", "stabilize"]);
    }

    #[test]
    fn csv_errors_name_the_line() {
        let e = Framework::from_csv_reader("dimension,leadership_pole,management_pole\na,b\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "framework file, line 2: expected 3 fields, found 2");
        let e = Framework::from_csv_reader("".as_bytes()).unwrap_err();
        assert_eq!(e.line(), Some(1));
    }

    #[test]
    fn serde_round_trip_validates() {
        let fw = Framework::leadership_management();
        let v: Vec<Dimension> = fw.clone().into();
        assert_eq!(Framework::try_from(v).unwrap(), fw);
    }
}
