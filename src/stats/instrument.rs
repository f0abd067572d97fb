//! Questionnaire instruments: items mapped to the poles of a framework.

use std::collections::HashMap;
use std::io;

/// The largest magnitude of a Likert scale's ends: 2^53, past which
/// answers (read as `f64`) are no longer exact integers.
pub(crate) const MAX_SCALE: u64 = 1 << 53;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::model::framework::{Framework, Pole};

/// How an instrument's answers are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InstrumentKind {
    /// Normative: every item is rated on the same scale `[min, max]`. A pole
    /// strength is the mean of its answered items after reverse-keying
    /// (`x' = max + min - x`), rescaled to [0, 1]: `(mean - min) / (max - min)`.
    Likert,
    /// Points allocated within blocks, as in Belbin's self-perception
    /// inventory: in each block the answers add up to the block's points. A
    /// pole strength is its share of points: the points given to its items,
    /// divided by the points of the (answered) blocks that hold its items.
    /// Cronbach's alpha is not meaningful for such scores.
    Ipsative,
}

impl InstrumentKind {
    /// The lowercase name: `likert` or `ipsative`.
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentKind::Likert => "likert",
            InstrumentKind::Ipsative => "ipsative",
        }
    }
}

/// One questionnaire item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    name: String,
    #[serde(skip)]
    key: String,
    pole: Pole,
    reverse: bool,
    block: Option<usize>,
    text: Option<String>,
}

impl Item {
    /// The item's name: the column of the responses file that holds its
    /// answers (matched without regard to case).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pole it measures.
    pub fn pole(&self) -> Pole {
        self.pole
    }

    /// Whether it is reverse-keyed (Likert only): an answer `x` counts as
    /// `max + min - x`.
    pub fn is_reverse(&self) -> bool {
        self.reverse
    }

    /// The index of its block in [`Instrument::blocks`] (ipsative only).
    pub fn block(&self) -> Option<usize> {
        self.block
    }

    /// The item's wording, when the instrument gives it.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
}

/// A block of an ipsative instrument: items among which a fixed number of
/// points is shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    name: String,
    points: i64,
    items: Vec<usize>,
}

impl Block {
    /// The block's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The points every respondent shares among the block's items.
    pub fn points(&self) -> i64 {
        self.points
    }

    /// The indices of its items in [`Instrument::items`].
    pub fn items(&self) -> &[usize] {
        &self.items
    }
}

/// A questionnaire: items mapped to the poles of a framework, Likert or
/// ipsative.
///
/// An instrument has at least one item; it may measure only some poles of
/// its framework (a *partial* instrument): the poles without items have no
/// scale and no strength, and the scored roster keeps the dimensions whose
/// two poles are measured ([`Instrument::roster_framework`]). Item names are
/// unique (without regard to case) and none is `id`, `team`, `weight` or
/// `name`, the other columns of a responses file.
///
/// # File format
///
/// CSV with a header; names trimmed and matched without regard to case,
/// empty lines skipped, a UTF-8 byte-order mark accepted. Likert:
///
/// ```text
/// item,pole,reverse,min,max,text
/// q1,vision,false,1,5,I describe where the team should be in three years.
/// q2,vision,true,1,5,I leave the long-term picture to others.
/// ```
///
/// `reverse` is `true`/`false`, `yes`/`no` or `1`/`0` (empty: `false`);
/// `min` and `max` are the integer ends of the response scale and the same
/// on every row. The `reverse` and `text` columns are optional.
///
/// Ipsative: a `block` column and the block's `points` (a positive integer,
/// the same on every row of a block); each block has at least two items;
/// `reverse`, `min` and `max` do not apply:
///
/// ```text
/// item,pole,block,points
/// s1a,vision,s1,10
/// s1b,execution,s1,10
/// ```
///
/// # Examples
///
/// ```
/// use rolebalance::{Framework, Instrument, InstrumentKind};
/// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
/// let csv = "item,pole,reverse,min,max\nq1,vision,false,1,5\nq2,vision,true,1,5\nq3,execution,no,1,5\n";
/// let inst = Instrument::from_csv_reader(fw.clone(), csv.as_bytes())?;
/// assert_eq!(inst.kind(), InstrumentKind::Likert);
/// assert_eq!(inst.scale(), (1, 5));
/// assert_eq!(inst.items().len(), 3);
///
/// let same = Instrument::likert(fw, 1, 5)
///     .item("q1", "vision", false).item("q2", "vision", true).item("q3", "execution", false)
///     .build()?;
/// assert_eq!(same, inst);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    framework: Framework,
    kind: InstrumentKind,
    min: i64,
    max: i64,
    items: Vec<Item>,
    blocks: Vec<Block>,
    /// For every pole, its items in instrument order.
    pole_items: Vec<Vec<usize>>,
    /// Lowercase item name -> index.
    index: HashMap<String, usize>,
    /// The dimensions whose two poles have items.
    roster_framework: Option<Framework>,
}

/// Builds an [`Instrument`] item by item; errors are reported by
/// [`InstrumentBuilder::build`].
#[derive(Debug)]
pub struct InstrumentBuilder {
    draft: Draft,
    error: Option<Error>,
}

impl InstrumentBuilder {
    /// Adds a Likert item measuring `pole`, reverse-keyed or not.
    pub fn item(mut self, name: &str, pole: &str, reverse: bool) -> InstrumentBuilder {
        if self.error.is_none() {
            if let Err(problem) = self.draft.add(name, pole, reverse, None, None) {
                self.error = Some(ErrorKind::InvalidInstrument { problem }.into());
            }
        }
        self
    }

    /// Adds an ipsative item measuring `pole` to block `block`, whose
    /// answers add up to `points`.
    pub fn block_item(mut self, block: &str, points: i64, name: &str, pole: &str) -> InstrumentBuilder {
        if self.error.is_none() {
            if let Err(problem) = self.draft.add(name, pole, false, Some((block, points)), None) {
                self.error = Some(ErrorKind::InvalidInstrument { problem }.into());
            }
        }
        self
    }

    /// The instrument.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInstrument`]: an invalid scale, an unknown pole,
    /// a duplicate or reserved item name, an item of the wrong kind, no
    /// item, a block with fewer than two items.
    pub fn build(self) -> Result<Instrument, Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.draft.finish().map_err(|problem| ErrorKind::InvalidInstrument { problem }.into()),
        }
    }
}

/// An instrument being assembled, with its checks.
#[derive(Debug)]
struct Draft {
    framework: Framework,
    kind: InstrumentKind,
    min: i64,
    max: i64,
    items: Vec<Item>,
    blocks: Vec<Block>,
    /// Lowercase item name -> index.
    names: HashMap<String, usize>,
}

const RESERVED: [&str; 4] = ["id", "team", "weight", "name"];

impl Draft {
    fn new(framework: Framework, kind: InstrumentKind, min: i64, max: i64) -> Draft {
        Draft { framework, kind, min, max, items: Vec::new(), blocks: Vec::new(), names: HashMap::new() }
    }

    fn add(
        &mut self,
        name: &str,
        pole: &str,
        reverse: bool,
        block: Option<(&str, i64)>,
        text: Option<String>,
    ) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("empty item name".to_string());
        }
        let key = name.to_lowercase();
        if RESERVED.contains(&key.as_str()) {
            return Err(format!("item name `{name}` is reserved for a responses column"));
        }
        if let Some(&first) = self.names.get(&key) {
            let first = self.items.get(first).map_or("", |i| i.name.as_str());
            return Err(format!("duplicate item `{name}` (same name as `{first}`)"));
        }
        let Some(p) = self.framework.pole(pole) else {
            let poles: Vec<&str> = self.framework.pole_names().collect();
            return Err(format!(
                "item `{name}`: unknown pole `{pole}`; the framework's poles are {}",
                poles.join(", ")
            ));
        };
        let block = match (self.kind, block) {
            (InstrumentKind::Likert, Some(_)) => {
                return Err(format!("item `{name}`: a Likert instrument has no blocks"));
            }
            (InstrumentKind::Ipsative, None) => {
                return Err(format!("item `{name}`: an ipsative item needs a block"));
            }
            (InstrumentKind::Ipsative, Some(_)) if reverse => {
                return Err(format!("item `{name}`: reverse-keying does not apply to ipsative items"));
            }
            (InstrumentKind::Likert, None) => None,
            (InstrumentKind::Ipsative, Some((b, points))) => {
                let b = b.trim();
                if b.is_empty() {
                    return Err(format!("item `{name}`: empty block name"));
                }
                if points <= 0 {
                    return Err(format!("block `{b}`: points must be a positive integer, found {points}"));
                }
                let idx = match self.blocks.iter().position(|x| x.name == b) {
                    Some(i) => i,
                    None => {
                        self.blocks.push(Block { name: b.to_string(), points, items: Vec::new() });
                        self.blocks.len() - 1
                    }
                };
                let Some(blk) = self.blocks.get_mut(idx) else { return Err("internal: block".to_string()) };
                if blk.points != points {
                    return Err(format!("block `{b}` has {} points on an earlier row, {points} here", blk.points));
                }
                blk.items.push(self.items.len());
                Some(idx)
            }
        };
        self.names.insert(key.clone(), self.items.len());
        self.items.push(Item { name: name.to_string(), key, pole: p, reverse, block, text });
        Ok(())
    }

    fn finish(self) -> Result<Instrument, String> {
        if self.kind == InstrumentKind::Likert && self.min >= self.max {
            return Err(format!("the scale's minimum {} is not below its maximum {}", self.min, self.max));
        }
        // Answers are numbers (f64): a scale end past 2^53 could not be told
        // from its neighbours, and `max - min` would overflow an i64.
        if self.kind == InstrumentKind::Likert && (self.min.abs_diff(0) > MAX_SCALE || self.max.abs_diff(0) > MAX_SCALE)
        {
            return Err(format!(
                "the scale {} to {} reaches past ±2^53 ({MAX_SCALE}): answers could not be read exactly",
                self.min, self.max
            ));
        }
        let mut pole_items = vec![Vec::new(); self.framework.pole_count()];
        for (i, item) in self.items.iter().enumerate() {
            if let Some(v) = pole_items.get_mut(item.pole.index()) {
                v.push(i);
            }
        }
        if self.items.is_empty() {
            return Err("no item".to_string());
        }
        let whole: Vec<crate::model::framework::Dimension> = self
            .framework
            .dimensions()
            .iter()
            .enumerate()
            .filter(|(d, _)| {
                [2 * d, 2 * d + 1].iter().all(|&p| pole_items.get(p).is_some_and(|v: &Vec<usize>| !v.is_empty()))
            })
            .map(|(_, dim)| dim.clone())
            .collect();
        let roster_framework = if whole.len() == self.framework.len() {
            Some(self.framework.clone())
        } else if whole.is_empty() {
            None
        } else {
            Framework::new(whole).ok()
        };
        for b in &self.blocks {
            if b.items.len() < 2 {
                return Err(format!("block `{}` has {} item, needs at least 2", b.name, b.items.len()));
            }
        }
        let (min, max) = match self.kind {
            InstrumentKind::Likert => (self.min, self.max),
            InstrumentKind::Ipsative => (0, self.blocks.iter().map(|b| b.points).max().unwrap_or(0)),
        };
        Ok(Instrument {
            framework: self.framework,
            kind: self.kind,
            min,
            max,
            items: self.items,
            blocks: self.blocks,
            pole_items,
            index: self.names,
            roster_framework,
        })
    }
}

/// The columns an instrument file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Item,
    Pole,
    Reverse,
    Min,
    Max,
    Block,
    Points,
    Text,
}

impl Instrument {
    /// A Likert instrument on `framework` with answers in `[min, max]`.
    pub fn likert(framework: Framework, min: i64, max: i64) -> InstrumentBuilder {
        InstrumentBuilder { draft: Draft::new(framework, InstrumentKind::Likert, min, max), error: None }
    }

    /// An ipsative instrument on `framework`; add items with
    /// [`InstrumentBuilder::block_item`].
    pub fn ipsative(framework: Framework) -> InstrumentBuilder {
        InstrumentBuilder { draft: Draft::new(framework, InstrumentKind::Ipsative, 0, 0), error: None }
    }

    /// Reads an instrument for `framework` from CSV (see the format above).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InstrumentFile`] naming the line and what is wrong (a
    /// missing, unknown or duplicate column, a wrong field count, an unknown
    /// pole, a duplicate item, an invalid `reverse`, scale or points value),
    /// and [`ErrorKind::InvalidInstrument`] for what concerns the whole file
    /// (a block with fewer than two items, no item).
    pub fn from_csv_reader<R: io::Read>(framework: Framework, reader: R) -> Result<Instrument, Error> {
        Instrument::read_csv(framework, reader, None)
    }

    /// Reads a Likert instrument whose response scale is `(min, max)`: the
    /// file may then leave out the `min` and `max` columns; where it has
    /// them, they must agree with `scale`. An ipsative file ignores `scale`.
    ///
    /// # Errors
    ///
    /// As [`Instrument::from_csv_reader`].
    ///
    /// ```
    /// use rolebalance::{Framework, Instrument};
    /// let fw = Framework::builder().dimension("horizon", "vision", "execution").build()?;
    /// let csv = "item,pole,reverse\nq1,vision,false\nq2,execution,true\n";
    /// let inst = Instrument::from_csv_reader_with_scale(fw, csv.as_bytes(), (1, 7))?;
    /// assert_eq!(inst.scale(), (1, 7));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_reader_with_scale<R: io::Read>(
        framework: Framework,
        reader: R,
        scale: (i64, i64),
    ) -> Result<Instrument, Error> {
        Instrument::read_csv(framework, reader, Some(scale))
    }

    fn read_csv<R: io::Read>(framework: Framework, reader: R, scale: Option<(i64, i64)>) -> Result<Instrument, Error> {
        let err = |line: u64, problem: String| -> Error { ErrorKind::InstrumentFile { line, problem }.into() };
        let mut records = crate::io::table::read_records(reader, err)?.into_iter();
        let Some((line, names)) = records.next() else {
            return Err(err(1, "empty file: expected a header such as `item,pole,reverse,min,max`".to_string()));
        };
        let cols = header(&names, scale.is_some()).map_err(|p| err(line, p))?;
        let mut draft: Option<Draft> = None;
        let mut scale_line = 0;
        for (line, fields) in records {
            if fields.len() != cols.len() {
                return Err(err(line, format!("expected {} fields, found {}", cols.len(), fields.len())));
            }
            let get = |c: Col| cols.iter().position(|&x| x == c).and_then(|i| fields.get(i)).map(String::as_str);
            let (name, pole) = (get(Col::Item).unwrap_or(""), get(Col::Pole).unwrap_or(""));
            let text = get(Col::Text).filter(|t| !t.is_empty()).map(str::to_string);
            let integer = |c: Col, what: &str| -> Result<i64, Error> {
                let v = get(c).unwrap_or("");
                v.parse::<i64>().map_err(|_| err(line, format!("{what} `{v}` is not an integer")))
            };
            // A Likert row's scale: its min and max cells, or the given scale where it has none.
            let row_scale = || -> Result<(i64, i64), Error> {
                match scale {
                    Some(s)
                        if get(Col::Min).map_or(true, str::is_empty) && get(Col::Max).map_or(true, str::is_empty) =>
                    {
                        Ok(s)
                    }
                    _ => Ok((integer(Col::Min, "min")?, integer(Col::Max, "max")?)),
                }
            };
            let d = match draft.as_mut() {
                Some(d) => d,
                None => {
                    let (kind, min, max) = if cols.contains(&Col::Block) {
                        (InstrumentKind::Ipsative, 0, 0)
                    } else {
                        let (min, max) = match scale {
                            Some(s) => s,
                            None => {
                                scale_line = line;
                                row_scale()?
                            }
                        };
                        (InstrumentKind::Likert, min, max)
                    };
                    draft.insert(Draft::new(framework.clone(), kind, min, max))
                }
            };
            let result = match d.kind {
                InstrumentKind::Likert => {
                    let (min, max) = row_scale()?;
                    if (min, max) != (d.min, d.max) {
                        let origin =
                            if scale_line == 0 { "the scale given".to_string() } else { format!("line {scale_line}") };
                        return Err(err(
                            line,
                            format!(
                                "scale [{min}, {max}] differs from [{}, {}] of {origin}: one scale for all items",
                                d.min, d.max
                            ),
                        ));
                    }
                    let reverse = match get(Col::Reverse).unwrap_or("").to_ascii_lowercase().as_str() {
                        "" | "false" | "no" | "0" => false,
                        "true" | "yes" | "1" => true,
                        _ => {
                            return Err(err(
                                line,
                                format!(
                                    "reverse `{}` is not one of true, false, yes, no, 1, 0",
                                    get(Col::Reverse).unwrap_or("")
                                ),
                            ))
                        }
                    };
                    d.add(name, pole, reverse, None, text)
                }
                InstrumentKind::Ipsative => {
                    let points = integer(Col::Points, "points")?;
                    d.add(name, pole, false, Some((get(Col::Block).unwrap_or(""), points)), text)
                }
            };
            result.map_err(|p| err(line, p))?;
        }
        let Some(draft) = draft else {
            return Err(ErrorKind::InvalidInstrument { problem: "no item".to_string() }.into());
        };
        draft.finish().map_err(|problem| ErrorKind::InvalidInstrument { problem }.into())
    }

    /// Reads an instrument file; see [`Instrument::from_csv_reader`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the file cannot be read, and the errors of
    /// [`Instrument::from_csv_reader`].
    pub fn from_csv_path<P: AsRef<std::path::Path>>(framework: Framework, path: P) -> Result<Instrument, Error> {
        Instrument::from_csv_reader(framework, io::BufReader::new(crate::error::open(path.as_ref())?))
            .map_err(|e| e.in_file(path.as_ref()))
    }

    /// The framework whose poles the items measure.
    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    /// Likert or ipsative.
    pub fn kind(&self) -> InstrumentKind {
        self.kind
    }

    /// The response scale `(min, max)`; for an ipsative instrument
    /// `(0, the largest block's points)`.
    pub fn scale(&self) -> (i64, i64) {
        (self.min, self.max)
    }

    /// The items in instrument order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The blocks of an ipsative instrument (empty for Likert).
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The indices of the items of pole number `pole`, in instrument order.
    pub fn pole_items(&self, pole: usize) -> &[usize] {
        self.pole_items.get(pole).map_or(&[], Vec::as_slice)
    }

    /// The index of the item called `name` (without regard to case), in
    /// constant time.
    pub fn item_index(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_lowercase()).copied()
    }

    /// The poles that have items, in pole order.
    ///
    /// ```
    /// use rolebalance::{Framework, Instrument};
    /// let fw = Framework::builder()
    ///     .dimension("horizon", "vision", "execution")
    ///     .dimension("focus", "people", "process")
    ///     .build()?;
    /// // A partial instrument: `process` has no item.
    /// let inst = Instrument::likert(fw, 1, 5)
    ///     .item("v1", "vision", false).item("e1", "execution", false).item("p1", "people", false)
    ///     .build()?;
    /// let measured: Vec<usize> = inst.measured_poles().map(|p| p.index()).collect();
    /// assert_eq!(measured, [0, 1, 2]);
    /// // The roster keeps the dimensions whose two poles are measured.
    /// assert_eq!(inst.roster_framework().unwrap().pole_names().collect::<Vec<_>>(), ["vision", "execution"]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn measured_poles(&self) -> impl Iterator<Item = Pole> + '_ {
        self.framework.poles().filter(|p| !self.pole_items(p.index()).is_empty())
    }

    /// The framework of the scored roster: the instrument's framework when
    /// every pole is measured, else its dimensions whose two poles have
    /// items; `None` when no dimension has both.
    pub fn roster_framework(&self) -> Option<&Framework> {
        self.roster_framework.as_ref()
    }

    /// A Likert answer after reverse-keying: `max + min - x` for a
    /// reverse-keyed item, `x` otherwise.
    pub(crate) fn keyed(&self, item: &Item, x: f64) -> f64 {
        if item.reverse {
            // Within ±2^53 each (see `MAX_SCALE`): no overflow in i128, exact in f64.
            (i128::from(self.max) + i128::from(self.min)) as f64 - x
        } else {
            x
        }
    }
}

/// The columns of an instrument header.
fn header(fields: &[String], scale_given: bool) -> Result<Vec<Col>, String> {
    let mut cols = Vec::with_capacity(fields.len());
    for f in fields {
        let c = match f.to_ascii_lowercase().as_str() {
            "item" => Col::Item,
            "pole" => Col::Pole,
            "reverse" => Col::Reverse,
            "min" => Col::Min,
            "max" => Col::Max,
            "block" => Col::Block,
            "points" => Col::Points,
            "text" => Col::Text,
            other => {
                return Err(format!(
                    "unknown column `{other}`: expected item, pole, reverse, min, max, block, points, text"
                ))
            }
        };
        if cols.contains(&c) {
            return Err(format!("duplicate column `{}`", f.to_ascii_lowercase()));
        }
        cols.push(c);
    }
    let has = |c: Col| cols.contains(&c);
    for (c, name) in [(Col::Item, "item"), (Col::Pole, "pole")] {
        if !has(c) {
            return Err(format!("missing column `{name}`"));
        }
    }
    if has(Col::Block) || has(Col::Points) {
        for (c, name) in [(Col::Block, "block"), (Col::Points, "points")] {
            if !has(c) {
                return Err(format!("missing column `{name}`: an ipsative instrument gives both block and points"));
            }
        }
        for (c, name) in [(Col::Reverse, "reverse"), (Col::Min, "min"), (Col::Max, "max")] {
            if has(c) {
                return Err(format!("column `{name}` does not apply to an ipsative instrument (with `block`)"));
            }
        }
    } else if !scale_given {
        for (c, name) in [(Col::Min, "min"), (Col::Max, "max")] {
            if !has(c) {
                return Err(format!(
                    "missing column `{name}`: a Likert instrument gives its scale in min and max columns, \
                     or the scale is given to the reader (score_questionnaire --scale MIN,MAX)"
                ));
            }
        }
    }
    Ok(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw() -> Framework {
        Framework::builder().dimension("horizon", "vision", "execution").build().unwrap()
    }

    fn read(csv: &str) -> Result<Instrument, Error> {
        Instrument::from_csv_reader(fw(), csv.as_bytes())
    }

    #[test]
    fn reads_likert_and_ipsative() {
        let i =
            read("\u{feff}Item, Pole ,Reverse,MIN,max,text\n\nq1,vision,yes,1,5,\"Hi, there\"\nQ2,execution,,1,5,\n")
                .unwrap();
        assert!(i.items()[0].is_reverse());
        assert_eq!(i.items()[0].text(), Some("Hi, there"));
        assert_eq!(i.item_index("q2"), Some(1));
        assert_eq!(i.keyed(&i.items()[0], 2.0), 4.0);
        let i = read("item,pole,block,points\na,vision,b1,10\nb,execution,b1,10\n").unwrap();
        assert_eq!(i.kind(), InstrumentKind::Ipsative);
        assert_eq!(i.blocks()[0].items(), [0, 1]);
        assert_eq!(i.scale(), (0, 10));
    }

    #[test]
    fn errors_name_line_and_problem() {
        let cases = [
            ("item,pole,min,max\nq1,visoin,1,5\n", "instrument file, line 2: item `q1`: unknown pole `visoin`; the framework's poles are vision, execution"),
            ("item,pole,min,max\nq1,vision,1,5\nQ1,execution,1,5\n", "instrument file, line 3: duplicate item `Q1` (same name as `q1`)"),
            ("item,pole,min,max\nq1,vision,1,5\nq2,execution,1,7\n", "instrument file, line 3: scale [1, 7] differs from [1, 5] of line 2: one scale for all items"),
            ("item,pole,reverse,min,max\nq1,vision,maybe,1,5\n", "instrument file, line 2: reverse `maybe` is not one of true, false, yes, no, 1, 0"),
            ("item,pole,min,max\nq1,vision,5,1\nq2,execution,5,1\n", "invalid instrument: the scale's minimum 5 is not below its maximum 1"),
            ("item,pole,min,max\nq1,vision,1.5,5\n", "instrument file, line 2: min `1.5` is not an integer"),
            ("item,pole\nq1,vision\n", "instrument file, line 1: missing column `min`: a Likert instrument gives its scale in min and max columns, or the scale is given to the reader (score_questionnaire --scale MIN,MAX)"),
            ("item,pole,min,max,colour\n", "instrument file, line 1: unknown column `colour`: expected item, pole, reverse, min, max, block, points, text"),
            ("item,pole,min,max\nid,vision,1,5\n", "instrument file, line 2: item name `id` is reserved for a responses column"),
            ("item,pole,min,max\nq1,vision,1\n", "instrument file, line 2: expected 4 fields, found 3"),
            ("item,pole,block,points\na,vision,b1,10\nb,execution,b2,10\n", "invalid instrument: block `b1` has 1 item, needs at least 2"),
            ("item,pole,block,points\na,vision,b1,10\nb,execution,b1,8\n", "instrument file, line 3: block `b1` has 10 points on an earlier row, 8 here"),
            ("item,pole,block,points,reverse\n", "instrument file, line 1: column `reverse` does not apply to an ipsative instrument (with `block`)"),
            ("", "instrument file, line 1: empty file: expected a header such as `item,pole,reverse,min,max`"),
            ("item,pole,min,max\n", "invalid instrument: no item"),
        ];
        for (csv, want) in cases {
            assert_eq!(read(csv).unwrap_err().to_string(), want, "{csv:?}");
        }
    }

    #[test]
    fn scale_given_to_the_reader() {
        let with = |csv: &str| Instrument::from_csv_reader_with_scale(fw(), csv.as_bytes(), (0, 10));
        let i = with("item,pole\nq1,vision\nq2,execution\n").unwrap();
        assert_eq!(i.scale(), (0, 10));
        let i = with("item,pole,min,max\nq1,vision,,\nq2,execution,0,10\n").unwrap();
        assert_eq!(i.scale(), (0, 10));
        let e = with("item,pole,min,max\nq1,vision,1,5\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "instrument file, line 2: scale [1, 5] differs from [0, 10] of the scale given: one scale for all items"
        );
    }

    #[test]
    fn builder_reports_first_error() {
        let e = Instrument::likert(fw(), 1, 5).item("q1", "vision", false).item("q1", "vision", false).build();
        assert_eq!(e.unwrap_err().to_string(), "invalid instrument: duplicate item `q1` (same name as `q1`)");
        let e = Instrument::ipsative(fw()).item("q1", "vision", false).build();
        assert_eq!(e.unwrap_err().to_string(), "invalid instrument: item `q1`: an ipsative item needs a block");
    }
}
