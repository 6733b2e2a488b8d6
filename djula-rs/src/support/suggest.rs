//! "Did you mean …?": the closest known name to a misspelled one.

/// Names past this many bytes get no suggestion and are none.
const MAX_NAME: usize = 64;

/// The candidate closest to `wrong`, if any is close enough to be a
/// plausible typo: within a small edit distance (transpositions count as
/// one edit), ties broken by Jaro-Winkler similarity.
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Edit distances cost the product of the lengths: nobody mistypes a
    // name this long, and a hostile one must not cost seconds.
    if wrong.len() > MAX_NAME {
        return None;
    }
    let allowed = (wrong.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| *c != wrong && c.len() <= MAX_NAME)
        .map(|c| {
            (
                strsim::damerau_levenshtein(wrong, c),
                strsim::jaro_winkler(wrong, c),
                c,
            )
        })
        .filter(|(distance, similarity, _)| *distance <= allowed || *similarity >= 0.9)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_but_not_strangers() {
        assert_eq!(closest("lowr", ["lower", "upper", "length"]), Some("lower"));
        assert_eq!(closest("endfro", ["endfor", "endif"]), Some("endfor"));
        assert_eq!(closest("fro", ["for", "if", "with"]), Some("for"));
        assert_eq!(closest("zzz", ["lower", "upper"]), None);
        let long = "a".repeat(100);
        assert_eq!(closest(&long, [&*"a".repeat(99)]), None);
        assert_eq!(closest("lowr", [&*long, "lower"]), Some("lower"));
    }
}
