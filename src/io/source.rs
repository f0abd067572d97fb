//! A roster input after its header, as chunks cut for the read's mode: a
//! strict read cuts after a `\n` outside quoted fields; a lenient one where
//! the lenient reader's records end ([`crate::io::records::lenient_cut`]),
//! so that every chunk can be read on its own and gives the rows one pass
//! over the whole input would.

use std::io;

use crate::error::{Error, ErrorKind};
use crate::io::chunk::{Chunk, ChunkReader};
use crate::io::read::{is_blank, Mode, Plan, ReaderBuilder, RowBuf};
use crate::io::records::Records;
use crate::model::framework::Framework;

/// The chunks after a roster's header.
pub(crate) struct Source<R> {
    chunks: ChunkReader<R>,
    first: Option<Chunk>,
    plan: Plan,
    mode: Mode,
    /// For telling a lenient read's bad records when cutting.
    buf: RowBuf,
}

impl<R: io::Read> Source<R> {
    /// Reads `reader`'s header with `builder`'s options.
    ///
    /// # Errors
    ///
    /// I/O errors, header errors, [`ErrorKind::NoHeader`].
    pub(crate) fn open(reader: R, builder: &ReaderBuilder, framework: &Framework) -> Result<Source<R>, Error> {
        let mut chunks = ChunkReader::with_size(reader, builder.chunk_bytes()).max_record(builder.max_record_len());
        let mut rec = csv::ByteRecord::new();
        while let Some(mut chunk) = chunks.next_chunk()? {
            let mut records = Records::new(chunk.data.get(chunk.start..).unwrap_or_default(), chunk.line);
            while let Some(line) = records.next_record(&mut rec) {
                if is_blank(&rec, true) {
                    continue;
                }
                let plan = Plan::for_builder(builder, &rec, line)?;
                chunk.start += records.position();
                chunk.line = records.line();
                let mode = builder.mode_value();
                let first = if mode == Mode::Lenient && memchr::memchr2(b'"', b'\r', &chunk.data).is_some() {
                    // Cut again by the lenient reader's rule, now that the
                    // columns are known.
                    chunks.put_back(chunk);
                    None
                } else {
                    Some(chunk)
                };
                return Ok(Source { chunks, first, plan, mode, buf: RowBuf::new(framework) });
            }
        }
        Err(ErrorKind::NoHeader.into())
    }

    /// The header's plan.
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Whether the whole input has been read already (it fits one chunk).
    pub(crate) fn all_read(&self) -> bool {
        self.chunks.eof()
    }

    /// The next chunk, `None` at the end.
    ///
    /// # Errors
    ///
    /// I/O errors.
    pub(crate) fn next(&mut self) -> Result<Option<Chunk>, Error> {
        if let Some(c) = self.first.take() {
            return Ok(Some(c));
        }
        let Source { chunks, plan, mode, buf, .. } = self;
        if *mode == Mode::Lenient {
            let mut malformed =
                |rec: &csv::ByteRecord, line: u64| !is_blank(rec, false) && plan.parse(rec, line, buf).is_err();
            return chunks.next_chunk_with(Some(&mut malformed));
        }
        chunks.next_chunk()
    }

    /// Gives back a chunk's buffer for reuse.
    pub(crate) fn recycle(&mut self, chunk: Chunk) {
        self.chunks.recycle(chunk);
    }

    /// Frees the buffers kept for reuse.
    pub(crate) fn drop_spare(&mut self) {
        self.chunks.drop_spare();
    }
}
