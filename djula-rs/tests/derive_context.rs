//! `#[derive(djula::Context)]`: the shape follows what serde writes.

use djula::shape::check::{walk, Failure, Problem, Step};
use djula::{Context, Shape};
use serde::Serialize;

#[derive(Serialize, Context)]
#[serde(rename_all = "camelCase")]
struct Task {
    title: String,
    done_at: Option<djula::TemplateDate>,
    #[serde(rename = "labels")]
    tags: Vec<String>,
    #[serde(skip)]
    #[allow(dead_code)]
    secret: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    r#type: u8,
}

#[derive(Serialize, Context)]
struct Meta {
    version: u32,
}

#[derive(Serialize, Context)]
struct Page<T> {
    items: Vec<T>,
    #[serde(flatten)]
    meta: Meta,
    by_name: std::collections::BTreeMap<String, T>,
}

#[derive(Serialize, Context)]
struct Node {
    name: String,
    children: Vec<Node>,
}

#[derive(Serialize, Context)]
struct Id(u64);

#[derive(Serialize, Context)]
#[serde(rename_all = "lowercase")]
enum Status {
    Open,
    #[allow(dead_code)]
    Closed,
}

fn attr(name: &str) -> Step<'_> {
    Step::Attr(name)
}

fn problem(root: &'static Shape, path: &[Step<'static>]) -> Problem<'static> {
    match walk(root, path) {
        Err(Failure { problem, .. }) => problem,
        Ok(shape) => panic!("{path:?} fits, reaching {shape:?}"),
    }
}

#[test]
fn fields_are_named_as_serde_writes_them() {
    let task = Task::SHAPE;
    assert!(matches!(
        walk(task, &[attr("title"), attr("upper")]),
        Ok(Shape::Str)
    ));
    assert!(matches!(
        walk(task, &[attr("doneAt"), attr("year")]),
        Ok(Shape::Int)
    ));
    assert!(matches!(
        walk(task, &[attr("labels"), Step::Item]),
        Ok(Shape::Str)
    ));
    assert!(matches!(
        walk(task, &[attr("note")]),
        Ok(Shape::Optional(_))
    ));
    assert!(matches!(walk(task, &[attr("type")]), Ok(Shape::Int)));
    assert_eq!(
        problem(task, &[attr("done_at")]),
        Problem::NoField {
            of: "Task",
            name: "done_at",
            suggestion: Some("doneAt")
        }
    );
    assert_eq!(
        problem(task, &[attr("tags")]),
        Problem::NoField {
            of: "Task",
            name: "tags",
            suggestion: None
        }
    );
    assert_eq!(
        problem(task, &[attr("secret")]),
        Problem::NoField {
            of: "Task",
            name: "secret",
            suggestion: None
        }
    );
    assert_eq!(
        problem(task, &[attr("title"), attr("name")]),
        Problem::NoAttribute {
            of: "a string",
            name: "name"
        }
    );
    assert_eq!(
        problem(task, &[attr("type"), Step::Item]),
        Problem::NotIterable { of: "an integer" }
    );
}

#[test]
fn generics_flatten_and_maps() {
    let page = <Page<Task> as Context>::SHAPE;
    assert!(matches!(
        walk(page, &[attr("items"), Step::Item, attr("title")]),
        Ok(Shape::Str)
    ));
    assert!(matches!(walk(page, &[attr("version")]), Ok(Shape::Int)));
    assert!(matches!(
        walk(page, &[attr("by_name"), attr("anyone"), attr("labels")]),
        Ok(Shape::List(Shape::Str))
    ));
    assert!(walk(page, &[attr("meta")]).is_err());
}

#[test]
fn recursion_newtypes_and_enums() {
    assert!(matches!(
        walk(
            Node::SHAPE,
            &[attr("children"), Step::Item, attr("anything")]
        ),
        Ok(Shape::Any)
    ));
    assert!(matches!(Id::SHAPE, Shape::Int));
    assert!(matches!(Status::SHAPE, Shape::Str));
    let _ = Status::Open;
}

/// The derive's direct conversion gives what serde's path gives.
#[test]
fn to_value_is_what_serde_gives() {
    use djula::ToValue;
    let task = |note: Option<&str>| Task {
        title: "milk".into(),
        done_at: None,
        tags: vec!["shop".into()],
        secret: "s".into(),
        note: note.map(String::from),
        r#type: 3,
    };
    for t in [task(None), task(Some("2 l"))] {
        assert_eq!(t.to_value(), djula::to_value(&t).unwrap());
    }
    let page = Page {
        items: vec![task(None)],
        meta: Meta { version: 2 },
        by_name: [("a".to_string(), task(Some("x")))].into_iter().collect(),
    };
    assert_eq!(page.to_value(), djula::to_value(&page).unwrap());
    let tree = Node {
        name: "root".into(),
        children: vec![Node {
            name: "leaf".into(),
            children: vec![],
        }],
    };
    assert_eq!(tree.to_value(), djula::to_value(&tree).unwrap());
    assert_eq!(Id(7).to_value(), djula::to_value(&Id(7)).unwrap());
    assert_eq!(
        Status::Open.to_value(),
        djula::to_value(&Status::Open).unwrap()
    );
}
