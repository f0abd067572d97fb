//! Constraints on team formation and rebalancing: pairs that must be
//! together, pairs that must be apart, members pinned to a team; and the
//! small CSV files that list them.

use std::io;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};

/// Constraints on a partition of people into teams.
///
/// Pins name a team: `Team 1` to `Team K` for [`Formation`](crate::Formation),
/// a team of the roster for [`Rebalancer`](crate::Rebalancer) (where the
/// team is ignored: a pinned member stays where they are).
///
/// # Examples
///
/// ```
/// use rolebalance::Constraints;
/// let c = Constraints::new().together("ana", "bo").apart("ana", "cy").pin("dee", "Team 2");
/// assert_eq!(c.together_pairs(), [("ana".to_string(), "bo".to_string())]);
/// assert_eq!(c.apart_pairs().len(), 1);
/// assert_eq!(c.pins(), [("dee".to_string(), "Team 2".to_string())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraints {
    together: Vec<(String, String)>,
    apart: Vec<(String, String)>,
    pins: Vec<(String, String)>,
}

impl Constraints {
    /// No constraints.
    pub fn new() -> Constraints {
        Constraints::default()
    }

    /// `a` and `b` must be in the same team.
    pub fn together(mut self, a: impl Into<String>, b: impl Into<String>) -> Constraints {
        self.together.push((a.into(), b.into()));
        self
    }

    /// `a` and `b` must be in different teams.
    pub fn apart(mut self, a: impl Into<String>, b: impl Into<String>) -> Constraints {
        self.apart.push((a.into(), b.into()));
        self
    }

    /// `id` must be in `team`.
    pub fn pin(mut self, id: impl Into<String>, team: impl Into<String>) -> Constraints {
        self.pins.push((id.into(), team.into()));
        self
    }

    /// Adds pairs that must be together.
    pub fn with_together<I: IntoIterator<Item = (String, String)>>(mut self, pairs: I) -> Constraints {
        self.together.extend(pairs);
        self
    }

    /// Adds pairs that must be apart.
    pub fn with_apart<I: IntoIterator<Item = (String, String)>>(mut self, pairs: I) -> Constraints {
        self.apart.extend(pairs);
        self
    }

    /// The pairs that must be together, in the order given.
    pub fn together_pairs(&self) -> &[(String, String)] {
        &self.together
    }

    /// The pairs that must be apart, in the order given.
    pub fn apart_pairs(&self) -> &[(String, String)] {
        &self.apart
    }

    /// The pins `(id, team)`, in the order given.
    pub fn pins(&self) -> &[(String, String)] {
        &self.pins
    }
}

/// Reads a pair file: a header line (any names) and then two member ids per
/// line, such as `id1,id2` / `ana,bo`. Cells are trimmed; empty lines are
/// skipped.
///
/// # Errors
///
/// [`ErrorKind::ConstraintFile`] for a line without exactly two fields or
/// with an empty id, or a file without a header; [`ErrorKind::Io`] when
/// reading fails.
///
/// ```
/// let pairs = rolebalance::read_pairs("id1,id2\nana , bo\n\ncy,dee\n".as_bytes())?;
/// assert_eq!(pairs, [("ana".into(), "bo".into()), ("cy".into(), "dee".into())]);
/// let err = rolebalance::read_pairs("id1,id2\nana\n".as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "constraint file, line 2: expected 2 fields, found 1");
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub fn read_pairs<R: io::Read>(reader: R) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    read_lines(reader, |line, fields| {
        if fields.len() != 2 {
            return Err(file_err(line, format!("expected 2 fields, found {}", fields.len())));
        }
        let (a, b) = match fields {
            [a, b] => (a, b),
            _ => return Ok(()),
        };
        for (i, id) in [a, b].iter().enumerate() {
            if id.is_empty() {
                return Err(file_err(line, format!("field {} is an empty member id", i + 1)));
            }
        }
        out.push((a.clone(), b.clone()));
        Ok(())
    })?;
    Ok(out)
}

/// Reads a list of member ids: a header with an `id` column (other columns
/// are ignored) and one id per line. Cells are trimmed; empty lines are
/// skipped.
///
/// # Errors
///
/// [`ErrorKind::ConstraintFile`] for a header without `id`, a line with too
/// few fields or an empty id; [`ErrorKind::Io`] when reading fails.
///
/// ```
/// let ids = rolebalance::read_ids("team,id\nOps,ana\nLab,bo\n".as_bytes())?;
/// assert_eq!(ids, ["ana", "bo"]);
/// # Ok::<(), rolebalance::Error>(())
/// ```
pub fn read_ids<R: io::Read>(reader: R) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    let mut column = None;
    read_lines_with_header(reader, |line, fields, header| {
        let col = match column {
            Some(c) => c,
            None => {
                let c = header
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case("id"))
                    .ok_or_else(|| file_err(1, "missing column `id`".to_string()))?;
                column = Some(c);
                c
            }
        };
        let Some(fields) = fields else { return Ok(()) };
        match fields.get(col) {
            None => Err(file_err(line, format!("expected {} fields, found {}", header.len(), fields.len()))),
            Some(id) if id.is_empty() => Err(file_err(line, "empty member id".to_string())),
            Some(id) => {
                out.push(id.clone());
                Ok(())
            }
        }
    })?;
    Ok(out)
}

fn file_err(line: u64, problem: String) -> Error {
    ErrorKind::ConstraintFile { line, problem }.into()
}

/// Calls `row` with every data line's trimmed fields.
fn read_lines<R, F>(reader: R, mut row: F) -> Result<(), Error>
where
    R: io::Read,
    F: FnMut(u64, &[String]) -> Result<(), Error>,
{
    read_lines_with_header(reader, |line, fields, _| match fields {
        Some(f) => row(line, f),
        None => Ok(()),
    })
}

/// Calls `row` once with `None` after the header, then with every data
/// line's trimmed fields.
fn read_lines_with_header<R, F>(reader: R, mut row: F) -> Result<(), Error>
where
    R: io::Read,
    F: FnMut(u64, Option<&[String]>, &[String]) -> Result<(), Error>,
{
    // The one record rule of every reader (`io/records.rs`): lines as the
    // roster's, `\n`, `\r\n` and a lone `\r`; invalid UTF-8 named by line.
    let records = crate::io::table::read_records(reader, file_err)?;
    let mut header: Option<Vec<String>> = None;
    for (line, fields) in records {
        if fields.iter().all(String::is_empty) && fields.len() <= 1 {
            continue;
        }
        match &header {
            None => {
                row(line, None, &fields)?;
                header = Some(fields);
            }
            Some(h) => row(line, Some(&fields), h)?,
        }
    }
    if header.is_none() {
        return Err(file_err(1, "no header line".to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_file_errors() {
        let e = read_pairs("a,b\nana,\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "constraint file, line 2: field 2 is an empty member id");
        let e = read_pairs("".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "constraint file, line 1: no header line");
        let e = read_pairs("a,b\nx,y,z\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "constraint file, line 2: expected 2 fields, found 3");
    }

    #[test]
    fn id_file_errors() {
        let e = read_ids("name\nana\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "constraint file, line 1: missing column `id`");
        let e = read_ids("id,team\n,Ops\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "constraint file, line 2: empty member id");
        let e = read_ids("team,id\nOps\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "constraint file, line 2: expected 2 fields, found 1");
        assert_eq!(read_ids("\u{feff}ID\nana\n".as_bytes()).unwrap(), ["ana"]);
    }
}
