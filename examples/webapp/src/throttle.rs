//! Login throttling: a user name that failed [`FREE_FAILURES`] times in
//! [`WINDOW`] is refused (429, with `Retry-After`) until the window ends,
//! so passwords cannot be guessed at the server's speed; and at most one
//! password check per core runs at once (each takes about 19 MiB and
//! 25 ms of argon2), so a flood of logins queues instead of taking the
//! machine.
//!
//! The counts live in memory (a restart forgets them) and are kept for
//! at most [`MAX_TRACKED`] names; past that the oldest go first.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Failed logins a user name may have in one window.
pub const FREE_FAILURES: u32 = 5;
/// How long failures count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// User names whose failures are remembered at once.
pub const MAX_TRACKED: usize = 10_000;
/// How long a login waits for a free password check before a 503.
pub const HASH_WAIT: Duration = Duration::from_secs(5);

/// One name's failures in its current window.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    since: Instant,
}

/// The app's login throttle (one per app, shared by the handlers).
#[derive(Debug)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
    hashing: Arc<Semaphore>,
}

/// Why a login is not tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many failures for this name: try again after this long.
    TooManyFailures(Duration),
    /// Every password check is busy (the server is flooded).
    Busy,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        LoginThrottle {
            failures: Mutex::new(HashMap::new()),
            hashing: Arc::new(Semaphore::new(cores)),
        }
    }
}

impl LoginThrottle {
    /// Whether `username` may try now; `Err` says how long until it may.
    /// A try is counted as a failure before the password is checked (and
    /// forgiven by [`LoginThrottle::succeeded`]), so a burst of parallel
    /// tries gets no more than the free ones.
    pub fn attempt(&self, username: &str, now: Instant) -> Result<(), Refusal> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = failures.get(&key(username)) {
            if f.count >= FREE_FAILURES && now.duration_since(f.since) < WINDOW {
                return Err(Refusal::TooManyFailures(
                    WINDOW.saturating_sub(now.duration_since(f.since)),
                ));
            }
        }
        count_failure(&mut failures, username, now);
        Ok(())
    }

    /// A password check's turn, waiting at most [`HASH_WAIT`]. The permit
    /// goes with the check (into the blocking task), so a client that
    /// hangs up does not free a core its check still uses.
    pub async fn hashing_turn(&self) -> Result<OwnedSemaphorePermit, Refusal> {
        match tokio::time::timeout(HASH_WAIT, self.hashing.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(Refusal::Busy),
        }
    }

    /// A successful login clears the name's failures.
    pub fn succeeded(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&key(username));
    }
}

/// Counts a failure of `username`. A full table first drops the expired
/// counts, then the smallest (names that are not locked go before those
/// that are, so filling the table cannot free a locked name).
fn count_failure(failures: &mut HashMap<String, Failures>, username: &str, now: Instant) {
    let name = key(username);
    if failures.len() >= MAX_TRACKED && !failures.contains_key(&name) {
        failures.retain(|_, f| now.duration_since(f.since) < WINDOW);
        if failures.len() >= MAX_TRACKED {
            if let Some(least) = failures
                .iter()
                .min_by_key(|(_, f)| (f.count, f.since))
                .map(|(k, _)| k.clone())
            {
                failures.remove(&least);
            }
        }
    }
    let entry = failures.entry(name).or_insert(Failures {
        count: 0,
        since: now,
    });
    if now.duration_since(entry.since) >= WINDOW {
        *entry = Failures {
            count: 0,
            since: now,
        };
    }
    entry.count += 1;
}

/// Names differ only by case for the count (the database's are exact):
/// `Alan` and `alan` share their failures. Long names are cut, so the
/// table's size is bounded.
fn key(username: &str) -> String {
    username.chars().take(64).collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_refused_after_its_free_tries_until_the_window_ends() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        // Tries counted before any check ends: a parallel burst gets five.
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.attempt("Alan", start), Ok(()));
        }
        let later = start + Duration::from_secs(60);
        assert_eq!(
            throttle.attempt("alan", later),
            Err(Refusal::TooManyFailures(WINDOW - Duration::from_secs(60)))
        );
        // Other names are not affected; the window's end frees the name.
        assert_eq!(throttle.attempt("grace", later), Ok(()));
        assert_eq!(throttle.attempt("alan", start + WINDOW), Ok(()));
        // A success forgives the count.
        throttle.succeeded("ALAN");
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.attempt("alan", later), Ok(()));
        }
    }

    #[test]
    fn filling_the_table_does_not_free_a_locked_name() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            throttle.attempt("victim", now).unwrap();
        }
        for i in 0..MAX_TRACKED + 10 {
            let _ = throttle.attempt(&format!("user{i}"), now);
        }
        let tracked = throttle.failures.lock().unwrap().len();
        assert!(tracked <= MAX_TRACKED, "{tracked}");
        assert!(matches!(
            throttle.attempt("victim", now),
            Err(Refusal::TooManyFailures(_))
        ));
    }
}
