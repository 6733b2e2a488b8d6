//! spinneret and its compile-time peers (maud, markup, sailfish, hypertext)
//! on the standard Rust template benchmark workloads: big-table (100x100
//! integers) and teams (four teams, the first highlighted), with a
//! hand-written floor (`push_str`, itoa and the shared escaper, same output).
//!
//! Shared by the criterion bench (`benches/spinneret.rs`) and the callgrind
//! driver (`examples/one_render_spinneret.rs`) through `#[path]`, because the
//! peers are optional dependencies.
//!
//! Two ways to render, both measured:
//! - a fresh `String` per render, as a handler returning a body does
//!   (`spinneret`: `html!`, `sailfish`: `render_once`, and every other peer);
//! - into a caller's buffer, cleared and reused across renders
//!   (`spinneret-to`: `html_to!` into a `String`, `sailfish-to`:
//!   `render_once_to` into sailfish's own `Buffer`, `floor-to`: the floor
//!   into a `String`).
//!
//! Documented difference: hypertext escapes text content with html-escape's
//! `encode_text` (`&`, `<`, `>` only; quotes stay as they are, which is safe in
//! text). Neither workload has a quote in its text, so the outputs are equal.

// Each target that includes this file uses a different part of it.
#![allow(dead_code)]

use sailfish::TemplateOnce;

/// The engines, by the name the callgrind driver takes.
pub const ENGINES: [&str; 9] = [
    "spinneret",
    "spinneret-to",
    "sailfish",
    "sailfish-to",
    "maud",
    "markup",
    "hypertext",
    "floor",
    "floor-to",
];

/// The workloads, by name.
pub const WORKLOADS: [&str; 2] = ["big-table", "teams"];

/// Rows and columns of big-table.
pub const SIZE: usize = 100;

pub fn big_table_data() -> Vec<Vec<usize>> {
    (0..SIZE).map(|_| (0..SIZE).collect()).collect()
}

pub struct Team {
    pub name: String,
    pub score: u8,
}

pub fn teams_data() -> (u16, Vec<Team>) {
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
    (2015, teams)
}

/// The data of both workloads.
pub struct Data {
    pub table: Vec<Vec<usize>>,
    pub year: u16,
    pub teams: Vec<Team>,
}

impl Data {
    pub fn standard() -> Data {
        let (year, teams) = teams_data();
        Data {
            table: big_table_data(),
            year,
            teams,
        }
    }
}

// ---- spinneret

pub fn spinneret_big_table(table: &[Vec<usize>]) -> String {
    spinneret::html! { table { for row in table { tr { for col in row { td { (col) } } } } } }
        .into_string()
}

pub fn spinneret_teams(year: u16, teams: &[Team]) -> String {
    spinneret::html! {
        html {
            head { title { (year) } }
            body {
                h1 { "CSL" (year) }
                ul {
                    for (i, team) in teams.iter().enumerate() {
                        li.champion[i == 0] { b { (team.name) } ": " (team.score) }
                    }
                }
            }
        }
    }
    .into_string()
}

pub fn spinneret_to_big_table(out: &mut String, table: &[Vec<usize>]) {
    spinneret::html_to!(out, table { for row in table { tr { for col in row { td { (col) } } } } });
}

pub fn spinneret_to_teams(out: &mut String, year: u16, teams: &[Team]) {
    spinneret::html_to!(out,
        html {
            head { title { (year) } }
            body {
                h1 { "CSL" (year) }
                ul {
                    for (i, team) in teams.iter().enumerate() {
                        li.champion[i == 0] { b { (team.name) } ": " (team.score) }
                    }
                }
            }
        }
    );
}

// ---- the floor: what the output costs written by hand

pub fn floor_big_table(table: &[Vec<usize>]) -> String {
    let mut out = String::with_capacity(16 + table.len() * (table.len() * 12 + 16));
    floor_to_big_table(&mut out, table);
    out
}

pub fn floor_to_big_table(out: &mut String, table: &[Vec<usize>]) {
    let mut num = itoa::Buffer::new();
    out.push_str("<table>");
    for row in table {
        out.push_str("<tr>");
        for col in row {
            out.push_str("<td>");
            out.push_str(num.format(*col));
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

pub fn floor_teams(year: u16, teams: &[Team]) -> String {
    let mut out = String::with_capacity(512);
    floor_to_teams(&mut out, year, teams);
    out
}

pub fn floor_to_teams(out: &mut String, year: u16, teams: &[Team]) {
    let mut num = itoa::Buffer::new();
    out.push_str(r#"<html lang="en"><head><meta charset="UTF-8"><title>"#);
    out.push_str(num.format(year));
    out.push_str("</title></head><body><h1>CSL ");
    out.push_str(num.format(year));
    out.push_str("</h1><ul>");
    for (i, team) in teams.iter().enumerate() {
        out.push_str(if i == 0 {
            r#"<li class="champion"><b>"#
        } else {
            "<li><b>"
        });
        filters::escape_into(out, &team.name);
        out.push_str("</b>: ");
        out.push_str(num.format(team.score));
        out.push_str("</li>");
    }
    out.push_str("</ul></body></html>");
}

// ---- maud

pub fn maud_big_table(table: &[Vec<usize>]) -> String {
    maud::html! { table { @for row in table { tr { @for col in row { td { (col) } } } } } }
        .into_string()
}

pub fn maud_teams(year: u16, teams: &[Team]) -> String {
    maud::html! {
        html lang="en" {
            head { meta charset="UTF-8"; title { (year) } }
            body {
                h1 { "CSL " (year) }
                ul {
                    @for (i, team) in teams.iter().enumerate() {
                        @if i == 0 {
                            li.champion { b { (team.name) } ": " (team.score) }
                        } @else {
                            li { b { (team.name) } ": " (team.score) }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

// ---- markup

markup::define! {
    MarkupBigTable<'a>(table: &'a [Vec<usize>]) {
        table { @for row in table.iter() { tr { @for col in row { td { @col } } } } }
    }
    MarkupTeams<'a>(year: u16, teams: &'a [Team]) {
        html[lang = "en"] {
            head { meta[charset = "UTF-8"]; title { @year } }
            body {
                h1 { "CSL " @year }
                ul {
                    @for (i, team) in teams.iter().enumerate() {
                        @if i == 0 {
                            li.champion { b { @team.name } ": " @team.score }
                        } else {
                            li { b { @team.name } ": " @team.score }
                        }
                    }
                }
            }
        }
    }
}

pub fn markup_big_table(table: &[Vec<usize>]) -> String {
    MarkupBigTable { table }.to_string()
}

pub fn markup_teams(year: u16, teams: &[Team]) -> String {
    MarkupTeams { year, teams }.to_string()
}

// ---- sailfish

#[derive(TemplateOnce)]
#[template(path = "spinneret-big-table.stpl")]
struct SailfishBigTable<'a> {
    table: &'a [Vec<usize>],
}

#[derive(TemplateOnce)]
#[template(path = "spinneret-teams.stpl")]
struct SailfishTeams<'a> {
    year: u16,
    teams: &'a [Team],
}

pub fn sailfish_big_table(table: &[Vec<usize>]) -> String {
    SailfishBigTable { table }.render_once().unwrap_or_default()
}

pub fn sailfish_teams(year: u16, teams: &[Team]) -> String {
    SailfishTeams { year, teams }
        .render_once()
        .unwrap_or_default()
}

/// `render_once_to`: sailfish's way to write into a caller's buffer (its
/// own `Buffer` type, not a `String`).
pub fn sailfish_to_big_table(out: &mut sailfish::runtime::Buffer, table: &[Vec<usize>]) {
    let _ = SailfishBigTable { table }.render_once_to(out);
}

pub fn sailfish_to_teams(out: &mut sailfish::runtime::Buffer, year: u16, teams: &[Team]) {
    let _ = SailfishTeams { year, teams }.render_once_to(out);
}

// ---- hypertext (its maud! syntax)

pub fn hypertext_big_table(table: &[Vec<usize>]) -> String {
    use hypertext::prelude::*;
    maud! { table { @for row in table { tr { @for col in row { td { (col) } } } } } }
        .render()
        .into_inner()
}

pub fn hypertext_teams(year: u16, teams: &[Team]) -> String {
    use hypertext::prelude::*;
    maud! {
        html lang="en" {
            head { meta charset="UTF-8"; title { (year) } }
            body {
                h1 { "CSL " (year) }
                ul {
                    @for (i, team) in teams.iter().enumerate() {
                        @if i == 0 {
                            li.champion { b { (team.name) } ": " (team.score) }
                        } @else {
                            li { b { (team.name) } ": " (team.score) }
                        }
                    }
                }
            }
        }
    }
    .render()
    .into_inner()
}

/// A closure rendering `workload` with `engine` (names from [`ENGINES`] and
/// [`WORKLOADS`]) and returning the output's length; the `-to` engines
/// clear and reuse one buffer, the others return a fresh `String` each time
/// (dropped inside the closure, as a handler's response body would be).
pub fn renderer<'a>(
    engine: &str,
    workload: &str,
    data: &'a Data,
) -> Box<dyn FnMut() -> usize + 'a> {
    let (table, year, teams) = (&data.table[..], data.year, &data.teams[..]);
    let big = workload == "big-table";
    assert!(
        WORKLOADS.contains(&workload),
        "unknown workload {workload}; expected one of {WORKLOADS:?}"
    );
    macro_rules! fresh {
        ($big:expr, $teams:expr) => {
            if big {
                Box::new(move || $big.len())
            } else {
                Box::new(move || $teams.len())
            }
        };
    }
    match engine {
        "spinneret" => fresh!(spinneret_big_table(table), spinneret_teams(year, teams)),
        "sailfish" => fresh!(sailfish_big_table(table), sailfish_teams(year, teams)),
        "maud" => fresh!(maud_big_table(table), maud_teams(year, teams)),
        "markup" => fresh!(markup_big_table(table), markup_teams(year, teams)),
        "hypertext" => fresh!(hypertext_big_table(table), hypertext_teams(year, teams)),
        "floor" => fresh!(floor_big_table(table), floor_teams(year, teams)),
        "spinneret-to" | "floor-to" => {
            let spin = engine == "spinneret-to";
            let mut out = String::new();
            Box::new(move || {
                out.clear();
                match (spin, big) {
                    (true, true) => spinneret_to_big_table(&mut out, table),
                    (true, false) => spinneret_to_teams(&mut out, year, teams),
                    (false, true) => floor_to_big_table(&mut out, table),
                    (false, false) => floor_to_teams(&mut out, year, teams),
                }
                out.len()
            })
        }
        "sailfish-to" => {
            let mut out = sailfish::runtime::Buffer::new();
            Box::new(move || {
                out.clear();
                if big {
                    sailfish_to_big_table(&mut out, table);
                } else {
                    sailfish_to_teams(&mut out, year, teams);
                }
                out.len()
            })
        }
        other => panic!("unknown engine {other}; expected one of {ENGINES:?}"),
    }
}

/// What `engine` writes for `workload`, for the equality checks.
pub fn output(engine: &str, workload: &str, data: &Data) -> String {
    let (table, year, teams) = (&data.table[..], data.year, &data.teams[..]);
    let big = workload == "big-table";
    match engine {
        "spinneret" if big => spinneret_big_table(table),
        "spinneret" => spinneret_teams(year, teams),
        "sailfish" if big => sailfish_big_table(table),
        "sailfish" => sailfish_teams(year, teams),
        "maud" if big => maud_big_table(table),
        "maud" => maud_teams(year, teams),
        "markup" if big => markup_big_table(table),
        "markup" => markup_teams(year, teams),
        "hypertext" if big => hypertext_big_table(table),
        "hypertext" => hypertext_teams(year, teams),
        "floor" if big => floor_big_table(table),
        "floor" => floor_teams(year, teams),
        "spinneret-to" | "floor-to" => {
            // Into a buffer that already holds text: appending, not replacing.
            let mut out = String::from("@");
            match (engine == "spinneret-to", big) {
                (true, true) => spinneret_to_big_table(&mut out, table),
                (true, false) => spinneret_to_teams(&mut out, year, teams),
                (false, true) => floor_to_big_table(&mut out, table),
                (false, false) => floor_to_teams(&mut out, year, teams),
            }
            out.split_off(1)
        }
        "sailfish-to" => {
            let mut out = sailfish::runtime::Buffer::new();
            if big {
                sailfish_to_big_table(&mut out, table);
            } else {
                sailfish_to_teams(&mut out, year, teams);
            }
            out.into_string()
        }
        other => panic!("unknown engine {other}; expected one of {ENGINES:?}"),
    }
}

/// Every engine must write the same bytes, or the timings compare nothing.
pub fn check_outputs_equal(data: &Data) {
    for workload in WORKLOADS {
        let expected = output("floor", workload, data);
        for engine in ENGINES {
            assert_eq!(
                output(engine, workload, data),
                expected,
                "{engine} {workload}"
            );
        }
    }
    assert!(output("spinneret", "teams", data)
        .contains(r#"<li class="champion"><b>Jiangsu</b>: 43</li><li><b>Beijing</b>"#));
}
