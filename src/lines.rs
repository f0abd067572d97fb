//! True line numbers for CSV records.
//!
//! The `csv` crate's record positions do not count the empty lines it skips,
//! and after a CRLF they stop between the `\r` and the `\n`: a record after
//! an empty line is reported one line too early. [`Lines`] wraps the input,
//! notes every run of line-end bytes as it passes, and turns the position the
//! `csv` reader reports for a record into the line the record really starts
//! on: 1 + the number of `\n` before its first byte that is not a line end.

use std::collections::VecDeque;
use std::io;

/// A maximal run of `\r` and `\n` bytes.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: u64,
    end: u64,
    newlines: u64,
}

/// An input that remembers where its line ends are, for [`Lines::line_of`].
///
/// Memory is bounded by the runs between the last record asked about and
/// what the `csv` reader has read ahead.
#[derive(Debug)]
pub(crate) struct Lines<R> {
    inner: R,
    offset: u64,
    /// Newlines in the runs already dropped.
    before: u64,
    runs: VecDeque<Run>,
}

impl<R> Lines<R> {
    pub(crate) fn new(inner: R) -> Lines<R> {
        Lines { inner, offset: 0, before: 0, runs: VecDeque::new() }
    }

    /// The 1-based line of the record the `csv` reader reports at byte
    /// `pos`. Must be called with non-decreasing positions.
    pub(crate) fn line_of(&mut self, pos: u64) -> u64 {
        while let Some(r) = self.runs.front() {
            if r.end > pos {
                break;
            }
            self.before += r.newlines;
            self.runs.pop_front();
        }
        match self.runs.front() {
            // The record starts after the run of line ends `pos` falls in.
            Some(r) if r.start <= pos => 1 + self.before + r.newlines,
            _ => 1 + self.before,
        }
    }
}

impl<R: io::Read> io::Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let data = buf.get(..n).unwrap_or(&[]);
        let mut i = 0;
        while let Some(k) = data.get(i..).and_then(|rest| memchr::memchr2(b'\n', b'\r', rest)) {
            let at = i + k;
            let len = data.get(at..).map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\n' || b == b'\r').count());
            let newlines = data.get(at..at + len).map_or(0, |run| run.iter().filter(|&&b| b == b'\n').count());
            let (start, end) = (self.offset + at as u64, self.offset + (at + len) as u64);
            match self.runs.back_mut() {
                Some(last) if last.end == start => {
                    last.end = end;
                    last.newlines += newlines as u64;
                }
                _ => self.runs.push_back(Run { start, end, newlines: newlines as u64 }),
            }
            i = at + len;
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, cap: usize) -> Vec<(String, u64)> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(cap)
            .from_reader(Lines::new(text.as_bytes()));
        let mut rec = csv::ByteRecord::new();
        let mut out = vec![];
        while r.read_byte_record(&mut rec).unwrap() {
            let pos = rec.position().unwrap().byte();
            let line = r.get_mut().line_of(pos);
            out.push((String::from_utf8_lossy(&rec[0]).to_string(), line));
        }
        out
    }

    #[test]
    fn counts_skipped_empty_lines_and_crlf() {
        let cases: [(&str, &[(&str, u64)]); 6] = [
            ("h\na\n\nb\n", &[("h", 1), ("a", 2), ("b", 4)]),
            ("h\r\na\r\n\r\nb\r\n", &[("h", 1), ("a", 2), ("b", 4)]),
            ("h\n\n\na\nb", &[("h", 1), ("a", 4), ("b", 5)]),
            ("\n\r\nh\na\n", &[("h", 3), ("a", 4)]),
            ("h\n\"x\ny\"\n\nb\n", &[("h", 1), ("x\ny", 2), ("b", 5)]),
            ("h\n  \nb\n", &[("h", 1), ("  ", 2), ("b", 3)]),
        ];
        for (text, want) in cases {
            for cap in [1, 2, 3, 7, 64, 8192] {
                let got = lines(text, cap);
                let want: Vec<(String, u64)> = want.iter().map(|(s, l)| (s.to_string(), *l)).collect();
                assert_eq!(got, want, "{text:?} with a buffer of {cap}");
            }
        }
    }
}
