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

/// A hand-written `ToValue` that reads the value of a derived type it
/// holds, while the derived conversion around it is under way: the text
/// of the conversion under way is not readable yet, the inner value's is.
#[test]
fn a_hand_written_impl_reads_what_it_converts() {
    #[derive(Serialize, Context)]
    struct Named {
        name: String,
    }
    struct Shouting(Named);
    impl djula::Context for Shouting {
        const SHAPE: &'static Shape = &Shape::Str;
    }
    impl djula::ToValue for Shouting {
        fn to_value(&self) -> djula::Value {
            let inner = self.0.to_value();
            let name = inner
                .get_attr("name")
                .map(|n| n.to_text())
                .unwrap_or_default();
            djula::Value::str(name.to_uppercase())
        }
    }
    #[derive(Context)]
    struct Outer {
        before: String,
        loud: Shouting,
        after: Vec<String>,
    }
    impl Serialize for Shouting {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.0.name.to_uppercase())
        }
    }
    impl Serialize for Outer {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            let mut st = s.serialize_struct("Outer", 3)?;
            st.serialize_field("before", &self.before)?;
            st.serialize_field("loud", &self.loud)?;
            st.serialize_field("after", &self.after)?;
            st.end()
        }
    }
    let outer = Outer {
        before: "x".into(),
        loud: Shouting(Named { name: "ann".into() }),
        after: vec!["y".into(), "z".into()],
    };
    let expected = "{'before': 'x', 'loud': 'ANN', 'after': ['y', 'z']}";
    assert_eq!(djula::ToValue::to_value(&outer).to_string(), expected);
    assert_eq!(djula::to_value(&outer).unwrap().to_string(), expected);
}

/// Values of one conversion still read right after later conversions on
/// the same thread (their text buffer is taken back only once unread).
#[test]
fn kept_values_outlive_later_conversions() {
    let first = djula::to_value(&vec!["one", "two"]).unwrap();
    let typed_first = djula::ToValue::to_value(&vec!["three".to_string()]);
    for _ in 0..3 {
        let other = djula::to_value(&vec!["four", "five", "six"]).unwrap();
        assert_eq!(other.to_string(), "['four', 'five', 'six']");
        let typed = djula::ToValue::to_value(&vec!["seven".to_string()]);
        assert_eq!(typed.to_string(), "['seven']");
    }
    assert_eq!(first.to_string(), "['one', 'two']");
    assert_eq!(typed_first.to_string(), "['three']");
}
