//! Reads JSON lines `{"f": filter, "v": value, "a": arg, "ae": autoescape}`
//! and prints each result as a JSON string line: the Rust side of
//! `filters/tools/compare_with_django.py`, which checks these functions
//! against real Django on many generated inputs.

use std::io::{BufRead, Write};

use djula_filters::lists::Piece;
use djula_filters::numbers::NumberInput;
use djula_filters::{html, numbers, text};

fn number(v: &serde_json::Value) -> NumberInput<'_> {
    match v {
        serde_json::Value::Null => NumberInput::NoneValue,
        serde_json::Value::Bool(b) => NumberInput::Bool(*b),
        serde_json::Value::String(s) => NumberInput::Str(s),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => NumberInput::Int(i),
            None => NumberInput::Float(n.as_f64().unwrap_or(0.0)),
        },
        _ => NumberInput::Other,
    }
}

fn list_nodes(v: &serde_json::Value) -> Vec<html::ListNode<'_>> {
    match v {
        serde_json::Value::Array(items) => items
            .iter()
            .map(|item| match item {
                serde_json::Value::Array(_) => html::ListNode::List(list_nodes(item), None),
                other => html::ListNode::Item(Piece::Text(other.as_str().unwrap_or(""))),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn run(f: &str, v: &serde_json::Value, a: &serde_json::Value, ae: bool) -> Result<String, String> {
    let s = v.as_str().unwrap_or("");
    let arg_str = a.as_str();
    let arg_int = a.as_i64().unwrap_or(0);
    let e = |r: Result<String, djula_filters::FilterError>| r.map_err(|e| e.to_string());
    Ok(match f {
        "addslashes" => text::addslashes(s),
        "capfirst" => text::capfirst(s),
        "center" => e(text::center(s, arg_int))?,
        "ljust" => e(text::ljust(s, arg_int))?,
        "rjust" => e(text::rjust(s, arg_int))?,
        "lower" => text::lower(s),
        "upper" => text::upper(s),
        "title" => text::title(s),
        "truncatechars" => text::truncatechars(s, arg_int),
        "truncatewords" => text::truncatewords(s, arg_int),
        "wordcount" => text::wordcount(s).to_string(),
        "wordwrap" => e(text::wordwrap(s, arg_int))?,
        "slugify" => text::slugify(s, false),
        "phone2numeric" => text::phone2numeric(s),
        "linenumbers" => text::linenumbers(s, ae).into_inner(),
        "urlencode" => text::urlencode(s, arg_str),
        "iriencode" => text::iriencode(s),
        "escapejs" => text::escapejs(s).into_inner(),
        "linebreaks" => html::linebreaks(s, ae).into_inner(),
        "linebreaksbr" => html::linebreaksbr(s, ae).into_inner(),
        "striptags" => e(html::striptags(s))?,
        "truncatechars_html" => e(html::truncatechars_html(s, arg_int))?,
        "truncatewords_html" => e(html::truncatewords_html(s, arg_int))?,
        "urlize" => html::urlize(s, ae).into_inner(),
        "urlizetrunc" => html::urlizetrunc(s, arg_int, ae).into_inner(),
        "json_script" => html::json_script(v, arg_str.map(Piece::Text)).into_inner(),
        "floatformat" => e(numbers::floatformat(number(v), arg_str).map(|s| s.into_inner()))?,
        "filesizeformat" => numbers::filesizeformat(number(v).to_int().map(i128::from)),
        "pprint" => html::pprint(v),
        "unordered_list" => e(html::unordered_list(&list_nodes(v), ae).map(|s| s.into_inner()))?,
        "stringformat" => {
            let fv = match v {
                serde_json::Value::Null => text::FormatValue::NoneValue,
                serde_json::Value::Bool(b) => text::FormatValue::Bool(*b),
                serde_json::Value::String(s) => text::FormatValue::Str(s),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => text::FormatValue::Int(i128::from(i)),
                    None => text::FormatValue::Float(n.as_f64().unwrap_or(0.0)),
                },
                _ => text::FormatValue::Other(""),
            };
            e(text::stringformat(fv, arg_str.unwrap_or("")))?
        }
        "date" | "time" => {
            let tz = djula_filters::dates::jiff::tz::TimeZone::get("America/Chicago")
                .map_err(|e| e.to_string())?;
            let d = djula_filters::dates::DateValue::parse_datetime(s)
                .filter(|_| s.contains('T'))
                .or_else(|| djula_filters::dates::DateValue::parse_date(s))
                .or_else(|| djula_filters::dates::DateValue::parse_time(s))
                .ok_or("bad date")?;
            if f == "date" {
                e(djula_filters::dates::date(&d, arg_str, &tz))?
            } else {
                djula_filters::dates::time(&d, arg_str, &tz)
            }
        }
        "timesince" => {
            let a = djula_filters::dates::DateValue::parse_datetime(s).ok_or("bad date")?;
            let b = djula_filters::dates::DateValue::parse_datetime(arg_str.unwrap_or(""))
                .ok_or("bad date")?;
            djula_filters::dates::timesince(&a, &b, 2)
        }
        other => return Err(format!("unknown filter {other}")),
    })
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(req) = serde_json::from_str::<serde_json::Value>(&line) else {
            let _ = writeln!(out, "{}", serde_json::json!({ "err": "bad request" }));
            continue;
        };
        let null = serde_json::Value::Null;
        let f = req.get("f").and_then(|f| f.as_str()).unwrap_or("");
        let v = req.get("v").unwrap_or(&null);
        let a = req.get("a").unwrap_or(&null);
        let ae = req.get("ae").and_then(|x| x.as_bool()).unwrap_or(true);
        let result = match run(f, v, a, ae) {
            Ok(s) => serde_json::json!({ "ok": s }),
            Err(e) => serde_json::json!({ "err": e }),
        };
        let _ = writeln!(out, "{result}");
    }
}
