//! stub
use crate::error::FilterError;
use crate::Safe;
/// stub
pub fn striptags(value: &str) -> Result<String, FilterError> {
    Ok(value.to_owned())
}
/// stub
pub fn truncatechars_html(value: &str, _n: i64) -> String {
    value.to_owned()
}
/// stub
pub fn truncatewords_html(value: &str, _n: i64) -> String {
    value.to_owned()
}
#[allow(dead_code)]
fn _x(_: Safe<String>) {}
