//! spinneret against maud, markup, sailfish and hypertext on the standard
//! Rust template benchmark workloads: big-table (100x100 integers) and teams
//! (four teams, the first highlighted), with a hand-written floor (`push_str`,
//! itoa and the shared escaper, same output). Every engine's output is checked
//! equal before anything is timed; escaping is on everywhere.
//!
//! Documented difference: hypertext escapes text content with html-escape's
//! `encode_text` (`&`, `<`, `>` only; quotes stay as they are, which is safe in
//! text). Neither workload has a quote in its text, so the outputs are equal.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sailfish::TemplateOnce;

const SIZE: usize = 100;

fn big_table_data() -> Vec<Vec<usize>> {
    (0..SIZE).map(|_| (0..SIZE).collect()).collect()
}

pub struct Team {
    pub name: String,
    pub score: u8,
}

fn teams_data() -> (u16, Vec<Team>) {
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

// ---- spinneret

fn spinneret_big_table(table: &[Vec<usize>]) -> String {
    spinneret::html! { table { for row in table { tr { for col in row { td { (col) } } } } } }
        .into_string()
}

fn spinneret_teams(year: u16, teams: &[Team]) -> String {
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

// ---- the floor: what the output costs written by hand

fn floor_big_table(table: &[Vec<usize>]) -> String {
    let mut out = String::with_capacity(16 + table.len() * (table.len() * 12 + 16));
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
    out
}

fn floor_teams(year: u16, teams: &[Team]) -> String {
    let mut out = String::with_capacity(512);
    let mut num = itoa::Buffer::new();
    out.push_str(r#"<html lang="en"><head><meta charset="utf-8"><title>"#);
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
        filters::escape_into(&mut out, &team.name);
        out.push_str("</b>: ");
        out.push_str(num.format(team.score));
        out.push_str("</li>");
    }
    out.push_str("</ul></body></html>");
    out
}

// ---- maud

fn maud_big_table(table: &[Vec<usize>]) -> String {
    maud::html! { table { @for row in table { tr { @for col in row { td { (col) } } } } } }
        .into_string()
}

fn maud_teams(year: u16, teams: &[Team]) -> String {
    maud::html! {
        html lang="en" {
            head { meta charset="utf-8"; title { (year) } }
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
            head { meta[charset = "utf-8"]; title { @year } }
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

fn sailfish_big_table(table: &[Vec<usize>]) -> String {
    SailfishBigTable { table }.render_once().unwrap_or_default()
}

fn sailfish_teams(year: u16, teams: &[Team]) -> String {
    SailfishTeams { year, teams }
        .render_once()
        .unwrap_or_default()
}

// ---- hypertext (its maud! syntax)

fn hypertext_big_table(table: &[Vec<usize>]) -> String {
    use hypertext::prelude::*;
    maud! { table { @for row in table { tr { @for col in row { td { (col) } } } } } }
        .render()
        .into_inner()
}

fn hypertext_teams(year: u16, teams: &[Team]) -> String {
    use hypertext::prelude::*;
    maud! {
        html lang="en" {
            head { meta charset="utf-8"; title { (year) } }
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

/// Every engine must write the same bytes, or the timings compare nothing.
fn check_outputs_equal() {
    let table = big_table_data();
    let expected = spinneret_big_table(&table);
    assert_eq!(maud_big_table(&table), expected, "maud big-table");
    assert_eq!(
        MarkupBigTable { table: &table }.to_string(),
        expected,
        "markup big-table"
    );
    assert_eq!(sailfish_big_table(&table), expected, "sailfish big-table");
    assert_eq!(hypertext_big_table(&table), expected, "hypertext big-table");
    assert_eq!(floor_big_table(&table), expected, "floor big-table");
    let (year, teams) = teams_data();
    let expected = spinneret_teams(year, &teams);
    assert!(
        expected.contains(r#"<li class="champion"><b>Jiangsu</b>: 43</li><li><b>Beijing</b>"#),
        "{expected}"
    );
    assert_eq!(maud_teams(year, &teams), expected, "maud teams");
    assert_eq!(
        MarkupTeams {
            year,
            teams: &teams
        }
        .to_string(),
        expected,
        "markup teams"
    );
    assert_eq!(sailfish_teams(year, &teams), expected, "sailfish teams");
    assert_eq!(hypertext_teams(year, &teams), expected, "hypertext teams");
    assert_eq!(floor_teams(year, &teams), expected, "floor teams");
}

fn big_table(c: &mut Criterion) {
    check_outputs_equal();
    let table = big_table_data();
    let mut group = c.benchmark_group("big-table");
    group.bench_function("spinneret", |b| {
        b.iter(|| spinneret_big_table(black_box(&table)))
    });
    group.bench_function("maud", |b| b.iter(|| maud_big_table(black_box(&table))));
    group.bench_function("markup", |b| {
        b.iter(|| {
            MarkupBigTable {
                table: black_box(&table),
            }
            .to_string()
        })
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| sailfish_big_table(black_box(&table)))
    });
    group.bench_function("hypertext", |b| {
        b.iter(|| hypertext_big_table(black_box(&table)))
    });
    group.bench_function("floor", |b| b.iter(|| floor_big_table(black_box(&table))));
    group.finish();
}

fn teams(c: &mut Criterion) {
    let (year, teams) = teams_data();
    let mut group = c.benchmark_group("teams");
    group.bench_function("spinneret", |b| {
        b.iter(|| spinneret_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("maud", |b| {
        b.iter(|| maud_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("markup", |b| {
        b.iter(|| {
            MarkupTeams {
                year: black_box(year),
                teams: black_box(&teams),
            }
            .to_string()
        })
    });
    group.bench_function("sailfish", |b| {
        b.iter(|| sailfish_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("hypertext", |b| {
        b.iter(|| hypertext_teams(black_box(year), black_box(&teams)))
    });
    group.bench_function("floor", |b| {
        b.iter(|| floor_teams(black_box(year), black_box(&teams)))
    });
    group.finish();
}

criterion_group!(benches, big_table, teams);
criterion_main!(benches);
