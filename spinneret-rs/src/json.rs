//! JSON made safe to embed in `<script>`.

use serde::Serialize;

/// `@json(value)`: `value` serialised as JSON, with `<`, `>` and `&` written
/// as `\u003C`, `\u003E`, `\u0026` (as Django's `json_script` does), so the
/// text can never close the script element or open a comment.
///
/// A value that cannot be serialised writes `null`.
pub fn json<T: Serialize + ?Sized>(out: &mut String, value: &T) {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    out.reserve(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
}
