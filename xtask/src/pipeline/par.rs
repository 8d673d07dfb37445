//! Runs independent jobs on all cores, results in input order, so the output never
//! depends on the number of threads or on timing.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads to use: one per core the process may run on.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// `f` applied to every item, on up to `workers` threads (the calling one included), each
/// with a stack of `stack_size` bytes. Items are handed out one at a time, so uneven items
/// balance out; the results come back in the order of `items`. When no thread can be
/// started, the calling thread does all the work.
pub fn map<T, R, F>(items: &[T], workers: usize, stack_size: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let run = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let extra = workers.min(items.len()).saturating_sub(1);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (0..extra)
            .filter_map(|n| {
                std::thread::Builder::new()
                    .name(format!("pipeline-{n}"))
                    .stack_size(stack_size)
                    .spawn_scoped(scope, run)
                    .ok()
            })
            .collect();
        let mut all = run();
        for h in helpers {
            all.extend(h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_for_any_thread_count() {
        let items: Vec<u64> = (0..500).collect();
        let expected: Vec<u64> = (0..500).map(|i| i * i).collect();
        for workers in [0, 1, 2, 3, 8, 1000] {
            // Uneven work, so helpers finish out of order.
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
}
