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

// ---- djula and its runtime peers: the data every engine renders

use serde::Serialize;

/// The big-table workload: a square table of integers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "peers", derive(djula::Context))]
pub struct BigTable {
    /// `size` rows of `size` cells, each row `0..size`.
    pub table: Vec<Vec<usize>>,
}

/// A `size` x `size` table (the standard workload is 100 x 100).
///
/// ```
/// let t = benches::big_table(3);
/// assert_eq!(t.table, vec![vec![0, 1, 2]; 3]);
/// ```
pub fn big_table(size: usize) -> BigTable {
    BigTable {
        table: (0..size).map(|_| (0..size).collect()).collect(),
    }
}

/// The teams workload of the standard Rust template benchmark suite.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "peers", derive(djula::Context))]
pub struct Teams {
    /// Shown in the title and the heading.
    pub year: u16,
    /// Four teams; the first is the champion.
    pub teams: Vec<Team>,
}

/// One team of [`Teams`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "peers", derive(djula::Context))]
pub struct Team {
    /// The team's name.
    pub name: String,
    /// Its score.
    pub score: u8,
}

/// The four teams of the 2015 Chinese Super League, as the suite has them.
///
/// ```
/// assert_eq!(benches::teams().teams[0].name, "Jiangsu");
/// ```
pub fn teams() -> Teams {
    let teams = [
        ("Jiangsu", 43),
        ("Beijing", 27),
        ("Guangzhou", 22),
        ("Shandong", 12),
    ]
    .into_iter()
    .map(|(name, score)| Team {
        name: name.to_string(),
        score,
    })
    .collect();
    Teams { year: 2015, teams }
}

/// A naive date and time, `YYYY-MM-DDTHH:MM:SS`.
///
/// It serializes as djula's date convention, the one-key map
/// `{"__datetime__": "…"}` (djula has no chrono/jiff support yet, so this is
/// how a Rust handler hands it a date today). The peers receive the same map
/// and read it in their tiny custom `date` filter.
#[derive(Debug, Clone)]
pub struct DateTime(pub String);

/// A date to djula's templates (its `Context` shape and typed value, for
/// the `djula-typed` engine): the same value its serialization gives,
/// parsed as djula parses a serialized date (text that is no date stays
/// text, as it would through serde).
#[cfg(feature = "peers")]
impl djula::Context for DateTime {
    const SHAPE: &'static djula::Shape = &djula::Shape::Date;
}

#[cfg(feature = "peers")]
impl djula::ToValue for DateTime {
    fn to_value(&self) -> djula::Value {
        match filters::dates::DateValue::parse_datetime(&self.0) {
            Some(date) => djula::ToValue::to_value(&djula::TemplateDate(date)),
            None => djula::Value::str(self.0.as_str()),
        }
    }
}

/// The key under which [`DateTime`] serializes.
pub const DATETIME_KEY: &str = "__datetime__";

impl Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry(DATETIME_KEY, &self.0)?;
        map.end()
    }
}

/// The `page` workload: a page that extends a base, includes an item
/// template 50 times, and runs five filters over text that needs escaping.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "peers", derive(djula::Context))]
pub struct Page {
    /// In the title, the header and the footer; has `&` and `'`.
    pub site_name: String,
    /// The page title; has `<` and `>`.
    pub title: String,
    /// Longer than 80 characters (`truncatechars:80`).
    pub intro: String,
    /// The footer line; has `"`.
    pub footer: String,
    /// The 50 items.
    pub items: Vec<Item>,
}

/// One item of [`Page`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "peers", derive(djula::Context))]
pub struct Item {
    /// 1-based.
    pub id: u32,
    /// Has `<`, `>`, `&` and `"`.
    pub name: String,
    /// Either at most 30 characters or at least 60 (so every engine's
    /// truncation agrees whatever it counts the ellipsis as).
    pub description: String,
    /// A multiple of 0.25, so two decimals are exact in every engine.
    pub price: f64,
    /// Formatted with `date:"Y-m-d H:i"`.
    pub added: DateTime,
    /// `None`, empty, or text with `'`: `default:"none"` applies to the first two.
    pub note: Option<String>,
    /// Zero to three tags, one of them `<new>`.
    pub tags: Vec<String>,
}

/// The `page` workload's data with `items` items (the bench uses 50).
///
/// ```
/// let p = benches::page(50);
/// assert_eq!(p.items.len(), 50);
/// assert!(p.intro.chars().count() > 80);
/// ```
pub fn page(items: usize) -> Page {
    let kinds = ["tea", "coffee", "cocoa"];
    let items = (0..items)
        .map(|i| Item {
            id: i as u32 + 1,
            name: format!("Item {} <{}> & \"friends\"", i + 1, kinds[i % 3]),
            description: if i % 3 == 0 {
                format!("Short & sweet #{i}")
            } else {
                format!(
                    "A long description of item {i} that's well over forty characters & needs <escaping>"
                )
            },
            price: i as f64 * 1.25 + 0.5,
            added: DateTime(format!(
                "2024-{:02}-{:02}T{:02}:{:02}:00",
                1 + i % 12,
                1 + i % 28,
                i % 24,
                (i * 7) % 60
            )),
            note: match i % 3 {
                0 => None,
                1 => Some(String::new()),
                _ => Some(format!("Note {i}: 'ships' today")),
            },
            tags: ["sale", "<new>", "gift"]
                .iter()
                .take(i % 4)
                .map(|t| t.to_string())
                .collect(),
        })
        .collect();
    Page {
        site_name: "Tom & Jerry's Shop".into(),
        title: "Spring <sale> items".into(),
        intro: "Everything \"fresh\" from the garden & the kitchen: teas, coffees and cocoas that we think you'll love this spring.".into(),
        footer: "Prices include \"all\" taxes & shipping.".into(),
        items,
    }
}

// ---- the tiny filters the peers lack, shared so every engine does the same work

/// Django's `date` filter for the format characters the page uses (`Y`, `m`,
/// `d`, `H`, `i`; anything else is copied) over `YYYY-MM-DDTHH:MM:SS`.
///
/// ```
/// assert_eq!(benches::format_date("2024-03-05T14:07:00", "Y-m-d H:i"), "2024-03-05 14:07");
/// ```
pub fn format_date(iso: &str, format: &str) -> String {
    let part = |range: std::ops::Range<usize>| iso.get(range).unwrap_or("");
    let mut out = String::with_capacity(format.len() + 8);
    for c in format.chars() {
        match c {
            'Y' => out.push_str(part(0..4)),
            'm' => out.push_str(part(5..7)),
            'd' => out.push_str(part(8..10)),
            'H' => out.push_str(part(11..13)),
            'i' => out.push_str(part(14..16)),
            other => out.push(other),
        }
    }
    out
}

/// Django's `truncatechars`: at most `max` characters, the last one `…` when cut.
///
/// ```
/// assert_eq!(benches::truncatechars("abcdef", 4), "abc…");
/// assert_eq!(benches::truncatechars("abcd", 4), "abcd");
/// ```
pub fn truncatechars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Django's `floatformat:N` for values that are exact in binary (the page's prices).
///
/// ```
/// assert_eq!(benches::floatformat(1.75, 2), "1.75");
/// assert_eq!(benches::floatformat(0.5, 2), "0.50");
/// ```
pub fn floatformat(value: f64, digits: usize) -> String {
    format!("{value:.digits$}")
}

// ---- the floor: hand-written push_str/itoa versions, with the same escaping

/// big-table written by hand: what an engine could at best approach.
///
/// ```
/// let html = benches::floor_big_table(&benches::big_table(2));
/// assert!(html.contains("<tr><td>0</td><td>1</td></tr>"));
/// ```
pub fn floor_big_table(data: &BigTable) -> String {
    let mut out = String::with_capacity(16 + data.table.len() * (data.table.len() * 12 + 16));
    let mut num = itoa::Buffer::new();
    out.push_str("<table>\n  ");
    for row in &data.table {
        out.push_str("\n  <tr>");
        for col in row {
            out.push_str("<td>");
            out.push_str(num.format(*col));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n  ");
    }
    out.push_str("\n</table>\n");
    out
}

/// teams written by hand.
///
/// ```
/// assert!(benches::floor_teams(&benches::teams()).contains("<b>Jiangsu</b>: 43"));
/// ```
pub fn floor_teams(data: &Teams) -> String {
    let mut out = String::with_capacity(512);
    let mut num = itoa::Buffer::new();
    out.push_str("<html>\n  <head>\n    <title>");
    out.push_str(num.format(data.year));
    out.push_str("</title>\n  </head>\n  <body>\n    <h1>CSL ");
    out.push_str(num.format(data.year));
    out.push_str("</h1>\n    <ul>\n    ");
    for (i, team) in data.teams.iter().enumerate() {
        out.push_str("\n      <li class=\"");
        if i == 0 {
            out.push_str("champion");
        }
        out.push_str("\">\n      <b>");
        filters::escape_into(&mut out, &team.name);
        out.push_str("</b>: ");
        out.push_str(num.format(team.score));
        out.push_str("\n      </li>\n    ");
    }
    out.push_str("\n    </ul>\n  </body>\n</html>\n");
    out
}

/// page written by hand, with the same filters ([`format_date`],
/// [`floatformat`], [`truncatechars`]) and the shared escaper.
///
/// ```
/// let html = benches::floor_page(&benches::page(3));
/// assert!(html.contains("<title>Spring &lt;sale&gt; items | Tom &amp; Jerry&#x27;s Shop</title>"));
/// ```
pub fn floor_page(data: &Page) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let mut num = itoa::Buffer::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    filters::escape_into(&mut out, &data.title);
    out.push_str(" | ");
    filters::escape_into(&mut out, &data.site_name);
    out.push_str("</title>\n</head>\n<body>\n<header><a href=\"/\">");
    filters::escape_into(&mut out, &data.site_name);
    out.push_str("</a></header>\n<main>\n\n<h1>");
    filters::escape_into(&mut out, &data.title);
    out.push_str("</h1>\n<p class=\"intro\">");
    filters::escape_into(&mut out, &truncatechars(&data.intro, 80));
    out.push_str("</p>\n<ul class=\"items\">\n");
    for item in &data.items {
        out.push_str("<li id=\"item-");
        out.push_str(num.format(item.id));
        out.push_str("\">\n<h2>");
        filters::escape_into(&mut out, &item.name);
        out.push_str("</h2>\n<p>");
        filters::escape_into(&mut out, &truncatechars(&item.description, 40));
        out.push_str("</p>\n<span class=\"price\">");
        out.push_str(&floatformat(item.price, 2));
        out.push_str("</span>\n<time>");
        out.push_str(&format_date(&item.added.0, "Y-m-d H:i"));
        out.push_str("</time>\n<span class=\"note\">");
        match item.note.as_deref() {
            Some(note) if !note.is_empty() => filters::escape_into(&mut out, note),
            _ => out.push_str("none"),
        }
        out.push_str("</span>\n<span class=\"tags\">");
        for (i, tag) in item.tags.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            filters::escape_into(&mut out, tag);
        }
        out.push_str("</span>\n</li>\n");
    }
    out.push_str("\n</ul>\n\n</main>\n<footer>");
    filters::escape_into(&mut out, &data.footer);
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}

/// Makes two engines' HTML comparable. Applied to every output before the
/// equality check, djula's included; each rule is a documented difference
/// between engines, not a bug hidden:
///
/// - whitespace runs that contain a newline are removed: engines differ on the
///   trailing newline of a template file (MiniJinja drops it) and Handlebars
///   drops "standalone" lines that hold only a block tag;
/// - the same character escaped differently is written one way, Django's:
///   `&#39;` (Tera, Askama) becomes `&#x27;`; Askama's decimal `&#60;`,
///   `&#62;`, `&#38;`, `&#34;` become `&lt;`, `&gt;`, `&amp;`, `&quot;`;
///   `&#x2f;`/`&#x2F;` (MiniJinja
///   escapes `/`), `&#x3D;` and `&#x60;` (Handlebars escapes `=` and `` ` ``)
///   become the plain character.
///
/// ```
/// assert_eq!(benches::normalize("<a>\n  <b>&#39;&#x2f;</b>\n"), "<a><b>&#x27;/</b>");
/// ```
pub fn normalize(html: &str) -> String {
    let html = html
        .replace("&#39;", "&#x27;")
        .replace("&#60;", "&lt;")
        .replace("&#62;", "&gt;")
        .replace("&#38;", "&amp;")
        .replace("&#34;", "&quot;")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`");
    let mut out = String::with_capacity(html.len());
    let mut run = String::new();
    for c in html.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if !run.contains('\n') {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    if !run.contains('\n') {
        out.push_str(&run);
    }
    out
}

/// Django's `default:"…"` over an optional text: `fallback` for `None` and `""`.
///
/// ```
/// assert_eq!(benches::or_default(&None, "none"), "none");
/// assert_eq!(benches::or_default(&Some("x".into()), "none"), "x");
/// ```
pub fn or_default<'a>(text: &'a Option<String>, fallback: &'a str) -> &'a str {
    match text.as_deref() {
        Some(t) if !t.is_empty() => t,
        _ => fallback,
    }
}
