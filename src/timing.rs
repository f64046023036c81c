//! Where a build's time and memory go: each stage's wall time and the process's peak
//! resident memory when the stage ended (`minhbach build --timings`, `serve`'s log).

use std::time::{Duration, Instant};

/// One stage of a build or render.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    pub name: &'static str,
    pub took: Duration,
    /// The process's peak resident memory so far, in MiB (Linux only; `None` elsewhere).
    pub peak_mib: Option<u64>,
}

impl Stage {
    /// A stage that started at `started` and ends now.
    pub fn since(name: &'static str, started: Instant) -> Stage {
        Stage {
            name,
            took: started.elapsed(),
            peak_mib: peak_mib(),
        }
    }
}

/// Stages timed one after another: each lap ends a stage and starts the next.
pub struct Laps {
    last: Instant,
    stages: Vec<Stage>,
}

impl Laps {
    /// Starts the first stage.
    pub fn start() -> Laps {
        Laps {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    /// Ends the current stage as `name` and starts the next.
    pub fn lap(&mut self, name: &'static str) {
        self.stages.push(Stage::since(name, self.last));
        self.last = Instant::now();
    }

    /// The stages lapped, in order.
    pub fn stages(self) -> Vec<Stage> {
        self.stages
    }
}

/// The peak resident memory of this process so far (`VmHWM`), in MiB.
pub fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.div_ceil(1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_memory_is_read_on_linux() {
        let big = vec![1u8; 64 << 20];
        let peak = peak_mib();
        if cfg!(target_os = "linux") {
            assert!(peak.is_some_and(|p| p >= 64), "{peak:?}");
        }
        assert_eq!(big.iter().map(|&b| b as usize).sum::<usize>(), 64 << 20);
    }
}
