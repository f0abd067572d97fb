//! Column mapping: which header of a file holds which column the reader
//! knows (`id=Employee_ID`), for the roster reader and the questionnaire
//! scorer alike.

use std::io;

use crate::error::{Error, ErrorKind};

/// How many of a file's columns an error lists before it says how many more there are.
const LISTED_COLUMNS: usize = 40;

/// Which header of a file holds which column a reader knows: `id` in
/// `Employee_ID`, `team` in `Department`, an item in a question's text.
///
/// A mapping is a list of `COLUMN=HEADER` pairs. `COLUMN` is a name the
/// reader knows: for [`ReaderBuilder`](crate::ReaderBuilder) `id`, `team`,
/// `name`, `weight`, a pole, a dimension or `<dimension>_intensity`; for
/// the questionnaire [`Scorer`](crate::Scorer) `id`, `team`, `name`,
/// `weight` or an item. `HEADER` is the file's header as it is written;
/// both are trimmed and matched without regard to case.
///
/// Reading with a mapping:
///
/// - the mapped header is read as `COLUMN`; errors name it as the file
///   does;
/// - a header that is mapped but not in the file is an error
///   ([`ErrorKind::MappedColumnMissing`]) that lists the file's columns;
/// - a column of the file that is itself named `COLUMN` (an `ID` beside
///   the `Employee_ID` mapped to `id`) is ignored and listed in
///   [`ReadLog::unknown_columns`](crate::ReadLog::unknown_columns);
/// - a `COLUMN` the reader does not know, or one header mapped to two
///   columns, is an error ([`ErrorKind::InvalidMapping`]).
///
/// The default is the empty mapping: every header is read as it is named.
///
/// # Mapping files
///
/// [`ColumnMap::from_reader`] reads the same pairs from a small text file,
/// one `COLUMN=HEADER` a line; empty lines and lines starting with `#` are
/// skipped, and a `HEADER` may be put in double quotes (to keep spaces at
/// its ends):
///
/// ```text
/// # Workday export
/// id = Employee_ID
/// name = "Full Name"
/// ```
///
/// # Examples
///
/// ```
/// use rolebalance::{ColumnMap, ReaderBuilder};
/// let csv = "Employee_ID,Department,purpose,horizon,focus,risk\ne1,Lab,1,0,0,-1\n";
/// let map = ColumnMap::new().with("id", "employee_id")?.with_spec("team=Department")?;
/// let (roster, _) = ReaderBuilder::new().columns(map.clone()).read_roster(csv.as_bytes())?;
/// assert_eq!((roster.get(0).unwrap().id(), roster.get(0).unwrap().team()), ("e1", "Lab"));
///
/// let other = "Worker,Department,purpose,horizon,focus,risk\ne1,Lab,1,0,0,-1\n";
/// let err = ReaderBuilder::new().columns(map).read_roster(other.as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "line 1: no column `employee_id` (mapped to `id`); \
///     the file's columns are `Worker`, `Department`, `purpose`, `horizon`, `focus`, `risk`");
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// (column, lowercase; header as given, trimmed).
    pairs: Vec<(String, String)>,
}

/// What the reader makes of one column of a file's header (see [`ColumnMap::apply`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// Read under this (lowercase) name: the header's own or the column it is mapped to.
    Name(String),
    /// Named as a mapped column, whose values come from another header: ignored.
    Shadowed,
}

impl ColumnMap {
    /// The empty mapping.
    ///
    /// ```
    /// assert!(rolebalance::ColumnMap::new().is_empty());
    /// ```
    pub fn new() -> ColumnMap {
        ColumnMap::default()
    }

    /// Adds `column=header`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidMapping`] for an empty column or header, or a
    /// column mapped twice.
    ///
    /// ```
    /// use rolebalance::ColumnMap;
    /// let map = ColumnMap::new().with("team", "Department")?;
    /// assert_eq!(map.iter().collect::<Vec<_>>(), [("team", "Department")]);
    /// let err = map.with("TEAM", "Cost Center").unwrap_err();
    /// assert_eq!(err.to_string(), "invalid column mapping: `team` is mapped twice");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with(mut self, column: &str, header: &str) -> Result<ColumnMap, Error> {
        let invalid = |problem: String| -> Error { ErrorKind::InvalidMapping { problem }.into() };
        let column = column.trim().to_lowercase();
        let header = header.trim();
        if column.is_empty() {
            return Err(invalid(format!("no column before `={}`", crate::error::shown(header))));
        }
        if header.is_empty() {
            return Err(invalid(format!("`{}` is mapped to an empty header", crate::error::shown(&column))));
        }
        if self.pairs.iter().any(|(c, _)| *c == column) {
            return Err(invalid(format!("`{}` is mapped twice", crate::error::shown(&column))));
        }
        self.pairs.push((column, header.to_string()));
        Ok(self)
    }

    /// Adds a pair written `COLUMN=HEADER` (the form of the examples'
    /// `--map` option); the header may be put in double quotes.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidMapping`] for text without `=`, and the errors
    /// of [`ColumnMap::with`].
    ///
    /// ```
    /// use rolebalance::ColumnMap;
    /// let map = ColumnMap::new().with_spec("name=\"Full Name\"")?;
    /// assert_eq!(map.iter().next(), Some(("name", "Full Name")));
    /// assert_eq!(ColumnMap::new().with_spec("name").unwrap_err().to_string(),
    ///            "invalid column mapping: `name` is not COLUMN=HEADER");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn with_spec(self, spec: &str) -> Result<ColumnMap, Error> {
        let Some((column, header)) = spec.split_once('=') else {
            return Err(ErrorKind::InvalidMapping {
                problem: format!("`{}` is not COLUMN=HEADER", crate::error::shown(spec)),
            }
            .into());
        };
        let header = header.trim();
        let header = header.strip_prefix('"').and_then(|h| h.strip_suffix('"')).unwrap_or(header);
        self.with(column, header)
    }

    /// Reads a mapping file (see [the type's documentation](ColumnMap)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MappingFile`] naming the line: invalid UTF-8, a line
    /// without `=`, an empty column or header, a column mapped twice; and
    /// I/O errors.
    ///
    /// ```
    /// use rolebalance::ColumnMap;
    /// let file = "# HiBob\nid = employee_id_in_company\n\nname = \"Display name\"\n";
    /// let map = ColumnMap::from_reader(file.as_bytes())?;
    /// assert_eq!(map.len(), 2);
    /// let err = ColumnMap::from_reader("id=Employee_ID\nteam\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.to_string(), "mapping file, line 2: `team` is not COLUMN=HEADER");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_reader<R: io::Read>(mut reader: R) -> Result<ColumnMap, Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut map = ColumnMap::new();
        for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = i as u64 + 1;
            let file_err = |problem: String| -> Error { ErrorKind::MappingFile { line, problem }.into() };
            let text = std::str::from_utf8(raw).map_err(|_| file_err("invalid utf-8".to_string()))?.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            map = map.with_spec(text).map_err(|e| match e.into_kind() {
                ErrorKind::InvalidMapping { problem } => file_err(problem),
                other => other.into(),
            })?;
        }
        Ok(map)
    }

    /// Reads a mapping file from a path; see [`ColumnMap::from_reader`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the file cannot be read, and the errors of
    /// [`ColumnMap::from_reader`].
    ///
    /// ```
    /// assert!(rolebalance::ColumnMap::from_path("no/such/mapping.txt").is_err());
    /// ```
    pub fn from_path<P: AsRef<std::path::Path>>(path: P) -> Result<ColumnMap, Error> {
        ColumnMap::from_reader(crate::error::open(path.as_ref())?).map_err(|e| e.in_file(path.as_ref()))
    }

    /// The number of pairs.
    ///
    /// ```
    /// assert_eq!(rolebalance::ColumnMap::new().with("id", "Worker ID")?.len(), 1);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there is no pair.
    ///
    /// ```
    /// assert!(rolebalance::ColumnMap::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs `(column, header)`, in the order given; columns lowercase.
    ///
    /// ```
    /// let map = rolebalance::ColumnMap::new().with("ID", "Worker")?;
    /// assert_eq!(map.iter().collect::<Vec<_>>(), [("id", "Worker")]);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|(c, h)| (c.as_str(), h.as_str()))
    }

    /// Whether `column` (lowercase) is mapped.
    pub(crate) fn maps(&self, column: &str) -> bool {
        self.pairs.iter().any(|(c, _)| c == column)
    }

    /// The first mapped column that `known` rejects.
    pub(crate) fn unknown_target(&self, known: impl Fn(&str) -> bool) -> Option<&str> {
        self.pairs.iter().map(|(c, _)| c.as_str()).find(|c| !known(c))
    }

    /// The keys of a header: `names` are the file's names (trimmed,
    /// lowercase), `spelled` as the file writes them; `alternatives` gives
    /// a column's other names a header may be matched by (a question's
    /// text), lowercase. In `O(columns + pairs)`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MappedColumnMissing`] for a mapped header the file does
    /// not have, [`ErrorKind::InvalidMapping`] for a header mapped to two
    /// columns.
    pub(crate) fn apply(
        &self,
        names: &[String],
        spelled: &[String],
        alternatives: &dyn Fn(usize) -> Vec<String>,
        line: u64,
    ) -> Result<Vec<Key>, Error> {
        let mut keys: Vec<Key> = names.iter().map(|n| Key::Name(n.clone())).collect();
        if self.pairs.is_empty() {
            return Ok(keys);
        }
        let mut by_name: std::collections::HashMap<String, usize, crate::util::hash::Keyed> =
            std::collections::HashMap::with_capacity_and_hasher(names.len(), crate::util::hash::Keyed);
        for (i, n) in names.iter().enumerate() {
            by_name.entry(n.clone()).or_insert(i);
        }
        for i in 0..names.len() {
            for alt in alternatives(i) {
                by_name.entry(alt).or_insert(i);
            }
        }
        let mut mapped: Vec<Option<&str>> = vec![None; names.len()];
        for (column, header) in &self.pairs {
            let Some(&i) = by_name.get(&header.to_lowercase()) else {
                return Err(ErrorKind::MappedColumnMissing {
                    line,
                    header: header.clone(),
                    column: column.clone(),
                    available: listed(spelled),
                }
                .into());
            };
            if let Some(Some(other)) = mapped.get(i) {
                return Err(ErrorKind::InvalidMapping {
                    problem: format!(
                        "header `{}` is mapped to both `{other}` and `{column}`",
                        crate::error::shown(spelled.get(i).map_or("", String::as_str))
                    ),
                }
                .into());
            }
            if let Some(m) = mapped.get_mut(i) {
                *m = Some(column);
            }
        }
        for (key, m) in keys.iter_mut().zip(&mapped) {
            match m {
                Some(column) => *key = Key::Name((*column).to_string()),
                None => {
                    if matches!(key, Key::Name(n) if self.maps(n)) {
                        *key = Key::Shadowed;
                    }
                }
            }
        }
        Ok(keys)
    }
}

/// The names of a header record as the file spells them: trimmed, a
/// leading byte-order mark removed, invalid UTF-8 replaced.
pub(crate) fn spelled_names(rec: &csv::ByteRecord) -> Vec<String> {
    rec.iter()
        .enumerate()
        .map(|(i, raw)| {
            let raw = if i == 0 { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
            String::from_utf8_lossy(raw).trim().to_string()
        })
        .collect()
}

/// Whether `column` (lowercase) is a column of a roster on `fw`.
pub(crate) fn roster_column(fw: &crate::model::framework::Framework, column: &str) -> bool {
    matches!(column, "id" | "team" | "name" | "weight")
        || fw.pole(column).is_some()
        || fw.dimension_index(column).is_some()
        || column.strip_suffix("_intensity").is_some_and(|k| fw.dimension_index(k).is_some())
}

/// The keys of a roster header (see [`ColumnMap::apply`]) and the column
/// of the `manager` column of a hierarchy, if any.
///
/// # Errors
///
/// [`ErrorKind::InvalidMapping`] for a mapped column that is not a roster
/// column, the errors of [`ColumnMap::apply`], and
/// [`ErrorKind::ManagerColumnMissing`].
pub(crate) fn roster_keys(
    fw: &crate::model::framework::Framework,
    rec: &csv::ByteRecord,
    names: &[String],
    columns: &ColumnMap,
    manager: Option<&str>,
    line: u64,
) -> Result<(Vec<Key>, Option<usize>), Error> {
    let spelled = spelled_names(rec);
    if let Some(t) = columns.unknown_target(|c| roster_column(fw, c)) {
        return Err(ErrorKind::InvalidMapping {
            problem: format!(
                "`{}` is not a roster column: expected `id`, `team`, `name`, `weight`, a pole, a dimension \
                 or `<dimension>_intensity`",
                crate::error::shown(t)
            ),
        }
        .into());
    }
    let keys = columns.apply(names, &spelled, &|_| Vec::new(), line)?;
    let manager = match manager {
        None => None,
        Some(m) => {
            let lower = m.trim().to_lowercase();
            match names.iter().position(|n| *n == lower) {
                Some(i) => Some(i),
                None => {
                    let (header, available) = (m.trim().to_string(), listed(&spelled));
                    return Err(ErrorKind::ManagerColumnMissing { line, header, available }.into());
                }
            }
        }
    };
    Ok((keys, manager))
}

/// A file's columns as an error lists them: in header order, empty ones as
/// `field N`, at most [`LISTED_COLUMNS`] and then how many more.
pub(crate) fn listed(spelled: &[String]) -> Vec<String> {
    let mut out: Vec<String> = spelled
        .iter()
        .take(LISTED_COLUMNS)
        .enumerate()
        .map(|(i, s)| if s.is_empty() { format!("field {}", i + 1) } else { s.clone() })
        .collect();
    if spelled.len() > LISTED_COLUMNS {
        out.push(format!("{} more", spelled.len() - LISTED_COLUMNS));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(map: &ColumnMap, header: &[&str]) -> Result<Vec<Key>, Error> {
        let spelled: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let names: Vec<String> = spelled.iter().map(|s| s.to_lowercase()).collect();
        map.apply(&names, &spelled, &|_| Vec::new(), 1)
    }

    #[test]
    fn maps_renames_and_shadows() {
        let map = ColumnMap::new().with("id", "Employee_ID").unwrap().with("team", "dept").unwrap();
        let k = keys(&map, &["ID", "Employee_ID", "Dept", "vision"]).unwrap();
        assert_eq!(k, [Key::Shadowed, Key::Name("id".into()), Key::Name("team".into()), Key::Name("vision".into())]);
        let e = keys(&map, &["Employee_ID"]).unwrap_err();
        assert_eq!(e.to_string(), "line 1: no column `dept` (mapped to `team`); the file's columns are `Employee_ID`");
        let twice = ColumnMap::new().with("id", "x").unwrap().with("name", "X").unwrap();
        assert_eq!(
            keys(&twice, &["X"]).unwrap_err().to_string(),
            "invalid column mapping: header `X` is mapped to both `id` and `name`"
        );
    }

    #[test]
    fn long_headers_are_listed_with_a_count() {
        let spelled: Vec<String> = (0..45).map(|i| format!("c{i}")).collect();
        let l = listed(&spelled);
        assert_eq!(l.len(), LISTED_COLUMNS + 1);
        assert!(crate::error::show_columns(&l).ends_with("`c39`, and 5 more"));
    }

    #[test]
    fn spec_and_file_errors() {
        assert_eq!(
            ColumnMap::new().with_spec("=x").unwrap_err().to_string(),
            "invalid column mapping: no column before `=x`"
        );
        assert_eq!(
            ColumnMap::new().with_spec("id=").unwrap_err().to_string(),
            "invalid column mapping: `id` is mapped to an empty header"
        );
        assert_eq!(
            ColumnMap::from_reader(&b"id=a\n\xff\n"[..]).unwrap_err().to_string(),
            "mapping file, line 2: invalid utf-8"
        );
        assert_eq!(
            ColumnMap::from_reader("id=a\r\nID=b\r\n".as_bytes()).unwrap_err().to_string(),
            "mapping file, line 2: `id` is mapped twice"
        );
    }
}
