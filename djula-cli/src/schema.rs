//! A JSON Schema as a djula [`Shape`], for `djula check --context-schema`:
//! the context description of projects whose contexts do not come from
//! Rust types.
//!
//! The subset read: `type` (one, or a list with `"null"` for an optional
//! value), `properties` and `required` (a missing property may be absent,
//! so optional), `additionalProperties` (a dict of that), `items`,
//! `format` (`date`, `date-time`, `time`), `anyOf`/`oneOf` (only a value or
//! null; anything else is not checked), `$ref` to `#/$defs/…` or
//! `#/definitions/…`, `title` (the struct's name in messages). What the
//! subset does not cover is [`Shape::Any`], not checked further. One
//! departure from JSON Schema, on purpose: an object with `properties` and
//! no `additionalProperties` has those names only (JSON Schema would allow
//! any other), because a context's description lists what it has and a
//! name it does not list is the typo the check is for; write
//! `"additionalProperties": true` (or a schema) to allow more.
//!
//! Shapes are `'static` (built as constants by `#[derive(djula::Context)]`);
//! the few built here from a file are leaked, once per run of the command.

use djula::{Field, Shape, Struct};
use serde_json::Value;

/// How deep `$ref`s are followed before the rest is left unchecked (a
/// recursive schema, a tree).
const MAX_DEPTH: usize = 32;

/// The shape `schema` describes, `root` being the whole document (for
/// `$ref`).
pub fn shape(schema: &Value, root: &Value) -> Result<&'static Shape, String> {
    Ok(leak(read(schema, root, 0)?))
}

fn leak(shape: Shape) -> &'static Shape {
    Box::leak(Box::new(shape))
}

fn read(schema: &Value, root: &Value, depth: usize) -> Result<Shape, String> {
    if depth > MAX_DEPTH {
        return Ok(Shape::Any);
    }
    let Some(object) = schema.as_object() else {
        // `true` (anything) or `false` (nothing): not checked.
        return Ok(Shape::Any);
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/")
            .map(|path| {
                path.split('/').try_fold(root, |node, part| {
                    node.get(part.replace("~1", "/").replace("~0", "~"))
                })
            })
            .ok_or_else(|| format!("unsupported $ref {reference:?} (only #/… references)"))?
            .ok_or_else(|| format!("$ref {reference:?} points at nothing"))?;
        return read(target, root, depth + 1);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = object.get(key).and_then(Value::as_array) {
            let (nulls, values): (Vec<&Value>, Vec<&Value>) = options
                .iter()
                .partition(|o| o.get("type").and_then(Value::as_str) == Some("null"));
            return Ok(match (values.as_slice(), nulls.is_empty()) {
                ([one], true) => read(one, root, depth + 1)?,
                ([one], false) => Shape::Optional(leak(read(one, root, depth + 1)?)),
                _ => Shape::Any,
            });
        }
    }
    let types: Vec<&str> = match object.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ if object.contains_key("properties") => vec!["object"],
        _ => return Ok(Shape::Any),
    };
    let nullable = types.contains(&"null");
    let concrete: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
    let shape = match concrete.as_slice() {
        [] => Shape::Nothing,
        [one] => single(one, object, root, depth)?,
        // int or float: a number; other unions are not checked.
        [a, b] if [*a, *b] == ["integer", "number"] || [*a, *b] == ["number", "integer"] => {
            Shape::Float
        }
        _ => Shape::Any,
    };
    Ok(if nullable && !matches!(shape, Shape::Nothing) {
        Shape::Optional(leak(shape))
    } else {
        shape
    })
}

fn single(
    kind: &str,
    object: &serde_json::Map<String, Value>,
    root: &Value,
    depth: usize,
) -> Result<Shape, String> {
    Ok(match kind {
        "string" => match object.get("format").and_then(Value::as_str) {
            Some("date" | "date-time" | "time") => Shape::Date,
            _ => Shape::Str,
        },
        "integer" => Shape::Int,
        "number" => Shape::Float,
        "boolean" => Shape::Bool,
        "array" => Shape::List(leak(match object.get("items") {
            Some(items) => read(items, root, depth + 1)?,
            None => Shape::Any,
        })),
        "object" => object_shape(object, root, depth)?,
        other => return Err(format!("unknown JSON Schema type {other:?}")),
    })
}

fn object_shape(
    object: &serde_json::Map<String, Value>,
    root: &Value,
    depth: usize,
) -> Result<Shape, String> {
    let properties = object.get("properties").and_then(Value::as_object);
    let additional = object.get("additionalProperties");
    let Some(properties) = properties else {
        // No named keys: a dict of whatever its values are.
        return Ok(Shape::Map(leak(match additional {
            Some(values) => read(values, root, depth + 1)?,
            None => Shape::Any,
        })));
    };
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields = Vec::with_capacity(properties.len());
    for (name, schema) in properties {
        let shape = read(schema, root, depth + 1)?;
        let shape = if required.contains(&name.as_str()) || matches!(shape, Shape::Optional(_)) {
            shape
        } else {
            Shape::Optional(leak(shape))
        };
        fields.push(Field {
            name: Box::leak(name.clone().into_boxed_str()),
            shape: leak(shape),
        });
    }
    // Keys beyond the properties: a context's description lists the names
    // it has, so an absent `additionalProperties` counts as `false` here
    // (JSON Schema itself would allow any); `true` or a schema allows them.
    let flattened: &'static [&'static Shape] = match additional {
        None | Some(Value::Bool(false)) => &[],
        Some(Value::Bool(true)) => &[&Shape::Any],
        Some(values) => Box::leak(Box::new([leak(Shape::Map(leak(read(
            values,
            root,
            depth + 1,
        )?)))])),
    };
    let name = object
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("the context");
    Ok(Shape::Struct(Box::leak(Box::new(Struct {
        name: Box::leak(name.to_string().into_boxed_str()),
        fields: Box::leak(fields.into_boxed_slice()),
        flattened,
    }))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use djula::shape::check::{walk, Problem, Step};
    use serde_json::json;

    #[test]
    fn reads_the_usual_subset() {
        let schema = json!({
            "title": "TasksPage",
            "type": "object",
            "required": ["tasks", "user"],
            "properties": {
                "tasks": {"type": "array", "items": {"$ref": "#/$defs/Task"}},
                "user": {"type": ["object", "null"], "properties": {"name": {"type": "string"}}, "required": ["name"]},
                "note": {"type": "string"},
                "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                "when": {"type": "string", "format": "date-time"},
                "either": {"anyOf": [{"type": "integer"}, {"type": "null"}]}
            },
            "$defs": {"Task": {"title": "Task", "type": "object", "required": ["title"],
                               "properties": {"title": {"type": "string"}, "done": {"type": "boolean"}}}}
        });
        let root = shape(&schema, &schema).unwrap();
        let steps = |path: &[&'static str]| -> Vec<Step<'static>> {
            path.iter()
                .map(|p| if *p == "*" { Step::Item } else { Step::Attr(p) })
                .collect()
        };
        assert!(matches!(
            walk(root, &steps(&["tasks", "*", "title", "upper"])),
            Ok(Shape::Str)
        ));
        assert!(matches!(
            walk(root, &steps(&["tasks", "*", "done"])),
            Ok(Shape::Optional(Shape::Bool))
        ));
        assert!(matches!(
            walk(root, &steps(&["user", "name"])),
            Ok(Shape::Str)
        ));
        assert!(matches!(
            walk(root, &steps(&["note"])),
            Ok(Shape::Optional(Shape::Str))
        ));
        assert!(matches!(
            walk(root, &steps(&["counts", "x"])),
            Ok(Shape::Int)
        ));
        assert!(matches!(
            walk(root, &steps(&["when", "year"])),
            Ok(Shape::Int)
        ));
        assert!(matches!(
            walk(root, &steps(&["either"])),
            Ok(Shape::Optional(Shape::Int))
        ));
        assert_eq!(
            walk(root, &steps(&["tasks", "*", "titel"]))
                .unwrap_err()
                .problem,
            Problem::NoField {
                of: "Task",
                name: "titel",
                suggestion: Some("title")
            }
        );
        assert_eq!(
            walk(root, &steps(&["taks"])).unwrap_err().problem,
            Problem::NoField {
                of: "TasksPage",
                name: "taks",
                suggestion: Some("tasks")
            }
        );
    }

    #[test]
    fn open_objects_and_unknown_refs() {
        let open = json!({"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": true});
        let root = shape(&open, &open).unwrap();
        assert!(matches!(
            walk(root, &[Step::Attr("anything")]),
            Ok(Shape::Any)
        ));
        let closed = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
        let root = shape(&closed, &closed).unwrap();
        assert!(walk(root, &[Step::Attr("b")]).is_err());
        let typed =
            json!({"type": "object", "properties": {}, "additionalProperties": {"type": "string"}});
        let root = shape(&typed, &typed).unwrap();
        assert!(matches!(
            walk(root, &[Step::Attr("b"), Step::Attr("upper")]),
            Ok(Shape::Str)
        ));
        let bad = json!({"$ref": "https://example.com/x.json"});
        assert!(shape(&bad, &bad).is_err());
        let recursive = json!({"$defs": {"N": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/N"}}}, "additionalProperties": false}}, "$ref": "#/$defs/N"});
        assert!(shape(&recursive, &recursive).is_ok());
    }
}
