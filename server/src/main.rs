use std::{path::Path, process::ExitCode};

use server::{settings::Settings, startup::Application, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::load(Path::new("config")) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&settings);

    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(error = ?error, "could not start");
            eprintln!("error: {}", report(&error));
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", app.url());
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", report(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line.
fn report(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
