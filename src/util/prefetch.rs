//! A cache hint: the crate's only `unsafe` code.
//!
//! The streaming read adds each row to its team's record, and on a large
//! roster those records are too many for the cache: a row's record is a
//! cache miss. The workers ask for the record (and the row's bytes, and the
//! table slot that finds the record) a few rows ahead, so that the misses
//! overlap with the work on the rows between.
//!
//! Asking with a plain load, as the crate did before, holds up the thread:
//! a load cannot retire until its line arrives, so a burst of loads ahead
//! fills the processor's window and stalls it. A prefetch instruction
//! retires at once. On a million rows in 100,000 teams the prefetch took
//! the run from 0.172 to 0.151 s and its CPU time from 276 to 239 ms (see
//! BENCHMARKS.md).
//!
//! `core::arch::x86_64::_mm_prefetch` is an `unsafe fn` only because it is
//! a `#[target_feature(enable = "sse")]` function; SSE is part of every
//! x86_64 target, and the instruction cannot fault. `core::hint`'s safe
//! `prefetch_read` is not stable yet; when it is, this module goes.

/// Asks the processor to start loading the cache line holding `p` into
/// every level of its cache, without waiting for it.
///
/// `p` is not dereferenced: it may dangle, be null or point past an
/// allocation, and then the hint is only wasted. On targets other than
/// x86_64 this does nothing.
#[inline(always)]
#[allow(unsafe_code)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` needs the `sse` target feature, which every
    // x86_64 target has (it is in the x86_64 baseline). `prefetcht0` is a
    // hint: it reads no memory the program can observe, cannot fault (not
    // even on an unmapped or null address) and changes no memory or
    // register, so any pointer value is sound.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::prefetch;

    #[test]
    fn any_pointer_is_only_a_hint() {
        let v = vec![7u64; 1024];
        for x in v.iter().step_by(8) {
            prefetch(x);
        }
        // Past the end, null and unmapped: no fault, nothing changes.
        prefetch(v.as_ptr().wrapping_add(1 << 40));
        prefetch(std::ptr::null::<u64>());
        prefetch(usize::MAX as *const u8);
        assert!(v.iter().all(|&x| x == 7));
    }
}
