//! The context of each page, one struct per template: what the handler
//! gives and the template reads. `#[derive(djula::Context)]` describes each
//! to djula, and `embed!` (in `templates.rs`) checks every template
//! against its struct while the app compiles: a field renamed here or a
//! name misspelled in a template fails `cargo build`.

use djula::SafeString;
use serde::Serialize;

use crate::db::{Member, User};

/// What every page extending `base.html` reads: which page is current
/// (the navigation), who is logged in, and their form token.
#[derive(Serialize, djula::Context)]
pub struct Layout<'a> {
    /// `members`, `tasks` or `login`, for the navigation's current link.
    pub page: &'static str,
    /// The logged-in member, if any.
    pub user: Option<&'a User>,
    /// The token the header's log-out form sends.
    pub csrf_token: Option<&'a str>,
}

/// `members.html`: the member list.
#[derive(Serialize, djula::Context)]
pub struct MembersPage<'a> {
    /// Navigation and the logged-in member.
    #[serde(flatten)]
    pub layout: Layout<'a>,
    /// Every member.
    pub members: &'a [Member],
}

/// One demo account shown on the login page.
#[derive(Serialize, djula::Context)]
pub struct DemoAccount {
    /// Login name.
    pub username: &'static str,
    /// Its password (these are demo accounts).
    pub password: &'static str,
}

/// `login.html`: the login form.
#[derive(Serialize, djula::Context)]
pub struct LoginPage<'a> {
    /// Navigation (no one is logged in) and the form's token.
    #[serde(flatten)]
    pub layout: Layout<'a>,
    /// Why the form is shown again, if it is.
    pub message: Option<&'a str>,
    /// The name typed last time.
    pub username: &'a str,
    /// Where to go after logging in.
    pub next: &'a str,
    /// The demo accounts.
    pub demo_accounts: Vec<DemoAccount>,
}

/// `tasks.html`: the logged-in member's list (and its `tasks` block, the
/// htmx fragment).
#[derive(Serialize, djula::Context)]
pub struct TasksPage<'a> {
    /// Navigation and the logged-in member.
    #[serde(flatten)]
    pub layout: Layout<'a>,
    /// The spinneret widgets, marked safe so djula does not escape them.
    pub rows: SafeString,
    /// Tasks not done yet.
    pub open_count: usize,
    /// All tasks.
    pub total: usize,
    /// What was typed in the add form, when it comes back.
    pub title: &'a str,
    /// Why the add form came back, if it did.
    pub error: Option<&'a str>,
    /// The longest title accepted.
    pub max_title: usize,
}

/// `403.html` and `404.html`: an error page.
#[derive(Serialize, djula::Context)]
pub struct ErrorPage<'a> {
    /// Navigation and the logged-in member.
    #[serde(flatten)]
    pub layout: Layout<'a>,
    /// What went wrong (the 403 page).
    pub message: &'a str,
    /// The path asked for (the 404 page).
    pub path: &'a str,
}
