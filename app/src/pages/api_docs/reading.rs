//! Reading an OpenAPI document's JSON the way the reference page shows it: a schema as a type
//! name, its bounds, a body's content, an operation's anchor.

use serde_json::{Map, Value};

pub(super) fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn object(value: &Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

/// An operation's anchor: `get-rooms-id-messages`.
pub(super) fn anchor(method: &str, path: &str) -> String {
    let path: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{method}{}", path.trim_end_matches('-')).replace("--", "-")
}

/// A schema as a reader wants it: a type name (linked when it is one of ours), `array of …`,
/// `… or null`, the values of an enumeration.
pub(super) fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            return options.iter().map(type_of).collect::<Vec<_>>().join(" or ");
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(|value| value.to_string())
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let kinds: Vec<String> = match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.clone()],
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => vec!["any".to_owned()],
    };
    kinds
        .into_iter()
        .map(|kind| match kind.as_str() {
            "array" => format!(
                "array of {}",
                schema.get("items").map(type_of).unwrap_or_default()
            ),
            _ => match schema.get("format").and_then(Value::as_str) {
                Some(format) => format!("{kind} ({format})"),
                None => kind,
            },
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// What a schema allows beyond its type: ranges and lengths.
pub(super) fn bounds(schema: &Value) -> String {
    let mut said = Vec::new();
    for (key, words) in [
        ("minimum", "at least"),
        ("maximum", "at most"),
        ("minLength", "length at least"),
        ("maxLength", "length at most"),
    ] {
        if let Some(bound) = schema.get(key) {
            said.push(format!("{words} {bound}"));
        }
    }
    if let Some(default) = schema.get("default") {
        said.push(format!("default {default}"));
    }
    said.join(", ")
}

/// The first schema of a request or response's content, with its content type.
pub(super) fn content(body: &Value) -> Option<(String, Value)> {
    let content = body.get("content")?.as_object()?;
    let (kind, media) = content.iter().next()?;
    Some((
        kind.clone(),
        media.get("schema").cloned().unwrap_or(Value::Null),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn schemas_read_as_types() {
        assert_eq!(
            type_of(&json!({ "$ref": "#/components/schemas/Room" })),
            "Room"
        );
        assert_eq!(
            type_of(&json!({ "type": ["string", "null"] })),
            "string or null"
        );
        assert_eq!(
            type_of(
                &json!({ "type": "array", "items": { "$ref": "#/components/schemas/Member" } })
            ),
            "array of Member"
        );
        assert_eq!(
            type_of(&json!({ "type": "integer", "format": "int64" })),
            "integer (int64)"
        );
        assert_eq!(
            type_of(&json!({ "type": "string", "enum": ["read", "read write"] })),
            "\"read\" | \"read write\""
        );
        assert_eq!(
            bounds(&json!({ "minimum": 1, "maximum": 100, "default": 20 })),
            "at least 1, at most 100, default 20"
        );
        assert_eq!(
            anchor("get", "/rooms/{id}/messages"),
            "get-rooms-id-messages"
        );
    }
}
