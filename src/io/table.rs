//! Small CSV files read whole: frameworks, requirements, instruments.

use std::io;

use crate::error::Error;

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
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(crate::io::lines::LineTracker::new(reader));
    let mut record = csv::ByteRecord::new();
    let mut records: Vec<(u64, Vec<String>)> = Vec::new();
    while rdr.read_byte_record(&mut record).map_err(Error::from_csv)? {
        let line = record.position().map_or(0, |p| rdr.get_mut().record_line(p.byte()));
        let mut fields = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let raw = if i == 0 && records.is_empty() { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
            match std::str::from_utf8(raw) {
                Ok(s) => fields.push(s.trim().to_string()),
                Err(_) => return Err(err(line, "invalid utf-8".to_string())),
            }
        }
        if fields.len() == 1 && fields.first().is_some_and(|f| f.is_empty()) {
            continue;
        }
        records.push((line, fields));
    }
    Ok(records)
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
