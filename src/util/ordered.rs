//! Formatting in parallel, writing in order: items are cut into batches,
//! worker threads format batches into buffers, and the calling thread
//! writes the buffers in batch order. At most a few batches are ahead of
//! the writer, so memory stays bounded whatever the number of items.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::{Condvar, Mutex, PoisonError};

/// Batches formatted ahead of the writer, at most, per worker.
const AHEAD: usize = 4;

/// What the threads share.
struct State {
    /// The next batch to hand out.
    next: usize,
    /// The next batch to write.
    written: usize,
    /// Formatted batches waiting to be written.
    done: BTreeMap<usize, Vec<u8>>,
    /// Buffers written, for reuse.
    spare: Vec<Vec<u8>>,
    /// The writer failed (or a worker panicked): everybody stops.
    stop: bool,
}

/// Marks the state stopped when a worker unwinds, so that the writer does
/// not wait for its batch forever.
struct StopOnPanic<'a>(&'a Mutex<State>, &'a Condvar);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).stop = true;
            self.1.notify_all();
        }
    }
}

/// Writes items `0..n` to `w`: `format(range, out)` appends the bytes of
/// the items in `range` to `out`. Batches of `batch` items are formatted on
/// `threads` threads (the calling one writes) and written in order; one
/// thread formats and writes everything when `threads` is 1 or `n` fits
/// one batch.
///
/// # Errors
///
/// The writer's errors; a worker that panicked is reported as an error.
pub(crate) fn write_ordered<W: Write>(
    w: &mut W,
    n: usize,
    batch: usize,
    threads: usize,
    format: impl Fn(Range<usize>, &mut Vec<u8>) + Sync,
) -> io::Result<()> {
    let batch = batch.max(1);
    let batches = n.div_ceil(batch);
    let range = |k: usize| (k * batch).min(n)..((k + 1) * batch).min(n);
    if threads <= 1 || batches <= 1 {
        let mut out = Vec::with_capacity(1 << 16);
        for k in 0..batches {
            format(range(k), &mut out);
            if out.len() >= 1 << 16 {
                w.write_all(&out)?;
                out.clear();
            }
        }
        return w.write_all(&out);
    }
    let state = Mutex::new(State { next: 0, written: 0, done: BTreeMap::new(), spare: Vec::new(), stop: false });
    let cv = Condvar::new();
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    let limit = AHEAD * threads;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let _guard = StopOnPanic(&state, &cv);
                loop {
                    let (k, mut out) = {
                        let mut s = lock();
                        loop {
                            if s.stop || s.next >= batches {
                                return;
                            }
                            if s.next < s.written + limit {
                                break;
                            }
                            s = cv.wait(s).unwrap_or_else(PoisonError::into_inner);
                        }
                        s.next += 1;
                        (s.next - 1, s.spare.pop().unwrap_or_default())
                    };
                    out.clear();
                    format(range(k), &mut out);
                    lock().done.insert(k, out);
                    cv.notify_all();
                }
            });
        }
        let mut result = Ok(());
        let mut k = 0;
        while k < batches {
            let out = {
                let mut s = lock();
                loop {
                    if let Some(out) = s.done.remove(&k) {
                        break Some(out);
                    }
                    if s.stop {
                        break None;
                    }
                    s = cv.wait(s).unwrap_or_else(PoisonError::into_inner);
                }
            };
            let Some(out) = out else {
                result = Err(io::Error::other("a formatting thread failed"));
                break;
            };
            let written = w.write_all(&out);
            let mut s = lock();
            s.written = k + 1;
            s.spare.push(out);
            if let Err(e) = written {
                s.stop = true;
                result = Err(e);
                cv.notify_all();
                break;
            }
            cv.notify_all();
            k += 1;
        }
        if result.is_err() {
            lock().stop = true;
            cv.notify_all();
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(range: Range<usize>, out: &mut Vec<u8>) {
        for i in range {
            out.extend_from_slice(format!("{i}\n").as_bytes());
        }
    }

    #[test]
    fn the_same_bytes_whatever_the_threads_and_batches() {
        let mut expected = Vec::new();
        numbers(0..10_000, &mut expected);
        for threads in [1, 2, 3, 8] {
            for batch in [1, 7, 100, 20_000] {
                let mut out = Vec::new();
                write_ordered(&mut out, 10_000, batch, threads, numbers).unwrap();
                assert_eq!(out, expected, "{threads} threads, batches of {batch}");
            }
        }
        let mut out = Vec::new();
        write_ordered(&mut out, 0, 10, 2, numbers).unwrap();
        assert!(out.is_empty());
    }

    struct Full(usize);
    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 == 0 {
                return Err(io::Error::other("disk full"));
            }
            self.0 -= 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failing_writer_stops_every_thread() {
        for threads in [1, 2, 4] {
            let err = write_ordered(&mut Full(3), 100_000, 10, threads, numbers).unwrap_err();
            assert_eq!(err.to_string(), "disk full");
        }
    }

    #[test]
    fn a_panicking_formatter_is_an_error_not_a_hang() {
        let result = std::panic::catch_unwind(|| {
            let mut out = Vec::new();
            write_ordered(&mut out, 1000, 10, 2, |r: Range<usize>, o: &mut Vec<u8>| {
                if r.start == 500 {
                    panic!("formatter");
                }
                numbers(r, o)
            })
        });
        // The scope re-raises the worker's panic after the writer stopped.
        assert!(result.is_err());
    }
}
