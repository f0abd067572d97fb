//! Small three-column CSV files: frameworks and requirements.

use std::io;

use crate::error::Error;

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
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(crate::lines::LineTracker::new(reader));
    let mut record = csv::ByteRecord::new();
    let mut header_seen = false;
    let mut rows = Vec::new();
    while rdr.read_byte_record(&mut record).map_err(Error::from_csv)? {
        let line = record.position().map_or(0, |p| rdr.get_mut().record_line(p.byte()));
        let mut fields = Vec::with_capacity(3);
        for (i, raw) in record.iter().enumerate() {
            let raw = if i == 0 && !header_seen { raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw) } else { raw };
            match std::str::from_utf8(raw) {
                Ok(s) => fields.push(s.trim().to_string()),
                Err(_) => return Err(err(line, "invalid utf-8".to_string())),
            }
        }
        if fields.len() == 1 && fields.first().is_some_and(|f| f.is_empty()) {
            continue;
        }
        if !header_seen {
            header_seen = true;
            let lower: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
            if lower != header {
                let found = crate::error::shown(&fields.join(",")).into_owned();
                return Err(err(line, format!("expected the header `{}`, found `{found}`", header.join(","))));
            }
            continue;
        }
        match <[String; 3]>::try_from(fields) {
            Ok(three) => rows.push((line, three)),
            Err(fields) => return Err(err(line, format!("expected 3 fields, found {}", fields.len()))),
        }
    }
    if !header_seen {
        return Err(err(1, format!("empty file: expected the header `{}`", header.join(","))));
    }
    Ok(rows)
}
