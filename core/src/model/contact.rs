//! Contacts as the caller describes them on arrival.

use super::{AgentId, ContactId, QueueId, TagId};

/// A set of contact tags (customer tier, language, ...): one bit per [`TagId`], `Copy` and
/// allocation-free.
///
/// # Examples
///
/// ```
/// use callwright_core::model::{TagId, TagSet};
///
/// let tags = TagSet::EMPTY.with(TagId(0)).with(TagId(5));
/// assert!(tags.contains(TagId(5)) && !tags.contains(TagId(1)));
/// assert_eq!(tags.bits(), 0b10_0001);
/// assert_eq!(tags.iter().collect::<Vec<_>>(), [TagId(0), TagId(5)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TagSet(u64);

impl TagSet {
    /// Most tags a configuration may declare (ids 0–63).
    pub const CAPACITY: u32 = 64;

    /// No tags.
    pub const EMPTY: TagSet = TagSet(0);

    /// The set with bit `i` for tag id `i`.
    pub fn from_bits(bits: u64) -> Self {
        Self(bits)
    }

    /// The set's bits (bit `i` for tag id `i`).
    pub fn bits(self) -> u64 {
        self.0
    }

    /// The set with `tag` added (ids of 64 and above are ignored: they can name no tag).
    #[must_use]
    pub fn with(self, tag: TagId) -> Self {
        Self(self.0 | 1u64.checked_shl(u32::from(tag.0)).unwrap_or(0))
    }

    /// Whether `tag` is in the set.
    pub fn contains(self, tag: TagId) -> bool {
        u32::from(tag.0) < Self::CAPACITY && self.0 >> tag.0 & 1 == 1
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The tags in the set, ascending.
    pub fn iter(self) -> impl Iterator<Item = TagId> {
        (0..64u8).filter(move |&i| self.0 >> i & 1 == 1).map(TagId)
    }
}

/// A contact arriving at the router: its id, type (queue) and optional attributes.
///
/// # Examples
///
/// ```
/// use callwright_core::model::{AgentId, ContactId, ContactSpec, QueueId};
///
/// let c = ContactSpec::new(ContactId(7), QueueId(0))
///     .priority(5)
///     .preferred_agent(AgentId(3));
/// assert_eq!(c.priority, 5);
/// assert!(c.tags.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactSpec {
    /// The caller's id for the contact.
    pub id: ContactId,
    /// The contact type: the queue it enters.
    pub queue: QueueId,
    /// Added to the queue's priority in the scoring kernel (e.g. from the customer tier).
    pub priority: i32,
    /// Preferred or last agent, honoured by the `preferred` agent strategy.
    pub preferred_agent: Option<AgentId>,
    /// The contact's tags (ids from [`crate::Router::tag_id`]): they add the queue's
    /// `tag_priority` and select the overflow stages whose `when` they satisfy.
    pub tags: TagSet,
}

impl ContactSpec {
    /// A contact of type `queue` with priority 0 and no preferred agent.
    pub fn new(id: ContactId, queue: QueueId) -> Self {
        Self {
            id,
            queue,
            priority: 0,
            preferred_agent: None,
            tags: TagSet::EMPTY,
        }
    }

    /// Sets the contact's own priority (added to the queue's).
    #[must_use]
    pub fn priority(mut self, priority: i32) -> Self {
        self.priority = priority;
        self
    }

    /// Adds a tag.
    #[must_use]
    pub fn tag(mut self, tag: TagId) -> Self {
        self.tags = self.tags.with(tag);
        self
    }

    /// Sets the preferred (or last) agent.
    #[must_use]
    pub fn preferred_agent(mut self, agent: AgentId) -> Self {
        self.preferred_agent = Some(agent);
        self
    }
}

/// Where a contact the router holds currently is.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum ContactStatus {
    /// Waiting in `queue` at overflow `stage` (0-based).
    Waiting {
        /// The queue it waits in now (may differ from its type after overflow).
        queue: QueueId,
        /// Its current stage in that queue's plan.
        stage: u16,
    },
    /// An accepted callback that re-enters `queue` at `at_s`.
    CallbackScheduled {
        /// The queue it will enter.
        queue: QueueId,
        /// When, router seconds.
        at_s: f64,
    },
    /// In service with `agent`.
    Assigned {
        /// The serving agent.
        agent: AgentId,
        /// The queue it was taken from.
        queue: QueueId,
    },
}
