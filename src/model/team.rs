//! Team paths: `Acme/Engineering/Platform`, `/` separating levels.

use serde::{Deserialize, Serialize};

use crate::error::ValueProblem;

/// Whether a report is about a team as written in the roster or a rollup of
/// every team below a path prefix.
///
/// ```
/// assert_eq!(rolebalance::Level::default(), rolebalance::Level::Team);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Level {
    /// A team as written in the roster's `team` column.
    #[default]
    Team,
    /// All members of the teams at or below a prefix, named `<prefix>/*`.
    Rollup,
}

impl std::fmt::Display for Level {
    /// `team` or `rollup`, as the JSON output writes the level.
    ///
    /// ```
    /// assert_eq!(rolebalance::Level::Rollup.to_string(), "rollup");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Level::Team => "team",
            Level::Rollup => "rollup",
        })
    }
}

/// The error of parsing a [`Level`] name.
///
/// ```
/// let err = "division".parse::<rolebalance::Level>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown level `division`: expected team or rollup");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}`: expected team or rollup")]
pub struct ParseLevelError(String);

/// Parses `team` and `rollup`.
///
/// ```
/// use rolebalance::Level;
/// assert_eq!("team".parse::<Level>(), Ok(Level::Team));
/// assert_eq!(Level::Rollup.to_string().parse::<Level>(), Ok(Level::Rollup));
/// ```
impl std::str::FromStr for Level {
    type Err = ParseLevelError;
    fn from_str(s: &str) -> Result<Level, ParseLevelError> {
        match s {
            "team" => Ok(Level::Team),
            "rollup" => Ok(Level::Rollup),
            _ => Err(ParseLevelError(s.to_string())),
        }
    }
}

/// Checks a team path: non-empty, no empty segment (`A//B`, `/A`, `A/`).
///
/// An empty segment is an error rather than silently dropped, so that
/// `Acme/Eng/` and `Acme/Eng` are never merged or split without the user
/// knowing. Segments are not trimmed: `Acme / Eng` is a team called
/// `Acme ` with a sub-team ` Eng`.
pub(crate) fn check(team: &str) -> Result<(), ValueProblem> {
    if team.is_empty() {
        return Err(ValueProblem::Empty);
    }
    // An empty segment: a `/` first, last, or next to another one.
    let b = team.as_bytes();
    if b.first() == Some(&b'/')
        || b.last() == Some(&b'/')
        || memchr::memchr_iter(b'/', b).any(|i| b.get(i + 1) == Some(&b'/'))
    {
        return Err(ValueProblem::EmptyTeamSegment);
    }
    Ok(())
}

/// The proper prefixes of a path, shortest first: `A`, `A/B` for `A/B/C`.
///
/// ```
/// let p: Vec<&str> = rolebalance::team_prefixes("Acme/Eng/Platform").collect();
/// assert_eq!(p, ["Acme", "Acme/Eng"]);
/// ```
pub fn team_prefixes(team: &str) -> impl Iterator<Item = &str> + '_ {
    team.match_indices('/').filter_map(move |(i, _)| team.get(..i))
}

/// Whether `prefix` is `team` or one of its ancestors (segment-wise:
/// `Acme/Eng` covers `Acme/Eng/Platform` but not `Acme/Engineering`).
///
/// ```
/// assert!(rolebalance::is_team_prefix("Acme/Eng", "Acme/Eng/Platform"));
/// assert!(!rolebalance::is_team_prefix("Acme/Eng", "Acme/Engineering"));
/// ```
pub fn is_team_prefix(prefix: &str, team: &str) -> bool {
    match team.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_segments() {
        assert!(check("A/B").is_ok());
        assert_eq!(check(""), Err(ValueProblem::Empty));
        for bad in ["/A", "A/", "A//B", "/"] {
            assert_eq!(check(bad), Err(ValueProblem::EmptyTeamSegment), "{bad}");
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(team_prefixes("A").count(), 0);
        assert_eq!(team_prefixes("A/B/C").collect::<Vec<_>>(), ["A", "A/B"]);
        assert!(is_team_prefix("A", "A"));
    }
}
