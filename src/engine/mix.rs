//! A string-free team accumulator for search: only what health needs.
//!
//! [`Mix`] folds members into per-pole totals with exactly the operations of
//! [`TeamAccumulator`](crate::TeamAccumulator) and computes coverage, direction,
//! control and health as [`TeamReport`](crate::TeamReport) does, so that a
//! team folded in the same member order gets bit-for-bit the same health. It
//! keeps no ids, depths or top contributors, which makes adding a member a
//! few floating-point operations per pole.

use crate::engine::accumulator::{Coverage, Sum};

/// Per-pole totals of a team for one coverage model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mix {
    model: Coverage,
    members: u32,
    total_weight: Sum,
    /// `max c` per pole (Strongest).
    top: Vec<f64>,
    /// `sum c` per pole (Average).
    sum: Vec<Sum>,
    /// `sum ln(1 - c)` over contributions below 1 (Pooled).
    log_rest: Vec<Sum>,
    /// Contributions of 1 or more (Pooled).
    ones: Vec<u32>,
}

impl Mix {
    /// An empty team on `poles` poles, for coverage model `model`.
    pub(crate) fn new(model: Coverage, poles: usize) -> Mix {
        Mix {
            model,
            members: 0,
            total_weight: Sum::default(),
            top: vec![0.0; poles],
            sum: vec![Sum::default(); poles],
            log_rest: vec![Sum::default(); poles],
            ones: vec![0; poles],
        }
    }

    /// Adds a member (strengths in pole order, one per pole).
    pub(crate) fn add(&mut self, weight: f64, strengths: &[f64]) {
        self.members += 1;
        self.total_weight.add(weight);
        let (pooled, average) = (self.model == Coverage::Pooled, self.model == Coverage::Average);
        let it = self.top.iter_mut().zip(self.sum.iter_mut()).zip(self.log_rest.iter_mut().zip(self.ones.iter_mut()));
        for (((top, sum), (log_rest, ones)), &s) in it.zip(strengths) {
            let c = weight * s;
            if c > *top {
                *top = c;
            }
            if average {
                sum.add(c);
            }
            if pooled {
                if c >= 1.0 {
                    *ones += 1;
                } else {
                    log_rest.add((-c).ln_1p());
                }
            }
        }
    }

    /// The coverage of pole `i` under `model`, with `extra` (weight,
    /// strength) added as one more member when given.
    fn coverage(&self, i: usize, extra: Option<(f64, f64)>) -> f64 {
        let model = self.model;
        let members = self.members + u32::from(extra.is_some());
        if members == 0 {
            return 0.0;
        }
        let c = extra.map(|(w, s)| w * s);
        let c = match model {
            Coverage::Strongest => {
                let top = self.top.get(i).copied().unwrap_or(0.0);
                match c {
                    Some(c) if c > top => c,
                    _ => top,
                }
            }
            Coverage::Pooled => {
                let mut ones = self.ones.get(i).copied().unwrap_or(0);
                let mut log_rest = self.log_rest.get(i).copied().unwrap_or_default();
                match c {
                    Some(c) if c >= 1.0 => ones += 1,
                    Some(c) => log_rest.add((-c).ln_1p()),
                    None => {}
                }
                if ones > 0 {
                    1.0
                } else {
                    -log_rest.value().exp_m1()
                }
            }
            Coverage::Average => {
                let mut w = self.total_weight;
                let mut sum = self.sum.get(i).copied().unwrap_or_default();
                if let (Some((weight, _)), Some(c)) = (extra, c) {
                    w.add(weight);
                    sum.add(c);
                }
                let (w, sum) = (w.value(), sum.value());
                if w > 0.0 {
                    sum / w
                } else {
                    0.0
                }
            }
        };
        c.clamp(0.0, 1.0)
    }

    /// `(direction, control)`, as [`TeamReport`](crate::TeamReport) computes
    /// them: the mean coverage of the even (leadership) and of the odd
    /// (management) poles, summed in pole order.
    fn sides(&self, extra: Option<(f64, &[f64])>) -> (f64, f64) {
        let (mut d, mut nd, mut c, mut nc) = (0.0, 0usize, 0.0, 0usize);
        for i in 0..self.top.len() {
            let e = extra.map(|(w, s)| (w, s.get(i).copied().unwrap_or(0.0)));
            let v = self.coverage(i, e);
            if i % 2 == 0 {
                d += v;
                nd += 1;
            } else {
                c += v;
                nc += 1;
            }
        }
        let mean = |s: f64, n: usize| if n == 0 { 0.0 } else { s / n as f64 };
        (mean(d, nd), mean(c, nc))
    }

    /// `min(direction, control)`.
    pub(crate) fn health(&self) -> f64 {
        let (d, c) = self.sides(None);
        d.min(c)
    }

    /// The health with one more member, without changing this one.
    pub(crate) fn health_with(&self, weight: f64, strengths: &[f64]) -> f64 {
        if self.model == Coverage::Strongest && strengths.len() == self.top.len() {
            // The hot path of the searches: the same operations as `sides`,
            // without the per-pole dispatch.
            let (mut d, mut nd, mut c, mut nc) = (0.0, 0usize, 0.0, 0usize);
            for (i, (&top, &s)) in self.top.iter().zip(strengths).enumerate() {
                let x = weight * s;
                let v = (if x > top { x } else { top }).clamp(0.0, 1.0);
                if i % 2 == 0 {
                    d += v;
                    nd += 1;
                } else {
                    c += v;
                    nc += 1;
                }
            }
            let mean = |s: f64, n: usize| if n == 0 { 0.0 } else { s / n as f64 };
            return mean(d, nd).min(mean(c, nc));
        }
        let (d, c) = self.sides(Some((weight, strengths)));
        d.min(c)
    }

    /// The coverage of every pole, in pole order.
    pub(crate) fn coverages(&self) -> impl Iterator<Item = f64> + '_ {
        (0..self.top.len()).map(move |i| self.coverage(i, None))
    }
}

/// The health of the members `(weight, strengths)` folded in order.
#[cfg(test)]
pub(crate) fn health_of<'a, I>(model: Coverage, poles: usize, members: I) -> f64
where
    I: IntoIterator<Item = (f64, &'a [f64])>,
{
    let mut mix = Mix::new(model, poles);
    for (w, s) in members {
        mix.add(w, s);
    }
    mix.health()
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
        fn health_matches_the_report_bit_for_bit(members in team(), model in 0usize..3) {
            let model = [Coverage::Strongest, Coverage::Pooled, Coverage::Average][model];
            let fw = Framework::leadership_management();
            let analyzer = Analyzer::new().model(model);
            let mut acc = analyzer.accumulator(&fw, "T").unwrap();
            let mut roster = Roster::new(fw.clone());
            for (i, (w, s)) in members.iter().enumerate() {
                let m = Member::new(format!("m{i}"), "T", s.clone()).unwrap().with_weight(*w).unwrap();
                acc.add(&m, i as u64).unwrap();
                roster.push(m);
            }
            let report = analyzer.report(&fw, "T", &acc);
            let h = health_of(model, 8, members.iter().map(|(w, s)| (*w, s.as_slice())));
            prop_assert_eq!(h.to_bits(), report.health().to_bits());
            if let Some(((w, s), rest)) = members.split_last() {
                let mut mix = Mix::new(model, 8);
                for (w, s) in rest {
                    mix.add(*w, s);
                }
                let with = mix.health_with(*w, s);
                prop_assert_eq!(with.to_bits(), report.health().to_bits());
            }
            let cov: Vec<f64> = {
                let mut mix = Mix::new(model, 8);
                for (w, s) in &members {
                    mix.add(*w, s);
                }
                mix.coverages().collect()
            };
            for (c, p) in cov.iter().zip(report.poles()) {
                prop_assert_eq!(c.to_bits(), p.coverage.to_bits());
            }
        }
    }

    #[test]
    fn empty_team_has_zero_health() {
        assert_eq!(Mix::new(Coverage::Pooled, 8).health(), 0.0);
        assert_eq!(Mix::new(Coverage::Average, 8).health_with(0.0, &[1.0; 8]), 0.0);
    }
}
