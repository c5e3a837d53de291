//! Capability: an automatic action.
//!
//! Registered at install (kept while the plugin is deactivated, removed at
//! uninstall). The host's scheduler, or `parc cron run examplegreet`, calls
//! [`run`]; the return value follows GLPI: `Done` (> 0), `NothingToDo` (0),
//! `Partial` (< 0, "more to do, run me again soon").

use parc_plugin_api::messages::TaskSpec;
use parc_plugin_api::{Host, Install, Result, TaskRun, TaskStatus};

use crate::tables::GREETINGS;

/// The task name, unique across parc (prefix it with your key).
pub const NAME: &str = "examplegreet";

pub fn register(install: &mut Install) {
    let mut task = TaskSpec::new(NAME, 3600); // hourly
    task.description = "Writes a greeting to the example table".into();
    task.param = Some(1);
    task.param_label = Some("Greetings per run".into());
    install.task(task);
}

pub fn run(host: &Host, run: &mut TaskRun) -> Result<TaskStatus> {
    let count = run.param().unwrap_or(1).max(0);
    if count == 0 {
        return Ok(TaskStatus::NothingToDo);
    }
    let db = host.db().begin()?; // all greetings or none
    for _ in 0..count {
        db.execute(
            &format!("INSERT INTO {GREETINGS} (name, source) VALUES (?, ?)"),
            &["world".into(), "task".into()],
        )?;
        run.add_volume(1);
    }
    db.commit()?;
    run.log(&format!("{count} greeting(s) written"))?;
    Ok(TaskStatus::Done)
}
