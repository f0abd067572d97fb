//! The field delimiter of a CSV file: given, or detected from its header.

use std::io::{self, Read};

/// The field delimiter of a CSV file.
///
/// The default, [`Delimiter::Auto`], looks at the file's first non-empty
/// line (the header): the delimiter is the one of `,`, `;` and tab that
/// occurs most often in it outside double quotes; a tie goes to `,`, then
/// `;`; a header with none of them (one column) is read with `,`.
/// European spreadsheets export `;`, because `,` is their decimal mark.
/// [`ReadLog::delimiter`](crate::ReadLog::delimiter) tells which one a read used.
///
/// Only the delimiter changes: numbers still use `.` as their decimal
/// mark (`0,5` is not a number), and quoting is RFC 4180's.
///
/// A comma-separated file is read by the hand-written parallel fast path
/// of [`ReaderBuilder::analyze`](crate::ReaderBuilder::analyze) and
/// [`ReaderBuilder::summary`](crate::ReaderBuilder::summary); a file with
/// another delimiter is read on one thread through the `csv` crate's
/// record reader, the path of lenient reads: a million-row summary took
/// 0.84 s with `;` against 0.16 s with `,` (`cargo bench --bench
/// adapters`), so that the fast path's hand-written byte scans keep their
/// constant comma and their speed. Exports with `;` or tabs are rarely
/// that large.
///
/// ```
/// use rolebalance::{Delimiter, ReaderBuilder};
/// let csv = "id;team;purpose;horizon;focus;risk\nana;Lab;0.5;1;0;-1\n";
/// let (roster, log) = ReaderBuilder::new().read_roster(csv.as_bytes())?;
/// assert_eq!((roster.len(), log.delimiter()), (1, Delimiter::Semicolon));
/// let tabs = "id\tteam\tpurpose\thorizon\tfocus\trisk\nana\tLab\t0.5\t1\t0\t-1\n";
/// let (_, log) = ReaderBuilder::new().delimiter(Delimiter::Tab).read_roster(tabs.as_bytes())?;
/// assert_eq!(log.delimiter(), Delimiter::Tab);
/// # Ok::<(), rolebalance::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Delimiter {
    /// Detected from the header (the default).
    #[default]
    Auto,
    /// `,`.
    Comma,
    /// `;`.
    Semicolon,
    /// A tab.
    Tab,
}

impl Delimiter {
    /// The byte, `None` for [`Delimiter::Auto`].
    ///
    /// ```
    /// use rolebalance::Delimiter;
    /// assert_eq!(Delimiter::Semicolon.byte(), Some(b';'));
    /// assert_eq!(Delimiter::Auto.byte(), None);
    /// ```
    pub fn byte(self) -> Option<u8> {
        match self {
            Delimiter::Auto => None,
            Delimiter::Comma => Some(b','),
            Delimiter::Semicolon => Some(b';'),
            Delimiter::Tab => Some(b'\t'),
        }
    }

    /// A name for messages: `auto`, `,`, `;` or `tab`.
    ///
    /// ```
    /// assert_eq!(rolebalance::Delimiter::Tab.as_str(), "tab");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Delimiter::Auto => "auto",
            Delimiter::Comma => ",",
            Delimiter::Semicolon => ";",
            Delimiter::Tab => "tab",
        }
    }

    pub(crate) fn from_byte(b: u8) -> Delimiter {
        match b {
            b';' => Delimiter::Semicolon,
            b'\t' => Delimiter::Tab,
            _ => Delimiter::Comma,
        }
    }
}

impl std::fmt::Display for Delimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Delimiter {
    type Err = crate::Error;

    /// `auto`, `,` or `comma`, `;` or `semicolon`, `tab` or a tab character.
    ///
    /// ```
    /// use rolebalance::Delimiter;
    /// assert_eq!(";".parse::<Delimiter>()?, Delimiter::Semicolon);
    /// assert_eq!("TAB".parse::<Delimiter>()?, Delimiter::Tab);
    /// assert_eq!("|".parse::<Delimiter>().unwrap_err().to_string(),
    ///            "option `delimiter`: `|` is not one of auto, `,`, `;`, tab");
    /// # Ok::<(), rolebalance::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Delimiter, crate::Error> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(Delimiter::Auto),
            "," | "comma" => Ok(Delimiter::Comma),
            ";" | "semicolon" => Ok(Delimiter::Semicolon),
            "\t" | "tab" | "\\t" => Ok(Delimiter::Tab),
            _ => Err(crate::error::ErrorKind::InvalidOption {
                name: "delimiter".to_string(),
                problem: format!("`{}` is not one of auto, `,`, `;`, tab", crate::error::shown(s)),
            }
            .into()),
        }
    }
}

/// The most a detection reads to find the end of the header.
const SNIFF_LIMIT: usize = 1 << 20;

/// A reader whose first bytes were read to detect the delimiter: those
/// bytes, then the rest.
pub(crate) type Sniffed<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// The delimiter of the file `reader` holds: `choice`'s, else detected
/// from the first non-empty line (see [`Delimiter`]); and the reader,
/// whole again.
pub(crate) fn sniff<R: Read>(mut reader: R, choice: Delimiter) -> io::Result<(u8, Sniffed<R>)> {
    if let Some(b) = choice.byte() {
        return Ok((b, io::Cursor::new(Vec::new()).chain(reader)));
    }
    let mut head = Vec::new();
    let mut block = [0u8; 8192];
    let found = loop {
        if let Some(d) = detect(&head, false) {
            break d;
        }
        if head.len() >= SNIFF_LIMIT {
            break detect(&head, true).unwrap_or(b',');
        }
        let n = match reader.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break detect(&head, true).unwrap_or(b',');
        }
        head.extend_from_slice(block.get(..n).unwrap_or_default());
    };
    Ok((found, io::Cursor::new(head).chain(reader)))
}

/// The delimiter of the first non-empty line of `data`, once that line is
/// whole (or at the `end` of the input); `None` while it may go on.
pub(crate) fn detect(data: &[u8], end: bool) -> Option<u8> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut counts = [0usize; 3];
    let (mut quoted, mut field_start, mut blank) = (false, true, true);
    for &b in data {
        if quoted {
            if b == b'"' {
                quoted = false;
            }
            continue;
        }
        match b {
            b'"' if field_start => quoted = true,
            // A line of white space only is an empty line, as the reader skips it.
            b'\n' | b'\r' if blank => counts = [0; 3],
            b'\n' | b'\r' => return Some(choose(counts)),
            b',' | b';' | b'\t' => {
                let i = usize::from(b != b',') + usize::from(b == b'\t');
                if let Some(c) = counts.get_mut(i) {
                    *c += 1;
                }
                blank &= b == b'\t';
            }
            b' ' => {}
            _ => blank = false,
        }
        field_start = matches!(b, b',' | b';' | b'\t' | b'\n' | b'\r');
        if b == b'"' {
            blank = false;
        }
    }
    end.then(|| choose(counts))
}

/// The most frequent of `,`, `;`, tab (ties to the first).
fn choose(counts: [usize; 3]) -> u8 {
    let [c, s, t] = counts;
    if s > c && s >= t {
        b';'
    } else if t > c && t > s {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_from_the_header_outside_quotes() {
        assert_eq!(detect(b"a,b;c\n", false), Some(b','));
        assert_eq!(detect(b"a;b;c\nx,y,z,w\n", false), Some(b';'));
        assert_eq!(detect(b"\"x,y,z\";b\n", false), Some(b';'));
        assert_eq!(detect(b"a\tb\tc,d\r\n", false), Some(b'\t'));
        assert_eq!(detect(b"\xEF\xBB\xBF\n\n  \nid;team\n", false), Some(b';'));
        assert_eq!(detect(b"id;te", false), None);
        assert_eq!(detect(b"id;te", true), Some(b';'));
        assert_eq!(detect(b"\"a\nb;c\";d,e\n", false), Some(b','));
        assert_eq!(detect(b"single\n", false), Some(b','));
        assert_eq!(detect(b"\t \n\t\t\nid;team\n", false), Some(b';'));
    }

    #[test]
    fn sniff_gives_back_every_byte() {
        let text = format!("id;team\n{}", "x;y\n".repeat(5000));
        let (d, mut r) = sniff(text.as_bytes(), Delimiter::Auto).unwrap();
        let mut back = String::new();
        r.read_to_string(&mut back).unwrap();
        assert_eq!((d, back), (b';', text.clone()));
        let (d, _) = sniff(text.as_bytes(), Delimiter::Tab).unwrap();
        assert_eq!(d, b'\t');
        let (d, _) = sniff(&b""[..], Delimiter::Auto).unwrap();
        assert_eq!(d, b',');
    }
}
