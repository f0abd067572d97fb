//! Splitting a CSV stream into chunks of whole records, and records out of a
//! chunk, with the same field rules as the `csv` crate (RFC 4180 quoting,
//! `\n`, `\r` and `\r\n` ends, empty lines skipped) and physical line numbers.
//!
//! The chunk boundaries depend on the input only (every chunk but the last
//! holds at least [`CHUNK`] bytes and ends just after a `\n` that is not
//! inside a quoted field), never on the number of threads.

use std::io;

use crate::error::Error;
use crate::io::records::{count_breaks, lenient_cut};

/// The size a chunk reaches before it is cut at the next record end.
pub(crate) const CHUNK: usize = 1 << 19;

/// Where a byte stands relative to quoting, as the `csv-core` automaton sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    /// At the start of a field (or record): a `"` opens a quoted field.
    FieldStart,
    /// Inside an unquoted field: a `"` is an ordinary byte.
    Unquoted,
    /// Inside a quoted field: only a `"` matters.
    Quoted,
    /// Just after a `"` inside a quoted field: `"` is an escaped quote.
    Closed,
}

/// Follows quoting through a stream to find record ends.
#[derive(Debug, Clone)]
pub(crate) struct QuoteScan {
    state: Quote,
}

impl QuoteScan {
    pub(crate) fn new() -> QuoteScan {
        QuoteScan { state: Quote::FieldStart }
    }

    /// The state after a run of bytes without `"` ending with `last`.
    fn after(last: u8) -> Quote {
        if matches!(last, b',' | b'\n' | b'\r') {
            Quote::FieldStart
        } else {
            Quote::Unquoted
        }
    }

    /// Scans `buf` (the bytes following those already scanned) and returns
    /// the offset just after the last `\n` in it that ends a record.
    pub(crate) fn scan(&mut self, buf: &[u8]) -> Option<usize> {
        let mut last_end = None;
        let mut i = 0;
        while i < buf.len() {
            let rest = buf.get(i..).unwrap_or_default();
            if self.state == Quote::Quoted {
                match memchr::memchr(b'"', rest) {
                    None => return last_end,
                    Some(k) => {
                        i += k + 1;
                        self.state = Quote::Closed;
                    }
                }
                continue;
            }
            let q = memchr::memchr(b'"', rest);
            let plain = rest.get(..q.unwrap_or(rest.len())).unwrap_or_default();
            if let Some(k) = memchr::memrchr(b'\n', plain) {
                last_end = Some(i + k + 1);
            }
            if let Some(&b) = plain.last() {
                self.state = QuoteScan::after(b);
            }
            match q {
                None => return last_end,
                Some(k) => {
                    i += k + 1;
                    self.state = match self.state {
                        Quote::FieldStart | Quote::Closed => Quote::Quoted,
                        other => other,
                    };
                }
            }
        }
        last_end
    }
}

/// A run of whole records: `data[start..]`, whose first byte is on line `line`.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub(crate) data: Vec<u8>,
    pub(crate) start: usize,
    pub(crate) line: u64,
    /// No `"` and no `\r` anywhere: every record is one line whose fields
    /// lie between commas.
    pub(crate) plain: bool,
    /// For a plain chunk, when the reader made one (`indexed`): per
    /// worker, the lines it must look at.
    pub(crate) index: Vec<Lines>,
    /// Whether `index` holds this chunk's lines (else it is only memory to
    /// reuse).
    pub(crate) indexed: bool,
}

/// The lines of a plain chunk one worker looks at (see [`Chunk::index`]),
/// column by column.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// Where each line starts, from the chunk's `start`.
    pub(crate) at: Vec<u32>,
    /// Its line number less the chunk's `line`.
    pub(crate) delta: Vec<u32>,
    /// The hash of its team (`read::owner_key`); 0 when [`TeamAt::Unread`].
    pub(crate) key: Vec<u64>,
    /// What the reader found of its team field.
    pub(crate) team: Vec<TeamAt>,
}

impl Lines {
    /// Empties the lines, keeping the buffers.
    pub(crate) fn clear(&mut self) {
        self.at.clear();
        self.delta.clear();
        self.key.clear();
        self.team.clear();
    }

    /// Adds a line.
    pub(crate) fn push(&mut self, at: u32, delta: u32, key: u64, team: TeamAt) {
        self.at.push(at);
        self.delta.push(delta);
        self.key.push(key);
        self.team.push(team);
    }
}

/// What the reader found of a line's team field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TeamAt {
    /// The field does not read as it stands (every worker looks at the line).
    Unread,
    /// The field's hash is the line's key.
    Hashed,
    /// The field's hash is the line's key, and the line has the standard
    /// columns with an ASCII id, name and team: the id ends at `id_end`,
    /// the team lies at `from..to` (offsets in the line).
    Fields { id_end: u16, from: u16, to: u16 },
}

/// Cuts a reader into [`Chunk`]s.
pub(crate) struct ChunkReader<R> {
    inner: R,
    scan: QuoteScan,
    carry: Vec<u8>,
    line: u64,
    eof: bool,
    size: usize,
    /// Buffers of chunks done with, for the next chunks.
    spare: Vec<(Vec<u8>, Vec<Lines>)>,
    /// The carry was put back and must be scanned again.
    rescan: bool,
    /// The most bytes a record may take.
    max_record: usize,
    /// Whether the start of the input (a byte-order mark) was looked at.
    started: bool,
}

/// Chunks read and not yet added by every worker, at most: bounds the
/// memory of a run (each chunk holds [`CHUNK`] bytes, and a worker that
/// runs ahead waits for the others there).
pub(crate) const IN_FLIGHT: usize = 12;

/// The chunks' buffers kept for reuse, at most: as many as the streaming
/// reader has in flight at once, so that a run allocates them once.
const SPARE: usize = IN_FLIGHT;

impl<R: io::Read> ChunkReader<R> {
    /// Chunks of at least `size` bytes (but the last).
    pub(crate) fn with_size(inner: R, size: usize) -> ChunkReader<R> {
        ChunkReader {
            inner,
            scan: QuoteScan::new(),
            carry: Vec::new(),
            line: 1,
            eof: false,
            size: size.max(1),
            spare: Vec::new(),
            rescan: false,
            max_record: crate::io::records::MAX_RECORD_BYTES,
            started: false,
        }
    }

    /// At most `bytes` in one record: a chunk that would hold more with no
    /// record end is [`crate::ErrorKind::RecordTooLong`].
    pub(crate) fn max_record(mut self, bytes: usize) -> ChunkReader<R> {
        self.max_record = bytes.max(1);
        self
    }

    /// Puts the unread part of `chunk` (from its `start`) back in front of
    /// what comes next, to be cut again (a lenient read cuts its chunks by
    /// its own rule once the header is known).
    pub(crate) fn put_back(&mut self, chunk: Chunk) {
        let mut carry = chunk.data.get(chunk.start..).unwrap_or_default().to_vec();
        carry.extend_from_slice(&self.carry);
        self.carry = carry;
        self.line = chunk.line;
        self.scan = QuoteScan::new();
        self.rescan = true;
        self.recycle(chunk);
    }

    /// Whether the input has been read to its end (what is left is in memory).
    pub(crate) fn eof(&self) -> bool {
        self.eof
    }

    /// Frees the buffers kept for reuse (once no chunk follows).
    pub(crate) fn drop_spare(&mut self) {
        self.spare = Vec::new();
    }

    /// Gives back a chunk's buffer for reuse.
    pub(crate) fn recycle(&mut self, chunk: Chunk) {
        if self.spare.len() < SPARE {
            self.spare.push((chunk.data, chunk.index));
        }
    }

    /// The next chunk, `None` at the end of the input.
    pub(crate) fn next_chunk(&mut self) -> Result<Option<Chunk>, Error> {
        self.next_chunk_with(None)
    }

    /// The next chunk: cut after a `\n` outside quoted fields, or, for a
    /// lenient read (`malformed` tells its bad records), where the lenient
    /// reader's records end ([`lenient_cut`]). `None` at the end.
    pub(crate) fn next_chunk_with(
        &mut self,
        mut malformed: Option<&mut crate::io::records::Malformed<'_>>,
    ) -> Result<Option<Chunk>, Error> {
        if self.eof && self.carry.is_empty() {
            return Ok(None);
        }
        let (mut buf, index) = self.spare.pop().unwrap_or_default();
        buf.clear();
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        let mut target = self.size.max(buf.len() + self.size / 4);
        let mut scanned = if std::mem::take(&mut self.rescan) { 0 } else { buf.len() };
        loop {
            if !self.eof {
                self.fill(&mut buf, target)?;
            }
            if !self.started && (buf.len() >= 3 || self.eof) {
                // The byte-order mark at the start of the input is not data
                // (as for `io::records::RecordReader`).
                self.started = true;
                if buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                    scanned = 0;
                }
            }
            let found = match malformed.as_deref_mut() {
                Some(m) => lenient_cut(&buf, self.line, m),
                None => self.scan.scan(buf.get(scanned..).unwrap_or_default()).map(|k| scanned + k),
            };
            scanned = buf.len();
            if self.eof {
                if buf.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.cut(buf, index)));
            }
            if let Some(end) = found {
                self.carry.extend_from_slice(buf.get(end..).unwrap_or_default());
                buf.truncate(end);
                return Ok(Some(self.cut(buf, index)));
            }
            // No record ends in the buffer: it holds the start of one
            // record (after empty lines, perhaps), which must not grow
            // without bound.
            if buf.len() > self.max_record {
                let blank = buf.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
                let start = buf.get(..blank).unwrap_or_default();
                let line = self.line + count_breaks(start);
                if buf.len() - blank > self.max_record {
                    return Err(crate::io::records::too_long(line, self.max_record));
                }
            }
            target += self.size;
        }
    }

    fn cut(&mut self, data: Vec<u8>, index: Vec<Lines>) -> Chunk {
        let line = self.line;
        self.line += count_breaks(&data);
        let plain = memchr::memchr2(b'"', b'\r', &data).is_none();
        Chunk { data, start: 0, line, plain, index, indexed: false }
    }

    /// Reads until `buf` holds `target` bytes or the input ends.
    fn fill(&mut self, buf: &mut Vec<u8>, target: usize) -> Result<(), Error> {
        let want = target.saturating_sub(buf.len());
        if want == 0 {
            return Ok(());
        }
        buf.reserve(want);
        // `read_to_end` reads into the spare capacity without zeroing it
        // first when the reader allows it (files, standard input, slices).
        let n = io::Read::read_to_end(&mut io::Read::take(&mut self.inner, want as u64), buf)?;
        if n < want {
            self.eof = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::records::Records;
    use proptest::prelude::*;

    /// What the `csv` crate reads from `input`: the fields of every record
    /// with the line of its first byte.
    fn reference(input: &[u8]) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let mut at = rec.position().unwrap().byte() as usize;
            while matches!(input.get(at), Some(b'\r' | b'\n')) {
                at += 1;
            }
            let line = 1 + count_breaks(&input[..at]);
            out.push((line, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    fn chunked(input: &[u8], size: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        // A reader that returns at most `read_size` bytes per call, to move the cuts.
        struct Dribble<'a>(&'a [u8], usize);
        impl io::Read for Dribble<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.1).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut reader = ChunkReader::with_size(Dribble(input, 7), size);
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while let Some(chunk) = reader.next_chunk().unwrap() {
            let mut records = Records::new(&chunk.data[chunk.start..], chunk.line);
            while let Some(line) = records.next_record(&mut rec) {
                out.push((line, rec.iter().map(<[u8]>::to_vec).collect()));
            }
        }
        out
    }

    #[test]
    fn records_and_lines_match_csv() {
        for input in [
            &b"h\na\nb\n"[..],
            b"h\r\na\r\nb\r\n",
            b"h\n\n\nx\ny",
            b"h\n\"a\nb\",c\nd\n",
            b"h\ra\rb\n",
            b"h\na\"b\nc\n",
            b"h\n   \nc\n",
            b"h\n\r\n\r\nc\n",
            b"\"a\"\"\n\",b\"\"\nc",
            b"\"a\"x\"\ny\n",
            b"",
            b"\n\n",
        ] {
            assert_eq!(chunked(input, 3), reference(input), "{:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn chunks_end_at_record_ends() {
        let mut input = Vec::new();
        for i in 0..5_000 {
            input.extend_from_slice(format!("m{i},\"Team\n{i}\",0.5\r\n").as_bytes());
        }
        let mut reader = ChunkReader::with_size(input.as_slice(), 4096);
        let mut n = 0;
        let mut line = 1;
        while let Some(chunk) = reader.next_chunk().unwrap() {
            assert_eq!(chunk.line, line);
            assert!(chunk.data.starts_with(b"m"));
            line += count_breaks(&chunk.data);
            n += 1;
        }
        assert!(n > 1);
        assert_eq!(chunked(&input, 4096), reference(&input));
    }

    proptest! {
        #[test]
        fn any_input_splits_like_csv(
            input in proptest::collection::vec(prop::sample::select(&b"a,\"\r\n 0.5"[..]), 0..300),
            size in 1usize..40,
        ) {
            prop_assert_eq!(chunked(&input, size), reference(&input));
        }

    }
}
