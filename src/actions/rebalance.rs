//! Rebalancing an organisation by swapping members between teams.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::actions::objective::OrgScore;
use crate::analysis::analyzer::Analyzer;
use crate::analysis::report::TeamReport;
use crate::engine::search::Mix;
use crate::error::{Error, ErrorKind};
use crate::model::member::MemberRef;
use crate::model::roster::Roster;

/// Swaps members between the teams of a roster, one at a time, while a swap
/// raises the [`OrgScore`]; team sizes never change.
///
/// Every step makes the best swap: the one giving the highest organisation
/// score, ties going to the smallest pair of member ids (then teams). It
/// stops at a local optimum (no swap raises the score) or after
/// [`Rebalancer::max_moves`] swaps. As the score puts the minimum team
/// health first, no swap lowers it. Pinned members never move; a member
/// whose id is already in the other team (a matrix organisation) is not
/// swapped into it. A member keeps their weight in the new team.
///
/// Cost: one step evaluates every pair of members in different teams,
/// `O(n² (m P + k))` for `n` rows, teams of `m`, `P` poles and `k` teams.
///
/// Defaults: [`Analyzer::default`], no limit on moves, nobody pinned.
///
/// # Examples
///
/// ```
/// use rolebalance::{Member, Rebalancer, Roster};
/// let roster: Roster = [
///     Member::new("ana", "Lab", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
///     Member::new("bo", "Lab", [0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2])?,
///     Member::new("cy", "Ops", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?,
///     Member::new("dee", "Ops", [0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8])?,
/// ].into_iter().collect();
/// let result = Rebalancer::new().pin(["ana"]).rebalance(&roster)?;
/// assert_eq!(result.moves().len(), 1);
/// let m = &result.moves()[0];
/// assert_eq!((m.member_a.as_str(), m.member_b.as_str()), ("bo", "cy"));
/// assert!(result.after() > result.before());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Rebalancer {
    analyzer: Analyzer,
    max_moves: Option<usize>,
    pinned: HashSet<String>,
}

/// One swap: `member_a` leaves `team_a` for `team_b`, `member_b` the other
/// way, with both teams' reports before and after.
///
/// ```
/// use rolebalance::{Member, Rebalancer, Roster};
/// let roster: Roster = [
///     Member::new("a", "L", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
///     Member::new("b", "L", [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1])?,
///     Member::new("c", "M", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?,
///     Member::new("d", "M", [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9])?,
/// ].into_iter().collect();
/// let result = Rebalancer::new().rebalance(&roster)?;
/// let m = &result.moves()[0];
/// assert_eq!((m.team_a.as_str(), m.team_b.as_str()), ("L", "M"));
/// assert!(m.after_a.health() > m.before_a.health());
/// assert_eq!(m.score, result.after());
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Move {
    /// The member leaving `team_a`.
    pub member_a: String,
    /// Their team before the swap.
    pub team_a: String,
    /// The member leaving `team_b`.
    pub member_b: String,
    /// Their team before the swap.
    pub team_b: String,
    /// `team_a` before the swap.
    pub before_a: TeamReport,
    /// `team_a` after.
    pub after_a: TeamReport,
    /// `team_b` before.
    pub before_b: TeamReport,
    /// `team_b` after.
    pub after_b: TeamReport,
    /// The organisation score after the swap.
    pub score: OrgScore,
}

/// The outcome of [`Rebalancer::rebalance`].
///
/// ```
/// use rolebalance::{Member, Rebalancer, Roster};
/// let roster: Roster = [Member::new("a", "T", [0.5; 8])?].into_iter().collect();
/// let result = Rebalancer::new().rebalance(&roster)?;
/// assert!(result.moves().is_empty()); // one team: nothing to swap
/// assert_eq!(result.before(), result.after());
/// assert_eq!(result.roster(), &roster);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rebalance {
    before: OrgScore,
    after: OrgScore,
    moves: Vec<Move>,
    roster: Roster,
}

impl Rebalance {
    /// The organisation score before any swap.
    pub fn before(&self) -> OrgScore {
        self.before
    }

    /// The organisation score after the last swap.
    pub fn after(&self) -> OrgScore {
        self.after
    }

    /// The swaps in the order made.
    pub fn moves(&self) -> &[Move] {
        &self.moves
    }

    /// The roster after the swaps (rows in the same order, teams changed).
    pub fn roster(&self) -> &Roster {
        &self.roster
    }
}

impl Rebalancer {
    /// The defaults.
    pub fn new() -> Rebalancer {
        Rebalancer::default()
    }

    /// Analyses teams with `analyzer` (its model decides health).
    pub fn analyzer(mut self, analyzer: Analyzer) -> Rebalancer {
        self.analyzer = analyzer;
        self
    }

    /// Stops after at most `max_moves` swaps.
    pub fn max_moves(mut self, max_moves: usize) -> Rebalancer {
        self.max_moves = Some(max_moves);
        self
    }

    /// Pins members by id: none of their rows moves.
    pub fn pin<I, S>(mut self, ids: I) -> Rebalancer
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.pinned.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Rebalances `roster`.
    ///
    /// # Errors
    ///
    /// As [`Analyzer::analyze`] for the roster; [`ErrorKind::UnknownMember`]
    /// for a pinned id that is not in the roster.
    pub fn rebalance(&self, roster: &Roster) -> Result<Rebalance, Error> {
        self.analyzer.analyze(roster)?;
        for id in &self.pinned {
            if !roster.iter().any(|m| m.id() == id) {
                return Err(ErrorKind::UnknownMember { constraint: "pinned".to_string(), id: id.clone() }.into());
            }
        }
        let fw = roster.framework();
        let model = self.analyzer.coverage_model();
        let names: Vec<&str> = {
            let set: BTreeMap<&str, ()> = roster.iter().map(|m| (m.team(), ())).collect();
            set.into_keys().collect()
        };
        let mut team: Vec<usize> = roster.iter().map(|m| names.binary_search(&m.team()).unwrap_or_default()).collect();
        let members: Vec<MemberRef<'_>> = roster.iter().collect();
        let members = members.as_slice();
        // Members of each team in roster order, and their ids.
        let mut by_team: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (i, &t) in team.iter().enumerate() {
            if let Some(v) = by_team.get_mut(t) {
                v.push(i);
            }
        }
        let add = |mix: &mut Mix, i: usize| {
            if let Some(m) = members.get(i) {
                mix.add(m.weight(), m.strengths());
            }
        };
        // The health of team `t` (members in roster order) with `out` leaving
        // and `inn` joining.
        let swapped = |by_team: &[Vec<usize>], t: usize, out: Option<usize>, inn: Option<usize>| {
            let mut mix = Mix::new(model, fw.pole_count());
            let mut pending = inn;
            for &i in by_team.get(t).map_or(&[][..], Vec::as_slice) {
                if Some(i) == out {
                    continue;
                }
                if let Some(j) = pending.filter(|&j| j < i) {
                    add(&mut mix, j);
                    pending = None;
                }
                add(&mut mix, i);
            }
            if let Some(j) = pending {
                add(&mut mix, j);
            }
            mix.health()
        };
        let id_of = |i: usize| members.get(i).map_or("", |m| m.id());
        // Whether `i` joining team `t` would list its id twice there.
        let clash = |by_team: &[Vec<usize>], i: usize, t: usize| {
            by_team.get(t).is_some_and(|v| v.iter().any(|&j| id_of(j) == id_of(i)))
        };
        let report_of = |team: &[usize], t: usize| -> Result<TeamReport, Error> {
            let name = names.get(t).copied().unwrap_or_default();
            let mut acc = self.analyzer.accumulator(fw, name)?;
            for (seq, (m, _)) in members.iter().zip(team).enumerate().filter(|(_, (_, &tm))| tm == t) {
                acc.add(*m, seq as u64)?;
            }
            Ok(self.analyzer.report(fw, name, &acc))
        };
        let mut health: Vec<f64> = (0..names.len()).map(|t| swapped(&by_team, t, None, None)).collect();
        let before = OrgScore::from_healths(health.iter().copied());
        let mut score = before;
        // Scan order: by id, then team, so that ties go to the smallest ids.
        let mut order: Vec<usize> = (0..members.len()).filter(|&i| self.movable(members, i)).collect();
        order.sort_by(|&a, &b| {
            let (ma, mb) = (members.get(a), members.get(b));
            ma.map(|m| (m.id(), m.team())).cmp(&mb.map(|m| (m.id(), m.team())))
        });
        let mut moves = Vec::new();
        while self.max_moves.map_or(true, |max| moves.len() < max) {
            let mut best: Option<(OrgScore, usize, usize, f64, f64)> = None;
            for (pos, &i) in order.iter().enumerate() {
                for &j in order.iter().skip(pos + 1) {
                    let (a, b) = (team.get(i).copied().unwrap_or(0), team.get(j).copied().unwrap_or(0));
                    if a == b || clash(&by_team, i, b) || clash(&by_team, j, a) {
                        continue;
                    }
                    let (ha, hb) = (swapped(&by_team, a, Some(i), Some(j)), swapped(&by_team, b, Some(j), Some(i)));
                    let new = OrgScore::from_healths(health.iter().enumerate().map(|(t, &h)| {
                        if t == a {
                            ha
                        } else if t == b {
                            hb
                        } else {
                            h
                        }
                    }));
                    if new > score && best.as_ref().map_or(true, |bst| new > bst.0) {
                        best = Some((new, i, j, ha, hb));
                    }
                }
            }
            let Some((new, i, j, ha, hb)) = best else { break };
            let (a, b) = (team.get(i).copied().unwrap_or(0), team.get(j).copied().unwrap_or(0));
            let (before_a, before_b) = (report_of(&team, a)?, report_of(&team, b)?);
            for (from, to, out, inn) in [(a, b, i, j), (b, a, j, i)] {
                if let Some(v) = by_team.get_mut(from) {
                    v.retain(|&x| x != out);
                    let at = v.partition_point(|&x| x < inn);
                    v.insert(at, inn);
                }
                if let Some(t) = team.get_mut(out) {
                    *t = to;
                }
            }
            for (t, h) in [(a, ha), (b, hb)] {
                if let Some(slot) = health.get_mut(t) {
                    *slot = h;
                }
            }
            score = new;
            moves.push(Move {
                member_a: members.get(i).map(|m| m.id().to_string()).unwrap_or_default(),
                team_a: names.get(a).map(|s| s.to_string()).unwrap_or_default(),
                member_b: members.get(j).map(|m| m.id().to_string()).unwrap_or_default(),
                team_b: names.get(b).map(|s| s.to_string()).unwrap_or_default(),
                before_a,
                after_a: report_of(&team, a)?,
                before_b,
                after_b: report_of(&team, b)?,
                score,
            });
        }
        let mut out = Roster::new(fw.clone());
        for (m, &t) in members.iter().zip(&team) {
            let team = names.get(t).copied().unwrap_or_default();
            out.push_ref(MemberRef::from_parts(m.id(), m.name(), team, m.weight(), m.strengths()))?;
        }
        Ok(Rebalance { before, after: score, moves, roster: out })
    }

    fn movable(&self, members: &[MemberRef<'_>], i: usize) -> bool {
        members.get(i).is_some_and(|m| !self.pinned.contains(m.id()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Member;

    #[test]
    fn never_lowers_the_minimum_and_keeps_sizes() {
        let mut roster = Roster::new(crate::Framework::leadership_management());
        for i in 0..12u32 {
            let x = f64::from(i % 5) / 5.0 + 0.1;
            let y = f64::from(i * 7 % 9) / 9.0;
            let team = ["A", "B", "C"][(i % 3) as usize];
            roster.push(Member::new(format!("m{i:02}"), team, [x, y, y, x, x, 1.0 - x, y, 1.0 - y]).unwrap()).unwrap();
        }
        let r = Rebalancer::new().pin(["m00"]).rebalance(&roster).unwrap();
        let mut last = r.before();
        for m in r.moves() {
            assert!(m.score > last);
            assert!(m.score.min_health() >= last.min_health());
            last = m.score;
            assert_ne!(m.member_a, "m00");
            assert_ne!(m.member_b, "m00");
        }
        let report = Analyzer::new().analyze(r.roster()).unwrap();
        assert_eq!(OrgScore::of(report.teams()), r.after());
        for t in ["A", "B", "C"] {
            assert_eq!(r.roster().iter().filter(|m| m.team() == t).count(), 4);
        }
        assert_eq!(r.roster().get(0).unwrap().team(), "A");
        let limited = Rebalancer::new().max_moves(1).rebalance(&roster).unwrap();
        assert!(limited.moves().len() <= 1);
    }

    #[test]
    fn a_matrix_member_is_not_swapped_into_a_team_that_lists_them() {
        let lead = [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1];
        let manage = [0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9];
        let roster: Roster = [
            Member::new("ana", "A", lead).unwrap(),
            Member::new("bo", "A", lead).unwrap(),
            Member::new("ana", "B", manage).unwrap(),
            Member::new("cy", "B", manage).unwrap(),
        ]
        .into_iter()
        .collect();
        let r = Rebalancer::new().rebalance(&roster).unwrap();
        // Only bo <-> cy is allowed: ana may not join a team that has ana.
        assert_eq!(r.moves().len(), 1);
        assert_eq!((r.moves()[0].member_a.as_str(), r.moves()[0].member_b.as_str()), ("bo", "cy"));
        assert!(Rebalancer::new().max_moves(0).rebalance(&roster).unwrap().moves().is_empty());
        let e = Rebalancer::new().pin(["zed"]).rebalance(&roster).unwrap_err();
        assert_eq!(e.to_string(), "pinned constraint names unknown member `zed`");
    }
}
