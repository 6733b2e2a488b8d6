//! Widgets written as code with spinneret: the task rows of `/tasks` and
//! the whole printable page built with `with_page!`.

use spinneret::{html, with_page, Markup};

use crate::db::Task;

/// One task: a checkbox whose `checked` follows the task (it submits its
/// form when clicked: `static/fragments.js` reads `data-submit-on-change`,
/// as the Content-Security-Policy allows no inline handler), the title
/// (struck through when done), and a button that does the same without
/// JavaScript.
pub fn task_row(task: &Task, csrf: &str) -> Markup {
    let action = format!("/tasks/{}/toggle", task.id);
    let label = if task.done { "Undo" } else { "Done" };
    html! {
        li.task.done[task.done] id=(format!("task-{}", task.id)) {
            form method="post" action=(action) {
                input type="hidden" name="csrfmiddlewaretoken" value=(csrf);
                input type="checkbox" checked=(task.done) aria-label=(format!("{label}: {}", task.title))
                    data-submit-on-change;
                span.title { (task.title.as_str()) }
                button type="submit" { (label) }
            }
        }
    }
}

/// The task list: one [`task_row`] per task, or a friendly empty state.
pub fn task_list(tasks: &[Task], csrf: &str) -> Markup {
    html! {
        if tasks.is_empty() {
            p.empty { "Nothing to do. Add your first task below." }
        } else {
            ul.tasks { for task in tasks { (task_row(task, csrf)) } }
        }
    }
}

/// The printable shopping list: a whole page built with `with_page!`, as
/// the cookbook's `with-page` example does.
pub fn print_page(user_name: &str, tasks: &[Task]) -> Markup {
    let open: Vec<&Task> = tasks.iter().filter(|t| !t.done).collect();
    let done = tasks.len() - open.len();
    with_page! {
        title: (format!("{user_name}'s list"));
        head { link rel="stylesheet" href="/static/style.css"; }
        main.print {
            h1 { ("{}, here is your shopping list:", user_name) }
            if open.is_empty() {
                p.empty { "Everything is done." }
            } else {
                ol id="shopping-list" { for task in &open { li { (task.title.as_str()) } } }
            }
            p.lead { (done) "done," (open.len()) "to go." }
            p.noprint { a href="/tasks" { "Back to my tasks" } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, title: &str, done: bool) -> Task {
        Task {
            id,
            title: title.into(),
            done,
        }
    }

    #[test]
    fn checkbox_follows_the_task_and_done_titles_are_marked() {
        let open = task_row(&task(1, "milk & eggs", false), "tok").into_string();
        assert!(open.contains(r#"<li class="task" id="task-1">"#), "{open}");
        assert!(!open.contains("checked"));
        assert!(open.contains("milk &amp; eggs"));
        let done = task_row(&task(2, "bread", true), "tok").into_string();
        assert!(
            done.contains(r#"<li class="task done" id="task-2">"#),
            "{done}"
        );
        assert!(done.contains(" checked"));
        assert!(done.contains(r#"value="tok""#));
    }

    #[test]
    fn print_page_is_a_whole_document() {
        let page =
            print_page("Ada", &[task(1, "<milk>", false), task(2, "tea", true)]).into_string();
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
        assert!(page.contains("<title>Ada&#x27;s list</title>"));
        assert!(page.contains("<li>&lt;milk&gt;</li>"));
        assert!(!page.contains("<li>tea</li>"));
    }
}
