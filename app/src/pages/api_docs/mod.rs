//! `/api/docs` and `/api/docs/v1` (recipes 24, 40): the API's reference, read from the very
//! OpenAPI document the server generates, so it cannot drift from the code. Every operation
//! with its parameters, body and answers, then every schema with its fields; the raw document
//! is linked for tools. The page's own words follow the reader's language; what the document
//! says (summaries, descriptions, types) is in English, as the code writes it. Server-rendered, works with no network, and readable with a keyboard
//! and a screen reader like every page here.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde_json::{Map, Value};

mod reading;

use crate::{
    api_docs::{VERSIONS, api_document},
    components::TableFrame,
    i18n::{t, t_string, use_i18n},
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
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, api_docs.title) />
        <Meta name="description" content=move || t_string!(i18n, api_docs.description) />
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, api_docs.loading)}</p> }>
            {move || Suspend::new(async move {
                let version = version();
                match document.await {
                    Ok(document) => view! { <Reference version document /> }.into_any(),
                    Err(_) => view! {
                        <NoSuchVersion />
                        <section class="panel">
                            <h1>{t!(i18n, api_docs.title)}</h1>
                            <p role="alert">{t!(i18n, api_docs.no_version, version = move || version.clone())}</p>
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
    let i18n = use_i18n();
    let base = format!("/api/{version}");
    view! {
        <section class="panel api-docs" aria-labelledby="api-title">
            <h1 id="api-title">{format!("{} {version}", text(&info, "title"))}</h1>
            <nav aria-label=move || t_string!(i18n, api_docs.versions) class="api-versions">
                {VERSIONS
                    .iter()
                    .map(|(name, deprecated)| {
                        let current = *name == version;
                        let label = move || {
                            if *deprecated {
                                t_string!(i18n, api_docs.deprecated, version = *name)
                            } else {
                                t_string!(i18n, api_docs.current, version = *name)
                            }
                        };
                        let href = if *name == VERSIONS[0].0 { "/api/docs".to_owned() } else { format!("/api/docs/{name}") };
                        view! { <a href=href aria-current=current.then_some("page")>{label}</a> }
                    })
                    .collect_view()}
            </nav>
            {description.split("\n\n").map(|paragraph| view! { <p>{paragraph.to_owned()}</p> }).collect_view()}
            <p>
                {t!(
                    i18n,
                    api_docs.base,
                    <code> = move |children: ChildrenFn| view! { <code>{children()}</code> },
                    <link> = {
                        let json = json.clone();
                        move |children: ChildrenFn| view! { <a href=json.clone()>{children()}</a> }
                    },
                    base = move || base.clone(),
                    json = move || json.clone()
                )}
            </p>
            <p class="muted">{t!(i18n, api_docs.in_english)}</p>
            <nav aria-label=move || t_string!(i18n, api_docs.operations) class="api-toc">
                <ul>
                    {tags
                        .iter()
                        .map(|tag| view! { <li><a href=format!("#tag-{tag}")>{tag.clone()}</a></li> })
                        .collect_view()}
                    <li><a href="#schemas">{t!(i18n, api_docs.schemas_link)}</a></li>
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
            <h2 id="schemas">{t!(i18n, api_docs.schemas)}</h2>
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
    let i18n = use_i18n();
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
            {open.then(|| view! { <p class="muted">{t!(i18n, api_docs.no_token)}</p> })}
            {(!parameters.is_empty()).then(|| {
                let title = title.clone();
                view! {
                <TableFrame label=move || t_string!(i18n, api_docs.parameters_of, operation = title.clone())>
                    <table class="report-table">
                        <caption>{t!(i18n, api_docs.parameters)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, api_docs.name)}</th>
                                <th scope="col">{t!(i18n, api_docs.located)}</th>
                                <th scope="col">{t!(i18n, api_docs.kind)}</th>
                                <th scope="col">{t!(i18n, api_docs.about)}</th>
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
                                        <th scope="row">
                                            <code>{text(&parameter, "name").to_owned()}</code>
                                            {required.then(|| view! { " " {t!(i18n, api_docs.required)} })}
                                        </th>
                                        <td>{text(&parameter, "in").to_owned()}</td>
                                        <td>{type_of(&schema)}</td>
                                        <td>{about}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableFrame>
                }
            })}
            {body.map(|(kind, schema)| view! {
                <p>
                    {t!(
                        i18n,
                        api_docs.body_as,
                        <schema/> = move || view! { <SchemaType schema=schema.clone() /> },
                        <kind/> = move || view! { <code>{kind.clone()}</code> }
                    )}
                </p>
            })}
            <TableFrame label=move || t_string!(i18n, api_docs.answers_of, operation = title.clone())>
                <table class="report-table">
                    <caption>{t!(i18n, api_docs.answers)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, api_docs.status)}</th>
                            <th scope="col">{t!(i18n, api_docs.meaning)}</th>
                            <th scope="col">{t!(i18n, api_docs.body)}</th>
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
    let i18n = use_i18n();
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
                <TableFrame label={
                    let name = name.clone();
                    move || t_string!(i18n, api_docs.fields_of, schema = name.clone())
                }>
                    <table class="report-table">
                        <caption class="visually-hidden">
                            {
                                let name = name.clone();
                                t!(i18n, api_docs.fields_of, schema = move || name.clone())
                            }
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, api_docs.field)}</th>
                                <th scope="col">{t!(i18n, api_docs.kind)}</th>
                                <th scope="col">{t!(i18n, api_docs.about)}</th>
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
                                        <th scope="row">
                                            <code>{field}</code>
                                            {needed.then(|| view! { " " {t!(i18n, api_docs.required)} })}
                                        </th>
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
