//! The example configuration in `examples/routing/` loads, validates and routes.

use callwright_core::model::{ContactId, ContactSpec, Presence};
use callwright_core::routing::{Decision, RouterConfig};
use callwright_core::{Router, model::AgentState};

const EXAMPLE: &str = include_str!("../../examples/routing/contact_centre.toml");

#[test]
fn example_configuration_loads_and_routes() {
    let config = RouterConfig::from_toml(EXAMPLE).expect("example parses");
    assert_eq!(config.queues.len(), 7);
    // It survives a TOML and a JSON round trip.
    let again = RouterConfig::from_toml(&config.to_toml().unwrap()).unwrap();
    assert_eq!(again, config);
    assert_eq!(
        RouterConfig::from_json(&config.to_json().unwrap()).unwrap(),
        config
    );

    let mut r = Router::new(config).expect("example validates");
    let q = |r: &Router, name: &str| r.queue_id(name).unwrap();
    let agent = |r: &Router, name: &str| r.agent_id(name).unwrap();
    assert_eq!(
        r.agent_state(agent(&r, "gus")).unwrap(),
        AgentState::Offline
    );

    // A billing call goes to the most skilled expert: Alice (90).
    let (alice, chen) = (agent(&r, "alice"), agent(&r, "chen"));
    let (bruno, gus) = (agent(&r, "bruno"), agent(&r, "gus"));
    let d = r
        .arrive(ContactSpec::new(ContactId(1), q(&r, "billing")), 0.0)
        .unwrap();
    assert!(matches!(d[0], Decision::Assigned { agent: a, .. } if a == alice));
    // A VIP asking for Chen gets Chen.
    let vip = ContactSpec::new(ContactId(2), q(&r, "vip")).preferred_agent(chen);
    let d = r.arrive(vip, 1.0).unwrap();
    assert!(matches!(d[0], Decision::Assigned { agent: a, .. } if a == chen));
    // Chats spread over the multitaskers.
    for id in 10..14 {
        r.arrive(ContactSpec::new(ContactId(id), q(&r, "chat_support")), 2.0)
            .unwrap();
    }
    let emeka = r.agent_load(agent(&r, "emeka")).unwrap();
    let fatima = r.agent_load(agent(&r, "fatima")).unwrap();
    assert_eq!((emeka, fatima), (2, 2));
    // A gold customer's billing call: no other expert is free, it waits; Gus logs in but only
    // reaches it in stage 1 (tier-1, billing 45 >= 40) at 33 s.
    let gold = r.tag_id("gold").unwrap();
    let d = r
        .arrive(
            ContactSpec::new(ContactId(3), q(&r, "billing")).tag(gold),
            3.0,
        )
        .unwrap();
    assert!(matches!(d[0], Decision::Queued { .. }));
    // An untagged billing call skips the experts-only stage: Bruno (billing 55) takes it now.
    let d = r
        .arrive(ContactSpec::new(ContactId(4), q(&r, "billing")), 3.0)
        .unwrap();
    assert!(matches!(
        d[0],
        Decision::Assigned { agent: a, stage: 1, .. } if a == bruno
    ));
    r.set_presence(gus, Presence::Available, 4.0).unwrap();
    assert_eq!(r.next_timer(), Some(33.0));
    let d = r.advance(33.0).unwrap();
    assert!(matches!(
        d[1],
        Decision::Assigned {
            contact: ContactId(3),
            agent: a,
            ..
        } if a == gus
    ));
}
