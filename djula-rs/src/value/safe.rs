//! [`SafeString`]: trusted HTML in a context built from Rust.

/// A string that is already HTML, for contexts built from Rust structs:
/// it serializes as a safe string (Django's `mark_safe`).
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Ctx { body: djula::SafeString }
/// let e = djula::Engine::new();
/// let html = e.render_str("{{ body }}", &Ctx { body: djula::SafeString("<b>hi</b>".into()) }).unwrap();
/// assert_eq!(html, "<b>hi</b>");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeString(pub String);

impl serde::Serialize for SafeString {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(super::SAFE_NEWTYPE, &self.0)
    }
}
