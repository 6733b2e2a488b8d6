//! Login throttling, so passwords cannot be guessed at the server's speed:
//!
//! - a user name that failed [`FREE_FAILURES`] times in [`WINDOW`] is
//!   refused (429, with `Retry-After`) until the window ends;
//! - a client (an IPv4 address, or an IPv6 /64: one machine's share of
//!   addresses) that failed [`FREE_CLIENT_FAILURES`] times in the window
//!   is refused the same way, whatever names it tries, so one machine
//!   cannot spray a few guesses over every member's name;
//! - a browser a member logged in from before (its signed `device`
//!   cookie names the member: [`crate::session::Device`]) is counted
//!   apart, [`FREE_FAILURES`] a window for that device alone, and is
//!   refused neither for the name's failures nor for its client's: so a
//!   stranger who fails on a member's name locks out the stranger, not
//!   the member's own browser (OWASP's "device cookies");
//! - at most one password check per core runs at once (each takes about
//!   19 MiB and 25 ms of argon2), so a flood of logins queues instead of
//!   taking the machine.
//!
//! The counts live in memory (a restart forgets them) and are kept for
//! at most [`MAX_TRACKED`] names and as many clients (and devices); past
//! that the smallest count that is not a lock goes first, and when every
//! count is a lock a new name is refused as busy until a window ends
//! (forgetting a lock would give its name fresh tries). A try that every
//! password check was too busy to check is taken back.
//!
//! The app listens on loopback only, so a visitor from elsewhere comes
//! through a reverse proxy on this machine: for a loopback peer the
//! client is the last address of `X-Forwarded-For` (the one the proxy
//! saw), and a loopback peer without one is not counted per client
//! ([`client_of`]). Otherwise a proxy that does not forward addresses
//! would make every visitor one client, and 30 bad logins would lock
//! everyone out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Failed logins a user name may have in one window.
pub const FREE_FAILURES: u32 = 5;
/// Failed logins one client may have in one window, over all names: a
/// family behind one router mistyping passwords never reaches it.
pub const FREE_CLIENT_FAILURES: u32 = 30;
/// How long failures count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// User names (and, apart, clients) whose failures are remembered at once.
pub const MAX_TRACKED: usize = 10_000;
/// How long a login waits for a free password check before a 503.
pub const HASH_WAIT: Duration = Duration::from_secs(5);

/// One name's or client's failures in its current window.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    since: Instant,
}

/// Failures by key (a user name or a client), each key free for `free`
/// failures a window.
#[derive(Debug)]
struct Table {
    failures: Mutex<HashMap<String, Failures>>,
    free: u32,
}

impl Table {
    fn new(free: u32) -> Table {
        Table {
            failures: Mutex::new(HashMap::new()),
            free,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Failures>> {
        self.failures.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// How long `key` must wait, if it used up its free failures.
fn wait(
    failures: &HashMap<String, Failures>,
    key: &str,
    free: u32,
    now: Instant,
) -> Option<Duration> {
    let f = failures.get(key)?;
    let age = now.duration_since(f.since);
    (f.count >= free && age < WINDOW).then(|| WINDOW.saturating_sub(age))
}

/// The app's login throttle (one per app, shared by the handlers).
#[derive(Debug)]
pub struct LoginThrottle {
    names: Table,
    clients: Table,
    devices: Table,
    hashing: Arc<Semaphore>,
}

/// Why a login is not tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many failures for this name: try again after this long.
    TooManyFailures(Duration),
    /// Too many failures from this client, over all names.
    TooManyFromClient(Duration),
    /// Every password check is busy (the server is flooded).
    Busy,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        LoginThrottle {
            names: Table::new(FREE_FAILURES),
            clients: Table::new(FREE_CLIENT_FAILURES),
            devices: Table::new(FREE_FAILURES),
            hashing: Arc::new(Semaphore::new(cores)),
        }
    }
}

impl LoginThrottle {
    /// Whether `username` may try now from `client` (`None`: not known,
    /// only the name counts) and, when the browser is a known device of
    /// that name, from `device` (its id: then only the device counts);
    /// `Err` says how long until it may. A try is counted as a failure
    /// before the password is checked (and forgiven by
    /// [`LoginThrottle::succeeded`]), so a burst of parallel tries gets no
    /// more than the free ones.
    pub fn attempt(
        &self,
        username: &str,
        client: Option<IpAddr>,
        device: Option<&str>,
        now: Instant,
    ) -> Result<(), Refusal> {
        if let Some(device) = device {
            let mut devices = self.devices.lock();
            if let Some(left) = wait(&devices, device, self.devices.free, now) {
                return Err(Refusal::TooManyFailures(left));
            }
            if !make_room(&mut devices, device, self.devices.free, now) {
                return Err(Refusal::Busy);
            }
            count_failure(&mut devices, device.to_string(), now);
            return Ok(());
        }
        let name = name_key(username);
        let client = client.map(client_key);
        // Always the names' lock first, then the clients': one order.
        let mut names = self.names.lock();
        let mut clients = self.clients.lock();
        if let Some(client) = &client {
            if let Some(left) = wait(&clients, client, self.clients.free, now) {
                return Err(Refusal::TooManyFromClient(left));
            }
        }
        if let Some(left) = wait(&names, &name, self.names.free, now) {
            return Err(Refusal::TooManyFailures(left));
        }
        // A table full of locked keys refuses a new one rather than
        // forget a lock (see `make_room`).
        let room = make_room(&mut names, &name, self.names.free, now)
            && client
                .as_ref()
                .is_none_or(|c| make_room(&mut clients, c, self.clients.free, now));
        if !room {
            return Err(Refusal::Busy);
        }
        count_failure(&mut names, name, now);
        if let Some(client) = client {
            count_failure(&mut clients, client, now);
        }
        Ok(())
    }

    /// Takes back a try [`LoginThrottle::attempt`] counted but whose
    /// password was never checked (every check was busy): a flood that
    /// makes the server busy must not use up a member's free tries.
    pub fn not_tried(&self, username: &str, client: Option<IpAddr>, device: Option<&str>) {
        let take_back = |table: &Table, key: &str| {
            if let Some(f) = table.lock().get_mut(key) {
                f.count = f.count.saturating_sub(1);
            }
        };
        if let Some(device) = device {
            take_back(&self.devices, device);
            return;
        }
        take_back(&self.names, &name_key(username));
        if let Some(client) = client {
            take_back(&self.clients, &client_key(client));
        }
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

    /// A successful login clears the name's failures (or, from a known
    /// `device`, the device's) and forgives the client this one try (only
    /// this one: logging in to one's own account between guesses must not
    /// reset the client's count).
    pub fn succeeded(&self, username: &str, client: Option<IpAddr>, device: Option<&str>) {
        if let Some(device) = device {
            self.devices.lock().remove(device);
            return;
        }
        self.names.lock().remove(&name_key(username));
        if let Some(client) = client {
            if let Some(f) = self.clients.lock().get_mut(&client_key(client)) {
                f.count = f.count.saturating_sub(1);
            }
        }
    }
}

/// Whether `failures` has room for `key` (free for `free` failures a
/// window). A full table first drops the expired counts, then the
/// smallest count that is not a lock. A table full of locks has no room:
/// forgetting one would give its key fresh tries (an attacker who filled
/// the table with locked names of their own would unlock a member's).
fn make_room(failures: &mut HashMap<String, Failures>, key: &str, free: u32, now: Instant) -> bool {
    if failures.len() < MAX_TRACKED || failures.contains_key(key) {
        return true;
    }
    failures.retain(|_, f| now.duration_since(f.since) < WINDOW);
    if failures.len() < MAX_TRACKED {
        return true;
    }
    let least = failures
        .iter()
        .filter(|(_, f)| f.count < free)
        .min_by_key(|(_, f)| (f.count, f.since))
        .map(|(k, _)| k.clone());
    match least {
        Some(least) => {
            failures.remove(&least);
            true
        }
        None => false,
    }
}

/// Counts a failure of `key` (its window restarted when it ended).
fn count_failure(failures: &mut HashMap<String, Failures>, key: String, now: Instant) {
    let entry = failures.entry(key).or_insert(Failures {
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
/// table's size is bounded. A known device names its member this way.
pub fn name_key(username: &str) -> String {
    username.chars().take(64).collect::<String>().to_lowercase()
}

/// The client a login is counted against: a remote peer itself; for a
/// loopback peer (a reverse proxy on this machine, or a local user), the
/// last `X-Forwarded-For` address when it names a remote one, else none.
pub fn client_of(peer: Option<IpAddr>, headers: &axum::http::HeaderMap) -> Option<IpAddr> {
    let peer = peer?;
    if !peer.to_canonical().is_loopback() {
        return Some(peer);
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()?
        .to_str()
        .ok()?;
    let last = forwarded.rsplit(',').next()?.trim();
    let ip: IpAddr = last.parse().ok()?;
    (!ip.to_canonical().is_loopback()).then_some(ip)
}

/// A client's key: its IPv4 address (an IPv4 address mapped into IPv6
/// too), or the /64 its IPv6 address is in, since one machine commonly
/// holds a whole /64.
fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
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
            assert_eq!(throttle.attempt("Alan", None, None, start), Ok(()));
        }
        let later = start + Duration::from_secs(60);
        assert_eq!(
            throttle.attempt("alan", None, None, later),
            Err(Refusal::TooManyFailures(WINDOW - Duration::from_secs(60)))
        );
        // Other names are not affected; the window's end frees the name.
        assert_eq!(throttle.attempt("grace", None, None, later), Ok(()));
        assert_eq!(throttle.attempt("alan", None, None, start + WINDOW), Ok(()));
        // A success forgives the count.
        throttle.succeeded("ALAN", None, None);
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.attempt("alan", None, None, later), Ok(()));
        }
    }

    #[test]
    fn a_table_full_of_locks_refuses_new_names_and_keeps_every_lock() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            throttle.attempt("victim", None, None, now).unwrap();
        }
        // The attacker locks names of their own until the table is full.
        for i in 0..MAX_TRACKED - 1 {
            for _ in 0..FREE_FAILURES {
                throttle
                    .attempt(&format!("filler{i}"), None, None, now)
                    .unwrap();
            }
        }
        assert_eq!(throttle.names.lock().len(), MAX_TRACKED);
        // A new name finds no room: busy, not counted, nothing forgotten.
        assert_eq!(
            throttle.attempt("newcomer", None, None, now),
            Err(Refusal::Busy)
        );
        assert!(matches!(
            throttle.attempt("victim", None, None, now),
            Err(Refusal::TooManyFailures(_))
        ));
        // Once the window ends, the expired counts make room.
        let later = now + WINDOW;
        assert_eq!(throttle.attempt("newcomer", None, None, later), Ok(()));
    }

    #[test]
    fn a_try_never_checked_is_taken_back() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let client: IpAddr = "192.0.2.5".parse().unwrap();
        // Many busy answers in a row do not lock the name, the client or the device.
        for _ in 0..3 * FREE_FAILURES {
            throttle.attempt("ada", Some(client), None, now).unwrap();
            throttle.not_tried("ada", Some(client), None);
            throttle.attempt("ada", None, Some("dev"), now).unwrap();
            throttle.not_tried("ada", None, Some("dev"));
        }
        assert_eq!(throttle.attempt("ada", Some(client), None, now), Ok(()));
        assert_eq!(throttle.attempt("ada", None, Some("dev"), now), Ok(()));
    }

    #[test]
    fn filling_the_table_does_not_free_a_locked_name() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            throttle.attempt("victim", None, None, now).unwrap();
        }
        for i in 0..MAX_TRACKED + 10 {
            let _ = throttle.attempt(&format!("user{i}"), None, None, now);
        }
        let tracked = throttle.names.lock().len();
        assert!(tracked <= MAX_TRACKED, "{tracked}");
        assert!(matches!(
            throttle.attempt("victim", None, None, now),
            Err(Refusal::TooManyFailures(_))
        ));
    }

    #[test]
    fn a_client_is_refused_after_its_free_tries_over_every_name() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let spray: IpAddr = "203.0.113.7".parse().unwrap();
        // One guess for each of many names: no name is locked...
        for i in 0..FREE_CLIENT_FAILURES {
            assert_eq!(
                throttle.attempt(&format!("member{i}"), Some(spray), None, now),
                Ok(())
            );
        }
        // ...but the client is, for any name, and is not counted further.
        assert_eq!(
            throttle.attempt("someone-else", Some(spray), None, now),
            Err(Refusal::TooManyFromClient(WINDOW))
        );
        assert!(!throttle.names.lock().contains_key("someone-else"));
        // Others are not affected, and the window's end frees the client.
        let other: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(
            throttle.attempt("someone-else", Some(other), None, now),
            Ok(())
        );
        assert_eq!(
            throttle.attempt("x", Some(spray), None, now + WINDOW),
            Ok(())
        );
    }

    #[test]
    fn a_success_forgives_a_client_one_try_only() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let client: IpAddr = "192.0.2.1".parse().unwrap();
        for i in 0..FREE_CLIENT_FAILURES - 1 {
            throttle
                .attempt(&format!("guess{i}"), Some(client), None, now)
                .unwrap();
        }
        // The attacker's own account, between guesses: counted, forgiven.
        throttle.attempt("mine", Some(client), None, now).unwrap();
        throttle.succeeded("mine", Some(client), None);
        throttle
            .attempt("guess-last", Some(client), None, now)
            .unwrap();
        assert!(matches!(
            throttle.attempt("guess-more", Some(client), None, now),
            Err(Refusal::TooManyFromClient(_))
        ));
    }

    #[test]
    fn a_loopback_peer_is_the_address_its_proxy_forwards() {
        use axum::http::{HeaderMap, HeaderValue};
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let remote: IpAddr = "198.51.100.4".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(client_of(Some(remote), &headers), Some(remote));
        // Loopback without a forwarded address: no client to count.
        assert_eq!(client_of(Some(local), &headers), None);
        assert_eq!(client_of(None, &headers), None);
        // The last address is the one the proxy saw (earlier ones are the
        // client's own claims).
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.1, 192.0.2.77"),
        );
        assert_eq!(client_of(Some(local), &headers), "192.0.2.77".parse().ok());
        // A remote peer's forwarded header is not trusted.
        assert_eq!(client_of(Some(remote), &headers), Some(remote));
        headers.insert("x-forwarded-for", HeaderValue::from_static("::1"));
        assert_eq!(client_of(Some(local), &headers), None);
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("not an address"),
        );
        assert_eq!(client_of(Some(local), &headers), None);
    }

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.9".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.9");
    }

    #[test]
    fn a_known_device_is_counted_apart_from_its_name_and_client() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let shared: IpAddr = "192.0.2.9".parse().unwrap();
        // A stranger on the member's network locks the name and the client.
        for i in 0..FREE_CLIENT_FAILURES {
            let name = if i < FREE_FAILURES {
                "grace".to_string()
            } else {
                format!("x{i}")
            };
            throttle.attempt(&name, Some(shared), None, now).unwrap();
        }
        assert!(throttle.attempt("grace", None, None, now).is_err());
        // The member's own browser still may, as often as its own free tries.
        for _ in 0..FREE_FAILURES {
            assert_eq!(
                throttle.attempt("grace", Some(shared), Some("dev1"), now),
                Ok(())
            );
        }
        assert!(matches!(
            throttle.attempt("grace", Some(shared), Some("dev1"), now),
            Err(Refusal::TooManyFailures(_))
        ));
        // Another device is not affected; a success clears the device only.
        assert_eq!(throttle.attempt("grace", None, Some("dev2"), now), Ok(()));
        throttle.succeeded("grace", Some(shared), Some("dev1"));
        assert_eq!(throttle.attempt("grace", None, Some("dev1"), now), Ok(()));
        assert!(throttle.attempt("grace", None, None, now).is_err());
    }
}
