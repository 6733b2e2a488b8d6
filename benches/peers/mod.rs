//! djula and its runtime peers, set up once and rendering the three workloads
//! of `benches/src/lib.rs` (big-table, teams, page) the same way.
//!
//! Shared by the criterion bench (`benches/djula.rs`), the equality test
//! (`tests/outputs_agree.rs`) and the callgrind driver
//! (`examples/one_render.rs`) through `#[path]`, because the peers are
//! dev-dependencies and so cannot be used from the library itself.
//!
//! Each peer's templates are the nearest equivalent of the Django ones in
//! `template-fixtures/bench/`; where a peer lacks one of the page's filters
//! it gets a tiny custom one calling the same function of `benches` (see
//! [`benches::format_date`], [`benches::truncatechars`], [`benches::floatformat`]).
//! Context conversion from the `Serialize` struct happens inside every
//! `render` below, as a real handler pays it; `askama` and `floor` have no
//! context to convert (they read the struct).

// Each target that includes this file uses a different part of it.
#![allow(dead_code)]

use benches::{BigTable, Page, Teams};

/// The engines, by the name the callgrind driver takes.
pub const ENGINES: [&str; 10] = [
    "djula",
    "djula-typed",
    "djula-value",
    "djula-json",
    "minijinja2",
    "minijinja3",
    "tera2",
    "handlebars",
    "askama",
    "floor",
];

/// The workloads, by name.
pub const WORKLOADS: [&str; 3] = ["big-table", "teams", "page"];

/// The Django templates djula renders, as `(name, source)`.
pub const DJULA_TEMPLATES: [(&str, &str); 5] = [
    (
        "big-table.html",
        include_str!("../../template-fixtures/bench/big-table.html"),
    ),
    (
        "teams.html",
        include_str!("../../template-fixtures/bench/teams.html"),
    ),
    (
        "base.html",
        include_str!("../../template-fixtures/bench/base.html"),
    ),
    (
        "page.html",
        include_str!("../../template-fixtures/bench/page.html"),
    ),
    (
        "item.html",
        include_str!("../../template-fixtures/bench/item.html"),
    ),
];

// ---- djula

pub struct Djula {
    pub engine: djula::Engine,
}

impl Djula {
    /// A new engine with the bench templates compiled.
    pub fn new() -> Djula {
        let mut engine = djula::Engine::new();
        for (name, source) in DJULA_TEMPLATES {
            engine.add_template(name, source).expect(name);
        }
        // Templates compile on first use; compile them all now.
        for (name, _) in DJULA_TEMPLATES {
            engine.template(name).expect(name);
        }
        Djula { engine }
    }

    /// Renders template `name`, converting `ctx` inside.
    pub fn render<C: serde::Serialize>(&self, name: &str, ctx: &C) -> String {
        self.engine
            .template(name)
            .and_then(|t| t.render(ctx))
            .expect(name)
    }

    /// Renders template `name` with the derive's typed conversion
    /// (`ToValue`) instead of serde's, inside.
    pub fn render_typed<C: djula::ToValue>(&self, name: &str, ctx: &C) -> String {
        self.engine
            .template(name)
            .and_then(|t| t.render_context(ctx))
            .expect(name)
    }

    /// Renders template `name` from a context already converted.
    pub fn render_value(&self, name: &str, ctx: djula::Value) -> String {
        self.engine
            .template(name)
            .and_then(|t| t.render_value(ctx))
            .expect(name)
    }
}

// ---- MiniJinja (2.x and 3.x share the templates; only the API differs)

pub const MJ_BIG_TABLE: &str = "<table>
  {% for row in table %}
  <tr>{% for col in row %}<td>{{ col }}</td>{% endfor %}</tr>
  {% endfor %}
</table>
";

pub const MJ_TEAMS: &str = r#"<html>
  <head>
    <title>{{ year }}</title>
  </head>
  <body>
    <h1>CSL {{ year }}</h1>
    <ul>
    {% for team in teams %}
      <li class="{% if loop.first %}champion{% endif %}">
      <b>{{ team.name }}</b>: {{ team.score }}
      </li>
    {% endfor %}
    </ul>
  </body>
</html>
"#;

/// `base.html` is the Django one unchanged.
pub const MJ_BASE: &str = include_str!("../../template-fixtures/bench/base.html");

pub const MJ_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ title }} | {{ site_name }}{% endblock %}
{% block content %}
<h1>{{ title }}</h1>
<p class="intro">{{ intro|truncatechars(80) }}</p>
<ul class="items">
{% for item in items %}{% include "item.html" %}{% endfor %}
</ul>
{% endblock %}
"#;

/// `floatformat:2` is the builtin `format`; `default` needs `true` to act on
/// `none` and `""` as Django's does; `date` and `truncatechars` are custom.
pub const MJ_ITEM: &str = r#"<li id="item-{{ item.id }}">
<h2>{{ item.name }}</h2>
<p>{{ item.description|truncatechars(40) }}</p>
<span class="price">{{ "%.2f"|format(item.price) }}</span>
<time>{{ item.added|date("Y-m-d H:i") }}</time>
<span class="note">{{ item.note|default("none", true) }}</span>
<span class="tags">{{ item.tags|join(", ") }}</span>
</li>
"#;

const MJ_TEMPLATES: [(&str, &str); 5] = [
    ("big-table.html", MJ_BIG_TABLE),
    ("teams.html", MJ_TEAMS),
    ("base.html", MJ_BASE),
    ("page.html", MJ_PAGE),
    ("item.html", MJ_ITEM),
];

pub struct MiniJinja2 {
    pub env: minijinja::Environment<'static>,
}

impl MiniJinja2 {
    pub fn new() -> MiniJinja2 {
        use minijinja::{Error, ErrorKind, Value};
        let mut env = minijinja::Environment::new();
        env.add_filter("truncatechars", |s: &str, n: usize| {
            benches::truncatechars(s, n)
        });
        env.add_filter("date", |v: Value, format: &str| -> Result<String, Error> {
            let iso = v.get_attr(benches::DATETIME_KEY)?;
            let iso = iso
                .as_str()
                .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not a date"))?;
            Ok(benches::format_date(iso, format))
        });
        for (name, source) in MJ_TEMPLATES {
            env.add_template(name, source).expect(name);
        }
        MiniJinja2 { env }
    }

    pub fn render<C: serde::Serialize>(&self, name: &str, ctx: &C) -> String {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .expect(name)
    }
}

pub struct MiniJinja3 {
    pub env: minijinja3::Environment<'static>,
}

impl MiniJinja3 {
    pub fn new() -> MiniJinja3 {
        use minijinja3::{Error, ErrorKind, Value};
        let mut env = minijinja3::Environment::new();
        env.add_filter("truncatechars", |s: &str, n: usize| {
            benches::truncatechars(s, n)
        });
        env.add_filter("date", |v: Value, format: &str| -> Result<String, Error> {
            let iso = v.get_attr(benches::DATETIME_KEY)?;
            let iso = iso
                .as_str()
                .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "not a date"))?;
            Ok(benches::format_date(iso, format))
        });
        for (name, source) in MJ_TEMPLATES {
            env.add_template(name, source).expect(name);
        }
        MiniJinja3 { env }
    }

    pub fn render<C: serde::Serialize>(&self, name: &str, ctx: &C) -> String {
        self.env
            .get_template(name)
            .and_then(|t| t.render(minijinja3::value::Serde(ctx)))
            .expect(name)
    }
}

// ---- Tera 2

pub const TERA_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ title }} | {{ site_name }}{% endblock title %}
{% block content %}
<h1>{{ title }}</h1>
<p class="intro">{{ intro | truncate(length=79) }}</p>
<ul class="items">
{% for item in items %}{% include "item.html" %}{% endfor %}
</ul>
{% endblock content %}
"#;

/// Tera's `truncate(length=N)` keeps N characters and adds `…`, so Django's
/// `truncatechars:40` is `truncate(length=39)` (the data has no text of 39 or
/// 40 characters, where the two differ); `floatformat` and `date` are custom.
pub const TERA_ITEM: &str = r#"<li id="item-{{ item.id }}">
<h2>{{ item.name }}</h2>
<p>{{ item.description | truncate(length=39) }}</p>
<span class="price">{{ item.price | floatformat(digits=2) }}</span>
<time>{{ item.added | date(format="Y-m-d H:i") }}</time>
<span class="note">{{ item.note | default(value="none", boolean=true) }}</span>
<span class="tags">{{ item.tags | join(sep=", ") }}</span>
</li>
"#;

pub struct Tera2 {
    pub tera: tera::Tera,
}

impl Tera2 {
    pub fn new() -> Tera2 {
        use tera::{Kwargs, State, TeraResult, Value};
        let mut tera = tera::Tera::new();
        tera.register_filter(
            "floatformat",
            |x: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
                Ok(benches::floatformat(x, kwargs.must_get::<usize>("digits")?))
            },
        );
        tera.register_filter(
            "date",
            |v: Value, kwargs: Kwargs, _: &State| -> TeraResult<String> {
                let format = kwargs.must_get::<&str>("format")?;
                let iso = v
                    .get_from_path(benches::DATETIME_KEY)
                    .and_then(|x| x.as_str())
                    .unwrap_or("");
                Ok(benches::format_date(iso, format))
            },
        );
        tera.add_raw_templates([
            ("big-table.html", MJ_BIG_TABLE),
            ("teams.html", MJ_TEAMS),
            ("base.html", MJ_BASE),
            ("page.html", TERA_PAGE),
            ("item.html", TERA_ITEM),
        ])
        .expect("tera templates");
        Tera2 { tera }
    }

    pub fn render<C: serde::Serialize>(&self, name: &str, ctx: &C) -> String {
        let ctx = tera::Context::from_serialize(ctx).expect("tera context");
        self.tera.render(name, &ctx).expect(name)
    }
}

// ---- Handlebars

pub const HB_BIG_TABLE: &str = "<table>
  {{#each table}}
  <tr>{{#each this}}<td>{{this}}</td>{{/each}}</tr>
  {{/each}}
</table>
";

pub const HB_TEAMS: &str = r#"<html>
  <head>
    <title>{{year}}</title>
  </head>
  <body>
    <h1>CSL {{year}}</h1>
    <ul>
    {{#each teams}}
      <li class="{{#if @first}}champion{{/if}}">
      <b>{{name}}</b>: {{score}}
      </li>
    {{/each}}
    </ul>
  </body>
</html>
"#;

/// Blocks are Handlebars partial blocks with a default body.
pub const HB_BASE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{#> title}}{{site_name}}{{/title}}</title>
</head>
<body>
<header><a href="/">{{site_name}}</a></header>
<main>
{{#> content}}{{/content}}
</main>
<footer>{{footer}}</footer>
</body>
</html>
"#;

/// `extends` is the layout idiom: inline partials passed to a partial block.
pub const HB_PAGE: &str = r#"{{#> base}}
{{#*inline "title"}}{{title}} | {{site_name}}{{/inline}}
{{#*inline "content"}}
<h1>{{title}}</h1>
<p class="intro">{{truncatechars intro 80}}</p>
<ul class="items">
{{#each items}}{{> item item=this}}{{/each}}
</ul>
{{/inline}}
{{/base}}
"#;

/// `default` is an `if`/`else`, `join` an `each` with `@first`;
/// `truncatechars`, `floatformat` and `date` are custom helpers.
pub const HB_ITEM: &str = r#"<li id="item-{{item.id}}">
<h2>{{item.name}}</h2>
<p>{{truncatechars item.description 40}}</p>
<span class="price">{{floatformat item.price 2}}</span>
<time>{{date item.added "Y-m-d H:i"}}</time>
<span class="note">{{#if item.note}}{{item.note}}{{else}}none{{/if}}</span>
<span class="tags">{{#each item.tags}}{{#unless @first}}, {{/unless}}{{this}}{{/each}}</span>
</li>
"#;

handlebars::handlebars_helper!(hb_truncatechars: |s: str, n: u64| benches::truncatechars(s, n as usize));
handlebars::handlebars_helper!(hb_floatformat: |x: f64, n: u64| benches::floatformat(x, n as usize));
handlebars::handlebars_helper!(hb_date: |v: Json, format: str| {
    benches::format_date(v.get(benches::DATETIME_KEY).and_then(|x| x.as_str()).unwrap_or(""), format)
});

pub struct Handlebars {
    pub hb: handlebars::Handlebars<'static>,
}

impl Handlebars {
    pub fn new() -> Handlebars {
        let mut hb = handlebars::Handlebars::new();
        hb.register_helper("truncatechars", Box::new(hb_truncatechars));
        hb.register_helper("floatformat", Box::new(hb_floatformat));
        hb.register_helper("date", Box::new(hb_date));
        for (name, source) in [
            ("big-table.html", HB_BIG_TABLE),
            ("teams.html", HB_TEAMS),
            ("base", HB_BASE),
            ("page.html", HB_PAGE),
            ("item", HB_ITEM),
        ] {
            hb.register_template_string(name, source).expect(name);
        }
        Handlebars { hb }
    }

    pub fn render<C: serde::Serialize>(&self, name: &str, ctx: &C) -> String {
        self.hb.render(name, ctx).expect(name)
    }
}

// ---- Askama (compile time: no context conversion, for reference)

#[derive(askama::Template)]
#[template(
    ext = "html",
    source = "<table>
  {% for row in table %}
  <tr>{% for col in row %}<td>{{ col }}</td>{% endfor %}</tr>
  {% endfor %}
</table>
"
)]
pub struct AskamaBigTable<'a> {
    pub table: &'a [Vec<usize>],
}

#[derive(askama::Template)]
#[template(
    ext = "html",
    source = r#"<html>
  <head>
    <title>{{ year }}</title>
  </head>
  <body>
    <h1>CSL {{ year }}</h1>
    <ul>
    {% for team in teams %}
      <li class="{% if loop.first %}champion{% endif %}">
      <b>{{ team.name }}</b>: {{ team.score }}
      </li>
    {% endfor %}
    </ul>
  </body>
</html>
"#
)]
pub struct AskamaTeams<'a> {
    pub year: u16,
    pub teams: &'a [benches::Team],
}

/// `extends` and `include` need files: `templates/askama-page-base.html`
/// and `templates/askama-page-item.html`.
#[derive(askama::Template)]
#[template(
    ext = "html",
    source = r#"{% extends "askama-page-base.html" %}
{% block title %}{{ title }} | {{ site_name }}{% endblock %}
{% block content %}
<h1>{{ title }}</h1>
<p class="intro">{{ benches::truncatechars(intro, 80) }}</p>
<ul class="items">
{% for item in items %}{% include "askama-page-item.html" %}{% endfor %}
</ul>
{% endblock %}
"#
)]
pub struct AskamaPage<'a> {
    pub site_name: &'a str,
    pub title: &'a str,
    pub intro: &'a str,
    pub footer: &'a str,
    pub items: &'a [benches::Item],
}

pub fn askama_big_table(data: &BigTable) -> String {
    askama::Template::render(&AskamaBigTable { table: &data.table }).expect("askama")
}

pub fn askama_teams(data: &Teams) -> String {
    askama::Template::render(&AskamaTeams {
        year: data.year,
        teams: &data.teams,
    })
    .expect("askama")
}

pub fn askama_page(data: &Page) -> String {
    askama::Template::render(&AskamaPage {
        site_name: &data.site_name,
        title: &data.title,
        intro: &data.intro,
        footer: &data.footer,
        items: &data.items,
    })
    .expect("askama")
}

// ---- every engine, by name

/// Every engine set up once, so a caller can render any workload by name.
pub struct All {
    pub djula: Djula,
    pub minijinja2: MiniJinja2,
    pub minijinja3: MiniJinja3,
    pub tera2: Tera2,
    pub handlebars: Handlebars,
}

/// The data of the three workloads.
pub struct Data {
    pub big_table: BigTable,
    pub teams: Teams,
    pub page: Page,
}

impl Data {
    pub fn standard() -> Data {
        Data {
            big_table: benches::big_table(100),
            teams: benches::teams(),
            page: benches::page(50),
        }
    }
}

/// The djula template of a workload.
pub fn template_name(workload: &str) -> &'static str {
    match workload {
        "big-table" => "big-table.html",
        "teams" => "teams.html",
        "page" => "page.html",
        other => panic!("unknown workload {other}; expected one of {WORKLOADS:?}"),
    }
}

impl All {
    pub fn new() -> All {
        All {
            djula: Djula::new(),
            minijinja2: MiniJinja2::new(),
            minijinja3: MiniJinja3::new(),
            tera2: Tera2::new(),
            handlebars: Handlebars::new(),
        }
    }

    /// A closure rendering `workload` with `engine` (names from [`ENGINES`]
    /// and [`WORKLOADS`]), the names resolved once so a bench times only the
    /// render. `djula-value` converts its context here, outside the closure.
    pub fn renderer<'a>(
        &'a self,
        engine: &str,
        workload: &str,
        data: &'a Data,
    ) -> Box<dyn Fn() -> String + 'a> {
        let name = template_name(workload);
        macro_rules! each_workload {
            (|$d:ident| $body:expr) => {
                match workload {
                    "big-table" => {
                        let $d = &data.big_table;
                        Box::new(move || $body)
                    }
                    "teams" => {
                        let $d = &data.teams;
                        Box::new(move || $body)
                    }
                    _ => {
                        let $d = &data.page;
                        Box::new(move || $body)
                    }
                }
            };
        }
        match engine {
            "djula" => each_workload!(|d| self.djula.render(name, d)),
            "djula-typed" => each_workload!(|d| self.djula.render_typed(name, d)),
            "djula-value" => {
                let value = match workload {
                    "big-table" => djula::to_value(&data.big_table),
                    "teams" => djula::to_value(&data.teams),
                    _ => djula::to_value(&data.page),
                }
                .expect("to_value");
                // A clone is one reference count: the value is shared, not copied.
                Box::new(move || self.djula.render_value(name, value.clone()))
            }
            "djula-json" => {
                // A handler that builds its context as JSON (`json!`, or
                // data read as JSON): converted inside, as `render` does.
                let json = match workload {
                    "big-table" => serde_json::to_value(&data.big_table),
                    "teams" => serde_json::to_value(&data.teams),
                    _ => serde_json::to_value(&data.page),
                }
                .expect("serde_json::to_value");
                Box::new(move || self.djula.render(name, &json))
            }
            "minijinja2" => each_workload!(|d| self.minijinja2.render(name, d)),
            "minijinja3" => each_workload!(|d| self.minijinja3.render(name, d)),
            "tera2" => each_workload!(|d| self.tera2.render(name, d)),
            "handlebars" => each_workload!(|d| self.handlebars.render(name, d)),
            "askama" => {
                each_workload_fn(workload, data, askama_big_table, askama_teams, askama_page)
            }
            "floor" => each_workload_fn(
                workload,
                data,
                benches::floor_big_table,
                benches::floor_teams,
                benches::floor_page,
            ),
            other => panic!("unknown engine {other}; expected one of {ENGINES:?}"),
        }
    }

    /// One render of `workload` by `engine`.
    pub fn render(&self, engine: &str, workload: &str, data: &Data) -> String {
        self.renderer(engine, workload, data)()
    }
}

/// The typed engines (askama, the floor): one function per workload.
fn each_workload_fn<'a>(
    workload: &str,
    data: &'a Data,
    big_table: fn(&BigTable) -> String,
    teams: fn(&Teams) -> String,
    page: fn(&Page) -> String,
) -> Box<dyn Fn() -> String + 'a> {
    match workload {
        "big-table" => Box::new(move || big_table(&data.big_table)),
        "teams" => Box::new(move || teams(&data.teams)),
        _ => Box::new(move || page(&data.page)),
    }
}
