//! Benchmark workloads shared by the criterion benches in `benches/benches/`.
//!
//! Nothing depends on this crate; it exists so every engine is measured on the
//! same data in the same run.

#![forbid(unsafe_code)]

/// The four 1 KB inputs of the escaping bench, by name.
///
/// ```
/// for (_, text) in benches::escape_inputs() {
///     assert!(text.len() >= 1000 && text.len() <= 1100);
/// }
/// ```
pub fn escape_inputs() -> Vec<(&'static str, String)> {
    let clean = "The quick brown fox jumps over the lazy dog while the band plays on. "
        .repeat(16)
        .chars()
        .take(1024)
        .collect::<String>();
    // One special character in every hundred bytes.
    let mut sparse = String::new();
    let specials = ['<', '>', '&', '"', '\''];
    let mut i = 0;
    while sparse.len() < 1024 {
        if sparse.len() % 100 == 50 {
            sparse.push(specials[i % specials.len()]);
            i += 1;
        } else {
            sparse.push(char::from(b'a' + (sparse.len() % 26) as u8));
        }
    }
    let all_special = "<>&\"'".repeat(205).chars().take(1024).collect::<String>();
    let mut non_ascii = String::new();
    for c in "日本語のテキストと絵文字🎉🚀、そして中文字符。"
        .chars()
        .cycle()
    {
        if non_ascii.len() + c.len_utf8() > 1024 {
            break;
        }
        non_ascii.push(c);
    }
    vec![
        ("clean_ascii", clean),
        ("one_percent_special", sparse),
        ("all_special", all_special),
        ("non_ascii", non_ascii),
    ]
}
