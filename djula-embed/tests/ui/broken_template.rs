static TEMPLATES: djula::Embedded = djula_embed::embed!("tests/ui/broken");

fn main() {
    let _ = TEMPLATES;
}
