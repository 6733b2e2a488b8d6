//! The data: members, their tasks and the sessions of logged-in members,
//! in one SQLite file created (and seeded with demo members) on first
//! start. Passwords are hashed with argon2id; anonymous visitors are not
//! stored at all.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A member, as the member list shows it.
#[derive(Debug, Clone, Serialize, djula::Context)]
pub struct Member {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Tasks not done yet.
    pub open_tasks: i64,
    /// When they joined (`YYYY-MM-DD`).
    pub joined: String,
}

/// The logged-in user.
#[derive(Debug, Clone, Serialize, djula::Context)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub name: String,
}

/// A task on someone's list.
#[derive(Debug, Clone, Serialize, djula::Context)]
pub struct Task {
    /// Row id.
    pub id: i64,
    /// What to do or buy.
    pub title: String,
    /// Ticked off.
    pub done: bool,
}

/// The session of a logged-in member: its id (the signed cookie), the
/// CSRF token of its forms, and the member.
#[derive(Debug, Clone)]
pub struct Session {
    /// The cookie value.
    pub id: String,
    /// The token every form of this session carries.
    pub csrf: String,
    /// The member.
    pub user: User,
}

/// Demo accounts seeded on first start: (user name, display name, password, joined).
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, &str)] = &[
    ("ada", "Ada Lovelace", "lovelace", "2024-01-15"),
    ("grace", "Grace Hopper", "hopper", "2024-03-02"),
    ("alan", "Alan Turing", "turing", "2024-06-23"),
    ("edsger", "Edsger Dijkstra", "dijkstra", "2025-02-11"),
];

/// How long a session (login) lasts at most.
pub const SESSION_DAYS: u32 = 30;

/// How long a session lasts unused: a login left idle this long ends
/// (OWASP's idle timeout), however young it is.
pub const SESSION_IDLE_HOURS: u32 = 8;

/// How often a session's last use is written (not on every request).
const LAST_SEEN_EVERY: &str = "-1 minutes";

/// The layout of the tables below (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 3;

/// The database: one connection behind a mutex (queries are short).
pub struct Db {
    conn: Mutex<Connection>,
}

/// Makes the database file readable by its owner only (it holds the
/// cookie key and the session ids): created so, or tightened when it
/// exists. SQLite gives its `-wal` and `-shm` files the same mode.
fn owner_only(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
            Err(e) => return Err(e),
        }
        for suffix in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            let side = std::path::PathBuf::from(side);
            if side.exists() {
                std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn max_age() -> String {
    format!("-{SESSION_DAYS} days")
}

fn max_idle() -> String {
    format!("-{SESSION_IDLE_HOURS} hours")
}

/// A database error, as text for the log.
pub type DbResult<T> = Result<T, rusqlite::Error>;

impl Db {
    /// Opens (creating if needed) the database at `path` and seeds it.
    pub fn open(path: &Path) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
        owner_only(path)?;
        let conn = Connection::open(path)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'users'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 && version < 2 {
            // Version 1 stored salted SHA-256 hashes, which cannot become
            // argon2 ones; the file only ever held the demo data.
            return Err(format!(
                "{} was made by an older version of the app; delete it to start afresh",
                path.display()
            )
            .into());
        }
        if tables > 0 && version == 2 {
            // Version 2's sessions had no last use: they end (members log
            // in again), and the table is made anew below.
            conn.execute_batch("DROP TABLE IF EXISTS sessions")?;
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA foreign_keys = ON;
             CREATE TABLE IF NOT EXISTS users (
                 id INTEGER PRIMARY KEY,
                 username TEXT NOT NULL UNIQUE,
                 name TEXT NOT NULL,
                 password_hash TEXT NOT NULL,
                 joined TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS tasks (
                 id INTEGER PRIMARY KEY,
                 user_id INTEGER NOT NULL REFERENCES users(id),
                 title TEXT NOT NULL,
                 done INTEGER NOT NULL DEFAULT 0);
             CREATE INDEX IF NOT EXISTS tasks_by_user ON tasks(user_id);
             CREATE TABLE IF NOT EXISTS sessions (
                 id TEXT PRIMARY KEY,
                 csrf TEXT NOT NULL,
                 user_id INTEGER NOT NULL REFERENCES users(id),
                 created TEXT NOT NULL DEFAULT (datetime('now')),
                 last_seen TEXT NOT NULL DEFAULT (datetime('now')));
             CREATE TABLE IF NOT EXISTS secrets (
                 name TEXT PRIMARY KEY,
                 value BLOB NOT NULL);",
        )?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        let db = Db {
            conn: Mutex::new(conn),
        };
        db.delete_expired_sessions()?;
        db.seed()?;
        Ok(db)
    }

    /// Deletes the sessions older than [`SESSION_DAYS`] or unused for
    /// [`SESSION_IDLE_HOURS`] (the app calls it at start-up and then
    /// regularly); their number.
    pub fn delete_expired_sessions(&self) -> DbResult<usize> {
        self.conn().execute(
            "DELETE FROM sessions
             WHERE created < datetime('now', ?1) OR last_seen < datetime('now', ?2)",
            params![max_age(), max_idle()],
        )
    }

    /// The key that signs the cookies: 64 random bytes made on first start,
    /// so cookies stay valid across restarts.
    pub fn cookie_key(&self) -> DbResult<axum_extra::extract::cookie::Key> {
        let conn = self.conn();
        let found: Option<Vec<u8>> = conn
            .query_row(
                "SELECT value FROM secrets WHERE name = 'cookie_key'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let bytes = match found {
            Some(bytes) if bytes.len() >= 64 => bytes,
            _ => {
                let mut bytes = vec![0u8; 64];
                getrandom::fill(&mut bytes).map_err(no_randomness)?;
                conn.execute(
                    "INSERT OR REPLACE INTO secrets (name, value) VALUES ('cookie_key', ?1)",
                    [&bytes],
                )?;
                bytes
            }
        };
        Ok(axum_extra::extract::cookie::Key::from(&bytes))
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn seed(&self) -> DbResult<()> {
        let conn = self.conn();
        let users: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
        if users > 0 {
            return Ok(());
        }
        for (username, name, password, joined) in DEMO_ACCOUNTS {
            conn.execute(
                "INSERT INTO users (username, name, password_hash, joined) VALUES (?1, ?2, ?3, ?4)",
                params![username, name, hash_password(password), joined],
            )?;
        }
        let ada: i64 = conn.query_row("SELECT id FROM users WHERE username = 'ada'", [], |r| {
            r.get(0)
        })?;
        let grace: i64 =
            conn.query_row("SELECT id FROM users WHERE username = 'grace'", [], |r| {
                r.get(0)
            })?;
        for (user, title, done) in [
            (ada, "Milk", false),
            (ada, "Eggs & bread", false),
            (ada, "Write the note on the Analytical Engine", true),
            (grace, "Find the moth", false),
        ] {
            conn.execute(
                "INSERT INTO tasks (user_id, title, done) VALUES (?1, ?2, ?3)",
                params![user, title, done],
            )?;
        }
        Ok(())
    }

    /// Every member with their number of open tasks, by name.
    pub fn members(&self) -> DbResult<Vec<Member>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.username, u.name, u.joined,
                    (SELECT count(*) FROM tasks t WHERE t.user_id = u.id AND t.done = 0)
             FROM users u ORDER BY u.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Member {
                id: r.get(0)?,
                username: r.get(1)?,
                name: r.get(2)?,
                joined: r.get(3)?,
                open_tasks: r.get(4)?,
            })
        })?;
        rows.collect()
    }

    /// The user whose name and password match. Argon2 takes tens of
    /// milliseconds on purpose: call it off the async workers
    /// (`spawn_blocking`). An unknown name costs the same time as a wrong
    /// password, so timing does not tell which names exist.
    pub fn check_login(&self, username: &str, password: &str) -> DbResult<Option<User>> {
        let row = self
            .conn()
            .query_row(
                "SELECT id, username, name, password_hash FROM users WHERE username = ?1",
                [username],
                |r| {
                    Ok((
                        User {
                            id: r.get(0)?,
                            username: r.get(1)?,
                            name: r.get(2)?,
                        },
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(match row {
            Some((user, hash)) => verify_password(&hash, password).then_some(user),
            None => {
                static DUMMY: OnceLock<String> = OnceLock::new();
                verify_password(DUMMY.get_or_init(|| hash_password("dummy")), password);
                None
            }
        })
    }

    /// The live session with cookie `id`, with its user: neither older
    /// than [`SESSION_DAYS`] nor unused for [`SESSION_IDLE_HOURS`]. Its
    /// last use becomes now (written at most once a minute).
    pub fn session(&self, id: &str) -> DbResult<Option<Session>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.csrf, u.id, u.username, u.name
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id = ?1 AND s.created >= datetime('now', ?2)
               AND s.last_seen >= datetime('now', ?3)",
        )?;
        let session = stmt
            .query_row(params![id, max_age(), max_idle()], |r| {
                Ok(Session {
                    id: r.get(0)?,
                    csrf: r.get(1)?,
                    user: User {
                        id: r.get(2)?,
                        username: r.get(3)?,
                        name: r.get(4)?,
                    },
                })
            })
            .optional()?;
        if session.is_some() {
            conn.prepare_cached(
                "UPDATE sessions SET last_seen = datetime('now')
                 WHERE id = ?1 AND last_seen < datetime('now', ?2)",
            )?
            .execute(params![id, LAST_SEEN_EVERY])?;
        }
        Ok(session)
    }

    /// A new session (new id and token) for `user`, who just logged in.
    pub fn create_session(&self, user: &User) -> DbResult<Session> {
        let session = Session {
            id: random_token().map_err(no_randomness)?,
            csrf: random_token().map_err(no_randomness)?,
            user: user.clone(),
        };
        self.conn().execute(
            "INSERT INTO sessions (id, csrf, user_id) VALUES (?1, ?2, ?3)",
            params![session.id, session.csrf, user.id],
        )?;
        Ok(session)
    }

    /// Ends a session.
    pub fn delete_session(&self, id: &str) -> DbResult<()> {
        self.conn()
            .execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        Ok(())
    }

    /// The tasks of `user_id`, open ones first, in the order added.
    pub fn tasks(&self, user_id: i64) -> DbResult<Vec<Task>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, title, done FROM tasks WHERE user_id = ?1 ORDER BY done, id",
        )?;
        let rows = stmt.query_map([user_id], |r| {
            Ok(Task {
                id: r.get(0)?,
                title: r.get(1)?,
                done: r.get(2)?,
            })
        })?;
        rows.collect()
    }

    /// Adds a task for `user_id`.
    pub fn add_task(&self, user_id: i64, title: &str) -> DbResult<i64> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO tasks (user_id, title) VALUES (?1, ?2)",
            params![user_id, title],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Flips a task of `user_id`; false when it has no such task.
    pub fn toggle_task(&self, user_id: i64, task_id: i64) -> DbResult<bool> {
        let changed = self.conn().execute(
            "UPDATE tasks SET done = 1 - done WHERE id = ?1 AND user_id = ?2",
            params![task_id, user_id],
        )?;
        Ok(changed == 1)
    }
}

/// 32 random bytes from the OS, as hex (session ids, CSRF tokens).
/// Fails only on a system without a random source.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn no_randomness(e: getrandom::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

/// An argon2id hash with a random salt and the parameters, as a PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$…`).
fn hash_password(password: &str) -> String {
    let hash: Result<PasswordHash, _> = Argon2::default().hash_password(password.as_bytes());
    match hash {
        Ok(hash) => hash.to_string(),
        // Only for inputs over argon2's limits (4 GiB) or no OS randomness;
        // an empty hash matches no password.
        Err(_) => String::new(),
    }
}

/// The password matches the stored PHC string (false for an unreadable one).
fn verify_password(hash: &str, password: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_with_their_own_salt() {
        let a = hash_password("lovelace");
        let b = hash_password("lovelace");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a new salt each time");
        assert!(verify_password(&a, "lovelace"));
        assert!(!verify_password(&a, "Lovelace"));
        assert!(!verify_password("not a hash", "lovelace"));
    }

    #[test]
    fn a_database_from_before_argon2_is_refused_with_a_reason() {
        let dir = std::env::temp_dir().join(format!("webapp-db-v1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("old.sqlite3");
        let _ = std::fs::remove_file(&path);
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "CREATE TABLE users (id INTEGER PRIMARY KEY, salt TEXT, password_hash TEXT);",
            )
            .unwrap();
        let err = Db::open(&path).err().expect("refused").to_string();
        assert!(err.contains("older version of the app; delete it"), "{err}");
        let fresh = dir.join("new.sqlite3");
        let _ = std::fs::remove_file(&fresh);
        drop(Db::open(&fresh).unwrap());
        Db::open(&fresh).expect("a current database opens again");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
