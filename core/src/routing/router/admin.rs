//! Configuration changes at run time: agents joining and changing.
//!
//! An agent's slot memberships are recomputed from its new configuration; slot member lists
//! stay in agent order (the layout weighted sampling documents), so a router changed at run
//! time decides exactly like one built from the changed configuration. These calls cost
//! O(slots × members) and allocate: they are for administration, not per decision.

use std::collections::HashMap;

use super::{AgentIndex, AgentSlot, Router, index_u32};
use crate::error::{Error, Result};
use crate::model::{AgentId, Presence};
use crate::routing::build::{agent_rt, agent_slots};
use crate::routing::{AgentConfig, Decision};

impl Router {
    /// A new agent joins at `now`: it gets the next [`AgentId`] (`num_agents()` before the
    /// call; also [`Router::agent_id`] of its id), enters every slot it qualifies for, is idle
    /// since `now`, and — if its configured `presence` is `available` — takes waiting contacts
    /// it may serve, as when an agent becomes available.
    ///
    /// # Errors
    ///
    /// Those of [`Router::new`] for the agent's fields ([`Error::UnknownProfile`],
    /// [`Error::UnknownSkill`], [`Error::UnknownGroup`], [`Error::UnknownChannel`],
    /// [`Error::InvalidValue`]), [`Error::DuplicateId`] for an id already in use,
    /// [`Error::InvalidTime`], [`Error::TimeWentBackwards`]. The router is unchanged on error.
    ///
    /// # Examples
    ///
    /// ```
    /// use callwright_core::model::{ContactId, ContactSpec};
    /// use callwright_core::routing::{AgentConfig, Decision, Router, RouterConfig};
    ///
    /// let mut router = Router::from_toml(r#"
    ///     skills = ["sales"]
    ///     [[profiles]]
    ///     id = "p"
    ///     queues = [{ queue = "sales" }]
    ///     [[queues]]
    ///     id = "sales"
    /// "#)?;
    /// let sales = router.queue_id("sales")?;
    /// router.arrive(ContactSpec::new(ContactId(1), sales), 0.0)?;
    /// let ann: AgentConfig = toml::from_str(r#"
    ///     id = "ann"
    ///     profile = "p"
    ///     skills = { sales = 70 }
    /// "#).unwrap();
    /// let d = router.add_agent(ann, 5.0)?;
    /// assert!(matches!(d[0], Decision::Assigned { contact: ContactId(1), waited_s: 5.0, .. }));
    /// assert_eq!(router.agent_id("ann")?.0, 0);
    /// # Ok::<(), callwright_core::Error>(())
    /// ```
    pub fn add_agent(&mut self, config: AgentConfig, now: f64) -> Result<&[Decision]> {
        self.check_now(now)?;
        if self.agent_ids.contains_key(&config.id) {
            return Err(Error::DuplicateId {
                kind: "agent",
                id: config.id,
            });
        }
        let ai = self.agents.len();
        if ai >= 1 << 24 {
            return Err(Error::InvalidValue {
                field: "agents".into(),
                value: ai.to_string(),
                reason: "too many entries",
            });
        }
        let mut agent = self.agent_from(&config, ai)?;
        self.decisions.clear();
        self.run_timers(now);
        agent.free_since = now;
        let ai = index_u32(ai);
        let slots = agent_slots(&agent, &self.queues);
        self.agents.push(agent);
        self.count_staffed(ai, true);
        self.agent_ids.insert(config.id.clone(), ai);
        self.config.agents.push(config);
        self.set_slots(ai, slots);
        self.pull(ai, now);
        self.finish(now);
        Ok(&self.decisions)
    }

    /// Changes an agent's configuration at `now`: skills, groups, attributes, routing
    /// profile, capacity, speed and weight take effect at once; its slot memberships are
    /// re-evaluated, contacts in progress continue, and if available it then takes waiting
    /// contacts it may now serve. `config.id` must be the agent's id; `config.presence` is
    /// ignored (use [`Router::set_presence`]). Contacts reserved for the agent stay reserved
    /// until their wait ends, and it takes them only while it is still eligible.
    ///
    /// Timers due at or before `now` fire first (under the old configuration).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownAgent`]; [`Error::InvalidValue`] for a different `id` or a capacity
    /// below the agent's contacts in progress on that channel (checked before the timers
    /// fire); the errors of [`Router::add_agent`] for the fields. The router is unchanged on
    /// error.
    pub fn update_agent(
        &mut self,
        agent: AgentId,
        config: AgentConfig,
        now: f64,
    ) -> Result<&[Decision]> {
        self.check_now(now)?;
        let ai = self.agent_index(agent)?;
        let old = &self.agents[ai as usize];
        if config.id != old.name {
            return Err(Error::InvalidValue {
                field: format!("agents[{ai}].id"),
                value: config.id,
                reason: "update_agent keeps the agent's id",
            });
        }
        let new = self.agent_from(&config, ai as usize)?;
        for (ch, c) in self.config.channels.iter().enumerate() {
            if new.capacity[ch] < old.load[ch] {
                return Err(Error::InvalidValue {
                    field: format!("agents[{ai}].capacity.{}", c.id),
                    value: new.capacity[ch].to_string(),
                    reason: "below the agent's contacts in progress",
                });
            }
        }
        self.decisions.clear();
        self.run_timers(now);
        let slots = agent_slots(&new, &self.queues);
        // The wait predictions count it among the staffed agents of the queues it works.
        let available = self.agents[ai as usize].presence == Presence::Available;
        if available {
            self.count_staffed(ai, false);
        }
        let a = &mut self.agents[ai as usize];
        a.groups = new.groups;
        a.traits = new.traits;
        a.profile = new.profile;
        a.capacity = new.capacity;
        a.speed = new.speed;
        a.weight = new.weight;
        let presence = self.config.agents[ai as usize].presence;
        self.config.agents[ai as usize] = AgentConfig { presence, ..config };
        if available {
            self.count_staffed(ai, true);
        }
        self.set_slots(ai, slots);
        self.pull(ai, now);
        self.finish(now);
        Ok(&self.decisions)
    }

    /// Validates an agent's configuration into a fresh record (no slots, state as at start).
    fn agent_from(&self, config: &AgentConfig, ai: usize) -> Result<super::AgentRt> {
        let groups: HashMap<&str, usize> = self
            .config
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.as_str(), i))
            .collect();
        agent_rt(
            config,
            &format!("agents[{ai}]"),
            &self.config,
            &groups,
            &self.schema,
            &self.profiles,
        )
    }

    /// Moves an agent from its current slots to `slots` (positions assigned here), keeping
    /// every slot's members in agent order. The caller re-indexes the agent (`pull`).
    fn set_slots(&mut self, ai: u32, mut slots: Vec<AgentSlot>) {
        let old = std::mem::take(&mut self.agents[ai as usize].slots);
        for s in &old {
            let slot = &mut self.slots[s.slot as usize];
            let pos = s.pos as usize;
            slot.members.remove(pos);
            if let AgentIndex::Weighted(f) = &mut slot.agents {
                f.remove(pos);
            }
            for &m in &slot.members[pos..] {
                self.agents[m as usize].shift_pos(s.slot, false);
            }
        }
        for s in &mut slots {
            let slot = &mut self.slots[s.slot as usize];
            let pos = slot.members.partition_point(|&m| m < ai);
            slot.members.insert(pos, ai);
            if let AgentIndex::Weighted(f) = &mut slot.agents {
                f.insert(pos, 0);
            }
            for &m in &slot.members[pos + 1..] {
                self.agents[m as usize].shift_pos(s.slot, true);
            }
            s.pos = index_u32(pos);
        }
        let weighted = slots
            .iter()
            .any(|s| matches!(self.slots[s.slot as usize].agents, AgentIndex::Weighted(_)));
        let a = &mut self.agents[ai as usize];
        a.slots = slots;
        a.weighted_slots = weighted;
    }
}

impl super::AgentRt {
    /// Moves the agent's position in `slot` one up or down (another member came or went
    /// before it).
    fn shift_pos(&mut self, slot: u32, up: bool) {
        if let Ok(i) = self.slots.binary_search_by_key(&slot, |x| x.slot) {
            let pos = &mut self.slots[i].pos;
            *pos = if up { *pos + 1 } else { *pos - 1 };
        }
    }
}
