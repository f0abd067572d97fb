//! The in-memory analysis of a [`Roster`]: its members added into
//! [`Store`]s with the rules of the kernel, teams found by the number the
//! roster gave them (no name is hashed per row), in parallel by team.
//!
//! With `n` threads, store `k` takes the roster's teams `t` with
//! `t % n == k` (as its team `t / n`) and adds their members in roster
//! order, so every team's totals are those of one pass in roster order
//! whatever `n`.

use crate::engine::store::{Keep, Store};
use crate::engine::tally::{Tally, Teams};
use crate::error::{Error, ErrorKind};
use crate::model::pairs::PairCheck;
use crate::model::roster::Roster;
use crate::model::settings::Settings;

/// How many members ahead a member's team record is asked for.
const AHEAD: usize = 16;

/// Below this many members one thread does it all (threads cost more than
/// they save).
const PARALLEL_FROM: usize = 50_000;

/// Adds the members of `roster` into `n` stores; `keep` says what the
/// stores keep. The tally comes in report order, with rollups when the
/// settings ask for them.
///
/// # Errors
///
/// A member that the roster refused ([`ErrorKind::PoleCount`]), the
/// settings' errors against the roster's framework, and the first repeated
/// (`team`, `id`) pair in roster order ([`ErrorKind::DuplicatePair`]).
pub(crate) fn analyze<'r>(
    roster: &'r Roster,
    settings: &Settings,
    keep: Keep,
    threads: usize,
) -> Result<Tally<'r>, Error> {
    if let Some(e) = roster.refused() {
        return Err(e);
    }
    let framework = roster.framework();
    settings.check(framework)?;
    // The roster holds the ids: the stores keep members' numbers.
    let keep = Keep { ids_by_line: keep.ids && u32::try_from(roster.len()).is_ok(), ..keep };
    // Every thread reads every member's team number: more threads than
    // cores would only repeat that.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let n = if roster.len() < PARALLEL_FROM { 1 } else { threads.clamp(1, cores.clamp(1, 64)) };
    let run = |k: usize| store_part(roster, settings, keep, n, k);
    let parts: Vec<Result<Store, (usize, Error)>> = if n == 1 {
        vec![run(0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..n).map(|k| scope.spawn(move || run(k))).collect();
            let mut parts = vec![run(0)];
            for h in handles {
                parts.push(
                    h.join().unwrap_or_else(|_| Err((0, std::io::Error::other("an analysis thread failed").into()))),
                );
            }
            parts
        })
    };
    // The first error in roster order, whichever store found it.
    let mut stores = Vec::with_capacity(n);
    let mut first: Option<(usize, Error)> = None;
    for p in parts {
        match p {
            Ok(s) => stores.push(s),
            Err((at, e)) => {
                if first.as_ref().map_or(true, |(f, _)| at < *f) {
                    first = Some((at, e));
                }
            }
        }
    }
    if let Some((_, e)) = first {
        return Err(e);
    }
    Tally::new(framework, settings, Teams::Memory { stores, roster })
}

/// Store `k` of `n`: the roster's teams `t` with `t % n == k`. An error
/// comes with the roster position it was found at.
fn store_part(roster: &Roster, settings: &Settings, keep: Keep, n: usize, k: usize) -> Result<Store, (usize, Error)> {
    let framework = roster.framework();
    let needs = crate::engine::needs(settings);
    let mut store = Store::new(framework.pole_count(), needs, keep, settings.error.as_ref());
    let teams = roster.team_count();
    let shared = if settings.has_requirements() {
        None
    } else {
        let t = settings.team_thresholds(framework, "").map_err(|e| (0, e))?;
        Some(store.thresholds_index(t))
    };
    for t in (k..teams).step_by(n) {
        let index = match shared {
            Some(i) => i,
            None => {
                let resolved = settings.team_thresholds(framework, roster.team_name(t)).map_err(|e| (0, e))?;
                store.thresholds_index(resolved)
            }
        };
        store.push(index, 0, &[]);
    }
    let mut pairs = (!roster.is_checked()).then(|| PairCheck::new(true));
    let team_of = roster.team_numbers();
    let mine = |t: u32| n == 1 || t as usize % n == k;
    let local = |t: u32| t as usize / n;
    let plain = store.plain();
    let needs = store.needs().bits();
    let mut add = |i: usize, t: u32, store: &mut Store| {
        let (weight, strengths) = roster.values(i);
        let id = roster.id(i);
        if let Some(check) = pairs.as_mut() {
            let mut filter = [0u64; 4];
            if let Some(r) = check.check(local(t) as u32, &mut filter, id.as_bytes(), i as u64) {
                let team = roster.team_name(t as usize).to_string();
                debug_assert!(r.first_line < i as u64);
                return Err((i, ErrorKind::DuplicatePair { id: id.to_string(), team }.into()));
            }
        }
        if plain {
            store.add_plain(local(t), weight, strengths);
        } else {
            crate::engine::with_needs!(needs, N => store.add::<N>(local(t), id.as_bytes(), weight, strengths, i as u64));
        }
        Ok(())
    };
    for (i, &t) in team_of.iter().enumerate() {
        if let Some(&ahead) = team_of.get(i + AHEAD) {
            if mine(ahead) {
                store.touch(local(ahead));
            }
        }
        if mine(t) {
            add(i, t, &mut store)?;
        }
    }
    Ok(store)
}
