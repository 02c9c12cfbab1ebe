//! `/api/docs` and `/api/docs/v1` (recipes 24, 40): the API's reference, read from the very
//! OpenAPI document the server generates, so it cannot drift from the code. Every operation
//! with its parameters, body and answers, then every schema with its fields; the raw document
//! is linked for tools. Server-rendered, works with no network, and readable with a keyboard
//! and a screen reader like every page here.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde_json::{Map, Value};

mod reading;

use crate::{
    api_docs::{VERSIONS, api_document},
    components::TableFrame,
};
use reading::{anchor, bounds, content, object, text, type_of};

const METHODS: [&str; 5] = ["get", "post", "patch", "put", "delete"];

#[component]
pub fn ApiDocs() -> impl IntoView {
    let params = use_params_map();
    let version = move || {
        params
            .with(|params| params.get("version"))
            .unwrap_or_else(|| VERSIONS[0].0.to_owned())
    };
    let document = Resource::new(version, api_document);
    view! {
        <Title text="API reference" />
        <Meta name="description" content="The Commons API: every operation, parameter and answer of each version." />
        <Transition fallback=|| view! { <p class="muted">"Loading the reference…"</p> }>
            {move || Suspend::new(async move {
                let version = version();
                match document.await {
                    Ok(document) => view! { <Reference version document /> }.into_any(),
                    Err(_) => view! {
                        <NoSuchVersion />
                        <section class="panel">
                            <h1>"API reference"</h1>
                            <p role="alert">{format!("There is no API version “{version}”.")}</p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// Answers 404 for a version that does not exist.
#[component]
fn NoSuchVersion() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

#[component]
fn Reference(version: String, document: Value) -> impl IntoView {
    let info = document.get("info").cloned().unwrap_or_default();
    let json = format!("/api/{version}/openapi.json");
    let paths = object(&document["paths"]);
    let mut tags: Vec<String> = Vec::new();
    let mut operations: Vec<(String, String, String, Value)> = Vec::new();
    for (path, item) in &paths {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let tag = operation["tags"][0].as_str().unwrap_or("other").to_owned();
                if !tags.contains(&tag) {
                    tags.push(tag.clone());
                }
                operations.push((tag, method.to_owned(), path.clone(), operation.clone()));
            }
        }
    }
    let schemas = object(&document["components"]["schemas"]);
    let description = text(&info, "description").to_owned();
    view! {
        <section class="panel api-docs" aria-labelledby="api-title">
            <h1 id="api-title">{format!("{} {version}", text(&info, "title"))}</h1>
            <nav aria-label="Versions" class="api-versions">
                {VERSIONS
                    .iter()
                    .map(|(name, deprecated)| {
                        let current = *name == version;
                        let label = if *deprecated { format!("{name} (deprecated)") } else { format!("{name} (current)") };
                        let href = if *name == VERSIONS[0].0 { "/api/docs".to_owned() } else { format!("/api/docs/{name}") };
                        view! { <a href=href aria-current=current.then_some("page")>{label}</a> }
                    })
                    .collect_view()}
            </nav>
            {description.split("\n\n").map(|paragraph| view! { <p>{paragraph.to_owned()}</p> }).collect_view()}
            <p>
                "Base address: " <code>{format!("/api/{version}")}</code> ". The document itself, for tools: "
                <a href=json.clone()>{format!("OpenAPI 3.1 ({json})")}</a> "."
            </p>
            <nav aria-label="Operations" class="api-toc">
                <ul>
                    {tags
                        .iter()
                        .map(|tag| view! { <li><a href=format!("#tag-{tag}")>{tag.clone()}</a></li> })
                        .collect_view()}
                    <li><a href="#schemas">"schemas"</a></li>
                </ul>
            </nav>
        </section>
        {tags
            .into_iter()
            .map(|tag| {
                let mine: Vec<_> = operations.iter().filter(|(t, ..)| *t == tag).cloned().collect();
                view! {
                    <section class="panel api-tag" aria-labelledby=format!("tag-{tag}")>
                        <h2 id=format!("tag-{tag}")>{tag.clone()}</h2>
                        {mine
                            .into_iter()
                            .map(|(_, method, path, operation)| view! { <Operation method path operation /> })
                            .collect_view()}
                    </section>
                }
            })
            .collect_view()}
        <section class="panel api-schemas" aria-labelledby="schemas">
            <h2 id="schemas">"Schemas"</h2>
            {schemas
                .into_iter()
                .map(|(name, schema)| view! { <Schema name schema /> })
                .collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn Operation(method: String, path: String, operation: Value) -> impl IntoView {
    let id = anchor(&method, &path);
    let labelled_by = id.clone();
    let title = format!("{} {path}", method.to_uppercase());
    let summary = text(&operation, "summary").to_owned();
    let details = text(&operation, "description").to_owned();
    let parameters: Vec<Value> = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let body = operation.get("requestBody").and_then(content);
    let responses = object(&operation["responses"]);
    let open = operation
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|security| {
            security
                .iter()
                .all(|scheme| scheme.as_object().is_some_and(Map::is_empty))
        });
    view! {
        <article class="api-operation" aria-labelledby=labelled_by>
            <h3 id=id>
                <span class=format!("api-method api-{method}")>{method.to_uppercase()}</span>
                " "
                <code>{path}</code>
            </h3>
            <p>{summary}</p>
            {(!details.is_empty()).then(|| view! { <p class="muted">{details}</p> })}
            {open.then(|| view! { <p class="muted">"No token needed."</p> })}
            {(!parameters.is_empty()).then(|| view! {
                <TableFrame label=format!("Parameters of {title}")>
                    <table class="report-table">
                        <caption>"Parameters"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"In"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"About"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {parameters.into_iter().map(|parameter| {
                                let schema = parameter.get("schema").cloned().unwrap_or_default();
                                let required = parameter.get("required").and_then(Value::as_bool).unwrap_or(false);
                                let about = [text(&parameter, "description").to_owned(), bounds(&schema)]
                                    .into_iter()
                                    .filter(|part| !part.is_empty())
                                    .collect::<Vec<_>>()
                                    .join("; ");
                                view! {
                                    <tr>
                                        <th scope="row"><code>{text(&parameter, "name").to_owned()}</code>{required.then_some(" (required)")}</th>
                                        <td>{text(&parameter, "in").to_owned()}</td>
                                        <td>{type_of(&schema)}</td>
                                        <td>{about}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableFrame>
            })}
            {body.map(|(kind, schema)| view! {
                <p>"Body: " <SchemaType schema /> " as " <code>{kind}</code></p>
            })}
            <TableFrame label=format!("Answers of {title}")>
                <table class="report-table">
                    <caption>"Answers"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Meaning"</th>
                            <th scope="col">"Body"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {responses.into_iter().map(|(status, response)| {
                            let body = content(&response);
                            view! {
                                <tr>
                                    <th scope="row">{status}</th>
                                    <td>{text(&response, "description").to_owned()}</td>
                                    <td>{body.map(|(kind, schema)| view! { <SchemaType schema /> " " <span class="muted">{kind}</span> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </TableFrame>
        </article>
    }
    .into_any()
}

/// A schema's type, linked to its description when it is a named one.
#[component]
fn SchemaType(schema: Value) -> impl IntoView {
    let named = schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(|reference| reference.rsplit('/').next().unwrap_or(reference).to_owned());
    match named {
        Some(name) => {
            view! { <a href=format!("#schema-{name}")><code>{name.clone()}</code></a> }.into_any()
        }
        None => view! { <code>{type_of(&schema)}</code> }.into_any(),
    }
}

#[component]
fn Schema(name: String, schema: Value) -> impl IntoView {
    let properties = object(&schema["properties"]);
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let id = format!("schema-{name}");
    let labelled_by = id.clone();
    let summary = if properties.is_empty() {
        type_of(&schema)
    } else {
        String::new()
    };
    view! {
        <article class="api-schema" aria-labelledby=labelled_by>
            <h3 id=id><code>{name.clone()}</code></h3>
            {(!text(&schema, "description").is_empty()).then(|| view! { <p>{text(&schema, "description").to_owned()}</p> })}
            {(!summary.is_empty()).then(|| view! { <p><code>{summary.clone()}</code></p> })}
            {(!properties.is_empty()).then(|| view! {
                <TableFrame label=format!("Fields of {name}")>
                    <table class="report-table">
                        <caption class="visually-hidden">{format!("Fields of {name}")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Field"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"About"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {properties.into_iter().map(|(field, property)| {
                                let needed = required.contains(&field);
                                let about = [text(&property, "description").to_owned(), bounds(&property)]
                                    .into_iter()
                                    .filter(|part| !part.is_empty())
                                    .collect::<Vec<_>>()
                                    .join("; ");
                                view! {
                                    <tr>
                                        <th scope="row"><code>{field}</code>{needed.then_some(" (required)")}</th>
                                        <td><SchemaType schema=property.clone() /></td>
                                        <td>{about}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableFrame>
            })}
        </article>
    }
    .into_any()
}
