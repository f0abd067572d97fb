//! The streaming, parallel analysis behind [`ReaderBuilder::analyze`] and
//! [`ReaderBuilder::summary`](crate::ReaderBuilder::summary) (strict reads;
//! lenient ones take the one-pass path of [`ReaderBuilder::read_roster`]).
//!
//! The calling thread reads the input in chunks of whole records
//! ([`crate::io::chunk`]) and is the first worker; the other workers run on
//! threads of their own. For a chunk without quotes or carriage returns
//! (the usual case) a worker with no rows to add indexes it: where every
//! line starts and which worker owns it, the one whose shard holds the hash
//! of the row's team ([`owner_key`]); with the standard columns, where the
//! id and the team lie too ([`TeamAt`]). Every worker sees every chunk, in
//! order, and parses and adds only its own rows, asking for the bytes and
//! the team records of the rows a few dozen lines ahead first (a chunk with
//! quotes is read whole by every worker, each keeping its own rows). So
//! each team sees its rows in line order, on one thread: the totals, the
//! duplicate check and the first-in-roster-order rules are those of a
//! single-threaded pass, and the output does not depend on the number of
//! threads. When the input ends, each worker finishes its shard on its own
//! thread (the duplicate check, the teams in name order, the summary rows);
//! the calling thread merges the shards' name orders.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use crate::analysis::analyzer::Analyzer;
use crate::engine::tally::{shard_of, Shard, ShardRows, Tally};
use crate::error::{Error, ErrorKind};
use crate::io::chunk::{Chunk, ChunkReader, Lines, Records, TeamAt};
use crate::io::read::{is_blank, owner_key, Fast, Plan, ReadLog, ReaderBuilder, RowBuf, SkippedRow, TeamColumn};
use crate::model::framework::Framework;
use crate::util::prefetch::prefetch;

/// What every worker reads with.
struct Context<'a> {
    plan: &'a Plan,
    framework: &'a Framework,
    analyzer: &'a Analyzer,
    /// The summary table is wanted (not full reports).
    summary: bool,
}

/// One thread's share of the work: the rows whose team's [`owner_key`]
/// falls in shard `index` of `shards`.
struct Worker {
    index: usize,
    shards: usize,
    shard: Shard,
    /// The data rows this worker owns.
    rows: u64,
    /// Bad rows found while parsing (in strict mode, the first one only).
    errors: Vec<SkippedRow>,
    buf: RowBuf,
    rec: csv::ByteRecord,
    /// Clean rows waiting to be added together (see [`Shard::add_rows`]).
    batch: ShardRows,
}

/// How many of its lines ahead a worker asks for a line's bytes (see
/// [`touch_line`]).
const LINES_AHEAD: usize = 32;

/// Asks for the first two cache lines (most rows' length) of the line
/// starting at `at` in `data`: the calling thread wrote them, often on
/// another core, and a worker reads only its own lines, which the hardware
/// does not guess.
#[inline]
fn touch_line(data: &[u8], at: Option<&u32>) {
    if let Some(x) = at.and_then(|&a| data.get(a as usize)) {
        let p: *const u8 = x;
        prefetch(p);
        prefetch(p.wrapping_add(64));
    }
}

/// Whether worker `index` of `shards` owns the rows of the team whose
/// hash is given.
fn owned_by(index: usize, shards: usize) -> impl Fn(u64) -> bool + Copy {
    move |h: u64| shards == 1 || shard_of(h, shards) == index
}

/// The rows a worker parses before adding them.
const BATCH: usize = 256;

impl Worker {
    fn new(index: usize, shards: usize, cx: &Context, keep_ids: bool) -> Worker {
        let (framework, analyzer) = (cx.framework, cx.analyzer);
        Worker {
            index,
            shards,
            shard: Shard::new(framework, analyzer, keep_ids),
            rows: 0,
            errors: Vec::new(),
            buf: RowBuf::new(framework),
            rec: csv::ByteRecord::new(),
            batch: ShardRows::default(),
        }
    }

    /// The shard's work once every row is in (see [`Shard::wrap_up`]).
    fn wrap_up(&mut self, cx: &Context) {
        self.flush(cx);
        let failed = self.failed();
        self.shard.wrap_up(cx.framework, cx.analyzer, cx.summary && !failed);
    }

    /// Whether a strict read must stop: an error was found.
    fn failed(&self) -> bool {
        !self.errors.is_empty() || self.shard.error.is_some()
    }

    /// The line of this worker's first error (strict reads).
    fn error_line(&self) -> Option<u64> {
        let parse = self.errors.first().map(SkippedRow::line);
        let shard = self.shard.error.as_ref().and_then(Error::line);
        parse.into_iter().chain(shard).min()
    }

    /// Adds the rows parsed so far; `false` when a strict read must stop.
    fn flush(&mut self, cx: &Context) -> bool {
        if self.batch.len() > 0 {
            self.shard.add_rows(&self.batch, cx.framework, cx.analyzer);
            self.batch.clear();
        }
        !self.failed()
    }

    /// Reads the rows of `chunk` this worker owns; `false` when a strict read must stop.
    fn chunk(&mut self, cx: &Context, chunk: &Chunk) -> bool {
        #[cfg(test)]
        tests::panic_if_asked(self.index, &chunk.data);
        let go = self.rows_of(cx, chunk);
        self.flush(cx) && go
    }

    fn rows_of(&mut self, cx: &Context, chunk: &Chunk) -> bool {
        let data = chunk.data.get(chunk.start..).unwrap_or_default();
        if let Some(lines) = chunk.index.get(self.index).filter(|_| chunk.indexed) {
            return self.indexed(cx, data, chunk.line, lines);
        }
        if chunk.plain {
            let (mut line, mut pos) = (chunk.line, 0);
            while let Some(rest) = data.get(pos..).filter(|r| !r.is_empty()) {
                let (go, used) = self.plain_line(cx, rest, line, None);
                if !go {
                    return false;
                }
                pos += used;
                line += 1;
            }
            return true;
        }
        let mut records = Records::new(data, chunk.line);
        let mut rec = std::mem::take(&mut self.rec);
        let mut go = true;
        while let Some((line, plain)) = records.next_line(&mut rec) {
            go = match plain {
                Some(text) => self.plain_line(cx, text, line, None).0,
                None if is_blank(&rec, false) => true,
                None => self.record(cx, &rec, line),
            };
            if !go {
                break;
            }
        }
        self.rec = rec;
        go
    }

    /// The lines of this worker in a plain chunk's `data` (whose first line
    /// is `first`), as the chunk's index gives them with their teams'
    /// hashes: each
    /// row added as soon as it is parsed, the memory of the rows a few
    /// dozen lines ahead asked for first (see [`Shard::touch_ahead`] and
    /// [`touch_line`]).
    fn indexed(&mut self, cx: &Context, data: &[u8], first: u64, lines: &Lines) -> bool {
        if !self.flush(cx) {
            return false;
        }
        let owns = owned_by(self.index, self.shards);
        let rows = lines.at.iter().zip(&lines.delta).zip(lines.key.iter().zip(&lines.team));
        for (i, ((&at, &delta), (&key, &team))) in rows.enumerate() {
            self.shard.touch_ahead(&lines.key, &[], i);
            if i == 0 {
                lines.at.iter().take(LINES_AHEAD).for_each(|a| touch_line(data, Some(a)));
            }
            touch_line(data, lines.at.get(i + LINES_AHEAD));
            let rest = data.get(at as usize..).unwrap_or_default();
            let line = first + u64::from(delta);
            let parsed = match team {
                TeamAt::Fields { id_end, from, to } => {
                    let fields = (usize::from(id_end), usize::from(from), usize::from(to));
                    cx.plan.fast_fields(rest, key, fields, &mut self.buf)
                }
                TeamAt::Hashed => cx.plan.fast_line_known(rest, &mut self.buf, owns, Some(key)),
                TeamAt::Unread => cx.plan.fast_line_known(rest, &mut self.buf, owns, None),
            };
            match parsed {
                (Fast::Row(h, row), _) => {
                    self.rows += 1;
                    let (fw, an) = (cx.framework, cx.analyzer);
                    if !self.shard.add_row(line, h, row.team, row.id, row.weight, row.strengths, fw, an) {
                        return false;
                    }
                }
                (Fast::Elsewhere, _) => {}
                (Fast::Other, _) => {
                    if !self.other_line(cx, rest, line).0 {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The line at the start of `rest` (no quote, no `\r`), on line `line`,
    /// whose team's hash may be `known`: the fast path, else the record
    /// path. Returns whether the read goes on, and the length of the line
    /// with its `\n`.
    fn plain_line(&mut self, cx: &Context, rest: &[u8], line: u64, known: Option<u64>) -> (bool, usize) {
        match cx.plan.fast_line_known(rest, &mut self.buf, owned_by(self.index, self.shards), known) {
            (Fast::Row(h, row), used) => {
                self.rows += 1;
                self.batch.push(line, h, row.team, row.id, row.weight, row.strengths);
                (self.batch.len() < BATCH || self.flush(cx), used)
            }
            (Fast::Elsewhere, used) => (true, used),
            (Fast::Other, _) => self.other_line(cx, rest, line),
        }
    }

    /// The line at the start of `rest` that the fast path turned down, on
    /// line `line`: blank, or a record for [`Worker::record`]. Returns
    /// whether the read goes on, and the length of the line with its `\n`.
    fn other_line(&mut self, cx: &Context, rest: &[u8], line: u64) -> (bool, usize) {
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let text = rest.get(..end).unwrap_or_default();
        let go = text.trim_ascii().is_empty() || self.split_record(cx, text, line);
        (go, end + 1)
    }

    /// A line without quotes as a record (its fields lie between commas),
    /// through [`Worker::record`].
    fn split_record(&mut self, cx: &Context, text: &[u8], line: u64) -> bool {
        let mut rec = std::mem::take(&mut self.rec);
        rec.clear();
        for field in text.split(|&b| b == b',') {
            rec.push_field(field);
        }
        let go = self.record(cx, &rec, line);
        self.rec = rec;
        go
    }

    /// One record through [`Plan::parse`]: kept by the owner of its team
    /// (a bad row by the owner of its team field, see
    /// [`Plan::record_owner_key`]).
    fn record(&mut self, cx: &Context, rec: &csv::ByteRecord, line: u64) -> bool {
        if !self.flush(cx) {
            return false;
        }
        let owner = |key: u64| shard_of(key, self.shards);
        match cx.plan.parse(rec, line, &mut self.buf) {
            Ok(row) => {
                let h = owner_key(row.team.as_bytes());
                if owner(h) != self.index {
                    return true;
                }
                self.rows += 1;
                let (id, team, weight, strengths) = (row.id, row.team, row.weight, row.strengths);
                let (fw, an) = (cx.framework, cx.analyzer);
                self.shard.add_row(line, h, team.as_bytes(), id.as_bytes(), weight, strengths, fw, an);
            }
            Err(e) => {
                if owner(cx.plan.record_owner_key(rec)) != self.index {
                    return true;
                }
                self.rows += 1;
                self.errors.push(SkippedRow::new(line, e));
            }
        }
        !self.failed()
    }
}

/// Reads the header from the first chunks; returns the plan and the chunk
/// holding the rest (if any).
fn header<R: io::Read>(
    chunks: &mut ChunkReader<R>,
    framework: &Framework,
    team_column: TeamColumn,
) -> Result<(Plan, Option<Chunk>), Error> {
    let mut rec = csv::ByteRecord::new();
    while let Some(mut chunk) = chunks.next_chunk()? {
        let mut records = Records::new(chunk.data.get(chunk.start..).unwrap_or_default(), chunk.line);
        while let Some(line) = records.next_record(&mut rec) {
            if is_blank(&rec, true) {
                continue;
            }
            let plan = Plan::new(framework, &rec, line, team_column)?;
            let (start, line) = (chunk.start + records.position(), records.line());
            chunk.start = start;
            chunk.line = line;
            return Ok((plan, Some(chunk)));
        }
    }
    Err(ErrorKind::NoHeader.into())
}

/// The next chunk: `first`, else one from the reader.
fn next_chunk<R: io::Read>(chunks: &mut ChunkReader<R>, first: &mut Option<Chunk>) -> Result<Option<Chunk>, Error> {
    match first.take() {
        Some(c) => Ok(Some(c)),
        None => chunks.next_chunk(),
    }
}

/// Everything on the calling thread.
fn sequential<R: io::Read>(
    chunks: &mut ChunkReader<R>,
    mut first: Option<Chunk>,
    cx: &Context,
    worker: &mut Worker,
) -> Option<Error> {
    loop {
        match next_chunk(chunks, &mut first) {
            Ok(Some(chunk)) => {
                let go = worker.chunk(cx, &chunk);
                chunks.recycle(chunk);
                if !go {
                    return None;
                }
            }
            Ok(None) => return None,
            Err(e) => return Some(e),
        }
    }
}

/// For a plain chunk, which worker looks at which line (see
/// [`Chunk::index`]): the owner of the line's team, every worker when the
/// team field does not read as it stands; no one for blank lines.
fn index_chunk(plan: &Plan, chunk: &mut Chunk, workers: usize) {
    let data = chunk.data.get(chunk.start..).unwrap_or_default();
    chunk.indexed = false;
    if !chunk.plain || u32::try_from(data.len()).is_err() {
        return;
    }
    let mut index = std::mem::take(&mut chunk.index);
    index.resize_with(workers, Lines::default);
    for lines in index.iter_mut() {
        lines.clear();
    }
    let (mut pos, mut k) = (0usize, 0u32);
    while let Some(rest) = data.get(pos..).filter(|r| !r.is_empty()) {
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let text = rest.get(..end).unwrap_or_default();
        match plan.line_team(text) {
            Some((key, team)) => {
                if let Some(lines) = index.get_mut(shard_of(key, workers)) {
                    lines.push(pos as u32, k, key, team);
                }
            }
            None if text.trim_ascii().is_empty() => {}
            None => {
                for lines in index.iter_mut() {
                    lines.push(pos as u32, k, 0, TeamAt::Unread);
                }
            }
        }
        pos += end + 1;
        k = k.wrapping_add(1);
    }
    chunk.index = index;
    chunk.indexed = true;
}

/// Chunks read and not yet added by every worker, at most: bounds the
/// memory of a run (each chunk holds [`crate::io::chunk::CHUNK`] bytes, and a
/// worker that runs ahead waits for the others there).
pub(crate) const IN_FLIGHT: usize = 12;

/// Chunks read but not yet indexed that the calling thread keeps ready
/// (when it may read more), so that a worker with no rows to add finds one
/// to index.
const RAW_AHEAD: usize = 2;

/// One chunk on the [`Board`].
enum Entry {
    /// Read, waiting for a thread to index it.
    Raw(Chunk),
    /// Being indexed.
    Indexing,
    /// Indexed; the workers that have yet to add its rows.
    Ready(Arc<Chunk>, usize),
    /// Added by every worker.
    Done,
}

/// The chunks between the calling thread, which alone reads the input, and
/// the workers (the calling thread among them), which index chunks and add
/// their own rows of every chunk in order (see [`parallel`]).
struct Board {
    /// Chunk `base + i` is `entries[i]`.
    entries: std::collections::VecDeque<Entry>,
    base: u64,
    /// No chunk follows the ones on the board.
    done: bool,
    /// Chunks added by every worker, for the reader to reuse.
    spare: Vec<Chunk>,
    /// A thread unwound (a bug): every worker stops.
    failed: bool,
}

impl Board {
    fn entry(&mut self, seq: u64) -> Option<&mut Entry> {
        let i = usize::try_from(seq.checked_sub(self.base)?).ok()?;
        self.entries.get_mut(i)
    }

    /// The number of chunks read so far.
    fn read(&self) -> u64 {
        self.base + self.entries.len() as u64
    }

    /// The number of chunks read and not yet indexed.
    fn raw(&self) -> usize {
        self.entries.iter().filter(|e| matches!(e, Entry::Raw(_))).count()
    }

    /// The first chunk read but not yet indexed, taken for indexing.
    fn claim(&mut self) -> Option<(u64, Chunk)> {
        let i = self.entries.iter().position(|e| matches!(e, Entry::Raw(_)))?;
        let entry = self.entries.get_mut(i)?;
        match std::mem::replace(entry, Entry::Indexing) {
            Entry::Raw(chunk) => Some((self.base + i as u64, chunk)),
            other => {
                *entry = other;
                None
            }
        }
    }

    /// A worker is done with chunk `seq`: the last one frees it, and the
    /// chunks every worker is done with leave the board.
    fn release(&mut self, seq: u64) {
        if let Some(Entry::Ready(_, left)) = self.entry(seq) {
            *left = left.saturating_sub(1);
            if *left == 0 {
                if let Some(Entry::Ready(chunk, _)) = self.entry(seq).map(|e| std::mem::replace(e, Entry::Done)) {
                    if let Ok(chunk) = Arc::try_unwrap(chunk) {
                        self.spare.push(chunk);
                    }
                }
            }
        }
        while matches!(self.entries.front(), Some(Entry::Done)) {
            self.entries.pop_front();
            self.base += 1;
        }
    }
}

/// What a worker does next (see [`next_task`]).
enum Task {
    /// Add its rows of this chunk (the next in order).
    Add(Arc<Chunk>),
    /// Index this chunk, then put it on the board as ready.
    Index(u64, Chunk),
    /// Read the next chunk (the calling thread only).
    Read,
    /// Every chunk is added.
    Finish,
}

/// Takes the next task of the worker whose next chunk is `next` from the
/// board, waiting until there is one. For the reader: a chunk to read
/// while fewer than [`RAW_AHEAD`] wait to be indexed; then, for every
/// worker, its next chunk when it is indexed, else a chunk to index, else
/// (for the reader) a chunk to read.
fn next_task(board: &Mutex<Board>, ready: &Condvar, next: u64, reader: bool, stop: &AtomicU64) -> Task {
    let mut b = board.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if b.failed {
            return Task::Finish;
        }
        let stopped = stop.load(Ordering::Relaxed) != u64::MAX;
        let can_read = reader && !b.done && !stopped && b.entries.len() < IN_FLIGHT;
        if can_read && b.raw() < RAW_AHEAD {
            return Task::Read;
        }
        if let Some(Entry::Ready(chunk, _)) = b.entry(next) {
            return Task::Add(Arc::clone(chunk));
        }
        if let Some((seq, chunk)) = b.claim() {
            return Task::Index(seq, chunk);
        }
        if can_read {
            return Task::Read;
        }
        if reader && stopped && !b.done {
            // In a strict read, chunks starting after an error found are
            // not read.
            b.done = true;
            ready.notify_all();
        }
        if b.done && next >= b.read() {
            return Task::Finish;
        }
        b = ready.wait(b).unwrap_or_else(PoisonError::into_inner);
    }
}

/// Ends the read for every worker when the thread it lives on unwinds (a
/// bug): the others would otherwise wait for its chunks forever.
struct Abandon<'a>(&'a Mutex<Board>, &'a Condvar);

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).failed = true;
            self.1.notify_all();
        }
    }
}

/// Reading on the calling thread, which is also the first worker; every
/// worker indexes chunks when it has no rows to add, and adds the rows of
/// its own teams of every chunk, in line order.
///
/// With a thread that only reads and indexes beside the workers, the three
/// shared two cores: the workers waited for chunks while the reader waited
/// for a core, and 10% of the two cores' time went unused.
fn parallel<R: io::Read>(
    chunks: &mut ChunkReader<R>,
    mut first: Option<Chunk>,
    cx: &Context,
    workers: Vec<Worker>,
) -> (Vec<Worker>, Option<Error>) {
    // In a strict read, the first line of an error found (chunks starting
    // after it are not read).
    let stop = AtomicU64::new(u64::MAX);
    let board =
        Mutex::new(Board { entries: Default::default(), base: 0, done: false, spare: Vec::new(), failed: false });
    let ready = Condvar::new();
    let shards = workers.len();
    let lock = || board.lock().unwrap_or_else(PoisonError::into_inner);
    // Runs worker `w` until every chunk is added; the reader reads too.
    let run = |w: &mut Worker, mut read: Option<&mut dyn FnMut() -> Result<Option<Chunk>, Error>>| {
        let _abandon = Abandon(&board, &ready);
        let (mut next, mut go, mut io_error) = (0u64, true, None);
        loop {
            match next_task(&board, &ready, next, read.is_some(), &stop) {
                Task::Add(chunk) => {
                    if go && chunk.line <= stop.load(Ordering::Relaxed) {
                        go = w.chunk(cx, &chunk);
                        if !go {
                            stop.fetch_min(w.error_line().unwrap_or(0), Ordering::Relaxed);
                        }
                    }
                    drop(chunk);
                    lock().release(next);
                    next += 1;
                }
                Task::Index(seq, mut chunk) => {
                    index_chunk(cx.plan, &mut chunk, shards);
                    if let Some(e) = lock().entry(seq) {
                        *e = Entry::Ready(Arc::new(chunk), shards);
                    }
                }
                Task::Read => {
                    let got = read.as_mut().map(|r| r());
                    let mut b = lock();
                    match got {
                        Some(Ok(Some(chunk))) => b.entries.push_back(Entry::Raw(chunk)),
                        Some(Err(e)) => {
                            io_error = Some(e);
                            b.done = true;
                        }
                        _ => b.done = true,
                    }
                }
                Task::Finish => break,
            }
            ready.notify_all();
        }
        ready.notify_all();
        io_error
    };
    let mut workers = workers.into_iter();
    let Some(mut own) = workers.next() else { return (Vec::new(), None) };
    std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .map(|mut w| {
                let run = &run;
                scope.spawn(move || {
                    run(&mut w, None);
                    w.wrap_up(cx);
                    w
                })
            })
            .collect();
        let mut read = || {
            for chunk in std::mem::take(&mut lock().spare) {
                chunks.recycle(chunk);
            }
            next_chunk(chunks, &mut first)
        };
        let io_error = run(&mut own, Some(&mut read));
        // The chunks' buffers go before the summary's text is written.
        chunks.drop_spare();
        lock().spare = Vec::new();
        own.wrap_up(cx);
        let mut all = vec![own];
        all.extend(handles.into_iter().filter_map(|h| h.join().ok()));
        (all, io_error)
    })
}

/// The parser alone, for benchmarks (see [`crate::bench_support::parse_only`]).
pub(crate) fn parse_only(csv: &[u8], shards: usize, index: usize) -> Result<(u64, f64), Error> {
    let framework = Framework::leadership_management();
    let mut chunks = ChunkReader::with_size(csv, crate::io::chunk::CHUNK);
    let (plan, mut first) = header(&mut chunks, &framework, TeamColumn::Required)?;
    let mut buf = RowBuf::new(&framework);
    let owns = owned_by(index, shards.max(1));
    let (mut rows, mut sum) = (0, 0.0);
    while let Some(chunk) = next_chunk(&mut chunks, &mut first)? {
        let data = chunk.data.get(chunk.start..).unwrap_or_default();
        let mut pos = 0;
        while let Some(rest) = data.get(pos..).filter(|r| !r.is_empty()) {
            match plan.fast_line(rest, &mut buf, owns) {
                (Fast::Row(h, row), used) => {
                    rows += 1;
                    sum += row.weight + row.strengths.iter().sum::<f64>() + (h & 1) as f64;
                    pos += used;
                }
                (Fast::Elsewhere, used) => pos += used,
                (Fast::Other, _) => pos += memchr::memchr(b'\n', rest).map_or(rest.len(), |e| e + 1),
            }
        }
    }
    Ok((rows, sum))
}

/// Reads and tallies a roster (a strict read: the first bad row, repeated
/// pair or team with unresolvable requirements is the error).
pub(crate) fn run<R: io::Read>(
    reader: R,
    builder: &ReaderBuilder,
    analyzer: &Analyzer,
    keep_ids: bool,
) -> Result<(Tally, ReadLog), Error> {
    let framework = builder.framework_ref();
    analyzer.check(framework)?;
    let mut chunks = ChunkReader::with_size(reader, builder.chunk_bytes());
    let (plan, first) = header(&mut chunks, framework, builder.team_column_value())?;
    // An input of one chunk is read on the calling thread: starting threads
    // would cost more than they save (the results are the same either way).
    let threads = if chunks.at_end() { 1 } else { builder.thread_count() };
    let mut log = ReadLog::with_unknown(plan.unknown_columns().to_vec());
    let cx = Context { plan: &plan, framework, analyzer, summary: !keep_ids };
    let mut workers: Vec<Worker> = (0..threads).map(|k| Worker::new(k, threads, &cx, keep_ids)).collect();
    let io_error = if threads == 1 {
        workers.first_mut().and_then(|w| {
            let e = sequential(&mut chunks, first, &cx, w);
            w.wrap_up(&cx);
            e
        })
    } else {
        let (w, io_error) = parallel(&mut chunks, first, &cx, workers);
        workers = w;
        io_error
    };
    if workers.len() != threads {
        return Err(io::Error::other("a reading thread failed").into());
    }
    log.add_rows(workers.iter().map(|w| w.rows).sum());
    // The first error of the file, whichever worker found it.
    let mut first: Option<(u64, Error)> = None;
    for w in workers.iter_mut() {
        let errors = w.errors.drain(..).map(|e| (e.line(), e.into_error()));
        let shard = w.shard.error.take().map(|e| (e.line().unwrap_or(0), e));
        for (line, e) in errors.chain(shard) {
            if first.as_ref().map_or(true, |(l, _)| line < *l) {
                first = Some((line, e));
            }
        }
    }
    if let Some((_, e)) = first {
        return Err(e);
    }
    if let Some(e) = io_error {
        return Err(e);
    }
    log.finish(Vec::new());
    let shards = workers.into_iter().map(|w| w.shard).collect();
    let tally = Tally::new(framework, analyzer, shards)?;
    Ok((tally, log))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Coverage, Mode, Report, Requirements, Rollups};
    use proptest::prelude::*;

    const HEADER: &str =
        "id,name,team,weight,inspire,organize,vision,execution,people,process,risk_taking,risk_management";

    /// What the in-memory path gives: `read_roster` then `Analyzer::analyze`.
    fn reference(csv: &str, reader: &ReaderBuilder, analyzer: &Analyzer) -> Result<(Report, String), String> {
        let (roster, log) = reader.read_roster(csv.as_bytes()).map_err(|e| e.to_string())?;
        let report = analyzer.analyze(&roster).map_err(|e| e.to_string())?;
        Ok((report, describe(&log)))
    }

    fn describe(log: &ReadLog) -> String {
        let skipped: Vec<String> = log.skipped().iter().map(|s| format!("{}: {}", s.line(), s.error())).collect();
        format!("rows {} kept {} unknown {:?} skipped {:?}", log.rows(), log.kept(), log.unknown_columns(), skipped)
    }

    fn streamed(csv: &str, reader: &ReaderBuilder, analyzer: &Analyzer) -> Result<(Report, String), String> {
        let (report, log) = reader.analyze(csv.as_bytes(), analyzer).map_err(|e| e.to_string())?;
        Ok((report, describe(&log)))
    }

    fn summary_bytes(csv: &str, reader: &ReaderBuilder, analyzer: &Analyzer) -> Result<Vec<u8>, String> {
        let (summary, _) = reader.summary(csv.as_bytes(), analyzer).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        summary.write_csv(&mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn report_bytes(report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        report.write_summary_csv(&mut out).unwrap();
        out
    }

    fn roster_line() -> impl Strategy<Value = String> {
        let id = prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "\"q,x\"", "", " g ", "é"]);
        // Long names that share their first 24 bytes (the head kept next to
        // a team's totals), and one that is not ASCII.
        let team = prop::sample::select(vec![
            "T",
            "U/V",
            "U/W",
            "U",
            "\"X,\"\"Y\"\"\"",
            "A//B",
            "U/V/Z",
            "Engineering-Platform-Team-A",
            "Engineering-Platform-Team-B",
            "Équipe/Nord",
        ]);
        let weight = prop::sample::select(vec!["", "1", "0.5", "0", "0.25", "2", "x", " 0.8 "]);
        let value = prop::sample::select(vec![
            "0",
            "0.25",
            "1",
            "0.7",
            "0.5",
            " 0.3 ",
            "1e-1",
            "-0",
            "0.49999999999",
            "1.5",
            "",
        ]);
        let end = prop::sample::select(vec!["\n", "\n", "\n", "\r\n", "\n\n"]);
        (id, team, weight, prop::collection::vec(value, 8), end)
            .prop_map(|(id, team, weight, values, end)| format!("{id},n,{team},{weight},{}{end}", values.join(",")))
    }

    fn roster() -> impl Strategy<Value = String> {
        prop::collection::vec(roster_line(), 0..40).prop_map(|lines| format!("{HEADER}\n{}", lines.concat()))
    }

    /// Columns in another order, an ignored one first, no name: the general
    /// fast path and the reader's line index with the team in column 3;
    /// numbers in the `d.ddd` shape and others; teams that share their
    /// first and last eight bytes, and one that is not ASCII.
    const PERMUTED: &str =
        "note,weight,team,inspire,organize,id,vision,execution,people,process,risk_taking,risk_management";

    fn permuted_line() -> impl Strategy<Value = String> {
        let id = prop::sample::select(vec!["a", "b", "c", "d", "\"q,x\"", "", " g ", "é"]);
        let team = prop::sample::select(vec![
            "Engineering-A-Platform",
            "Engineering-B-Platform",
            "Équipe/Nord",
            "T",
            " T",
            "U//V",
            "\"U,V\"",
        ]);
        let weight = prop::sample::select(vec!["", "1", "0.5", "0.250", "1.", ".5", "2"]);
        let value =
            prop::sample::select(vec!["0.123", "0.900", "1.000", "0.5", ".5", "1.", "0.1234", "0", "1.001", "x"]);
        let note = prop::sample::select(vec!["", "ok", "\"a\nb\"", "ü"]);
        let end = prop::sample::select(vec!["\n", "\n", "\r\n", "\n\n"]);
        (id, team, weight, prop::collection::vec(value, 8), note, end).prop_map(|(id, team, weight, v, note, end)| {
            format!("{note},{weight},{team},{},{},{id},{}{end}", v[0], v[1], v[2..].join(","))
        })
    }

    fn permuted() -> impl Strategy<Value = String> {
        prop::collection::vec(permuted_line(), 0..60).prop_map(|lines| format!("{PERMUTED}\n{}", lines.concat()))
    }

    /// A framework of `dims` dimensions and a roster in its standard
    /// columns: fewer poles than a team record holds, as many, and more
    /// (see `tally::INLINE`).
    fn sized() -> impl Strategy<Value = (usize, String)> {
        (1usize..8).prop_flat_map(|dims| {
            // Ids from a large set (a repeated pair ends a strict read),
            // bad values rare (so does a bad row).
            let id = (0u32..100_000).prop_map(|k| format!("m{k}"));
            let team = prop::sample::select(vec!["T", "U/V", "U", "Équipe/Nord", " T", "Engineering-Platform-Team-A"]);
            let weight = prop::sample::select(vec!["1", "0.5", "0", "0.25", "0.8"]);
            let value = prop_oneof![
                40 => prop::sample::select(vec!["0", "0.250", "1", "0.700", "0.5", "0.499", " 0.3 ", "0.61"]),
                1 => prop::sample::select(vec!["1.5", "x"]),
            ];
            let line = (id, team, weight, prop::collection::vec(value, 2 * dims))
                .prop_map(|(id, team, weight, v)| format!("{id},n,{team},{weight},{}\n", v.join(",")));
            prop::collection::vec(line, 0..60).prop_map(move |lines| {
                let poles: Vec<String> = (0..dims).map(|d| format!("l{d},m{d}")).collect();
                (dims, format!("id,name,team,weight,{}\n{}", poles.join(","), lines.concat()))
            })
        })
    }

    fn framework_of(dims: usize) -> Framework {
        let dims =
            (0..dims).map(|d| crate::Dimension::new(&format!("d{d}"), &format!("l{d}"), &format!("m{d}")).unwrap());
        Framework::new(dims.collect()).unwrap()
    }

    fn analyzers() -> Vec<Analyzer> {
        vec![
            Analyzer::new(),
            Analyzer::new().model(Coverage::Average),
            Analyzer::new()
                .model(Coverage::Pooled)
                .requirements(Requirements::new().require("U", "vision", 0.7).unwrap()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn streaming_equals_in_memory(csv in roster(), chunk in 1usize..200, threads in 1usize..4, lenient: bool) {
            let mode = if lenient { Mode::Lenient } else { Mode::Strict };
            for analyzer in analyzers() {
                let one = ReaderBuilder::new().mode(mode).threads(1);
                let expected = reference(&csv, &one, &analyzer);
                let reader = ReaderBuilder::new().mode(mode).threads(threads).chunk_size(chunk);
                let got = streamed(&csv, &reader, &analyzer);
                prop_assert_eq!(&got, &expected);
                let summary = summary_bytes(&csv, &reader, &analyzer);
                prop_assert_eq!(summary, expected.map(|(r, _)| report_bytes(&r)));
            }
        }

        #[test]
        fn frameworks_of_any_size_stream_like_in_memory((dims, csv) in sized(), chunk in 1usize..300, threads in 1usize..4) {
            let framework = framework_of(dims);
            for analyzer in [Analyzer::new(), Analyzer::new().model(Coverage::Average), Analyzer::new().model(Coverage::Pooled)] {
                let one = ReaderBuilder::new().framework(framework.clone()).threads(1);
                let expected = reference(&csv, &one, &analyzer);
                let reader = ReaderBuilder::new().framework(framework.clone()).threads(threads).chunk_size(chunk);
                prop_assert_eq!(&streamed(&csv, &reader, &analyzer), &expected);
                let summary = summary_bytes(&csv, &reader, &analyzer);
                prop_assert_eq!(summary, expected.map(|(r, _)| report_bytes(&r)));
            }
        }

        #[test]
        fn other_column_orders_stream_like_in_memory(csv in permuted(), chunk in 1usize..300, threads in 1usize..4, lenient: bool) {
            let mode = if lenient { Mode::Lenient } else { Mode::Strict };
            let analyzer = Analyzer::new();
            let expected = reference(&csv, &ReaderBuilder::new().mode(mode).threads(1), &analyzer);
            let reader = ReaderBuilder::new().mode(mode).threads(threads).chunk_size(chunk);
            prop_assert_eq!(&streamed(&csv, &reader, &analyzer), &expected);
            prop_assert_eq!(summary_bytes(&csv, &reader, &analyzer), expected.map(|(r, _)| report_bytes(&r)));
        }

        #[test]
        fn threads_do_not_change_rollups(csv in roster(), chunk in 1usize..200, lenient: bool) {
            let mode = if lenient { Mode::Lenient } else { Mode::Strict };
            let analyzer = Analyzer::new().model(Coverage::Average).rollups(Rollups::Include);
            let one = streamed(&csv, &ReaderBuilder::new().mode(mode).threads(1), &analyzer);
            for threads in [2, 3, 4] {
                let reader = ReaderBuilder::new().mode(mode).threads(threads).chunk_size(chunk);
                prop_assert_eq!(&streamed(&csv, &reader, &analyzer), &one);
                prop_assert_eq!(summary_bytes(&csv, &reader, &analyzer), one.clone().map(|(r, _)| report_bytes(&r)));
            }
            // Rollups merge the teams' totals, so sums may differ from the
            // in-memory path in the last digit; the rest is equal.
            if let (Ok((a, la)), Ok((b, lb))) = (one, reference(&csv, &ReaderBuilder::new().mode(mode), &analyzer)) {
                prop_assert_eq!(la, lb);
                prop_assert_eq!(a.len(), b.len());
                for (x, y) in a.teams().iter().zip(b.teams()) {
                    prop_assert_eq!((x.team(), x.members(), x.flags()), (y.team(), y.members(), y.flags()));
                    prop_assert!((x.direction() - y.direction()).abs() < 1e-12);
                    prop_assert!((x.control() - y.control()).abs() < 1e-12);
                    for (p, q) in x.poles().iter().zip(y.poles()) {
                        prop_assert_eq!(&p.top_contributor, &q.top_contributor);
                    }
                }
            }
        }
    }

    #[test]
    fn first_error_of_the_file_whatever_the_chunks() {
        let mut csv = format!("{HEADER}\n");
        for i in 0..2000 {
            csv.push_str(&format!("m{i},n,T{},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", i % 37));
        }
        let late_bad = csv.clone() + "x,n,T,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,nope\n";
        let dup = late_bad.replace("m1999,n,T1,", "m3,n,T3,");
        for (input, message) in [
            (&late_bad, "line 2002, column `risk_management`: `nope` is not a number"),
            (&dup, "line 2001, column `id`: `m3` is already in team `T3` at line 5"),
        ] {
            for threads in [1, 2, 4] {
                for chunk in [64, 1000, 1 << 20] {
                    let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                    let err = reader.analyze(input.as_bytes(), &Analyzer::new()).unwrap_err();
                    assert_eq!(err.to_string(), message, "threads {threads} chunk {chunk}");
                }
            }
        }
    }

    #[test]
    fn repeats_in_large_teams_are_found_whatever_the_threads() {
        // One team of 3,000 members: its filter of ids is full, so nearly
        // every row is kept aside; the first repeat is still the one named.
        let mut csv = format!("{HEADER}\n");
        for i in 0..3000 {
            csv.push_str(&format!("m{i},n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"));
        }
        csv.push_str("m2999,n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"); // line 3002
        csv.push_str("m7,n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"); // line 3003
        csv.push_str("m8,n,Other,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"); // a new pair
        for threads in [1, 2, 3] {
            for chunk in [100, 5000, 1 << 20] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let err = reader.summary(csv.as_bytes(), &Analyzer::new()).unwrap_err();
                assert_eq!(err.to_string(), "line 3002, column `id`: `m2999` is already in team `Big` at line 3001");
                // Lenient reads skip both repeats and keep the rest.
                let (report, log) = reader.mode(Mode::Lenient).analyze(csv.as_bytes(), &Analyzer::new()).unwrap();
                assert_eq!(log.skipped().iter().map(SkippedRow::line).collect::<Vec<_>>(), [3002, 3003]);
                assert_eq!(report.teams().iter().map(|t| t.members()).collect::<Vec<_>>(), [3000, 1]);
            }
        }
    }

    #[test]
    fn repeats_are_found_before_and_after_a_shard_checks_at_once() {
        // 100,000 members of one team: the team's filter is full, nearly
        // every row is kept aside, and past a point the shard moves its log
        // into a table checked at once. A repeat before that point is found
        // when the log moves, one after it at once.
        let row = |id: &str| format!("{id},n,Big,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n");
        let mut clean = format!("{HEADER}\n");
        for i in 0..100_000 {
            clean.push_str(&row(&format!("m{i}")));
        }
        let mut early = clean.clone();
        let at = early.match_indices('\n').nth(50).map(|(i, _)| i + 1).unwrap();
        early.insert_str(at, &row("m5")); // line 52, m5 being on line 7
        let late = clean.clone() + &row("m99998"); // line 100,002
        for threads in [1, 2] {
            let reader = ReaderBuilder::new().threads(threads);
            let (summary, _) = reader.summary(clean.as_bytes(), &Analyzer::new()).unwrap();
            assert_eq!(summary.len(), 1);
            let err = reader.summary(early.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(err.to_string(), "line 52, column `id`: `m5` is already in team `Big` at line 7");
            let err = reader.summary(late.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(err.to_string(), "line 100002, column `id`: `m99998` is already in team `Big` at line 100000");
        }
    }

    /// Makes worker `index` panic on a chunk holding the team
    /// `panic-in-worker-<index>` (to test that the others do not wait for
    /// it forever).
    pub(super) fn panic_if_asked(index: usize, data: &[u8]) {
        let team = format!(",panic-in-worker-{index},");
        if data.windows(team.len()).any(|w| w == team.as_bytes()) {
            panic!("worker {index} asked to panic");
        }
    }

    fn with_panicking_team(worker: usize) -> String {
        let mut csv = format!("{HEADER}\n");
        for i in 0..3_000 {
            let team = if i == 1_500 { format!("panic-in-worker-{worker}") } else { format!("T{}", i % 37) };
            csv.push_str(&format!("m{i},n,{team},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n"));
        }
        csv
    }

    #[test]
    fn a_worker_that_panics_ends_the_read_instead_of_hanging_it() {
        let csv = with_panicking_team(1);
        for threads in [2, 3] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(256);
            let err = reader.summary(csv.as_bytes(), &Analyzer::new()).unwrap_err();
            assert_eq!(err.to_string(), "read error: a reading thread failed");
        }
    }

    #[test]
    #[should_panic(expected = "worker 0 asked to panic")]
    fn the_calling_thread_panicking_does_not_hang_the_workers() {
        let csv = with_panicking_team(0);
        let _ = ReaderBuilder::new().threads(2).chunk_size(256).summary(csv.as_bytes(), &Analyzer::new());
    }

    /// Gives `data`, `step` bytes a read, then fails.
    struct FailsAfter<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl io::Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.data.is_empty() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = self.step.min(buf.len()).min(self.data.len());
            let (head, rest) = self.data.split_at(n);
            buf[..n].copy_from_slice(head);
            self.data = rest;
            Ok(n)
        }
    }

    #[test]
    fn an_io_error_after_many_chunks_ends_the_read_on_any_thread_count() {
        let mut csv = format!("{HEADER}\n");
        for i in 0..3_000 {
            csv.push_str(&format!("m{i},n,T{},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", i % 37));
        }
        for threads in [1, 2, 3, 4] {
            for chunk in [64, 4096] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let input = FailsAfter { data: csv.as_bytes(), step: 1000 };
                let err = reader.summary(input, &Analyzer::new()).unwrap_err();
                assert_eq!(err.to_string(), "read error: disk on fire", "{threads} threads, chunks of {chunk}");
            }
        }
    }

    #[test]
    fn a_repeat_before_a_bad_row_is_the_error_and_after_it_is_not() {
        let row = |id: &str, v: &str| format!("{id},n,T,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,{v}\n");
        let mut early = format!("{HEADER}\n");
        let mut late = early.clone();
        for i in 0..500 {
            early.push_str(&row(&format!("m{i}"), "0.5"));
            late.push_str(&row(&format!("m{i}"), "0.5"));
        }
        early.push_str(&row("m3", "0.5"));
        early.push_str(&row("x", "bad"));
        late.push_str(&row("x", "bad"));
        late.push_str(&row("m3", "0.5"));
        for threads in [1, 2] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(256);
            let err = reader.summary(early.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
            assert_eq!(err, "line 502, column `id`: `m3` is already in team `T` at line 5");
            let err = reader.summary(late.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
            assert_eq!(err, "line 502, column `risk_management`: `bad` is not a number");
        }
    }

    #[test]
    fn crlf_and_blank_lines_name_the_physical_line() {
        let csv = format!(
            "{HEADER}\r\n\r\na,n,T,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\r\nb,n,T,1,0.5,0.5,x,0.5,0.5,0.5,0.5,0.5\r\n"
        );
        let err = ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new()).unwrap_err();
        assert_eq!(err.to_string(), "line 4, column `vision`: `x` is not a number");
        let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "line 4, column `vision`: `x` is not a number");
    }

    #[test]
    fn sample_rosters_stream_like_in_memory() {
        for file in ["roster.csv", "roster_positions.csv"] {
            let path = format!("{}/examples/data/{file}", env!("CARGO_MANIFEST_DIR"));
            let csv = std::fs::read_to_string(path).unwrap();
            for analyzer in analyzers() {
                let expected = reference(&csv, &ReaderBuilder::new(), &analyzer);
                assert!(expected.is_ok(), "{file}");
                for (threads, chunk) in [(1, 0), (2, 100), (3, 7)] {
                    let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                    assert_eq!(streamed(&csv, &reader, &analyzer), expected, "{file} {threads} {chunk}");
                }
            }
        }
    }

    #[test]
    fn fields_past_64_kib_stream_like_in_memory() {
        // The reader passes field offsets of 16 bits: a line whose name or
        // team ends past them takes the hashed path, in any chunk.
        let long = "x".repeat(70_000);
        let mut csv = format!("{HEADER}\n");
        for (i, (name, team)) in
            [("n", "T"), (&long[..], "T"), ("n", &long[..]), (&long[..], "U"), ("n", "U")].into_iter().enumerate()
        {
            csv.push_str(&format!("m{i},{name},{team},1,0.5,0.6,0.7,0.8,0.9,0.1,0.2,0.3\n"));
        }
        for analyzer in analyzers() {
            let expected = reference(&csv, &ReaderBuilder::new(), &analyzer);
            assert!(expected.is_ok());
            for (threads, chunk) in [(2, 64), (2, 100_000), (3, 1 << 20)] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                assert_eq!(streamed(&csv, &reader, &analyzer), expected, "{threads} {chunk}");
                let summary = summary_bytes(&csv, &reader, &analyzer);
                assert_eq!(summary, expected.clone().map(|(r, _)| report_bytes(&r)), "{threads} {chunk}");
            }
        }
    }

    #[test]
    fn pools_stream_like_in_memory() {
        let with_teams = format!("{HEADER}\na,n,,1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\nb,n,T,1,0.9,0.5,0.5,0.5,0.5,0.5,0.5,0.5\nc,n,,0.5,1,0,1,0,1,0,1,0\n");
        let without = "id,purpose,horizon,focus,risk\na,1,0,0,-1\nb,0,0,0,0\n".to_string();
        for csv in [with_teams, without] {
            for threads in [1, 2] {
                let reader =
                    ReaderBuilder::new().team_column(crate::TeamColumn::Optional).threads(threads).chunk_size(16);
                let expected = reference(&csv, &reader.clone().threads(1), &Analyzer::new());
                assert!(expected.is_ok());
                assert_eq!(streamed(&csv, &reader, &Analyzer::new()), expected);
            }
        }
    }

    #[test]
    fn stray_quotes_fail_strict_reads_like_read_roster() {
        let row = |i: usize, quote: bool| {
            format!("m{i},{}Member {i},T{},1,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5\n", if quote { "\"" } else { "" }, i % 7)
        };
        for (first, second) in [(40, Some(90)), (40, None), (3, Some(4))] {
            let mut csv = format!("{HEADER}\n");
            for i in 0..150 {
                csv.push_str(&row(i, i == first || Some(i) == second));
            }
            let expected = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err().to_string();
            for (threads, chunk) in [(1, 0), (2, 64), (4, 300)] {
                let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
                let got = reader.analyze(csv.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
                assert_eq!(got, expected, "{first} {second:?} {threads} {chunk}");
                let got = reader.summary(csv.as_bytes(), &Analyzer::new()).unwrap_err().to_string();
                assert_eq!(got, expected);
            }
        }
    }

    #[test]
    fn quoted_line_breaks_stream_like_read_roster() {
        let mut csv = format!("{HEADER}\n");
        for i in 0..60 {
            let name = if i % 7 == 3 { format!("\"Member\n{i}\"") } else { format!("Member {i}") };
            csv.push_str(&format!("m{i},{name},T{},1,0.5,0.{i},0.5,0.5,0.5,0.5,0.5,0.5\n", i % 5));
        }
        let expected = reference(&csv, &ReaderBuilder::new().threads(1), &Analyzer::new());
        assert!(expected.is_ok(), "{expected:?}");
        for (threads, chunk) in [(1, 0), (2, 50), (3, 200)] {
            let reader = ReaderBuilder::new().threads(threads).chunk_size(chunk);
            assert_eq!(streamed(&csv, &reader, &Analyzer::new()), expected, "{threads} {chunk}");
        }
    }

    #[test]
    fn no_header_and_header_only() {
        let err = ReaderBuilder::new().analyze(&b"\n \n"[..], &Analyzer::new()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NoHeader));
        let (report, log) = ReaderBuilder::new().analyze(HEADER.as_bytes(), &Analyzer::new()).unwrap();
        assert!(report.is_empty());
        assert_eq!(log.rows(), 0);
    }
}
