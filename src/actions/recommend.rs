//! Recommending additions to a team from a pool of candidates.

use std::collections::HashSet;

use serde::Serialize;

use crate::actions::objective::{ScoreGain, TeamScore};
use crate::analysis::analyzer::Analyzer;
use crate::analysis::findings::Finding;
use crate::analysis::report::TeamReport;
use crate::error::{Error, ErrorKind};
use crate::model::member::MemberRef;
use crate::model::roster::Roster;

/// One candidate picked for a team, given the picks before it; see
/// [`recommend`].
///
/// ```
/// use rolebalance::{recommend, Analyzer, Member, Roster};
/// let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?]
///     .into_iter().collect();
/// let pool = [Member::unassigned("cy", [0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9])?.with_weight(0.5)?];
/// let pick = &recommend(&Analyzer::new(), &roster, "Lab", &pool, 1)?[0];
/// assert_eq!((pick.id.as_str(), pick.weight), ("cy", 0.5));
/// assert_eq!(pick.report.members(), 2);
/// assert!(pick.after > pick.before);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Recommendation {
    /// The candidate's id.
    pub id: String,
    /// The candidate's name, if any.
    pub name: Option<String>,
    /// The candidate's weight (share of time for this team).
    pub weight: f64,
    /// The team's score before this pick (with the earlier picks).
    pub before: TeamScore,
    /// The team's score with this pick.
    pub after: TeamScore,
    /// `before.gain(&after)`.
    pub gain: ScoreGain,
    /// Findings of the team before this pick that it no longer has.
    pub closes: Vec<Finding>,
    /// Findings the team has with this pick that it did not have before.
    pub opens: Vec<Finding>,
    /// The team's report with this pick.
    pub report: TeamReport,
}

/// The best `n` candidates to add to `team`, picked greedily: each pick is
/// the candidate whose addition gives the team the best [`TeamScore`], given
/// the earlier picks; ties go to the smallest id.
///
/// The team is analysed with `analyzer` (its model and the team's
/// thresholds); its members are the roster's rows of `team`, in roster
/// order, and each pick is added after them with its own weight (a
/// part-time candidate contributes `weight * strength`). Candidates whose id
/// is already in the team are left out. Exactly `min(n, candidates left)`
/// picks are returned, even when a pick gains nothing: the gain says so.
///
/// # Errors
///
/// [`ErrorKind::NoSuchTeam`] when the roster has no row of `team`;
/// [`ErrorKind::DuplicateId`] for a candidate id listed twice;
/// [`ErrorKind::PoleCount`] for a member or candidate that does not match
/// the framework; [`ErrorKind::UnknownThreshold`] as [`Analyzer::analyze`].
///
/// # Examples
///
/// ```
/// use rolebalance::{recommend, Analyzer, Member, Roster};
/// let roster: Roster = [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2])?]
///     .into_iter().collect();
/// let pool = [
///     Member::unassigned("bo", [0.9, 0.3, 0.9, 0.3, 0.9, 0.3, 0.9, 0.3])?,
///     Member::unassigned("cy", [0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9])?,
/// ];
/// let picks = recommend(&Analyzer::new(), &roster, "Lab", &pool, 1)?;
/// assert_eq!(picks[0].id, "cy");
/// assert_eq!(picks[0].gain.critical_closed, 1);
/// assert!(picks[0].closes.iter().any(|f| f.flag() == "no_control"));
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub fn recommend<'c, I>(
    analyzer: &Analyzer,
    roster: &Roster,
    team: &str,
    candidates: I,
    n: usize,
) -> Result<Vec<Recommendation>, Error>
where
    I: IntoIterator,
    I::Item: Into<MemberRef<'c>>,
{
    let candidates: Vec<MemberRef<'c>> = candidates.into_iter().map(Into::into).collect();
    let fw = roster.framework();
    let mut acc = analyzer.accumulator(fw, team)?;
    let mut in_team: HashSet<&str> = HashSet::new();
    let mut seq = 0u64;
    for m in roster.iter().filter(|m| m.team() == team) {
        acc.add(m, seq)?;
        in_team.insert(m.id());
        seq += 1;
    }
    if seq == 0 {
        return Err(ErrorKind::NoSuchTeam { team: team.to_string() }.into());
    }
    let mut seen = HashSet::new();
    for c in &candidates {
        if !seen.insert(c.id()) {
            return Err(ErrorKind::DuplicateId { id: c.id().to_string() }.into());
        }
    }
    let mut left: Vec<MemberRef<'c>> = candidates.iter().copied().filter(|c| !in_team.contains(c.id())).collect();
    left.sort_by(|a, b| a.id().cmp(b.id()));
    let mut current = analyzer.report(fw, team, &acc);
    let mut out = Vec::new();
    while out.len() < n && !left.is_empty() {
        let before = TeamScore::of(&current);
        let mut best: Option<(usize, TeamScore, TeamReport, crate::TeamAccumulator)> = None;
        for (i, c) in left.iter().enumerate() {
            let mut next = acc.clone();
            next.add(*c, seq)?;
            let report = analyzer.report(fw, team, &next);
            let score = TeamScore::of(&report);
            // Candidates are in id order: only a strictly better score wins.
            if best.as_ref().map_or(true, |b| score > b.1) {
                best = Some((i, score, report, next));
            }
        }
        let Some((i, after, report, next)) = best else { break };
        let c = left.remove(i);
        let flags_before: HashSet<String> = current.findings().iter().map(Finding::flag).collect();
        let flags_after: HashSet<String> = report.findings().iter().map(Finding::flag).collect();
        out.push(Recommendation {
            id: c.id().to_string(),
            name: c.name().map(str::to_string),
            weight: c.weight(),
            before,
            after,
            gain: before.gain(&after),
            closes: current.findings().iter().filter(|f| !flags_after.contains(&f.flag())).cloned().collect(),
            opens: report.findings().iter().filter(|f| !flags_before.contains(&f.flag())).cloned().collect(),
            report: report.clone(),
        });
        acc = next;
        current = report;
        seq += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Member;

    #[test]
    fn greedy_picks_account_for_earlier_ones() {
        let roster: Roster =
            [Member::new("ana", "Lab", [0.9, 0.2, 0.9, 0.2, 0.2, 0.2, 0.2, 0.2]).unwrap()].into_iter().collect();
        let pool = [
            Member::unassigned("x", [0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9]).unwrap(),
            Member::unassigned("w", [0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9]).unwrap(),
            Member::unassigned("v", [0.2, 0.2, 0.2, 0.2, 0.9, 0.2, 0.9, 0.2]).unwrap(),
        ];
        let picks = recommend(&Analyzer::new(), &roster, "Lab", &pool, 3).unwrap();
        let ids: Vec<&str> = picks.iter().map(|p| p.id.as_str()).collect();
        // w and x tie; w has the smaller id. Given w, x removes four single
        // points of failure (9 warnings to 5) where v would leave 8.
        assert_eq!(ids, ["w", "x", "v"]);
        assert_eq!((picks[0].after.warnings(), picks[1].after.warnings()), (9, 5));
        assert!(picks[1].after > picks[1].before);
        assert_eq!(picks[0].after, picks[1].before);
        assert!(matches!(
            recommend(&Analyzer::new(), &roster, "Ops", &pool, 1).unwrap_err().kind(),
            ErrorKind::NoSuchTeam { .. }
        ));
    }
}
