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

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::sync::{Arc, Condvar, Mutex};

use crate::analysis::Analyzer;
use crate::chunk::{hash_bytes, Chunk, ChunkReader, Records};
use crate::error::{Error, ErrorKind};
use crate::framework::Framework;
use crate::read::{is_blank, Mode, Plan, ReadLog, ReaderBuilder, RowBuf, SkippedRow, TeamColumn};
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
    let mut fields: Vec<&str> = Vec::new();
    while let Some((line, plain)) = records.next_line(&mut rec) {
        if let Some(text) = plain {
            if text.trim_ascii().is_empty() && memchr::memchr(b',', text).is_none() {
                continue; // an empty line: one field of white space only
            }
            out.count += 1;
            if let Ok(line_text) = std::str::from_utf8(text) {
                fields.clear();
                let mut from = 0;
                for comma in memchr::memchr_iter(b',', text) {
                    fields.push(line_text.get(from..comma).unwrap_or_default());
                    from = comma + 1;
                }
                fields.push(line_text.get(from..).unwrap_or_default());
                if let Some(row) = plan.parse_plain(&fields, &mut buf) {
                    let h = hash_bytes(row.team.as_bytes());
                    if let Some(rows) = out.rows.get_mut(shard_of(h, shards)) {
                        rows.push(line, h, row.team, row.id, row.weight, row.strengths);
                    }
                    continue;
                }
            }
            rec.clear();
            for field in text.split(|&b| b == b',') {
                rec.push_field(field);
            }
        } else if is_blank(&rec, false) {
            continue;
        } else {
            out.count += 1;
        }
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

/// What the rows of the input gave besides the shards' totals.
#[derive(Default)]
struct Outcome {
    rows: u64,
    /// Bad rows found while parsing (in strict mode only the first of a chunk).
    errors: Vec<SkippedRow>,
    io_error: Option<Error>,
}

impl Outcome {
    fn take(&mut self, parsed: &mut Parsed, lenient: bool) -> bool {
        self.rows += parsed.count;
        let bad = !parsed.errors.is_empty();
        self.errors.append(&mut parsed.errors);
        bad && !lenient
    }
}

/// Everything on the calling thread: parse a chunk, add its rows.
fn sequential<R: io::Read>(
    chunks: &mut ChunkReader<R>,
    first: Option<Chunk>,
    plan: &Plan,
    framework: &Framework,
    analyzer: &Analyzer,
    lenient: bool,
    shard: &mut Shard,
) -> Outcome {
    let mut out = Outcome::default();
    let mut parsed = Parsed::new(1);
    let mut next = first;
    loop {
        let chunk = match next.take() {
            Some(c) => c,
            None => match chunks.next_chunk() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    out.io_error = Some(e);
                    break;
                }
            },
        };
        parse_chunk(plan, framework, &chunk, lenient, &mut parsed);
        chunks.recycle(chunk);
        for rows in &parsed.rows {
            shard.add_rows(rows, framework, analyzer, lenient);
        }
        let stop = out.take(&mut parsed, lenient);
        if stop || (!lenient && shard.error.is_some()) {
            break;
        }
    }
    out
}

/// The state the threads of [`parallel`] share.
struct Pipeline {
    /// Chunks read, waiting to be parsed, with their number.
    to_parse: VecDeque<(u64, Chunk)>,
    /// Parsed chunks some shard has not added yet, with how many have not.
    parsed: BTreeMap<u64, (Arc<Parsed>, usize)>,
    /// The next chunk each shard adds.
    next: Vec<u64>,
    /// The shards, `None` while a thread adds to it.
    shards: Vec<Option<Box<Shard>>>,
    /// Chunks read and not yet added by every shard.
    in_flight: usize,
    reading_done: bool,
    /// A row error in strict mode: read no further.
    stop: bool,
    spare_chunks: Vec<Vec<u8>>,
    spare_parsed: Vec<Parsed>,
    outcome: Outcome,
}

/// What a worker does next.
enum Task {
    Add(usize, Box<Shard>, u64, Arc<Parsed>),
    Parse(u64, Chunk, Parsed),
    Wait,
    Done,
}

impl Pipeline {
    fn task(&mut self, threads: usize) -> Task {
        // Adding first: it frees memory and unblocks the reader.
        for k in 0..self.shards.len() {
            let Some(&seq) = self.next.get(k) else { continue };
            let Some((p, _)) = self.parsed.get(&seq) else { continue };
            let p = Arc::clone(p);
            if let Some(shard) = self.shards.get_mut(k).and_then(Option::take) {
                return Task::Add(k, shard, seq, p);
            }
        }
        if let Some((seq, chunk)) = self.to_parse.pop_front() {
            let parsed = self.spare_parsed.pop().unwrap_or_else(|| Parsed::new(threads));
            return Task::Parse(seq, chunk, parsed);
        }
        if self.reading_done && self.in_flight == 0 {
            Task::Done
        } else {
            Task::Wait
        }
    }
}

/// Reading on the calling thread, parsing and adding on `threads` workers.
#[allow(clippy::too_many_arguments)]
fn parallel<R: io::Read>(
    chunks: &mut ChunkReader<R>,
    first: Option<Chunk>,
    plan: &Plan,
    framework: &Framework,
    analyzer: &Analyzer,
    lenient: bool,
    shards: Vec<Shard>,
    threads: usize,
) -> (Vec<Shard>, Outcome) {
    let n_shards = shards.len();
    let state = Mutex::new(Pipeline {
        to_parse: VecDeque::new(),
        parsed: BTreeMap::new(),
        next: vec![0; n_shards],
        shards: shards.into_iter().map(|s| Some(Box::new(s))).collect(),
        in_flight: 0,
        reading_done: false,
        stop: false,
        spare_chunks: Vec::new(),
        spare_parsed: Vec::new(),
        outcome: Outcome::default(),
    });
    let changed = Condvar::new();
    let limit = threads + 2;
    let lock = || state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut guard = lock();
                loop {
                    match guard.task(n_shards) {
                        Task::Done => break,
                        Task::Wait => {
                            guard = changed.wait(guard).unwrap_or_else(std::sync::PoisonError::into_inner);
                        }
                        Task::Parse(seq, chunk, mut parsed) => {
                            drop(guard);
                            parse_chunk(plan, framework, &chunk, lenient, &mut parsed);
                            guard = lock();
                            guard.spare_chunks.push(chunk.data);
                            if guard.outcome.take(&mut parsed, lenient) {
                                guard.stop = true;
                            }
                            guard.parsed.insert(seq, (Arc::new(parsed), n_shards));
                            changed.notify_all();
                        }
                        Task::Add(k, mut shard, seq, parsed) => {
                            drop(guard);
                            if let Some(rows) = parsed.rows.get(k) {
                                shard.add_rows(rows, framework, analyzer, lenient);
                            }
                            drop(parsed);
                            guard = lock();
                            if !lenient && shard.error.is_some() {
                                guard.stop = true;
                            }
                            if let Some(slot) = guard.shards.get_mut(k) {
                                *slot = Some(shard);
                            }
                            if let Some(n) = guard.next.get_mut(k) {
                                *n += 1;
                            }
                            let finished = match guard.parsed.get_mut(&seq) {
                                Some((_, left)) => {
                                    *left -= 1;
                                    *left == 0
                                }
                                None => false,
                            };
                            if finished {
                                if let Some((p, _)) = guard.parsed.remove(&seq) {
                                    if let Ok(p) = Arc::try_unwrap(p) {
                                        guard.spare_parsed.push(p);
                                    }
                                }
                                guard.in_flight -= 1;
                            }
                            changed.notify_all();
                        }
                    }
                }
            });
        }
        // This thread reads, keeping at most `limit` chunks in flight.
        let mut next = first;
        let mut seq = 0;
        loop {
            let mut guard = lock();
            while guard.in_flight >= limit && !guard.stop {
                guard = changed.wait(guard).unwrap_or_else(std::sync::PoisonError::into_inner);
            }
            if guard.stop {
                break;
            }
            for buf in guard.spare_chunks.drain(..) {
                chunks.recycle(Chunk { data: buf, start: 0, line: 0 });
            }
            drop(guard);
            let chunk = match next.take() {
                Some(c) => c,
                None => match chunks.next_chunk() {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    Err(e) => {
                        lock().outcome.io_error = Some(e);
                        break;
                    }
                },
            };
            let mut guard = lock();
            guard.to_parse.push_back((seq, chunk));
            guard.in_flight += 1;
            seq += 1;
            changed.notify_all();
        }
        lock().reading_done = true;
        changed.notify_all();
    });
    let pipeline = state.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    (pipeline.shards.into_iter().flatten().map(|s| *s).collect(), pipeline.outcome)
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
    let mut chunks = ChunkReader::with_size(reader, builder.chunk_bytes());
    let (plan, first) = header(&mut chunks, framework, builder.team_column_value())?;
    let mut log = ReadLog::with_unknown(plan.unknown_columns().to_vec());
    let mut shards: Vec<Shard> = (0..threads).map(|_| Shard::new(framework, analyzer, keep_ids)).collect();
    let outcome = if threads == 1 {
        match shards.first_mut() {
            Some(shard) => sequential(&mut chunks, first, &plan, framework, analyzer, lenient, shard),
            None => Outcome::default(),
        }
    } else {
        let (s, outcome) = parallel(&mut chunks, first, &plan, framework, analyzer, lenient, shards, threads);
        shards = s;
        outcome
    };
    log.add_rows(outcome.rows);
    let mut skipped = outcome.errors;
    if !lenient {
        let mut first: Option<(u64, Error)> = None;
        for e in skipped.drain(..) {
            if first.as_ref().map_or(true, |(l, _)| e.line() < *l) {
                first = Some((e.line(), e.into_error()));
            }
        }
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
    if let Some(e) = outcome.io_error {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Coverage, Report, Requirements, Rollups};
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
        let id = prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "\"q,x\"", "", " g "]);
        let team = prop::sample::select(vec!["T", "U/V", "U/W", "U", "\"X,\"\"Y\"\"\"", "A//B", "U/V/Z"]);
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
