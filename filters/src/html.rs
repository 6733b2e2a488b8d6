//! Django's html filters.
