//! Turning implicit break counts into a break for every shift.

use std::collections::VecDeque;

use crate::error::{Error, Result};
use crate::problem::{BreakClass, Prepared};

/// Break counts of one class: (start interval, duration in intervals, count), ascending start.
pub(crate) type ClassSolution = Vec<(usize, usize, usize)>;

/// Assigns each break of a class to one shift of the class whose window contains the break's
/// start: earliest deadline first.
///
/// Times are scanned in order; shifts enter a queue when their window opens. Windows of a
/// class are translates, so the queue order (start order) is also deadline order, and each
/// break goes to the waiting shift whose window closes first. For interval windows this
/// greedy rule finds a perfect assignment whenever one exists, and the model's forward,
/// backward and balance rows are exactly Hall's condition for one to exist. Any failure is
/// reported rather than ignored; it would mean the model and this proof disagree.
///
/// Returns (shift instance, break start, duration) triples.
pub(crate) fn assign_breaks(
    p: &Prepared,
    class: &BreakClass,
    x: &[usize],
    first_instance: &[usize],
    counts: &ClassSolution,
) -> Result<Vec<(usize, usize, usize)>> {
    let (e, l) = (class.rule.earliest, class.rule.latest);
    let fail = |reason: String| Error::BreakAssignment {
        rule: class.rule.name.clone(),
        reason,
    };
    let mut placed = Vec::new();
    // (instance, deadline)
    let mut waiting: VecDeque<(usize, usize)> = VecDeque::new();
    let mut next = 0;
    let mut enqueue_until = |u: Option<usize>, waiting: &mut VecDeque<(usize, usize)>| {
        while let Some(&j) = class.members.get(next) {
            let s = p.options[j].start;
            if u.is_some_and(|u| s + e > u) {
                break;
            }
            for i in 0..x[j] {
                waiting.push_back((first_instance[j] + i, s + l));
            }
            next += 1;
        }
    };
    for &(u, d, c) in counts {
        enqueue_until(Some(u), &mut waiting);
        for _ in 0..c {
            let Some((instance, deadline)) = waiting.pop_front() else {
                return Err(fail(format!(
                    "a break at interval {u} has no shift to go to"
                )));
            };
            if deadline < u {
                return Err(fail(format!(
                    "a shift's window closed at interval {deadline} before a break was left for it"
                )));
            }
            placed.push((instance, u, d));
        }
    }
    enqueue_until(None, &mut waiting);
    if let Some((_, deadline)) = waiting.front() {
        return Err(fail(format!(
            "{} shifts got no break (first window closing at interval {deadline})",
            waiting.len()
        )));
    }
    Ok(placed)
}
