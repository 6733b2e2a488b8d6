// Shared by build.rs (which compiles every template at build time with
// stand-ins for these filters) and src/filters.rs (the real ones).
// PLEASE KEEP THIS IN SYNC with `filters::register`; a test checks it.

/// The custom filters the app registers at start-up.
pub const CUSTOM_FILTERS: &[&str] = &["initials", "count"];
