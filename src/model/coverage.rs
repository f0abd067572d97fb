//! Coverage models: how members' contributions to a pole combine into the
//! team's coverage of it (Steiner's task types).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How members' contributions `c = weight × strength` to a pole combine into
/// the team's coverage `C` of the pole (Steiner's task types).
///
/// # Formula
///
/// | model | `C` | task type |
/// |---|---|---|
/// | `Strongest` | `max c` | disjunctive: one strong member suffices |
/// | `Pooled` | `1 - ∏(1 - c)` | partial strengths pool, as in a probabilistic union |
/// | `Average` | `Σ weight × strength / Σ weight` | compensatory: the share of the team's capacity |
/// | `Weakest` | `min c` over the active members | conjunctive: as strong as the weakest member |
/// | `Additive` | `min(1, Σ c)` | additive: contributions add up, capped at full coverage |
///
/// An empty team, or one whose weights sum to 0, covers nothing: `C = 0`.
/// *Active* members are those with a weight above 0; members of weight 0
/// contribute `c = 0`, which changes no model but `Weakest` (they are left
/// out of its minimum).
///
/// The model may differ per pole: a requirement profile chooses it
/// ([`Requirements::require_model`](crate::Requirements::require_model)),
/// so that a team's risk management can be conjunctive while its vision is
/// disjunctive. Bell's 2007 meta-analysis of team composition found that the
/// team's minimum on some traits predicts performance, and its mean on
/// others.
///
/// # Examples
///
/// ```
/// use rolebalance::Coverage;
/// assert_eq!(Coverage::default(), Coverage::Strongest);
/// assert_eq!("pooled".parse::<Coverage>(), Ok(Coverage::Pooled));
/// assert_eq!(Coverage::Weakest.to_string(), "weakest");
/// assert_eq!(Coverage::ALL.len(), 5);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Coverage {
    /// Disjunctive: one strong member suffices (Belbin's role presence).
    #[default]
    Strongest,
    /// Partial strengths pool, as in a probabilistic union.
    Pooled,
    /// Compensatory: the share of the team's capacity on the pole.
    Average,
    /// Conjunctive: a team is as strong as its weakest active member.
    Weakest,
    /// Additive: contributions add up, capped at full coverage.
    Additive,
}

impl Coverage {
    /// Every model, in declaration order.
    ///
    /// ```
    /// assert!(rolebalance::Coverage::ALL.contains(&rolebalance::Coverage::Additive));
    /// ```
    pub const ALL: [Coverage; 5] =
        [Coverage::Strongest, Coverage::Pooled, Coverage::Average, Coverage::Weakest, Coverage::Additive];

    /// The lowercase name.
    ///
    /// ```
    /// assert_eq!(rolebalance::Coverage::Pooled.as_str(), "pooled");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Strongest => "strongest",
            Coverage::Pooled => "pooled",
            Coverage::Average => "average",
            Coverage::Weakest => "weakest",
            Coverage::Additive => "additive",
        }
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Coverage`] name.
///
/// ```
/// let err = "loudest".parse::<rolebalance::Coverage>().unwrap_err();
/// assert!(err.to_string().contains("loudest"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown coverage model `{0}`: expected strongest, pooled, average, weakest or additive")]
pub struct ParseCoverageError(String);

impl FromStr for Coverage {
    type Err = ParseCoverageError;
    fn from_str(s: &str) -> Result<Coverage, ParseCoverageError> {
        Coverage::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| ParseCoverageError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_model_names() {
        for m in Coverage::ALL {
            assert_eq!(m.as_str().parse::<Coverage>(), Ok(m));
        }
        assert_eq!(
            "mean".parse::<Coverage>().unwrap_err().to_string(),
            "unknown coverage model `mean`: expected strongest, pooled, average, weakest or additive"
        );
    }
}
