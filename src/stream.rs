//! The streaming, parallel analysis behind [`ReaderBuilder::analyze`] and
//! [`ReaderBuilder::summary`](crate::ReaderBuilder::summary).
//!
//! The input is cut into chunks of whole records ([`crate::chunk`]). Each
//! round, the chunks of a batch are parsed on all threads; each parsed row
//! goes to the shard of its team (a hash of the team name). Then every shard
//! adds its rows, chunk after chunk, on its own thread. So each team sees its
//! rows in line order, on one thread: the totals, the duplicate check and the
//! first-in-roster-order rules are those of a single-threaded pass, and the
//! output does not depend on the number of threads.

use std::io;

use crate::analysis::Analyzer;
use crate::chunk::{hash_bytes, Chunk, ChunkReader, Records};
use crate::error::{Error, ErrorKind};
use crate::framework::Framework;
use crate::read::{is_blank, Mode, Plan, ReadLog, ReaderBuilder, RowBuf, SkippedRow};
use crate::tally::{shard_of, Shard, ShardRows, Tally};

/// One parsed chunk: rows per shard, the data rows seen and the bad ones.
struct Parsed {
    rows: Vec<ShardRows>,
    count: u64,
    errors: Vec<SkippedRow>,
}

impl Parsed {
    fn new(shards: usize) -> Parsed {
        Parsed { rows: (0..shards).map(|_| ShardRows::default()).collect(), count: 0, errors: Vec::new() }
    }
}

/// Parses `chunk` into `out` (emptied first, its buffers reused).
fn parse_chunk(plan: &Plan, framework: &Framework, chunk: &Chunk, lenient: bool, out: &mut Parsed) {
    let shards = out.rows.len();
    for rows in out.rows.iter_mut() {
        rows.clear();
    }
    out.count = 0;
    out.errors.clear();
    let mut records = Records::new(chunk.data.get(chunk.start..).unwrap_or_default(), chunk.line);
    let mut rec = csv::ByteRecord::new();
    let mut buf = RowBuf::new(framework);
    while let Some(line) = records.next_record(&mut rec) {
        if is_blank(&rec, false) {
            continue;
        }
        out.count += 1;
        match plan.parse(&rec, line, &mut buf) {
            Ok(row) => {
                let h = hash_bytes(row.team.as_bytes());
                if let Some(rows) = out.rows.get_mut(shard_of(h, shards)) {
                    rows.push(line, h, row.team, row.id, row.weight, row.strengths);
                }
            }
            Err(e) => {
                out.errors.push(SkippedRow::new(line, e));
                if !lenient {
                    break;
                }
            }
        }
    }
}

/// Reads the header from the first chunks; returns the plan and the chunk
/// holding the rest (if any).
fn header<R: io::Read>(chunks: &mut ChunkReader<R>, framework: &Framework) -> Result<(Plan, Option<Chunk>), Error> {
    let mut rec = csv::ByteRecord::new();
    while let Some(mut chunk) = chunks.next_chunk()? {
        let mut records = Records::new(chunk.data.get(chunk.start..).unwrap_or_default(), chunk.line);
        while let Some(line) = records.next_record(&mut rec) {
            if is_blank(&rec, true) {
                continue;
            }
            let plan = Plan::new(framework, &rec, line)?;
            let (start, line) = (chunk.start + records.position(), records.line());
            chunk.start = start;
            chunk.line = line;
            return Ok((plan, Some(chunk)));
        }
    }
    Err(ErrorKind::NoHeader.into())
}

/// Reads up to `n` chunks into `batch` (none after an I/O error).
fn read_batch<R: io::Read>(chunks: &mut ChunkReader<R>, n: usize, batch: &mut Vec<Chunk>, io_error: &mut Option<Error>) {
    while batch.len() < n && io_error.is_none() {
        match chunks.next_chunk() {
            Ok(Some(c)) => batch.push(c),
            Ok(None) => break,
            Err(e) => *io_error = Some(e),
        }
    }
}

/// Reads and tallies a roster.
pub(crate) fn run<R: io::Read>(
    reader: R,
    builder: &ReaderBuilder,
    analyzer: &Analyzer,
    keep_ids: bool,
) -> Result<(Tally, ReadLog), Error> {
    let framework = builder.framework_ref();
    analyzer.check(framework)?;
    let lenient = builder.mode_value() == Mode::Lenient;
    let threads = builder.thread_count();
    let mut chunks = ChunkReader::new(reader);
    let (plan, first) = header(&mut chunks, framework)?;
    let mut log = ReadLog::with_unknown(plan.unknown_columns().to_vec());
    let mut shards: Vec<Shard> = (0..threads).map(|_| Shard::new(framework, analyzer, keep_ids)).collect();
    let mut skipped: Vec<SkippedRow> = Vec::new();
    let mut pending = first;
    let mut io_error = None;
    let mut parse_error: Option<SkippedRow> = None;
    let mut parsed: Vec<Parsed> = Vec::new();
    let mut batch: Vec<Chunk> = pending.take().into_iter().collect();
    read_batch(&mut chunks, threads, &mut batch, &mut io_error);
    loop {
        if batch.is_empty() {
            break;
        }
        while parsed.len() < batch.len() {
            parsed.push(Parsed::new(threads));
        }
        let parsed = parsed.get_mut(..batch.len()).unwrap_or_default();
        if threads == 1 {
            for (c, p) in batch.iter().zip(parsed.iter_mut()) {
                parse_chunk(&plan, framework, c, lenient, p);
            }
        } else {
            std::thread::scope(|s| {
                for (c, p) in batch.iter().zip(parsed.iter_mut()) {
                    let plan = &plan;
                    s.spawn(move || parse_chunk(plan, framework, c, lenient, p));
                }
            });
        }
        for c in batch.drain(..) {
            chunks.recycle(c);
        }
        let shared = &*parsed;
        if threads == 1 {
            if let Some(shard) = shards.first_mut() {
                for p in shared {
                    for rows in &p.rows {
                        shard.add_rows(rows, framework, analyzer, lenient);
                    }
                }
            }
            read_batch(&mut chunks, threads, &mut batch, &mut io_error);
        } else {
            // The shards add on their threads while this one reads the next batch.
            std::thread::scope(|s| {
                for (k, shard) in shards.iter_mut().enumerate() {
                    s.spawn(move || {
                        for p in shared {
                            if let Some(rows) = p.rows.get(k) {
                                shard.add_rows(rows, framework, analyzer, lenient);
                            }
                        }
                    });
                }
                read_batch(&mut chunks, threads, &mut batch, &mut io_error);
            });
        }
        for p in parsed.iter_mut() {
            log.add_rows(p.count);
            for e in p.errors.drain(..) {
                if lenient {
                    skipped.push(e);
                } else if parse_error.as_ref().map_or(true, |f| e.line() < f.line()) {
                    parse_error = Some(e);
                }
            }
        }
        if !lenient && (parse_error.is_some() || shards.iter().any(|s| s.error.is_some())) {
            break;
        }
    }
    if !lenient {
        let mut first: Option<(u64, Error)> = parse_error.map(|s| (s.line(), s.into_error()));
        for shard in shards.iter_mut() {
            if let Some(e) = shard.error.take() {
                let line = e.line().unwrap_or(0);
                if first.as_ref().map_or(true, |(l, _)| line < *l) {
                    first = Some((line, e));
                }
            }
        }
        if let Some((_, e)) = first {
            return Err(e);
        }
    }
    if let Some(e) = io_error {
        return Err(e);
    }
    for shard in shards.iter_mut() {
        if let Some(e) = shard.error.take() {
            return Err(e);
        }
        skipped.append(&mut shard.skipped);
    }
    skipped.sort_by_key(SkippedRow::line);
    log.finish(skipped);
    let tally = Tally::new(framework, analyzer, shards)?;
    Ok((tally, log))
}
