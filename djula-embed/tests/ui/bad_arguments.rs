static MISSING: djula::Embedded = djula_embed::embed!("tests/ui/no-such-dir");
static UNKNOWN: djula::Embedded = djula_embed::embed!("tests/templates", filtres = ["shout"]);
static TWICE: djula::Embedded = djula_embed::embed!("tests/templates", filters = [], filters = []);

fn main() {
    let _ = (MISSING, UNKNOWN, TWICE);
}
