//! Wait prediction and callback offers in the router, against closed forms and a plain list.
#![allow(
    clippy::float_cmp,
    reason = "times in these tests are exact or compared with tolerances"
)]

use callwright_core::model::{ContactId, ContactSpec, ContactStatus};
use callwright_core::routing::{
    CallbackMode, Decision, OverflowReason, Predictor, RouterConfig, WaitPrediction,
};
use callwright_core::{Error, Router};
use proptest::prelude::*;
use std::fmt::Write;

/// `agents` agents on one queue `q` with extra queue keys `extra` (TOML lines).
fn router(agents: usize, extra: &str) -> Router {
    let mut t = format!(
        "profiles = [{{ id = \"p\", queues = [{{ queue = \"q\" }}, {{ queue = \"cb\" }}] }}]\n\
         [[queues]]\nid = \"q\"\n{extra}\n[[queues]]\nid = \"cb\"\n"
    );
    for i in 0..agents {
        let _ = writeln!(t, "[[agents]]\nid = \"a{i}\"\nprofile = \"p\"");
    }
    Router::from_toml(&t).unwrap_or_else(|e| panic!("config: {e}"))
}

fn arrive(r: &mut Router, id: u64, now: f64) -> Vec<Decision> {
    let q = r.queue_id("q").unwrap();
    r.arrive(ContactSpec::new(ContactId(id), q), now)
        .unwrap()
        .to_vec()
}

fn predict(r: &mut Router, p: Predictor, now: f64) -> Option<WaitPrediction> {
    let q = r.queue_id("q").unwrap();
    r.predict_wait(q, p, now).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn queue_length_is_k_over_s_mu() {
    let mut r = router(2, "prediction = { service_s = 100 }");
    // An idle agent: no wait.
    let p = predict(&mut r, Predictor::QueueLength, 0.0).unwrap();
    assert_eq!((p.mean_s, p.low_s, p.high_s, p.ahead), (0.0, 0.0, 0.0, 0));
    for id in 0..5 {
        arrive(&mut r, id, f64::from(u32::try_from(id).unwrap()));
    }
    // Two in service, three waiting: a new contact is 4th in line, 4 / (2/100) = 200 s.
    let p = predict(&mut r, Predictor::QueueLength, 5.0).unwrap();
    assert_eq!((p.ahead, p.mean_s), (3, 200.0));
    assert!(p.low_s < 200.0 && p.high_s > 200.0 && p.low_s > 0.0);
    // The waiting contacts: 1st, 2nd and 3rd in line.
    for (id, k) in [(2, 1.0), (3, 2.0), (4, 3.0)] {
        let p = r
            .predict_contact_wait(ContactId(id), Predictor::QueueLength, 5.0)
            .unwrap()
            .unwrap();
        assert_eq!(p.mean_s, k * 50.0, "contact {id}");
    }
    // The middle one hangs up: the last moves up.
    r.abandon(ContactId(3), 6.0).unwrap();
    let p = r
        .predict_contact_wait(ContactId(4), Predictor::QueueLength, 6.0)
        .unwrap()
        .unwrap();
    assert_eq!((p.ahead, p.mean_s), (1, 100.0));
}

#[test]
fn queue_length_abandon_sums_the_rates() {
    let mut r = router(3, "prediction = { service_s = 60, patience_s = 40 }");
    for id in 0..10 {
        arrive(&mut r, id, 0.0);
    }
    // 7 waiting: 8th in line; rates s μ + j θ for j = 0..8.
    let (smu, theta) = (3.0 / 60.0, 1.0 / 40.0);
    let want: f64 = (0..8).map(|j| 1.0 / (smu + f64::from(j) * theta)).sum();
    let p = predict(&mut r, Predictor::QueueLengthAbandon, 0.0).unwrap();
    assert!(close(p.mean_s, want), "{} vs {want}", p.mean_s);
    // Shorter than without abandonment.
    let ql = predict(&mut r, Predictor::QueueLength, 0.0).unwrap();
    assert!(p.mean_s < ql.mean_s);
}

#[test]
fn handle_time_and_patience_are_learned() {
    let mut r = router(1, "");
    arrive(&mut r, 1, 0.0);
    arrive(&mut r, 2, 0.0);
    // Nothing completed yet: no handle time to go on.
    assert_eq!(predict(&mut r, Predictor::QueueLength, 0.0), None);
    // Contact 1 takes 30 s + 10 s wrap-up; contact 2 then starts at 40 s.
    r.complete(ContactId(1), 30.0, 10.0).unwrap();
    r.advance(40.0).unwrap();
    arrive(&mut r, 3, 40.0);
    let p = predict(&mut r, Predictor::QueueLength, 40.0).unwrap();
    assert_eq!((p.ahead, p.mean_s), (1, 80.0));
    // Contact 3 abandons after 20 s in line; contact 2 waited 40 s: θ = 1 / 60 s.
    r.abandon(ContactId(3), 60.0).unwrap();
    arrive(&mut r, 4, 60.0);
    let p = predict(&mut r, Predictor::QueueLengthAbandon, 60.0).unwrap();
    let want = 1.0 / (1.0 / 40.0) + 1.0 / (1.0 / 40.0 + 1.0 / 60.0);
    assert!(close(p.mean_s, want), "{} vs {want}", p.mean_s);
}

#[test]
fn delay_history_predictors() {
    let mut r = router(1, "");
    arrive(&mut r, 1, 0.0);
    // The agent is busy and nobody has waited yet: nothing to go on.
    for p in [
        Predictor::HeadOfLine,
        Predictor::LastToEnter,
        Predictor::LineSpeed,
    ] {
        assert_eq!(predict(&mut r, p, 0.0), None, "{p:?}");
    }
    arrive(&mut r, 2, 10.0);
    arrive(&mut r, 3, 25.0);
    // The head (contact 2) has waited 30 s at 40 s.
    let p = predict(&mut r, Predictor::HeadOfLine, 40.0).unwrap();
    assert_eq!((p.mean_s, p.ahead), (30.0, 2));
    // Contact 3 has waited 15 s of the head's 30: 15 s left.
    let p = r
        .predict_contact_wait(ContactId(3), Predictor::HeadOfLine, 40.0)
        .unwrap()
        .unwrap();
    assert_eq!(p.mean_s, 15.0);
    // Contact 2 enters service at 50 s after 40 s in line.
    r.complete(ContactId(1), 50.0, 0.0).unwrap();
    let p = predict(&mut r, Predictor::LastToEnter, 50.0).unwrap();
    assert_eq!(p.mean_s, 40.0);
    // One departure, 40 s after the line formed at 10 s: the line moves one place per 40 s.
    let p = predict(&mut r, Predictor::LineSpeed, 50.0).unwrap();
    assert_eq!((p.ahead, p.mean_s), (1, 80.0));
    assert!(p.low_s < p.mean_s && p.mean_s < p.high_s);
}

#[test]
fn bad_calls_are_typed_errors() {
    let mut r = router(1, "prediction = { service_s = 10 }");
    arrive(&mut r, 1, 5.0);
    let q = r.queue_id("q").unwrap();
    assert!(matches!(
        r.predict_wait(q, Predictor::QueueLength, 4.0),
        Err(Error::TimeWentBackwards { .. })
    ));
    assert!(matches!(
        r.predict_wait(q, Predictor::QueueLength, f64::NAN),
        Err(Error::InvalidTime { .. })
    ));
    assert!(matches!(
        r.predict_wait(
            callwright_core::model::QueueId(9),
            Predictor::QueueLength,
            5.0
        ),
        Err(Error::UnknownQueue { .. })
    ));
    assert!(matches!(
        r.predict_contact_wait(ContactId(1), Predictor::QueueLength, 5.0),
        Err(Error::ContactNotWaiting { id: 1 })
    ));
    assert!(matches!(
        r.predict_contact_wait(ContactId(7), Predictor::QueueLength, 5.0),
        Err(Error::UnknownContact { id: 7 })
    ));
    for (extra, field) in [
        ("prediction = { band = 1.0 }", "queues[0].prediction.band"),
        (
            "prediction = { service_s = -1 }",
            "queues[0].prediction.service_s",
        ),
        (
            "prediction = { patience_s = 0 }",
            "queues[0].prediction.patience_s",
        ),
        (
            "callback = { offer_above_s = -5 }",
            "queues[0].callback.offer_above_s",
        ),
    ] {
        let t = format!("[[queues]]\nid = \"q\"\n{extra}\n");
        match Router::new(RouterConfig::from_toml(&t).unwrap()) {
            Err(Error::InvalidValue { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{extra}: {other:?}"),
        }
    }
    let t = "[[queues]]\nid = \"q\"\ncallback = { offer_above_s = 5, queue = \"nope\" }\n";
    assert!(matches!(
        Router::from_toml(t),
        Err(Error::UnknownQueue { id }) if id == "nope"
    ));
}

const OFFER: &str = "prediction = { service_s = 100 }\ncallback = { offer_above_s = 150, predictor = \"queue_length\" }\nmax_wait_s = 300\n";

#[test]
fn callbacks_are_offered_above_the_threshold() {
    let mut r = router(1, OFFER);
    arrive(&mut r, 1, 0.0);
    // 1st in line: 100 s predicted, no offer.
    let d = arrive(&mut r, 2, 0.0);
    assert!(matches!(d[..], [Decision::Queued { .. }]), "{d:?}");
    // 2nd in line: 200 s > 150 s.
    let d = arrive(&mut r, 3, 1.0);
    match d[..] {
        [
            Decision::Queued { .. },
            Decision::CallbackOffered {
                contact,
                predicted_wait_s,
                at_s,
                ..
            },
        ] => {
            assert_eq!(
                (contact, predicted_wait_s, at_s),
                (ContactId(3), 200.0, 1.0)
            );
        }
        _ => panic!("{d:?}"),
    }
}

#[test]
fn an_accepted_callback_keeps_its_place_and_ignores_max_wait() {
    let mut r = router(1, OFFER);
    for id in 1..=3 {
        arrive(&mut r, id, 0.0);
    }
    // Contact 2 (1st in line) accepts a callback; its place is kept.
    assert!(
        r.accept_callback(ContactId(2), 10.0, CallbackMode::KeepPlace)
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        r.accept_callback(ContactId(2), 10.0, CallbackMode::KeepPlace),
        Err(Error::CallbackAlreadyAccepted { id: 2 })
    ));
    // At 300 s contact 3 overflows (rejected by default); the callback stays.
    let d = r.advance(300.0).unwrap().to_vec();
    assert!(
        matches!(
            d[..],
            [Decision::Rejected {
                contact: ContactId(3),
                reason: OverflowReason::MaxWait,
                ..
            }]
        ),
        "{d:?}"
    );
    let d = r.complete(ContactId(1), 400.0, 0.0).unwrap().to_vec();
    assert!(
        matches!(d[..], [Decision::Assigned { contact: ContactId(2), waited_s, .. }] if waited_s == 400.0),
        "{d:?}"
    );
}

#[test]
fn a_callback_queue_takes_accepted_callbacks() {
    let mut r = router(
        1,
        "callback = { offer_above_s = 0, queue = \"cb\" }\nprediction = { service_s = 60 }",
    );
    let cb = r.queue_id("cb").unwrap();
    arrive(&mut r, 1, 0.0);
    arrive(&mut r, 2, 0.0);
    let d = r
        .accept_callback(ContactId(2), 5.0, CallbackMode::KeepPlace)
        .unwrap()
        .to_vec();
    assert!(
        matches!(
            d[..],
            [
                Decision::Moved {
                    contact: ContactId(2),
                    to,
                    reason: OverflowReason::CallbackAccepted,
                    ..
                },
                Decision::Queued { queue, .. }
            ] if to == cb && queue == cb
        ),
        "{d:?}"
    );
    assert_eq!(r.waiting(cb).unwrap(), 1);
    // A callback at a set time: out of line until then.
    arrive(&mut r, 3, 6.0);
    r.accept_callback(ContactId(3), 7.0, CallbackMode::At(500.0))
        .unwrap();
    assert_eq!(
        r.contact_status(ContactId(3)).unwrap(),
        ContactStatus::CallbackScheduled {
            queue: cb,
            at_s: 500.0
        }
    );
    assert_eq!(r.next_timer(), Some(500.0));
    r.complete(ContactId(1), 100.0, 0.0).unwrap(); // contact 2 (the callback) is served
    r.complete(ContactId(2), 200.0, 0.0).unwrap();
    let d = r.advance(500.0).unwrap().to_vec();
    assert!(
        matches!(d[..], [Decision::Assigned { contact: ContactId(3), waited_s, .. }] if waited_s == 0.0),
        "{d:?}"
    );
}

#[test]
fn callback_errors_leave_the_router_unchanged() {
    let mut r = router(1, OFFER);
    arrive(&mut r, 1, 0.0);
    arrive(&mut r, 2, 0.0);
    for (id, now, mode) in [
        (1, 5.0, CallbackMode::KeepPlace),    // in service
        (9, 5.0, CallbackMode::KeepPlace),    // unknown
        (2, 5.0, CallbackMode::At(4.0)),      // before now
        (2, 5.0, CallbackMode::At(f64::NAN)), // not a time
        (2, -1.0, CallbackMode::KeepPlace),   // before the clock
    ] {
        assert!(r.accept_callback(ContactId(id), now, mode).is_err());
        assert_eq!(
            r.contact_status(ContactId(2)).unwrap(),
            ContactStatus::Waiting {
                queue: r.queue_id("q").unwrap(),
                stage: 0
            }
        );
        assert_eq!(r.now(), 0.0);
    }
}

proptest! {
    /// Places in line agree with a plain list of the waiting contacts in entry order, through
    /// arrivals, abandonments, services and callbacks.
    #[test]
    fn places_in_line_match_a_list(ops in prop::collection::vec((0u8..4, 0usize..50), 1..300)) {
        let mut r = router(3, "prediction = { service_s = 30 }");
        let mut line: Vec<u64> = Vec::new();
        let mut serving: Vec<u64> = Vec::new();
        let (mut next, mut now) = (0u64, 0.0);
        for (op, pick) in ops {
            now += 1.0;
            let decisions = match op {
                0 | 1 => {
                    next += 1;
                    arrive(&mut r, next, now)
                }
                2 if !line.is_empty() => {
                    let id = line[pick % line.len()];
                    r.abandon(ContactId(id), now).unwrap().to_vec()
                }
                3 if !serving.is_empty() => {
                    let id = serving.remove(pick % serving.len());
                    r.complete(ContactId(id), now, 0.0).unwrap().to_vec()
                }
                _ => continue,
            };
            if op == 2 {
                let id = line[pick % line.len()];
                line.retain(|&c| c != id);
            }
            for d in decisions {
                match d {
                    Decision::Queued { contact, .. } => line.push(contact.0),
                    Decision::Assigned { contact, .. } => {
                        line.retain(|&c| c != contact.0);
                        serving.push(contact.0);
                    }
                    _ => {}
                }
            }
            for (k, &id) in line.iter().enumerate() {
                let p = r.predict_contact_wait(ContactId(id), Predictor::QueueLength, now).unwrap().unwrap();
                prop_assert_eq!(p.ahead as usize, k);
                prop_assert!(close(p.mean_s, (k + 1) as f64 * 10.0));
            }
            let p = predict(&mut r, Predictor::QueueLength, now).unwrap();
            prop_assert_eq!(p.ahead as usize, line.len());
        }
    }
}
