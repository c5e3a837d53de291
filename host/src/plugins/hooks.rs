//! Purges that tell plugins first: a plugin that keeps data about
//! computers outside parc's database (the OCS plugin can delete the
//! machine in OCS) registers a `before_purge` hook at install; every purge
//! path (the CLI, the `purgetrash` automatic action) goes through
//! [`PluginHost::purge_computers`], which checks the purge, calls the hooks
//! of the active plugins, then purges. A hook that fails stops the purge
//! before anything is deleted.

use std::sync::Arc;
use std::time::Duration;

use parc_plugin_api::messages::{PurgeNotice, kind};

use super::runtime::{Invocation, PluginHost};
use crate::assets::AssetError;
use crate::store::registrations;

/// Ids per `before_purge` call.
const HOOK_CHUNK: usize = 1000;
/// How long one hook call may take.
const HOOK_TIMEOUT: Duration = Duration::from_secs(300);

/// Why a purge did not happen.
#[derive(Debug, thiserror::Error)]
pub enum PurgeError {
    /// The purge itself was refused or failed.
    #[error(transparent)]
    Asset(#[from] AssetError),
    /// A plugin's hook refused or failed: nothing was purged.
    #[error(
        "plugin {plugin} failed before the purge ({message}); nothing was purged. \
         Fix the cause, or deactivate the plugin to purge without it"
    )]
    Hook {
        /// The plugin.
        plugin: String,
        /// Its error.
        message: String,
    },
}

impl PluginHost {
    /// Purges computers (see [`crate::assets::AssetStore::purge_computers`])
    /// after the `before_purge` hooks of the active plugins.
    pub async fn purge_computers(
        self: &Arc<Self>,
        ids: &[u32],
        force: bool,
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<usize, PurgeError> {
        let ids = self.assets().check_purge(ids, force).await?;
        if ids.is_empty() {
            return Ok(0);
        }
        let hooks = registrations::list_active(self.db(), "purge_hook")
            .await
            .map_err(AssetError::from)?;
        for hook in hooks
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case("Computer"))
        {
            let failed = |message: String| PurgeError::Hook {
                plugin: hook.plugin.clone(),
                message,
            };
            let plugin = self
                .load(&hook.plugin)
                .await
                .map_err(|e| failed(e.to_string()))?;
            for chunk in ids.chunks(HOOK_CHUNK) {
                let notice = PurgeNotice {
                    itemtype: "Computer".to_owned(),
                    ids: chunk.to_vec(),
                };
                self.invoke::<_, ()>(
                    &plugin,
                    kind::BEFORE_PURGE,
                    &notice,
                    Invocation::default(),
                    Some(HOOK_TIMEOUT),
                )
                .await
                .map_err(|e| failed(e.to_string()))?;
            }
        }
        Ok(self.assets().purge_computers(&ids, force, progress).await?)
    }
}
