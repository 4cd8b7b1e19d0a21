//! Agent presence and state.

use serde::{Deserialize, Serialize};

/// What an agent has told the system it is doing (set by the caller).
///
/// Contacts already in progress continue whatever the presence; only `Available` agents are
/// offered new contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Logged out.
    Offline,
    /// Logged in and ready for contacts.
    #[default]
    Available,
    /// Logged in but on a break (lunch, training, meeting).
    Break,
}

/// An agent's state as reported by the router, derived from presence, load and wrap-up.
///
/// Precedence when several apply: after-contact work, then busy (at least one contact in
/// progress), then the presence (offline, on break, idle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentState {
    /// Logged out and handling nothing.
    Offline,
    /// Available and handling nothing.
    Idle,
    /// Handling at least one contact (possibly with spare capacity on some channel).
    Busy,
    /// Wrapping up after a contact (no new contacts until it ends).
    AfterContactWork,
    /// On a break and handling nothing.
    OnBreak,
}
