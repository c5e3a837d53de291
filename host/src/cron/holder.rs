//! Who holds a Running task: the host name, pid and start of the process
//! that claimed it, recorded with the claim. A task whose holder ran on
//! this host and is gone (killed, crashed) is recovered at once; the
//! heartbeat rule remains for holders on other hosts, which cannot be
//! looked at.
//!
//! A pid alone is not a process: pids are reused. The process's start, in
//! clock ticks since boot (field 22 of `/proc/PID/stat`), and the kernel's
//! boot id tell the holder from a later process that got the same pid.
//! Without `/proc` nothing is recorded but the host name and pid, and only
//! the heartbeat rule applies.

use std::sync::OnceLock;

use crate::store::cron::CronTask;

/// The process holding a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Host name.
    pub host: String,
    /// Process id.
    pub pid: u32,
    /// Start of the process in clock ticks since boot, where known.
    pub started: Option<i64>,
    /// The kernel's boot id, where known.
    pub boot: Option<String>,
}

impl Holder {
    /// This process.
    pub fn current() -> &'static Holder {
        static CURRENT: OnceLock<Holder> = OnceLock::new();
        CURRENT.get_or_init(|| {
            let pid = std::process::id();
            Holder {
                host: this_host().to_owned(),
                pid,
                started: proc_start(pid).map(|(ticks, _)| ticks),
                boot: boot_id(),
            }
        })
    }

    /// The holder recorded on a task, if any.
    pub fn of(task: &CronTask) -> Option<Holder> {
        Some(Holder {
            host: task.holder_host.clone()?,
            pid: u32::try_from(task.holder_pid?).ok()?,
            started: task.holder_started,
            boot: task.holder_boot.clone(),
        })
    }

    /// Whether this holder is known to be gone: it ran on this host and its
    /// process no longer exists (or is a zombie, or the pid now belongs to
    /// a later process, or the machine rebooted since). `false` when that
    /// cannot be told (another host, no `/proc`).
    pub fn is_gone(&self) -> bool {
        if self.host != this_host() {
            return false;
        }
        let (Some(started), Some(boot)) = (self.started, &self.boot) else {
            return false;
        };
        let Some(now_boot) = boot_id() else {
            return false;
        };
        if *boot != now_boot {
            return true;
        }
        match proc_start(self.pid) {
            None => true,
            Some((ticks, state)) => ticks != started || matches!(state, 'Z' | 'X' | 'x'),
        }
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {} on {}", self.pid, self.host)
    }
}

/// This machine's host name (the kernel's, as `gethostname` returns it).
pub fn this_host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        ["/proc/sys/kernel/hostname", "/etc/hostname"]
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .map(|name| name.trim().to_owned())
            .find(|name| !name.is_empty())
            .unwrap_or_else(|| "localhost".to_owned())
    })
}

fn boot_id() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .ok()
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
}

/// Start (ticks since boot) and state letter of process `pid`, from
/// `/proc/PID/stat`; `None` when there is no such process (or no `/proc`).
fn proc_start(pid: u32) -> Option<(i64, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses, so
    // fields are counted after its last ')'. STATE is field 3, the start
    // field 22.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let started = fields.nth(18)?.parse().ok()?;
    Some((started, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reused_pid_is_not_it() {
        let me = Holder::current().clone();
        assert_eq!(me.pid, std::process::id());
        assert!(me.started.is_some() && me.boot.is_some(), "{me:?}");
        assert!(!me.is_gone());
        let reused = Holder {
            started: me.started.map(|s| s + 1),
            ..me.clone()
        };
        assert!(reused.is_gone(), "same pid, another start");
        let rebooted = Holder {
            boot: Some("another boot".to_owned()),
            ..me.clone()
        };
        assert!(rebooted.is_gone());
        let elsewhere = Holder {
            host: format!("{}-elsewhere", me.host),
            started: Some(0),
            ..me.clone()
        };
        assert!(!elsewhere.is_gone(), "another host cannot be looked at");
    }

    #[test]
    fn a_process_that_ended_is_gone() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let (started, _) = proc_start(pid).expect("the child's stat");
        child.wait().unwrap();
        let holder = Holder {
            pid,
            started: Some(started),
            ..Holder::current().clone()
        };
        assert!(holder.is_gone());
    }
}
