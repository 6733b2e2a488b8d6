// page.html reads `title`, `name` and the items of `items`: a context
// whose field is misspelled fails the build where the template reads it.
#[derive(serde::Serialize, djula::Context)]
struct Page {
    titel: String,
    name: String,
    items: Vec<i64>,
}

static TEMPLATES: djula::Embedded = djula_embed::embed!(
    "tests/templates",
    filters = ["shout"],
    simple_tags = ["greet"],
    raw_tags = ["echo"],
    block_tags = ["card"],
    check = { "page.html" => Page },
);

fn main() {
    let _ = TEMPLATES;
}
