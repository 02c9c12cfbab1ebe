//! Facts about this process that the standard library does not give.

/// The resident set size in bytes, from `/proc/self/status` (`None` elsewhere than Linux, or
/// if it cannot be read).
pub fn resident_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn this_process_has_some_resident_memory() {
        let bytes = super::resident_memory_bytes().unwrap();
        assert!(bytes > 1024 * 1024, "{bytes}");
    }
}
