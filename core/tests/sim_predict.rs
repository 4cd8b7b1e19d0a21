//! Wait predictions and callbacks in the simulator: predictor accuracy against theory, and the
//! callback paths (accepted, declined, unreachable, called back later).
#![allow(clippy::float_cmp, reason = "counts compared exactly")]

mod sim_common;

use callwright_core::routing::{CallbackConfig, Predictor, QueueConfig};
use callwright_core::sim::{
    CallbackChoice, ContactStats, Dist, Estimate, PredictionResults, Scenario, SimError,
    Simulation, SimulationResults,
};
use sim_common::single_queue;

fn mean(e: &Estimate) -> f64 {
    e.mean.expect("defined")
}

fn scored(r: &SimulationResults, p: Predictor) -> &PredictionResults {
    r.predictions
        .iter()
        .find(|x| x.predictor == p && x.contact_type == "all")
        .expect("every predictor is reported")
}

fn with_predictors(mut s: Scenario, service_s: Option<f64>) -> Scenario {
    s.predictors = Predictor::ALL.to_vec();
    s.routing.queues[0].prediction.service_s = service_s;
    s
}

#[test]
fn queue_length_predictions_are_unbiased_in_mmn() {
    // M/M/10 at 90% load, AHT 120 s: E[wait | k-th in line] = k · 12 s exactly.
    let s = with_predictors(
        single_queue(10, 0.9 * 10.0 / 120.0, 120.0, None, 20_000.0, 2_000.0),
        Some(120.0),
    );
    let r = Simulation::new(s).seed(3).replications(20).run().unwrap();
    let ql = scored(&r, Predictor::QueueLength);
    assert!(mean(&ql.scored) > 500.0, "{:?}", ql.scored);
    assert!(ql.bias_s.contains(0.0), "queue length bias {:?}", ql.bias_s);
    assert!(mean(&ql.bias_s).abs() < 0.03 * mean(&ql.mean_wait_s));
    // Without abandonment the abandonment-aware predictor is the same one.
    let qlm = scored(&r, Predictor::QueueLengthAbandon);
    assert!((mean(&qlm.rmse_s) - mean(&ql.rmse_s)).abs() < 1e-9);
    // The queue-length predictor beats the delay-history ones (Ibrahim & Whitt).
    for p in [
        Predictor::HeadOfLine,
        Predictor::LastToEnter,
        Predictor::LineSpeed,
    ] {
        let other = scored(&r, p);
        assert!(
            mean(&ql.rmse_s) < mean(&other.rmse_s),
            "{p:?}: {:?} vs {:?}",
            other.rmse_s,
            ql.rmse_s
        );
    }
    // Learned handle time: close to the configured one's accuracy.
    let s = with_predictors(
        single_queue(10, 0.9 * 10.0 / 120.0, 120.0, None, 20_000.0, 2_000.0),
        None,
    );
    let learned = Simulation::new(s).seed(3).replications(20).run().unwrap();
    let lq = scored(&learned, Predictor::QueueLength);
    assert!(
        mean(&lq.bias_s).abs() < 0.05 * mean(&lq.mean_wait_s),
        "{lq:?}"
    );
    // Per type and overall agree with one type.
    assert_eq!(r.predictions.len(), 2 * Predictor::ALL.len());
}

#[test]
fn abandonment_aware_prediction_is_closer_when_callers_hang_up() {
    // M/M/10+M overloaded (110%), patience 60 s.
    let s = with_predictors(
        single_queue(10, 1.1 * 10.0 / 120.0, 120.0, Some(60.0), 20_000.0, 2_000.0),
        Some(120.0),
    );
    let r = Simulation::new(s).seed(5).replications(10).run().unwrap();
    let ql = scored(&r, Predictor::QueueLength);
    let qlm = scored(&r, Predictor::QueueLengthAbandon);
    assert!(mean(&ql.bias_s) > mean(&qlm.bias_s), "{ql:?} {qlm:?}");
    assert!(mean(&qlm.rmse_s) < mean(&ql.rmse_s), "{ql:?} {qlm:?}");
}

/// M/M/8+M at 100% load, patience 120 s, callbacks offered above 60 s of predicted wait;
/// arrivals stop after 4 hours and the run drains.
fn callback_scenario(choice: Option<CallbackChoice>) -> Scenario {
    let mut s = single_queue(8, 8.0 / 120.0, 120.0, Some(120.0), 14_400.0, 0.0);
    s.horizon.end = callwright_core::sim::EndOfHorizon::Drain;
    let q: &mut QueueConfig = &mut s.routing.queues[0];
    q.prediction.service_s = Some(120.0);
    q.callback = Some(CallbackConfig {
        offer_above_s: 60.0,
        predictor: Predictor::QueueLength,
        queue: None,
    });
    s.contact_types[0].callback = choice;
    s
}

fn choice(accept: f64, reach: f64, after_s: Option<f64>) -> CallbackChoice {
    CallbackChoice {
        accept_probability: accept,
        after_s,
        reach_probability: reach,
        failed_attempt: Dist::Deterministic { value_s: 30.0 },
    }
}

/// Every arrival ends one way (the run drains, so nothing waits at the end).
fn conserved(t: &ContactStats) {
    let ends = mean(&t.answered)
        + mean(&t.abandoned)
        + mean(&t.callbacks)
        + mean(&t.balked)
        + mean(&t.rejected)
        + mean(&t.waiting_at_end);
    assert!((mean(&t.offered) - ends).abs() < 1e-9, "{t:?}");
}

#[test]
fn accepted_callbacks_keep_their_place_and_are_called_back() {
    let run = |c| {
        Simulation::new(callback_scenario(c))
            .seed(9)
            .replications(8)
            .run()
            .unwrap()
    };
    let accepted = run(Some(choice(1.0, 1.0, None)));
    let t = &accepted.overall.total;
    conserved(t);
    assert!(mean(&t.callbacks_offered) > 50.0, "{t:?}");
    assert_eq!(t.callbacks_accepted, t.callbacks_offered);
    assert_eq!(t.callbacks_accepted, t.callbacks);
    // Drained: every call back was made and reached the customer.
    assert_eq!(t.callbacks_reached, t.callbacks_accepted);
    assert_eq!(mean(&t.callbacks_unreachable), 0.0);
    assert!(mean(&t.mean_callback_wait_s) > 60.0);

    // Declined: offers, no callbacks; more callers abandon.
    let declined = run(Some(choice(0.0, 1.0, None)));
    let d = &declined.overall.total;
    conserved(d);
    assert!(mean(&d.callbacks_offered) > 50.0);
    assert_eq!(mean(&d.callbacks_accepted), 0.0);
    assert_eq!(mean(&d.callbacks), 0.0);
    assert!(
        mean(&d.abandoned) > mean(&t.abandoned) + 10.0,
        "{d:?} {t:?}"
    );
    // No callback behaviour at all: every offer declined, same as accept 0.
    let none = run(None);
    assert_eq!(none.overall.total.abandoned, d.abandoned);
}

#[test]
fn unreachable_and_later_callbacks() {
    let run = |c| {
        Simulation::new(callback_scenario(c))
            .seed(4)
            .replications(6)
            .run()
            .unwrap()
    };
    let r = run(Some(choice(1.0, 0.0, None)));
    let t = &r.overall.total;
    conserved(t);
    assert!(mean(&t.callbacks_accepted) > 50.0);
    assert_eq!(t.callbacks_unreachable, t.callbacks_accepted);
    assert_eq!(mean(&t.callbacks_reached), 0.0);
    assert_eq!(t.mean_callback_wait_s.mean, None);
    // Called back 15 minutes after accepting: the wait to the call back is longer.
    let later = run(Some(choice(1.0, 1.0, Some(900.0))));
    let l = &later.overall.total;
    conserved(l);
    assert!(mean(&l.mean_callback_wait_s) > 900.0, "{l:?}");
}

#[test]
fn bad_callback_and_predictor_settings_name_the_field() {
    let mut s = callback_scenario(Some(choice(1.5, 1.0, None)));
    match Simulation::new(s.clone()).run() {
        Err(SimError::InvalidValue { field, .. }) => {
            assert_eq!(field, "contact_types[0].callback.accept_probability");
        }
        other => panic!("{other:?}"),
    }
    s.contact_types[0].callback = Some(choice(1.0, f64::NAN, None));
    assert!(matches!(
        Simulation::new(s.clone()).run(),
        Err(SimError::InvalidValue { field, .. }) if field == "contact_types[0].callback.reach_probability"
    ));
    s.contact_types[0].callback = Some(choice(1.0, 1.0, Some(-1.0)));
    assert!(matches!(
        Simulation::new(s.clone()).run(),
        Err(SimError::InvalidValue { field, .. }) if field == "contact_types[0].callback.after_s"
    ));
    s.contact_types[0].callback = None;
    s.predictors = vec![Predictor::HeadOfLine, Predictor::HeadOfLine];
    assert!(matches!(
        Simulation::new(s).run(),
        Err(SimError::InvalidValue { field, .. }) if field == "predictors[1]"
    ));
}

#[test]
fn same_seed_same_predictions_for_any_thread_count() {
    let s = with_predictors(callback_scenario(Some(choice(0.5, 0.8, None))), Some(120.0));
    let one = Simulation::new(s.clone())
        .seed(2)
        .replications(4)
        .threads(1)
        .run()
        .unwrap();
    let four = Simulation::new(s)
        .seed(2)
        .replications(4)
        .threads(4)
        .run()
        .unwrap();
    assert_eq!(one, four);
    assert!(mean(&one.overall.total.callbacks_accepted) > 0.0);
}
