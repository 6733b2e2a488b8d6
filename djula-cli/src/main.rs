//! `djula`, the command line of the djula template engine.
//!
//! ```text
//! djula render NAME --dir DIR [--context FILE.json|-] [--no-autoescape]
//!              [--string-if-invalid S] [--settings FILE.json]
//!              [--locale DIR [--domain D]] [--language CODE]
//! djula check DIR [--settings FILE.json] [--context-schema FILE.json]
//! djula makemessages DIR [--domain D] [--output FILE.pot|-]
//! ```
//!
//! - `render` prints template NAME, found under the `--dir` directories
//!   (searched in order, the first match wins), rendered with the JSON
//!   context of `--context` (a file, or `-` for stdin). Nothing but the page
//!   reaches stdout, and nothing at all when the render fails. This command
//!   is the contract Django conformance checkers drive: keep it stable.
//! - `check` compiles every template under DIR, checks that the templates
//!   named by literal `extends` and `include` exist, and lists every error;
//!   with `--context-schema`, it also checks each listed template against
//!   its context, described as a JSON Schema (see `schema.rs`).
//! - `makemessages` writes the translatable strings of DIR's templates as a
//!   gettext `.pot` file (`DOMAIN.pot`, or `--output`; `-` is stdout).
//!
//! Exit status (`EXIT_STATUS`, shown by every `--help`): 0 on success,
//! `--help` and `--version` included; 1 on any template, context, settings
//! or usage error, with the message on stderr (a template error names the
//! template, line and column). Usage errors are 1 rather than clap's usual
//! 2, as they always were, so a caller tells only success from failure.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod schema;

/// The exit statuses, as `--help` prints them after every command's flags.
const EXIT_STATUS: &str = "\
Exit status:
  0  success (also for --help and --version)
  1  any template, context, settings or usage error; the message is on
     stderr and names the template, line and column";

/// Django templates, rendered and checked.
#[derive(Parser)]
#[command(
    name = "djula",
    version,
    after_help = EXIT_STATUS,
    propagate_version = true,
    // An option given twice keeps its last value (`--context a --context b`
    // reads b), as the hand-written parser before clap did.
    args_override_self = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The commands; each one's doc comment is its help text. Their
/// `display_name` makes `djula render --version` print `djula 0.1.0`, as
/// `djula --version` does, rather than clap's `djula-render 0.1.0`.
#[derive(Subcommand)]
enum Command {
    /// Print the rendering of template NAME to stdout.
    ///
    /// NAME is found under the --dir directories, searched in the order
    /// given. Only the page reaches stdout, with no newline added, and
    /// nothing at all when the render fails. Templates compile on first use,
    /// so a broken template beside NAME does not stop it (check compiles
    /// all).
    #[command(display_name = "djula", after_help = EXIT_STATUS, verbatim_doc_comment)]
    Render(RenderArgs),
    /// Compile every template under DIR and list every error.
    ///
    /// Also checks that the templates named by literal extends and include
    /// tags exist. On success, prints how many templates compiled.
    #[command(display_name = "djula", after_help = EXIT_STATUS, verbatim_doc_comment)]
    Check(CheckArgs),
    /// Write the translatable strings of DIR's templates as a gettext .pot file.
    ///
    /// Reads translate, blocktranslate, _("..."), Djula's {_ ... _} and the
    /// trans filter in every template under DIR, and writes each message
    /// once, with #: file:line references. Hidden files and files that are
    /// not UTF-8 are skipped.
    #[command(display_name = "djula", after_help = EXIT_STATUS, verbatim_doc_comment)]
    Makemessages(MakemessagesArgs),
}

#[derive(Args)]
struct RenderArgs {
    /// The template to render, by its name under a --dir (e.g. page.html).
    #[arg(value_name = "NAME")]
    name: String,
    /// A template directory; several are searched in the order given.
    #[arg(long = "dir", value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
    /// The context as a JSON object, from a file or - for stdin.
    /// {"__safe__": "<b>x</b>"} is a safe string; {"__date__": …},
    /// {"__datetime__": …} and {"__time__": …} are dates and times.
    #[arg(long, value_name = "FILE.json|-", verbatim_doc_comment)]
    context: Option<PathBuf>,
    /// Turn autoescaping off (Django's autoescape=False).
    #[arg(long)]
    no_autoescape: bool,
    /// Print S for an undefined variable (Django's string_if_invalid).
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    string_if_invalid: Option<String>,
    /// Engine settings as a JSON object: any field of djula::Settings by
    /// name, plus default_template_arguments (values every render sees).
    #[arg(long, value_name = "FILE.json", verbatim_doc_comment)]
    settings: Option<PathBuf>,
    /// A directory of gettext catalogs (LANG/LC_MESSAGES/DOMAIN.mo or .po);
    /// may be given several times.
    #[arg(long = "locale", value_name = "DIR", verbatim_doc_comment)]
    locales: Vec<PathBuf>,
    /// The gettext domain of the --locale catalogs.
    #[arg(long, value_name = "D", default_value = "django")]
    domain: String,
    /// The language to render in (e.g. fr), with the --locale catalogs.
    #[arg(long, value_name = "CODE")]
    language: Option<String>,
}

#[derive(Args)]
struct CheckArgs {
    /// The template directory to check.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Engine settings as a JSON object, as for render.
    #[arg(long, value_name = "FILE.json")]
    settings: Option<PathBuf>,
    /// Also check templates against their contexts, described as JSON
    /// Schemas: {"templates": {"page.html": SCHEMA, ...}, "$defs": {...}}.
    /// Every path a listed template reads must fit its schema.
    #[arg(long, value_name = "FILE.json", verbatim_doc_comment)]
    context_schema: Option<PathBuf>,
}

#[derive(Args)]
struct MakemessagesArgs {
    /// The template directory to read, with its subdirectories.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The gettext domain: the output file is DOMAIN.pot unless --output says.
    #[arg(long, value_name = "D", default_value = "django")]
    domain: String,
    /// Where to write the .pot file; - is stdout.
    #[arg(long, value_name = "FILE.pot|-")]
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; a usage
            // error prints clap's message (with its suggestion) to stderr.
            let _ = e.print();
            return if e.exit_code() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    let result = match cli.command {
        Command::Render(args) => render(args),
        Command::Check(args) => check(args),
        Command::Makemessages(args) => makemessages(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            report_to_stderr(&format!("{message}\n"));
            ExitCode::FAILURE
        }
    }
}

fn render(args: RenderArgs) -> Result<(), String> {
    let ctx = match &args.context {
        None => serde_json::json!({}),
        Some(path) => {
            let text = if path == Path::new("-") {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| e.to_string())?;
                s
            } else {
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?
            };
            serde_json::from_str(&text)
                .map_err(|e| format!("{}: invalid JSON: {e}", path.display()))?
        }
    };
    let (mut settings, defaults) = match &args.settings {
        Some(path) => read_settings(path)?,
        None => (djula::Settings::default(), None),
    };
    if args.no_autoescape {
        settings.autoescape = false;
    }
    if let Some(text) = args.string_if_invalid {
        settings.undefined = djula::Undefined::StringIfInvalid(text);
    }
    let mut engine = djula::Engine::with_settings(settings);
    if let Some(defaults) = &defaults {
        engine.set_default_context(defaults).map_err(report)?;
    }
    for dir in &args.dirs {
        // Templates compile on first use: a broken file beside this one
        // does not stop the render (`check` compiles all).
        engine.add_template_directory(dir).map_err(report)?;
    }
    for dir in &args.locales {
        engine
            .add_locale_directory(dir, &args.domain)
            .map_err(report)?;
    }
    let template = engine.template(&args.name).map_err(report)?;
    // The whole page first: on an error, nothing reaches stdout.
    let mut page = Vec::new();
    template
        .write_value_to(
            &mut page,
            djula::Value::from(&ctx),
            args.language.as_deref(),
        )
        .map_err(report)?;
    write_stdout(&page)
}

/// Writes to stdout. A reader that stopped early (`djula render … | head`)
/// is not an error; `print!` would panic there.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| e.to_string()),
    }
}

/// Writes a message to stderr; a closed stderr (`2>&1 | head -1`) leaves
/// nowhere to say anything, so the exit status alone tells (`eprintln!`
/// would panic there).
fn report_to_stderr(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}

/// A djula error as the CLI prints it: the full report (`{:#}`), with the
/// source line, a caret under the offending token, the suggestion and the
/// include chain; djula's plain `Display` is only the first line.
fn report(e: djula::Error) -> String {
    format!("{e:#}")
}

/// A settings file: the fields of `djula::Settings`, plus
/// `default_template_arguments` (Djula's `*default-template-arguments*`),
/// the values every render sees.
fn read_settings(path: &Path) -> Result<(djula::Settings, Option<serde_json::Value>), String> {
    let path_text = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path_text}: {e}"))?;
    let mut json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{path_text}: invalid JSON: {e}"))?;
    let object = json
        .as_object_mut()
        .ok_or_else(|| format!("{path_text}: settings must be a JSON object"))?;
    let defaults = object.remove("default_template_arguments");
    let settings = serde_json::from_value(json).map_err(|e| format!("{path_text}: {e}"))?;
    Ok((settings, defaults))
}

fn check(args: CheckArgs) -> Result<(), String> {
    let settings = match &args.settings {
        Some(path) => read_settings(path)?.0,
        None => djula::Settings::default(),
    };
    let mut engine = djula::Engine::with_settings(settings);
    engine.add_template_directory(&args.dir).map_err(report)?;
    let checked = engine.check().map_err(report)?;
    if let Some(path) = &args.context_schema {
        let schemas = read_context_schemas(path)?;
        let mut problems = Vec::new();
        for (name, shape) in &schemas {
            let template = engine.template(name).map_err(report)?;
            if let Err(e) = template.check_shape(shape) {
                problems.extend(e.problems().iter().cloned());
            }
        }
        if !problems.is_empty() {
            let mut text = format!(
                "error: {} path(s) the templates read do not fit their context schema:",
                problems.len()
            );
            for problem in &problems {
                text.push_str(&format!("\n\n{problem:#}"));
            }
            return Err(text);
        }
        return write_stdout(
            format!(
                "{checked} templates compiled without errors; {} checked against their context schema\n",
                schemas.len()
            )
            .as_bytes(),
        );
    }
    write_stdout(format!("{checked} templates compiled without errors\n").as_bytes())
}

/// The `--context-schema` file: template names and the shapes of their
/// contexts, in the file's order.
fn read_context_schemas(path: &Path) -> Result<Vec<(String, &'static djula::Shape)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let root: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(templates) = root.get("templates").and_then(serde_json::Value::as_object) else {
        return Err(format!(
            "{}: expected {{\"templates\": {{\"page.html\": <JSON Schema>, ...}}}} (shared definitions under \"$defs\")",
            path.display()
        ));
    };
    templates
        .iter()
        .map(|(name, schema)| {
            schema::shape(schema, &root)
                .map(|shape| (name.clone(), shape))
                .map_err(|e| format!("{}: {name}: {e}", path.display()))
        })
        .collect()
}

/// `djula makemessages DIR`: every translatable string of the templates
/// under DIR, as a `.pot` file (`DOMAIN.pot` unless `--output` says).
fn makemessages(args: MakemessagesArgs) -> Result<(), String> {
    let dir = &args.dir;
    let mut files = Vec::new();
    template_files(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    files.sort();
    let mut messages = Vec::new();
    for file in &files {
        // Binary and other non-UTF-8 files are not templates.
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let name = file
            .strip_prefix(dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        messages.extend(djula::extract_messages(&source, &name));
    }
    let pot = djula::write_pot(&messages);
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.pot", args.domain)));
    if output == Path::new("-") {
        write_stdout(pot.as_bytes())?;
    } else {
        std::fs::write(&output, pot).map_err(|e| format!("{}: {e}", output.display()))?;
        report_to_stderr(&format!(
            "{} strings from {} files written to {}\n",
            messages.len(),
            files.len(),
            output.display()
        ));
    }
    Ok(())
}

/// The files under `dir`, recursively, skipping hidden ones.
fn template_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            template_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}
