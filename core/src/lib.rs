//! callwright-core: the contact-centre model (skills, agents, contacts, queues, requirement
//! expressions) and the router (match scoring, queue and overflow policies) that a vendor
//! embeds and the discrete-event simulator drives.
//!
//! The [`Router`] is event-driven and has no clock: the caller reports arrivals, completions,
//! abandonments and agent presence with its own `now` (seconds), asks
//! [`Router::next_timer`] when the next stage change is due, and calls [`Router::advance`].
//! Every call returns the decisions it made. Identical event streams give identical decisions.
//!
//! | module | what it holds |
//! |---|---|
//! | [`model`] | ids, agent presence and state, contacts, requirement expressions (proficiency 1–100) |
//! | [`routing`] | configuration (serde), the scoring [`kernel`](routing::kernel), agent strategies, decisions, the [`Router`] |
//! | [`error`] | the crate's one error type |
//! | [`sim`] | the discrete-event simulator that drives the router |
//!
//! A simulator drives the router like this:
//!
//! ```text
//! loop:
//!     t = min(next own event, router.next_timer())
//!     if the router's timer is first:  decisions = router.advance(t)
//!     else per event:                  router.arrive(spec, t) / complete(id, t, wrap_up_s) /
//!                                      abandon(id, t) / set_presence(agent, p, t)
//!     for each Decision::Assigned { contact, agent, .. }: schedule its completion
//!     Rejected / Callback / Moved: record the outcome
//! ```
//!
//! # Examples
//!
//! ```
//! use callwright_core::model::{ContactId, ContactSpec};
//! use callwright_core::{Decision, Router};
//!
//! let mut router = Router::from_toml(r#"
//!     skills = ["billing", "spanish"]
//!     groups = ["billing_team", "backup"]
//!
//!     [[profiles]]
//!     id = "billing"
//!     queues = [{ queue = "billing" }]
//!
//!     [[queues]]
//!     id = "billing"
//!     strategy = "most_skilled"
//!     ## First 30 s: experts only; then anyone holding the skill.
//!     [[queues.stages]]
//!     duration_s = 30
//!     requirement = "billing >= 70"
//!     [[queues.stages]]
//!     requirement = "billing > 0"
//!
//!     [[agents]]
//!     id = "ann"
//!     profile = "billing"
//!     skills = { billing = 90 }
//!     [[agents]]
//!     id = "bob"
//!     profile = "billing"
//!     skills = { billing = 40 }
//! "#)?;
//! let billing = router.queue_id("billing")?;
//! let ann = router.agent_id("ann")?;
//! let bob = router.agent_id("bob")?;
//!
//! // Ann (the expert) takes the first contact; the second waits, as Bob is not expert enough.
//! router.arrive(ContactSpec::new(ContactId(1), billing), 0.0)?;
//! let d = router.arrive(ContactSpec::new(ContactId(2), billing), 5.0)?;
//! assert!(matches!(d[0], Decision::Queued { .. }));
//!
//! // At 35 s the contact reaches stage 1 and Bob may take it.
//! assert_eq!(router.next_timer(), Some(35.0));
//! let d = router.advance(35.0)?.to_vec();
//! assert!(matches!(d[1], Decision::Assigned { agent, .. } if agent == bob));
//! assert_ne!(bob, ann);
//! # Ok::<(), callwright_core::Error>(())
//! ```

pub mod error;
pub mod model;
pub mod routing;
pub mod sim;

pub use error::{Error, Result};
pub use routing::{Decision, Router, RouterConfig};
