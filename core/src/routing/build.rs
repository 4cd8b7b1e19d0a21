//! Validation of a [`RouterConfig`] into a running [`Router`].

use std::collections::{BTreeSet, BinaryHeap, HashMap, VecDeque};

use crate::error::{Error, Result};
use crate::model::{
    AgentTraits, ChannelId, GroupId, Requirement, Schema, SkillId, TagCondition, check_time,
};
use crate::routing::index::Fenwick;
use crate::routing::router::{
    AgentIndex, AgentRt, AgentSlot, Dest, MAX_CHANNELS, ProfileEntry, QueueRt, Slot, StageRt,
    index_u32,
};
use crate::routing::{AgentConfig, Destination, Router, RouterConfig, Selection};

fn invalid(field: String, value: &dyn ToString, reason: &'static str) -> Error {
    Error::InvalidValue {
        field,
        value: value.to_string(),
        reason,
    }
}

fn unique<'a>(
    kind: &'static str,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<HashMap<&'a str, usize>> {
    let mut map = HashMap::new();
    for (i, id) in ids.into_iter().enumerate() {
        if map.insert(id.as_str(), i).is_some() {
            return Err(Error::DuplicateId {
                kind,
                id: id.clone(),
            });
        }
    }
    Ok(map)
}

fn check_count(field: &str, n: usize, max: usize) -> Result<()> {
    if n > max {
        return Err(invalid(field.to_owned(), &n, "too many entries"));
    }
    Ok(())
}

fn group_ids(names: &[String], groups: &HashMap<&str, usize>) -> Result<Vec<GroupId>> {
    names
        .iter()
        .map(|g| {
            groups
                .get(g.as_str())
                .map(|&i| GroupId(u16::try_from(i).unwrap_or(u16::MAX)))
                .ok_or_else(|| Error::UnknownGroup { name: g.clone() })
        })
        .collect()
}

fn destination(d: &Destination, queues: &HashMap<&str, usize>) -> Result<Dest> {
    Ok(match d {
        Destination::Reject => Dest::Reject,
        Destination::Callback => Dest::Callback,
        Destination::Queue(q) => Dest::Queue(index_u32(
            *queues
                .get(q.as_str())
                .ok_or_else(|| Error::UnknownQueue { id: q.clone() })?,
        )),
    })
}

#[expect(
    clippy::too_many_lines,
    reason = "one linear pass of validation, clearest in one place"
)]
pub(crate) fn build(config: RouterConfig) -> Result<Router> {
    // Channels, skills, attributes, groups.
    let channels_by_id = unique("channel", config.channels.iter().map(|c| &c.id))?;
    check_count("channels", config.channels.len(), MAX_CHANNELS)?;
    if config.channels.is_empty() {
        return Err(invalid("channels".into(), &"[]", "at least one channel"));
    }
    let attribute_names: BTreeSet<&String> = config
        .attributes
        .iter()
        .chain(config.agents.iter().flat_map(|a| a.attributes.keys()))
        .collect();
    let schema = Schema::new(
        config.skills.iter().cloned(),
        attribute_names.into_iter().cloned(),
    )?
    .with_contact_tags(config.contact_tags.iter().cloned())?;
    let groups = unique("group", &config.groups)?;
    check_count("groups", config.groups.len(), usize::from(u16::MAX))?;
    let queue_ids = unique("queue", config.queues.iter().map(|q| &q.id))?;
    unique("agent", config.agents.iter().map(|a| &a.id))?;
    unique("profile", config.profiles.iter().map(|p| &p.id))?;
    check_count("queues", config.queues.len(), 1 << 24)?;
    check_count("agents", config.agents.len(), 1 << 24)?;
    let channel = |name: &String| -> Result<ChannelId> {
        channels_by_id
            .get(name.as_str())
            .map(|&i| ChannelId(u8::try_from(i).unwrap_or(u8::MAX)))
            .ok_or_else(|| Error::UnknownChannel { name: name.clone() })
    };

    // Queues.
    let mut queues = Vec::with_capacity(config.queues.len());
    for (qi, qc) in config.queues.iter().enumerate() {
        let ch = channel(&qc.channel)?;
        if !(qc.wait_weight.is_finite() && qc.wait_weight >= 0.0) {
            return Err(invalid(
                format!("queues[{qi}].wait_weight"),
                &qc.wait_weight,
                "finite and non-negative",
            ));
        }
        if qc.stages.is_empty() {
            return Err(invalid(
                format!("queues[{qi}].stages"),
                &"[]",
                "at least one stage",
            ));
        }
        check_count(&format!("queues[{qi}].stages"), qc.stages.len(), 1 << 12)?;
        let mut stages = Vec::with_capacity(qc.stages.len());
        let mut stage_starts = Vec::with_capacity(qc.stages.len());
        let mut start = 0.0;
        for (si, sc) in qc.stages.iter().enumerate() {
            let last = si + 1 == qc.stages.len();
            stage_starts.push(start);
            let mut duration_s = 0.0;
            match (sc.duration_s, last) {
                (Some(d), false) if d.is_finite() && d > 0.0 => {
                    start += d;
                    duration_s = d;
                }
                (Some(d), false) => {
                    return Err(invalid(
                        format!("queues[{qi}].stages[{si}].duration_s"),
                        &d,
                        "finite and positive",
                    ));
                }
                (None, false) => {
                    return Err(invalid(
                        format!("queues[{qi}].stages[{si}].duration_s"),
                        &"missing",
                        "every stage but the last needs a duration",
                    ));
                }
                (Some(d), true) => {
                    return Err(invalid(
                        format!("queues[{qi}].stages[{si}].duration_s"),
                        &d,
                        "the last stage lasts until the contact leaves; omit it",
                    ));
                }
                (None, true) => {}
            }
            let when = match (&sc.when, last) {
                (Some(w), true) => {
                    return Err(invalid(
                        format!("queues[{qi}].stages[{si}].when"),
                        w,
                        "the last stage applies to every contact; omit it",
                    ));
                }
                (Some(w), false) => Some(TagCondition::parse(w, &schema)?),
                (None, _) => None,
            };
            stages.push(StageRt {
                requirement: Requirement::parse(&sc.requirement, &schema)?,
                groups: group_ids(&sc.groups, &groups)?,
                when,
                duration_s,
            });
        }
        let rank_skills: Vec<SkillId> = if qc.skills.is_empty() {
            let set: BTreeSet<SkillId> = stages
                .iter()
                .flat_map(|s| s.requirement.skills().iter().copied())
                .collect();
            set.into_iter().collect()
        } else {
            qc.skills
                .iter()
                .map(|s| schema.skill(s))
                .collect::<Result<_>>()?
        };
        let max_wait_s = match qc.max_wait_s {
            Some(w) if w.is_finite() && w > 0.0 => Some(w),
            Some(w) => {
                return Err(invalid(
                    format!("queues[{qi}].max_wait_s"),
                    &w,
                    "finite and positive",
                ));
            }
            None => None,
        };
        let strategy = qc.strategy.build();
        let mut tag_priority = Vec::with_capacity(qc.tag_priority.len());
        for (tag, &p) in &qc.tag_priority {
            if p.unsigned_abs() > 1_000_000 {
                return Err(invalid(
                    format!("queues[{qi}].tag_priority.{tag}"),
                    &p,
                    "within ±1,000,000",
                ));
            }
            tag_priority.push((schema.tag(tag)?, p));
        }
        if !(qc.preferred_wait_s.is_finite() && qc.preferred_wait_s >= 0.0) {
            return Err(invalid(
                format!("queues[{qi}].preferred_wait_s"),
                &qc.preferred_wait_s,
                "finite and non-negative",
            ));
        }
        if qc.preferred_wait_s > 0.0 && !strategy.honours_preferred_agent() {
            return Err(invalid(
                format!("queues[{qi}].preferred_wait_s"),
                &qc.preferred_wait_s,
                "needs a `preferred` strategy",
            ));
        }
        queues.push(QueueRt {
            name: qc.id.clone(),
            channel: ch,
            exclusive: config.channels[usize::from(ch.0)].exclusive,
            priority: qc.priority,
            wait_weight: qc.wait_weight,
            weighted: strategy.selection() == Selection::Weighted,
            preferred: strategy.honours_preferred_agent(),
            preferred_wait_s: qc.preferred_wait_s,
            tag_priority,
            conditional: stages.iter().any(|s| s.when.is_some()),
            strategy,
            stages,
            stage_starts,
            tiers: Vec::new(),
            slot_base: 0,
            rank_skills,
            max_waiting: qc.max_waiting,
            on_full: destination(&qc.on_full, &queue_ids)?,
            max_wait_s,
            on_max_wait: destination(&qc.on_max_wait, &queue_ids)?,
            waiting: 0,
        });
    }
    // `on_full` moves happen instantly: they must not go round in a circle.
    for start in 0..queues.len() {
        let mut at = start;
        for _ in 0..=queues.len() {
            match queues[at].on_full {
                Dest::Queue(next) => at = next as usize,
                _ => break,
            }
            if at == start {
                return Err(Error::OverflowCycle {
                    queue: queues[start].name.clone(),
                });
            }
        }
    }

    // Profiles.
    let mut profiles: Vec<Vec<ProfileEntry>> = Vec::with_capacity(config.profiles.len());
    for (pi, pc) in config.profiles.iter().enumerate() {
        let mut entries: Vec<ProfileEntry> = Vec::with_capacity(pc.queues.len());
        for (ei, e) in pc.queues.iter().enumerate() {
            let queue = *queue_ids
                .get(e.queue.as_str())
                .ok_or_else(|| Error::UnknownQueue {
                    id: e.queue.clone(),
                })?;
            let delay = check_time("profiles[].queues[].delay_s", e.delay_s).map_err(|_| {
                invalid(
                    format!("profiles[{pi}].queues[{ei}].delay_s"),
                    &e.delay_s,
                    "finite and non-negative",
                )
            })?;
            if entries.iter().any(|x| x.queue as usize == queue) {
                return Err(Error::DuplicateId {
                    kind: "profile queue",
                    id: format!("{}/{}", pc.id, e.queue),
                });
            }
            entries.push(ProfileEntry {
                queue: index_u32(queue),
                priority: e.priority,
                delay_s: delay,
                tier: 0,
            });
        }
        entries.sort_by_key(|e| e.queue);
        profiles.push(entries);
    }

    // Delay tiers per queue (every delay a profile gives it, so an agent added or changed at
    // run time finds its tier), then slots (queue, stage, tier).
    for entries in &profiles {
        for p in entries {
            let q = &mut queues[p.queue as usize];
            if !q.tiers.iter().any(|d| d.total_cmp(&p.delay_s).is_eq()) {
                q.tiers.push(p.delay_s);
            }
        }
    }
    let mut slots = Vec::new();
    for (qi, q) in queues.iter_mut().enumerate() {
        q.tiers.sort_by(f64::total_cmp);
        q.slot_base = index_u32(slots.len());
        for _ in 0..q.stages.len() * q.tiers.len() {
            slots.push(Slot {
                queue: index_u32(qi),
                members: Vec::new(),
                agents: AgentIndex::Ranked(BinaryHeap::new()),
                contacts: BinaryHeap::new(),
            });
        }
        check_count("slots", slots.len(), 1 << 30)?;
    }
    for p in profiles.iter_mut().flatten() {
        let tiers = &queues[p.queue as usize].tiers;
        let tier = tiers
            .iter()
            .position(|d| d.total_cmp(&p.delay_s).is_eq())
            .unwrap_or(0);
        p.tier = u16::try_from(tier).unwrap_or(u16::MAX);
    }

    // Agents, each in the slots it qualifies for (members in agent order).
    let mut agents = Vec::with_capacity(config.agents.len());
    for (ai, ac) in config.agents.iter().enumerate() {
        let mut a = agent_rt(
            ac,
            &format!("agents[{ai}]"),
            &config,
            &groups,
            &schema,
            &profiles,
        )?;
        a.slots = agent_slots(&a, &queues);
        for s in &mut a.slots {
            let members = &mut slots[s.slot as usize].members;
            s.pos = index_u32(members.len());
            members.push(index_u32(ai));
        }
        agents.push(a);
    }
    for slot in &mut slots {
        let q = &queues[slot.queue as usize];
        let bound = 2 * slot.members.len() + 33;
        slot.agents = if q.weighted {
            AgentIndex::Weighted(Fenwick::new(slot.members.len()))
        } else if q.strategy.keys_increase() {
            AgentIndex::Sorted(VecDeque::with_capacity(bound))
        } else {
            AgentIndex::Ranked(BinaryHeap::with_capacity(bound))
        };
    }
    for a in &mut agents {
        a.weighted_slots = a
            .slots
            .iter()
            .any(|s| matches!(slots[s.slot as usize].agents, AgentIndex::Weighted(_)));
    }

    Router::from_parts(config, schema, queues, profiles, agents, slots)
}

/// Validates one agent's configuration (`field` names it in errors, e.g. `agents[3]`) into
/// its runtime record, with no slots yet and state as at the start.
pub(crate) fn agent_rt(
    ac: &AgentConfig,
    field: &str,
    config: &RouterConfig,
    groups: &HashMap<&str, usize>,
    schema: &Schema,
    profiles: &[Vec<ProfileEntry>],
) -> Result<AgentRt> {
    let profile = config
        .profiles
        .iter()
        .position(|p| p.id == ac.profile)
        .ok_or_else(|| Error::UnknownProfile {
            name: ac.profile.clone(),
        })?;
    let mut traits = AgentTraits::new(schema);
    for (skill, &level) in &ac.skills {
        let id = schema.skill(skill)?;
        if !(1..=100).contains(&level) {
            return Err(invalid(
                format!("{field}.skills.{skill}"),
                &level,
                "proficiency is 1-100",
            ));
        }
        traits.set_skill(id, level);
    }
    for (name, value) in &ac.attributes {
        if let Some(id) = schema.attribute(name) {
            traits.set_attribute(id, value.clone());
        }
    }
    let mut capacity = [0u16; MAX_CHANNELS];
    for (ch, &n) in &ac.capacity {
        let c = config
            .channels
            .iter()
            .position(|c| c.id == *ch)
            .ok_or_else(|| Error::UnknownChannel { name: ch.clone() })?;
        capacity[c] = n;
    }
    if !(ac.speed.is_finite() && ac.speed > 0.0) {
        return Err(invalid(
            format!("{field}.speed"),
            &ac.speed,
            "finite and positive",
        ));
    }
    Ok(AgentRt {
        name: ac.id.clone(),
        groups: group_ids(&ac.groups, groups)?,
        traits,
        profile: profiles[profile].clone(),
        load: [0; MAX_CHANNELS],
        capacity,
        total_load: 0,
        exclusive_load: 0,
        presence: ac.presence,
        wrap_up_until: None,
        wrap_stamp: 0,
        free_since: 0.0,
        last_routed: 0,
        stamp: 0,
        speed: ac.speed,
        weight: ac.weight,
        weighted_slots: false,
        slots: Vec::new(),
        reserved: Vec::new(),
    })
}

/// The slots an agent qualifies for, sorted by slot (positions left at 0 for the caller):
/// every (stage, tier) of a queue in its profile, on a channel it has capacity for, whose
/// groups and requirement it meets, at its profile delay's tier.
pub(crate) fn agent_slots(a: &AgentRt, queues: &[QueueRt]) -> Vec<AgentSlot> {
    let mut slots = Vec::new();
    for p in &a.profile {
        let q = &queues[p.queue as usize];
        if a.capacity[usize::from(q.channel.0)] == 0 {
            continue;
        }
        let skill_sum = q
            .rank_skills
            .iter()
            .map(|&s| u32::from(a.traits.skill(s)))
            .sum();
        for (si, stage) in q.stages.iter().enumerate() {
            let in_group =
                stage.groups.is_empty() || stage.groups.iter().any(|g| a.groups.contains(g));
            if !in_group || !stage.requirement.matches(&a.traits) {
                continue;
            }
            let slot = q.slot(u16::try_from(si).unwrap_or(u16::MAX), usize::from(p.tier));
            slots.push(AgentSlot {
                slot: index_u32(slot),
                pos: 0,
                channel: q.channel,
                exclusive: q.exclusive,
                profile_priority: p.priority,
                skill_sum,
            });
        }
    }
    slots.sort_by_key(|s| s.slot);
    slots
}
