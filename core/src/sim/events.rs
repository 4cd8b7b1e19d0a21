//! The future-event list: a binary min-heap ordered by `(time, priority, sequence)`.
//!
//! Simultaneous events run by priority (completions, then presence changes, then
//! abandonments, then arrivals), then in the order they were scheduled, so ties are
//! deterministic. Events are small `Copy` values in one vector reserved up front: once the heap
//! has reached its working size, scheduling and popping allocate nothing.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Priority of a service completion (runs first at equal times: the agent frees up).
pub(crate) const PRIO_COMPLETION: u8 = 0;
/// Priority of a presence change (shift start or end, break, headcount step).
pub(crate) const PRIO_PRESENCE: u8 = 1;
/// Priority of an abandonment.
pub(crate) const PRIO_ABANDON: u8 = 2;
/// Priority of an arrival.
pub(crate) const PRIO_ARRIVAL: u8 = 3;

/// What happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    /// A contact of this type arrives.
    Arrival { contact_type: u16 },
    /// The contact in slot `slot` (generation `generation`) ends its service.
    Completion { slot: u32, generation: u32 },
    /// The contact in slot `slot` runs out of patience, if still waiting.
    Abandon { slot: u32, generation: u32 },
}

/// One scheduled event.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Event {
    /// Engine seconds (finite, non-negative).
    pub(crate) time: f64,
    pub(crate) priority: u8,
    pub(crate) sequence: u64,
    pub(crate) kind: EventKind,
}

impl Event {
    /// The ordering key; `time` is non-negative so its bits order like the number.
    #[inline]
    fn key(&self) -> (u64, u8, u64) {
        (self.time.to_bits(), self.priority, self.sequence)
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Event {}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Event {
    /// Reversed, so the standard max-heap pops the earliest event.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

/// The event list.
#[derive(Debug)]
pub(crate) struct EventQueue {
    heap: BinaryHeap<Event>,
    sequence: u64,
}

impl EventQueue {
    /// An empty list with room for `capacity` events.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(capacity),
            sequence: 0,
        }
    }

    /// Schedules `kind` at `time` (engine seconds, non-negative) with `priority`.
    #[inline]
    pub(crate) fn push(&mut self, time: f64, priority: u8, kind: EventKind) {
        debug_assert!(time >= 0.0 && time.is_finite());
        self.sequence += 1;
        self.heap.push(Event {
            time,
            priority,
            sequence: self.sequence,
            kind,
        });
    }

    /// The earliest event, without removing it.
    #[inline]
    pub(crate) fn peek(&self) -> Option<&Event> {
        self.heap.peek()
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<Event> {
        self.heap.pop()
    }

    /// Events scheduled.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_priority_sequence() {
        let mut q = EventQueue::with_capacity(8);
        q.push(2.0, PRIO_ARRIVAL, EventKind::Arrival { contact_type: 0 });
        q.push(1.0, PRIO_ARRIVAL, EventKind::Arrival { contact_type: 1 });
        q.push(
            1.0,
            PRIO_COMPLETION,
            EventKind::Completion {
                slot: 0,
                generation: 0,
            },
        );
        q.push(1.0, PRIO_ARRIVAL, EventKind::Arrival { contact_type: 2 });
        q.push(
            0.5,
            PRIO_ABANDON,
            EventKind::Abandon {
                slot: 1,
                generation: 0,
            },
        );
        assert_eq!(q.len(), 5);
        let order: Vec<EventKind> = std::iter::from_fn(|| q.pop()).map(|e| e.kind).collect();
        assert_eq!(
            order,
            vec![
                EventKind::Abandon {
                    slot: 1,
                    generation: 0
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
}
