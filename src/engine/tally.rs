//! Every team's totals once the rows are in, with the rollups, in report
//! order (by name; a team before a rollup of the same name): what reports
//! and summaries are made from, one team at a time.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::engine::accumulator::TeamState;
use crate::engine::errors::ErrorState;
use crate::engine::rollup::Rollups;
use crate::engine::shard::{NameKey, Shard};
use crate::engine::store::Store;
use crate::error::Error;
use crate::model::framework::Framework;
use crate::model::roster::Roster;
use crate::model::settings::Settings;
use crate::model::team::Level;
use crate::model::thresholds::TeamThresholds;

/// Where a team's totals are: team `index` of part `part` (a shard or a
/// store).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) part: u32,
    pub(crate) index: u32,
}

/// A report's place: a team, or rollup number `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Team(Entry),
    Rollup(u32),
}

/// Where the teams' totals and names are.
pub(crate) enum Teams<'a> {
    /// The streaming shards, which know their teams' names.
    Shards(Vec<Shard>),
    /// Stores of the in-memory analysis: team `t` of the roster is team
    /// `t / n` of store `t % n` (`n` stores).
    Memory { stores: Vec<Store>, roster: &'a Roster },
}

/// A report's name: `head`, and `/*` after it for a rollup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Name<'a> {
    pub(crate) head: &'a str,
    pub(crate) level: Level,
}

impl Name<'_> {
    /// The name as written in reports.
    pub(crate) fn to_text(self) -> String {
        match self.level {
            Level::Team => self.head.to_string(),
            Level::Rollup => format!("{}/*", self.head),
        }
    }

    /// Writes the name's bytes.
    pub(crate) fn push_to(self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.head.as_bytes());
        if self.level == Level::Rollup {
            out.extend_from_slice(b"/*");
        }
    }

    /// The name's order: by its bytes (`/*` included), then teams first.
    fn cmp_names(&self, other: &Name<'_>) -> Ordering {
        let tail = |n: &Name<'_>| -> &'static [u8] {
            if n.level == Level::Rollup {
                b"/*"
            } else {
                b""
            }
        };
        let (a, b) = (self.head.as_bytes(), other.head.as_bytes());
        let common = a.len().min(b.len());
        let (pa, pb) = (a.get(..common).unwrap_or_default(), b.get(..common).unwrap_or_default());
        match pa.cmp(pb) {
            Ordering::Equal => a
                .get(common..)
                .unwrap_or_default()
                .iter()
                .chain(tail(self))
                .cmp(b.get(common..).unwrap_or_default().iter().chain(tail(other)))
                .then(self.level.cmp(&other.level)),
            o => o,
        }
    }
}

/// One report's totals, as [`Tally::view`] gives them.
pub(crate) struct View<'a> {
    pub(crate) name: Name<'a>,
    pub(crate) state: &'a TeamState,
    pub(crate) thresholds: &'a Arc<TeamThresholds>,
    pub(crate) error: Option<&'a ErrorState>,
}

/// Every team's totals after a read or an analysis, in report order.
pub(crate) struct Tally<'a> {
    pub(crate) framework: Framework,
    pub(crate) settings: Settings,
    pub(crate) teams: Teams<'a>,
    rollups: Rollups<Entry>,
    order: Vec<Place>,
}

/// The teams of every shard sorted by name: each shard sorted on its own
/// thread ([`Shard::wrap_up`]), then merged.
fn sorted_shards(shards: &[Shard]) -> Vec<Entry> {
    let fresh: Vec<Vec<(NameKey, u32)>> =
        shards.iter().map(|sh| if sh.sorted.len() == sh.len() { Vec::new() } else { sh.name_order() }).collect();
    let lists: Vec<&[(NameKey, u32)]> = shards
        .iter()
        .zip(&fresh)
        .map(|(sh, f)| if sh.sorted.len() == sh.len() { sh.sorted.as_slice() } else { f.as_slice() })
        .collect();
    let before = |(s, (k, t)): (usize, &(NameKey, u32)), (z, (l, u)): (usize, &(NameKey, u32))| {
        k.cmp(l).then_with(|| {
            let name = |s: usize, t: &u32| shards.get(s).map_or(&[][..], |sh| sh.name(*t as usize));
            name(s, t).cmp(name(z, u))
        }) == Ordering::Less
    };
    let mut heads = vec![0usize; lists.len()];
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
    loop {
        let mut best: Option<(usize, &(NameKey, u32))> = None;
        for (k, list) in lists.iter().enumerate() {
            if let Some(e) = heads.get(k).and_then(|&h| list.get(h)) {
                if best.map_or(true, |b| before((k, e), b)) {
                    best = Some((k, e));
                }
            }
        }
        let Some((k, &(_, index))) = best else { break };
        out.push(Entry { part: k as u32, index });
        if let Some(h) = heads.get_mut(k) {
            *h += 1;
        }
    }
    out
}

impl<'a> Tally<'a> {
    /// The tally of `teams`, with rollups when the settings ask for them.
    pub(crate) fn new(framework: &Framework, settings: &Settings, teams: Teams<'a>) -> Result<Tally<'a>, Error> {
        let sorted: Vec<Entry> = match &teams {
            Teams::Shards(shards) => sorted_shards(shards),
            Teams::Memory { stores, roster } => {
                let n = stores.len().max(1) as u32;
                roster.sorted_teams().iter().map(|&t| Entry { part: t % n, index: t / n }).collect()
            }
        };
        let mut tally = Tally {
            framework: framework.clone(),
            settings: settings.clone(),
            teams,
            rollups: Rollups::default(),
            order: Vec::new(),
        };
        if !settings.rollups_included() {
            tally.order = sorted.into_iter().map(Place::Team).collect();
            return Ok(tally);
        }
        let mut rollups = Rollups::default();
        let mut scratch = TeamState::new(framework.pole_count());
        for &e in &sorted {
            let Some((name, error)) = tally.fill(e, &mut scratch) else { continue };
            rollups.add(e, name, &scratch, error, framework, settings)?;
        }
        tally.rollups = rollups;
        // Teams are in name order; rollups in name order too, then merged.
        let mut ups: Vec<u32> = (0..tally.rollups.len() as u32).collect();
        ups.sort_by(|&a, &b| tally.name(Place::Rollup(a)).cmp_names(&tally.name(Place::Rollup(b))));
        let mut order = Vec::with_capacity(sorted.len() + ups.len());
        let (mut i, mut j) = (0, 0);
        while i < sorted.len() || j < ups.len() {
            let team = sorted.get(i).map(|&e| Place::Team(e));
            let up = ups.get(j).map(|&r| Place::Rollup(r));
            let take_team = match (team, up) {
                (Some(t), Some(r)) => tally.name(t).cmp_names(&tally.name(r)) != Ordering::Greater,
                (Some(_), None) => true,
                _ => false,
            };
            if take_team {
                order.extend(team);
                i += 1;
            } else {
                order.extend(up);
                j += 1;
            }
        }
        tally.order = order;
        Ok(tally)
    }

    /// The number of reports (teams and rollups).
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// The place of report `i`.
    pub(crate) fn place(&self, i: usize) -> Option<Place> {
        self.order.get(i).copied()
    }

    /// The name of a team's entry.
    fn team_name(&self, e: Entry) -> &str {
        match &self.teams {
            Teams::Shards(shards) => shards.get(e.part as usize).map_or("", |sh| sh.team_name(e.index as usize)),
            Teams::Memory { stores, roster } => {
                roster.team_name((e.index as usize) * stores.len().max(1) + e.part as usize)
            }
        }
    }

    /// The store of a team's entry.
    fn store(&self, e: Entry) -> Option<&Store> {
        match &self.teams {
            Teams::Shards(shards) => shards.get(e.part as usize).map(|sh| &sh.store),
            Teams::Memory { stores, .. } => stores.get(e.part as usize),
        }
    }

    /// The name of the report at `place`.
    pub(crate) fn name(&self, place: Place) -> Name<'_> {
        match place {
            Place::Team(e) => Name { head: self.team_name(e), level: Level::Team },
            Place::Rollup(r) => {
                let head = self.rollups.nodes.get(r as usize).map_or("", |n| {
                    let team = self.team_name(n.source);
                    team.get(..n.len).unwrap_or(team)
                });
                Name { head, level: Level::Rollup }
            }
        }
    }

    /// Fills `scratch` with the totals of the team at `e`; its name and
    /// error sums.
    fn fill(&self, e: Entry, scratch: &mut TeamState) -> Option<(&str, Option<&ErrorState>)> {
        let store = self.store(e)?;
        store.fill(e.index as usize, scratch, self.roster());
        Some((self.team_name(e), store.error(e.index as usize)))
    }

    /// Report `i`'s totals (a team's written into `scratch`).
    pub(crate) fn view<'s>(&'s self, i: usize, scratch: &'s mut TeamState) -> Option<View<'s>> {
        let place = self.place(i)?;
        let name = self.name(place);
        match place {
            Place::Team(e) => {
                let store = self.store(e)?;
                let t = e.index as usize;
                store.fill(t, scratch, self.roster());
                Some(View { name, state: scratch, thresholds: store.thresholds(t)?, error: store.error(t) })
            }
            Place::Rollup(r) => {
                let node = self.rollups.nodes.get(r as usize)?;
                Some(View {
                    name,
                    state: &node.acc.state,
                    thresholds: &node.acc.thresholds,
                    error: node.acc.error.as_deref(),
                })
            }
        }
    }

    /// The roster, for an in-memory analysis.
    fn roster(&self) -> Option<&Roster> {
        match &self.teams {
            Teams::Memory { roster, .. } => Some(roster),
            Teams::Shards(_) => None,
        }
    }

    /// The shards, when the tally comes from a streaming read.
    pub(crate) fn shards(&self) -> &[Shard] {
        match &self.teams {
            Teams::Shards(s) => s,
            Teams::Memory { .. } => &[],
        }
    }
}
