//! The engine's side of a streaming read: each worker's [`Shard`] is its
//! [`RowSink`], and the shards end in a [`Tally`].

use crate::engine::rows::Rows;
use crate::engine::shard::{Check, Format, Shard};
use crate::engine::store::Keep;
use crate::engine::tally::{Tally, Teams};
use crate::error::Error;
use crate::io::read::{Mode, ReadLog, ReaderBuilder};
use crate::io::stream::{self, RowSink};
use crate::model::framework::Framework;
use crate::model::settings::Settings;

/// A worker's shard, with what it needs to add rows and finish.
struct ShardSink<'a> {
    shard: Shard,
    framework: &'a Framework,
    settings: &'a Settings,
    format: Option<&'a Format>,
}

impl RowSink for ShardSink<'_> {
    #[inline(always)]
    fn add(&mut self, line: u64, h: u64, team: &[u8], id: &[u8], weight: f64, strengths: &[f64]) -> Result<(), Error> {
        self.shard.add_row(line, h, team, id, weight, strengths, self.framework, self.settings).map(|_| ())
    }

    #[inline(always)]
    fn touch_ahead(&self, keys: &[u64], r: usize) {
        self.shard.touch_ahead(keys, r);
    }

    fn finish(&mut self, failed: bool) -> Option<Error> {
        self.shard.wrap_up(self.format.filter(|_| !failed));
        self.shard.error.take()
    }
}

/// Reads `reader` into shards of totals for `settings` (keeping `keep`;
/// `format`, when given, formats each shard's summary rows on its thread).
pub(crate) fn tally<R: std::io::Read>(
    reader: R,
    builder: &ReaderBuilder,
    settings: &Settings,
    keep: Keep,
    format: Option<&Format>,
) -> Result<(Tally<'static>, ReadLog), Error> {
    let framework = builder.framework_ref();
    settings.check(framework)?;
    let check = match builder.mode_value() {
        Mode::Strict => Check::Strict,
        Mode::Lenient => Check::Lenient,
    };
    let sinks = (0..builder.thread_count())
        .map(|_| ShardSink { shard: Shard::new(framework, settings, keep, check), framework, settings, format })
        .collect();
    let (sinks, log) = stream::run(reader, builder, framework, sinks)?;
    let shards = sinks.into_iter().map(|s| s.shard).collect();
    Ok((Tally::new(framework, settings, Teams::Shards(shards))?, log))
}

/// A worker's shard and the rows it added, for a comparison.
struct KeepingSink<'a> {
    inner: ShardSink<'a>,
    rows: Rows,
    /// The worker's number (its shard's place in the tally).
    part: u64,
}

impl RowSink for KeepingSink<'_> {
    #[inline(always)]
    fn add(&mut self, line: u64, h: u64, team: &[u8], id: &[u8], weight: f64, strengths: &[f64]) -> Result<(), Error> {
        let i = &mut self.inner;
        let t = i.shard.add_row(line, h, team, id, weight, strengths, i.framework, i.settings)?;
        self.rows.push(line, team, id, weight, strengths, (self.part << 32) | t as u64);
        Ok(())
    }

    #[inline(always)]
    fn touch_ahead(&self, keys: &[u64], r: usize) {
        self.inner.touch_ahead(keys, r);
    }

    fn finish(&mut self, failed: bool) -> Option<Error> {
        self.inner.finish(failed)
    }
}

/// As [`tally`] (no summary rows formatted), keeping every row added: the
/// rows of every worker, each worker's in line order.
pub(crate) fn tally_keeping_rows<R: std::io::Read>(
    reader: R,
    builder: &ReaderBuilder,
    settings: &Settings,
    keep: Keep,
) -> Result<(Tally<'static>, Rows, ReadLog), Error> {
    let framework = builder.framework_ref();
    settings.check(framework)?;
    let check = match builder.mode_value() {
        Mode::Strict => Check::Strict,
        Mode::Lenient => Check::Lenient,
    };
    let poles = framework.pole_count();
    let sinks = (0..builder.thread_count())
        .map(|k| KeepingSink {
            inner: ShardSink { shard: Shard::new(framework, settings, keep, check), framework, settings, format: None },
            rows: Rows::new(poles),
            part: k as u64,
        })
        .collect();
    let (sinks, log) = stream::run(reader, builder, framework, sinks)?;
    let mut rows = Rows::new(poles);
    let mut shards = Vec::new();
    for s in sinks {
        rows.append(s.rows);
        shards.push(s.inner.shard);
    }
    Ok((Tally::new(framework, settings, Teams::Shards(shards))?, rows, log))
}
