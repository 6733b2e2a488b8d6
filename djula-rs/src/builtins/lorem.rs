//! `{% lorem %}`: Django's lorem ipsum text (django/utils/lorem_ipsum.py).
//! The common paragraph and word lists are Django's data; "random" output
//! is drawn from a small deterministic generator so renders are repeatable.

/// Django's standard first paragraph.
const COMMON_P: &str = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";

/// Django's first 19 words.
const COMMON_WORDS: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipisicing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
];

/// Django's word list.
const WORDS: &[&str] = &[
    "exercitationem",
    "perferendis",
    "perspiciatis",
    "laborum",
    "eveniet",
    "sunt",
    "iure",
    "nam",
    "nobis",
    "eum",
    "cum",
    "officiis",
    "excepturi",
    "odio",
    "consectetur",
    "quasi",
    "aut",
    "quisquam",
    "vel",
    "eligendi",
    "itaque",
    "non",
    "odit",
    "tempore",
    "quaerat",
    "dignissimos",
    "facilis",
    "neque",
    "nihil",
    "expedita",
    "vitae",
    "vero",
    "ipsum",
    "nisi",
    "animi",
    "cumque",
    "pariatur",
    "velit",
    "modi",
    "natus",
    "iusto",
    "eaque",
    "sequi",
    "illo",
    "sed",
    "ex",
    "et",
    "voluptatibus",
    "tempora",
    "veritatis",
    "ratione",
    "assumenda",
    "incidunt",
    "nostrum",
    "placeat",
    "aliquid",
    "fuga",
    "provident",
    "praesentium",
    "rem",
    "necessitatibus",
    "suscipit",
    "adipisci",
    "quidem",
    "possimus",
    "voluptas",
    "debitis",
    "sint",
    "accusantium",
    "unde",
    "sapiente",
    "voluptate",
    "qui",
    "aspernatur",
    "laudantium",
    "soluta",
    "amet",
    "quo",
    "aliquam",
    "saepe",
    "culpa",
    "libero",
    "ipsa",
    "dicta",
    "reiciendis",
    "nesciunt",
    "doloribus",
    "autem",
    "impedit",
    "minima",
    "maiores",
    "repudiandae",
    "ipsam",
    "obcaecati",
    "ullam",
    "enim",
    "totam",
    "delectus",
    "ducimus",
    "quis",
    "voluptates",
    "dolores",
    "molestiae",
    "harum",
    "dolorem",
    "quia",
    "voluptatem",
    "molestias",
    "magni",
    "distinctio",
    "omnis",
    "illum",
    "dolorum",
    "voluptatum",
    "ea",
    "quas",
    "quam",
    "corporis",
    "quae",
    "blanditiis",
    "atque",
    "deserunt",
    "laboriosam",
    "earum",
    "consequuntur",
    "hic",
    "cupiditate",
    "quibusdam",
    "accusamus",
    "ut",
    "rerum",
    "error",
    "minus",
    "eius",
    "ab",
    "ad",
    "nemo",
    "fugit",
    "officia",
    "at",
    "in",
    "id",
    "quos",
    "reprehenderit",
    "numquam",
    "iste",
    "fugiat",
    "sit",
    "inventore",
    "beatae",
    "repellendus",
    "magnam",
    "recusandae",
    "quod",
    "explicabo",
    "doloremque",
    "aperiam",
    "consequatur",
    "asperiores",
    "commodi",
    "optio",
    "dolor",
    "labore",
    "temporibus",
    "repellat",
    "veniam",
    "architecto",
    "est",
    "esse",
    "mollitia",
    "nulla",
    "a",
    "similique",
    "eos",
    "alias",
    "dolore",
    "tenetur",
    "deleniti",
    "porro",
    "facere",
    "maxime",
    "corrupti",
];

/// A tiny linear congruential generator: repeatable filler, not security.
struct Filler(u64);

impl Filler {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }

    fn word(&mut self) -> &'static str {
        WORDS
            .get(self.next(WORDS.len()))
            .copied()
            .unwrap_or("lorem")
    }

    fn sentence(&mut self) -> String {
        let sections = 1 + self.next(5);
        let parts: Vec<String> = (0..sections)
            .map(|_| {
                let n = 3 + self.next(10);
                (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
            })
            .collect();
        let s = parts.join(", ");
        let mut chars = s.chars();
        let first: String = chars
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        let end = if self.next(2) == 0 { '?' } else { '.' };
        format!("{first}{}{end}", chars.as_str())
    }

    fn paragraph(&mut self) -> String {
        let n = 1 + self.next(4);
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// `count` words (`w`), paragraphs (`b`) or `<p>` paragraphs (`p`).
/// A negative count of words is Python's slice of the common words
/// (`words[:count]`); of paragraphs, none. `None` as soon as the text
/// passes `limit` bytes (Django would write any count, for as long as it
/// takes and as much memory as it needs).
pub(crate) fn lorem(count: i64, method: char, common: bool, limit: usize) -> Option<String> {
    let text = lorem_text(count, method, common, limit);
    text.filter(|t| t.len() <= limit)
}

fn lorem_text(count: i64, method: char, common: bool, limit: usize) -> Option<String> {
    let Ok(count) = usize::try_from(count) else {
        if method != 'w' || !common {
            return Some(String::new());
        }
        let drop = usize::try_from(count.unsigned_abs()).unwrap_or(usize::MAX);
        let keep = COMMON_WORDS.len().saturating_sub(drop);
        return Some(COMMON_WORDS.get(..keep).unwrap_or_default().join(" "));
    };
    // Every word or paragraph takes at least two bytes with its separator:
    // a count past that is refused before anything is drawn.
    if count.saturating_mul(2) > limit.saturating_add(2) {
        return None;
    }
    let mut filler = Filler(count as u64 ^ 0x5eed);
    let mut out = String::new();
    if method == 'w' {
        let common_words: &[&str] = if common { COMMON_WORDS } else { &[] };
        for i in 0..count {
            if out.len() > limit {
                return None;
            }
            if i > 0 {
                out.push(' ');
            }
            match common_words.get(i) {
                Some(word) => out.push_str(word),
                None => out.push_str(filler.word()),
            }
        }
        return Some(out);
    }
    for i in 0..count {
        if out.len() > limit {
            return None;
        }
        if i > 0 {
            out.push_str("\n\n");
        }
        let paragraph = if common && i == 0 {
            COMMON_P.to_string()
        } else {
            filler.paragraph()
        };
        if method == 'p' {
            out.push_str("<p>");
            out.push_str(&paragraph);
            out.push_str("</p>");
        } else {
            out.push_str(&paragraph);
        }
    }
    Some(out)
}

#[cfg(test)]
mod limit_tests {
    use super::lorem;

    #[test]
    fn any_count_that_fits_is_written_whole() {
        // Past the 10,000 words this tag once stopped at, silently.
        let words = lorem(12_345, 'w', true, 1 << 20).unwrap();
        assert_eq!(words.split(' ').count(), 12_345);
        assert!(words.starts_with("lorem ipsum dolor sit amet"));
        let paragraphs = lorem(3, 'p', true, 1 << 20).unwrap();
        assert_eq!(paragraphs.matches("<p>").count(), 3);
    }

    #[test]
    fn a_count_past_the_limit_is_refused() {
        assert_eq!(lorem(1_000, 'w', false, 100), None);
        assert_eq!(lorem(i64::MAX, 'p', false, 1 << 20), None);
        assert!(lorem(10, 'w', false, 1_000).is_some());
    }
}
