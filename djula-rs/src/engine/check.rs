//! [`Engine::check`]: every template compiled now, every error reported,
//! for start-up validation and `djula check`.

use super::Engine;
use crate::compile::Reference;
use crate::error::{Error, ErrorKind};

impl Engine {
    /// Compiles every template the loaders can list, now, and checks that
    /// each template a literal `{% extends %}` or `{% include %}` names
    /// exists. Returns how many templates were checked, or one error that
    /// lists every failure (each with its template, line and source line).
    ///
    /// Call it once set-up is done (directories added, filters and tags
    /// registered), at start-up or in a test.
    ///
    /// ```
    /// let mut e = djula::Engine::new();
    /// e.add_template("page.html", "{% include 'missing.html' %}").unwrap();
    /// e.add_template("list.html", "{{ x|nope }}").unwrap();
    /// e.add_template("ok.html", "{{ x|upper }}").unwrap();
    /// let report = format!("{:#}", e.check().unwrap_err());
    /// assert!(report.starts_with("error: 2 problem(s) in 2 template(s):\n\n"), "{report}");
    /// assert!(report.contains("'page.html' includes 'missing.html', which does not exist"));
    /// assert!(report.contains("Invalid filter: 'nope'"));
    /// e.def_filter("nope", |s: String| s);
    /// e.add_template("page.html", "{% include 'ok.html' %}").unwrap();
    /// assert_eq!(e.check().unwrap(), 3);
    /// ```
    pub fn check(&self) -> Result<usize, Error> {
        let names = self.template_names();
        let mut problems = Vec::new();
        let mut broken = 0;
        for name in &names {
            let before = problems.len();
            match self.inner.load(name) {
                Err(e) => problems.push(e),
                Ok(template) => {
                    for reference in template.references() {
                        let Reference {
                            name: target,
                            span,
                            tag,
                        } = reference;
                        // Only a missing target is this template's problem;
                        // a broken one is reported under its own name.
                        if let Err(e) = self.inner.load_referenced(&target, Some(name)) {
                            if e.kind() != ErrorKind::TemplateNotFound {
                                continue;
                            }
                            let error = Error::new(
                                ErrorKind::TemplateNotFound,
                                format!("'{name}' {tag} '{target}', which does not exist"),
                            );
                            let error = match e.help() {
                                Some(help) => error.with_help(help.to_string()),
                                None => error,
                            }
                            .with_notes(e.notes().iter().cloned());
                            problems.push(error.at(&template.name, &template.source, span));
                        }
                    }
                }
            }
            broken += usize::from(problems.len() > before);
        }
        if problems.is_empty() {
            return Ok(names.len());
        }
        Err(Error::new(
            problems.first().map_or(ErrorKind::Syntax, Error::kind),
            format!("{} problem(s) in {broken} template(s)", problems.len()),
        )
        .with_problems(problems))
    }
}
