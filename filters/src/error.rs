//! [`FilterError`]: why a filter refused its input.

use std::fmt;

/// A filter could not produce Django's result for its input (Django raises
/// an exception there, or the input asks for an absurd amount of memory).
///
/// The message is the whole story, ready to show to a template author.
///
/// ```
/// let err = djula_filters::text::wordwrap("abc", 0).unwrap_err();
/// assert_eq!(err.to_string(), "wordwrap: invalid width 0 (must be > 0)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    message: String,
}

impl FilterError {
    /// A new error with the given message (conventionally `filter: reason`).
    ///
    /// ```
    /// let e = djula_filters::FilterError::new("slice: slice step cannot be zero");
    /// assert!(e.to_string().contains("zero"));
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        FilterError {
            message: message.into(),
        }
    }

    /// The message.
    ///
    /// ```
    /// assert_eq!(djula_filters::FilterError::new("x").message(), "x");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FilterError {}

/// The widest padding or field the width-taking filters (`center`, `ljust`,
/// `rjust`, `stringformat`) will build. Django would try and fail with
/// `MemoryError` somewhere above this; we fail cleanly instead.
///
/// ```
/// assert!(djula_filters::text::center("a", 1 << 40).is_err());
/// ```
pub const MAX_WIDTH: i64 = 1 << 20;
