//! The streaming, parallel read of a roster: rows parsed on every core and
//! handed, in line order per team, to a [`RowSink`] per worker (the
//! engine's shards).
//!
//! The calling thread reads the input in chunks of whole records
//! ([`crate::io::chunk`]) and is the first worker; the other workers run on
//! threads of their own. For a chunk without quotes or carriage returns
//! (the usual case) a worker with no rows to add indexes it: where every
//! line starts and which worker owns it, the one whose shard holds the hash
//! of the row's team ([`owner_key`]); with the standard columns, where the
//! id and the team lie too ([`TeamAt`]). Every worker sees every chunk, in
//! order, and parses and adds only its own rows, asking for the bytes of
//! the rows a few dozen lines ahead first and letting the sink ask for what
//! they will touch (a chunk with quotes is read whole by every worker, each
//! keeping its own rows). So each team sees its rows in line order, on one
//! thread: the output does not depend on the number of threads. When the
//! input ends, each worker finishes its sink on its own thread.

use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use crate::error::{Error, ValueProblem};
use crate::io::chunk::{Chunk, Lines, TeamAt, IN_FLIGHT};
use crate::io::read::{is_blank, owner_key, Fast, Mode, Plan, ReadLog, ReaderBuilder, RowBuf, SkippedRow};
use crate::io::records::{has_quote, Records};
use crate::io::source::Source;
use crate::model::framework::Framework;
use crate::util::prefetch::prefetch;

/// What a worker does with the rows it owns: the seam between reading and
/// the engine. Rows come in line order; the worker owns every row whose
/// team hash [`shard_of`] maps to it.
pub(crate) trait RowSink: Send {
    /// Adds a clean row. An error is the row's (a repeated pair): it ends a
    /// strict read, and a lenient one skips the row.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        line: u64,
        team_hash: u64,
        team: &[u8],
        id: &[u8],
        weight: f64,
        strengths: &[f64],
    ) -> Result<(), Error>;

    /// Called before row `r` of rows whose team hashes are `keys`: a hint
    /// to ask for what the rows ahead will touch.
    fn touch_ahead(&self, _keys: &[u64], _r: usize) {}

    /// Once every row is in, on the worker's thread (`failed`: the read
    /// ends in an error): the first error found only now (a strict read's
    /// repeated pair), if any.
    fn finish(&mut self, failed: bool) -> Option<Error>;
}

/// The shard of a team hash among `shards`.
pub(crate) fn shard_of(team_hash: u64, shards: usize) -> usize {
    ((u128::from(team_hash >> 32) * shards as u128) >> 32) as usize
}

/// Parsed rows bound for one worker's sink, in line order.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    lines: Vec<u64>,
    team_hash: Vec<u64>,
    /// Team then id bytes of every row.
    text: Vec<u8>,
    /// Per row: the end of its team and of its id in `text`.
    ends: Vec<(usize, usize)>,
    /// Per row: weight then one strength per pole.
    nums: Vec<f64>,
}

impl Batch {
    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// Empties the rows, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.lines.clear();
        self.team_hash.clear();
        self.text.clear();
        self.ends.clear();
        self.nums.clear();
    }

    /// Appends a parsed row.
    pub(crate) fn push(&mut self, line: u64, team_hash: u64, team: &[u8], id: &[u8], weight: f64, strengths: &[f64]) {
        self.lines.push(line);
        self.team_hash.push(team_hash);
        self.text.extend_from_slice(team);
        let team_end = self.text.len();
        self.text.extend_from_slice(id);
        self.ends.push((team_end, self.text.len()));
        self.nums.push(weight);
        self.nums.extend_from_slice(strengths);
    }
}

/// What every worker reads with.
struct Context<'a> {
    plan: &'a Plan,
    mode: Mode,
    poles: usize,
}

/// One thread's share of the work: the rows whose team's [`owner_key`]
/// falls in shard `index` of `shards`.
struct Worker<S> {
    index: usize,
    shards: usize,
    sink: S,
    /// The data rows this worker owns.
    rows: u64,
    /// Bad rows: in a strict read the first one only, in a lenient one
    /// every skipped row (parse errors and the sink's).
    errors: Vec<SkippedRow>,
    /// The sink's error that ends a strict read.
    fatal: Option<Error>,
    buf: RowBuf,
    rec: csv::ByteRecord,
    /// Clean rows waiting to be added together (see [`Worker::flush`]).
    batch: Batch,
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

/// A parsed row: line, team hash, team, id, weight, strengths.
type Row<'r> = (u64, u64, &'r [u8], &'r [u8], f64, &'r [f64]);

/// Adds `row` to `sink`: an error of the sink skips the row (lenient) or
/// becomes `fatal` (strict, then `false`).
#[inline]
fn add_to<S: RowSink>(
    sink: &mut S,
    errors: &mut Vec<SkippedRow>,
    fatal: &mut Option<Error>,
    mode: Mode,
    (line, h, team, id, weight, strengths): Row<'_>,
) -> bool {
    match sink.add(line, h, team, id, weight, strengths) {
        Ok(()) => true,
        Err(e) if mode == Mode::Lenient => {
            errors.push(SkippedRow::new(line, e));
            true
        }
        Err(e) => {
            *fatal = Some(e);
            false
        }
    }
}

impl<S: RowSink> Worker<S> {
    fn new(index: usize, shards: usize, framework: &Framework, sink: S) -> Worker<S> {
        Worker {
            index,
            shards,
            sink,
            rows: 0,
            errors: Vec::new(),
            fatal: None,
            buf: RowBuf::new(framework),
            rec: csv::ByteRecord::new(),
            batch: Batch::default(),
        }
    }

    /// The sink's work once every row is in (see [`RowSink::finish`]).
    fn wrap_up(&mut self, cx: &Context) {
        self.flush(cx);
        let failed = self.failed(cx);
        if let Some(e) = self.sink.finish(failed) {
            let earlier = match (self.fatal.as_ref().and_then(Error::line), e.line()) {
                (Some(l), Some(m)) => m < l,
                (None, _) => true,
                _ => false,
            };
            if earlier {
                self.fatal = Some(e);
            }
        }
    }

    /// Whether a strict read must stop: an error was found.
    fn failed(&self, cx: &Context) -> bool {
        cx.mode == Mode::Strict && (!self.errors.is_empty() || self.fatal.is_some())
    }

    /// The line of this worker's first error (strict reads).
    fn error_line(&self) -> Option<u64> {
        let parse = self.errors.first().map(SkippedRow::line);
        let sink = self.fatal.as_ref().and_then(Error::line);
        parse.into_iter().chain(sink).min()
    }

    /// Adds the rows parsed so far; `false` when a strict read must stop.
    fn flush(&mut self, cx: &Context) -> bool {
        if self.failed(cx) {
            self.batch.clear();
            return false;
        }
        let batch = std::mem::take(&mut self.batch);
        let stride = 1 + cx.poles;
        let mut from = 0;
        for (r, (&(team_end, id_end), &line)) in batch.ends.iter().zip(&batch.lines).enumerate() {
            self.sink.touch_ahead(&batch.team_hash, r);
            let team = batch.text.get(from..team_end).unwrap_or_default();
            let id = batch.text.get(team_end..id_end).unwrap_or_default();
            from = id_end;
            let h = batch.team_hash.get(r).copied().unwrap_or(0);
            let nums = batch.nums.get(r * stride..(r + 1) * stride).unwrap_or_default();
            let Some((&weight, strengths)) = nums.split_first() else { continue };
            if !self.add(cx, line, h, team, id, weight, strengths) {
                break;
            }
        }
        self.batch = batch;
        self.batch.clear();
        !self.failed(cx)
    }

    /// Adds one parsed row to the sink; `false` when a strict read must stop.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn add(&mut self, cx: &Context, line: u64, h: u64, team: &[u8], id: &[u8], weight: f64, strengths: &[f64]) -> bool {
        add_to(&mut self.sink, &mut self.errors, &mut self.fatal, cx.mode, (line, h, team, id, weight, strengths))
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
                None if cx.mode == Mode::Lenient && records.in_reread(line) && has_quote(&rec) => {
                    // The rest of a bad record over several lines.
                    let e = cx.plan.first_field_err(&rec, line, |_, f| f.contains(&b'"'), ValueProblem::StrayQuote);
                    if shard_of(cx.plan.record_owner_key(&rec), self.shards) == self.index {
                        self.rows += 1;
                        self.errors.push(SkippedRow::new(line, e));
                    }
                    records.reread();
                    true
                }
                None => {
                    let (go, malformed) = self.record(cx, &rec, line);
                    if malformed && cx.mode == Mode::Lenient {
                        records.reread();
                    }
                    go
                }
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
    /// dozen lines ahead asked for first (see [`RowSink::touch_ahead`] and
    /// [`touch_line`]).
    fn indexed(&mut self, cx: &Context, data: &[u8], first: u64, lines: &Lines) -> bool {
        if !self.flush(cx) {
            return false;
        }
        let owns = owned_by(self.index, self.shards);
        let rows = lines.at.iter().zip(&lines.delta).zip(lines.key.iter().zip(&lines.team));
        for (i, ((&at, &delta), (&key, &team))) in rows.enumerate() {
            self.sink.touch_ahead(&lines.key, i);
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
                    let row = (line, h, row.team, row.id, row.weight, row.strengths);
                    if !add_to(&mut self.sink, &mut self.errors, &mut self.fatal, cx.mode, row) {
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
        let (go, _) = self.record(cx, &rec, line);
        self.rec = rec;
        go
    }

    /// One record through [`Plan::parse`]: kept by the owner of its team
    /// (a bad row by the owner of its team field, see
    /// [`Plan::record_owner_key`]). Returns whether the read goes on, and
    /// whether the record is malformed (whoever owns it).
    fn record(&mut self, cx: &Context, rec: &csv::ByteRecord, line: u64) -> (bool, bool) {
        if !self.flush(cx) {
            return (false, false);
        }
        let owner = |key: u64| shard_of(key, self.shards);
        match cx.plan.parse(rec, line, &mut self.buf) {
            Ok(row) => {
                let h = owner_key(row.team.as_bytes());
                if owner(h) != self.index {
                    return (true, false);
                }
                self.rows += 1;
                let row = (line, h, row.team.as_bytes(), row.id.as_bytes(), row.weight, row.strengths);
                add_to(&mut self.sink, &mut self.errors, &mut self.fatal, cx.mode, row);
            }
            Err(e) => {
                if owner(cx.plan.record_owner_key(rec)) != self.index {
                    return (true, true);
                }
                self.rows += 1;
                self.errors.push(SkippedRow::new(line, e));
                return (!self.failed(cx), true);
            }
        }
        (!self.failed(cx), false)
    }
}

/// Everything on the calling thread.
fn sequential<R: io::Read, S: RowSink>(source: &mut Source<R>, cx: &Context, worker: &mut Worker<S>) -> Option<Error> {
    loop {
        match source.next() {
            Ok(Some(chunk)) => {
                let go = worker.chunk(cx, &chunk);
                source.recycle(chunk);
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
fn parallel<R: io::Read, S: RowSink>(
    source: &mut Source<R>,
    cx: &Context,
    workers: Vec<Worker<S>>,
) -> (Vec<Worker<S>>, Option<Error>) {
    // In a strict read, the first line of an error found (chunks starting
    // after it are not read).
    let stop = AtomicU64::new(u64::MAX);
    let board =
        Mutex::new(Board { entries: Default::default(), base: 0, done: false, spare: Vec::new(), failed: false });
    let ready = Condvar::new();
    let shards = workers.len();
    let lock = || board.lock().unwrap_or_else(PoisonError::into_inner);
    // Runs worker `w` until every chunk is added; the reader reads too.
    let run = |w: &mut Worker<S>, mut read: Option<&mut dyn FnMut() -> Result<Option<Chunk>, Error>>| {
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
                source.recycle(chunk);
            }
            source.next()
        };
        let io_error = run(&mut own, Some(&mut read));
        // The chunks' buffers go before the summary's text is written.
        source.drop_spare();
        lock().spare = Vec::new();
        own.wrap_up(cx);
        let mut all = vec![own];
        all.extend(handles.into_iter().filter_map(|h| h.join().ok()));
        (all, io_error)
    })
}

/// The parser alone, for benchmarks (`bench_support::parse_only`).
pub(crate) fn parse_only(csv: &[u8], shards: usize, index: usize) -> Result<(u64, f64), Error> {
    let framework = Framework::leadership_management();
    let mut source = Source::open(csv, &ReaderBuilder::new(), &framework)?;
    let mut buf = RowBuf::new(&framework);
    let owns = owned_by(index, shards.max(1));
    let (mut rows, mut sum) = (0, 0.0);
    let plan = source.plan().clone();
    while let Some(chunk) = source.next()? {
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

/// Reads `reader` with `builder`'s options, each worker's rows going to
/// its sink (`sinks`: one per worker; one worker when the input fits one
/// chunk, and the others are dropped). Returns the sinks, in worker order,
/// and the log: in a lenient read every skipped row in line order; a strict
/// read ends with its first error in line order, whichever worker found it.
pub(crate) fn run<R: io::Read, S: RowSink>(
    reader: R,
    builder: &ReaderBuilder,
    framework: &Framework,
    mut sinks: Vec<S>,
) -> Result<(Vec<S>, ReadLog), Error> {
    let mode = builder.mode_value();
    let mut source = Source::open(reader, builder, framework)?;
    // An input of one chunk is read on the calling thread: starting threads
    // would cost more than they save (the results are the same either way).
    let threads = if source.all_read() { 1 } else { sinks.len().max(1) };
    sinks.truncate(threads);
    let plan = source.plan().clone();
    let mut log = ReadLog::with_unknown(plan.unknown_columns().to_vec());
    log.set_delimiter(b',');
    let cx = Context { plan: &plan, mode, poles: framework.pole_count() };
    let mut workers: Vec<Worker<S>> =
        sinks.into_iter().enumerate().map(|(k, sink)| Worker::new(k, threads, framework, sink)).collect();
    let io_error = if threads == 1 {
        workers.first_mut().and_then(|w| {
            let e = sequential(&mut source, &cx, w);
            w.wrap_up(&cx);
            e
        })
    } else {
        let (w, io_error) = parallel(&mut source, &cx, workers);
        workers = w;
        io_error
    };
    if workers.len() != threads {
        return Err(io::Error::other("a reading thread failed").into());
    }
    log.add_rows(workers.iter().map(|w| w.rows).sum());
    if mode == Mode::Lenient {
        if let Some(e) = io_error {
            return Err(e);
        }
        // Every worker's skipped rows, in line order.
        let mut skipped: Vec<SkippedRow> = Vec::new();
        for w in workers.iter_mut() {
            skipped.append(&mut w.errors);
            if let Some(e) = w.fatal.take() {
                return Err(e);
            }
        }
        skipped.sort_by_key(SkippedRow::line);
        log.finish(skipped);
    } else {
        // The first error of the file, whichever worker found it.
        let mut first: Option<(u64, Error)> = None;
        for w in workers.iter_mut() {
            let errors = w.errors.drain(..).map(|e| (e.line(), e.into_error()));
            let fatal = w.fatal.take().map(|e| (e.line().unwrap_or(0), e));
            for (line, e) in errors.chain(fatal) {
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
    }
    Ok((workers.into_iter().map(|w| w.sink).collect(), log))
}

#[cfg(test)]
pub(crate) mod tests {
    /// Panics when a chunk holds the team `panic-in-worker-{index}`: how the
    /// tests check that a worker that panics ends the read.
    pub(crate) fn panic_if_asked(index: usize, data: &[u8]) {
        let team = format!(",panic-in-worker-{index},");
        if data.windows(team.len()).any(|w| w == team.as_bytes()) {
            panic!("worker {index} asked to panic");
        }
    }
}
