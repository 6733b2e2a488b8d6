//! The data: members, their tasks and the login sessions, in one SQLite
//! file created (and seeded with demo members) on first start.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A member, as the member list shows it.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Display name.
    pub name: String,
}

/// A task on someone's list.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Row id.
    pub id: i64,
    /// What to do or buy.
    pub title: String,
    /// Ticked off.
    pub done: bool,
}

/// A browser session: its id (the cookie), the CSRF token of its forms,
/// and the user once logged in.
#[derive(Debug, Clone)]
pub struct Session {
    /// The cookie value.
    pub id: String,
    /// The token every form of this session carries.
    pub csrf: String,
    /// The logged-in user, if any.
    pub user: Option<User>,
}

/// Demo accounts seeded on first start: (user name, display name, password, joined).
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, &str)] = &[
    ("ada", "Ada Lovelace", "lovelace", "2024-01-15"),
    ("grace", "Grace Hopper", "hopper", "2024-03-02"),
    ("alan", "Alan Turing", "turing", "2024-06-23"),
    ("edsger", "Edsger Dijkstra", "dijkstra", "2025-02-11"),
];

/// How long a session (login) lasts.
pub const SESSION_DAYS: u32 = 30;

/// The database: one connection behind a mutex (queries are short).
pub struct Db {
    conn: Mutex<Connection>,
}

/// A database error, as text for the log.
pub type DbResult<T> = Result<T, rusqlite::Error>;

impl Db {
    /// Opens (creating if needed) the database at `path` and seeds it.
    pub fn open(path: &Path) -> DbResult<Db> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA foreign_keys = ON;
             CREATE TABLE IF NOT EXISTS users (
                 id INTEGER PRIMARY KEY,
                 username TEXT NOT NULL UNIQUE,
                 name TEXT NOT NULL,
                 salt TEXT NOT NULL,
                 password_hash TEXT NOT NULL,
                 joined TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS tasks (
                 id INTEGER PRIMARY KEY,
                 user_id INTEGER NOT NULL REFERENCES users(id),
                 title TEXT NOT NULL,
                 done INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE IF NOT EXISTS sessions (
                 id TEXT PRIMARY KEY,
                 csrf TEXT NOT NULL,
                 user_id INTEGER REFERENCES users(id),
                 created TEXT NOT NULL DEFAULT (datetime('now')));",
        )?;
        // Sessions last SESSION_DAYS; older ones are dropped at start-up
        // and ignored until then.
        conn.execute(
            &format!(
                "DELETE FROM sessions WHERE created < datetime('now', '-{SESSION_DAYS} days')"
            ),
            [],
        )?;
        let db = Db {
            conn: Mutex::new(conn),
        };
        db.seed()?;
        Ok(db)
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
            let salt = random_token(&conn)?;
            conn.execute(
                "INSERT INTO users (username, name, salt, password_hash, joined) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![username, name, salt, hash_password(&salt, password), joined],
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

    /// The user whose name and password match.
    pub fn check_login(&self, username: &str, password: &str) -> DbResult<Option<User>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT id, username, name, salt, password_hash FROM users WHERE username = ?1",
                [username],
                |r| {
                    Ok((
                        User {
                            id: r.get(0)?,
                            username: r.get(1)?,
                            name: r.get(2)?,
                        },
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.and_then(|(user, salt, hash)| {
            (hash_password(&salt, password) == hash).then_some(user)
        }))
    }

    /// The session with cookie `id`, with its user.
    pub fn session(&self, id: &str) -> DbResult<Option<Session>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT s.id, s.csrf, u.id, u.username, u.name
             FROM sessions s LEFT JOIN users u ON u.id = s.user_id
             WHERE s.id = ?1 AND s.created >= datetime('now', ?2)",
        )?;
        let max_age = format!("-{SESSION_DAYS} days");
        stmt.query_row(params![id, max_age], |r| {
            let user = match r.get::<_, Option<i64>>(2)? {
                Some(uid) => Some(User {
                    id: uid,
                    username: r.get(3)?,
                    name: r.get(4)?,
                }),
                None => None,
            };
            Ok(Session {
                id: r.get(0)?,
                csrf: r.get(1)?,
                user,
            })
        })
        .optional()
    }

    /// A new session (new id and token) for `user`.
    pub fn create_session(&self, user: Option<&User>) -> DbResult<Session> {
        let conn = self.conn();
        let session = Session {
            id: random_token(&conn)?,
            csrf: random_token(&conn)?,
            user: user.cloned(),
        };
        conn.execute(
            "INSERT INTO sessions (id, csrf, user_id) VALUES (?1, ?2, ?3)",
            params![session.id, session.csrf, user.map(|u| u.id)],
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

/// 32 random bytes as hex (session ids, CSRF tokens, salts), from
/// SQLite's `randomblob`, which is seeded from the OS entropy source.
fn random_token(conn: &Connection) -> DbResult<String> {
    conn.query_row("SELECT lower(hex(randomblob(32)))", [], |r| r.get(0))
}

/// Salted SHA-256. Good enough for a demo; a real app uses argon2 or scrypt.
fn hash_password(salt: &str, password: &str) -> String {
    hex(&Sha256::digest(format!("{salt}:{password}").as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
