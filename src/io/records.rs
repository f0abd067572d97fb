//! Records out of CSV bytes, the one way every reader takes them: RFC 4180
//! fields (`csv_core`, as the `csv` crate), `\n`, `\r\n` and a lone `\r`
//! each end a line, empty lines skipped, and every record named by the
//! physical line it starts on.
//!
//! And the lenient reader's rule for a bad record over several lines,
//! which may be a stray quote that swallowed the rows after it: the
//! reading goes back to the line after the record's first, and until the
//! last line the bad record covered a record with a quote in a field is
//! the rest of that record (its closing quote), not a row of its own
//! ([`Records::reread`], [`Records::in_reread`]).

/// The line breaks of `data`: `\n`, and `\r` not followed by `\n` (within
/// `data`; a `\r` at its end counts).
pub(crate) fn count_breaks(data: &[u8]) -> u64 {
    // Byte counters over blocks of 255 bytes vectorise well.
    let count = |b: u8| -> u64 {
        let mut blocks = data.chunks_exact(255);
        let mut n = 0u64;
        for block in &mut blocks {
            n += u64::from(block.iter().fold(0u8, |k, &x| k + u8::from(x == b)));
        }
        n + blocks.remainder().iter().fold(0u64, |k, &x| k + u64::from(x == b))
    };
    let lf = count(b'\n');
    if memchr::memchr(b'\r', data).is_none() {
        return lf;
    }
    let crlf = memchr::memmem::find_iter(data, b"\r\n").count() as u64;
    lf + count(b'\r') - crlf
}

/// Reads the records of some CSV bytes (a chunk, or a whole input).
pub(crate) struct Records<'a> {
    data: &'a [u8],
    pos: usize,
    line: u64,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The last line a bad record covered, when the lenient reader went
    /// back into it (0: none).
    reread_until: u64,
    /// Where the last record returned starts, its line, and the line
    /// breaks inside its fields.
    last: (usize, u64, u64),
    /// The field delimiter (`,` unless [`Records::resume`]).
    delimiter: u8,
    /// Whether the last record ran into the end of the data (no record end
    /// after it: in a chunk, it goes on in the next bytes).
    truncated: bool,
}

impl<'a> Records<'a> {
    /// The records of `data`, whose first line is `line`.
    pub(crate) fn new(data: &'a [u8], line: u64) -> Records<'a> {
        Records {
            data,
            pos: 0,
            line,
            core: csv_core::Reader::new(),
            out: Vec::new(),
            ends: Vec::new(),
            reread_until: 0,
            last: (0, line, 0),
            truncated: false,
            delimiter: b',',
        }
    }

    /// The records of `data` (first line `line`) with fields between
    /// `delimiter`s, carrying on a lenient reread that reaches
    /// `reread_until`, with a `csv_core` reader built for `delimiter` and
    /// kept between calls (building one costs more than reading a short
    /// record).
    fn resume(data: &'a [u8], line: u64, delimiter: u8, reread_until: u64, core: csv_core::Reader) -> Records<'a> {
        Records {
            data,
            pos: 0,
            line,
            core,
            out: Vec::new(),
            ends: Vec::new(),
            reread_until,
            last: (0, line, 0),
            truncated: false,
            delimiter,
        }
    }

    /// The `csv_core` reader, for the next [`Records::resume`], and the
    /// output buffers.
    fn into_parts(self) -> (csv_core::Reader, Vec<u8>, Vec<usize>) {
        (self.core, self.out, self.ends)
    }

    /// The last line a bad record covered, after a [`Records::reread`].
    pub(crate) fn reread_until(&self) -> u64 {
        self.reread_until
    }

    /// Whether the last record ran into the end of the data without a
    /// record end.
    pub(crate) fn truncated(&self) -> bool {
        self.truncated
    }

    /// The line breaks inside the last record's fields.
    pub(crate) fn last_breaks(&self) -> u64 {
        self.last.2
    }

    /// Where the next record starts in the data.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The line the next record starts on (or after, past empty lines).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Whether `line` lies in what a bad record covered (see the module docs).
    pub(crate) fn in_reread(&self, line: u64) -> bool {
        line <= self.reread_until
    }

    /// The next record into `rec` (its line), or `None` at the end.
    pub(crate) fn next_record(&mut self, rec: &mut csv::ByteRecord) -> Option<u64> {
        let (line, plain) = self.next_line(rec)?;
        if let Some(text) = plain {
            rec.clear();
            let d = self.delimiter;
            for field in text.split(|&b| b == d) {
                rec.push_field(field);
            }
        }
        Some(line)
    }

    /// The next record: its line, and its text when it is a plain line (no
    /// quote, no `\r`: its fields lie between commas), else `None` with the
    /// record in `rec`.
    pub(crate) fn next_line(&mut self, rec: &mut csv::ByteRecord) -> Option<(u64, Option<&'a [u8]>)> {
        // Record ends and empty lines before a record are skipped.
        loop {
            match self.data.get(self.pos) {
                Some(b'\n') => self.line += 1,
                Some(b'\r') => {
                    if self.data.get(self.pos + 1) != Some(&b'\n') {
                        self.line += 1;
                    }
                }
                Some(_) => break,
                None => return None,
            }
            self.pos += 1;
        }
        let line = self.line;
        let start = self.pos;
        let data = self.data;
        let rest = data.get(self.pos..).unwrap_or_default();
        let eol = memchr::memchr(b'\n', rest);
        let text = rest.get(..eol.unwrap_or(rest.len())).unwrap_or_default();
        if memchr::memchr2(b'"', b'\r', text).is_none() {
            match eol {
                Some(k) => {
                    self.pos += k + 1;
                    self.line += 1;
                }
                None => self.pos = self.data.len(),
            }
            self.truncated = eol.is_none();
            self.last = (start, line, 0);
            Some((line, Some(text)))
        } else {
            rec.clear();
            self.slow_record(rec);
            self.last = (start, line, count_breaks(rec.as_slice()));
            Some((line, None))
        }
    }

    /// The lenient reader's rule after a bad record (the last one given):
    /// when it spans lines, reading goes back to the line after its first
    /// (see the module docs). Returns whether it went back.
    pub(crate) fn reread(&mut self) -> bool {
        let (start, line, breaks) = self.last;
        if breaks == 0 {
            return false;
        }
        let rest = self.data.get(start..).unwrap_or_default();
        let Some(i) = memchr::memchr2(b'\n', b'\r', rest) else { return false };
        let crlf = rest.get(i..i + 2) == Some(b"\r\n".as_slice());
        self.pos = start + i + if crlf { 2 } else { 1 };
        self.line = line + 1;
        self.reread_until = self.reread_until.max(line.saturating_add(breaks));
        self.core.reset();
        self.last = (self.pos, self.line, 0);
        true
    }

    /// Where the data may be cut after the last record for the lenient
    /// reader, if anywhere: just after a `\n` that ends it, outside what a
    /// bad record covered.
    pub(crate) fn clean_cut(&self) -> Option<usize> {
        if self.truncated || self.in_reread(self.line) {
            return None;
        }
        let p = self.pos;
        match (p.checked_sub(1).and_then(|q| self.data.get(q)), self.data.get(p)) {
            (Some(b'\n'), _) => Some(p),
            (Some(b'\r'), Some(b'\n')) => Some(p + 1),
            _ => None,
        }
    }
}

/// Tells whether a record (at a line) is malformed: the lenient reader
/// reads again after such a record only.
pub(crate) type Malformed<'m> = dyn FnMut(&csv::ByteRecord, u64) -> bool + 'm;

/// Whether a field of `rec` holds a quote.
pub(crate) fn has_quote(rec: &csv::ByteRecord) -> bool {
    memchr::memchr(b'"', rec.as_slice()).is_some()
}

/// Where the lenient reader may cut `data` (whose first line is `line`):
/// the last clean point after a record (see [`Records::clean_cut`]), with
/// every bad record over several lines read again as the reader reads it;
/// `malformed` tells a bad record. `None` when no record ends cleanly yet.
pub(crate) fn lenient_cut(data: &[u8], line: u64, malformed: &mut Malformed<'_>) -> Option<usize> {
    if memchr::memchr2(b'"', b'\r', data).is_none() {
        return memchr::memrchr(b'\n', data).map(|i| i + 1);
    }
    let mut rec = csv::ByteRecord::new();
    let mut records = Records::new(data, line);
    let mut best = None;
    while let Some((l, plain)) = records.next_line(&mut rec) {
        if records.truncated() {
            break;
        }
        if plain.is_none() && records.last_breaks() > 0 {
            let bad = (records.in_reread(l) && has_quote(&rec)) || malformed(&rec, l);
            if bad && records.reread() {
                continue;
            }
        }
        if let Some(cut) = records.clean_cut() {
            best = Some(cut);
        }
    }
    best
}

impl<'a> Records<'a> {
    /// A record with quotes or `\r`, through `csv_core`.
    fn slow_record(&mut self, rec: &mut csv::ByteRecord) {
        use csv_core::ReadRecordResult as R;
        self.core.reset();
        if self.out.len() < 256 {
            self.out.resize(256, 0);
        }
        if self.ends.len() < 16 {
            self.ends.resize(16, 0);
        }
        let (mut nout, mut nend) = (0, 0);
        let from = self.pos;
        let mut input = self.data.get(self.pos..).unwrap_or_default();
        // `csv_core` drops a UTF-8 byte-order mark at the start of the first
        // input after a reset, so at the start of every such record: it is
        // data here, as on the plain path (the byte-order mark at the start
        // of a file is dropped before any record is read). Given one byte
        // first, it drops nothing.
        let mut first = input.starts_with(b"\xEF\xBB\xBF");
        loop {
            let out = self.out.get_mut(nout..).unwrap_or_default();
            let ends = self.ends.get_mut(nend..).unwrap_or_default();
            let feed = if std::mem::take(&mut first) { input.get(..1).unwrap_or_default() } else { input };
            // An empty input tells `csv_core` the data ended.
            self.truncated = feed.is_empty();
            let (res, i, o, e) = self.core.read_record(feed, out, ends);
            self.pos += i;
            input = input.get(i..).unwrap_or_default();
            nout += o;
            nend += e;
            match res {
                R::InputEmpty => {}
                R::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                R::Record | R::End => break,
            }
        }
        // The lines the record covers, its terminator's included (a `\r`
        // of a `\r\n` counts with its `\n`, which the next record skips).
        let consumed = self.data.get(from..self.pos).unwrap_or_default();
        let mut breaks = count_breaks(consumed);
        if consumed.last() == Some(&b'\r') && self.data.get(self.pos) == Some(&b'\n') {
            breaks -= 1;
        }
        self.line += breaks;
        let mut from = 0;
        for &end in self.ends.iter().take(nend) {
            rec.push_field(self.out.get(from..end).unwrap_or_default());
            from = end;
        }
    }
}

/// The most bytes one record may take unless told otherwise: 16 MiB.
///
/// Every reader holds at least one record in memory at a time; a line
/// that never ends (or a quote that is never closed, on a stream that
/// never ends) would grow that memory until the process aborts. A record
/// longer than the limit is [`crate::ErrorKind::RecordTooLong`], naming the
/// line it starts on. The roster readers and the scorer take another limit
/// ([`crate::ReaderBuilder::max_record_bytes`],
/// [`crate::Scorer::max_record_bytes`]); the small files (frameworks,
/// requirements, instruments, constraints) use this one.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// The error for a record longer than `limit` bytes that starts on `line`.
pub(crate) fn too_long(line: u64, limit: usize) -> crate::error::Error {
    crate::error::ErrorKind::RecordTooLong { line, limit }.into()
}

/// The records of an input read as it comes, by the rule of this module
/// (the same records, lines and lenient rereads as [`Records`] over the
/// whole input), holding about one record at a time, and at most `max`
/// bytes of one.
pub(crate) struct RecordReader<R> {
    inner: R,
    buf: Vec<u8>,
    /// Where the next record (or the empty lines before it) starts in `buf`.
    pos: usize,
    /// The line at `pos`.
    line: u64,
    reread_until: u64,
    eof: bool,
    delimiter: u8,
    max: usize,
    /// The last record returned: where it starts in `buf`, and its line.
    last: Option<(usize, u64)>,
    /// The `csv_core` reader and the field buffers, kept between records.
    parts: Option<(csv_core::Reader, Vec<u8>, Vec<usize>)>,
    /// Whether the start of the input (a byte-order mark) was looked at.
    started: bool,
}

impl<R: std::io::Read> RecordReader<R> {
    /// Records of `inner` with fields between `delimiter`s, each at most `max` bytes.
    pub(crate) fn new(inner: R, delimiter: u8, max: usize) -> RecordReader<R> {
        RecordReader {
            inner,
            buf: Vec::new(),
            pos: 0,
            line: 1,
            reread_until: 0,
            eof: false,
            delimiter,
            max: max.max(1),
            last: None,
            parts: None,
            started: false,
        }
    }

    /// Records of `data` from the reader's state, reusing its `csv_core` reader.
    fn records<'d>(&mut self, data: &'d [u8], line: u64) -> Records<'d> {
        let delimiter = self.delimiter;
        let (core, out, ends) = self
            .parts
            .take()
            .unwrap_or_else(|| (csv_core::ReaderBuilder::new().delimiter(delimiter).build(), Vec::new(), Vec::new()));
        let mut r = Records::resume(data, line, delimiter, self.reread_until, core);
        r.out = out;
        r.ends = ends;
        r
    }

    /// The next record into `rec` (its line), `None` at the end.
    ///
    /// # Errors
    ///
    /// [`crate::ErrorKind::RecordTooLong`], and I/O errors.
    pub(crate) fn next_record(&mut self, rec: &mut csv::ByteRecord) -> Result<Option<u64>, crate::error::Error> {
        loop {
            let buf = std::mem::take(&mut self.buf);
            let data = buf.get(self.pos..).unwrap_or_default();
            let mut r = self.records(data, self.line);
            let got = r.next_record(rec);
            let (start, position, line_after, truncated) = (r.last.0, r.position(), r.line(), r.truncated());
            self.parts = Some(r.into_parts());
            let data_len = data.len();
            let last_cr = data.last() == Some(&b'\r');
            self.buf = buf;
            // A record is whole when something follows it (a `\r` at the
            // end of what was read may be the start of a `\r\n`), or at the
            // end of the input.
            let whole = self.eof || (!truncated && position < data_len);
            match got {
                Some(line) => {
                    let end = if whole { position } else { data_len };
                    if end.saturating_sub(start) > self.max {
                        return Err(too_long(line, self.max));
                    }
                    if whole {
                        self.last = Some((self.pos + start, line));
                        self.pos += position;
                        self.line = line_after;
                        return Ok(Some(line));
                    }
                }
                None if self.eof => {
                    self.pos = self.buf.len();
                    self.line = line_after;
                    return Ok(None);
                }
                None => {
                    // Only empty lines: pass them, but a last `\r` (the
                    // `\n` of its `\r\n` may come next).
                    self.pos = self.buf.len() - usize::from(last_cr);
                    self.line = line_after - u64::from(last_cr);
                }
            }
            self.fill()?;
        }
    }

    /// Whether `line` lies in what a bad record covered (see the module docs).
    pub(crate) fn in_reread(&self, line: u64) -> bool {
        line <= self.reread_until
    }

    /// The lenient reader's rule after a bad record (the last one given):
    /// when it spans lines, reading goes back to the line after its first.
    /// Returns whether it went back.
    pub(crate) fn reread(&mut self) -> bool {
        let Some((start, line)) = self.last else { return false };
        let buf = std::mem::take(&mut self.buf);
        let data = buf.get(start..).unwrap_or_default();
        let mut r = self.records(data, line);
        let mut scratch = csv::ByteRecord::new();
        let back = r.next_record(&mut scratch).is_some() && r.reread();
        let (position, line_after, until) = (r.position(), r.line(), r.reread_until());
        self.parts = Some(r.into_parts());
        self.buf = buf;
        if !back {
            return false;
        }
        self.pos = start + position;
        self.line = line_after;
        self.reread_until = until;
        self.last = None;
        true
    }

    /// Reads more: about as much again as is pending (at least 64 KiB),
    /// after dropping what no record needs any more.
    fn fill(&mut self) -> Result<(), crate::error::Error> {
        let keep = self.last.map_or(self.pos, |(s, _)| s.min(self.pos));
        if keep > 0 && keep * 2 >= self.buf.len() {
            self.buf.drain(..keep);
            self.pos -= keep;
            if let Some((s, _)) = self.last.as_mut() {
                *s -= keep;
            }
        }
        let want = (self.buf.len() - self.pos).max(1 << 16) as u64;
        let n = std::io::Read::read_to_end(&mut std::io::Read::take(&mut self.inner, want), &mut self.buf)?;
        if n == 0 {
            self.eof = true;
        }
        if !self.started && (self.buf.len() >= 3 || self.eof) {
            // The byte-order mark at the start of the input is not data.
            self.started = true;
            if self.pos == 0 && self.last.is_none() && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
        }
        Ok(())
    }
}
