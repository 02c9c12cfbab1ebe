use std::{path::Path, process::ExitCode};

use app::error::chain;
use clap::Parser;
use server::{
    cli::{self, Cli},
    settings::Settings,
    startup::Application,
    telemetry,
};

/// Requests allocate small, short-lived buffers from both worker threads; mimalloc's
/// per-thread free lists serve them without the arena locks glibc's malloc waits on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(Path::new("config")) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(command) = cli.command {
        return match cli::run(&settings, command).await {
            Ok(done) => {
                println!("{done}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {}", chain(&error));
                ExitCode::FAILURE
            }
        };
    }
    telemetry::init(&settings);

    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(error = ?error, "could not start");
            eprintln!("error: {}", chain(&error));
            return ExitCode::FAILURE;
        }
    };
    let url = app.url();
    // Signals are caught from here on, so a stop right after this line is still graceful.
    let running = app.run_until_stopped();
    println!("listening on {url}");
    match running.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", chain(&error));
            ExitCode::FAILURE
        }
    }
}
