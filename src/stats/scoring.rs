//! Scoring questionnaire responses into a roster (DESIGN.md sections 2 and 7).

use std::collections::HashMap;
use std::io;

use crate::error::{Error, ErrorKind, Range, ValueProblem};
use crate::io::read::{check_field_count, header_names, is_blank, Mode, ReadLog};
use crate::model::member::{check_number, Member};
use crate::model::roster::Roster;
use crate::model::team;
use crate::stats::instrument::{Instrument, InstrumentKind};
use crate::stats::reliability::ReliabilityReport;

/// Scores responses to an [`Instrument`] into a [`Roster`].
///
/// # Responses format
///
/// CSV with the columns `id`, `team`, optionally `weight` (default 1) and
/// `name`, and one column per item, named as the item (any order, names
/// trimmed and matched without regard to case; other columns are ignored
/// and listed in [`ReadLog::unknown_columns`]). Cells are trimmed; numbers
/// use Rust's `f64` syntax; an empty item cell is an unanswered item.
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
/// A pole is scored when at least [`Scorer::min_answered`] of its items
/// (default one half, and at least one) are answered. A row below that,
/// with a value off the scale, a bad block sum, an invalid `id`, `team` or
/// `weight`, or a repeated (`id`, `team`) pair is an error in
/// [`Mode::Strict`] and skipped and listed in [`ReadLog::skipped`] in
/// [`Mode::Lenient`]. Where a row has several faults, the first column in
/// header order is reported, then block sums, then poles with too few
/// answers, then a repeated pair.
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
/// let csv = "id,team,q1,q2,q3,q4\nana,Core,5,2,3,\nbo,Core,9,1,1,1\ncy,Core,1,5,,\n";
/// let scored = Scorer::new(inst).mode(Mode::Lenient).score(csv.as_bytes())?;
/// let ana = scored.roster().get(0).unwrap();
/// assert_eq!(ana.strengths(), [0.875, 0.5]); // vision (5 + 4) / 2 on 1..5; execution 3 alone
/// let skipped = scored.log().skipped();
/// assert_eq!(skipped[0].error().to_string(), "line 3, column `q1`: `9` is out of range [1, 5]");
/// assert_eq!(skipped[1].error().to_string(),
///            "line 4, column `q3`: pole `execution` has 0 of 2 items answered, needs at least 1");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scorer {
    instrument: Instrument,
    mode: Mode,
    min_answered: f64,
}

/// The result of scoring: the roster, the read log, and the keyed answers
/// of the kept rows for [`Scored::reliability`].
#[derive(Debug)]
pub struct Scored {
    roster: Roster,
    log: ReadLog,
    instrument: Instrument,
    /// Kept rows by items, row-major: keyed answers, NaN where unanswered.
    answers: Vec<f64>,
}

impl Scored {
    /// The scored roster, one member per kept row, in file order.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// Rows read, kept and skipped; columns ignored.
    pub fn log(&self) -> &ReadLog {
        &self.log
    }

    /// The instrument the responses were scored with.
    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// The answers of kept row `row` (0-based, roster order) in instrument
    /// item order, after reverse-keying; `None` for an unanswered item (in
    /// an answered ipsative block an empty cell reads as 0).
    pub fn answers(&self, row: usize) -> Option<Vec<Option<f64>>> {
        let k = self.instrument.items().len();
        let slice = self.answers.get(row * k..(row + 1) * k)?;
        Some(slice.iter().map(|&x| (!x.is_nan()).then_some(x)).collect())
    }

    /// The reliability of every scale (a pole's items), from the kept rows.
    pub fn reliability(&self) -> ReliabilityReport {
        ReliabilityReport::new(&self.instrument, &self.answers)
    }

    /// The roster and the log.
    pub fn into_parts(self) -> (Roster, ReadLog) {
        (self.roster, self.log)
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

impl Scorer {
    /// A strict scorer for `instrument` that needs half of a pole's items.
    pub fn new(instrument: Instrument) -> Scorer {
        Scorer { instrument, mode: Mode::Strict, min_answered: 0.5 }
    }

    /// Strict or lenient.
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

    /// Scores a responses file; see [`Scorer::score`].
    ///
    /// # Errors
    ///
    /// As [`Scorer::score`], and [`ErrorKind::Io`] when the file cannot be
    /// opened.
    pub fn score_path<P: AsRef<std::path::Path>>(&self, path: P) -> Result<Scored, Error> {
        self.score(std::fs::File::open(path)?)
    }

    /// Scores responses read from `reader`.
    ///
    /// # Errors
    ///
    /// Header errors ([`ErrorKind::NoHeader`], [`ErrorKind::MissingColumn`]
    /// for `id`, `team` or an item, [`ErrorKind::DuplicateColumn`]), I/O
    /// errors, and in strict mode the first row error:
    /// [`ErrorKind::Value`] (naming line, column and value: off the scale,
    /// not a number, empty `id`...), [`ErrorKind::FieldCount`],
    /// [`ErrorKind::BlockSum`], [`ErrorKind::TooFewAnswers`],
    /// [`ErrorKind::DuplicateMember`].
    pub fn score<R: io::Read>(&self, reader: R) -> Result<Scored, Error> {
        let inst = &self.instrument;
        let k = inst.items().len();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(crate::io::lines::LineTracker::new(reader));
        let mut rec = csv::ByteRecord::new();
        let mut plan: Option<(Vec<Role>, Vec<String>)> = None;
        let mut log = ReadLog::default();
        let mut roster = Roster::new(inst.framework().clone());
        let mut answers = Vec::new();
        let mut row = vec![f64::NAN; k];
        let mut seen: HashMap<(String, String), u64> = HashMap::new();
        while rdr.read_byte_record(&mut rec).map_err(Error::from_csv)? {
            let line = rec.position().map_or(0, |p| rdr.get_mut().record_line(p.byte()));
            if is_blank(&rec, plan.is_none()) {
                continue;
            }
            let Some((roles, names)) = plan.as_ref() else {
                let (roles, names, unknown) = self.header(&rec, line)?;
                log = ReadLog::new(unknown);
                plan = Some((roles, names));
                continue;
            };
            let result = self.row(&rec, line, roles, names, &mut row).and_then(|member| {
                let key = (member.team().to_string(), member.id().to_string());
                if let Some(&first_line) = seen.get(&key) {
                    return Err(ErrorKind::DuplicateMember { line, first_line, id: key.1, team: key.0 }.into());
                }
                seen.insert(key, line);
                roster.push(member)?;
                answers.extend_from_slice(&row);
                Ok(())
            });
            log.record(self.mode, line, result)?;
        }
        if plan.is_none() {
            return Err(ErrorKind::NoHeader.into());
        }
        Ok(Scored { roster, log, instrument: inst.clone(), answers })
    }

    /// Resolves the header: roles, names, unknown columns.
    #[allow(clippy::type_complexity)]
    fn header(&self, rec: &csv::ByteRecord, line: u64) -> Result<(Vec<Role>, Vec<String>, Vec<String>), Error> {
        let names = header_names(rec, line)?;
        let mut roles = Vec::with_capacity(names.len());
        let mut unknown = Vec::new();
        for (i, n) in names.iter().enumerate() {
            roles.push(match n.as_str() {
                "id" => Role::Id,
                "team" => Role::Team,
                "name" => Role::Name,
                "weight" => Role::Weight,
                other => match self.instrument.item_index(other) {
                    Some(j) => Role::Item(j),
                    None => {
                        unknown.push(if other.is_empty() { format!("field {}", i + 1) } else { other.to_string() });
                        Role::Ignored
                    }
                },
            });
        }
        for (role, column) in [(Role::Id, "id"), (Role::Team, "team")] {
            if !roles.contains(&role) {
                return Err(ErrorKind::MissingColumn { line, column: column.to_string() }.into());
            }
        }
        for (j, item) in self.instrument.items().iter().enumerate() {
            if !roles.contains(&Role::Item(j)) {
                return Err(ErrorKind::MissingColumn { line, column: item.name().to_lowercase() }.into());
            }
        }
        Ok((roles, names, unknown))
    }

    /// Parses, checks and scores one row; `answers` receives the keyed answers.
    fn row(
        &self,
        rec: &csv::ByteRecord,
        line: u64,
        roles: &[Role],
        names: &[String],
        answers: &mut [f64],
    ) -> Result<Member, Error> {
        let inst = &self.instrument;
        let value_err = |col: usize, raw: &[u8], problem: ValueProblem| -> Error {
            ErrorKind::Value {
                line,
                column: names.get(col).cloned().unwrap_or_default(),
                value: String::from_utf8_lossy(raw).trim().to_string(),
                problem,
            }
            .into()
        };
        check_field_count(names, rec, line)?;
        answers.fill(f64::NAN);
        let (mut id, mut team, mut name, mut weight) = ("", "", None, 1.0);
        for (col, (raw, &role)) in rec.iter().zip(roles).enumerate() {
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
                Role::Id => id = text,
                Role::Team => {
                    team::check(text).map_err(|p| value_err(col, raw, p))?;
                    team = text;
                }
                Role::Name => name = (!text.is_empty()).then_some(text),
                Role::Weight if text.is_empty() => weight = 1.0,
                Role::Weight => weight = number(Range::Unit)?,
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
        let strengths = match inst.kind() {
            InstrumentKind::Likert => self.likert(line, answers)?,
            InstrumentKind::Ipsative => self.ipsative(line, answers)?,
        };
        Ok(Member::from_checked(id.to_string(), name.map(str::to_string), team.to_string(), weight, strengths))
    }

    /// The fewest answered items that score a pole of `n` items.
    fn required(&self, n: usize) -> usize {
        ((self.min_answered * n as f64 - 1e-9).ceil() as usize).clamp(1, n.max(1))
    }

    /// Checks that every pole has enough answers (`answered(i)` tells
    /// whether item `i` counts as answered).
    fn check_answered(&self, line: u64, answered: impl Fn(usize) -> bool) -> Result<(), Error> {
        let inst = &self.instrument;
        for (p, pole) in inst.framework().pole_names().enumerate() {
            let items = inst.pole_items(p);
            let n = items.iter().filter(|&&i| answered(i)).count();
            let required = self.required(items.len());
            if n < required {
                let first = items.iter().find(|&&i| !answered(i)).and_then(|&i| inst.items().get(i));
                return Err(ErrorKind::TooFewAnswers {
                    line,
                    column: first.map(|i| i.name().to_lowercase()).unwrap_or_default(),
                    pole: pole.to_string(),
                    answered: n,
                    items: items.len(),
                    required,
                }
                .into());
            }
        }
        Ok(())
    }

    fn likert(&self, line: u64, answers: &[f64]) -> Result<Vec<f64>, Error> {
        let inst = &self.instrument;
        self.check_answered(line, |i| answers.get(i).is_some_and(|x| !x.is_nan()))?;
        let (min, max) = inst.scale();
        let (min, span) = (min as f64, (max - min) as f64);
        let strengths = (0..inst.framework().pole_count())
            .map(|p| {
                let (sum, n) = inst
                    .pole_items(p)
                    .iter()
                    .filter_map(|&i| answers.get(i).filter(|x| !x.is_nan()))
                    .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
                ((sum / n.max(1) as f64 - min) / span).clamp(0.0, 1.0)
            })
            .collect();
        Ok(strengths)
    }

    fn ipsative(&self, line: u64, answers: &mut [f64]) -> Result<Vec<f64>, Error> {
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
                let first = block.items().first().and_then(|&i| inst.items().get(i));
                return Err(ErrorKind::BlockSum {
                    line,
                    column: first.map(|i| i.name().to_lowercase()).unwrap_or_default(),
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
        let answered = |i: usize| {
            inst.items().get(i).and_then(|it| it.block()).and_then(|b| block_answered.get(b).copied()).unwrap_or(false)
        };
        self.check_answered(line, answered)?;
        let strengths = (0..inst.framework().pole_count())
            .map(|p| {
                let items = inst.pole_items(p);
                let points: f64 = items.iter().filter(|&&i| answered(i)).filter_map(|&i| answers.get(i)).sum();
                let mut blocks: Vec<usize> = items.iter().filter_map(|&i| inst.items().get(i)?.block()).collect();
                blocks.sort_unstable();
                blocks.dedup();
                let available: f64 = blocks
                    .iter()
                    .filter(|&&b| block_answered.get(b).copied().unwrap_or(false))
                    .filter_map(|&b| inst.blocks().get(b))
                    .map(|b| b.points() as f64)
                    .sum();
                if available > 0.0 {
                    (points / available).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        Ok(strengths)
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
                "line 3, column `q2`: pole `vision` has 1 of 3 items answered, needs at least 2",
                "line 5, column `id`: `c` is already in team `T` at line 4",
                "line 6, column `q3`: `x` is not a number",
                "line 7, column `q5`: expected 7 fields, found 6",
            ]
        );
        assert_eq!(s.roster().len(), 1);
        assert_eq!(s.log().rows(), 6);
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
