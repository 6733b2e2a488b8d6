//! Django's numbers filters.
