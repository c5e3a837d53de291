//! GLPI's plugin states, with their numbers and labels.

use serde::Serialize;

/// A plugin state (`glpi_plugins.state`), numbered as in GLPI's `Plugin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PluginState {
    /// -1: unknown.
    Unknown,
    /// 0: new (never stored by GLPI; treated as not installed).
    New,
    /// 1: installed and active.
    Activated,
    /// 2: discovered on disk, not installed.
    NotInstalled,
    /// 3: installed, `check_config` failed.
    ToBeConfigured,
    /// 4: installed, not active.
    NotActivated,
    /// 5: files gone; computed when listing, only `clean` applies.
    ToBeCleaned,
    /// 6: another version is on disk; install again to update.
    NotUpdated,
    /// 7: another plugin declares this one as its `oldname`.
    Replaced,
}

impl PluginState {
    /// GLPI's number.
    pub fn code(self) -> i32 {
        match self {
            Self::Unknown => -1,
            Self::New => 0,
            Self::Activated => 1,
            Self::NotInstalled => 2,
            Self::ToBeConfigured => 3,
            Self::NotActivated => 4,
            Self::ToBeCleaned => 5,
            Self::NotUpdated => 6,
            Self::Replaced => 7,
        }
    }

    /// The state of a GLPI number.
    pub fn from_code(code: i32) -> Self {
        match code {
            0 => Self::New,
            1 => Self::Activated,
            2 => Self::NotInstalled,
            3 => Self::ToBeConfigured,
            4 => Self::NotActivated,
            5 => Self::ToBeCleaned,
            6 => Self::NotUpdated,
            7 => Self::Replaced,
            _ => Self::Unknown,
        }
    }

    /// GLPI's label (`Plugin::getState`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Unknown | Self::ToBeCleaned => "Error / to clean",
            Self::New => "New",
            Self::Activated => "Enabled",
            Self::NotInstalled => "Not installed",
            Self::ToBeConfigured => "Installed / not configured",
            Self::NotActivated => "Installed / not activated",
            Self::NotUpdated => "To update",
            Self::Replaced => "Replaced",
        }
    }

    /// Whether the plugin's install ran (its tables and tasks exist).
    pub fn is_installed(self) -> bool {
        matches!(
            self,
            Self::Activated | Self::ToBeConfigured | Self::NotActivated | Self::NotUpdated
        )
    }
}

#[cfg(test)]
mod tests {
    use super::PluginState;

    #[test]
    fn codes_round_trip_with_glpi_numbers() {
        for code in -1..=7 {
            assert_eq!(PluginState::from_code(code).code(), code);
        }
        assert_eq!(PluginState::NotActivated.code(), 4);
        assert_eq!(PluginState::ToBeCleaned.label(), "Error / to clean");
    }
}
