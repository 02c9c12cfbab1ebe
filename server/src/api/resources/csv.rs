//! CSV in and out (recipe 23): everyone's accounts exported and people imported from a file
//! (admins), and a room's history exported by whoever may read it. Exports stream a page of
//! rows at a time, so memory stays flat whatever the count. Imports read with the `csv` crate
//! (quotes, commas and line breaks inside fields, CRLF, a byte-order mark), check each row with
//! the registration's own rules and answer a report; a row is added whole or not at all.
//!
//! A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
//! return first) is exported behind a `'`, and the `'` is dropped again on import.

use app::refusals::say;
use axum::{
    Json,
    body::{Body as HttpBody, Bytes},
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::{
    Scope,
    accounts::{self, AccountsError, User},
    chat::{EnteredRoom, MAX_PAGE, Message},
    paging::Page,
};
use futures_util::{Stream, StreamExt, stream};
use model::accounts::{FieldErrors, ImportReport, PersonForm, RefusedRow};

use crate::{
    api::{
        caller::{AdminCaller, Caller},
        input::Ids,
        problem::ApiError,
        refusals::{ReadRefusals, WriteRefusals},
    },
    state::AppState,
};

/// Rows an import may hold; a longer file is refused whole (413) before anything is added.
pub const MAX_IMPORT_ROWS: usize = 5_000;
/// Accounts read a page at a time for an export.
const USERS_PAGE: u32 = 1_000;

/// `text` as a cell a spreadsheet shows as text.
fn guarded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A cell as imported: an export's guard dropped.
fn unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

/// Rows written to CSV bytes, every cell guarded (the digest mail's attachment is written
/// the same way).
pub(crate) fn encode<const N: usize>(rows: impl IntoIterator<Item = [String; N]>) -> Bytes {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let cells = row.iter().map(|cell| guarded(cell).into_owned());
        // Writing to memory cannot fail.
        writer.write_record(cells).expect("CSV into a Vec");
    }
    Bytes::from(writer.into_inner().expect("CSV into a Vec"))
}

/// A streamed CSV download.
fn download(
    file_name: &str,
    rows: impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    (headers, HttpBody::from_stream(rows)).into_response()
}

/// A failure after the answer began: logged, and the download ends short (the client sees a
/// broken transfer, never a file that looks whole).
fn broken(error: impl std::fmt::Display) -> std::io::Error {
    tracing::error!(%error, "a CSV export failed part way");
    std::io::Error::other("the export failed")
}

const USER_COLUMNS: [&str; 7] = ["id", "email", "name", "age", "role", "active", "created_at"];

fn user_row(user: User) -> [String; 7] {
    [
        user.id.to_string(),
        user.email,
        user.name,
        user.age.map(|age| age.to_string()).unwrap_or_default(),
        user.role.as_str().to_owned(),
        user.active.to_string(),
        user.inserted_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    ]
}

/// Every account as CSV, a page at a time.
fn users_csv(state: AppState, scope: Scope) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    let header =
        stream::once(async { Ok::<_, std::io::Error>(encode([USER_COLUMNS.map(str::to_owned)])) });
    let pages = stream::try_unfold(Some(None), move |after: Option<Option<i64>>| {
        let state = state.clone();
        async move {
            let Some(after) = after else { return Ok(None) };
            let page = Page::After {
                after,
                limit: USERS_PAGE,
            };
            let users = accounts::list_users(&state.db, scope, page)
                .await
                .map_err(broken)?;
            let next = (users.len() == USERS_PAGE as usize).then(|| users.last().map(|u| u.id));
            Ok(Some((encode(users.into_iter().map(user_row)), next)))
        }
    });
    header.chain(pages)
}

/// Everyone's accounts as CSV (admins): id, email, name, age, role, active, created_at.
#[utoipa::path(get, path = "/users/export", tag = "users",
    responses((status = 200, description = "The accounts, streamed",
        content_type = "text/csv", body = String), ReadRefusals))]
pub async fn export_users(
    State(state): State<AppState>,
    AdminCaller(caller): AdminCaller,
) -> Response {
    download("users.csv", users_csv(state, caller.scope))
}

/// One data row as read: the person's fields, or why the row could not be read.
type ReadRow = (u64, Result<PersonForm, String>);

/// The header's columns for email, name and (if present) age.
struct Columns {
    email: usize,
    name: usize,
    age: Option<usize>,
}

fn columns(header: &csv::ByteRecord) -> Result<Columns, ApiError> {
    let names: Vec<String> = header
        .iter()
        .map(|name| String::from_utf8_lossy(name).trim().to_lowercase())
        .collect();
    let find = |wanted: &str| names.iter().position(|name| name == wanted);
    match (find("email"), find("name")) {
        (Some(email), Some(name)) => Ok(Columns {
            email,
            name,
            age: find("age"),
        }),
        _ => Err(ApiError::invalid_field(
            "file",
            "The first row must name the columns: email and name (age is optional).",
        )),
    }
}

/// Reads every data row of `bytes`; a file with more than [`MAX_IMPORT_ROWS`] is refused.
fn read_people(bytes: &[u8]) -> Result<Vec<ReadRow>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|error| {
            ApiError::invalid_field("file", format!("The file cannot be read as CSV: {error}."))
        })?
        .clone();
    let columns = columns(&header)?;
    let mut rows = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        if index >= MAX_IMPORT_ROWS {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("Import at most {MAX_IMPORT_ROWS} rows at a time."),
            ));
        }
        let row = index as u64 + 2;
        let person = match record {
            Ok(record) => person(&record, &columns),
            Err(error) => Err(format!("cannot be read as CSV: {error}")),
        };
        rows.push((row, person));
    }
    Ok(rows)
}

fn person(record: &csv::ByteRecord, columns: &Columns) -> Result<PersonForm, String> {
    let field = |index: Option<usize>| -> Result<String, String> {
        let bytes = index
            .and_then(|index| record.get(index))
            .unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(|text| unguarded(text).to_owned())
            .map_err(|_| "is not valid UTF-8 text".to_owned())
    };
    Ok(PersonForm {
        email: field(Some(columns.email))?,
        name: field(Some(columns.name))?,
        age: field(columns.age)?,
    })
}

/// A refused row's reasons, in the request's language: "email: …; age: …".
fn reasons(errors: &FieldErrors) -> String {
    let locale = app::language::of(crate::http::locale::current());
    errors
        .0
        .iter()
        .map(|(field, refusal)| format!("{field}: {}", say(locale, refusal)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Adds people from a CSV file (admins): a header row naming `email`, `name` and optionally
/// `age`, then one person a row, each checked with the registration's rules. Imported people
/// have no password until they set one. The answer reports every refused row.
#[utoipa::path(post, path = "/users/import", tag = "users",
    request_body(content = String, content_type = "text/csv",
        description = "email,name,age\\nada@example.com,Ada Lovelace,36"),
    responses((status = 200, body = ImportReport), WriteRefusals))]
pub async fn import_users(
    State(state): State<AppState>,
    AdminCaller(caller): AdminCaller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("text/csv")
        });
    if !csv {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the file as the body, with `Content-Type: text/csv`.",
        ));
    }
    let mut report = ImportReport {
        accepted: 0,
        refused: Vec::new(),
    };
    for (row, read) in read_people(&body)? {
        let outcome = match read.map(|form| form.parse()) {
            Ok(Ok(person)) => {
                match accounts::import_person(&state.db, caller.scope, person).await {
                    Ok(_) => Ok(()),
                    Err(AccountsError::EmailTaken) => {
                        Err("email: An account with this email already exists.".to_owned())
                    }
                    Err(other) => return Err(other.into()),
                }
            }
            Ok(Err(errors)) => Err(reasons(&errors)),
            Err(unreadable) => Err(format!("row {unreadable}")),
        };
        match outcome {
            Ok(()) => report.accepted += 1,
            Err(reason) => report.refused.push(RefusedRow { row, reason }),
        }
    }
    Ok(Json(report))
}

const MESSAGE_COLUMNS: [&str; 5] = ["id", "created_at", "author_id", "author_name", "body"];

fn message_row(message: Message) -> [String; 5] {
    [
        message.id.to_string(),
        message
            .inserted_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        message.author_id.to_string(),
        message.author_name,
        message.body,
    ]
}

/// A room's history as CSV, oldest first, a page at a time.
fn history_csv(room: EnteredRoom) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
    let header = stream::once(async {
        Ok::<_, std::io::Error>(encode([MESSAGE_COLUMNS.map(str::to_owned)]))
    });
    let pages = stream::try_unfold(Some(0_i64), move |after: Option<i64>| {
        let room = room.clone();
        async move {
            let Some(after) = after else { return Ok(None) };
            let messages = room
                .messages_after(Some(after), MAX_PAGE)
                .await
                .map_err(broken)?;
            let next = (messages.len() == MAX_PAGE as usize)
                .then(|| messages.last().map(|message| message.id))
                .flatten();
            Ok(Some((encode(messages.into_iter().map(message_row)), next)))
        }
    });
    header.chain(pages)
}

/// A room's whole history as CSV, oldest first: id, created_at, author_id, author_name, body.
#[utoipa::path(get, path = "/rooms/{id}/messages/export", tag = "messages",
    params(("id" = i64, Path, description = "The room's id")),
    responses((status = 200, description = "The history, streamed",
        content_type = "text/csv", body = String), ReadRefusals))]
pub async fn export_history(
    State(state): State<AppState>,
    caller: Caller,
    Ids(room_id): Ids<i64>,
) -> Result<Response, ApiError> {
    let room = state.chat.view_room(caller.scope, room_id).await?;
    Ok(download(&format!("room-{room_id}.csv"), history_csv(room)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_exported_as_text_and_imported_back_as_they_were() {
        for text in ["=1+1", "+33", "-2", "@SUM(A1)", "\tx"] {
            let cell = guarded(text);
            assert_eq!(cell, format!("'{text}"));
            assert_eq!(unguarded(&cell), text);
        }
        assert_eq!(guarded("Ada"), "Ada");
        assert_eq!(
            unguarded("'quoted"),
            "'quoted",
            "a quote before anything else stays"
        );
    }

    #[test]
    fn awkward_files_read_as_people_row_by_row() {
        let file = b"\xEF\xBB\xBFName,EMAIL,age\r\n\"Lovelace, Ada\",ada@example.com,36\r\n\"Two\nlines\",two@example.com,\r\nbad,\xFF\xFE@example.com,\r\nshort\r\n";
        let rows = read_people(file).expect("a readable file");
        assert_eq!(rows.len(), 4);
        let (row, first) = &rows[0];
        assert_eq!(*row, 2);
        let first = first.as_ref().expect("read");
        assert_eq!(
            (first.name.as_str(), first.email.as_str()),
            ("Lovelace, Ada", "ada@example.com")
        );
        assert_eq!(rows[1].1.as_ref().expect("read").name, "Two\nlines");
        assert_eq!(rows[2], (4, Err("is not valid UTF-8 text".to_owned())));
        let short = rows[3]
            .1
            .as_ref()
            .expect("a short row reads with empty fields");
        assert_eq!(short.email, "");
    }

    #[test]
    fn a_file_without_the_columns_or_with_too_many_rows_is_refused_whole() {
        assert!(read_people(b"mail,who\nx,y\n").is_err());
        let mut long = b"email,name\n".to_vec();
        for n in 0..=MAX_IMPORT_ROWS {
            long.extend(format!("p{n}@example.com,P\n").as_bytes());
        }
        assert!(read_people(&long).is_err());
    }
}
