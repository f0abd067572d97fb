//! The crate's one error type.
//!
//! [`Error`] is opaque and cheap to move (one pointer); [`Error::kind`] gives
//! the [`ErrorKind`], and [`Error::line`], [`Error::column`] and
//! [`Error::value`] give the position of a data error without matching on it.
//! Messages are lowercase, name what is wrong and where, and are asserted
//! word for word by the test suite (`tests/error_messages.rs`). Text taken
//! from the input is shown on one line and cut after 100 characters (see
//! [`Error::value`] for the full text).

use std::fmt;
use std::io;

/// An error of this crate: an invalid framework, member, threshold, roster
/// header or roster value, or an I/O failure.
///
/// # Examples
///
/// ```
/// use rolebalance::{ErrorKind, ReaderBuilder};
/// let csv = "id,team,inspire,organize,vision,execution,people,process,risk_taking,risk_management\n\
///            ana,Core,0.5,0.5,0.5,x,0.5,0.5,0.5,0.5\n";
/// let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert_eq!(err.column(), Some("execution"));
/// assert_eq!(err.value(), Some("x"));
/// assert_eq!(err.to_string(), "line 2, column `execution`: `x` is not a number");
/// assert!(matches!(err.kind(), ErrorKind::Value { .. }));
/// ```
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// The message of the error's kind, every control character and invisible
/// format character in it escaped ([`escape_controls`]): a value, a column
/// name or an id from the input cannot move the cursor, colour the
/// terminal, print a link (OSC 8), overwrite the line with a carriage
/// return or reverse the text, wherever the message is printed.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self.0.to_string();
        f.write_str(&escape_controls(&message))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

impl Error {
    /// What went wrong.
    ///
    /// ```
    /// # use rolebalance::ReaderBuilder;
    /// # let csv = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
    /// # let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
    /// assert!(matches!(err.kind(), rolebalance::ErrorKind::Value { .. }));
    /// ```
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// What went wrong, by value.
    ///
    /// ```
    /// # use rolebalance::ReaderBuilder;
    /// # let csv = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
    /// # let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
    /// match err.into_kind() {
    ///     rolebalance::ErrorKind::Value { line, .. } => assert_eq!(line, 2),
    ///     other => panic!("unexpected {other}"),
    /// }
    /// ```
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// The 1-based line of the input the error is about (the header is line
    /// 1), where it is about a line.
    ///
    /// ```
    /// # use rolebalance::ReaderBuilder;
    /// # let csv = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
    /// # let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// ```
    pub fn line(&self) -> Option<u64> {
        use ErrorKind::*;
        match self.kind() {
            InFile { error, .. } => error.line(),
            Value { line, .. }
            | FieldCount { line, .. }
            | DuplicateMember { line, .. }
            | MissingColumn { line, .. }
            | MissingDimension { line, .. }
            | MissingPartner { line, .. }
            | BothForms { line, .. }
            | DuplicateColumn { line, .. }
            | IntensityWithoutDimension { line, .. }
            | EmptyHeader { line, .. }
            | FrameworkFile { line, .. }
            | RequirementsFile { line, .. }
            | ConstraintFile { line, .. }
            | InstanceFile { line, .. }
            | InstrumentFile { line, .. }
            | TooFewAnswers { line, .. }
            | BlockSum { line, .. }
            | MappingFile { line, .. }
            | MappedColumnMissing { line, .. }
            | ManagerColumnMissing { line, .. }
            | DuplicatePerson { line, .. }
            | UnknownManager { line, .. }
            | ReportingCycle { line, .. }
            | TooDeep { line, .. }
            | ManagerLeftOut { line, .. }
            | AmbiguousColumn { line, .. }
            | RecordTooLong { line, .. } => Some(*line),
            Cell { row, .. } => Some(*row),
            NoHeader => Some(1),
            _ => None,
        }
    }

    /// The column the error names, where it names one.
    ///
    /// ```
    /// # use rolebalance::ReaderBuilder;
    /// # let csv = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
    /// # let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
    /// assert_eq!(err.column(), Some("horizon"));
    /// ```
    pub fn column(&self) -> Option<&str> {
        use ErrorKind::*;
        match self.kind() {
            InFile { error, .. } => error.column(),
            Value { column, .. }
            | FieldCount { column, .. }
            | MissingColumn { column, .. }
            | MissingPartner { column, .. }
            | DuplicateColumn { column, .. }
            | IntensityWithoutDimension { column, .. }
            | MemberValue { field: column, .. } => Some(column),
            MissingDimension { dimension, .. } | BothForms { dimension, .. } => Some(dimension),
            TooFewAnswers { column, .. } | BlockSum { column, .. } => Some(column),
            UnknownManager { column, .. }
            | ReportingCycle { column, .. }
            | TooDeep { column, .. }
            | ManagerLeftOut { column, .. } => Some(column),
            MappedColumnMissing { header, .. } | ManagerColumnMissing { header, .. } => Some(header),
            Cell { column, .. } => column.as_deref(),
            DuplicateMember { .. } | DuplicatePerson { .. } => Some("id"),
            _ => None,
        }
    }

    /// The raw value the error names, where it names one (trimmed, invalid
    /// UTF-8 replaced by U+FFFD), in full: the message shows it on one line,
    /// control characters escaped, cut after 100 characters.
    ///
    /// ```
    /// # use rolebalance::ReaderBuilder;
    /// # let csv = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
    /// # let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
    /// assert_eq!(err.value(), Some("2"));
    /// ```
    pub fn value(&self) -> Option<&str> {
        use ErrorKind::*;
        match self.kind() {
            InFile { error, .. } => error.value(),
            Value { value, .. } | MemberValue { value, .. } => Some(value),
            Cell { value, .. } => value.as_deref(),
            UnknownManager { manager, .. } | ManagerLeftOut { manager, .. } => Some(manager),
            DuplicatePerson { id, .. } | TooDeep { id, .. } => Some(id),
            DuplicateMember { id, .. }
            | DuplicatePair { id, .. }
            | DuplicateId { id }
            | UnknownMember { id, .. }
            | UnknownPinTeam { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }
}

/// Two errors are equal when their kinds are.
impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        self.kind() == other.kind()
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Error {
        ErrorKind::Io(IoError::new(err)).into()
    }
}

impl Error {
    /// The error of opening or reading the file at `path`, naming it.
    pub(crate) fn reading(path: &std::path::Path, err: io::Error) -> Error {
        ErrorKind::Io(IoError { source: err, path: Some(path.to_path_buf()), op: IoOp::Read }).into()
    }

    /// The error of creating or writing the file at `path`, naming it.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    pub(crate) fn writing(path: &std::path::Path, err: io::Error) -> Error {
        ErrorKind::Io(IoError { source: err, path: Some(path.to_path_buf()), op: IoOp::Write }).into()
    }

    /// The file the error is about, where it names one: the path given to a
    /// `*_path` function whose file could not be opened, read or written.
    ///
    /// ```
    /// let err = rolebalance::ReaderBuilder::new().read_roster_path("/nonexistent/roster.csv").unwrap_err();
    /// assert_eq!(err.path(), Some(std::path::Path::new("/nonexistent/roster.csv")));
    /// ```
    pub fn path(&self) -> Option<&std::path::Path> {
        match self.kind() {
            ErrorKind::Io(e) => e.path(),
            ErrorKind::InFile { path, .. } => Some(std::path::Path::new(path)),
            _ => None,
        }
    }
}

impl Error {
    /// This error, naming `path` if it is an i/o error that names no file:
    /// what a `*_path` function returns for a failure while reading.
    pub(crate) fn in_file(mut self, path: &std::path::Path) -> Error {
        if let ErrorKind::Io(e) = &mut *self.0 {
            if e.path.is_none() {
                e.path = Some(path.to_path_buf());
            }
        }
        self
    }
}

/// Opens the file at `path` for reading; the error names the path.
pub(crate) fn open(path: &std::path::Path) -> Result<std::fs::File, Error> {
    std::fs::File::open(path).map_err(|e| Error::reading(path, e))
}

/// Whether an [`IoError`] happened reading or writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IoOp {
    Read,
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    Write,
}

/// An input or output failure: the [`io::Error`] and, where the crate was
/// given one, the file's path.
///
/// Its message names the file (or says that reading failed) and does not
/// repeat the cause: the cause is [`std::error::Error::source`], so that a
/// report of the chain (as `anyhow` prints it) shows each part once.
///
/// Two `IoError`s are equal when they name the same path and their causes
/// have the same [`io::ErrorKind`] and message.
///
/// ```
/// use std::error::Error as _;
/// use rolebalance::ErrorKind;
/// let err = rolebalance::ReaderBuilder::new().read_roster_path("/nonexistent/roster.csv").unwrap_err();
/// assert_eq!(err.to_string(), "cannot read `/nonexistent/roster.csv`");
/// let ErrorKind::Io(io) = err.kind() else { panic!("not an i/o error") };
/// assert_eq!(io.io_kind(), std::io::ErrorKind::NotFound);
/// // The cause is the source, once: "No such file or directory (os error 2)".
/// assert_eq!(err.source().unwrap().to_string(), io.io_error().to_string());
/// assert!(err.source().unwrap().source().is_none());
/// ```
#[derive(Debug)]
pub struct IoError {
    source: io::Error,
    path: Option<std::path::PathBuf>,
    op: IoOp,
}

impl IoError {
    fn new(source: io::Error) -> IoError {
        IoError { source, path: None, op: IoOp::Read }
    }

    /// The file, where the crate was given a path.
    ///
    /// ```
    /// # let err = rolebalance::ReaderBuilder::new().read_roster_path("missing.csv").unwrap_err();
    /// # let rolebalance::ErrorKind::Io(io) = err.kind() else { panic!() };
    /// assert_eq!(io.path(), Some(std::path::Path::new("missing.csv")));
    /// ```
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The cause.
    ///
    /// ```
    /// # let err = rolebalance::ReaderBuilder::new().read_roster_path("missing.csv").unwrap_err();
    /// # let rolebalance::ErrorKind::Io(io) = err.kind() else { panic!() };
    /// assert_eq!(io.io_error().kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn io_error(&self) -> &io::Error {
        &self.source
    }

    /// The kind of the cause.
    ///
    /// ```
    /// # let err = rolebalance::ReaderBuilder::new().read_roster_path("missing.csv").unwrap_err();
    /// # let rolebalance::ErrorKind::Io(io) = err.kind() else { panic!() };
    /// assert_eq!(io.io_kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn io_kind(&self) -> io::ErrorKind {
        self.source.kind()
    }

    /// The cause, by value.
    ///
    /// ```
    /// # let err = rolebalance::ReaderBuilder::new().read_roster_path("missing.csv").unwrap_err();
    /// let rolebalance::ErrorKind::Io(io) = err.into_kind() else { panic!() };
    /// assert_eq!(io.into_io_error().kind(), std::io::ErrorKind::NotFound);
    /// ```
    pub fn into_io_error(self) -> io::Error {
        self.source
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.op) {
            (Some(p), IoOp::Read) => write!(f, "cannot read `{}`", shown(&p.display().to_string())),
            (Some(p), IoOp::Write) => write!(f, "cannot write `{}`", shown(&p.display().to_string())),
            (None, IoOp::Read) => f.write_str("read error"),
            (None, IoOp::Write) => f.write_str("write error"),
        }
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl PartialEq for IoError {
    fn eq(&self, other: &IoError) -> bool {
        self.path == other.path
            && self.op == other.op
            && self.source.kind() == other.source.kind()
            && self.source.to_string() == other.source.to_string()
    }
}

/// What is wrong with one value.
///
/// ```
/// # use rolebalance::ReaderBuilder;
/// # let csv = "id,team,purpose,horizon,focus,risk\nana,Lab,0.5,2,0,0\n";
/// # let err = ReaderBuilder::new().read_roster(csv.as_bytes()).unwrap_err();
/// use rolebalance::{ErrorKind, Range, ValueProblem};
/// match err.kind() {
///     ErrorKind::Value { problem, .. } => assert_eq!(*problem, ValueProblem::OutOfRange(Range::Signed)),
///     other => panic!("unexpected {other}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueProblem {
    /// The cell is empty where a value is needed.
    Empty,
    /// The text is not a number in Rust's `f64` syntax.
    NotANumber,
    /// The number is NaN.
    NaN,
    /// The number is infinite.
    Infinite,
    /// The number is outside the allowed range.
    OutOfRange(Range),
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// The team path has an empty segment (`A//B`, `/A`, `A/`).
    EmptyTeamSegment,
    /// A quoted field with a line break where none may be: outside free text
    /// (`name` and ignored columns), or in free text whose later lines hold a
    /// comma (most often a quote that is not closed).
    LineBreak,
    /// A quote in a field of a line read again after a row that spanned
    /// lines (lenient mode): the rest of that row, or the row whose quote
    /// closed a stray one.
    StrayQuote,
    /// The id of a manager holds `/`, which separates the levels of the
    /// team paths a [`Hierarchy`](crate::Hierarchy) names after managers.
    SlashInManagerId,
}

/// What is wrong, as a phrase without the value: `not a number`, `out of
/// range [0, 1]` (the error's message puts the value in front).
///
/// ```
/// use rolebalance::{Range, ValueProblem};
/// assert_eq!(ValueProblem::NotANumber.to_string(), "not a number");
/// assert_eq!(ValueProblem::OutOfRange(Range::Unit).to_string(), "out of range [0, 1]");
/// ```
impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueProblem::Empty => f.write_str("empty where a value is needed"),
            ValueProblem::NotANumber => f.write_str("not a number"),
            ValueProblem::NaN => f.write_str("nan, not a number"),
            ValueProblem::Infinite => f.write_str("infinite"),
            ValueProblem::OutOfRange(r) => write!(f, "out of range {r}"),
            ValueProblem::InvalidUtf8 => f.write_str("not valid utf-8"),
            ValueProblem::EmptyTeamSegment => f.write_str("an empty team path segment"),
            ValueProblem::LineBreak => f.write_str("spans lines"),
            ValueProblem::StrayQuote => f.write_str("a stray quote after a row that spans lines"),
            ValueProblem::SlashInManagerId => f.write_str("a manager id holding `/`"),
        }
    }
}

/// An allowed range of a number.
///
/// ```
/// use rolebalance::Range;
/// assert_eq!(Range::Unit.to_string(), "[0, 1]");
/// assert_eq!(Range::Signed.to_string(), "[-1, 1]");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Range {
    /// [0, 1]: strengths, weights, intensities, thresholds.
    Unit,
    /// [-1, 1]: positions.
    Signed,
    /// `[min, max]`: the answers of an instrument's response scale (ipsative
    /// answers: `[0, points of the block]`).
    Scale {
        /// The lowest answer.
        min: i64,
        /// The highest answer.
        max: i64,
    },
}

impl Range {
    /// The lowest and highest allowed values.
    pub(crate) fn bounds(self) -> (f64, f64) {
        match self {
            Range::Unit => (0.0, 1.0),
            Range::Signed => (-1.0, 1.0),
            Range::Scale { min, max } => (min as f64, max as f64),
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Range::Unit => f.write_str("[0, 1]"),
            Range::Signed => f.write_str("[-1, 1]"),
            Range::Scale { min, max } => write!(f, "[{min}, {max}]"),
        }
    }
}

/// Whether `c` must not reach a terminal as it is: a control character
/// (C0 such as ESC, CR, tab and line feeds, DEL, C1 such as the one-byte
/// CSI and OSC), or an invisible character that changes how text around it
/// looks (zero-width spaces and joiners, bidirectional embeddings,
/// overrides and isolates, the byte-order mark).
pub(crate) fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// `text` with every character that could drive a terminal or change how
/// the text around it looks (see below) escaped as Rust writes it in a
/// string (`\n`, `\r`, `\t`, `\u{1b}`, `\u{202e}`), so that a name, an id
/// or a team from the input shows as what it is wherever a person reads
/// it: an escape sequence (`ESC [ 31 m`), a hyperlink (OSC 8), a carriage
/// return that overwrites the line, a right-to-left override. Borrowed when
/// there is nothing to escape (the common case).
///
/// Escaped: control characters (C0, DEL, C1) and the invisible format
/// characters U+200B to U+200F, U+202A to U+202E, U+2060 to U+2069 and
/// U+FEFF. The text outputs of the crate ([`crate::Report::write_text`],
/// finding messages, error messages) and the examples show names this
/// way; JSON and CSV outputs keep the text as it is (their own quoting
/// makes it safe, and a program reading them gets the real value).
///
/// ```
/// assert_eq!(rolebalance::escape_controls("Ops\u{1b}]8;;http://x\u{7}"), "Ops\\u{1b}]8;;http://x\\u{7}");
/// assert_eq!(rolebalance::escape_controls("done\rfake"), "done\\rfake");
/// assert_eq!(rolebalance::escape_controls("Ana Álvarez"), "Ana Álvarez");
/// ```
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.extend(c.escape_debug());
            if !c.is_control() && !out.ends_with('}') {
                // `escape_debug` leaves some format characters as they are.
                out.pop();
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How many characters of a value an error message shows.
pub(crate) const SHOWN_CHARS: usize = 100;

/// Text from the input as an error message shows it: on one line, control
/// characters escaped (`\n`, `\u{1b}`, as [`escape_controls`]), and cut
/// after 100 characters with `…` when longer, so that a hostile
/// value cannot break the message over several lines, drive a terminal or
/// fill a log. The error's accessors ([`Error::value`], [`Error::column`])
/// keep the full text. Public for programs that print the input's values in
/// their own messages.
///
/// ```
/// assert_eq!(rolebalance::shown("a\u{1b}[2J"), "a\\u{1b}[2J");
/// assert_eq!(rolebalance::shown(&"x".repeat(500)).chars().count(), 101);
/// ```
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let long = text.chars().nth(SHOWN_CHARS).is_some();
    if !long {
        return escape_controls(text);
    }
    let cut: String = text.chars().take(SHOWN_CHARS).collect();
    let mut out = escape_controls(&cut).into_owned();
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// The message's list of columns: `` `a`, `b` `` (the last entry of a cut
/// list is `N more`, shown without quotes).
pub(crate) fn show_columns(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| {
            if c.ends_with(" more") && c.split(' ').next().is_some_and(|n| n.parse::<usize>().is_ok()) {
                format!("and {c}")
            } else {
                format!("`{}`", shown(c))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `value` with `problem`, as a phrase: "`x` is not a number".
fn describe(value: &str, problem: &ValueProblem) -> String {
    let value = shown(value);
    match problem {
        ValueProblem::Empty => "empty value where one is needed".to_string(),
        ValueProblem::NotANumber => format!("`{value}` is not a number"),
        ValueProblem::NaN => format!("`{value}` is nan, not a number"),
        ValueProblem::Infinite => format!("`{value}` is infinite"),
        ValueProblem::OutOfRange(r) => format!("`{value}` is out of range {r}"),
        ValueProblem::InvalidUtf8 => format!("`{value}` is not valid utf-8"),
        ValueProblem::EmptyTeamSegment => format!("`{value}` has an empty team path segment"),
        ValueProblem::LineBreak => format!("`{value}` spans lines: a quote is not closed, or a field has a line break"),
        ValueProblem::StrayQuote => format!("`{value}` has a stray quote, after a row that spans lines"),
        ValueProblem::SlashInManagerId => {
            format!("manager id `{value}` holds `/`, which separates the levels of team paths")
        }
    }
}

/// The kinds of [`Error`].
///
/// New kinds may be added in minor releases.
///
/// ```
/// use rolebalance::{ErrorKind, Framework};
/// let err = Framework::new(vec![]).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::EmptyFramework));
/// assert_eq!(err.to_string(), "a framework needs at least one dimension");
/// ```
#[derive(Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A framework without dimensions.
    #[error("a framework needs at least one dimension")]
    EmptyFramework,
    /// A framework with more than 32 dimensions.
    #[error("a framework has at most 32 dimensions, found {count}")]
    TooManyDimensions {
        /// How many were given.
        count: usize,
    },
    /// A dimension key or pole name that is not lowercase ASCII snake_case.
    #[error("invalid name `{name}`: names are lowercase ascii snake_case")]
    InvalidName {
        /// The name.
        name: String,
    },
    /// A dimension key or pole name that a roster uses for a column of its
    /// own: `id`, `name`, `team`, `weight`, or `<key>_intensity` for a
    /// dimension `key` of the framework.
    #[error("name `{name}` is reserved for a roster column")]
    ReservedName {
        /// The name.
        name: String,
    },
    /// A name used twice in one framework.
    #[error("duplicate name `{name}` in framework")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A framework file line that cannot be read.
    #[error("framework file, line {line}: {problem}")]
    FrameworkFile {
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// A requirements file line that cannot be read.
    #[error("requirements file, line {line}: {problem}")]
    RequirementsFile {
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// A threshold outside [0, 1] or not a number.
    #[error("threshold `{name}` is {value}, expected a number in [0, 1]")]
    InvalidThreshold {
        /// The threshold's name: a pole, `pole`, `direction`, `control`, `skew` or `bridge`.
        name: String,
        /// The value given.
        value: f64,
    },
    /// A threshold for a pole the framework does not have.
    #[error("threshold for unknown pole `{name}`")]
    UnknownThreshold {
        /// The name given.
        name: String,
    },
    /// An invalid value given to a [`Member`](crate::Member) constructor.
    #[error("member `{}`: {}", shown(.field), describe(.value, .problem))]
    MemberValue {
        /// The field: `id`, `team`, `weight`, a pole, a dimension or `<dimension>_intensity`.
        field: String,
        /// The value as text.
        value: String,
        /// What is wrong with it.
        problem: ValueProblem,
    },
    /// A pole name given to [`Member::with_poles`](crate::Member::with_poles)
    /// that the framework does not have.
    #[error("member `{}`: the framework has no pole `{}`", shown(.id), shown(.pole))]
    UnknownPole {
        /// The member's id.
        id: String,
        /// The name given.
        pole: String,
    },
    /// A pole named twice in [`Member::with_poles`](crate::Member::with_poles).
    #[error("member `{}`: pole `{}` given twice", shown(.id), shown(.pole))]
    PoleGivenTwice {
        /// The member's id.
        id: String,
        /// The pole.
        pole: String,
    },
    /// A pole left out by [`Member::with_poles`](crate::Member::with_poles).
    #[error("member `{}`: no strength for pole `{}`", shown(.id), shown(.pole))]
    MissingPole {
        /// The member's id.
        id: String,
        /// The pole.
        pole: String,
    },
    /// A member with the wrong number of strengths for the framework.
    #[error("member `{}` has {found} pole strengths, the framework has {expected} poles", shown(.id))]
    PoleCount {
        /// The member's id.
        id: String,
        /// The framework's pole count.
        expected: usize,
        /// The member's.
        found: usize,
    },
    /// An input without a header line.
    #[error("line 1: empty roster: no header line")]
    NoHeader,
    /// A header cell that is empty.
    #[error("line {line}: header field {field} is empty")]
    EmptyHeader {
        /// The header's line.
        line: u64,
        /// The 1-based field number.
        field: usize,
    },
    /// A required column (`id`, `team`) missing from the header.
    #[error("line {line}: missing column `{column}`")]
    MissingColumn {
        /// The header's line.
        line: u64,
        /// The column.
        column: String,
    },
    /// A dimension with no column in either form.
    #[error("line {line}: no column for dimension `{dimension}`: expected `{dimension}` or `{leadership_pole}` and `{management_pole}`")]
    MissingDimension {
        /// The header's line.
        line: u64,
        /// The dimension key.
        dimension: String,
        /// Its leadership pole.
        leadership_pole: String,
        /// Its management pole.
        management_pole: String,
    },
    /// A pole column whose partner pole column is missing.
    #[error("line {line}, column `{column}`: pole column without its partner `{partner}`")]
    MissingPartner {
        /// The header's line.
        line: u64,
        /// The pole column present.
        column: String,
        /// The partner missing.
        partner: String,
    },
    /// A dimension given both as a position and as pole strengths.
    #[error("line {line}, column `{dimension}`: dimension given in both forms, as a position and as pole columns")]
    BothForms {
        /// The header's line.
        line: u64,
        /// The dimension key.
        dimension: String,
    },
    /// A header name used twice (after trimming and lowercasing).
    #[error("line {line}, column `{}`: duplicate column", shown(.column))]
    DuplicateColumn {
        /// The header's line.
        line: u64,
        /// The column.
        column: String,
    },
    /// `<dimension>_intensity` without the `<dimension>` position column.
    #[error("line {line}, column `{column}`: intensity column without its dimension column `{dimension}`")]
    IntensityWithoutDimension {
        /// The header's line.
        line: u64,
        /// The intensity column.
        column: String,
        /// The dimension column missing.
        dimension: String,
    },
    /// A value that cannot be used.
    #[error("line {line}, column `{}`: {}", shown(.column), describe(.value, .problem))]
    Value {
        /// The 1-based line (the header is line 1).
        line: u64,
        /// The column, as named in the header (trimmed, lowercase).
        column: String,
        /// The raw value, trimmed.
        value: String,
        /// What is wrong with it.
        problem: ValueProblem,
    },
    /// A row with more or fewer fields than the header.
    #[error("line {line}, column `{}`: expected {expected} fields, found {found}", shown(.column))]
    FieldCount {
        /// The 1-based line.
        line: u64,
        /// The first missing column, or `field N` for the first extra one.
        column: String,
        /// The header's field count.
        expected: usize,
        /// The row's.
        found: usize,
    },
    /// The same (`id`, `team`) pair twice.
    #[error("line {line}, column `id`: `{}` is already in team `{}` at line {first_line}", shown(.id), shown(.team))]
    DuplicateMember {
        /// The line of the second occurrence.
        line: u64,
        /// The line of the first.
        first_line: u64,
        /// The member id.
        id: String,
        /// The team.
        team: String,
    },
    /// The same (`id`, `team`) pair twice in a [`Roster`](crate::Roster) built in code.
    #[error("member `{}` is listed twice in team `{}`", shown(.id), shown(.team))]
    DuplicatePair {
        /// The member id.
        id: String,
        /// The team.
        team: String,
    },
    /// A number of teams that a pool cannot be split into.
    #[error("cannot form {teams} teams from {people} people: expected 1 to {people} teams")]
    TeamCount {
        /// The number of teams asked for.
        teams: usize,
        /// The number of people in the pool.
        people: usize,
    },
    /// The same member id twice in a pool or a list of candidates.
    #[error("member `{id}` is listed twice")]
    DuplicateId {
        /// The member id.
        id: String,
    },
    /// A constraint or a pin naming a member who is not in the pool or roster.
    #[error("{constraint} constraint names unknown member `{id}`")]
    UnknownMember {
        /// The constraint: `together`, `apart` or `pinned`.
        constraint: String,
        /// The member id.
        id: String,
    },
    /// A member pinned to a team that is not formed.
    #[error("`{id}` is pinned to `{team}`, which is not one of `Team 1` to `Team {teams}`")]
    UnknownPinTeam {
        /// The member id.
        id: String,
        /// The team it is pinned to.
        team: String,
        /// The number of teams formed.
        teams: usize,
    },
    /// Constraints that no partition satisfies, or that the construction
    /// could not satisfy.
    #[error("infeasible constraints: {reason}")]
    Infeasible {
        /// Which constraints clash, naming the members.
        reason: String,
    },
    /// A line of a constraint file (pairs or pinned ids) that cannot be read.
    #[error("constraint file, line {line}: {problem}")]
    ConstraintFile {
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// An instrument file line that cannot be used.
    #[error("instrument file, line {line}: {problem}")]
    InstrumentFile {
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// Constraints whose feasibility the exact check could not decide within
    /// its step limit ([`Formation::feasibility_limit`](crate::Formation::feasibility_limit)):
    /// they are not proven infeasible.
    #[error("constraints not proven feasible: {reason}")]
    FeasibilityUnknown {
        /// What was tried.
        reason: String,
    },
    /// Team size bounds that are malformed or cannot hold the pool.
    #[error("invalid team sizes: {reason}")]
    TeamSizes {
        /// What is wrong.
        reason: String,
    },
    /// A distance that is not a finite number, or a distance matrix that
    /// does not fit the pool or is too large.
    #[error("distances: {reason}")]
    Distances {
        /// What is wrong.
        reason: String,
    },
    /// A line of an MDGPLIB instance file that cannot be read.
    #[error("instance file, line {line}: {problem}")]
    InstanceFile {
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// A team the roster does not have.
    #[error("no team `{team}` in the roster")]
    NoSuchTeam {
        /// The team asked for.
        team: String,
    },
    /// An instrument that cannot score a framework: a pole without items,
    /// a block with fewer than two items, an invalid scale.
    #[error("invalid instrument: {problem}")]
    InvalidInstrument {
        /// What is wrong.
        problem: String,
    },
    /// A responses row with too few answers for a pole.
    #[error("line {line}, column `{column}`: pole `{pole}` has {answered} of {items} items answered, needs at least {required}")]
    TooFewAnswers {
        /// The 1-based line.
        line: u64,
        /// The pole's first unanswered item.
        column: String,
        /// The pole.
        pole: String,
        /// Items answered.
        answered: usize,
        /// The pole's items.
        items: usize,
        /// The fewest answers that score the pole.
        required: usize,
    },
    /// An ipsative block whose answers do not add up to its points.
    #[error("line {line}, column `{column}`: the answers of block `{block}` add up to {found}, expected {expected}")]
    BlockSum {
        /// The 1-based line.
        line: u64,
        /// The block's first item.
        column: String,
        /// The block.
        block: String,
        /// The block's points.
        expected: i64,
        /// The sum of the answers.
        found: f64,
    },
    /// An option given a value it cannot take (a confidence level outside
    /// (0, 1), a bootstrap of too few or too many resamples).
    #[error("option `{name}`: {problem}")]
    InvalidOption {
        /// The option.
        name: String,
        /// What is wrong.
        problem: String,
    },
    /// Ratings that an intraclass correlation cannot use.
    #[error("invalid ratings: {problem}")]
    InvalidRatings {
        /// What is wrong.
        problem: String,
    },
    /// Measurement error that does not fit the framework or cannot be used.
    #[error("measurement error: {problem}")]
    MeasurementError {
        /// What is wrong.
        problem: String,
    },
    /// A column mapping that cannot be used: an empty column or header, a
    /// column mapped twice, a header mapped to two columns, a column the
    /// reader does not know (see [`ColumnMap`](crate::ColumnMap)).
    #[error("invalid column mapping: {problem}")]
    InvalidMapping {
        /// What is wrong.
        problem: String,
    },
    /// A mapping file line that cannot be read.
    #[error("mapping file, line {line}: {problem}")]
    MappingFile {
        /// The 1-based line.
        line: u64,
        /// What is wrong.
        problem: String,
    },
    /// A mapped header that the file does not have.
    #[error("line {line}: no column `{}` (mapped to `{}`); the file's columns are {}", shown(.header), shown(.column), show_columns(.available))]
    MappedColumnMissing {
        /// The header's line.
        line: u64,
        /// The header the mapping names.
        header: String,
        /// The column it is mapped to.
        column: String,
        /// The file's columns, in header order (at most 40, then `N more`).
        available: Vec<String>,
    },
    /// The manager column of a [`Hierarchy`](crate::Hierarchy) that the file does not have.
    #[error("line {line}: no manager column `{}`; the file's columns are {}", shown(.header), show_columns(.available))]
    ManagerColumnMissing {
        /// The header's line.
        line: u64,
        /// The manager column asked for.
        header: String,
        /// The file's columns, in header order (at most 40, then `N more`).
        available: Vec<String>,
    },
    /// A person listed twice in a reporting line (one row per person).
    #[error("line {line}, column `id`: `{}` is already listed at line {first_line}: a reporting line has one row per person", shown(.id))]
    DuplicatePerson {
        /// The line of the second row.
        line: u64,
        /// The line of the first.
        first_line: u64,
        /// The person's id.
        id: String,
    },
    /// A manager who is not in the file.
    #[error("line {line}, column `{}`: manager `{}` of `{}` is not in the file", shown(.column), shown(.manager), shown(.id))]
    UnknownManager {
        /// The line of the person's row.
        line: u64,
        /// The manager column.
        column: String,
        /// The person.
        id: String,
        /// Their manager's id.
        manager: String,
    },
    /// A reporting line that comes back to where it started.
    #[error("line {line}, column `{}`: the reporting line is a cycle: {}", shown(.column), .ids.iter().map(|i| format!("`{}`", shown(i))).collect::<Vec<_>>().join(" reports to "))]
    ReportingCycle {
        /// The line of the cycle's first person in the file.
        line: u64,
        /// The manager column.
        column: String,
        /// The ids around the cycle, from that person back to them.
        ids: Vec<String>,
    },
    /// A reporting line deeper than [`Hierarchy::max_depth`](crate::Hierarchy::max_depth).
    #[error("line {line}, column `{}`: `{}` is {depth} levels below the top, more than the {max} allowed", shown(.column), shown(.id))]
    TooDeep {
        /// The line of the person's row.
        line: u64,
        /// The manager column.
        column: String,
        /// The person.
        id: String,
        /// Their depth (the top is level 1).
        depth: usize,
        /// The most levels allowed.
        max: usize,
    },
    /// A person whose manager's row was skipped (lenient mode), so that
    /// their team cannot be known.
    #[error("line {line}, column `{}`: manager `{}` of `{}` was left out (line {manager_line})", shown(.column), shown(.manager), shown(.id))]
    ManagerLeftOut {
        /// The line of the person's row.
        line: u64,
        /// The manager column.
        column: String,
        /// The person.
        id: String,
        /// Their manager.
        manager: String,
        /// The line of the manager's row.
        manager_line: u64,
    },
    /// Two columns of a responses file that hold the same item.
    #[error("line {line}: columns `{}` and `{}` both hold item `{}`", shown(.first), shown(.second), shown(.item))]
    AmbiguousColumn {
        /// The header's line.
        line: u64,
        /// The item.
        item: String,
        /// The first column, as the file spells it.
        first: String,
        /// The second.
        second: String,
    },
    /// An error at a cell of a spreadsheet, or at a row of a table file
    /// (Parquet): the cell in A1 notation where it is known.
    #[error("{table}, {place}: {message}")]
    Cell {
        /// The table: ``sheet `Roster` `` or `parquet file`.
        table: String,
        /// ``cell F5`` or `row 5`.
        place: String,
        /// The 1-based row (the header is row 1 where it is the first).
        row: u64,
        /// The column's header, where the error names one.
        column: Option<String>,
        /// The value, where the error names one.
        value: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A spreadsheet or table file that cannot be opened or read, or a
    /// sheet it does not have.
    #[error("{problem}")]
    Table {
        /// What is wrong.
        problem: String,
    },
    /// A record longer than the record size limit (by default
    /// [`crate::MAX_RECORD_BYTES`]): most often a line that does not end,
    /// or a quote that is not closed.
    #[error(
        "line {line}: a record of more than {limit} bytes starts here (a line that does not end, or a quote that is not closed); the limit is `max_record_bytes`"
    )]
    RecordTooLong {
        /// The 1-based line the record starts on.
        line: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Reading the input or writing an output failed: the message names the
    /// file where there is one, and the cause is the error's
    /// [`source`](std::error::Error::source).
    #[error(transparent)]
    Io(IoError),
    /// Snapshots to compare (or reports) on different frameworks: their
    /// poles, in order, differ.
    #[error("snapshot {snapshot} (`{}`) is on another framework than snapshot 1 (`{}`): poles {} instead of {}", shown(.label), shown(.first_label), .found.join(","), .expected.join(","))]
    FrameworkMismatch {
        /// The 1-based number of the snapshot whose framework differs.
        snapshot: usize,
        /// Its label.
        label: String,
        /// The first snapshot's label.
        first_label: String,
        /// The first snapshot's poles.
        expected: Vec<String>,
        /// This snapshot's poles.
        found: Vec<String>,
    },
    /// An error reading a file, with the file's name.
    #[error("{path}: {error}")]
    InFile {
        /// The file, as given.
        path: String,
        /// What went wrong in it.
        error: Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_control_characters_and_cuts_long_text() {
        assert_eq!(shown("plain"), "plain");
        assert_eq!(shown("a\nb\t\u{1b}[31m\0"), "a\\nb\\t\\u{1b}[31m\\0");
        let exact: String = "é".repeat(SHOWN_CHARS);
        assert_eq!(shown(&exact), exact);
        let long = "x".repeat(SHOWN_CHARS + 1);
        assert_eq!(shown(&long), format!("{}…", "x".repeat(SHOWN_CHARS)));
    }

    #[test]
    fn value_message_shows_escaped_text_and_keeps_the_raw_value() {
        let value = format!("0.5\n{}", "9".repeat(200));
        let err: Error = ErrorKind::Value {
            line: 3,
            column: "vision".into(),
            value: value.clone(),
            problem: ValueProblem::NotANumber,
        }
        .into();
        assert_eq!(err.value(), Some(value.as_str()));
        assert_eq!(
            err.to_string(),
            format!("line 3, column `vision`: `0.5\\n{}…` is not a number", "9".repeat(SHOWN_CHARS - 4))
        );
    }

    #[test]
    fn line_break_message() {
        let err: Error = ErrorKind::Value {
            line: 4,
            column: "name".into(),
            value: "Chen\r\nOkafor".into(),
            problem: ValueProblem::LineBreak,
        }
        .into();
        assert_eq!(
            err.to_string(),
            "line 4, column `name`: `Chen\\r\\nOkafor` spans lines: a quote is not closed, or a field has a line break"
        );
    }

    #[test]
    fn reserved_name_message() {
        let err: Error = ErrorKind::ReservedName { name: "weight".into() }.into();
        assert_eq!(err.to_string(), "name `weight` is reserved for a roster column");
    }

    #[test]
    fn stray_quote_message() {
        let err: Error = ErrorKind::Value {
            line: 6,
            column: "id".into(),
            value: "name\"".into(),
            problem: ValueProblem::StrayQuote,
        }
        .into();
        assert_eq!(err.to_string(), "line 6, column `id`: `name\"` has a stray quote, after a row that spans lines");
    }

    #[test]
    fn no_header_message_names_line_1() {
        assert_eq!(Error::from(ErrorKind::NoHeader).to_string(), "line 1: empty roster: no header line");
    }

    #[test]
    fn error_is_one_pointer_and_send_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn formation_messages() {
        let msg = |k: ErrorKind| Error::from(k).to_string();
        assert_eq!(
            msg(ErrorKind::TeamCount { teams: 5, people: 3 }),
            "cannot form 5 teams from 3 people: expected 1 to 3 teams"
        );
        assert_eq!(msg(ErrorKind::DuplicateId { id: "ana".into() }), "member `ana` is listed twice");
        assert_eq!(
            msg(ErrorKind::UnknownMember { constraint: "apart".into(), id: "zed".into() }),
            "apart constraint names unknown member `zed`"
        );
        assert_eq!(
            msg(ErrorKind::UnknownPinTeam { id: "ana".into(), team: "Ops".into(), teams: 2 }),
            "`ana` is pinned to `Ops`, which is not one of `Team 1` to `Team 2`"
        );
        assert_eq!(
            msg(ErrorKind::Infeasible { reason: "`a` and `b` must be together and apart".into() }),
            "infeasible constraints: `a` and `b` must be together and apart"
        );
        let e = Error::from(ErrorKind::ConstraintFile { line: 3, problem: "expected 2 fields, found 1".into() });
        assert_eq!(e.to_string(), "constraint file, line 3: expected 2 fields, found 1");
        assert_eq!(e.line(), Some(3));
        assert_eq!(msg(ErrorKind::NoSuchTeam { team: "Lab".into() }), "no team `Lab` in the roster");
    }
}
