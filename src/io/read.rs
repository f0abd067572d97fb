//! Reading rosters from CSV.
//!
//! The reader is header-driven: names are trimmed and matched without regard
//! to case, columns come in any order, and each dimension is given either as
//! its two pole columns (`vision`, `execution`) or as a position column named
//! after the dimension (`horizon`, in [-1, 1]) with an optional
//! `<dimension>_intensity` column (in [0, 1], default 1).

use std::io;

use crate::error::{Error, ErrorKind, Range, ValueProblem};
use crate::io::chunk::TeamAt;
use crate::io::delimiter::Delimiter;
use crate::io::hierarchy::Hierarchy;
use crate::io::mapping::{ColumnMap, Key};
use crate::io::number::{decimals, fast_number};
pub use crate::io::readlog::{ReadLog, SkippedRow};
pub(crate) use crate::io::row::Row;
use crate::model::framework::Framework;
use crate::model::member::{check_number, strengths_from_position};
use crate::model::pairs::PairCheck;
use crate::model::roster::Roster;
use crate::model::team;

/// The most threads a read uses.
const MAX_THREADS: usize = 64;

/// What to do with a bad row.
///
/// ```
/// use rolebalance::{Mode, ReaderBuilder};
/// let csv = "id,team,purpose,horizon,focus,risk\na,T,0,0,0,0\nb,T,0,9,0,0\n";
/// assert!(ReaderBuilder::new().mode(Mode::Strict).read_roster(csv.as_bytes()).is_err());
/// let (roster, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
/// assert_eq!((roster.len(), log.skipped().len()), (1, 1));
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The first bad row fails the whole read; nothing is reported.
    #[default]
    Strict,
    /// Bad rows are skipped and listed in [`ReadLog::skipped`] with their
    /// line and error; every good row is kept. Header and I/O errors still
    /// fail the read.
    Lenient,
}

/// Whether rows must name their team.
///
/// ```
/// use rolebalance::{ReaderBuilder, TeamColumn};
/// let csv = "id,purpose,horizon,focus,risk\nana,1,0,0,-1\n";
/// assert!(ReaderBuilder::new().read_roster(csv.as_bytes()).is_err());
/// let (pool, _) = ReaderBuilder::new().team_column(TeamColumn::Optional).read_roster(csv.as_bytes())?;
/// assert_eq!(pool.get(0).unwrap().team(), "");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum TeamColumn {
    /// A roster: the `team` column is required and no cell may be empty.
    #[default]
    Required,
    /// A pool of people not yet in teams: the `team` column may be absent,
    /// and an empty cell gives a member whose team is the empty string
    /// (a non-empty cell is still checked as a team path). For
    /// [`Formation`](crate::Formation) a non-empty team pins the member;
    /// [`ReaderBuilder::analyze`] reports the members without a team as one
    /// team named by the empty string.
    Optional,
}

impl ReadLog {
    /// Counts one data row at `line` with the outcome of reading it: kept,
    /// skipped (lenient mode, any error but I/O) or the read's error.
    pub(crate) fn record(&mut self, mode: Mode, line: u64, result: Result<(), Error>) -> Result<(), Error> {
        self.rows += 1;
        match result {
            Ok(()) => self.kept += 1,
            Err(e) if mode == Mode::Lenient && !matches!(e.kind(), ErrorKind::Io(_)) => {
                self.skipped.push(SkippedRow { line, error: e });
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
}

/// Reads rosters from CSV.
///
/// Defaults: the article's framework ([`Framework::leadership_management`]),
/// [`Mode::Strict`], [`TeamColumn::Required`], no column mapping
/// ([`ReaderBuilder::columns`]), the delimiter detected from the header
/// ([`Delimiter::Auto`]), teams from the `team` column (no
/// [`ReaderBuilder::hierarchy`]), as many threads as the
/// machine runs at once ([`ReaderBuilder::threads`]) and chunks of 512 KiB
/// ([`ReaderBuilder::chunk_size`]).
///
/// # Format
///
/// - `id` and `team` are required (`team` may be absent or empty with
///   [`TeamColumn::Optional`]); `name` and `weight` (default 1) are
///   optional; other unknown columns are ignored and listed in
///   [`ReadLog::unknown_columns`].
/// - Every dimension is given in one of two forms, chosen per dimension.
/// - Cells are trimmed. Numbers use Rust's `f64` syntax (`0.5`, `.5`,
///   `5e-1`); no thousands separator, decimal comma or percent sign. An
///   empty `name`, `weight` or intensity takes its default; an empty cell
///   anywhere else is an error. `-0` reads as 0.
/// - Team paths use `/` between levels; an empty segment (`A//B`, `/A`,
///   `A/`) is an error.
/// - Empty lines (and lines of white space only) are skipped. A UTF-8
///   byte-order mark, CRLF line ends and RFC 4180 quoting are accepted.
/// - Where a row has several faults, the first column in header order is
///   reported; a row with the wrong number of fields is reported as such.
/// - Rows are numbered by the line they start on (the header's line counts,
///   and so do empty lines and line breaks inside quotes).
/// - A line break inside a quoted field (RFC 4180) is kept in free text: the
///   `name` column and ignored columns, as long as no line after the break
///   holds a comma. Anywhere else, and in free text whose later lines hold a
///   comma, it is an error ([`ValueProblem::LineBreak`]): an unclosed quote
///   would otherwise swallow the rows after it, silently where the field
///   count happens to come out right. In [`Mode::Lenient`]
///   such a row is skipped with its first line only, and the lines after
///   that are read again as rows, so the rows a stray quote swallowed are
///   kept. Among the lines read again, a row with a quote in a field is the
///   rest of a genuine multi-line field (its closing quote) or the row that
///   closed a stray quote: it is skipped too ([`ValueProblem::StrayQuote`]),
///   so that no row is ever made up of the end of another. A well-formed
///   row over several lines that is skipped for what it says (an id already
///   in its team) is skipped whole: its lines are not read again.
///
/// # Examples
///
/// ```
/// use rolebalance::{Mode, ReaderBuilder};
/// let csv = "\
/// id,team,weight,purpose,horizon,horizon_intensity,people,process,risk,notes
/// ana,Acme/Core,1,0.8,0.5,0.9,0.7,0.2,0.6,hello
/// bo,Acme/Core,0.5,-1,-0.5,,0.3,0.9,-0.8,
/// cy,Acme/Core,2,0,0,,0.5,0.5,0,
/// ";
/// let (roster, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
/// assert_eq!(roster.len(), 2);
/// assert_eq!(log.unknown_columns(), ["notes"]);
/// assert_eq!(log.skipped()[0].line(), 4);
/// assert_eq!(log.skipped()[0].error().to_string(),
///            "line 4, column `weight`: `2` is out of range [0, 1]");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ReaderBuilder {
    framework: Framework,
    mode: Mode,
    threads: Option<usize>,
    /// Chunk size of the streaming reader (0: [`crate::io::chunk::CHUNK`]); tests make it small.
    chunk_size: usize,
    team_column: TeamColumn,
    columns: ColumnMap,
    delimiter: Delimiter,
    hierarchy: Option<Hierarchy>,
    /// The record size limit (0: [`crate::MAX_RECORD_BYTES`]).
    max_record: usize,
}

impl ReaderBuilder {
    /// A reader with the defaults.
    ///
    /// ```
    /// let (roster, _) = rolebalance::ReaderBuilder::new().read_roster("id,team,purpose,horizon,focus,risk\n".as_bytes())?;
    /// assert!(roster.is_empty());
    /// assert_eq!(roster.framework().len(), 4);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn new() -> ReaderBuilder {
        ReaderBuilder::default()
    }

    /// Reads rosters on `framework`.
    ///
    /// ```
    /// use rolebalance::{Framework, ReaderBuilder};
    /// let fw = Framework::builder().dimension("change", "innovate", "stabilize").build()?;
    /// let (roster, _) = ReaderBuilder::new().framework(fw).read_roster("id,team,change\na,T,0.5\n".as_bytes())?;
    /// assert_eq!(roster.get(0).unwrap().strengths(), &[0.75, 0.25]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn framework(mut self, framework: Framework) -> ReaderBuilder {
        self.framework = framework;
        self
    }

    /// Strict or lenient.
    ///
    /// ```
    /// use rolebalance::{Mode, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\n,T,0,0,0,0\n";
    /// let (roster, log) = ReaderBuilder::new().mode(Mode::Lenient).read_roster(csv.as_bytes())?;
    /// assert_eq!((roster.len(), log.skipped().len()), (0, 1));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn mode(mut self, mode: Mode) -> ReaderBuilder {
        self.mode = mode;
        self
    }

    /// Reads on `n` threads in [`ReaderBuilder::analyze`] and
    /// [`ReaderBuilder::summary`] (0 counts as 1, more than 64 as 64). Default: the available
    /// parallelism ([`std::thread::available_parallelism`]). The results,
    /// errors included, are the same for every `n`.
    ///
    /// With `n` above 1 the calling thread reads and is the first of `n`
    /// workers, which parse and add (and, when they have no rows to add,
    /// find where the lines of a chunk read start); the rows are split
    /// between the workers by a hash of their team,
    /// so every team is added on one thread in line order (which is why the
    /// results do not depend on `n`). A roster with a single team uses one
    /// worker.
    ///
    /// [`Mode::Lenient`] reads, and analyses with a
    /// [`MeasurementError`](crate::MeasurementError), run on one thread
    /// whatever `n`: after a bad row over several lines (a stray quote) a
    /// lenient read goes back to the next line, so where a record starts
    /// depends on the rows before it.
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,U,-1,-1,-1,-1\n";
    /// let one = ReaderBuilder::new().threads(1).analyze(csv.as_bytes(), &Analyzer::new())?.0;
    /// let four = ReaderBuilder::new().threads(4).analyze(csv.as_bytes(), &Analyzer::new())?.0;
    /// assert_eq!(one, four);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn threads(mut self, n: usize) -> ReaderBuilder {
        self.threads = Some(n.max(1));
        self
    }

    /// How much input [`ReaderBuilder::analyze`] and
    /// [`ReaderBuilder::summary`] read at a time: a chunk is cut at the
    /// first record end after `size` bytes (0, the default, means 512 KiB).
    /// The threads share out the input a chunk at a time, so an input of a
    /// single chunk is read on the calling thread. The results, errors
    /// included, are the same for every size; small sizes cost time, large
    /// ones memory (at most 12 chunks are in flight, whatever the number of
    /// threads).
    ///
    /// ```
    /// use rolebalance::{Analyzer, ReaderBuilder};
    /// let csv = "id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,U,-1,-1,-1,-1\n";
    /// let small = ReaderBuilder::new().threads(2).chunk_size(16);
    /// let (report, _) = small.analyze(csv.as_bytes(), &Analyzer::new())?;
    /// assert_eq!(report, ReaderBuilder::new().analyze(csv.as_bytes(), &Analyzer::new())?.0);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn chunk_size(mut self, size: usize) -> ReaderBuilder {
        self.chunk_size = size;
        self
    }

    /// The most bytes one record may take (default
    /// [`crate::MAX_RECORD_BYTES`], 16 MiB; 0 restores the default). Every
    /// reader holds a record in memory whole: a longer record is
    /// [`ErrorKind::RecordTooLong`] naming the line it starts on (in
    /// lenient mode too: the record's end is unknown, so nothing after it
    /// could be read), so that a line that never ends, or a quote never
    /// closed on an endless stream, cannot grow memory until the process
    /// aborts.
    ///
    /// ```
    /// use rolebalance::{ErrorKind, ReaderBuilder};
    /// let csv = format!("id,team,purpose,horizon,focus,risk\na,T,1,1,1,1\nb,{},1,1,1,1\n", "T".repeat(200));
    /// let err = ReaderBuilder::new().max_record_bytes(100).read_roster(csv.as_bytes()).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::RecordTooLong { line: 3, limit: 100 }));
    /// assert!(ReaderBuilder::new().read_roster(csv.as_bytes()).is_ok());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn max_record_bytes(mut self, bytes: usize) -> ReaderBuilder {
        self.max_record = bytes;
        self
    }

    pub(crate) fn max_record_len(&self) -> usize {
        if self.max_record == 0 {
            crate::io::records::MAX_RECORD_BYTES
        } else {
            self.max_record
        }
    }

    pub(crate) fn chunk_bytes(&self) -> usize {
        if self.chunk_size == 0 {
            crate::io::chunk::CHUNK
        } else {
            self.chunk_size
        }
    }

    pub(crate) fn framework_ref(&self) -> &Framework {
        &self.framework
    }

    pub(crate) fn mode_value(&self) -> Mode {
        self.mode
    }

    pub(crate) fn delimiter_value(&self) -> Delimiter {
        self.delimiter
    }

    pub(crate) fn hierarchy_ref(&self) -> Option<&Hierarchy> {
        self.hierarchy.as_ref()
    }

    /// Reads the file's columns under other names: `id` from
    /// `Employee_ID`, `team` from `Department` (see [`ColumnMap`]). Every
    /// read takes the mapping: [`ReaderBuilder::read_roster`],
    /// [`ReaderBuilder::analyze`], [`ReaderBuilder::summary`], strict or
    /// lenient. Default: none, every header is read as it is named.
    ///
    /// ```
    /// use rolebalance::{ColumnMap, ReaderBuilder};
    /// let csv = "Worker ID,Full Name,Dept,purpose,horizon,focus,risk\nw7,Ana,Lab,1,0,0,-1\n";
    /// let map = ColumnMap::new().with("id", "Worker ID")?.with("name", "full name")?.with("team", "DEPT")?;
    /// let (roster, _) = ReaderBuilder::new().columns(map).read_roster(csv.as_bytes())?;
    /// assert_eq!(roster.get(0).unwrap().name(), Some("Ana"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn columns(mut self, columns: ColumnMap) -> ReaderBuilder {
        self.columns = columns;
        self
    }

    /// The field delimiter (default [`Delimiter::Auto`]: detected from the
    /// header; see [`Delimiter`] for the rule and what each reads through).
    ///
    /// ```
    /// use rolebalance::{Delimiter, ReaderBuilder};
    /// let csv = "id;team;purpose;horizon;focus;risk\nana;Lab;0.5;1;0;-1\n";
    /// assert!(ReaderBuilder::new().delimiter(Delimiter::Comma).read_roster(csv.as_bytes()).is_err());
    /// assert!(ReaderBuilder::new().delimiter(Delimiter::Semicolon).read_roster(csv.as_bytes()).is_ok());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn delimiter(mut self, delimiter: Delimiter) -> ReaderBuilder {
        self.delimiter = delimiter;
        self
    }

    /// Builds the teams from the reporting line, each person's manager in
    /// a column, instead of reading a `team` column (see [`Hierarchy`] for
    /// how teams are named and where managers belong). Default: none.
    ///
    /// A reporting line is known only once every row is read: with a
    /// hierarchy, [`ReaderBuilder::analyze`] and [`ReaderBuilder::summary`]
    /// keep the rows in memory and read on one thread.
    ///
    /// ```
    /// use rolebalance::{Hierarchy, ReaderBuilder};
    /// let csv = "id,manager,purpose,horizon,focus,risk\nceo,,1,1,0,0\ncto,ceo,0,1,0,1\ndev,cto,0,0,1,1\n";
    /// let (roster, _) = ReaderBuilder::new().hierarchy(Hierarchy::new("manager")).read_roster(csv.as_bytes())?;
    /// let teams: Vec<&str> = roster.iter().map(|m| m.team()).collect();
    /// assert_eq!(teams, ["ceo", "ceo/cto", "ceo/cto"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn hierarchy(mut self, hierarchy: Hierarchy) -> ReaderBuilder {
        self.hierarchy = Some(hierarchy);
        self
    }

    pub(crate) fn thread_count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
            .clamp(1, MAX_THREADS)
    }

    /// Whether rows must name their team: [`TeamColumn::Optional`] reads a
    /// pool (see [`TeamColumn`]).
    pub fn team_column(mut self, team_column: TeamColumn) -> ReaderBuilder {
        self.team_column = team_column;
        self
    }

    /// Reads a whole roster into memory.
    ///
    /// # Errors
    ///
    /// Header errors, I/O errors, and in strict mode the first row error
    /// (see [`ErrorKind`]).
    ///
    /// ```
    /// let csv = "id,name,team,purpose,horizon,focus,risk\ne1,Ana,Lab,1,0.5,0,-1\n";
    /// let (roster, _) = rolebalance::ReaderBuilder::new().read_roster(csv.as_bytes())?;
    /// assert_eq!(roster.get(0).unwrap().name(), Some("Ana"));
    /// assert_eq!(roster.get(0).unwrap().lead(1), Some(0.75));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn read_roster<R: io::Read>(&self, reader: R) -> Result<(Roster, ReadLog), Error> {
        let mut roster = Roster::new(self.framework.clone());
        let mut pairs = PairCheck::new(true);
        let mut filter = [0u64; 4];
        let log = self.read_rows(reader, |row, line| {
            let t = roster.intern_team(row.team);
            if let Some(r) = pairs.check(t, &mut filter, row.id.as_bytes(), line) {
                let (id, team) = (row.id.to_string(), row.team.to_string());
                return Err(ErrorKind::DuplicateMember { line, first_line: r.first_line, id, team }.into());
            }
            roster.push_at(t, row.id, row.name, row.weight, row.strengths);
            Ok(())
        })?;
        roster.mark_checked();
        Ok((roster, log))
    }

    /// Reads a roster file; see [`ReaderBuilder::read_roster`].
    ///
    /// # Errors
    ///
    /// As [`ReaderBuilder::read_roster`], and [`ErrorKind::Io`] when the file
    /// cannot be opened.
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/roster_positions.csv");
    /// let (roster, log) = rolebalance::ReaderBuilder::new().read_roster_path(path)?;
    /// assert_eq!(roster.len() as u64, log.kept());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn read_roster_path<P: AsRef<std::path::Path>>(&self, path: P) -> Result<(Roster, ReadLog), Error> {
        self.read_roster(crate::error::open(path.as_ref())?).map_err(|e| e.in_file(path.as_ref()))
    }

    /// Reads every row, hands each good one to `sink` and keeps the log
    /// (with a [`Hierarchy`], once every row is read and its team known).
    pub(crate) fn read_rows<R, F>(&self, reader: R, sink: F) -> Result<ReadLog, Error>
    where
        R: io::Read,
        F: FnMut(&Row<'_>, u64) -> Result<(), Error>,
    {
        match &self.hierarchy {
            Some(h) => {
                let mut people = crate::io::hierarchy::People::default();
                let mut log = self.read_records(reader, |r, line| people.add(r, line))?;
                let (poles, lenient) = (self.framework.pole_count(), self.mode == Mode::Lenient);
                people.emit(h, poles, lenient, sink, |line, e| log.unkeep(line, e))?;
                Ok(log)
            }
            None => self.read_records(reader, sink),
        }
    }

    /// [`ReaderBuilder::read_rows`] record by record, in line order.
    pub(crate) fn read_records<R, F>(&self, reader: R, mut sink: F) -> Result<ReadLog, Error>
    where
        R: io::Read,
        F: FnMut(&Row<'_>, u64) -> Result<(), Error>,
    {
        let (delimiter, reader) = crate::io::delimiter::sniff(reader, self.delimiter)?;
        // The one record rule (`io/records.rs`), as the streaming reader's.
        let mut rdr = crate::io::records::RecordReader::new(reader, delimiter, self.max_record_len());
        let mut rec = csv::ByteRecord::new();
        let mut plan: Option<Plan> = None;
        let mut log = ReadLog { delimiter, ..ReadLog::default() };
        let mut buf = RowBuf::new(&self.framework);
        while let Some(line) = rdr.next_record(&mut rec)? {
            if is_blank(&rec, plan.is_none()) {
                continue;
            }
            let Some(plan) = plan.as_ref() else {
                let mut p = Plan::for_builder(self, &rec, line)?;
                p.delimiter = delimiter;
                log.unknown_columns = p.unknown.clone();
                plan = Some(p);
                continue;
            };
            // Whether the record itself is bad (not a good row the sink
            // refused, such as a duplicate): only such a record is read
            // again, as the streaming reader does. Among the lines read
            // again after a bad row over several lines, a row with a quote
            // in a field is the rest of that row (its closing quote), not a
            // row of its own.
            let mut malformed = true;
            let result = if rdr.in_reread(line) && memchr::memchr(b'"', rec.as_slice()).is_some() {
                Err(plan.first_field_err(&rec, line, |_, f| f.contains(&b'"'), ValueProblem::StrayQuote))
            } else {
                match plan.parse(&rec, line, &mut buf) {
                    Ok(row) => {
                        malformed = false;
                        sink(&row, line)
                    }
                    Err(e) => Err(e),
                }
            };
            let skipped = log.skipped.len();
            log.record(self.mode, line, result)?;
            // A bad row over several lines may be a stray quote that
            // swallowed the rows after it: read them again.
            if malformed && log.skipped.len() > skipped {
                rdr.reread();
            }
        }
        if plan.is_none() {
            return Err(ErrorKind::NoHeader.into());
        }
        Ok(log)
    }
}

/// Whether a record is an empty line: one field of white space only (a
/// byte-order mark counts as white space before the header).
pub(crate) fn is_blank(rec: &csv::ByteRecord, before_header: bool) -> bool {
    if rec.len() != 1 {
        return false;
    }
    let field = rec.get(0).unwrap_or(b"");
    let field = if before_header { field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field) } else { field };
    field.trim_ascii().is_empty()
}

/// The names of a header record: trimmed, lowercase, a leading byte-order
/// mark removed; an empty name stays empty.
///
/// # Errors
///
/// [`ErrorKind::Value`] for a name that is not UTF-8 (column `field N`),
/// [`ErrorKind::DuplicateColumn`] for a name used twice.
pub(crate) fn header_names(rec: &csv::ByteRecord, line: u64) -> Result<Vec<String>, Error> {
    let mut names: Vec<String> = Vec::with_capacity(rec.len());
    // A set, not a scan of the names before: a hostile header of a million
    // columns must not take 10^12 comparisons.
    let mut seen = std::collections::HashSet::with_capacity(rec.len());
    for (i, raw) in rec.iter().enumerate() {
        let raw = if i == 0 { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
        let Ok(s) = std::str::from_utf8(raw) else {
            return Err(ErrorKind::Value {
                line,
                column: format!("field {}", i + 1),
                value: String::from_utf8_lossy(raw).trim().to_string(),
                problem: ValueProblem::InvalidUtf8,
            }
            .into());
        };
        let name = s.trim().to_lowercase();
        if !name.is_empty() && !seen.insert(name.clone()) {
            return Err(ErrorKind::DuplicateColumn { line, column: name }.into());
        }
        names.push(name);
    }
    Ok(names)
}

/// [`ErrorKind::FieldCount`] unless `rec` has one field per header name,
/// naming the first missing column or the first extra field.
pub(crate) fn check_field_count(names: &[String], rec: &csv::ByteRecord, line: u64) -> Result<(), Error> {
    if rec.len() == names.len() {
        return Ok(());
    }
    // A header cell left empty is named by its place, as elsewhere.
    let column = match names.get(rec.len()) {
        Some(n) if rec.len() < names.len() && !n.is_empty() => n.clone(),
        Some(_) => format!("field {}", rec.len() + 1),
        None => format!("field {}", names.len() + 1),
    };
    Err(ErrorKind::FieldCount { line, column, expected: names.len(), found: rec.len() }.into())
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ignored,
    Id,
    Team,
    Name,
    Weight,
    Lead(usize),
    Manage(usize),
    Position(usize),
    Intensity(usize),
}

/// The header, resolved: the role of every column.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    roles: Vec<Role>,
    names: Vec<String>,
    /// Dimensions given as a position.
    positional: Vec<usize>,
    unknown: Vec<String>,
    team_column: TeamColumn,
    /// The table of short decimals of [`fast_number`].
    decimals: &'static [f64],
    /// The columns are `id,name,team,weight`, then every pole in order:
    /// [`Plan::fast_line`] takes a shorter way.
    standard: bool,
    /// The manager column of a [`Hierarchy`].
    manager: Option<usize>,
    /// The field delimiter (the fast paths assume `,`).
    pub(crate) delimiter: u8,
}

impl Plan {
    /// Header names the reader does not use.
    pub(crate) fn unknown_columns(&self) -> &[String] {
        &self.unknown
    }
}

/// Reusable buffers for one row's numbers.
pub(crate) struct RowBuf {
    strengths: Vec<f64>,
    positions: Vec<f64>,
    intensities: Vec<f64>,
}

impl RowBuf {
    pub(crate) fn new(fw: &Framework) -> RowBuf {
        RowBuf {
            strengths: vec![0.0; fw.pole_count()],
            positions: vec![0.0; fw.len()],
            intensities: vec![1.0; fw.len()],
        }
    }
}

impl Plan {
    /// The plan of the header `rec` under `builder`'s framework, team
    /// column rule, column mapping and hierarchy.
    pub(crate) fn for_builder(builder: &ReaderBuilder, rec: &csv::ByteRecord, line: u64) -> Result<Plan, Error> {
        let manager = builder.hierarchy.as_ref().map(Hierarchy::manager_column);
        Plan::new(&builder.framework, rec, line, builder.team_column, &builder.columns, manager)
    }

    pub(crate) fn new(
        fw: &Framework,
        rec: &csv::ByteRecord,
        line: u64,
        team_column: TeamColumn,
        columns: &ColumnMap,
        manager: Option<&str>,
    ) -> Result<Plan, Error> {
        let names = header_names(rec, line)?;
        let (keys, manager) = crate::io::mapping::roster_keys(fw, rec, &names, columns, manager, line)?;
        // With a hierarchy, teams come from the reporting line.
        let team_column = if manager.is_some() { TeamColumn::Optional } else { team_column };
        let mut roles = Vec::with_capacity(names.len());
        let mut unknown = Vec::new();
        for (i, (n, key)) in names.iter().zip(&keys).enumerate() {
            if Some(i) == manager {
                roles.push(Role::Ignored);
                continue;
            }
            let key = match key {
                Key::Name(k) if !(manager.is_some() && k == "team") => k.as_str(),
                _ => {
                    unknown.push(if n.is_empty() { format!("field {}", i + 1) } else { n.clone() });
                    roles.push(Role::Ignored);
                    continue;
                }
            };
            let role = match key {
                "id" => Role::Id,
                "team" => Role::Team,
                "name" => Role::Name,
                "weight" => Role::Weight,
                other => {
                    if let Some(p) = fw.pole(other) {
                        if p.index() % 2 == 0 {
                            Role::Lead(p.dimension())
                        } else {
                            Role::Manage(p.dimension())
                        }
                    } else if let Some(d) = fw.dimension_index(other) {
                        Role::Position(d)
                    } else if let Some(d) = other.strip_suffix("_intensity").and_then(|k| fw.dimension_index(k)) {
                        Role::Intensity(d)
                    } else {
                        unknown.push(if n.is_empty() { format!("field {}", i + 1) } else { n.clone() });
                        Role::Ignored
                    }
                }
            };
            roles.push(role);
        }
        for required in ["id", "team"] {
            if required == "team" && team_column == TeamColumn::Optional {
                continue;
            }
            if !keys.iter().any(|k| matches!(k, Key::Name(n) if n == required)) {
                return Err(ErrorKind::MissingColumn { line, column: required.to_string() }.into());
            }
        }
        let mut positional = Vec::new();
        for (d, dim) in fw.dimensions().iter().enumerate() {
            let has = |r: Role| roles.contains(&r);
            let (pos, lead, manage, int) =
                (has(Role::Position(d)), has(Role::Lead(d)), has(Role::Manage(d)), has(Role::Intensity(d)));
            let lp = dim.pole(crate::Side::Leadership);
            let mp = dim.pole(crate::Side::Management);
            if pos && (lead || manage) {
                return Err(ErrorKind::BothForms { line, dimension: dim.key().to_string() }.into());
            }
            if int && !pos {
                return Err(ErrorKind::IntensityWithoutDimension {
                    line,
                    column: dim.intensity_column(),
                    dimension: dim.key().to_string(),
                }
                .into());
            }
            match (pos, lead, manage) {
                (true, _, _) => positional.push(d),
                (false, true, true) => {}
                (false, true, false) => {
                    return Err(
                        ErrorKind::MissingPartner { line, column: lp.to_string(), partner: mp.to_string() }.into()
                    )
                }
                (false, false, true) => {
                    return Err(
                        ErrorKind::MissingPartner { line, column: mp.to_string(), partner: lp.to_string() }.into()
                    )
                }
                (false, false, false) => {
                    return Err(ErrorKind::MissingDimension {
                        line,
                        dimension: dim.key().to_string(),
                        leadership_pole: lp.to_string(),
                        management_pole: mp.to_string(),
                    }
                    .into())
                }
            }
        }
        let standard = positional.is_empty()
            && roles.len() == 4 + fw.pole_count()
            && roles.iter().enumerate().all(|(i, r)| {
                *r == match i {
                    0 => Role::Id,
                    1 => Role::Name,
                    2 => Role::Team,
                    3 => Role::Weight,
                    k if k % 2 == 0 => Role::Lead((k - 4) / 2),
                    k => Role::Manage((k - 4) / 2),
                }
            });
        let delimiter = b',';
        Ok(Plan { roles, names, positional, unknown, team_column, decimals: decimals(), standard, manager, delimiter })
    }

    fn value_err(&self, line: u64, col: usize, raw: &[u8], problem: ValueProblem) -> Error {
        ErrorKind::Value {
            line,
            column: self.names.get(col).cloned().unwrap_or_default(),
            value: String::from_utf8_lossy(raw).trim().to_string(),
            problem,
        }
        .into()
    }

    /// The error `problem` for the first field of `rec` that `bad` selects.
    pub(crate) fn first_field_err(
        &self,
        rec: &csv::ByteRecord,
        line: u64,
        bad: impl Fn(usize, &[u8]) -> bool,
        problem: ValueProblem,
    ) -> Error {
        let (col, raw) = rec.iter().enumerate().find(|(c, f)| bad(*c, f)).unwrap_or((0, b""));
        ErrorKind::Value {
            line,
            column: match self.names.get(col) {
                Some(n) if !n.is_empty() => n.clone(),
                _ => format!("field {}", col + 1),
            },
            value: String::from_utf8_lossy(raw).trim().to_string(),
            problem,
        }
        .into()
    }

    /// Parses and checks one record.
    pub(crate) fn parse<'r>(&self, rec: &'r csv::ByteRecord, line: u64, buf: &'r mut RowBuf) -> Result<Row<'r>, Error> {
        // First, so that a stray quote is named as such rather than as a
        // field count, and never swallows rows silently.
        if memchr::memchr2(b'\n', b'\r', rec.as_slice()).is_some() {
            let free_text = |col: usize| matches!(self.roles.get(col), Some(Role::Name | Role::Ignored));
            // A quoted line break is kept in free text (a name, an ignored
            // column) unless a line after it holds a delimiter: the sign of a
            // stray quote that swallowed whole rows.
            let bad = |col: usize, f: &[u8]| match memchr::memchr2(b'\n', b'\r', f) {
                None => false,
                Some(at) => {
                    !free_text(col) || f.get(at..).is_some_and(|rest| memchr::memchr(self.delimiter, rest).is_some())
                }
            };
            if rec.iter().enumerate().any(|(c, f)| bad(c, f)) {
                return Err(self.first_field_err(rec, line, bad, ValueProblem::LineBreak));
            }
        }
        check_field_count(&self.names, rec, line)?;
        let (mut id, mut team, mut name, mut weight) = ("", "", None, 1.0);
        for i in buf.intensities.iter_mut() {
            *i = 1.0;
        }
        for (col, (raw, role)) in rec.iter().zip(&self.roles).enumerate() {
            if *role == Role::Ignored {
                continue;
            }
            // Fast path: a plain decimal number (no space, no exponent) is
            // its own trimmed text, so the checks and errors are the same.
            let range = match *role {
                Role::Weight | Role::Lead(_) | Role::Manage(_) | Role::Intensity(_) => Some(Range::Unit),
                Role::Position(_) => Some(Range::Signed),
                _ => None,
            };
            if let Some(v) = range.and_then(|r| crate::io::number::fast_decimal(raw).map(|v| (v, r))) {
                let x = check_number(v.0, v.1).map_err(|p| self.value_err(line, col, raw, p))?;
                let target = match *role {
                    Role::Weight => {
                        weight = x;
                        None
                    }
                    Role::Lead(d) => buf.strengths.get_mut(2 * d),
                    Role::Manage(d) => buf.strengths.get_mut(2 * d + 1),
                    Role::Position(d) => buf.positions.get_mut(d),
                    Role::Intensity(d) => buf.intensities.get_mut(d),
                    _ => None,
                };
                if let Some(t) = target {
                    *t = x;
                }
                continue;
            }
            let text =
                std::str::from_utf8(raw).map_err(|_| self.value_err(line, col, raw, ValueProblem::InvalidUtf8))?.trim();
            let number = |range: Range| -> Result<f64, Error> {
                if text.is_empty() {
                    return Err(self.value_err(line, col, raw, ValueProblem::Empty));
                }
                let v = crate::io::number::parse_f64(text)
                    .ok_or_else(|| self.value_err(line, col, raw, ValueProblem::NotANumber))?;
                check_number(v, range).map_err(|p| self.value_err(line, col, raw, p))
            };
            let slot = |v: &mut Vec<f64>, i: usize, x: f64| {
                if let Some(s) = v.get_mut(i) {
                    *s = x;
                }
            };
            match *role {
                Role::Ignored => {}
                Role::Id if text.is_empty() => return Err(self.value_err(line, col, raw, ValueProblem::Empty)),
                Role::Id => id = text,
                Role::Team if text.is_empty() && self.team_column == TeamColumn::Optional => {}
                Role::Team => {
                    team::check(text).map_err(|p| self.value_err(line, col, raw, p))?;
                    team = text;
                }
                Role::Name => name = (!text.is_empty()).then_some(text),
                Role::Weight if text.is_empty() => weight = 1.0,
                Role::Weight => weight = number(Range::Unit)?,
                Role::Lead(d) => slot(&mut buf.strengths, 2 * d, number(Range::Unit)?),
                Role::Manage(d) => slot(&mut buf.strengths, 2 * d + 1, number(Range::Unit)?),
                Role::Position(d) => slot(&mut buf.positions, d, number(Range::Signed)?),
                Role::Intensity(_) if text.is_empty() => {}
                Role::Intensity(d) => slot(&mut buf.intensities, d, number(Range::Unit)?),
            }
        }
        for &d in &self.positional {
            let p = buf.positions.get(d).copied().unwrap_or(0.0);
            let k = buf.intensities.get(d).copied().unwrap_or(1.0);
            let (l, m) = strengths_from_position(p, k);
            slot2(&mut buf.strengths, d, l, m);
        }
        let manager = match self.manager.and_then(|c| rec.get(c).map(|raw| (c, raw))) {
            Some((c, raw)) => {
                let text = std::str::from_utf8(raw)
                    .map_err(|_| self.value_err(line, c, raw, ValueProblem::InvalidUtf8))?
                    .trim();
                (!text.is_empty()).then_some(text)
            }
            None => None,
        };
        Ok(Row { id, name, team, weight, strengths: &buf.strengths, manager })
    }

    /// Whether column `col` is read (any role but ignored, or the manager column).
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    pub(crate) fn uses(&self, col: usize) -> bool {
        Some(col) == self.manager || self.roles.get(col).is_some_and(|r| *r != Role::Ignored)
    }
}

/// What [`Plan::fast_line`] makes of a line.
pub(crate) enum Fast<'r> {
    /// A clean row of a team this reader owns, with the team's hash.
    Row(u64, FastRow<'r>),
    /// A row of a team another reader owns (its numbers are not read).
    Elsewhere,
    /// Anything else: [`Plan::parse`] decides.
    Other,
}

/// A row of [`Fast::Row`]: its id and team are valid UTF-8.
pub(crate) struct FastRow<'r> {
    pub(crate) id: &'r [u8],
    pub(crate) team: &'r [u8],
    pub(crate) weight: f64,
    pub(crate) strengths: &'r [f64],
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `x` equal to `b`, exactly.
pub(crate) fn bytes_equal(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    !(((y & !HIGHS).wrapping_add(!HIGHS)) | y) & HIGHS
}

/// The end of the field starting at `pos` (the offset of the first `,` or
/// `\n`, or the length), and whether a byte of the field is not ASCII;
/// eight bytes at a time.
fn field_end(data: &[u8], mut pos: usize) -> (usize, bool) {
    let mut high = 0;
    while let Some(word) = data.get(pos..pos + 8) {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        let ends = bytes_equal(x, b',') | bytes_equal(x, b'\n');
        if ends != 0 {
            let k = ends.trailing_zeros() / 8;
            let before = if k == 0 { 0 } else { x & (u64::MAX >> (64 - 8 * k)) };
            return (pos + k as usize, (high | before) & HIGHS != 0);
        }
        high |= x;
        pos += 8;
    }
    let mut ascii = high & HIGHS == 0;
    while let Some(&b) = data.get(pos) {
        if b == b',' || b == b'\n' {
            break;
        }
        ascii &= b < 0x80;
        pos += 1;
    }
    (pos, !ascii)
}

/// Whether `raw` holds `//`; eight bytes at a time.
fn double_slash(raw: &[u8]) -> bool {
    let mut words = raw.chunks_exact(8);
    let mut carry = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
        let s = bytes_equal(x, b'/');
        if s & ((s << 8) | carry) != 0 {
            return true;
        }
        carry = s >> 56;
    }
    let mut prev = carry != 0;
    for &b in words.remainder() {
        if prev && b == b'/' {
            return true;
        }
        prev = b == b'/';
    }
    false
}

/// Bytes with nothing for `str::trim` to remove at either end (a printable
/// ASCII byte first and last).
fn plain_bytes(raw: &[u8]) -> bool {
    let graphic = |b: Option<&u8>| b.is_some_and(|b| (0x21..=0x7E).contains(b));
    graphic(raw.first()) && graphic(raw.last())
}

/// Whether a team field reads as it stands: no trimming, UTF-8 (known when
/// `ascii`), a valid path (`team::check`).
fn plain_team(raw: &[u8], ascii: bool) -> bool {
    plain_bytes(raw)
        && raw.first() != Some(&b'/')
        && raw.last() != Some(&b'/')
        && !double_slash(raw)
        && (ascii || std::str::from_utf8(raw).is_ok())
}

/// Which worker reads a row: the hash of its team (the key of the team in
/// its shard too), the same on every path that reads the row (the trimmed
/// team text, as [`Plan::parse`] gives it).
pub(crate) fn owner_key(team: &[u8]) -> u64 {
    crate::util::hash::hash_bytes(team)
}

impl Plan {
    /// The fast path of [`Plan::parse`] for the line at the start of `data`
    /// (which holds no quote and no `\r`), whose fields are what lies
    /// between commas. It gives [`Fast::Row`] only when every field is clean
    /// (nothing for `trim` to remove, numbers of up to 15 digits with at most
    /// one `.` and in range, a valid team path), which is then exactly what
    /// `parse` gives; anything else, every error included, is
    /// [`Fast::Other`]. A row whose team (see [`owner_key`]) `owns` rejects is
    /// [`Fast::Elsewhere`] as soon as the team is read. With a row or
    /// elsewhere comes the length of the line with its `\n`.
    pub(crate) fn fast_line<'r>(
        &self,
        data: &'r [u8],
        buf: &'r mut RowBuf,
        owns: impl Fn(u64) -> bool,
    ) -> (Fast<'r>, usize) {
        self.fast_line_known(data, buf, owns, None)
    }

    /// [`Plan::fast_line`] for a line whose team field's hash (see
    /// [`Plan::line_team`]) may be `known` already.
    pub(crate) fn fast_line_known<'r>(
        &self,
        data: &'r [u8],
        buf: &'r mut RowBuf,
        owns: impl Fn(u64) -> bool,
        known: Option<u64>,
    ) -> (Fast<'r>, usize) {
        if self.standard {
            return self.fast_standard(data, buf, owns, known);
        }
        let (mut id, mut name, mut team, mut weight) = ((&b""[..], false), (&b""[..], false), None, 1.0);
        if !self.positional.is_empty() {
            for i in buf.intensities.iter_mut() {
                *i = 1.0;
            }
        }
        let mut pos = 0;
        let last = self.roles.len().saturating_sub(1);
        for (k, role) in self.roles.iter().enumerate() {
            let start = pos;
            let number = !matches!(role, Role::Ignored | Role::Id | Role::Team | Role::Name);
            let mut value = 0.0;
            let mut wide = false;
            if number {
                match fast_number(data, pos, self.decimals) {
                    Some((v, end)) => (value, pos) = (v, end),
                    None => return (Fast::Other, 0),
                }
            } else {
                (pos, wide) = field_end(data, pos);
            }
            let end = pos;
            match data.get(pos) {
                Some(b',') if k < last => pos += 1,
                Some(b'\n') | None if k == last => {}
                _ => return (Fast::Other, 0),
            }
            let raw = data.get(start..end).unwrap_or_default();
            let target = match *role {
                Role::Ignored => continue,
                // Text is checked once the row is known to be ours.
                Role::Id => {
                    id = (raw, wide);
                    continue;
                }
                Role::Team => {
                    if !plain_bytes(raw) {
                        return (Fast::Other, 0);
                    }
                    let h = owner_key(raw);
                    if !owns(h) {
                        let rest = data.get(pos..).unwrap_or_default();
                        return (Fast::Elsewhere, memchr::memchr(b'\n', rest).map_or(data.len(), |i| pos + i + 1));
                    }
                    team = Some((raw, wide, h));
                    continue;
                }
                Role::Name => {
                    name = (raw, wide);
                    continue;
                }
                Role::Weight => &mut weight,
                Role::Lead(d) => match buf.strengths.get_mut(2 * d) {
                    Some(t) => t,
                    None => return (Fast::Other, 0),
                },
                Role::Manage(d) => match buf.strengths.get_mut(2 * d + 1) {
                    Some(t) => t,
                    None => return (Fast::Other, 0),
                },
                Role::Position(d) => match buf.positions.get_mut(d) {
                    Some(t) => t,
                    None => return (Fast::Other, 0),
                },
                Role::Intensity(d) => match buf.intensities.get_mut(d) {
                    Some(t) => t,
                    None => return (Fast::Other, 0),
                },
            };
            *target = value;
        }
        let used = if data.get(pos).is_some() { pos + 1 } else { pos };
        let (h, team) = match team {
            Some((raw, wide, h)) if plain_team(raw, !wide) => (h, raw),
            Some(_) => return (Fast::Other, 0),
            None if self.roles.contains(&Role::Team) => return (Fast::Other, 0),
            // No team column: a pool, every row in team "".
            None if owns(owner_key(b"")) => (owner_key(b""), &b""[..]),
            None => return (Fast::Elsewhere, used),
        };
        let text = |(raw, wide): (&[u8], bool)| !wide || std::str::from_utf8(raw).is_ok();
        if !plain_bytes(id.0) || !text(id) || !text(name) {
            return (Fast::Other, 0);
        }
        let id = id.0;
        for &d in &self.positional {
            let p = buf.positions.get(d).copied().unwrap_or(0.0);
            let k = buf.intensities.get(d).copied().unwrap_or(1.0);
            let (l, m) = strengths_from_position(p, k);
            slot2(&mut buf.strengths, d, l, m);
        }
        (Fast::Row(h, FastRow { id, team, weight, strengths: &buf.strengths }), used)
    }

    /// [`Plan::fast_line`] for the standard columns (see `Plan::standard`):
    /// the same checks, field by field without looking up roles.
    #[inline]
    fn fast_standard<'r>(
        &self,
        data: &'r [u8],
        buf: &'r mut RowBuf,
        owns: impl Fn(u64) -> bool,
        known: Option<u64>,
    ) -> (Fast<'r>, usize) {
        let text = |from: usize| {
            let (end, wide) = field_end(data, from);
            (data.get(end) == Some(&b',')).then(|| (data.get(from..end).unwrap_or_default(), wide, end + 1))
        };
        let Some((id, id_wide, at)) = text(0) else { return (Fast::Other, 0) };
        let Some((name, name_wide, at)) = text(at) else { return (Fast::Other, 0) };
        let Some((team, team_wide, at)) = text(at) else { return (Fast::Other, 0) };
        if !plain_bytes(team) {
            return (Fast::Other, 0);
        }
        let h = known.unwrap_or_else(|| owner_key(team));
        if !owns(h) {
            let rest = data.get(at..).unwrap_or_default();
            return (Fast::Elsewhere, memchr::memchr(b'\n', rest).map_or(data.len(), |i| at + i + 1));
        }
        let Some((weight, used)) = self.fast_numbers(data, at, &mut buf.strengths) else { return (Fast::Other, 0) };
        let utf8 = |raw: &[u8], wide: bool| !wide || std::str::from_utf8(raw).is_ok();
        if !plain_bytes(id) || !utf8(id, id_wide) || !utf8(name, name_wide) {
            return (Fast::Other, 0);
        }
        if !plain_team(team, !team_wide) {
            return (Fast::Other, 0);
        }
        (Fast::Row(h, FastRow { id, team, weight, strengths: &buf.strengths }), used)
    }

    /// The weight and strengths of the standard columns, from `at` to the
    /// line's end: each a [`fast_number`], the strengths into `strengths`.
    /// The weight and the length of the line with its `\n`; `None` for
    /// anything else.
    #[inline]
    fn fast_numbers(&self, data: &[u8], at: usize, strengths: &mut [f64]) -> Option<(f64, usize)> {
        let (weight, mut pos) = fast_number(data, at, self.decimals)?;
        for slot in strengths.iter_mut() {
            if data.get(pos) != Some(&b',') {
                return None;
            }
            (*slot, pos) = fast_number(data, pos + 1, self.decimals)?;
        }
        match data.get(pos) {
            Some(b'\n') => Some((weight, pos + 1)),
            None => Some((weight, pos)),
            Some(_) => None,
        }
    }

    /// [`Plan::fast_line`] for a line of the standard columns whose fields
    /// the reader found ([`TeamAt::Fields`]): the id ends at `id_end`, the
    /// team (whose hash is `key`) lies at `from..to`, all ASCII. The same
    /// checks as [`Plan::fast_line`], without finding the fields again.
    #[inline]
    pub(crate) fn fast_fields<'r>(
        &self,
        data: &'r [u8],
        key: u64,
        (id_end, from, to): (usize, usize, usize),
        buf: &'r mut RowBuf,
    ) -> (Fast<'r>, usize) {
        let (Some(id), Some(team)) = (data.get(..id_end), data.get(from..to)) else { return (Fast::Other, 0) };
        if !self.standard || data.get(to) != Some(&b',') {
            return (Fast::Other, 0);
        }
        let Some((weight, used)) = self.fast_numbers(data, to + 1, &mut buf.strengths) else {
            return (Fast::Other, 0);
        };
        if !plain_bytes(id) || !plain_team(team, true) {
            return (Fast::Other, 0);
        }
        (Fast::Row(key, FastRow { id, team, weight, strengths: &buf.strengths }), used)
    }

    /// What the reader finds of the team field of the line at the start of
    /// `data` (a plain chunk's line): its [`owner_key`] when it reads as it
    /// stands, so that [`Plan::fast_line`] decides on the same key, and for
    /// the standard columns where the id and the team lie (see
    /// [`TeamAt::Fields`]); `None` when the field does not read as it stands.
    pub(crate) fn line_team(&self, data: &[u8]) -> Option<(u64, TeamAt)> {
        if !self.standard {
            return self.line_owner_key(data).map(|key| (key, TeamAt::Hashed));
        }
        let (id_end, id_wide) = field_end(data, 0);
        if data.get(id_end) != Some(&b',') {
            return None;
        }
        let (name_end, name_wide) = field_end(data, id_end + 1);
        if data.get(name_end) != Some(&b',') {
            return None;
        }
        let from = name_end + 1;
        let (to, team_wide) = field_end(data, from);
        let raw = data.get(from..to)?;
        if !plain_bytes(raw) {
            return None;
        }
        let key = owner_key(raw);
        let fields = match (u16::try_from(id_end), u16::try_from(from), u16::try_from(to)) {
            (Ok(id_end), Ok(from), Ok(to)) if !(id_wide || name_wide || team_wide) => {
                TeamAt::Fields { id_end, from, to }
            }
            _ => TeamAt::Hashed,
        };
        Some((key, fields))
    }

    /// The [`owner_key`] of the row on the line at the start of `data` (a
    /// plain chunk's line) when its team field reads as it stands, so that
    /// [`Plan::fast_line`] decides on the same key; `None` for anything else.
    fn line_owner_key(&self, data: &[u8]) -> Option<u64> {
        let col = self.roles.iter().position(|r| *r == Role::Team)?;
        let mut pos = 0;
        for _ in 0..col {
            let (end, _) = field_end(data, pos);
            if data.get(end) != Some(&b',') {
                return None;
            }
            pos = end + 1;
        }
        let (end, _) = field_end(data, pos);
        let raw = data.get(pos..end)?;
        plain_bytes(raw).then(|| owner_key(raw))
    }

    /// The [`owner_key`] of a record [`Plan::parse`] rejects: that of its
    /// team field with ASCII white space trimmed (empty without a team column).
    pub(crate) fn record_owner_key(&self, rec: &csv::ByteRecord) -> u64 {
        let col = self.roles.iter().position(|r| *r == Role::Team);
        owner_key(col.and_then(|c| rec.get(c)).unwrap_or_default().trim_ascii())
    }
}

fn slot2(v: &mut [f64], d: usize, l: f64, m: f64) {
    if let Some([a, b]) = v.get_mut(2 * d..2 * d + 2) {
        *a = l;
        *b = m;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_may_leave_the_team_out_but_not_break_it() {
        let pool = ReaderBuilder::new().team_column(TeamColumn::Optional);
        let csv = "id,team,purpose,horizon,focus,risk\na,,0,0,0,0\nb,Team 1,0,0,0,0\n";
        let (roster, _) = pool.read_roster(csv.as_bytes()).unwrap();
        let teams: Vec<&str> = roster.iter().map(|m| m.team()).collect();
        assert_eq!(teams, ["", "Team 1"]);
        let bad = "id,team,purpose,horizon,focus,risk\na,A//B,0,0,0,0\n";
        assert_eq!(
            pool.read_roster(bad.as_bytes()).unwrap_err().to_string(),
            "line 2, column `team`: `A//B` has an empty team path segment"
        );
        // The default still wants a team on every row.
        assert_eq!(
            ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err().to_string(),
            "line 2, column `team`: empty value where one is needed"
        );
        let dup = "id,purpose,horizon,focus,risk\na,0,0,0,0\na,1,0,0,0\n";
        assert!(matches!(pool.read_roster(dup.as_bytes()).unwrap_err().kind(), ErrorKind::DuplicateMember { .. }));
    }
}
