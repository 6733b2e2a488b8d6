//! "Did you mean …?": the closest known name to a misspelled one.

/// The candidate closest to `wrong` by Jaro-Winkler similarity, if any is
/// close enough to be a plausible typo.
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_but_not_strangers() {
        assert_eq!(closest("lowr", ["lower", "upper", "length"]), Some("lower"));
        assert_eq!(closest("endfro", ["endfor", "endif"]), Some("endfor"));
        assert_eq!(closest("zzz", ["lower", "upper"]), None);
    }
}
