//! Scoring questionnaire responses into a roster.

use std::io;

use crate::error::{Error, ErrorKind, Range, ValueProblem};
use crate::io::delimiter::Delimiter;
use crate::io::mapping::{ColumnMap, Key};
use crate::io::read::{check_field_count, header_names, is_blank, Mode, ReadLog};
use crate::io::survey::Source;
use crate::model::member::check_number;
use crate::model::pairs::PairCheck;
use crate::model::roster::Roster;
use crate::model::team;
use crate::stats::instrument::{Instrument, InstrumentKind};
use crate::stats::reliability::{ReliabilityOptions, ReliabilityReport};
use crate::util::intern::Interner;

/// Scores responses to an [`Instrument`] into a [`Roster`].
///
/// # Responses format
///
/// CSV with the columns `id`, `team`, optionally `weight` (default 1) and
/// `name`, and one column per item, named as the item (any order, names
/// trimmed and matched without regard to case; other columns are ignored
/// and listed in [`ReadLog::unknown_columns`]). Cells are trimmed; numbers
/// use Rust's `f64` syntax; an empty item cell is an unanswered item.
/// Messages name columns as the header spells them.
///
/// - Likert: an answer lies in the scale `[min, max]`. A pole strength is
///   the mean of its answered items after reverse-keying, rescaled to
///   [0, 1].
/// - Ipsative: an answer lies in `[0, points]`; the answers of a block add
///   up to its points (within 1e-9), empty cells of a block that has any
///   answer counting as 0; a block without any answer is unanswered. A pole
///   strength is its share of the points of the answered blocks that hold
///   its items.
///
/// # Malformed rows and skipped answers
///
/// A row with a value off the scale or not a number, a bad block sum, an
/// invalid `id`, `team` or `weight`, a wrong number of fields or a repeated
/// (`id`, `team`) pair is malformed: an error in [`Mode::Strict`], skipped
/// and listed in [`ReadLog::skipped`] in [`Mode::Lenient`]. Where a row has
/// several faults, the first column in header order is reported, then block
/// sums, then a repeated pair.
///
/// Skipping items is normal survey behaviour, not malformed input, in
/// either mode: every well-formed row is a *respondent* whose answers count
/// in the reliability ([`Scored::reliability`]). A pole is scored when at
/// least [`Scorer::min_answered`] of its items (default one half, and at
/// least one) are answered; a respondent with a roster pole below that is
/// left out of the roster and listed in [`Scored::unscored`] with the
/// reason ([`ErrorKind::TooFewAnswers`]), and the file goes on.
///
/// # Examples
///
/// ```
/// use rolebalance::{Framework, Instrument, Mode, Scorer};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let inst = Instrument::likert(fw, 1, 5)
///     .item("q1", "vision", false).item("q2", "vision", true)
///     .item("q3", "execution", false).item("q4", "execution", false)
///     .build()?;
/// let csv = "id,team,Q1,q2,q3,q4\nana,Core,5,2,3,\nbo,Core,9,1,1,1\ncy,Core,1,5,,\n";
/// let scored = Scorer::new(inst).mode(Mode::Lenient).score(csv.as_bytes())?;
/// let ana = scored.roster().get(0).unwrap();
/// assert_eq!(ana.strengths(), [0.875, 0.5]); // vision (5 + 4) / 2 on 1..5; execution 3 alone
/// let skipped = scored.log().skipped();
/// assert_eq!(skipped[0].error().to_string(), "line 3, column `Q1`: `9` is out of range [1, 5]");
/// // cy skipped both execution items: a respondent, not in the roster.
/// assert_eq!(scored.respondents(), 2);
/// let cy = &scored.unscored()[0];
/// assert_eq!((cy.id(), cy.line()), ("cy", 4));
/// assert_eq!(cy.reason().to_string(),
///            "line 4, column `q3`: pole `execution` has 0 of 2 items answered, needs at least 1");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scorer {
    instrument: Instrument,
    mode: Mode,
    min_answered: f64,
    columns: ColumnMap,
    delimiter: Delimiter,
    source: Source,
    max_record: usize,
}

/// A respondent left out of the roster, with the reason; see [`Scorer`]
/// for an example.
#[derive(Debug)]
pub struct Unscored {
    row: usize,
    line: u64,
    id: String,
    team: String,
    reason: Error,
}

impl Unscored {
    /// The respondent's index in [`Scored::answers`] (0-based, file order).
    pub fn row(&self) -> usize {
        self.row
    }

    /// The 1-based line of the respondent's row.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The respondent's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The respondent's team.
    pub fn team(&self) -> &str {
        &self.team
    }

    /// Why the respondent has no roster entry (usually
    /// [`ErrorKind::TooFewAnswers`]).
    pub fn reason(&self) -> &Error {
        &self.reason
    }
}

/// The result of scoring: the roster, the read log, the respondents left
/// out of the roster, and every respondent's keyed answers for
/// [`Scored::reliability`].
#[derive(Debug)]
pub struct Scored {
    roster: Roster,
    log: ReadLog,
    instrument: Instrument,
    /// Every respondent's keyed answers in item order, NaN where unanswered.
    rows: Vec<Vec<f64>>,
    /// Every respondent's pole scores (None: not measured or too few answers).
    scores: Vec<Vec<Option<f64>>>,
    unscored: Vec<Unscored>,
    source: Source,
}

impl Scored {
    /// Where the responses came from: [`Scorer::source`]'s, or the source
    /// recognised from the first row (never [`Source::Auto`]).
    pub fn source(&self) -> Source {
        self.source
    }

    /// The scored roster, one member per respondent with every roster pole
    /// scored, in file order, on [`Instrument::roster_framework`] (the
    /// instrument's framework when it measures every pole).
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Rows read, kept (the respondents) and skipped as malformed; columns
    /// ignored.
    pub fn log(&self) -> &ReadLog {
        &self.log
    }

    /// The instrument the responses were scored with.
    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// The respondents: well-formed rows, scored or not.
    pub fn respondents(&self) -> usize {
        self.rows.len()
    }

    /// The respondents left out of the roster, in file order, each with
    /// the reason.
    pub fn unscored(&self) -> &[Unscored] {
        &self.unscored
    }

    /// The answers of respondent `row` (0-based, file order; the roster's
    /// order when no respondent is unscored) in instrument item order,
    /// after reverse-keying; `None` for an unanswered item (in an answered
    /// ipsative block an empty cell reads as 0).
    pub fn answers(&self, row: usize) -> Option<Vec<Option<f64>>> {
        Some(self.rows.get(row)?.iter().map(|&x| (!x.is_nan()).then_some(x)).collect())
    }

    /// The pole strengths of respondent `row`, one per pole of the
    /// instrument's framework: `None` for a pole without items or answered
    /// below [`Scorer::min_answered`].
    pub fn pole_scores(&self, row: usize) -> Option<&[Option<f64>]> {
        self.scores.get(row).map(Vec::as_slice)
    }

    /// The reliability of every scale (a measured pole's items), from every
    /// respondent, with the default [`ReliabilityOptions`] (pairwise, as
    /// psych).
    pub fn reliability(&self) -> ReliabilityReport {
        self.reliability_with(&ReliabilityOptions::new())
    }

    /// The reliability of every scale with `options`.
    pub fn reliability_with(&self, options: &ReliabilityOptions) -> ReliabilityReport {
        ReliabilityReport::new(&self.instrument, &self.rows, options)
    }

    /// The standard errors of measurement of the roster's poles, for
    /// [`Analyzer::measurement_error`](crate::Analyzer::measurement_error).
    ///
    /// # Errors
    ///
    /// As [`ReliabilityReport::measurement_error_for`].
    pub fn measurement_error(
        &self,
        report: &ReliabilityReport,
    ) -> Result<crate::model::measurement::MeasurementError, Error> {
        report.measurement_error_for(self.roster.framework())
    }

    /// The roster and the log.
    pub fn into_parts(self) -> (Roster, ReadLog) {
        (self.roster, self.log)
    }

    /// Moves lines and errors to the rows and cells of a sheet, and adds
    /// the rows left out for their cells.
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    pub(crate) fn fix_lines(&mut self, cells: &crate::io::spreadsheet::Cells<'_>, problems: Vec<(u64, Error)>) {
        cells.fix_log(&mut self.log, problems);
        for u in &mut self.unscored {
            u.line = cells.row(u.line);
            let reason = std::mem::replace(&mut u.reason, ErrorKind::NoHeader.into());
            u.reason = cells.error(reason);
        }
    }
}

/// What a responses column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ignored,
    Id,
    Team,
    Name,
    Weight,
    Item(usize),
}

/// The header rows read so far, and the source they are read as.
struct HeaderRows {
    source: Source,
    rows: Vec<(u64, csv::ByteRecord)>,
}

/// What a record does to [`HeaderRows`].
enum Step {
    /// It is a header row; more may follow.
    More,
    /// It was the last header row.
    Done,
    /// It is the first data row: the header rows are all read.
    DoneBefore,
}

impl HeaderRows {
    fn take(&mut self, line: u64, rec: &csv::ByteRecord) -> Result<Step, Error> {
        if self.rows.is_empty() && self.source == Source::Auto {
            self.source = crate::io::survey::detect(&header_names(rec, line).unwrap_or_default());
        }
        let need = match self.source {
            Source::Qualtrics | Source::SurveyMonkey => 2,
            _ => 1,
        };
        if self.rows.len() == need {
            // Qualtrics' third row, in exports after 2017.
            if crate::io::survey::is_import_ids(rec) {
                self.rows.push((line, rec.clone()));
                return Ok(Step::Done);
            }
            return Ok(Step::DoneBefore);
        }
        self.rows.push((line, rec.clone()));
        Ok(if self.rows.len() == need && self.source != Source::Qualtrics { Step::Done } else { Step::More })
    }
}

/// The resolved header.
struct Plan {
    roles: Vec<Role>,
    /// Column names as the file spells them (trimmed).
    spelled: Vec<String>,
    /// Lowercase names, for the field count check.
    names: Vec<String>,
    /// For every item, the spelling of its column.
    item_column: Vec<String>,
    /// The field delimiter of the data rows.
    delimiter: u8,
}

/// A well-formed row.
struct Row<'a> {
    id: &'a str,
    team: &'a str,
    name: Option<&'a str>,
    weight: f64,
}

impl Scorer {
    /// A strict scorer for `instrument` that needs half of a pole's items.
    pub fn new(instrument: Instrument) -> Scorer {
        Scorer {
            instrument,
            mode: Mode::Strict,
            min_answered: 0.5,
            columns: ColumnMap::new(),
            delimiter: Delimiter::Auto,
            source: Source::Auto,
            max_record: crate::io::records::MAX_RECORD_BYTES,
        }
    }

    /// The most bytes one record (a respondent's row) may take (default
    /// [`crate::MAX_RECORD_BYTES`], 16 MiB): a longer one is
    /// [`ErrorKind::RecordTooLong`], so that a line that never ends cannot
    /// grow memory without bound.
    ///
    /// ```
    /// use rolebalance::{ErrorKind, Framework, Instrument, Scorer};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let inst = Instrument::likert(fw, 1, 5).item("q1", "vision", false).item("q2", "execution", false).build()?;
    /// let long = format!("id,team,q1,q2\na,T,5,1\nb,{},5,1\n", "T".repeat(100));
    /// let err = Scorer::new(inst).max_record_bytes(64).score(long.as_bytes()).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::RecordTooLong { line: 3, limit: 64 }));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn max_record_bytes(mut self, bytes: usize) -> Scorer {
        self.max_record = bytes.max(1);
        self
    }

    /// Reads the responses' columns under other names (see [`ColumnMap`]):
    /// `id=Email Address`, `team=Which team are you in?`, or an item from a
    /// column whose header is neither its name nor its text
    /// (`q1=Q7_1`). Default: none.
    ///
    /// ```
    /// use rolebalance::{ColumnMap, Framework, Instrument, Scorer};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let inst = Instrument::likert(fw, 1, 5).item("q1", "vision", false).item("q2", "execution", false).build()?;
    /// let map = ColumnMap::new().with("id", "Login")?.with("team", "Unit")?.with("q1", "Q7_1")?;
    /// let scored = Scorer::new(inst).columns(map).score("Login,Unit,Q7_1,q2\nana,Lab,5,1\n".as_bytes())?;
    /// assert_eq!(scored.roster().get(0).unwrap().strengths(), [1.0, 0.0]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn columns(mut self, columns: ColumnMap) -> Scorer {
        self.columns = columns;
        self
    }

    /// The field delimiter (default [`Delimiter::Auto`], detected from the
    /// first row).
    ///
    /// ```
    /// use rolebalance::{Delimiter, Framework, Instrument, Scorer};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let inst = Instrument::likert(fw, 1, 5).item("q1", "vision", false).item("q2", "execution", false).build()?;
    /// let scored = Scorer::new(inst).delimiter(Delimiter::Semicolon).score("id;team;q1;q2\na;T;5;1\n".as_bytes())?;
    /// assert_eq!(scored.log().delimiter(), Delimiter::Semicolon);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn delimiter(mut self, delimiter: Delimiter) -> Scorer {
        self.delimiter = delimiter;
        self
    }

    /// The survey tool the responses come from (default [`Source::Auto`]:
    /// recognised from the first row; see [`Source`]).
    ///
    /// ```
    /// use rolebalance::{Framework, Instrument, Scorer, Source};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let inst = Instrument::likert(fw, 1, 5).item("q1", "vision", false).item("q2", "execution", false).build()?;
    /// let monkey = "Respondent ID,Collector ID,Team,Rate each,\n,,Response,q1,q2\n11,c,Lab,4,2\n";
    /// let scored = Scorer::new(inst).source(Source::SurveyMonkey).score(monkey.as_bytes())?;
    /// assert_eq!(scored.roster().get(0).unwrap().id(), "11");
    /// assert_eq!(scored.roster().get(0).unwrap().strengths(), [0.75, 0.25]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn source(mut self, source: Source) -> Scorer {
        self.source = source;
        self
    }

    /// Strict or lenient (for malformed rows; skipped answers are never
    /// errors).
    pub fn mode(mut self, mode: Mode) -> Scorer {
        self.mode = mode;
        self
    }

    /// The share of a pole's items that must be answered for it to be
    /// scored, in (0, 1]; at least one item is always needed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidThreshold`] (named `min_answered`) for a share
    /// that is not in (0, 1].
    pub fn min_answered(mut self, share: f64) -> Result<Scorer, Error> {
        if !(share > 0.0 && share <= 1.0) {
            return Err(ErrorKind::InvalidThreshold { name: "min_answered".to_string(), value: share }.into());
        }
        self.min_answered = share;
        Ok(self)
    }

    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    pub(crate) fn mode_value(&self) -> Mode {
        self.mode
    }

    /// Which columns of the header rows of `csv` (comma-separated) the
    /// scorer uses, and the line of the last header row.
    #[cfg(any(feature = "spreadsheet", feature = "parquet"))]
    pub(crate) fn used_columns(&self, csv: &[u8]) -> Result<(Vec<bool>, u64), Error> {
        let mut rdr = crate::io::records::RecordReader::new(csv, b',', self.max_record);
        let mut rec = csv::ByteRecord::new();
        let mut header = HeaderRows { source: self.source, rows: Vec::new() };
        let mut done = false;
        while let Some(line) = rdr.next_record(&mut rec)? {
            if is_blank(&rec, header.rows.is_empty()) {
                continue;
            }
            if !matches!(header.take(line, &rec)?, Step::More) {
                done = true;
                break;
            }
        }
        if !done && header.rows.is_empty() {
            return Err(ErrorKind::NoHeader.into());
        }
        let (plan, _) = self.header(&header)?;
        let last = header.rows.last().map_or(1, |(l, _)| *l);
        Ok((plan.roles.iter().map(|r| *r != Role::Ignored).collect(), last))
    }

    /// Scores a responses file; see [`Scorer::score`].
    ///
    /// # Errors
    ///
    /// As [`Scorer::score`], and [`ErrorKind::Io`] when the file cannot be
    /// opened.
    pub fn score_path<P: AsRef<std::path::Path>>(&self, path: P) -> Result<Scored, Error> {
        self.score(crate::error::open(path.as_ref())?).map_err(|e| e.in_file(path.as_ref()))
    }

    /// Scores responses read from `reader`.
    ///
    /// # Errors
    ///
    /// Header errors ([`ErrorKind::NoHeader`], [`ErrorKind::MissingColumn`]
    /// for `id`, `team` or an item, [`ErrorKind::DuplicateColumn`]), I/O
    /// errors, and in strict mode the first malformed row:
    /// [`ErrorKind::Value`] (naming line, column and value: off the scale,
    /// not a number, empty `id`...), [`ErrorKind::FieldCount`],
    /// [`ErrorKind::BlockSum`], [`ErrorKind::DuplicateMember`]. Too few
    /// answers is not an error: see [`Scored::unscored`].
    pub fn score<R: io::Read>(&self, reader: R) -> Result<Scored, Error> {
        let inst = &self.instrument;
        let k = inst.items().len();
        let (delimiter, reader) = crate::io::delimiter::sniff(reader, self.delimiter)?;
        // The one record rule of every reader (`io/records.rs`).
        let mut rdr = crate::io::records::RecordReader::new(reader, delimiter, self.max_record);
        let mut header = HeaderRows { source: self.source, rows: Vec::new() };
        let mut rec = csv::ByteRecord::new();
        let mut plan: Option<Plan> = None;
        let mut log = ReadLog::default();
        let roster_framework = inst.roster_framework().cloned();
        let mut roster = Roster::new(roster_framework.clone().unwrap_or_else(|| inst.framework().clone()));
        // The roster's poles as indices of the instrument's framework.
        let roster_poles: Vec<usize> = match &roster_framework {
            Some(fw) => fw.pole_names().filter_map(|p| inst.framework().pole(p)).map(|p| p.index()).collect(),
            None => Vec::new(),
        };
        let mut rows = Vec::new();
        let mut scores = Vec::new();
        let mut unscored = Vec::new();
        let mut answers = vec![f64::NAN; k];
        // The one duplicate check of every reader (teams numbered here: a
        // respondent left unscored adds no team to the roster).
        let (mut teams, mut pairs, mut filter) = (Interner::default(), PairCheck::new(true), [0u64; 4]);
        while let Some(line) = rdr.next_record(&mut rec)? {
            if is_blank(&rec, header.rows.is_empty()) {
                continue;
            }
            if plan.is_none() {
                let step = header.take(line, &rec)?;
                if matches!(step, Step::Done | Step::DoneBefore) {
                    let (mut p, unknown) = self.header(&header)?;
                    p.delimiter = delimiter;
                    log = ReadLog::new(unknown);
                    plan = Some(p);
                }
                if !matches!(step, Step::DoneBefore) {
                    continue;
                }
            }
            let Some(plan) = plan.as_ref() else { continue };
            // As the roster's reader: among the lines read again after a bad
            // record over several lines, a record with a quote is the rest
            // of that record (or the one that closed a stray quote).
            let stray = rdr.in_reread(line) && memchr::memchr(b'"', rec.as_slice()).is_some();
            let mut malformed = true;
            let checked = if stray {
                Err(first_field_err(plan, &rec, line, |_, f| f.contains(&b'"'), ValueProblem::StrayQuote))
            } else {
                self.row(&rec, line, plan, &mut answers)
            };
            let result = checked.and_then(|(row, pole_scores)| {
                malformed = false;
                let (t, _) = teams.intern(row.team);
                if let Some(r) = pairs.check(t, &mut filter, row.id.as_bytes(), line) {
                    let (id, team) = (row.id.to_string(), row.team.to_string());
                    return Err(ErrorKind::DuplicateMember { line, first_line: r.first_line, id, team }.into());
                }
                let respondent = rows.len();
                let strengths: Result<Vec<f64>, Error> = match &roster_framework {
                    None => Err(ErrorKind::InvalidInstrument {
                        problem: "the instrument measures no dimension's two poles, so there is no roster".to_string(),
                    }
                    .into()),
                    Some(_) => roster_poles
                        .iter()
                        .map(|&p| match pole_scores.get(p).copied().flatten() {
                            Some(s) => Ok(s),
                            None => Err(self.too_few(line, plan, p, &answers)),
                        })
                        .collect(),
                };
                match strengths {
                    Ok(strengths) => roster.push_checked(row.id, row.name, row.team, row.weight, &strengths),
                    Err(reason) => unscored.push(Unscored {
                        row: respondent,
                        line,
                        id: row.id.to_string(),
                        team: row.team.to_string(),
                        reason,
                    }),
                }
                rows.push(answers.clone());
                scores.push(pole_scores);
                Ok(())
            });
            let skipped = log.skipped().len();
            log.record(self.mode, line, result)?;
            // A bad record over several lines may be a stray quote that
            // swallowed the rows after it: read them again (lenient mode;
            // strict mode has stopped at its error).
            if malformed && log.skipped().len() > skipped {
                rdr.reread();
            }
        }
        if plan.is_none() {
            if header.rows.is_empty() {
                return Err(ErrorKind::NoHeader.into());
            }
            let (_, unknown) = self.header(&header)?;
            log = ReadLog::new(unknown);
        }
        log.set_delimiter(delimiter);
        let source = header.source;
        Ok(Scored { roster, log, instrument: inst.clone(), rows, scores, unscored, source })
    }

    /// Resolves the header rows: the plan and the unknown columns, in
    /// `O(columns)`.
    fn header(&self, header: &HeaderRows) -> Result<(Plan, Vec<String>), Error> {
        let Some((line, first)) = header.rows.first() else { return Err(ErrorKind::NoHeader.into()) };
        let line = *line;
        let source = header.source;
        let lower = header_names(first, line)?;
        let second = header.rows.get(1).map(|(_, r)| crate::io::mapping::spelled_names(r));
        let (spelled, texts) =
            crate::io::survey::columns(source, &crate::io::mapping::spelled_names(first), second.as_deref());
        let names: Vec<String> = if source == Source::SurveyMonkey {
            let mut rec = csv::ByteRecord::new();
            spelled.iter().for_each(|s| rec.push_field(s.as_bytes()));
            header_names(&rec, line)?
        } else {
            lower
        };
        // The source's default id, where the file and the mapping have none.
        let mut map = self.columns.clone();
        if !map.maps("id") && !names.iter().any(|n| n == "id") {
            let found = source
                .default_ids()
                .iter()
                .find(|c| names.iter().any(|n| n == *c) || texts.iter().any(|t| t.iter().any(|x| x == *c)));
            if let Some(c) = found {
                map = map.with("id", c)?;
            }
        }
        let inst = &self.instrument;
        if let Some(t) =
            map.unknown_target(|c| matches!(c, "id" | "team" | "name" | "weight") || inst.item_index(c).is_some())
        {
            return Err(ErrorKind::InvalidMapping {
                problem: format!(
                    "`{}` is not a responses column: expected `id`, `team`, `name`, `weight` or an item of the instrument",
                    crate::error::shown(t)
                ),
            }
            .into());
        }
        let keys = map.apply(&names, &spelled, &|i| texts.get(i).cloned().unwrap_or_default(), line)?;
        let mut by_text: std::collections::HashMap<String, usize, crate::util::hash::Keyed> =
            std::collections::HashMap::with_capacity_and_hasher(inst.items().len(), crate::util::hash::Keyed);
        for (j, item) in inst.items().iter().enumerate() {
            if let Some(t) = item.text() {
                by_text.entry(crate::io::survey::normalize(t)).or_insert(j);
            }
        }
        // A question's text may also be an item's name (a SurveyMonkey statement `q1`).
        for (j, item) in inst.items().iter().enumerate() {
            by_text.entry(crate::io::survey::normalize(item.name())).or_insert(j);
        }
        let k = inst.items().len();
        let mut item_column: Vec<Option<String>> = vec![None; k];
        let mut roles = Vec::with_capacity(names.len());
        let mut unknown = Vec::new();
        let (mut has_id, mut has_team) = (false, false);
        for (i, (n, key)) in names.iter().zip(&keys).enumerate() {
            let spelling = spelled.get(i).cloned().unwrap_or_default();
            let key = match key {
                Key::Name(k) => k.as_str(),
                Key::Shadowed => "",
            };
            let by_text = || {
                if key != n.as_str() || key.is_empty() {
                    return None;
                }
                texts.get(i).and_then(|t| t.iter().find_map(|x| by_text.get(x).copied()))
            };
            roles.push(match key {
                "id" => {
                    has_id = true;
                    Role::Id
                }
                "team" => {
                    has_team = true;
                    Role::Team
                }
                "name" => Role::Name,
                "weight" => Role::Weight,
                other => match self.instrument.item_index(other).or_else(by_text) {
                    Some(j) => {
                        if let Some(slot) = item_column.get_mut(j) {
                            if let Some(first) = slot.take() {
                                return Err(ErrorKind::AmbiguousColumn {
                                    line,
                                    item: inst.items().get(j).map_or("", |it| it.name()).to_string(),
                                    first,
                                    second: spelling,
                                }
                                .into());
                            }
                            *slot = Some(spelling);
                        }
                        Role::Item(j)
                    }
                    None => {
                        unknown.push(if spelling.is_empty() { format!("field {}", i + 1) } else { spelling });
                        Role::Ignored
                    }
                },
            });
        }
        for (has, column) in [(has_id, "id"), (has_team, "team")] {
            if !has {
                return Err(ErrorKind::MissingColumn { line, column: column.to_string() }.into());
            }
        }
        let mut columns = Vec::with_capacity(k);
        for (item, col) in self.instrument.items().iter().zip(item_column) {
            match col {
                Some(c) => columns.push(c),
                None => return Err(ErrorKind::MissingColumn { line, column: item.name().to_string() }.into()),
            }
        }
        Ok((Plan { roles, spelled, names, item_column: columns, delimiter: b',' }, unknown))
    }

    /// Parses and checks one row; `answers` receives the keyed answers;
    /// returns the row and its pole scores (one per framework pole).
    fn row<'r>(
        &self,
        rec: &'r csv::ByteRecord,
        line: u64,
        plan: &Plan,
        answers: &mut [f64],
    ) -> Result<(Row<'r>, Vec<Option<f64>>), Error> {
        let inst = &self.instrument;
        let value_err = |col: usize, raw: &[u8], problem: ValueProblem| -> Error {
            ErrorKind::Value {
                line,
                column: plan.spelled.get(col).cloned().unwrap_or_default(),
                value: String::from_utf8_lossy(raw).trim().to_string(),
                problem,
            }
            .into()
        };
        // First, so that a stray quote is named as such and never swallows
        // rows: a line break is kept in free text (a name, an ignored
        // column) unless a line after it holds a delimiter, as in a roster.
        if memchr::memchr2(b'\n', b'\r', rec.as_slice()).is_some() {
            let d = plan.delimiter;
            let free_text = |col: usize| matches!(plan.roles.get(col), Some(Role::Name | Role::Ignored));
            let bad = |col: usize, f: &[u8]| match memchr::memchr2(b'\n', b'\r', f) {
                None => false,
                Some(at) => !free_text(col) || f.get(at..).is_some_and(|rest| memchr::memchr(d, rest).is_some()),
            };
            if rec.iter().enumerate().any(|(c, f)| bad(c, f)) {
                return Err(first_field_err(plan, rec, line, bad, ValueProblem::LineBreak));
            }
        }
        check_field_count(&plan.names, rec, line).map_err(|e| respell(e, plan))?;
        answers.fill(f64::NAN);
        let mut row = Row { id: "", team: "", name: None, weight: 1.0 };
        for (col, (raw, &role)) in rec.iter().zip(&plan.roles).enumerate() {
            if role == Role::Ignored {
                continue;
            }
            let text = std::str::from_utf8(raw).map_err(|_| value_err(col, raw, ValueProblem::InvalidUtf8))?.trim();
            let number = |range: Range| -> Result<f64, Error> {
                let v: f64 = text.parse().map_err(|_| value_err(col, raw, ValueProblem::NotANumber))?;
                check_number(v, range).map_err(|p| value_err(col, raw, p))
            };
            match role {
                Role::Ignored => {}
                Role::Id if text.is_empty() => return Err(value_err(col, raw, ValueProblem::Empty)),
                Role::Id => row.id = text,
                Role::Team => {
                    team::check(text).map_err(|p| value_err(col, raw, p))?;
                    row.team = text;
                }
                Role::Name => row.name = (!text.is_empty()).then_some(text),
                Role::Weight if text.is_empty() => row.weight = 1.0,
                Role::Weight => row.weight = number(Range::Unit)?,
                Role::Item(_) if text.is_empty() => {}
                Role::Item(j) => {
                    let Some(item) = inst.items().get(j) else { continue };
                    let range = match item.block().and_then(|b| inst.blocks().get(b)) {
                        Some(b) => Range::Scale { min: 0, max: b.points() },
                        None => {
                            let (min, max) = inst.scale();
                            Range::Scale { min, max }
                        }
                    };
                    if let Some(a) = answers.get_mut(j) {
                        *a = inst.keyed(item, number(range)?);
                    }
                }
            }
        }
        let scores = match inst.kind() {
            InstrumentKind::Likert => self.likert(answers),
            InstrumentKind::Ipsative => self.ipsative(line, plan, answers)?,
        };
        Ok((row, scores))
    }

    /// The fewest answered items that score a pole of `n` items.
    fn required(&self, n: usize) -> usize {
        ((self.min_answered * n as f64 - 1e-9).ceil() as usize).clamp(1, n.max(1))
    }

    /// Whether item `i` counts as answered: a Likert answer, or an item of
    /// an answered ipsative block (whose empty cells were set to 0).
    fn answered(answers: &[f64], i: usize) -> bool {
        answers.get(i).is_some_and(|x| !x.is_nan())
    }

    /// [`ErrorKind::TooFewAnswers`] for pole `p`.
    fn too_few(&self, line: u64, plan: &Plan, p: usize, answers: &[f64]) -> Error {
        let inst = &self.instrument;
        let items = inst.pole_items(p);
        let n = items.iter().filter(|&&i| Scorer::answered(answers, i)).count();
        let first = items.iter().find(|&&i| !Scorer::answered(answers, i)).and_then(|&i| plan.item_column.get(i));
        ErrorKind::TooFewAnswers {
            line,
            column: first.cloned().unwrap_or_default(),
            pole: inst.framework().pole_names().nth(p).unwrap_or_default().to_string(),
            answered: n,
            items: items.len(),
            required: self.required(items.len()),
        }
        .into()
    }

    fn likert(&self, answers: &[f64]) -> Vec<Option<f64>> {
        let inst = &self.instrument;
        let (min, max) = inst.scale();
        // The scale's ends are within ±2^53 (`instrument::MAX_SCALE`): exact.
        let (min, span) = (min as f64, (i128::from(max) - i128::from(min)) as f64);
        (0..inst.framework().pole_count())
            .map(|p| {
                let items = inst.pole_items(p);
                let (sum, n) = items
                    .iter()
                    .filter_map(|&i| answers.get(i).filter(|x| !x.is_nan()))
                    .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
                (!items.is_empty() && n >= self.required(items.len()))
                    .then(|| ((sum / n.max(1) as f64 - min) / span).clamp(0.0, 1.0))
            })
            .collect()
    }

    fn ipsative(&self, line: u64, plan: &Plan, answers: &mut [f64]) -> Result<Vec<Option<f64>>, Error> {
        let inst = &self.instrument;
        let mut block_answered = vec![false; inst.blocks().len()];
        for (b, block) in inst.blocks().iter().enumerate() {
            let any = block.items().iter().any(|&i| answers.get(i).is_some_and(|x| !x.is_nan()));
            if !any {
                continue;
            }
            let mut sum = 0.0;
            for &i in block.items() {
                if let Some(a) = answers.get_mut(i) {
                    if a.is_nan() {
                        *a = 0.0;
                    }
                    sum += *a;
                }
            }
            let points = block.points() as f64;
            if (sum - points).abs() > 1e-9 * points.max(1.0) {
                let first = block.items().first().and_then(|&i| plan.item_column.get(i));
                return Err(ErrorKind::BlockSum {
                    line,
                    column: first.cloned().unwrap_or_default(),
                    block: block.name().to_string(),
                    expected: block.points(),
                    found: sum,
                }
                .into());
            }
            if let Some(a) = block_answered.get_mut(b) {
                *a = true;
            }
        }
        let strengths = (0..inst.framework().pole_count())
            .map(|p| {
                let items = inst.pole_items(p);
                let answered = items.iter().filter(|&&i| Scorer::answered(answers, i)).count();
                if items.is_empty() || answered < self.required(items.len()) {
                    return None;
                }
                let points: f64 =
                    items.iter().filter(|&&i| Scorer::answered(answers, i)).filter_map(|&i| answers.get(i)).sum();
                let mut blocks: Vec<usize> = items.iter().filter_map(|&i| inst.items().get(i)?.block()).collect();
                blocks.sort_unstable();
                blocks.dedup();
                let available: f64 = blocks
                    .iter()
                    .filter(|&&b| block_answered.get(b).copied().unwrap_or(false))
                    .filter_map(|&b| inst.blocks().get(b))
                    .map(|b| b.points() as f64)
                    .sum();
                Some(if available > 0.0 { (points / available).clamp(0.0, 1.0) } else { 0.0 })
            })
            .collect();
        Ok(strengths)
    }
}

/// The error `problem` for the first field of `rec` that `bad` selects,
/// naming its column as the header spells it.
fn first_field_err(
    plan: &Plan,
    rec: &csv::ByteRecord,
    line: u64,
    bad: impl Fn(usize, &[u8]) -> bool,
    problem: ValueProblem,
) -> Error {
    let (col, raw) = rec.iter().enumerate().find(|(c, f)| bad(*c, f)).unwrap_or((0, b""));
    let column = match plan.spelled.get(col) {
        Some(n) if !n.is_empty() => n.clone(),
        _ => format!("field {}", col + 1),
    };
    ErrorKind::Value { line, column, value: String::from_utf8_lossy(raw).trim().to_string(), problem }.into()
}

/// A field-count error naming its column as the header spells it.
fn respell(e: Error, plan: &Plan) -> Error {
    match e.into_kind() {
        ErrorKind::FieldCount { line, column, expected, found } => {
            let column = match plan.names.iter().position(|n| *n == column).and_then(|i| plan.spelled.get(i)) {
                Some(s) => s.clone(),
                None => column,
            };
            ErrorKind::FieldCount { line, column, expected, found }.into()
        }
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::framework::Framework;

    fn fw() -> Framework {
        Framework::builder().dimension("horizon", "vision", "execution").build().unwrap()
    }

    fn likert() -> Instrument {
        Instrument::likert(fw(), 1, 5)
            .item("q1", "vision", false)
            .item("q2", "vision", true)
            .item("q3", "vision", false)
            .item("q4", "execution", false)
            .item("q5", "execution", true)
            .build()
            .unwrap()
    }

    #[test]
    fn scores_likert_with_missing_answers() {
        let csv = "\u{feff}ID,Team,Weight,Name,Q5,q4,q3,q2,q1,extra\n\
                   a,T,0.5,Ana,1,5,3,,4,x\n\
                   \n\
                   b,T/U,,,5,1,1,1,1,\n";
        let s = Scorer::new(likert()).score(csv.as_bytes()).unwrap();
        let m: Vec<_> = s.roster().iter().collect();
        assert_eq!(m[0].strengths(), [(4.0 + 3.0) / 2.0 / 4.0 - 0.25, 1.0]);
        assert_eq!(m[0].weight(), 0.5);
        assert_eq!(m[0].name(), Some("Ana"));
        assert!((m[1].strengths()[0] - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(s.log().unknown_columns(), ["extra"]);
        assert_eq!(s.answers(0).unwrap(), [Some(4.0), None, Some(3.0), Some(5.0), Some(5.0)]);
        assert_eq!(s.log().rows(), 2);
    }

    #[test]
    fn strict_errors_and_lenient_skips() {
        let csv = "id,team,q1,q2,q3,q4,q5\n\
                   a,T,1,2,3,4,0\n\
                   b,T,1,,,4,5\n\
                   c,T,1,2,3,4,5\n\
                   c,T,1,2,3,4,5\n\
                   d,T,1,2,x,4,5\n\
                   e,T,1,2,3,4\n";
        let e = Scorer::new(likert()).score(csv.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "line 2, column `q5`: `0` is out of range [1, 5]");
        assert_eq!((e.line(), e.column(), e.value()), (Some(2), Some("q5"), Some("0")));
        let s = Scorer::new(likert()).mode(Mode::Lenient).score(csv.as_bytes()).unwrap();
        let reasons: Vec<String> = s.log().skipped().iter().map(|r| r.error().to_string()).collect();
        assert_eq!(
            reasons,
            [
                "line 2, column `q5`: `0` is out of range [1, 5]",
                "line 5, column `id`: `c` is already in team `T` at line 4",
                "line 6, column `q3`: `x` is not a number",
                "line 7, column `q5`: expected 7 fields, found 6",
            ]
        );
        assert_eq!(s.roster().len(), 1);
        assert_eq!(s.log().rows(), 6);
        // Too few answers is not malformed: b is a respondent, not in the roster, with the reason.
        assert_eq!(s.respondents(), 2);
        let b = &s.unscored()[0];
        assert_eq!((b.id(), b.team(), b.line(), b.row()), ("b", "T", 3, 0));
        assert_eq!(
            b.reason().to_string(),
            "line 3, column `q2`: pole `vision` has 1 of 3 items answered, needs at least 2"
        );
        assert_eq!(s.answers(0).unwrap()[1], None);
        assert_eq!(s.pole_scores(0).unwrap()[0], None);
        // Strict mode does not stop at it either.
        let ok =
            Scorer::new(likert()).score("id,team,q1,q2,q3,q4,q5\nb,T,1,,,4,5\nc,T,1,2,3,4,5\n".as_bytes()).unwrap();
        assert_eq!((ok.roster().len(), ok.unscored().len()), (1, 1));
        // Columns are named as the header spells them.
        let e = Scorer::new(likert()).score("ID,Team,Q1,q2,q3,q4,q5\nb,T,9,1,1,4,5\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "line 2, column `Q1`: `9` is out of range [1, 5]");
        let e = Scorer::new(likert()).score("ID,Team,Q1,q2,q3,q4,Q5\nb,T,1,1,1,4\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "line 2, column `Q5`: expected 7 fields, found 6");
        let s =
            Scorer::new(likert()).min_answered(0.3).unwrap().score("id,team,q1,q2,q3,q4,q5\nb,T,1,,,4,5\n".as_bytes());
        assert!(s.is_ok());
        assert!(Scorer::new(likert()).min_answered(0.0).is_err());
        let e = Scorer::new(likert()).score("id,team,q1,q2,q3,q4\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "line 1: missing column `q5`");
    }

    #[test]
    fn scores_ipsative_blocks() {
        let inst = Instrument::ipsative(fw())
            .block_item("b1", 10, "a1", "vision")
            .block_item("b1", 10, "a2", "execution")
            .block_item("b1", 10, "a3", "vision")
            .block_item("b2", 6, "c1", "vision")
            .block_item("b2", 6, "c2", "execution")
            .build()
            .unwrap();
        let csv = "id,team,a1,a2,a3,c1,c2\nx,T,4,6,,6,0\ny,T,,,,1,5\nz,T,4,4,,3,3\nw,T,11,0,0,3,3\n";
        let s = Scorer::new(inst).mode(Mode::Lenient).min_answered(0.3).unwrap().score(csv.as_bytes()).unwrap();
        let m: Vec<_> = s.roster().iter().collect();
        assert_eq!(m[0].strengths(), [10.0 / 16.0, 6.0 / 16.0]);
        assert_eq!(m[1].strengths(), [1.0 / 6.0, 5.0 / 6.0]);
        let reasons: Vec<String> = s.log().skipped().iter().map(|r| r.error().to_string()).collect();
        assert_eq!(
            reasons,
            [
                "line 4, column `a1`: the answers of block `b1` add up to 8, expected 10",
                "line 5, column `a1`: `11` is out of range [0, 10]",
            ]
        );
        assert_eq!(s.answers(0).unwrap()[2], Some(0.0));
    }
}
