//! Small CSV files read whole: frameworks, requirements, instruments.

use std::io;

use crate::error::{Error, ErrorKind};
use crate::model::coverage::Coverage;
use crate::model::framework::{Dimension, Framework};
use crate::model::thresholds::Requirements;

/// Reads `reader` as CSV (a UTF-8 byte-order mark accepted) and returns
/// every record that is not an empty line, with its line and its trimmed
/// fields; the header, if any, is the first.
///
/// Invalid UTF-8 is reported through `err(line, problem)`; I/O errors as
/// they are.
pub(crate) fn read_records<R, F>(reader: R, err: F) -> Result<Vec<(u64, Vec<String>)>, Error>
where
    R: io::Read,
    F: Fn(u64, String) -> Error,
{
    records_of(reader, |line, field, raw| {
        let lossy = String::from_utf8_lossy(raw);
        err(line, format!("field {field}: `{}` is not valid utf-8", crate::error::shown(lossy.trim())))
    })
}

/// [`read_records`], a field that is not UTF-8 reported through
/// `utf8(line, 1-based field, raw bytes)`.
fn records_of<R, F>(reader: R, utf8: F) -> Result<Vec<(u64, Vec<String>)>, Error>
where
    R: io::Read,
    F: Fn(u64, usize, &[u8]) -> Error,
{
    let mut rdr = crate::io::records::RecordReader::new(reader, b',', crate::io::records::MAX_RECORD_BYTES);
    let mut record = csv::ByteRecord::new();
    let mut records: Vec<(u64, Vec<String>)> = Vec::new();
    while let Some(line) = rdr.next_record(&mut record)? {
        let mut fields = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let raw = if i == 0 && records.is_empty() { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
            match std::str::from_utf8(raw) {
                Ok(s) => fields.push(s.trim().to_string()),
                Err(_) => return Err(utf8(line, i + 1, raw)),
            }
        }
        if fields.len() == 1 && fields.first().is_some_and(|f| f.is_empty()) {
            continue;
        }
        records.push((line, fields));
    }
    Ok(records)
}

/// Reads the records of a small CSV file by the crate's one record rule:
/// RFC 4180 fields, `\n`, `\r\n` and a lone `\r` each end a line, empty
/// lines skipped, a UTF-8 byte-order mark before the first field dropped,
/// each record with the physical line it starts on and its trimmed fields.
/// For a program's own small files beside a roster (the examples read a
/// roster's `pinned` column and pool files with it), so that their line
/// numbers agree with the library's.
///
/// # Errors
///
/// [`ErrorKind::Value`] (column `field N`) for a field that is not UTF-8,
/// [`ErrorKind::RecordTooLong`] for a record of more than
/// [`crate::MAX_RECORD_BYTES`], and I/O errors.
///
/// ```
/// let rows = rolebalance::read_csv_records("id,pinned\r\r\nana,\"yes\"\rbo,no\n".as_bytes())?;
/// assert_eq!(rows, [(1, vec!["id".into(), "pinned".into()]), (3, vec!["ana".into(), "yes".into()]), (4, vec!["bo".into(), "no".into()])]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub fn read_csv_records<R: io::Read>(reader: R) -> Result<Vec<(u64, Vec<String>)>, Error> {
    records_of(reader, |line, field, raw| {
        ErrorKind::Value {
            line,
            column: format!("field {field}"),
            value: String::from_utf8_lossy(raw).trim().to_string(),
            problem: crate::error::ValueProblem::InvalidUtf8,
        }
        .into()
    })
}

/// Reads `reader` as CSV with the header `header` (trimmed, any case, a
/// UTF-8 byte-order mark accepted), skipping empty lines, and returns every
/// data row's line and three trimmed fields.
///
/// Problems with a line are reported through `err(line, problem)`; I/O
/// errors as they are.
pub(crate) fn read_rows<R, F>(reader: R, header: [&str; 3], err: F) -> Result<Vec<(u64, [String; 3])>, Error>
where
    R: io::Read,
    F: Fn(u64, String) -> Error,
{
    let mut records = read_records(reader, &err)?.into_iter();
    let Some((line, fields)) = records.next() else {
        return Err(err(1, format!("empty file: expected the header `{}`", header.join(","))));
    };
    let lower: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
    if lower != header {
        let found = crate::error::shown(&fields.join(",")).into_owned();
        return Err(err(line, format!("expected the header `{}`, found `{found}`", header.join(","))));
    }
    records
        .map(|(line, fields)| match <[String; 3]>::try_from(fields) {
            Ok(three) => Ok((line, three)),
            Err(fields) => Err(err(line, format!("expected 3 fields, found {}", fields.len()))),
        })
        .collect()
}

impl Framework {
    /// Reads a framework from CSV with the header
    /// `dimension,leadership_pole,management_pole` (names trimmed, any case
    /// in the header; a UTF-8 byte-order mark and empty lines are accepted).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::FrameworkFile`] naming the line and what is wrong with it,
    /// and the framework errors of [`Framework::new`].
    ///
    /// ```
    /// use rolebalance::Framework;
    /// let csv = "dimension,leadership_pole,management_pole\nchange,innovate,stabilize\n";
    /// let fw = Framework::from_csv_reader(csv.as_bytes())?;
    /// assert_eq!(fw.pole_name(fw.pole("stabilize").unwrap()), Some("stabilize"));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_reader<R: io::Read>(reader: R) -> Result<Framework, Error> {
        let file_err = |line: u64, problem: String| -> Error { ErrorKind::FrameworkFile { line, problem }.into() };
        let rows = read_rows(reader, ["dimension", "leadership_pole", "management_pole"], file_err)?;
        let mut dims = Vec::with_capacity(rows.len());
        // Names are unique across keys and poles: a repeated one is named
        // with both its lines.
        let mut seen: std::collections::HashMap<String, u64, crate::util::hash::Keyed> =
            std::collections::HashMap::with_hasher(crate::util::hash::Keyed);
        for (line, [k, l, m]) in rows {
            for name in [&k, &l, &m] {
                if let Some(first) = seen.insert(name.clone(), line) {
                    let name = crate::error::shown(name);
                    return Err(file_err(line, format!("duplicate name `{name}` (first given on line {first})")));
                }
            }
            dims.push(Dimension::new(&k, &l, &m).map_err(|e| file_err(line, e.to_string()))?);
        }
        Framework::new(dims)
    }

    /// Reads a framework from a CSV file; see [`Framework::from_csv_reader`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the file cannot be read, and the errors of
    /// [`Framework::from_csv_reader`].
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/framework_agile.csv");
    /// let fw = rolebalance::Framework::from_csv_path(path)?;
    /// assert_eq!(fw.len(), 5);
    /// assert!(rolebalance::Framework::from_csv_path("no/such/file.csv").is_err());
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_path<P: AsRef<std::path::Path>>(path: P) -> Result<Framework, Error> {
        let file = crate::error::open(path.as_ref())?;
        Framework::from_csv_reader(io::BufReader::new(file)).map_err(|e| e.in_file(path.as_ref()))
    }
}

impl Requirements {
    /// Reads `team,threshold,value` lines (header required, trimmed, any
    /// case; empty lines skipped). A `threshold` of `model:POLE` (or
    /// `model`, for every pole) takes a coverage model name as its value:
    /// `Acme/Ops,model:risk_management,weakest`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::RequirementsFile`] naming the line: a wrong header, a
    /// wrong field count, invalid UTF-8, an invalid team, threshold name or
    /// value, the same team and threshold twice, or an empty file.
    ///
    /// ```
    /// use rolebalance::Requirements;
    /// let req = Requirements::from_csv_reader("team,threshold,value\nAcme,skew,0.2\n".as_bytes())?;
    /// assert_eq!(req.len(), 1);
    /// let err = Requirements::from_csv_reader("team,threshold,value\nAcme,skew,high\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_reader<R: io::Read>(reader: R) -> Result<Requirements, Error> {
        let err = |line: u64, problem: String| -> Error { ErrorKind::RequirementsFile { line, problem }.into() };
        let mut req = Requirements::new();
        for (line, [team, name, value]) in read_rows(reader, ["team", "threshold", "value"], err)? {
            if req.iter().any(|r| r.team() == team && r.name() == name) {
                return Err(err(line, format!("threshold `{name}` for team `{team}` is given twice")));
            }
            let model_of = |pole: Option<&str>| -> Result<(Option<String>, Coverage), Error> {
                let m = value.parse::<Coverage>().map_err(|e| err(line, e.to_string()))?;
                Ok((pole.map(str::to_string), m))
            };
            req = match name.strip_prefix("model:") {
                Some(pole) => {
                    let (pole, m) = model_of(Some(pole))?;
                    req.require_model(&team, pole.as_deref(), m)
                }
                None if name == "model" => {
                    let (_, m) = model_of(None)?;
                    req.require_model(&team, None, m)
                }
                None => {
                    let v: f64 = value.parse().map_err(|_| err(line, format!("`{value}` is not a number")))?;
                    req.require(&team, &name, v)
                }
            }
            .map_err(|e| err(line, e.to_string()))?;
        }
        Ok(req)
    }

    /// Reads requirements from a CSV file; see [`Requirements::from_csv_reader`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] and the errors of [`Requirements::from_csv_reader`].
    ///
    /// ```
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/requirements.csv");
    /// assert_eq!(rolebalance::Requirements::from_csv_path(path)?.len(), 5);
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    pub fn from_csv_path<P: AsRef<std::path::Path>>(path: P) -> Result<Requirements, Error> {
        Requirements::from_csv_reader(io::BufReader::new(crate::error::open(path.as_ref())?))
            .map_err(|e| e.in_file(path.as_ref()))
    }
}
