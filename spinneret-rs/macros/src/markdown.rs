//! Spinneret's Markdown in format strings (its optional `spinneret/cl-markdown`
//! system, which its own tests load): a format string's template is read as
//! Markdown at expansion time, when the `markdown` feature is on.
//!
//! The rule is Spinneret's `parse-as-markdown`: the expansion is used only
//! when Markdown changed the text (the expansion no longer contains it);
//! a one-line template loses the `<p>` … `</p>` around it. The Markdown
//! itself is pulldown-cmark's CommonMark, where Spinneret has cl-markdown.

/// `template` as Spinneret's `parse-as-markdown` gives it.
#[cfg(feature = "markdown")]
pub(crate) fn parse_as_markdown(template: &str) -> String {
    let mut expansion = String::new();
    pulldown_cmark::html::push_html(&mut expansion, pulldown_cmark::Parser::new(template));
    let expansion = expansion.trim_end_matches('\n');
    if expansion.contains(template) {
        return template.to_string();
    }
    if template.contains('\n') {
        return expansion.to_string();
    }
    let inner = expansion.strip_prefix("<p>").unwrap_or(expansion);
    inner.strip_suffix("</p>").unwrap_or(inner).to_string()
}

/// Without the `markdown` feature, a template is used as written (Spinneret
/// without its Markdown system).
#[cfg(not(feature = "markdown"))]
pub(crate) fn parse_as_markdown(template: &str) -> String {
    template.to_string()
}

#[cfg(all(test, feature = "markdown"))]
mod tests {
    use super::parse_as_markdown;

    #[test]
    fn markdown_only_where_it_changes_the_text() {
        assert_eq!(
            parse_as_markdown("{}, here is *your* shopping list: "),
            "{}, here is <em>your</em> shopping list:"
        );
        assert_eq!(parse_as_markdown("Last login: {}"), "Last login: {}");
        assert_eq!(
            parse_as_markdown("a\n\n**b**"),
            "<p>a</p>\n<p><strong>b</strong></p>"
        );
    }
}
