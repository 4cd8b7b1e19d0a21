//! The future-event list: 4-ary min-heaps ordered by `(time, priority, sequence)`.
//!
//! Simultaneous events run by priority (completions, then presence changes, then
//! abandonments, then arrivals), then in the order they were scheduled, so ties are
//! deterministic. Events are small `Copy` values in vectors reserved up front: once the heaps
//! have reached their working size, scheduling and popping allocate nothing.

/// Priority of a service completion (runs first at equal times: the agent frees up).
pub(crate) const PRIO_COMPLETION: u8 = 0;
/// Priority of a presence change (shift start or end, break, headcount step).
pub(crate) const PRIO_PRESENCE: u8 = 1;
/// Priority of an abandonment.
pub(crate) const PRIO_ABANDON: u8 = 2;
/// Priority of an arrival.
pub(crate) const PRIO_ARRIVAL: u8 = 3;
/// Priority of a retrial (a caller calling again).
pub(crate) const PRIO_RETRIAL: u8 = 4;

/// What happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    /// A contact of this type arrives.
    Arrival { contact_type: u16 },
    /// A caller who gave up calls again, as a contact of this type.
    Retrial { contact_type: u16 },
    /// The contact in slot `slot` (generation `generation`) ends its service.
    Completion { slot: u32, generation: u32 },
    /// The contact in slot `slot` runs out of patience, if still waiting.
    Abandon { slot: u32, generation: u32 },
}

/// One scheduled event, packed into 24 bytes: the ordering key is two integers compared in
/// order (`time` bits, then priority and sequence), and the kind follows from the priority.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Event {
    /// Bits of the time, engine seconds (non-negative, so the bits order like the number).
    time_bits: u64,
    /// Priority in the top 8 bits, sequence in the low 56.
    order: u64,
    /// The kind's data: `slot << 32 | generation`, or the contact type.
    data: u64,
}

const SEQ_BITS: u32 = 56;

impl Event {
    /// Engine seconds.
    #[inline]
    pub(crate) fn time(&self) -> f64 {
        f64::from_bits(self.time_bits)
    }

    #[inline]
    pub(crate) fn priority(&self) -> u8 {
        u8::try_from(self.order >> SEQ_BITS).unwrap_or(u8::MAX)
    }

    /// What happens.
    #[inline]
    pub(crate) fn kind(&self) -> EventKind {
        let hi = u32::try_from(self.data >> 32).unwrap_or(u32::MAX);
        let lo = u32::try_from(self.data & 0xFFFF_FFFF).unwrap_or(u32::MAX);
        match self.priority() {
            PRIO_COMPLETION => EventKind::Completion {
                slot: hi,
                generation: lo,
            },
            PRIO_ABANDON => EventKind::Abandon {
                slot: hi,
                generation: lo,
            },
            PRIO_RETRIAL => EventKind::Retrial {
                contact_type: u16::try_from(lo).unwrap_or(u16::MAX),
            },
            _ => EventKind::Arrival {
                contact_type: u16::try_from(lo).unwrap_or(u16::MAX),
            },
        }
    }
}

impl Event {
    /// The ordering key as one number: time bits above priority and sequence, so a single
    /// 128-bit comparison orders by time, then priority, then sequence.
    #[inline]
    fn key(&self) -> u128 {
        (u128::from(self.time_bits) << 64) | u128::from(self.order)
    }

    /// Whether `self` runs before `other`: by time, then priority, then sequence.
    #[inline]
    fn before(&self, other: &Self) -> bool {
        self.key() < other.key()
    }
}

/// Children per node of the event heaps: a 4-ary heap is half as deep as a binary one, and a
/// node's children share a cache line or two.
const ARITY: usize = 4;

/// The index of the earliest of the first `ARITY` events of `children`; `None` if empty.
#[inline]
fn earliest(children: &[Event]) -> Option<usize> {
    let (first, rest) = children.split_first()?;
    let mut best = (0, first);
    for (j, e) in rest.iter().take(ARITY - 1).enumerate() {
        if e.before(best.1) {
            best = (j + 1, e);
        }
    }
    Some(best.0)
}

/// The index of the earliest of four events: a two-round tournament, three comparisons.
#[inline]
fn earliest_of_four(k: &[Event; ARITY]) -> usize {
    let a = usize::from(k[1].before(&k[0]));
    let b = 2 + usize::from(k[3].before(&k[2]));
    if k[b].before(&k[a]) { b } else { a }
}

/// A 4-ary min-heap of events. Hand-written rather than `std`'s `BinaryHeap` so the moving
/// element stays in registers (no store-then-reload of a freshly written 24-byte event).
#[derive(Debug)]
struct Heap {
    v: Vec<Event>,
}

impl Heap {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            v: Vec::with_capacity(capacity),
        }
    }

    #[inline]
    fn peek(&self) -> Option<&Event> {
        self.v.first()
    }

    /// Adds `e`: it rises from a new leaf past the later events above it.
    #[allow(
        clippy::inline_always,
        reason = "in line in EventQueue::push, itself in line: about 1.5% fewer instructions \
                  on the M/M/50 run than a call per event"
    )]
    #[inline(always)]
    fn push(&mut self, e: Event) {
        let mut i = self.v.len();
        self.v.push(e);
        let v = &mut self.v[..=i];
        while i > 0 {
            let parent = (i - 1) / ARITY;
            let p = v[parent];
            if !e.before(&p) {
                break;
            }
            v[i] = p;
            i = parent;
        }
        v[i] = e;
    }

    /// Removes the earliest event. The hole left at the root sinks along the smaller
    /// children to a leaf, then the last event rises from there (Floyd's variant: the last
    /// event usually belongs near the bottom, so this compares less than sifting it down).
    #[inline]
    fn pop(&mut self) -> Option<Event> {
        let last = self.v.pop()?;
        let Some(&top) = self.v.first() else {
            return Some(last);
        };
        let v = &mut self.v[..];
        let mut i = 0;
        while let Some(children) = v.get(ARITY * i + 1..) {
            let c = if let Some(four) = children.first_chunk::<ARITY>() {
                earliest_of_four(four)
            } else if let Some(c) = earliest(children) {
                c
            } else {
                break;
            };
            let c = ARITY * i + 1 + c;
            v[i] = v[c];
            i = c;
        }
        while i > 0 {
            let parent = (i - 1) / ARITY;
            let p = v[parent];
            if !last.before(&p) {
                break;
            }
            v[i] = p;
            i = parent;
        }
        v[i] = last;
        Some(top)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.v.len()
    }
}

/// The event list: two heaps with one order. Arrivals (one pending per contact type) live in
/// their own small heap, so the main heap (completions, abandonments) sifts half as often.
#[derive(Debug)]
pub(crate) struct EventQueue {
    main: Heap,
    arrivals: Heap,
    sequence: u64,
}

impl EventQueue {
    /// An empty list with room for `capacity` events besides one arrival per each of `types`
    /// contact types.
    pub(crate) fn with_capacity(capacity: usize, types: usize) -> Self {
        Self {
            main: Heap::with_capacity(capacity),
            arrivals: Heap::with_capacity(types + 1),
            sequence: 0,
        }
    }

    /// Schedules `kind` at `time` (engine seconds, non-negative). Its priority follows from
    /// the kind: [`PRIO_COMPLETION`], [`PRIO_ABANDON`] or [`PRIO_ARRIVAL`].
    #[allow(
        clippy::inline_always,
        reason = "scheduling is on every event's path: in line (with the heap's push) it \
                  saves a call and its register spills"
    )]
    #[inline(always)]
    pub(crate) fn push(&mut self, time: f64, kind: EventKind) {
        debug_assert!(time >= 0.0 && time.is_finite());
        self.sequence += 1;
        let (priority, data) = match kind {
            EventKind::Completion { slot, generation } => (
                PRIO_COMPLETION,
                (u64::from(slot) << 32) | u64::from(generation),
            ),
            EventKind::Abandon { slot, generation } => (
                PRIO_ABANDON,
                (u64::from(slot) << 32) | u64::from(generation),
            ),
            EventKind::Arrival { contact_type } => (PRIO_ARRIVAL, u64::from(contact_type)),
            EventKind::Retrial { contact_type } => (PRIO_RETRIAL, u64::from(contact_type)),
        };
        let event = Event {
            time_bits: time.to_bits(),
            order: (u64::from(priority) << SEQ_BITS) | (self.sequence & ((1 << SEQ_BITS) - 1)),
            data,
        };
        if priority == PRIO_ARRIVAL {
            self.arrivals.push(event);
        } else {
            self.main.push(event);
        }
    }

    /// Whether the arrivals heap holds the earliest event.
    #[inline]
    fn arrival_first(&self) -> Option<bool> {
        match (self.main.peek(), self.arrivals.peek()) {
            (None, None) => None,
            (Some(_), None) => Some(false),
            (None, Some(_)) => Some(true),
            (Some(m), Some(a)) => Some(a.before(m)),
        }
    }

    /// The earliest event, without removing it.
    #[inline]
    pub(crate) fn peek(&self) -> Option<&Event> {
        if self.arrival_first()? {
            self.arrivals.peek()
        } else {
            self.main.peek()
        }
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<Event> {
        if self.arrival_first()? {
            self.arrivals.pop()
        } else {
            self.main.pop()
        }
    }

    /// Events scheduled.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.main.len() + self.arrivals.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_priority_sequence() {
        let mut q = EventQueue::with_capacity(8, 3);
        q.push(2.0, EventKind::Arrival { contact_type: 0 });
        q.push(1.0, EventKind::Arrival { contact_type: 1 });
        q.push(
            1.0,
            EventKind::Completion {
                slot: 0,
                generation: 0,
            },
        );
        q.push(1.0, EventKind::Arrival { contact_type: 2 });
        q.push(
            0.5,
            EventKind::Abandon {
                slot: 1,
                generation: 7,
            },
        );
        assert_eq!(q.len(), 5);
        let order: Vec<EventKind> = std::iter::from_fn(|| q.pop()).map(|e| e.kind()).collect();
        assert_eq!(
            order,
            vec![
                EventKind::Abandon {
                    slot: 1,
                    generation: 7
                },
                EventKind::Completion {
                    slot: 0,
                    generation: 0
                },
                EventKind::Arrival { contact_type: 1 },
                EventKind::Arrival { contact_type: 2 },
                EventKind::Arrival { contact_type: 0 },
            ]
        );
        assert!(q.peek().is_none());
    }

    #[test]
    #[allow(clippy::float_cmp)] // the popped time is one of the pushed values
    fn heap_pops_in_order() {
        let mut q = EventQueue::with_capacity(4, 1);
        let mut x = 12345u64;
        let mut times = Vec::new();
        for slot in 0..500u32 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let t = (x >> 40) as f64 / 1000.0;
            times.push(t);
            q.push(
                t,
                EventKind::Completion {
                    slot,
                    generation: 0,
                },
            );
            if slot % 3 == 0 {
                let e = q.pop().unwrap();
                let min = times.iter().copied().fold(f64::INFINITY, f64::min);
                assert_eq!(e.time(), min);
                times.retain(|&u| u != min);
            }
        }
        let mut prev = f64::NEG_INFINITY;
        while let Some(e) = q.pop() {
            assert!(e.time() >= prev);
            prev = e.time();
        }
    }
}
