//! The node's own costs (issue "Live dashboard, supervised background tasks, and the system
//! page"): what the metrics middleware adds to each request, what one collector tick costs, and
//! how long the server takes to render the home (to a visitor, in English and French, and to
//! the admin), dashboard and system pages. Prints its figures; not
//! part of CI. Run with `cargo bench -p server --bench node` (knob: `BENCH_REQUESTS`, 2000000).

use std::{
    convert::Infallible,
    sync::Arc,
    time::{Duration, Instant},
};

use domain::db::{Db, PoolOptions};
use futures_util::FutureExt;
use http::{Request, Response, StatusCode};
use model::dashboard::TOPIC;
use ops::metrics::Charts;
use pubsub::{Delivery, PubSub, Subscriber};
use realtime::Online;
use secrecy::SecretString;
use server::{
    dashboard::Collector,
    metrics::{Metrics, RecordLayer},
    settings::{AssetSettings, DatabaseSettings, Profile, ServerSettings, Settings},
    startup::Application,
};
use tower::{Layer, Service, service_fn};

mod support;

use support::{Error, env_or, register};

/// Nanoseconds per call of `service` on a request that is answered at once.
fn per_call<S>(service: &mut S, calls: usize) -> f64
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    let started = Instant::now();
    for _ in 0..calls {
        let answered = service
            .call(Request::new(()))
            .now_or_never()
            .expect("answered at once");
        std::hint::black_box(answered.map(|response| response.status()).ok());
    }
    started.elapsed().as_nanos() as f64 / calls as f64
}

fn middleware(calls: usize) {
    let answer = || service_fn(|_: Request<()>| async { Ok::<_, Infallible>(Response::new(())) });
    let mut bare = answer();
    let metrics = Arc::new(Metrics::new().expect("the metrics register"));
    let mut recorded = RecordLayer::new(metrics.clone()).layer(answer());
    // Warm up, then alternate to even out frequency changes.
    per_call(&mut bare, calls / 10);
    per_call(&mut recorded, calls / 10);
    let (mut without, mut with) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        without = without.min(per_call(&mut bare, calls));
        with = with.min(per_call(&mut recorded, calls));
    }
    println!("metrics middleware, one thread ({calls} requests, best of 5):");
    println!("  a request without it   {without:7.1} ns");
    println!("  a request with it      {with:7.1} ns");
    println!(
        "  cost of the middleware {:7.1} ns per request",
        with - without
    );

    // Two threads recording into one window at once (the machine's two cores).
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            let metrics = metrics.clone();
            scope.spawn(move || {
                for _ in 0..calls {
                    metrics.record_response(StatusCode::OK, Instant::now());
                }
            });
        }
    });
    let per = started.elapsed().as_nanos() as f64 / calls as f64;
    println!("  recording from 2 threads at once: {per:.1} ns per request per thread");
}

async fn collector_tick() -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let db = Db::connect(
        &format!("sqlite://{}/bench.db", dir.path().display()),
        PoolOptions {
            max_connections: 5,
            acquire_timeout: Duration::from_secs(5),
        },
    )
    .await?;
    let pubsub = PubSub::local();
    let online = Arc::new(Online::default());
    // A busy minute: 100k requests in the window, 1000 people online, one dashboard watching.
    let metrics = Arc::new(Metrics::new()?);
    for n in 0..100_000u64 {
        metrics
            .requests
            .record(Duration::from_micros(200 + n % 50_000));
    }
    let sockets: Vec<_> = (0..1000)
        .filter_map(|user| online.try_enter(user, usize::MAX))
        .collect();
    let (watcher, mut deliveries) = Subscriber::new();
    pubsub.subscribe(TOPIC, &watcher);
    let charts = Arc::new(Charts::new(Duration::from_secs(1)));
    let collector = Collector::new(pubsub.clone(), online, db, metrics, charts);
    let ticks = 2_000;
    // What a dashboard socket would take off its queue (and encode and write), once per tick.
    let mut drain = || -> Result<(), Error> {
        while let Some(Some(delivery)) = deliveries.recv().now_or_never() {
            match delivery {
                Delivery::Message(broadcast) => {
                    std::hint::black_box(broadcast.encoded(|b| b.payload.to_string()));
                }
                Delivery::Lagged => return Err("the watcher lagged".into()),
            }
        }
        Ok(())
    };
    for _ in 0..100 {
        collector.tick().await?;
        tokio::task::yield_now().await;
        drain()?;
    }
    let started = Instant::now();
    for _ in 0..ticks {
        collector.tick().await?;
        tokio::task::yield_now().await;
        drain()?;
    }
    let per_tick = started.elapsed() / ticks;
    let started = Instant::now();
    for _ in 0..ticks {
        std::hint::black_box(collector.sample());
    }
    let per_sample = started.elapsed() / ticks;
    let started = Instant::now();
    for _ in 0..ticks {
        std::hint::black_box(ops::process::resident_memory_bytes());
    }
    let per_memory = started.elapsed() / ticks;
    println!(
        "collector, one tick (sample, charts, gauges, two broadcasts; 100k requests in the window, 1000 online):"
    );
    println!(
        "  {:.1} µs per tick = {:.4} % of one core at one tick per second",
        per_tick.as_secs_f64() * 1e6,
        per_tick.as_secs_f64() * 100.0
    );
    println!(
        "  of which sampling {:.1} µs (reading /proc/self/status for the memory: {:.1} µs)",
        per_sample.as_secs_f64() * 1e6,
        per_memory.as_secs_f64() * 1e6
    );
    drop(sockets);
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn ssr() -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings {
        profile: Profile::Test,
        server: ServerSettings {
            port: 0,
            ..ServerSettings::default()
        },
        database: DatabaseSettings {
            url: Some(SecretString::from(format!(
                "sqlite://{}/bench.db",
                dir.path().display()
            ))),
            ..DatabaseSettings::default()
        },
        secret_key_base: Some(SecretString::from("k".repeat(64))),
        assets: AssetSettings {
            site_root: root.join("target/site"),
            public_dir: root.join("public"),
        },
        ..Settings::default()
    };
    let app = Application::build(settings).await?;
    let url = app.url();
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let cookie = register(&client, &url).await?;
    println!("server-side rendering (200 renders after 20 to warm up):");
    let pages = [
        ("/", None, "en", "home, a visitor"),
        ("/", None, "fr", "home, a visitor in French"),
        ("/", Some(&cookie), "en", "home, the admin"),
        ("/dashboard", Some(&cookie), "en", "the admin"),
        ("/admin/system", Some(&cookie), "en", "the admin"),
    ];
    for (path, cookie, language, who) in pages {
        let mut times = Vec::new();
        for round in 0..220 {
            let started = Instant::now();
            let mut request = client
                .get(format!("{url}{path}"))
                .header("accept", "text/html")
                .header("accept-language", language);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let page = request.send().await?;
            let status = page.status();
            let bytes = page.bytes().await?.len();
            if status != StatusCode::OK {
                return Err(format!("{path}: {status}").into());
            }
            if round >= 20 {
                times.push((started.elapsed(), bytes));
            }
        }
        let bytes = times[0].1;
        let mut times: Vec<_> = times.into_iter().map(|(time, _)| time).collect();
        times.sort();
        println!(
            "  {path:<14} {who:<26} p50 {:6.2} ms, p99 {:6.2} ms ({bytes} bytes of HTML)",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
    }
    Ok(())
}

fn main() -> Result<(), Error> {
    middleware(env_or("BENCH_REQUESTS", 2_000_000));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(collector_tick())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(ssr())
}
