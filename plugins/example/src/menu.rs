//! Capability: a page and its menu entry.
//!
//! Registered at activation, gone at deactivation. Pages are served under
//! `/plugins/<key>/<path>`; a menu entry points at one of them, in a GLPI
//! sector: assets, helpdesk, management, tools, plugins, admin or config.

use parc_plugin_api::Activation;

pub fn register(activation: &mut Activation) {
    activation.page("front/greetings", "Greetings");
    activation.menu("tools", "Example greetings", "front/greetings");
}
