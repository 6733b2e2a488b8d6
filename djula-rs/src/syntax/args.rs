//! Reading a tag's arguments as Django does: the bits of
//! `Token.split_contents` (see [`super::split`]) and the trailing
//! `as NAME` that many tags share.

/// Removes a trailing `as NAME` from a tag's bits and returns `NAME`
/// (`{% url 'home' as link %}`, `{% firstof a b as x %}`); the bits are
/// left alone when they do not end that way.
pub(crate) fn take_target<'s>(bits: &mut Vec<&'s str>) -> Option<&'s str> {
    let n = bits.len();
    if n < 2 || bits.get(n - 2) != Some(&"as") {
        return None;
    }
    let name = bits.pop();
    bits.pop();
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_as_name_is_taken() {
        let mut bits = vec!["url", "'home'", "as", "link"];
        assert_eq!(take_target(&mut bits), Some("link"));
        assert_eq!(bits, ["url", "'home'"]);
        let mut bits = vec!["firstof", "as"];
        assert_eq!(take_target(&mut bits), None);
        assert_eq!(bits, ["firstof", "as"]);
    }
}
