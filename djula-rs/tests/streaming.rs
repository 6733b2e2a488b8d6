//! `render_to` and `write_to` stream: the page reaches the writer in
//! pieces as it is rendered, never built whole first.

use std::fmt::Write as _;

use serde_json::json;

/// A `fmt::Write` that records the size of each piece it receives.
#[derive(Default)]
struct Pieces(Vec<usize>, String);

impl std::fmt::Write for Pieces {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.push(s.len());
        self.1.push_str(s);
        Ok(())
    }
}

fn big_page() -> (djula::Engine, serde_json::Value) {
    let mut engine = djula::Engine::new();
    engine
        .add_template(
            "page.html",
            "<ul>{% for x in xs %}<li>{{ x }}</li>{% endfor %}</ul>",
        )
        .unwrap();
    (engine, json!({ "xs": (0..100_000).collect::<Vec<u32>>() }))
}

#[test]
fn render_to_writes_in_pieces_of_about_8_kib() {
    let (engine, ctx) = big_page();
    let template = engine.template("page.html").unwrap();
    let mut sink = Pieces::default();
    template.render_to(&mut sink, &ctx).unwrap();
    assert_eq!(
        sink.1,
        template.render(&ctx).unwrap(),
        "same page as render"
    );
    assert!(sink.0.len() > 100, "{} pieces", sink.0.len());
    let largest = sink.0.iter().max().copied().unwrap_or(0);
    assert!(largest < 9 * 1024, "a piece of {largest} bytes");
}

/// An `io::Write` that fails after some bytes.
struct Failing(usize);

impl std::io::Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0 < buf.len() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "peer went away",
            ));
        }
        self.0 -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn write_to_streams_and_reports_the_io_error() {
    let (engine, ctx) = big_page();
    let template = engine.template("page.html").unwrap();
    let mut bytes = Vec::new();
    template.write_to(&mut bytes, &ctx).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        template.render(&ctx).unwrap()
    );
    // The writer fails after 20 KiB: the render stops there with its error.
    let err = template
        .write_to(&mut Failing(20 * 1024), &ctx)
        .unwrap_err();
    assert_eq!(err.kind(), djula::ErrorKind::Io);
    assert!(err.message().contains("peer went away"), "{err}");
}

#[test]
fn streaming_keeps_the_output_limit_and_captured_bodies_whole() {
    let engine = djula::Engine::with_settings(djula::Settings {
        max_output: 100_000,
        ..Default::default()
    });
    let template = engine
        .compile_str("t", "{% for x in xs %}{{ x }},{% endfor %}")
        .unwrap();
    let mut out = String::new();
    let err = template
        .render_to(
            &mut out,
            &json!({ "xs": (0..100_000).collect::<Vec<u32>>() }),
        )
        .unwrap_err();
    assert_eq!(err.kind(), djula::ErrorKind::Limit);
    assert!(out.len() <= 100_000 + 9 * 1024, "{}", out.len());
    // A body captured by a tag (here `filter`) is transformed whole.
    let t = engine
        .compile_str(
            "t",
            "{% filter upper %}{% for x in xs %}ab{% endfor %}{% endfilter %}",
        )
        .unwrap();
    let mut out = String::new();
    t.render_to(&mut out, &json!({ "xs": vec![0; 20_000] }))
        .unwrap();
    assert_eq!(out, "AB".repeat(20_000));
    writeln!(out).unwrap();
}
