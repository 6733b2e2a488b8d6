//! Django's lists filters.
