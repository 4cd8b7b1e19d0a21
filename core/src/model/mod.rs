//! The contact-centre model: ids, channels, agent states, contacts and requirement expressions.
//!
//! # Proficiency scale
//!
//! Proficiency is an integer from **1 to 100** (higher is better); **0 means the agent does not
//! hold the skill**. Requirement expressions compare against this scale
//! (`billing >= 60`), "most skilled" sums it over a queue's skills.
//!
//! # Time
//!
//! Every time is `f64` seconds from the start of the horizon (see `DESIGN.md`); durations are
//! `f64` seconds too and carry `_s` in their names.

mod agent;
mod contact;
mod expr;

pub use agent::{AgentState, Presence};
pub use contact::{ContactSpec, ContactStatus, TagSet};
pub use expr::{AgentTraits, AttrValue, Requirement, Schema, TagCondition};

use std::fmt;

/// Dense handle of an agent: its position in the configuration's agent list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AgentId(pub u32);

/// Dense handle of a queue (contact type): its position in the configuration's queue list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QueueId(pub u32);

/// Dense handle of a skill: its position in the configuration's skill list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SkillId(pub u16);

/// Dense handle of an agent attribute name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttrId(pub u16);

/// Dense handle of an agent group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(pub u16);

/// Dense handle of a contact tag (`gold`, `spanish`, ...): its position in the
/// configuration's `contact_tags` list (below 64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagId(pub u8);

/// Dense handle of a channel (voice, chat, email, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChannelId(pub u8);

/// A contact's id, chosen by the caller (a call id, a simulator sequence number).
///
/// The router holds a contact from its arrival until it completes, abandons or leaves by
/// overflow; the id may be reused after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContactId(pub u64);

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Checks that `value` is a usable time or duration: finite and non-negative.
///
/// # Errors
///
/// [`crate::Error::InvalidTime`] naming `field`.
#[inline]
pub(crate) fn check_time(field: &'static str, value: f64) -> crate::Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(invalid_time(field, value))
    }
}

#[cold]
#[inline(never)]
fn invalid_time(field: &'static str, value: f64) -> crate::Error {
    crate::Error::InvalidTime { field, value }
}
