//! An interner: distinct strings numbered 0, 1, ... in the order they
//! are first seen, in one arena, found again through an open-addressing
//! table keyed by [`hash_bytes`](crate::util::hash::hash_bytes) (so a
//! crafted input cannot make lookups slow).

use crate::util::hash::hash_bytes;

/// Strings numbered in order of first sight.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    text: String,
    ends: Vec<usize>,
    /// The high half of the hash, and the string's number + 1 (0: empty).
    slots: Vec<u64>,
}

const HIGH: u64 = 0xFFFF_FFFF_0000_0000;

impl Interner {
    /// The number of strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// String number `i` (empty past the last).
    pub(crate) fn get(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        let to = self.ends.get(i).copied().unwrap_or(from);
        self.text.get(from..to).unwrap_or_default()
    }

    /// The number of `key`, given the next one when it is new; and whether it was new.
    pub(crate) fn intern(&mut self, key: &str) -> (u32, bool) {
        if self.ends.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let h = hash_bytes(key.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match self.slots.get(i).copied() {
                Some(0) | None => break,
                Some(s) => {
                    let k = (s & !HIGH) as usize - 1;
                    if s & HIGH == h & HIGH && self.get(k) == key {
                        return (k as u32, false);
                    }
                }
            }
            i = (i + 1) & mask;
        }
        let k = self.ends.len();
        if let Some(s) = self.slots.get_mut(i) {
            *s = (h & HIGH) | (k as u64 + 1);
        }
        self.text.push_str(key);
        self.ends.push(self.text.len());
        (k as u32, true)
    }

    /// The number of `key`, if it was interned.
    pub(crate) fn find(&self, key: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let h = hash_bytes(key.as_bytes());
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match self.slots.get(i).copied() {
                Some(0) | None => return None,
                Some(s) => {
                    let k = (s & !HIGH) as usize - 1;
                    if s & HIGH == h & HIGH && self.get(k) == key {
                        return Some(k as u32);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; cap]);
        let mask = cap - 1;
        for s in old.into_iter().filter(|&s| s != 0) {
            let k = (s & !HIGH) as usize - 1;
            let h = hash_bytes(self.get(k).as_bytes());
            let mut i = h as usize & mask;
            while self.slots.get(i).is_some_and(|&x| x != 0) {
                i = (i + 1) & mask;
            }
            if let Some(x) = self.slots.get_mut(i) {
                *x = s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_of_first_sight() {
        let mut t = Interner::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        for (i, w) in words.iter().enumerate() {
            let (k, new) = t.intern(w);
            assert_eq!(new, i < 300);
            assert_eq!(k as usize, i % 300);
        }
        assert_eq!(t.len(), 300);
        assert_eq!(t.get(7), "w7");
        assert_eq!(t.intern("w299"), (299, false));
        assert_eq!(t.intern("").0, 300);
        assert_eq!(t.intern(""), (300, false));
        assert_eq!(t.find("w12"), Some(12));
        assert_eq!(t.find("nope"), None);
        assert_eq!(Interner::default().find("x"), None);
    }
}
