//! What one server scored, what its process and the generator spent on it (from `/proc`), and
//! the table comparing the two servers.

use std::time::Instant;

use super::load::Error;

/// Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK` is 100 on Linux).
const TICKS: f64 = 100.0;

pub struct Figures {
    pub name: &'static str,
    pub rss_before_kib: u64,
    pub rss_after_kib: u64,
    pub join_secs: f64,
    pub join_cpu: CpuUse,
    /// Frames the idle sockets received while joining (presence, join pushes).
    pub join_frames: u64,
    /// Sum over the idle sockets of the largest frame each received (bytes).
    pub largest_frames: u64,
    /// `/proc/loadavg` before the sockets opened and after the last phase.
    pub load_before: String,
    pub load_after: String,
    /// Per spaced message: seconds from publish to its last delivery, and whether all arrived.
    pub fanouts: Vec<(f64, bool)>,
    pub spaced: Vec<u64>,
    pub spaced_cpu: CpuUse,
    pub burst: Vec<u64>,
    pub burst_secs: f64,
    pub burst_complete: bool,
    pub burst_cpu: CpuUse,
    /// Per run: concurrent sockets, round trips per second, CPU.
    pub echo: Vec<(usize, f64, CpuUse)>,
    conns: usize,
}

impl Figures {
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            rss_before_kib: 0,
            rss_after_kib: 0,
            join_secs: 0.0,
            join_cpu: CpuUse::default(),
            join_frames: 0,
            largest_frames: 0,
            load_before: String::new(),
            load_after: String::new(),
            fanouts: Vec::new(),
            spaced: Vec::new(),
            spaced_cpu: CpuUse::default(),
            burst: Vec::new(),
            burst_secs: 0.0,
            burst_complete: false,
            burst_cpu: CpuUse::default(),
            echo: Vec::new(),
            conns: 0,
        }
    }

    fn kib_per_conn(&self) -> f64 {
        self.rss_after_kib.saturating_sub(self.rss_before_kib) as f64 / self.conns.max(1) as f64
    }

    /// Deliveries per second of one message, median over the spaced messages.
    fn spaced_rate(&self) -> f64 {
        let mut rates: Vec<f64> = self
            .fanouts
            .iter()
            .map(|(secs, _)| self.conns as f64 / secs)
            .collect();
        rates.sort_by(f64::total_cmp);
        rates.get(rates.len() / 2).copied().unwrap_or(0.0)
    }

    fn burst_rate(&self) -> f64 {
        self.burst.len() as f64 / self.burst_secs
    }

    fn echo_rate(&self, sockets: usize) -> f64 {
        self.echo
            .iter()
            .find(|(k, ..)| *k == sockets)
            .map_or(0.0, |(_, rate, _)| *rate)
    }
}

/// Share of one core used by a process over a phase (user + system).
#[derive(Clone, Copy, Default)]
pub struct CpuUse {
    pub server: f64,
    pub generator: f64,
    /// How busy each core was, whoever used it (softirq work on loopback included).
    pub cores: [f64; 2],
}

impl std::fmt::Display for CpuUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "server {:>3.0} %, generator {:>3.0} % of a core; core 0 {:>3.0} %, core 1 {:>3.0} % busy",
            self.server * 100.0,
            self.generator * 100.0,
            self.cores[0] * 100.0,
            self.cores[1] * 100.0
        )
    }
}

pub struct Cpu {
    pid: u32,
    server: u64,
    generator: u64,
    cores: [(u64, u64); 2],
    at: Instant,
}

impl Cpu {
    pub fn start(pid: u32) -> Self {
        Self {
            pid,
            server: cpu_ticks(&pid.to_string()),
            generator: cpu_ticks("self"),
            cores: core_ticks(),
            at: Instant::now(),
        }
    }

    pub fn finish(self) -> CpuUse {
        let secs = self.at.elapsed().as_secs_f64();
        let share = |now: u64, then: u64| now.saturating_sub(then) as f64 / TICKS / secs;
        CpuUse {
            server: share(cpu_ticks(&self.pid.to_string()), self.server),
            generator: share(cpu_ticks("self"), self.generator),
            cores: std::array::from_fn(|core| {
                let (busy, total) = core_ticks()[core];
                let (busy0, total0) = self.cores[core];
                busy.saturating_sub(busy0) as f64 / total.saturating_sub(total0).max(1) as f64
            }),
        }
    }
}

/// utime + stime of a process, all its threads; 0 if it cannot be read.
fn cpu_ticks(pid: &str) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // Fields after the command name, which ends with the last ')': state is the first,
    // utime the 12th and stime the 13th.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

/// (busy, total) ticks of cores 0 and 1 from `/proc/stat`.
fn core_ticks() -> [(u64, u64); 2] {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    std::array::from_fn(|core| {
        let prefix = format!("cpu{core} ");
        let Some(line) = stat.lines().find(|line| line.starts_with(&prefix)) else {
            return (0, 0);
        };
        let ticks: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|t| t.parse().ok())
            .collect();
        let total: u64 = ticks.iter().take(8).sum();
        // idle and iowait are the 4th and 5th.
        let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
        (total - idle, total)
    })
}

pub fn rss_kib(pid: u32) -> Result<u64, Error> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| "no VmRSS".into())
}

fn percentile_ms(latencies: &[u64], p: f64) -> f64 {
    let mut sorted = latencies.to_vec();
    sorted.sort_unstable();
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1e6
}

struct Row {
    metric: String,
    ours: f64,
    bare: f64,
    target: &'static str,
    met: Option<bool>,
}

pub fn print_table(setup: &str, ours: Option<&Figures>, bare: Option<&Figures>) {
    let value = |f: Option<&Figures>, get: &dyn Fn(&Figures) -> f64| f.map_or(f64::NAN, get);
    let row = |metric: &str,
               get: &dyn Fn(&Figures) -> f64,
               target: &'static str,
               met: &dyn Fn(f64, f64) -> bool| {
        let (o, b) = (value(ours, get), value(bare, get));
        Row {
            metric: metric.to_owned(),
            ours: o,
            bare: b,
            target,
            met: (!target.is_empty() && !o.is_nan()).then(|| met(o, b)),
        }
    };
    let none = |_: f64, _: f64| false;
    let rows = [
        row(
            "RSS per idle joined socket (KiB)",
            &Figures::kib_per_conn,
            "<= 8 KiB",
            &|o, _| o <= 8.0,
        ),
        row(
            "broadcast, one message (deliveries/s, median)",
            &Figures::spaced_rate,
            ">= 50 % of bare",
            &|o, b| o >= 0.5 * b,
        ),
        row(
            "broadcast, one message: p50 (ms)",
            &|f| percentile_ms(&f.spaced, 0.5),
            "",
            &none,
        ),
        row(
            "broadcast, one message: p99 (ms)",
            &|f| percentile_ms(&f.spaced, 0.99),
            "<= 100 ms",
            &|o, _| o <= 100.0,
        ),
        row(
            "broadcast, back to back (deliveries/s)",
            &Figures::burst_rate,
            "",
            &none,
        ),
        row(
            "broadcast, back to back: p50 (ms)",
            &|f| percentile_ms(&f.burst, 0.5),
            "",
            &none,
        ),
        row(
            "broadcast, back to back: p99 (ms)",
            &|f| percentile_ms(&f.burst, 0.99),
            "",
            &none,
        ),
        row(
            "echo, 1 socket (round trips/s)",
            &|f| f.echo_rate(1),
            ">= 75 % of bare",
            &|o, b| o >= 0.75 * b,
        ),
        row(
            "echo, 64 sockets (round trips/s)",
            &|f| f.echo_rate(64),
            ">= 75 % of bare",
            &|o, b| o >= 0.75 * b,
        ),
        row("joining all sockets (s)", &|f| f.join_secs, "", &none),
    ];
    println!("\n{setup}\n");
    println!(
        "| {:<46} | {:>11} | {:>11} | {:>6} | {:<15} | met? |",
        "metric", "ours", "bare", "ratio", "target"
    );
    println!(
        "|{:-<48}|{:-<13}|{:-<13}|{:-<8}|{:-<17}|------|",
        "", "", "", "", ""
    );
    for Row {
        metric,
        ours,
        bare,
        target,
        met,
    } in rows
    {
        let met = match met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        println!(
            "| {metric:<46} | {ours:>11.1} | {bare:>11.1} | {:>6.2} | {target:<15} | {met:<4} |",
            ours / bare
        );
    }
    for figures in [bare, ours].into_iter().flatten() {
        details(figures);
    }
}

fn details(f: &Figures) {
    println!("\n{}:", f.name);
    println!(
        "  RSS {} KiB before, {} KiB after {} idle sockets; {} frames reached them while joining; \
         the largest frame each received: {:.1} KiB on average",
        f.rss_before_kib,
        f.rss_after_kib,
        f.conns,
        f.join_frames,
        f.largest_frames as f64 / 1024.0 / f.conns.max(1) as f64
    );
    println!(
        "  load average: {} before, {} after",
        f.load_before, f.load_after
    );
    println!("  joining:           {}", f.join_cpu);
    let incomplete = f.fanouts.iter().filter(|(_, all)| !all).count();
    println!(
        "  one at a time:     {} (fan-out times {:.1?} ms; {incomplete} incomplete)",
        f.spaced_cpu,
        f.fanouts.iter().map(|(s, _)| s * 1e3).collect::<Vec<_>>()
    );
    println!(
        "  back to back:      {} ({} deliveries in {:.3} s{})",
        f.burst_cpu,
        f.burst.len(),
        f.burst_secs,
        if f.burst_complete { "" } else { ", INCOMPLETE" }
    );
    for (sockets, rate, cpu) in &f.echo {
        println!("  echo, {sockets:>2} sockets:  {cpu} ({rate:.0}/s)");
    }
}

impl Figures {
    pub fn set_conns(&mut self, conns: usize) {
        self.conns = conns;
    }
}
