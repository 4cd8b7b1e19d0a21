//! A queue's line in entry order: how many waiting contacts entered before a given one, and
//! who entered first, in O(log n) per change and query with no scan of the waiting contacts.
//!
//! Contacts get consecutive ordinals when they enter the line; the ring of `cap` ordinals (a
//! power of two) covers every ordinal from the oldest live contact (`head`) to the next free
//! one, and doubles when that span would not fit (the only allocation, amortised like a
//! `Vec`). A Fenwick tree counts the *holes*: contacts that left from behind the head
//! (abandoned, moved). Entering and leaving from the head — the common case, first come first
//! served — cost O(1); a hole costs O(log n) when it appears and when the head passes it.

/// The line of one queue.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Fenwick tree (1-based) of holes by `ordinal & mask`.
    tree: Vec<u32>,
    /// Arrival time of the contact at each ring position, NaN when the position is empty.
    arrivals: Vec<f64>,
    /// Oldest ordinal that may be live (every ordinal before it has left).
    head: u64,
    /// The next ordinal to hand out.
    next: u64,
    /// Live contacts.
    len: u32,
}

impl Line {
    /// An empty line with room for a span of `cap` ordinals (rounded up to a power of two).
    pub(crate) fn with_capacity(cap: usize) -> Self {
        let cap = cap.max(8).next_power_of_two();
        Self {
            tree: vec![0; cap + 1],
            arrivals: vec![f64::NAN; cap],
            head: 0,
            next: 0,
            len: 0,
        }
    }

    /// Contacts in the line.
    pub(crate) fn len(&self) -> u32 {
        self.len
    }

    fn cap(&self) -> usize {
        self.arrivals.len()
    }

    #[inline]
    fn pos(&self, ordinal: u64) -> usize {
        // The ring length is a power of two no larger than `usize::MAX`.
        #[allow(clippy::cast_possible_truncation)]
        let p = (ordinal & (self.cap() as u64 - 1)) as usize;
        p
    }

    fn add(&mut self, pos: usize, up: bool) {
        let mut i = pos + 1;
        while i < self.tree.len() {
            if up {
                self.tree[i] += 1;
            } else {
                self.tree[i] -= 1;
            }
            i += i & i.wrapping_neg();
        }
    }

    /// Holes at ring positions `0..pos`.
    fn prefix(&self, pos: usize) -> u32 {
        let mut i = pos;
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i &= i - 1;
        }
        sum
    }

    /// A contact that arrived at `arrival_s` enters the line; returns its ordinal.
    pub(crate) fn push(&mut self, arrival_s: f64) -> u64 {
        if self.next - self.head >= self.cap() as u64 {
            self.grow();
        }
        let ordinal = self.next;
        self.next += 1;
        let p = self.pos(ordinal);
        self.arrivals[p] = arrival_s;
        self.len += 1;
        ordinal
    }

    /// The contact with `ordinal` (live) leaves the line.
    #[inline]
    pub(crate) fn remove(&mut self, ordinal: u64) {
        let p = self.pos(ordinal);
        self.arrivals[p] = f64::NAN;
        self.len -= 1;
        if ordinal != self.head {
            self.add(p, true);
            return;
        }
        self.head += 1;
        // Close up the holes the head now passes.
        while self.head < self.next && self.arrivals[self.pos(self.head)].is_nan() {
            self.add(self.pos(self.head), false);
            self.head += 1;
        }
    }

    /// Live contacts that entered before `ordinal`.
    pub(crate) fn ahead(&self, ordinal: u64) -> u32 {
        if ordinal <= self.head {
            return 0;
        }
        let (h, o) = (self.pos(self.head), self.pos(ordinal));
        let holes = if h < o {
            self.prefix(o) - self.prefix(h)
        } else {
            // The span wraps round the ring.
            self.prefix(self.cap()) - (self.prefix(h) - self.prefix(o))
        };
        // Every ordinal in the span is live or a hole. The span is below the ring's length.
        #[allow(clippy::cast_possible_truncation)]
        let span = (ordinal - self.head) as u32;
        span - holes
    }

    /// Arrival time of the contact that entered first, if any is waiting.
    pub(crate) fn head_arrival(&self) -> Option<f64> {
        (self.len > 0).then(|| self.arrivals[self.pos(self.head)])
    }

    /// Room for a span of at least `span` ordinals.
    pub(crate) fn reserve(&mut self, span: usize) {
        while self.cap() < span {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let mut bigger = Self::with_capacity(2 * self.cap());
        bigger.head = self.head;
        bigger.next = self.next;
        bigger.len = self.len;
        for ordinal in self.head..self.next {
            let arrival = self.arrivals[self.pos(ordinal)];
            let p = bigger.pos(ordinal);
            if arrival.is_nan() {
                bigger.add(p, true);
            } else {
                bigger.arrivals[p] = arrival;
            }
        }
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same questions answered by a plain list.
    #[test]
    fn agrees_with_a_list_through_growth_and_wrap() {
        let mut line = Line::with_capacity(8);
        let mut live: Vec<(u64, f64)> = Vec::new();
        let mut state = 7u64;
        for step in 0..5_000u32 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let r = state >> 33;
            if live.is_empty() || r % 5 < 3 {
                let arrival = f64::from(step);
                live.push((line.push(arrival), arrival));
            } else {
                // Mostly the oldest leaves (service), sometimes any (abandonment).
                let i = if r.is_multiple_of(7) {
                    usize::try_from(r).unwrap() % live.len()
                } else {
                    0
                };
                let (ordinal, _) = live.remove(i);
                line.remove(ordinal);
            }
            assert_eq!(line.len() as usize, live.len());
            assert_eq!(line.head_arrival(), live.first().map(|l| l.1));
            for (k, &(ordinal, _)) in live.iter().enumerate().step_by(7) {
                assert_eq!(line.ahead(ordinal) as usize, k, "step {step}");
            }
        }
        assert!(line.cap() >= 8);
    }

    #[test]
    fn empty_and_reserved() {
        let mut line = Line::with_capacity(1);
        assert_eq!(line.head_arrival(), None);
        line.reserve(100);
        assert_eq!(line.cap(), 128);
        let a = line.push(3.0);
        let b = line.push(4.0);
        assert_eq!((line.ahead(a), line.ahead(b)), (0, 1));
        line.remove(a);
        assert_eq!((line.ahead(b), line.head_arrival()), (0, Some(4.0)));
    }
}
