//! Rollups: every proper prefix `P` of a team path is a team too, `P/*`,
//! combining every member of the teams below it. A rollup merges the totals
//! of its teams ([`TeamAccumulator::merge_state`]), in name order, so that
//! the top contributor "first in roster order" is decided by the members'
//! lines, whatever the order of the merges.
//!
//! The prefixes form a tree keyed by (parent, segment), so that memory is
//! linear in the length of the team paths however deep they are; a
//! rollup's name is read off one of its teams' names when it is needed.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::accumulator::{TeamAccumulator, TeamState};
use crate::engine::errors::ErrorState;
use crate::error::Error;
use crate::model::framework::Framework;
use crate::model::settings::Settings;
use crate::util::hash::Keyed;

/// One rollup: a team below it (whose name starts with its prefix), the
/// prefix's length, and its totals.
#[derive(Debug)]
pub(crate) struct Rollup<T> {
    /// A team below the rollup.
    pub(crate) source: T,
    /// The prefix's length in bytes.
    pub(crate) len: usize,
    pub(crate) acc: TeamAccumulator,
}

/// The rollups of a set of teams.
#[derive(Debug)]
pub(crate) struct Rollups<T> {
    pub(crate) nodes: Vec<Rollup<T>>,
    children: HashMap<(u32, Box<str>), u32, Keyed>,
}

impl<T> Default for Rollups<T> {
    fn default() -> Rollups<T> {
        Rollups { nodes: Vec::new(), children: HashMap::default() }
    }
}

const ROOT: u32 = u32::MAX;

impl<T: Copy> Rollups<T> {
    /// Adds team `source`, called `name`, with totals `state` and error
    /// sums `error`, to every rollup above it.
    pub(crate) fn add(
        &mut self,
        source: T,
        name: &str,
        state: &TeamState,
        error: Option<&ErrorState>,
        framework: &Framework,
        settings: &Settings,
    ) -> Result<(), Error> {
        let needs = crate::engine::needs(settings);
        let mut parent = ROOT;
        let mut start = 0;
        for (end, _) in name.match_indices('/') {
            let segment = name.get(start..end).unwrap_or_default();
            let node = match self.children.get(&(parent, segment.into())) {
                Some(&n) => n,
                None => {
                    let prefix = name.get(..end).unwrap_or_default();
                    let t = Arc::new(settings.team_thresholds(framework, prefix)?);
                    let acc = TeamAccumulator::new(settings.model, needs, t, settings.error.as_ref());
                    let n = self.nodes.len() as u32;
                    self.nodes.push(Rollup { source, len: end, acc });
                    self.children.insert((parent, segment.into()), n);
                    n
                }
            };
            if let Some(r) = self.nodes.get_mut(node as usize) {
                r.acc.merge_state(state, error)?;
            }
            parent = node;
            start = end + 1;
        }
        Ok(())
    }

    /// The number of rollups.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }
}
