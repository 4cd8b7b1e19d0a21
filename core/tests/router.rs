//! Behaviour of the router, one policy at a time.
#![allow(
    clippy::float_cmp,
    reason = "times and scores in these tests are exact"
)]

use callwright_core::model::{
    AgentId, AgentState, ContactId, ContactSpec, ContactStatus, Presence, TagId,
};
use callwright_core::routing::{Decision, Eligibility, OverflowReason, Predictor, WaitPrediction};
use callwright_core::{Error, Router};
use std::fmt::Write;

fn router(toml: &str) -> Router {
    Router::from_toml(toml).unwrap_or_else(|e| panic!("config: {e}"))
}

fn assigned(d: &[Decision]) -> Vec<(u64, u32)> {
    d.iter()
        .filter_map(|d| match d {
            Decision::Assigned { contact, agent, .. } => Some((contact.0, agent.0)),
            _ => None,
        })
        .collect()
}

fn arrive(r: &mut Router, id: u64, queue: &str, now: f64) -> Vec<Decision> {
    let q = r.queue_id(queue).unwrap();
    r.arrive(ContactSpec::new(ContactId(id), q), now)
        .unwrap()
        .to_vec()
}

/// `n` agents a0.. on one voice queue `q` with the given strategy; agent i has skill `s` at
/// level `10 * (i + 1)`, speed `i + 1`, weight `i + 1`.
fn pool(strategy: &str, n: usize) -> Router {
    let mut t = format!(
        "skills = [\"s\"]\n[[profiles]]\nid = \"p\"\nqueues = [{{ queue = \"q\" }}]\n\
         [[queues]]\nid = \"q\"\nskills = [\"s\"]\nstrategy = {strategy}\n"
    );
    for i in 0..n {
        let _ = writeln!(
            t,
            "[[agents]]\nid = \"a{i}\"\nprofile = \"p\"\nskills = {{ s = {} }}\nspeed = {}\nweight = {}",
            10 * (i + 1),
            i + 1,
            i + 1
        );
    }
    router(&t)
}

#[test]
fn longest_idle_takes_the_agent_free_longest() {
    let mut r = pool("\"longest_idle\"", 3);
    // All free since 0: ties go to the lowest id.
    assert_eq!(assigned(&arrive(&mut r, 1, "q", 0.0)), vec![(1, 0)]);
    assert_eq!(assigned(&arrive(&mut r, 2, "q", 1.0)), vec![(2, 1)]);
    r.complete(ContactId(1), 5.0, 0.0).unwrap();
    r.complete(ContactId(2), 3.0 + 3.0, 0.0).unwrap();
    // a2 free since 0, a0 since 5, a1 since 6.
    assert_eq!(assigned(&arrive(&mut r, 3, "q", 7.0)), vec![(3, 2)]);
    assert_eq!(assigned(&arrive(&mut r, 4, "q", 7.0)), vec![(4, 0)]);
    assert_eq!(assigned(&arrive(&mut r, 5, "q", 7.0)), vec![(5, 1)]);
    assert!(matches!(
        arrive(&mut r, 6, "q", 8.0)[0],
        Decision::Queued { .. }
    ));
}

#[test]
fn most_skilled_fastest_and_round_robin() {
    let mut r = pool("\"most_skilled\"", 3);
    assert_eq!(assigned(&arrive(&mut r, 1, "q", 0.0)), vec![(1, 2)]);
    assert_eq!(assigned(&arrive(&mut r, 2, "q", 0.0)), vec![(2, 1)]);
    let mut r = pool("\"fastest_server\"", 3);
    assert_eq!(assigned(&arrive(&mut r, 1, "q", 0.0)), vec![(1, 2)]);
    let mut r = pool("\"round_robin\"", 3);
    let mut order = Vec::new();
    for i in 0..6 {
        let d = arrive(&mut r, i, "q", f64::from(u32::try_from(i).unwrap()));
        let (c, a) = assigned(&d)[0];
        order.push(a);
        r.complete(ContactId(c), f64::from(u32::try_from(i).unwrap()), 0.0)
            .unwrap();
    }
    assert_eq!(order, vec![0, 1, 2, 0, 1, 2]);
}

#[test]
fn weighted_random_is_seeded_and_proportional() {
    let run = || {
        let mut r = pool("\"weighted_random\"", 3);
        let mut counts = [0u32; 3];
        for i in 0..3000u32 {
            let d = arrive(&mut r, u64::from(i), "q", f64::from(i));
            let (c, a) = assigned(&d)[0];
            counts[a as usize] += 1;
            r.complete(ContactId(c), f64::from(i), 0.0).unwrap();
        }
        counts
    };
    let counts = run();
    assert_eq!(counts, run(), "same seed, same draws");
    // Weights 1:2:3 of 3000 → 500, 1000, 1500.
    for (c, e) in counts.iter().zip([500.0, 1000.0, 1500.0]) {
        assert!((f64::from(*c) - e).abs() < 120.0, "{counts:?}");
    }
}

#[test]
fn preferred_agent_first_then_fallback() {
    let mut r = pool("{ preferred = \"most_skilled\" }", 3);
    let q = r.queue_id("q").unwrap();
    let d = r
        .arrive(
            ContactSpec::new(ContactId(1), q).preferred_agent(AgentId(0)),
            0.0,
        )
        .unwrap();
    assert_eq!(assigned(d), vec![(1, 0)]);
    // a0 is busy now: fall back to the most skilled.
    let d = r
        .arrive(
            ContactSpec::new(ContactId(2), q).preferred_agent(AgentId(0)),
            0.0,
        )
        .unwrap();
    assert_eq!(assigned(d), vec![(2, 2)]);
    assert!(matches!(
        r.arrive(
            ContactSpec::new(ContactId(3), q).preferred_agent(AgentId(9)),
            0.0
        ),
        Err(Error::UnknownAgent { .. })
    ));
}

#[test]
fn preferred_agent_wait_reserves_the_contact() {
    let mut r = pool("{ preferred = \"longest_idle\" }\npreferred_wait_s = 10", 2);
    let q = r.queue_id("q").unwrap();
    let (a0, a1) = (AgentId(0), AgentId(1));
    let pref = |id: u64| ContactSpec::new(ContactId(id), q).preferred_agent(a0);
    assert_eq!(assigned(r.arrive(pref(1), 0.0).unwrap()), vec![(1, 0)]);
    assert_eq!(assigned(&arrive(&mut r, 2, "q", 0.0)), vec![(2, 1)]);
    assert!(matches!(
        arrive(&mut r, 3, "q", 1.0)[0],
        Decision::Queued { .. }
    ));
    // a0 is busy but available: contact 4 waits for it, reserved until 2 + 10 s.
    assert!(matches!(
        r.arrive(pref(4), 2.0).unwrap()[0],
        Decision::Queued { .. }
    ));
    assert_eq!(r.next_timer(), Some(12.0));
    // a1 frees up: it takes contact 3, not the reserved contact 4.
    assert_eq!(
        assigned(r.complete(ContactId(2), 3.0, 0.0).unwrap()),
        vec![(3, 1)]
    );
    assert!(r.complete(ContactId(3), 4.0, 0.0).unwrap().is_empty());
    // a0 frees up and takes its reserved contact.
    assert_eq!(
        assigned(r.complete(ContactId(1), 5.0, 0.0).unwrap()),
        vec![(4, 0)]
    );

    // Reserved for a0 although a1 is idle; after 10 s it falls back to a1.
    assert!(matches!(
        r.arrive(pref(5), 6.0).unwrap()[0],
        Decision::Queued { .. }
    ));
    assert_eq!(r.next_timer(), Some(16.0));
    assert!(r.advance(15.0).unwrap().is_empty());
    let d = r.advance(16.0).unwrap().to_vec();
    assert!(matches!(
        d[..],
        [Decision::Assigned { contact: ContactId(5), agent, waited_s, .. }]
            if agent == a1 && waited_s == 10.0
    ));

    // a0 goes on break: its reserved contact falls back at once.
    assert!(matches!(
        r.arrive(pref(6), 20.0).unwrap()[0],
        Decision::Queued { .. }
    ));
    assert!(r.complete(ContactId(5), 21.0, 0.0).unwrap().is_empty());
    let d = r.set_presence(a0, Presence::Break, 22.0).unwrap();
    assert_eq!(assigned(d), vec![(6, 1)]);
    // A preferred agent on break reserves nothing: the contact waits for anyone.
    assert!(matches!(
        r.arrive(pref(7), 23.0).unwrap()[0],
        Decision::Queued { .. }
    ));
    assert_eq!(r.next_timer(), None);
    assert_eq!(
        assigned(r.complete(ContactId(6), 24.0, 0.0).unwrap()),
        vec![(7, 1)]
    );
}

#[test]
fn preferred_wait_needs_a_preferred_strategy() {
    for (strategy, wait) in [
        ("\"longest_idle\"", "5"),
        ("{ preferred = \"longest_idle\" }", "-1"),
    ] {
        let text =
            format!("[[queues]]\nid = \"q\"\nstrategy = {strategy}\npreferred_wait_s = {wait}\n");
        match Router::from_toml(&text) {
            Err(Error::InvalidValue { field, value, .. }) => {
                assert_eq!(
                    (field.as_str(), value.as_str()),
                    ("queues[0].preferred_wait_s", wait)
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

const TAGGED: &str = r#"
skills = ["s"]
contact_tags = ["gold", "silver", "spanish"]
[[profiles]]
id = "p"
queues = [{ queue = "q" }]
[[queues]]
id = "q"
tag_priority = { gold = 20, spanish = -1 }
[[queues.stages]]
duration_s = 10
requirement = "s >= 80"
when = "gold OR silver"
[[queues.stages]]
duration_s = 20
requirement = "s >= 50"
[[queues.stages]]
requirement = "s > 0"
[[agents]]
id = "a0"
profile = "p"
skills = { s = 90 }
presence = "offline"
[[agents]]
id = "a1"
profile = "p"
skills = { s = 60 }
presence = "offline"
"#;

#[test]
fn contact_tags_add_priority_and_select_stages() {
    let mut r = router(TAGGED);
    let q = r.queue_id("q").unwrap();
    let gold = r.tag_id("gold").unwrap();
    assert!(matches!(r.tag_id("platinum"), Err(Error::UnknownTag { name }) if name == "platinum"));
    // No tag: stage 0 does not apply, so the contact starts in stage 1 and reaches stage 2
    // 20 s later.
    r.arrive(ContactSpec::new(ContactId(1), q), 0.0).unwrap();
    assert_eq!(
        r.contact_status(ContactId(1)).unwrap(),
        ContactStatus::Waiting { queue: q, stage: 1 }
    );
    assert_eq!(r.next_timer(), Some(20.0));
    // Gold: stage 0 for 10 s.
    r.arrive(ContactSpec::new(ContactId(2), q).tag(gold), 1.0)
        .unwrap();
    assert_eq!(r.next_timer(), Some(11.0));
    let d = r.advance(11.0).unwrap().to_vec();
    assert_eq!(
        d,
        vec![Decision::StageChanged {
            contact: ContactId(2),
            queue: q,
            stage: 1,
            at_s: 11.0
        }]
    );
    let e = r.explain(ContactId(2), AgentId(1)).unwrap();
    assert_eq!((e.terms.tag_priority, e.terms.priority()), (20, 20.0));
    assert_eq!(e.eligibility, Eligibility::Unavailable);
    // a1 logs in: the gold contact goes first although contact 1 arrived earlier.
    let d = r
        .set_presence(AgentId(1), Presence::Available, 12.0)
        .unwrap();
    assert_eq!(assigned(d), vec![(2, 1)]);
    let d = r.advance(20.0).unwrap().to_vec();
    assert_eq!(
        d,
        vec![Decision::StageChanged {
            contact: ContactId(1),
            queue: q,
            stage: 2,
            at_s: 20.0
        }]
    );
    // A tag id beyond `contact_tags` is refused and changes nothing.
    let before = format!("{r:?}");
    let bad = ContactSpec::new(ContactId(3), q).tag(TagId(3));
    assert!(matches!(r.arrive(bad, 21.0), Err(Error::UnknownTag { name }) if name == "3"));
    assert_eq!(format!("{r:?}"), before);
}

#[test]
fn contact_tag_errors_are_typed() {
    let with = |from: &str, to: &str| Router::from_toml(&TAGGED.replace(from, to));
    assert!(matches!(
        with("gold = 20", "platinum = 20"),
        Err(Error::UnknownTag { name }) if name == "platinum"
    ));
    assert!(matches!(
        with("gold = 20", "gold = 2000000"),
        Err(Error::InvalidValue { field, .. }) if field == "queues[0].tag_priority.gold"
    ));
    assert!(matches!(
        with("\"gold OR silver\"", "\"gold OR vip\""),
        Err(Error::InvalidExpression { position: 8, .. })
    ));
    assert!(matches!(
        with("requirement = \"s > 0\"", "requirement = \"s > 0\"\nwhen = \"gold\""),
        Err(Error::InvalidValue { field, .. }) if field == "queues[0].stages[2].when"
    ));
    assert!(matches!(
        with("\"spanish\"]", "\"gold\"]"),
        Err(Error::DuplicateId {
            kind: "contact tag",
            ..
        })
    ));
}

const ADMIN: &str = r#"
skills = ["s", "t"]
[[profiles]]
id = "both"
queues = [{ queue = "qa" }, { queue = "qb", delay_s = 4 }]
[[profiles]]
id = "b_only"
queues = [{ queue = "qb" }]
[[queues]]
id = "qa"
strategy = "weighted_random"
[[queues.stages]]
duration_s = 5
requirement = "s >= 50"
[[queues.stages]]
requirement = "s > 0 OR t > 0"
[[queues]]
id = "qb"
strategy = "most_skilled"
skills = ["t"]
[[agents]]
id = "a0"
profile = "both"
skills = { s = 60, t = 10 }
weight = 1
[[agents]]
id = "a1"
profile = "both"
skills = { s = 30, t = 40 }
weight = 2
[[agents]]
id = "a2"
profile = "b_only"
skills = { t = 70 }
[[agents]]
id = "a3"
profile = "both"
skills = { s = 90 }
weight = 5
"#;

/// Drives a fixed stream of arrivals and completions (the oldest assignment first, three
/// steps in four); returns every decision.
fn script(r: &mut Router) -> Vec<Decision> {
    let mut out = Vec::new();
    let mut done = 0;
    for i in 0..400u32 {
        let now = f64::from(i);
        let queue = if i % 3 == 0 { "qb" } else { "qa" };
        out.extend(arrive(r, u64::from(i), queue, now));
        if i % 4 != 3
            && let Some(&(c, _)) = assigned(&out).get(done)
        {
            done += 1;
            out.extend_from_slice(r.complete(ContactId(c), now, 1.0).unwrap());
        }
        out.extend_from_slice(r.advance(now + 0.5).unwrap());
    }
    out
}

/// Every predictor's wait for a new contact of each queue at the end of [`script`].
fn predictions(r: &mut Router) -> Vec<Option<WaitPrediction>> {
    let mut out = Vec::new();
    for q in ["qa", "qb"] {
        let q = r.queue_id(q).unwrap();
        for p in Predictor::ALL {
            out.push(r.predict_wait(q, p, 400.0).unwrap());
        }
    }
    out
}

#[test]
fn runtime_changes_decide_like_a_rebuilt_router() {
    let full = callwright_core::RouterConfig::from_toml(ADMIN).unwrap();
    let baseline = script(&mut Router::new(full.clone()).unwrap());
    assert!(
        assigned(&baseline).len() > 250,
        "{}",
        assigned(&baseline).len()
    );

    // a3 added at run time, versus configured from the start.
    let mut without = full.clone();
    let a3 = without.agents.pop().unwrap();
    let mut r = Router::new(without).unwrap();
    assert!(r.add_agent(a3, 0.0).unwrap().is_empty());
    assert_eq!(r.config(), &full);
    assert_eq!(script(&mut r), baseline);
    // The wait predictions count the added agent among each queue's staffed agents.
    let mut rebuilt = Router::new(full.clone()).unwrap();
    script(&mut rebuilt);
    assert_eq!(predictions(&mut r), predictions(&mut rebuilt));

    // a1 loses skill s and gains weight, a2 changes profile: same as building it so.
    let mut changed = full.clone();
    changed.agents[1].skills.remove("s");
    changed.agents[1].weight = 7;
    changed.agents[2].profile = "both".into();
    changed.agents[2].skills.insert("s".into(), 55);
    let mut r = Router::new(full).unwrap();
    r.update_agent(AgentId(1), changed.agents[1].clone(), 0.0)
        .unwrap();
    r.update_agent(AgentId(2), changed.agents[2].clone(), 0.0)
        .unwrap();
    assert_eq!(r.config(), &changed);
    let after = script(&mut r);
    let mut rebuilt = Router::new(changed).unwrap();
    assert_eq!(after, script(&mut rebuilt));
    assert_eq!(predictions(&mut r), predictions(&mut rebuilt));
    assert_ne!(after, baseline);
}

#[test]
fn runtime_changes_are_validated() {
    let mut r = router(ADMIN);
    let config = |i: usize| r.config().agents[i].clone();
    let (a0, a1) = (config(0), config(1));
    r.arrive(
        ContactSpec::new(ContactId(1), r.queue_id("qa").unwrap()),
        1.0,
    )
    .unwrap();
    let busy = match r.contact_status(ContactId(1)).unwrap() {
        ContactStatus::Assigned { agent, .. } => agent,
        other => panic!("{other:?}"),
    };
    let before = format!("{r:?}");
    let mut no_voice = r.config().agents[busy.0 as usize].clone();
    no_voice.capacity.insert("voice".into(), 0);
    assert!(matches!(
        r.update_agent(busy, no_voice, 2.0),
        Err(Error::InvalidValue { field, value, .. })
            if field == format!("agents[{}].capacity.voice", busy.0) && value == "0"
    ));
    assert!(matches!(
        r.update_agent(AgentId(0), a1.clone(), 2.0),
        Err(Error::InvalidValue { field, .. }) if field == "agents[0].id"
    ));
    let mut bad = a0.clone();
    bad.profile = "nope".into();
    assert!(matches!(
        r.update_agent(AgentId(0), bad.clone(), 2.0),
        Err(Error::UnknownProfile { .. })
    ));
    assert!(matches!(
        r.update_agent(AgentId(9), a0.clone(), 2.0),
        Err(Error::UnknownAgent { .. })
    ));
    assert!(matches!(
        r.update_agent(AgentId(0), a0.clone(), 0.5),
        Err(Error::TimeWentBackwards { .. })
    ));
    assert!(matches!(
        r.add_agent(a1, 2.0),
        Err(Error::DuplicateId { kind: "agent", .. })
    ));
    bad.id = "new".into();
    bad.profile = "both".into();
    bad.skills.insert("juggling".into(), 3);
    assert!(matches!(
        r.add_agent(bad.clone(), 2.0),
        Err(Error::UnknownSkill { .. })
    ));
    bad.skills.remove("juggling");
    bad.speed = 0.0;
    assert!(matches!(
        r.add_agent(bad, 2.0),
        Err(Error::InvalidValue { field, .. }) if field == "agents[4].speed"
    ));
    assert_eq!(format!("{r:?}"), before, "a refused change left a trace");
}

const CHAT: &str = r#"
skills = ["s"]
[[profiles]]
id = "p"
queues = [{ queue = "chat" }, { queue = "voice" }]
[[queues]]
id = "chat"
channel = "chat"
strategy = "least_occupied"
[[queues]]
id = "voice"
[[agents]]
id = "a0"
profile = "p"
capacity = { chat = 3, voice = 1 }
[[agents]]
id = "a1"
profile = "p"
capacity = { chat = 3, voice = 1 }
"#;

#[test]
fn multitasking_respects_capacity_and_exclusive_voice() {
    let mut r = router(CHAT);
    let mut got = Vec::new();
    for i in 0..6 {
        got.extend(assigned(&arrive(&mut r, i, "chat", 0.0)));
    }
    // Least occupied alternates between the two agents.
    assert_eq!(got, vec![(0, 0), (1, 1), (2, 0), (3, 1), (4, 0), (5, 1)]);
    assert!(matches!(
        arrive(&mut r, 6, "chat", 0.0)[0],
        Decision::Queued { .. }
    ));
    // Voice is exclusive: nobody with chats may take a call.
    assert!(matches!(
        arrive(&mut r, 7, "voice", 0.0)[0],
        Decision::Queued { .. }
    ));
    assert_eq!(r.agent_load(AgentId(0)).unwrap(), 3);
    // a0 finishes one chat: it takes the waiting chat (the call needs a free agent).
    let d = r.complete(ContactId(0), 1.0, 0.0).unwrap().to_vec();
    assert_eq!(assigned(&d), vec![(6, 0)]);
    for c in [2, 4, 6] {
        r.complete(ContactId(c), 2.0, 0.0).unwrap();
    }
    // a0 is now empty; its last completion pulled the call.
    assert_eq!(
        r.contact_status(ContactId(7)).unwrap(),
        ContactStatus::Assigned {
            agent: AgentId(0),
            queue: r.queue_id("voice").unwrap()
        }
    );
    // On a call, a0 takes no chat.
    assert!(matches!(
        arrive(&mut r, 8, "chat", 3.0)[0],
        Decision::Queued { .. }
    ));
}

const PRIORITY: &str = r#"
skills = ["s"]
[[profiles]]
id = "p"
queues = [{ queue = "low" }, { queue = "high", priority = 100 }]
[[queues]]
id = "low"
[[queues]]
id = "high"
[[agents]]
id = "a0"
profile = "p"
"#;

#[test]
fn strict_queue_priority_then_fifo() {
    let mut r = router(PRIORITY);
    arrive(&mut r, 0, "low", 0.0); // a0 busy
    arrive(&mut r, 1, "low", 1.0);
    arrive(&mut r, 2, "high", 2.0);
    arrive(&mut r, 3, "high", 3.0);
    arrive(&mut r, 4, "low", 4.0);
    let mut order = Vec::new();
    let mut current = 0;
    for t in 5..9 {
        let d = r
            .complete(ContactId(current), f64::from(t), 0.0)
            .unwrap()
            .to_vec();
        current = assigned(&d)[0].0;
        order.push(current);
    }
    assert_eq!(order, vec![2, 3, 1, 4]);
}

#[test]
fn aging_lets_an_old_low_priority_contact_overtake() {
    let text = PRIORITY.replace(
        "[[queues]]\nid = \"low\"",
        "[[queues]]\nid = \"low\"\nwait_weight = 1.0",
    );
    let mut r = router(&text);
    arrive(&mut r, 0, "low", 0.0);
    arrive(&mut r, 1, "low", 0.0); // score 0 + 1·waited
    arrive(&mut r, 2, "high", 50.0); // score 100
    // At 99 s contact 1 scores 99 < 100; at 101 s it scores 101 > 100.
    let mut r2 = router(&text);
    arrive(&mut r2, 0, "low", 0.0);
    arrive(&mut r2, 1, "low", 0.0);
    arrive(&mut r2, 2, "high", 50.0);
    let d = r.complete(ContactId(0), 99.0, 0.0).unwrap().to_vec();
    assert_eq!(assigned(&d), vec![(2, 0)]);
    let d = r2.complete(ContactId(0), 101.0, 0.0).unwrap().to_vec();
    assert_eq!(assigned(&d), vec![(1, 0)]);
    // The explanation shows the breakdown.
    let e = r2.explain(ContactId(2), AgentId(0)).unwrap();
    assert_eq!(e.terms.priority(), 100.0);
    assert_eq!(e.eligibility, Eligibility::Unavailable);
}

#[test]
fn routing_profile_delay_holds_back_the_backup_agent() {
    let mut r = router(
        r#"
skills = ["s"]
[[profiles]]
id = "main"
queues = [{ queue = "q" }]
[[profiles]]
id = "backup"
queues = [{ queue = "q", delay_s = 20 }]
[[queues]]
id = "q"
[[agents]]
id = "main"
profile = "main"
[[agents]]
id = "backup"
profile = "backup"
"#,
    );
    arrive(&mut r, 1, "q", 0.0);
    assert!(matches!(
        arrive(&mut r, 2, "q", 5.0)[0],
        Decision::Queued { .. }
    ));
    let e = r.explain(ContactId(2), AgentId(1)).unwrap();
    assert_eq!(
        e.eligibility,
        Eligibility::DelayPending { remaining_s: 20.0 }
    );
    assert_eq!(r.next_timer(), Some(25.0));
    assert!(r.advance(24.0).unwrap().is_empty());
    let d = r.advance(30.0).unwrap().to_vec();
    assert_eq!(assigned(&d), vec![(2, 1)]);
    assert!(
        matches!(d[0], Decision::Assigned { at_s, waited_s, .. } if at_s == 25.0 && waited_s == 20.0)
    );
}

const STAGES: &str = r#"
skills = ["billing"]
groups = ["experts", "generalists"]
[[profiles]]
id = "p"
queues = [{ queue = "billing" }, { queue = "overflow" }]
[[queues]]
id = "billing"
max_wait_s = 100
on_max_wait = { queue = "overflow" }
[[queues.stages]]
duration_s = 10
requirement = "billing >= 80"
groups = ["experts"]
[[queues.stages]]
duration_s = 20
requirement = "billing >= 50"
groups = ["experts"]
[[queues.stages]]
requirement = "billing > 0"
groups = ["experts", "generalists"]
[[queues]]
id = "overflow"
max_waiting = 1
on_full = "callback"
[[agents]]
id = "expert"
profile = "p"
groups = ["experts"]
skills = { billing = 90 }
[[agents]]
id = "mid"
profile = "p"
groups = ["experts"]
skills = { billing = 60 }
[[agents]]
id = "gen"
profile = "p"
groups = ["generalists"]
skills = { billing = 90 }
"#;

#[test]
fn stages_widen_and_contacts_keep_their_place() {
    let mut r = router(STAGES);
    let (mid, generalist) = (AgentId(1), AgentId(2));
    r.set_presence(mid, Presence::Break, 0.0).unwrap();
    arrive(&mut r, 1, "billing", 0.0); // expert
    assert!(matches!(
        arrive(&mut r, 2, "billing", 1.0)[0],
        Decision::Queued { .. }
    ));
    assert!(matches!(
        arrive(&mut r, 3, "billing", 2.0)[0],
        Decision::Queued { .. }
    ));
    r.set_presence(mid, Presence::Available, 3.0).unwrap();
    r.set_presence(generalist, Presence::Break, 4.0).unwrap();
    // Stage 1 at 11 s for contact 2: mid (60) may take it; contact 3 is still in stage 0.
    assert_eq!(r.next_timer(), Some(11.0));
    let d = r.advance(11.5).unwrap().to_vec();
    assert!(matches!(d[0], Decision::StageChanged { stage: 1, .. }));
    assert_eq!(assigned(&d), vec![(2, 1)]);
    // Contact 3 reaches stage 2 at 32 s (the generalist, on break, could take it there).
    r.advance(40.0).unwrap();
    assert_eq!(
        r.contact_status(ContactId(3)).unwrap(),
        ContactStatus::Waiting {
            queue: r.queue_id("billing").unwrap(),
            stage: 2
        }
    );
    arrive(&mut r, 4, "billing", 41.0);
    // The expert frees: contact 3 (older) before 4 although 4 is in an earlier stage.
    let d = r.complete(ContactId(1), 42.0, 0.0).unwrap().to_vec();
    assert_eq!(assigned(&d), vec![(3, 0)]);
}

#[test]
fn max_wait_moves_keeping_arrival_then_caps_send_to_callback() {
    let mut r = router(STAGES);
    for a in 0..3 {
        r.set_presence(AgentId(a), Presence::Offline, 0.0).unwrap();
    }
    arrive(&mut r, 1, "billing", 0.0);
    arrive(&mut r, 2, "billing", 1.0);
    let d = r.advance(100.0).unwrap().to_vec();
    let overflow = r.queue_id("overflow").unwrap();
    assert!(d.contains(&Decision::Moved {
        contact: ContactId(1),
        from: r.queue_id("billing").unwrap(),
        to: overflow,
        reason: OverflowReason::MaxWait,
        at_s: 100.0
    }));
    let d = r.advance(101.0).unwrap().to_vec();
    // The overflow queue holds one: contact 2 goes to a callback.
    assert!(matches!(
        d.last(),
        Some(Decision::Callback {
            contact: ContactId(2),
            reason: OverflowReason::QueueFull,
            ..
        })
    ));
    assert_eq!(r.waiting(overflow).unwrap(), 1);
    let d = r
        .set_presence(AgentId(2), Presence::Available, 102.0)
        .unwrap()
        .to_vec();
    assert!(
        matches!(d[0], Decision::Assigned { contact: ContactId(1), waited_s, .. } if waited_s == 102.0)
    );
    assert_eq!(r.contacts_held(), 1);
}

#[test]
fn wrap_up_states_and_presence() {
    let mut r = pool("\"longest_idle\"", 1);
    let a = AgentId(0);
    assert_eq!(r.agent_state(a).unwrap(), AgentState::Idle);
    arrive(&mut r, 1, "q", 0.0);
    assert_eq!(r.agent_state(a).unwrap(), AgentState::Busy);
    arrive(&mut r, 2, "q", 1.0);
    r.complete(ContactId(1), 10.0, 30.0).unwrap();
    assert_eq!(r.agent_state(a).unwrap(), AgentState::AfterContactWork);
    assert_eq!(r.next_timer(), Some(40.0));
    let d = r.end_wrap_up(a, 20.0).unwrap().to_vec();
    assert_eq!(
        d[0],
        Decision::WrapUpEnded {
            agent: a,
            at_s: 20.0
        }
    );
    assert_eq!(assigned(&d), vec![(2, 0)]);
    assert_eq!(r.next_timer(), None);
    assert!(matches!(
        r.end_wrap_up(a, 21.0),
        Err(Error::AgentNotInWrapUp { .. })
    ));
    r.set_presence(a, Presence::Offline, 22.0).unwrap();
    assert_eq!(r.agent_state(a).unwrap(), AgentState::Busy);
    r.complete(ContactId(2), 23.0, 0.0).unwrap();
    assert_eq!(r.agent_state(a).unwrap(), AgentState::Offline);
    assert!(matches!(
        arrive(&mut r, 3, "q", 24.0)[0],
        Decision::Queued { .. }
    ));
    r.set_presence(a, Presence::Break, 25.0).unwrap();
    assert_eq!(r.agent_state(a).unwrap(), AgentState::OnBreak);
    r.abandon(ContactId(3), 26.0).unwrap();
    assert_eq!(r.contacts_held(), 0);
}

#[test]
fn recorded_explanations_match_assignments() {
    let mut r = pool("{ weight_based = { idle_weight = 2.0 } }", 2);
    r.record_explanations(true);
    arrive(&mut r, 1, "q", 0.0);
    assert_eq!(r.explanations().len(), 1);
    let e = &r.explanations()[0];
    assert_eq!(
        (e.contact, e.agent, e.strategy),
        (ContactId(1), AgentId(0), "weight_based")
    );
    assert_eq!(e.eligibility, Eligibility::Eligible);
    assert_eq!(e.terms.idle_weight, 2.0);
    r.record_explanations(false);
    arrive(&mut r, 2, "q", 1.0);
    assert!(r.explanations().is_empty());
}

#[test]
fn errors_leave_the_router_unchanged() {
    let mut r = router(STAGES);
    arrive(&mut r, 1, "billing", 0.0);
    arrive(&mut r, 2, "billing", 1.0);
    arrive(&mut r, 3, "billing", 2.0);
    r.advance(5.0).unwrap();
    let q = r.queue_id("billing").unwrap();
    let before = format!("{r:?}");
    let timer = r.next_timer();
    let checks: Vec<(Error, String)> = vec![
        (r.advance(4.0).unwrap_err(), "backwards"),
        (r.advance(-1.0).unwrap_err(), "negative"),
        (r.advance(f64::NAN).unwrap_err(), "nan"),
        (
            r.arrive(ContactSpec::new(ContactId(1), q), 50.0)
                .unwrap_err(),
            "duplicate",
        ),
        (
            r.arrive(
                ContactSpec::new(ContactId(9), callwright_core::model::QueueId(7)),
                50.0,
            )
            .unwrap_err(),
            "queue",
        ),
        (
            r.complete(ContactId(9), 50.0, 0.0).unwrap_err(),
            "unknown contact",
        ),
        (
            r.complete(ContactId(3), 50.0, 0.0).unwrap_err(),
            "waiting contact",
        ),
        (
            r.complete(ContactId(1), 50.0, -2.0).unwrap_err(),
            "negative wrap",
        ),
        (
            r.abandon(ContactId(1), 50.0).unwrap_err(),
            "assigned contact",
        ),
        (
            r.set_presence(AgentId(99), Presence::Offline, 50.0)
                .unwrap_err(),
            "agent",
        ),
        (r.end_wrap_up(AgentId(0), 50.0).unwrap_err(), "wrap"),
        (r.explain(ContactId(1), AgentId(0)).unwrap_err(), "explain"),
    ]
    .into_iter()
    .map(|(e, what)| (e, what.to_owned()))
    .collect();
    for (e, what) in &checks {
        assert_eq!(format!("{r:?}"), before, "state changed by {what}: {e}");
    }
    assert_eq!(r.next_timer(), timer);
    assert!(
        matches!(checks[0].0, Error::TimeWentBackwards { now, clock } if now == 4.0 && clock == 5.0)
    );
    assert!(matches!(
        checks[1].0,
        Error::InvalidTime { field: "now", .. }
    ));
    assert!(matches!(checks[3].0, Error::DuplicateContact { id: 1 }));
    assert!(matches!(checks[6].0, Error::ContactNotAssigned { id: 3 }));
    assert!(matches!(checks[8].0, Error::ContactNotWaiting { id: 1 }));
}

#[test]
fn configuration_errors_are_typed() {
    let bad = |from: &str, to: &str| Router::from_toml(&STAGES.replace(from, to)).unwrap_err();
    assert!(matches!(
        bad("billing >= 50", "billing >= "),
        Error::InvalidExpression { position: 11, .. }
    ));
    assert!(matches!(
        bad("billing >= 50", "bilingual >= 5"),
        Error::InvalidExpression { position: 0, .. }
    ));
    assert!(matches!(
        bad("id = \"mid\"", "id = \"gen\""),
        Error::DuplicateId { kind: "agent", .. }
    ));
    assert!(matches!(
        bad("skills = { billing = 60 }", "skills = { cooking = 60 }"),
        Error::UnknownSkill { .. }
    ));
    assert!(matches!(
        bad("billing = 60", "billing = 101"),
        Error::InvalidValue { .. }
    ));
    assert!(matches!(
        bad(
            "groups = [\"generalists\"]\nskills",
            "groups = [\"nobody\"]\nskills"
        ),
        Error::UnknownGroup { .. }
    ));
    assert!(matches!(
        bad("duration_s = 10", "duration_s = -10"),
        Error::InvalidValue { .. }
    ));
    assert!(matches!(
        bad("max_wait_s = 100", "max_wait_s = 0"),
        Error::InvalidValue { .. }
    ));
    assert!(matches!(
        bad(
            "on_full = \"callback\"",
            "on_full = { queue = \"nowhere\" }"
        ),
        Error::UnknownQueue { .. }
    ));
    assert!(matches!(
        bad(
            "on_full = \"callback\"",
            "on_full = { queue = \"overflow\" }"
        ),
        Error::OverflowCycle { .. }
    ));
    assert!(matches!(
        bad(
            "profile = \"p\"\ngroups = [\"experts\"]\nskills = { billing = 90 }",
            "profile = \"zz\"\nskills = { billing = 90 }"
        ),
        Error::UnknownProfile { .. }
    ));
    assert!(matches!(
        bad(
            "id = \"overflow\"\n",
            "id = \"overflow\"\nchannel = \"fax\"\n"
        ),
        Error::UnknownChannel { .. }
    ));
    assert!(matches!(
        bad(
            "skills = [\"billing\"]",
            "skills = [\"billing\", \"billing\"]"
        ),
        Error::DuplicateId { kind: "skill", .. }
    ));
}

#[test]
fn router_is_send_and_sync() {
    // Simulators run replications on parallel threads, each with its own router.
    fn assert_traits<T: Send + Sync>() {}
    assert_traits::<Router>();
    assert_traits::<Decision>();
}
