//! Runs independent jobs on all cores with rayon, results in input order, so the output never
//! depends on the number of threads or on timing. A job that panics makes the caller panic
//! with the same payload (its message and location intact).

use std::num::NonZeroUsize;

use rayon::prelude::*;

/// Threads to use: one per core the process may run on.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// `f` applied to every item on a pool of `workers` threads, each with a stack of `stack_size`
/// bytes; the results come back in the order of `items`. Work-stealing balances uneven items.
/// When no pool can be started, the calling thread does all the work.
pub fn map<T, R, F>(items: &[T], workers: usize, stack_size: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.clamp(1, items.len().max(1)))
        .stack_size(stack_size)
        .thread_name(|n| format!("pipeline-{n}"))
        .build();
    match pool {
        Ok(pool) => pool.install(|| items.par_iter().map(f).collect()),
        Err(_) => items.iter().map(f).collect(),
    }
}

/// `a` and `b` run at the same time on two threads with stacks of `stack_size` bytes (or one
/// after the other on this thread when no thread can be started).
pub fn join<A, B, RA, RB>(stack_size: usize, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    match rayon::ThreadPoolBuilder::new().num_threads(2).stack_size(stack_size).build() {
        Ok(pool) => pool.join(a, b),
        Err(_) => (a(), b()),
    }
}

/// Drops `value` on a thread of its own, so the caller goes on at once: freeing a large spec
/// (the merged document of thousands of operations) takes tens of milliseconds that nothing
/// needs to wait for. Dropped here when no thread can be started. A process that exits first
/// leaves the rest to the operating system.
pub fn drop_later<T: Send + 'static>(value: T) {
    // The thread is detached. When none can be started, `spawn` drops the closure, and the
    // value with it, on this thread.
    let _detached = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_for_any_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        let expected: Vec<u64> = (0..500).map(|i| i * i).collect();
        for workers in [0, 1, 2, 3, 8, 1000] {
            // Uneven work, so jobs finish out of order.
            let squares = map(&items, workers, 1 << 20, |&i| {
                if i % 7 == 0 {
                    std::thread::yield_now();
                }
                i * i
            });
            assert_eq!(squares, expected, "workers = {workers}");
        }
        assert!(map(&[] as &[u8], 4, 1 << 20, |&b| b).is_empty());
    }

    /// The value is dropped (not leaked), and not on the caller's thread.
    #[test]
    fn drop_later_drops_on_another_thread() {
        struct Tell(std::sync::mpsc::Sender<std::thread::ThreadId>);
        impl Drop for Tell {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        drop_later(Tell(tx));
        let dropped_on = rx.recv_timeout(std::time::Duration::from_secs(10));
        assert!(dropped_on.is_ok(), "the value is dropped: {dropped_on:?}");
        assert_ne!(dropped_on.ok(), Some(std::thread::current().id()));
    }

    #[test]
    fn jobs_run_with_the_configured_stack() {
        // 4 MB on the stack of each job: more than a default 2 MB thread has.
        let items = [1u8, 2, 3, 4];
        let sums = map(&items, 2, 16 << 20, |&b| {
            let big = std::hint::black_box([b; 4 << 20]);
            big.iter().map(|&x| u64::from(x)).sum::<u64>()
        });
        assert_eq!(sums, [4 << 20, 8 << 20, 12 << 20, 16 << 20]);
    }

    #[test]
    fn a_panicking_job_panics_the_caller_with_its_message() {
        let items: Vec<u32> = (0..64).collect();
        let caught = std::panic::catch_unwind(|| {
            map(&items, 2, 1 << 20, |&i| {
                assert!(i != 40, "job {i} failed on purpose");
                i
            })
        });
        let Err(payload) = caught else { panic!("the panic must reach the caller") };
        let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
        assert_eq!(message, "job 40 failed on purpose");
    }
}
