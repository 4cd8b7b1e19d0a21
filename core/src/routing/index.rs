//! The router's indexes: per-slot heaps of available agents and waiting contacts (with lazy
//! deletion), Fenwick trees for weighted sampling, the timer heap, the seeded generator and a
//! fast hasher for contact ids. Nothing here allocates once its capacity is reached.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A heap entry for an available agent: the smallest `(primary, secondary, agent)` is on top
/// (stored reversed in a max-heap). Valid while its stamp equals the agent's stamp. The agent
/// and the stamp share one word (agent in the high half), so an entry is 24 bytes and orders
/// as `(primary, secondary, agent, stamp)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct AgentEntry {
    key: Reverse<(u64, u64, u64)>,
}

impl AgentEntry {
    pub(crate) fn new(primary: u64, secondary: u64, agent: u32, stamp: u32) -> Self {
        Self {
            key: Reverse((
                primary,
                secondary,
                u64::from(agent) << 32 | u64::from(stamp),
            )),
        }
    }

    pub(crate) fn agent(&self) -> u32 {
        (self.key.0.2 >> 32) as u32
    }

    #[allow(
        clippy::cast_possible_truncation,
        reason = "the low half of the word is the stamp"
    )]
    pub(crate) fn stamp(&self) -> u32 {
        self.key.0.2 as u32
    }
}

/// A heap entry for a waiting contact: the largest `P_c + P_tag − w_q · arrival`, then the smallest
/// arrival sequence, is on top. Valid while `stamp` equals the contact's slot stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ContactEntry {
    pub(crate) key: u64,
    pub(crate) seq: Reverse<u64>,
    pub(crate) index: u32,
    pub(crate) stamp: u32,
}

/// A pending timer, earliest `(time, kind, id)` first. Kinds: 0 = an agent's wrap-up ends
/// (`id` = agent index), 1 = a contact's next stage, delay tier or maximum wait (`id` = the
/// contact's arrival sequence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Timer {
    pub(crate) time: u64,
    pub(crate) kind: u8,
    pub(crate) id: u64,
    pub(crate) index: u32,
    pub(crate) stamp: u32,
}

pub(crate) const TIMER_WRAP_UP: u8 = 0;
pub(crate) const TIMER_CONTACT: u8 = 1;

/// A Fenwick (binary indexed) tree of integer weights for O(log n) weighted sampling.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fenwick {
    tree: Vec<u64>,
    values: Vec<u32>,
}

impl Fenwick {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            tree: vec![0; n + 1],
            values: vec![0; n],
        }
    }

    pub(crate) fn set(&mut self, pos: usize, value: u32) {
        let old = self.values[pos];
        if old == value {
            return;
        }
        self.values[pos] = value;
        let mut i = pos + 1;
        while i < self.tree.len() {
            self.tree[i] = self.tree[i] - u64::from(old) + u64::from(value);
            i += i & i.wrapping_neg();
        }
    }

    /// Inserts a weight at `pos`, shifting later positions up. O(n log n): for configuration
    /// changes, not decisions.
    pub(crate) fn insert(&mut self, pos: usize, value: u32) {
        let mut values = std::mem::take(&mut self.values);
        values.insert(pos, value);
        self.rebuild(values);
    }

    /// Removes the weight at `pos`, shifting later positions down. O(n log n).
    pub(crate) fn remove(&mut self, pos: usize) {
        let mut values = std::mem::take(&mut self.values);
        values.remove(pos);
        self.rebuild(values);
    }

    fn rebuild(&mut self, values: Vec<u32>) {
        *self = Fenwick::new(values.len());
        for (i, v) in values.into_iter().enumerate() {
            self.set(i, v);
        }
    }

    pub(crate) fn total(&self) -> u64 {
        let mut i = self.values.len();
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i &= i - 1;
        }
        sum
    }

    /// The smallest position whose prefix sum (inclusive) exceeds `target`; `target` must be
    /// below [`Fenwick::total`].
    pub(crate) fn find(&self, mut target: u64) -> usize {
        let n = self.values.len();
        let mut pos = 0;
        let mut step = if n == 0 { 0 } else { 1 << n.ilog2() };
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= target {
                pos = next;
                target -= self.tree[next];
            }
            step >>= 1;
        }
        pos
    }
}

/// `SplitMix64`: a tiny, fast, well-mixed 64-bit generator; the same seed gives the same
/// sequence on every machine.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A draw in `0..n` by the multiply-high method (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.next_u64()) * u128::from(n);
        u64::try_from(wide >> 64).unwrap_or(u64::MAX)
    }
}

/// Hasher for `u64` contact ids: one multiply and a fold, enough for caller-chosen ids.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        let h = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

pub(crate) type IdBuildHasher = BuildHasherDefault<IdHasher>;

/// Contact ids to the router's record indexes. Small ids (below the direct table's length)
/// are looked up by indexing, with no hashing; larger ids go to a hash map. Which of the two
/// holds an id depends only on the id and the table length, and the table only grows in
/// [`ContactIds::reserve`], which moves the ids it now covers out of the map.
#[derive(Debug)]
pub(crate) struct ContactIds {
    /// Index of the record holding id `i`, or [`NO_CONTACT`].
    direct: Vec<u32>,
    map: HashMap<u64, u32, IdBuildHasher>,
    len: usize,
}

/// An empty entry of the direct table.
const NO_CONTACT: u32 = u32::MAX;

/// Ids below this get direct entries from the start (16 KiB).
pub(crate) const DIRECT_IDS: usize = 4096;

/// The most ids [`ContactIds::reserve`] gives direct entries (4 MiB).
const MAX_DIRECT_IDS: usize = 1 << 20;

impl ContactIds {
    pub(crate) fn with_capacity(direct: usize, map: usize) -> Self {
        Self {
            direct: vec![NO_CONTACT; direct.min(MAX_DIRECT_IDS)],
            map: HashMap::with_capacity_and_hasher(map, IdBuildHasher::default()),
            len: 0,
        }
    }

    #[inline]
    fn slot(&self, id: u64) -> Option<usize> {
        usize::try_from(id).ok().filter(|&i| i < self.direct.len())
    }

    /// The record index of `id`, if held.
    #[inline]
    pub(crate) fn get(&self, id: u64) -> Option<u32> {
        match self.slot(id) {
            Some(i) => Some(self.direct[i]).filter(|&ci| ci != NO_CONTACT),
            None => self.map.get(&id).copied(),
        }
    }

    #[inline]
    pub(crate) fn contains(&self, id: u64) -> bool {
        self.get(id).is_some()
    }

    /// Records `id` at `ci` (`id` not held; `ci != u32::MAX`).
    #[inline]
    pub(crate) fn insert(&mut self, id: u64, ci: u32) {
        match self.slot(id) {
            Some(i) => self.direct[i] = ci,
            None => {
                self.map.insert(id, ci);
            }
        }
        self.len += 1;
    }

    /// Forgets `id` (held).
    #[inline]
    pub(crate) fn remove(&mut self, id: u64) {
        let removed = match self.slot(id) {
            Some(i) => std::mem::replace(&mut self.direct[i], NO_CONTACT) != NO_CONTACT,
            None => self.map.remove(&id).is_some(),
        };
        if removed {
            self.len -= 1;
        }
    }

    /// Ids held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Room for `contacts` ids held at once: direct entries for ids below `contacts` (up to
    /// a cap), map capacity for the rest.
    pub(crate) fn reserve(&mut self, contacts: usize) {
        let want = contacts.min(MAX_DIRECT_IDS);
        if want > self.direct.len() {
            self.direct.resize(want, NO_CONTACT);
            let direct = &mut self.direct;
            self.map.retain(|&id, &mut ci| {
                match usize::try_from(id).ok().filter(|&i| i < direct.len()) {
                    Some(i) => {
                        direct[i] = ci;
                        false
                    }
                    None => true,
                }
            });
        }
        self.map.reserve(contacts.saturating_sub(self.map.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BinaryHeap;

    #[test]
    fn fenwick_samples_by_prefix() {
        let mut f = Fenwick::new(5);
        for (i, w) in [3, 0, 2, 5, 1].into_iter().enumerate() {
            f.set(i, w);
        }
        assert_eq!(f.total(), 11);
        let expect = [0, 0, 0, 2, 2, 3, 3, 3, 3, 3, 4];
        for (t, e) in expect.into_iter().enumerate() {
            assert_eq!(f.find(t as u64), e, "target {t}");
        }
        f.set(3, 0);
        assert_eq!(f.total(), 6);
        assert_eq!(f.find(5), 4);
        // [3, 0, 2, 0, 1] → [3, 4, 0, 2, 0, 1] → [3, 4, 2, 0, 1]
        f.insert(1, 4);
        assert_eq!((f.total(), f.find(3), f.find(7)), (10, 1, 3));
        f.remove(2);
        assert_eq!((f.total(), f.find(7), f.find(9)), (10, 2, 4));
        assert_eq!(Fenwick::new(0).total(), 0);
    }

    #[test]
    fn heaps_order_as_documented() {
        let mut h = BinaryHeap::new();
        for (p, s, a) in [(5, 0, 1), (3, 9, 4), (3, 9, 2), (3, 1, 7)] {
            h.push(AgentEntry::new(p, s, a, 0));
        }
        let order: Vec<u32> = std::iter::from_fn(|| h.pop().map(|e| e.agent())).collect();
        assert_eq!(order, vec![7, 2, 4, 1]);
        let mut t = BinaryHeap::new();
        for (time, kind, id) in [(5, 1, 0), (5, 0, 9), (2, 1, 3)] {
            t.push(Reverse(Timer {
                time,
                kind,
                id,
                index: 0,
                stamp: 0,
            }));
        }
        let order: Vec<u64> = std::iter::from_fn(|| t.pop().map(|e| e.0.id)).collect();
        assert_eq!(order, vec![3, 9, 0]);
    }

    #[test]
    fn generator_is_reproducible_and_bounded() {
        let mut a = SplitMix64::new(42);
        let mut b = SplitMix64::new(42);
        for _ in 0..1000 {
            let x = a.below(7);
            assert_eq!(x, b.below(7));
            assert!(x < 7);
        }
        let mut h = IdHasher::default();
        h.write(&[1, 2]);
        assert_ne!(h.finish(), 0);
    }

    #[test]
    fn contact_ids_direct_and_mapped_agree() {
        let mut ids = ContactIds::with_capacity(4, 4);
        for (id, ci) in [(0, 10), (3, 11), (4, 12), (u64::MAX, 13), (100, 14)] {
            assert!(!ids.contains(id));
            ids.insert(id, ci);
            assert_eq!(ids.get(id), Some(ci));
        }
        assert_eq!(ids.len(), 5);
        ids.remove(3);
        assert_eq!((ids.get(3), ids.len()), (None, 4));
        // Growing the direct table moves the ids it now covers out of the map.
        ids.reserve(200);
        assert_eq!(ids.map.len(), 1);
        for (id, ci) in [(0, 10), (4, 12), (u64::MAX, 13), (100, 14)] {
            assert_eq!(ids.get(id), Some(ci));
        }
        ids.remove(100);
        ids.remove(u64::MAX);
        assert_eq!(
            (ids.get(100), ids.get(u64::MAX), ids.len()),
            (None, None, 2)
        );
    }
}
