//! Line numbers of CSV records.
//!
//! The `csv` crate's record positions are taken before the line terminator
//! of the previous record is fully consumed and before empty lines are
//! skipped: with CRLF line ends or empty lines its `Position::line` lags
//! behind the real line (a record on line 3 of a CRLF file is reported on
//! line 2). Its byte offsets lag the same way, but only over `\r` and `\n`
//! bytes. [`LineTracker`] wraps the input, keeps the bytes the CSV reader
//! has read but whose lines are not yet counted, and turns a record's
//! reported byte offset into the 1-based line the record really starts on.
//!
//! Line breaks are `\n`, `\r\n` and a lone `\r`, as the CSV reader takes
//! them. Memory is bounded by the CSV reader's buffer plus one record.

use std::io;

/// An input wrapper that counts the lines of what it has handed out.
#[derive(Debug)]
pub(crate) struct LineTracker<R> {
    inner: R,
    /// Bytes read from `inner` whose lines are not counted yet, from `start`.
    pending: Vec<u8>,
    /// Index in `pending` of the byte at offset `offset`.
    start: usize,
    /// The byte offset of `pending[start]` in the input.
    offset: u64,
    /// The 1-based line of `pending[start]`.
    line: u64,
    /// Bytes to hand out again before reading `inner` (after a restart).
    replay: Vec<u8>,
    /// How much of `replay` was handed out.
    replayed: usize,
}

impl<R> LineTracker<R> {
    pub(crate) fn new(inner: R) -> LineTracker<R> {
        LineTracker { inner, pending: Vec::new(), start: 0, offset: 0, line: 1, replay: Vec::new(), replayed: 0 }
    }

    /// The 1-based line of the record whose reported start is `byte`: the
    /// first byte at or after `byte` that is not `\r` or `\n`.
    ///
    /// Calls must come in the order of the records (offsets do not decrease).
    pub(crate) fn record_line(&mut self, byte: u64) -> u64 {
        self.advance_to(byte);
        // Skip the rest of the previous terminator and any empty lines.
        while let Some(&b) = self.pending.get(self.start) {
            if b != b'\r' && b != b'\n' {
                break;
            }
            self.step();
        }
        self.line
    }

    /// Prepares a fresh CSV reader to start on the line after the current
    /// record's first line: the bytes after that line break that were
    /// already read are handed out again, and byte offsets start at 0 again.
    /// Returns false, changing nothing, when the record has no line break.
    ///
    /// Call it right after [`LineTracker::record_line`] for the record.
    /// Lenient reading uses it when a bad record spans several lines: an
    /// unclosed quote must not swallow the rows after it.
    pub(crate) fn restart_after_line(&mut self) -> bool {
        let rest = self.pending.get(self.start..).unwrap_or_default();
        let Some(i) = rest.iter().position(|&b| b == b'\n' || b == b'\r') else { return false };
        let crlf = rest.get(i..i + 2) == Some(b"\r\n".as_slice());
        let after = self.start + i + if crlf { 2 } else { 1 };
        let mut replay = self.pending.split_off(after.min(self.pending.len()));
        replay.extend_from_slice(self.replay.get(self.replayed..).unwrap_or_default());
        self.replay = replay;
        self.replayed = 0;
        self.pending.clear();
        self.start = 0;
        self.offset = 0;
        self.line += 1;
        true
    }

    /// Moves the counted position forward to `byte` (or to the end of what
    /// was read, whichever comes first).
    fn advance_to(&mut self, byte: u64) {
        let want = usize::try_from(byte.saturating_sub(self.offset)).unwrap_or(usize::MAX);
        let end = self.start.saturating_add(want).min(self.pending.len());
        if let Some(span) = self.pending.get(self.start..end) {
            // `\n` breaks a line; `\r` does unless a `\n` follows it (the byte
            // after the span, too, was read: the record starts there).
            let mut breaks = memchr::memchr_iter(b'\n', span).count() as u64;
            for i in memchr::memchr_iter(b'\r', span) {
                if self.pending.get(self.start + i + 1) != Some(&b'\n') {
                    breaks += 1;
                }
            }
            self.line += breaks;
            self.offset += span.len() as u64;
            self.start = end;
        }
        // Drop counted bytes now and then; amortised O(1) per byte.
        if self.start > 1 << 16 && self.start * 2 > self.pending.len() {
            self.pending.drain(..self.start);
            self.start = 0;
        }
    }

    /// Counts one byte: `\n` breaks a line, and so does `\r` unless a `\n`
    /// follows it.
    fn step(&mut self) {
        let Some(&b) = self.pending.get(self.start) else { return };
        let next = self.pending.get(self.start + 1).copied();
        if b == b'\n' || (b == b'\r' && next != Some(b'\n')) {
            self.line += 1;
        }
        self.start += 1;
        self.offset += 1;
    }
}

impl<R: io::Read> io::Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match self.replay.get(self.replayed..) {
            Some(rest) if !rest.is_empty() => {
                let n = rest.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
                    dst.copy_from_slice(src);
                }
                self.replayed += n;
                n
            }
            _ => self.inner.read(buf)?,
        };
        self.pending.extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// The line breaks in `bytes`: `\n`, `\r\n` and a lone `\r` count one each.
pub(crate) fn count_breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    let mut prev_cr = false;
    for &b in bytes {
        if b == b'\r' || (b == b'\n' && !prev_cr) {
            n += 1;
        }
        prev_cr = b == b'\r';
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (record, line) for every record csv reads from `input`.
    fn lines(input: &str) -> Vec<(String, u64)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(4)
            .from_reader(LineTracker::new(input.as_bytes()));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let byte = rec.position().unwrap().byte();
            let line = rdr.get_mut().record_line(byte);
            out.push((String::from_utf8_lossy(rec.as_slice()).into_owned(), line));
        }
        out
    }

    fn only_lines(input: &str) -> Vec<u64> {
        lines(input).into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn counts_breaks() {
        assert_eq!(count_breaks(b""), 0);
        assert_eq!(count_breaks(b"a\nb\r\nc\rd\r\r\n\n"), 6);
    }

    #[test]
    fn lf_crlf_and_lone_cr() {
        assert_eq!(only_lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(only_lines("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(only_lines("a,b\r1,2\r3,4"), [1, 2, 3]);
    }

    #[test]
    fn empty_lines_are_counted() {
        assert_eq!(only_lines("\n  \n\na,b\n1,2\n"), [2, 4, 5]);
        assert_eq!(only_lines("a,b\n\n1,2\n  \n\n3,4\n"), [1, 3, 4, 6]);
        assert_eq!(only_lines("a,b\r\n\r\n\r\n1,2\r\n"), [1, 4]);
        assert_eq!(only_lines("\r\n\r\na\r\n"), [3]);
    }

    #[test]
    fn quoted_line_breaks_belong_to_their_record() {
        assert_eq!(only_lines("a,b\n1,\"x\ny\"\n3,4\n"), [1, 2, 4]);
        assert_eq!(only_lines("a,b\r\n1,\"x\r\n\r\ny\"\r\n3,4\r\n"), [1, 2, 5]);
        assert_eq!(only_lines("a\n\"\n\n\"\n\nb\n"), [1, 2, 6]);
    }

    /// Records and lines, restarting after the first line of every record
    /// that spans lines.
    fn lines_restarting(input: &str) -> Vec<(String, u64)> {
        let builder = {
            let mut b = csv::ReaderBuilder::new();
            b.has_headers(false).flexible(true).buffer_capacity(4);
            b
        };
        let mut rdr = builder.from_reader(LineTracker::new(input.as_bytes()));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let byte = rec.position().unwrap().byte();
            let line = rdr.get_mut().record_line(byte);
            let text: Vec<String> = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
            out.push((text.join("|"), line));
            if text.iter().any(|f| f.contains('\n') || f.contains('\r')) {
                let mut tracker = rdr.into_inner();
                assert!(tracker.restart_after_line());
                rdr = builder.from_reader(tracker);
            }
        }
        out
    }

    #[test]
    fn restart_reads_the_lines_an_unclosed_quote_swallowed() {
        let got = lines_restarting("h,h\n1,\"x\n2,y\r\n\r\n3,z\n4,\"w\n");
        let want = [("h|h", 1), ("1|x\n2,y\r\n\r\n3,z\n4,w", 2), ("2|y", 3), ("3|z", 5), ("4|w\n", 6)];
        let got: Vec<(&str, u64)> = got.iter().map(|(t, l)| (t.as_str(), *l)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn restart_over_a_long_input_keeps_lines_right() {
        let mut input = String::new();
        let mut want = Vec::new();
        let mut line = 1;
        for i in 0..5_000 {
            if i % 100 == 7 {
                input.push_str(&format!("{i},\"stray\r\n"));
                want.push(line);
                line += 1;
            } else {
                input.push_str(&format!("{i},ok\n"));
                want.push(line);
                line += 1;
            }
        }
        let got = lines_restarting(&input);
        // Every stray quote swallows up to the next one; the restart then
        // reads the lines after its first line again.
        let starts: Vec<u64> = got.iter().map(|(_, l)| *l).collect();
        let mut dedup = starts.clone();
        dedup.dedup();
        assert_eq!(dedup, starts, "each line once");
        assert_eq!(starts, want);
    }

    /// The cases of the first line counter on main, through buffers of
    /// every size.
    #[test]
    fn counts_skipped_empty_lines_and_crlf_whatever_the_buffer() {
        let cases: [(&str, &[(&str, u64)]); 8] = [
            ("h\na\n\nb\n", &[("h", 1), ("a", 2), ("b", 4)]),
            ("h\r\na\r\n\r\nb\r\n", &[("h", 1), ("a", 2), ("b", 4)]),
            ("h\n\n\na\nb", &[("h", 1), ("a", 4), ("b", 5)]),
            ("\n\r\nh\na\n", &[("h", 3), ("a", 4)]),
            ("h\n\"x\ny\"\n\nb\n", &[("h", 1), ("x\ny", 2), ("b", 5)]),
            ("h\n  \nb\n", &[("h", 1), ("  ", 2), ("b", 3)]),
            ("h\ra\r\rb", &[("h", 1), ("a", 2), ("b", 4)]),
            ("h\r\"x\r\ny\ry\"\r\nb", &[("h", 1), ("x\r\ny\ry", 2), ("b", 5)]),
        ];
        for (text, want) in cases {
            for cap in [1, 2, 3, 7, 64, 8192] {
                let mut rdr = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .buffer_capacity(cap)
                    .from_reader(LineTracker::new(text.as_bytes()));
                let mut rec = csv::ByteRecord::new();
                let mut got = vec![];
                while rdr.read_byte_record(&mut rec).unwrap() {
                    let line = rdr.get_mut().record_line(rec.position().unwrap().byte());
                    got.push((String::from_utf8_lossy(&rec[0]).to_string(), line));
                }
                let want: Vec<(String, u64)> = want.iter().map(|(s, l)| (s.to_string(), *l)).collect();
                assert_eq!(got, want, "{text:?} with a buffer of {cap}");
            }
        }
    }

    #[test]
    fn many_records_through_a_small_buffer() {
        let mut input = String::new();
        for i in 0..200_000 {
            input.push_str(if i % 3 == 0 { "x,y\r\n" } else { "x,y\n\n" });
        }
        let got = only_lines(&input);
        assert_eq!(got.len(), 200_000);
        let mut line = 1;
        for (i, l) in got.iter().enumerate() {
            assert_eq!(*l, line, "record {i}");
            line += if i % 3 == 0 { 1 } else { 2 };
        }
    }
}
