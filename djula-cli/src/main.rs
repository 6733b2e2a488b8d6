//! The `djula` command line: render a template, or check a directory.
//!
//! ```text
//! djula render NAME --dir DIR [--context FILE.json|-] [--no-autoescape]
//!              [--string-if-invalid S] [--settings FILE.json]
//!              [--locale DIR [--domain D]] [--language CODE]
//! djula check DIR
//! djula makemessages DIR [--domain D] [--output FILE.pot|-]
//! ```

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  djula render NAME --dir DIR [--context FILE.json|-] [--no-autoescape] [--string-if-invalid S] [--settings FILE.json]
               [--locale DIR [--domain D]] [--language CODE]
  djula check DIR [--settings FILE.json]
  djula makemessages DIR [--domain D] [--output FILE.pot|-]";

/// What each command does, for `--help`.
const HELP: &str = "djula: Django templates, rendered and checked.

  render NAME   prints template NAME found under --dir DIR (several --dir are
                searched in order), with the JSON context of --context (a
                file, or - for stdin). --settings FILE.json sets any field of
                djula::Settings; --locale DIR and --language CODE translate.
  check DIR     compiles every template under DIR and checks that the
                templates named by literal extends and includes exist;
                lists every problem.
  makemessages DIR
                writes the translatable strings of DIR's templates as a
                gettext .pot file.

Exit status: 0 on success, 1 on any template, context or usage error (the
message on stderr names the template, line and column).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}\n\n{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.iter().any(|a| a == "--version" || a == "-V") {
        println!("djula {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("render") => render(&args[1..]),
        Some("check") => check(&args[1..]),
        Some("makemessages") => makemessages(args.get(1..).unwrap_or_default()),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn render(args: &[String]) -> Result<(), String> {
    let mut name = None;
    let mut dirs = Vec::new();
    let mut context = None;
    let mut no_autoescape = false;
    let mut string_if_invalid = None;
    let mut settings_file = None;
    let mut locales = Vec::new();
    let mut domain = String::from("django");
    let mut language = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--dir" => dirs.push(value("--dir")?),
            "--context" => context = Some(value("--context")?),
            "--no-autoescape" => no_autoescape = true,
            "--string-if-invalid" => string_if_invalid = Some(value("--string-if-invalid")?),
            "--settings" => settings_file = Some(value("--settings")?),
            "--locale" => locales.push(value("--locale")?),
            "--domain" => domain = value("--domain")?,
            "--language" => language = Some(value("--language")?),
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other}\n{USAGE}"))
            }
            other => name = Some(other.to_string()),
        }
    }
    let name = name.ok_or_else(|| format!("render needs a template name\n{USAGE}"))?;
    let ctx = match context.as_deref() {
        None => serde_json::json!({}),
        Some(path) => {
            let text = if path == "-" {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .map_err(|e| e.to_string())?;
                s
            } else {
                std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?
            };
            serde_json::from_str(&text).map_err(|e| format!("{}: invalid JSON: {e}", path))?
        }
    };
    let (mut settings, defaults) = match &settings_file {
        Some(path) => read_settings(path)?,
        None => (djula::Settings::default(), None),
    };
    if no_autoescape {
        settings.autoescape = false;
    }
    if let Some(text) = string_if_invalid {
        settings.undefined = djula::Undefined::StringIfInvalid(text);
    }
    let mut engine = djula::Engine::with_settings(settings);
    if let Some(defaults) = &defaults {
        engine
            .set_default_context(defaults)
            .map_err(|e| e.to_string())?;
    }
    for dir in &dirs {
        // Templates compile on first use: a broken file beside this one
        // does not stop the render (`check` compiles all).
        engine
            .add_template_directory(dir)
            .map_err(|e| e.to_string())?;
    }
    for dir in &locales {
        engine
            .add_locale_directory(dir, &domain)
            .map_err(|e| e.to_string())?;
    }
    let template = engine.template(&name).map_err(|e| e.to_string())?;
    // The whole page first: on an error, nothing reaches stdout.
    let mut page = Vec::new();
    template
        .write_value_to(&mut page, djula::Value::from(&ctx), language.as_deref())
        .map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&page).and_then(|()| stdout.flush()) {
        // A reader that stopped early (`djula render … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| e.to_string()),
    }
}

/// A settings file: the fields of `djula::Settings`, plus
/// `default_template_arguments` (Djula's `*default-template-arguments*`),
/// the values every render sees.
fn read_settings(path: &str) -> Result<(djula::Settings, Option<serde_json::Value>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{path}: invalid JSON: {e}"))?;
    let object = json
        .as_object_mut()
        .ok_or_else(|| format!("{path}: settings must be a JSON object"))?;
    let defaults = object.remove("default_template_arguments");
    let settings = serde_json::from_value(json).map_err(|e| format!("{path}: {e}"))?;
    Ok((settings, defaults))
}

fn check(args: &[String]) -> Result<(), String> {
    let (dir, settings) = match args {
        [dir] => (dir, djula::Settings::default()),
        [dir, flag, file] | [flag, file, dir] if flag == "--settings" => {
            (dir, read_settings(file)?.0)
        }
        _ => return Err(USAGE.to_string()),
    };
    let mut engine = djula::Engine::with_settings(settings);
    engine
        .add_template_directory(dir)
        .map_err(|e| e.to_string())?;
    let checked = engine.check().map_err(|e| e.to_string())?;
    println!("{checked} templates compiled without errors");
    Ok(())
}

/// `djula makemessages DIR`: every translatable string of the templates
/// under DIR, as a `.pot` file (`DOMAIN.pot` unless `--output` says).
fn makemessages(args: &[String]) -> Result<(), String> {
    let mut dir = None;
    let mut domain = String::from("django");
    let mut output = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--domain" => domain = it.next().cloned().ok_or("--domain needs a value")?,
            "--output" => output = Some(it.next().cloned().ok_or("--output needs a value")?),
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other}\n{USAGE}"))
            }
            other => dir = Some(std::path::PathBuf::from(other)),
        }
    }
    let dir = dir.ok_or_else(|| format!("makemessages needs a directory\n{USAGE}"))?;
    let mut files = Vec::new();
    template_files(&dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    files.sort();
    let mut messages = Vec::new();
    for file in &files {
        // Binary and other non-UTF-8 files are not templates.
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let name = file
            .strip_prefix(&dir)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        messages.extend(djula::extract_messages(&source, &name));
    }
    let pot = djula::write_pot(&messages);
    let output = output.unwrap_or_else(|| format!("{domain}.pot"));
    if output == "-" {
        print!("{pot}");
    } else {
        std::fs::write(&output, pot).map_err(|e| format!("{output}: {e}"))?;
        eprintln!(
            "{} strings from {} files written to {output}",
            messages.len(),
            files.len()
        );
    }
    Ok(())
}

/// The files under `dir`, recursively, skipping hidden ones.
fn template_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
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
