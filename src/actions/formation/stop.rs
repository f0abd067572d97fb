//! When a search stops: a time limit, a budget of moves evaluated, or both.

use std::time::{Duration, Instant};

/// Evaluations between two looks at the clock.
const CLOCK_EVERY: u64 = 1 << 14;
/// The same for a clock given by the caller (which may be slower to read).
const CUSTOM_CLOCK_EVERY: u64 = 1 << 18;

/// A clock: the time since some fixed origin.
pub(crate) type Clock = fn() -> Duration;

/// Counts the moves a search evaluates and tells it when to stop.
///
/// The count alone decides when a move budget runs out, so a search under
/// a budget and no time limit gives the same result on every run. The
/// clock is read every [`CLOCK_EVERY`] evaluations.
#[derive(Debug, Clone)]
pub(crate) struct Stop {
    start: Instant,
    limit: Option<Duration>,
    budget: u64,
    used: u64,
    next_clock: u64,
    timed_out: bool,
    /// A clock other than the wall clock, with its reading at the start.
    clock: Option<(Clock, Duration)>,
}

/// Why a search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    Budget,
    Time,
}

impl Stop {
    pub(crate) fn new(limit: Option<Duration>, budget: u64, clock: Option<Clock>) -> Stop {
        Stop {
            start: Instant::now(),
            limit,
            budget,
            used: 0,
            next_clock: CLOCK_EVERY,
            timed_out: false,
            clock: clock.map(|c| (c, c())),
        }
    }

    fn elapsed(&self) -> Duration {
        match self.clock {
            Some((c, origin)) => c().saturating_sub(origin),
            None => self.start.elapsed(),
        }
    }

    /// Adds `evaluations`; true when the search must stop.
    pub(crate) fn spend(&mut self, evaluations: u64) -> bool {
        self.used = self.used.saturating_add(evaluations);
        if self.used >= self.next_clock {
            let every = if self.clock.is_some() { CUSTOM_CLOCK_EVERY } else { CLOCK_EVERY };
            self.next_clock = self.used.saturating_add(every);
            if let Some(limit) = self.limit {
                if self.elapsed() >= limit {
                    self.timed_out = true;
                }
            }
        }
        self.stopped()
    }

    /// Whether the search must stop.
    pub(crate) fn stopped(&self) -> bool {
        self.timed_out || self.used >= self.budget
    }

    /// Why it stopped, if it did.
    pub(crate) fn ended(&self) -> Option<Ended> {
        if self.timed_out {
            Some(Ended::Time)
        } else if self.used >= self.budget {
            Some(Ended::Budget)
        } else {
            None
        }
    }

    /// The share of the budget or of the time spent, whichever is larger,
    /// in [0, 1] (the clock counts only under a time limit).
    pub(crate) fn progress(&self) -> f64 {
        let by_budget = if self.budget == u64::MAX { 0.0 } else { self.used as f64 / self.budget.max(1) as f64 };
        let by_time = match self.limit {
            Some(limit) if !limit.is_zero() => self.elapsed().as_secs_f64() / limit.as_secs_f64(),
            Some(_) => 1.0,
            None => 0.0,
        };
        by_budget.max(by_time).clamp(0.0, 1.0)
    }

    /// The moves evaluated so far.
    pub(crate) fn used(&self) -> u64 {
        self.used
    }
}
