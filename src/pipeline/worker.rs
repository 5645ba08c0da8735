//! The threads that read and render: a stack sized for the deepest document the model allows, and a panic
//! in one file's work caught and turned into that file's error line instead of ending the batch.

use crate::diag::Error;
use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// The stack of every thread that reads, transforms or renders a document: 16 MiB.
///
/// Readers flatten nesting past [`MAX_DEPTH`](crate::model::MAX_DEPTH), so every walk over a document is at
/// most that deep. Measured at that depth, the deepest walk is the DOCX writer on lists in quotes: 1.07 MB
/// (PDF and EPUB under 50 KB). A rayon thread that waits in a join may run another job on top of its stack,
/// but no join is made from inside a walk over the model, so a stack holds at most one deep walk plus
/// shallow waiting frames (a batch of 64 documents at the cap needs the same 1.07 MB as one). The test
/// `a_document_at_max_depth_renders_on_a_quarter_of_the_worker_stack` (tests/pipeline.rs) renders documents
/// of exactly that depth on a quarter of this. Only the pages a thread touches become memory; the rest is
/// address space.
pub const WORKER_STACK_BYTES: usize = 16 << 20;

thread_local! {
    /// Set on threads whose panics are caught by [`catch`] and reported as one file's error line, so the
    /// default hook's message would only be a second, garbled report of the same thing.
    static CAUGHT_HERE: Cell<bool> = const { Cell::new(false) };
}

/// The locations of the latest panics on those threads, by message. The hook sees the location, the
/// catcher only the payload, and under rayon they may be different threads (a job stolen by one thread
/// panics there and is resumed on the thread that waits for it).
static PANIC_LOCATIONS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// How many locations are kept: enough for every worker to panic at once.
const LOCATIONS_KEPT: usize = 256;

fn panic_locations() -> MutexGuard<'static, Vec<(String, String)>> {
    // A list of strings cannot be torn by a panic while it was held.
    PANIC_LOCATIONS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Wraps the process's panic hook once: on threads marked [`CAUGHT_HERE`] the message is kept for the
/// report instead of printed; everywhere else the previous hook runs as before.
fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CAUGHT_HERE.with(Cell::get) {
                return previous(info);
            }
            let location = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            let mut locations = panic_locations();
            if locations.len() >= LOCATIONS_KEPT {
                locations.remove(0);
            }
            locations.push((message_of(info.payload()), location));
        }));
    });
}

fn message_of(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

/// The [`Error::Bug`] for a caught panic: its message and, when the hook saw it, where it happened.
fn bug(payload: &(dyn Any + Send)) -> Error {
    let message = message_of(payload);
    let mut locations = panic_locations();
    let location = locations.iter().rposition(|(m, _)| *m == message).map(|i| locations.remove(i).1);
    match location {
        Some(location) if !location.is_empty() => {
            Error::Bug { message: format!("{message} (at {location})") }
        }
        _ => Error::Bug { message },
    }
}

/// Runs `work`, turning a panic into [`Error::Bug`]. Whatever `work` owned is dropped on the way out (a
/// temporary output file deletes itself). The panic is not printed: the caller reports the error instead.
pub fn catch<R>(work: impl FnOnce() -> R) -> Result<R, Error> {
    install_panic_hook();
    let was = CAUGHT_HERE.with(|c| c.replace(true));
    // The work's state is dropped or discarded after a panic, never observed half-changed.
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CAUGHT_HERE.with(|c| c.set(was));
    result.map_err(|payload| bug(payload.as_ref()))
}

/// The worker pool of a batch: `jobs` threads (one per core when `None`), each with a
/// [`WORKER_STACK_BYTES`] stack and its panics left to [`catch`].
pub(super) fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    install_panic_hook();
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.map_or(0, |n| n.max(1)))
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|i| format!("paiban-worker-{i}"))
        .start_handler(|_| CAUGHT_HERE.with(|c| c.set(true)))
        .build()
        .map_err(|e| {
            Error::Run(format!(
                "cannot start the worker threads ({} MiB of stack each): {e}; try fewer with -j",
                WORKER_STACK_BYTES >> 20
            ))
        })
}

/// Runs `work` on a thread of its own with a worker's stack, its panic caught as by [`catch`]: for work
/// done outside a batch, such as `paiban parse`, which would otherwise have only the main thread's stack.
pub fn on_worker_stack<R: Send>(work: impl FnOnce() -> R + Send) -> Result<R, Error> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("paiban-worker".to_owned())
            .stack_size(WORKER_STACK_BYTES)
            .spawn_scoped(scope, || catch(work))
            .map_err(|e| Error::Run(format!("cannot start a worker thread: {e}")))?;
        // `catch` already caught any panic of the work; a join error could only come from `catch` itself.
        thread.join().unwrap_or_else(|payload| Err(bug(payload.as_ref())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_bug_error_naming_where_it_happened() {
        let error = catch(|| -> usize { panic!("index {} out of range", 7) }).expect_err("caught");
        let line = error.to_string();
        assert!(line.contains("a bug in paiban: index 7 out of range (at src/pipeline/worker.rs:"), "{line}");
        assert_eq!(catch(|| 5).expect("no panic"), 5);
    }

    #[test]
    fn a_panic_in_either_half_of_a_join_is_caught_where_the_join_is_awaited() {
        let pool = pool(Some(2)).expect("pool");
        let result = pool.install(|| {
            catch(|| {
                let (a, b) = rayon::join(|| 1, || -> i32 { panic!("in the other half") });
                a + b
            })
        });
        let line = result.expect_err("caught").to_string();
        assert!(line.contains("in the other half (at src/pipeline/worker.rs:"), "{line}");
    }

    #[test]
    fn work_on_a_worker_stack_returns_its_value_or_its_panic() {
        assert_eq!(on_worker_stack(|| 2 + 2).expect("runs"), 4);
        let error = on_worker_stack(|| -> () { panic!("parse failed") }).expect_err("caught");
        assert!(error.to_string().contains("parse failed"), "{error}");
    }
}
