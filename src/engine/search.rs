//! A string-free team tally for searches (formation, rebalancing): only
//! what health needs, with the rules of the [kernel](crate::engine::kernel),
//! so that a team folded in the same member order gets bit-for-bit the
//! health its [`TeamReport`](crate::TeamReport) has.

use crate::engine::kernel::{self, contribution, Needs, PoleTotals, TeamTotals};
use crate::model::coverage::Coverage;

/// Per-pole totals of a team, each pole with its coverage model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mix {
    models: Vec<Coverage>,
    needs: u8,
    totals: TeamTotals,
    poles: Vec<PoleTotals>,
    /// Members added (their roster order, for the top-contributor rule).
    seq: u64,
    top_seq: Vec<u64>,
}

impl Mix {
    /// An empty team on `poles` poles, every pole under `model`.
    pub(crate) fn new(model: Coverage, poles: usize) -> Mix {
        Mix::with_models(vec![model; poles])
    }

    /// An empty team whose pole `i` is under `models[i]`.
    pub(crate) fn with_models(models: Vec<Coverage>) -> Mix {
        let poles = models.len();
        let needs = Needs::of_all(models.iter().copied()).bits();
        Mix {
            models,
            needs,
            totals: TeamTotals::default(),
            poles: vec![PoleTotals::default(); poles],
            seq: 0,
            top_seq: vec![u64::MAX; poles],
        }
    }

    /// Adds a member (strengths in pole order, one per pole).
    pub(crate) fn add(&mut self, weight: f64, strengths: &[f64]) {
        self.totals.add_counts(weight);
        for ((p, top_seq), &s) in self.poles.iter_mut().zip(self.top_seq.iter_mut()).zip(strengths) {
            p.add(contribution(weight, s), weight, f64::INFINITY, self.needs, self.seq, top_seq);
        }
        self.seq += 1;
    }

    /// `(direction, control)`.
    fn sides(&self) -> (f64, f64) {
        kernel::sides(self.coverages())
    }

    /// `min(direction, control)`.
    pub(crate) fn health(&self) -> f64 {
        let (d, c) = self.sides();
        kernel::health(d, c)
    }

    /// The health with one more member, without changing this one.
    pub(crate) fn health_with(&self, weight: f64, strengths: &[f64]) -> f64 {
        let covs = self
            .poles
            .iter()
            .zip(&self.models)
            .zip(strengths)
            .map(|((p, &m), &s)| kernel::coverage_with(m, p, &self.totals, contribution(weight, s), weight));
        let (d, c) = kernel::sides(covs);
        kernel::health(d, c)
    }

    /// The coverage of every pole, in pole order.
    pub(crate) fn coverages(&self) -> impl Iterator<Item = f64> + '_ {
        self.poles.iter().zip(&self.models).map(move |(p, &m)| kernel::coverage(m, p, &self.totals).0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Framework, Member, Roster};
    use proptest::prelude::*;

    fn team() -> impl Strategy<Value = Vec<(f64, Vec<f64>)>> {
        let w = prop_oneof![Just(1.0), Just(0.0), 0.0f64..=1.0];
        let s = prop::collection::vec(prop_oneof![Just(1.0), Just(0.0), 0.0f64..=1.0], 8);
        prop::collection::vec((w, s), 0..7)
    }

    proptest! {
        #[test]
        fn health_matches_the_report_bit_for_bit(members in team(), model in 0usize..5) {
            let model = Coverage::ALL[model];
            let fw = Framework::leadership_management();
            let analyzer = Analyzer::new().model(model);
            let mut acc = analyzer.accumulator(&fw, "T").unwrap();
            let mut roster = Roster::new(fw.clone());
            for (i, (w, s)) in members.iter().enumerate() {
                let m = Member::new(format!("m{i}"), "T", s.clone()).unwrap().with_weight(*w).unwrap();
                acc.add(&m, i as u64).unwrap();
                roster.push(m).unwrap();
            }
            let report = analyzer.report(&fw, "T", &acc);
            let mut mix = Mix::new(model, 8);
            for (w, s) in &members {
                mix.add(*w, s);
            }
            prop_assert_eq!(mix.health().to_bits(), report.health().to_bits());
            if let Some(((w, s), rest)) = members.split_last() {
                let mut mix = Mix::new(model, 8);
                for (w, s) in rest {
                    mix.add(*w, s);
                }
                let with = mix.health_with(*w, s);
                prop_assert_eq!(with.to_bits(), report.health().to_bits());
            }
            let cov: Vec<f64> = mix.coverages().collect();
            for (c, p) in cov.iter().zip(report.poles()) {
                prop_assert_eq!(c.to_bits(), p.coverage().to_bits());
            }
        }
    }

    #[test]
    fn empty_team_has_zero_health() {
        assert_eq!(Mix::new(Coverage::Pooled, 8).health(), 0.0);
        assert_eq!(Mix::new(Coverage::Average, 8).health_with(0.0, &[1.0; 8]), 0.0);
    }
}
