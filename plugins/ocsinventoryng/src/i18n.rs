//! The plugin's messages in English and French: GLPI's own wording where
//! administrators know it, and the host's `locale` setting (`locale` in
//! parc.toml, `PARC_LOCALE`) picks the language. The locale is read once per
//! command or task ([`set_locale`]) so that deep code (errors, summaries)
//! speaks the user's language without passing it everywhere.

use std::sync::RwLock;

static LOCALE: RwLock<String> = RwLock::new(String::new());

/// Records the locale of the command or task being run.
pub fn set_locale(locale: &str) {
    if let Ok(mut current) = LOCALE.write() {
        *current = locale.to_owned();
    }
}

/// Whether `locale` is French (`fr`, `fr_FR`, `fr-CA`, …).
pub fn is_french(locale: &str) -> bool {
    locale.to_ascii_lowercase().starts_with("fr")
}

/// Whether messages are in French now.
pub fn french() -> bool {
    LOCALE.read().map(|l| is_french(&l)).unwrap_or(false)
}

/// `en` or `fr`, by the current locale.
pub fn tr<T>(en: T, fr: T) -> T {
    if french() { fr } else { en }
}

/// A message in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub en: &'static str,
    pub fr: &'static str,
}

impl Text {
    /// The message in `locale` (`fr`, `fr_FR`, … → French; else English).
    pub fn get(self, locale: &str) -> &'static str {
        if is_french(locale) { self.fr } else { self.en }
    }
}

pub const CONNECTION_FAILED: Text = Text {
    en: "Connection to the database failed",
    fr: "Échec de connexion à la base de données",
};
pub const TRACE_DELETED_OFF: Text = Text {
    en: "Invalid OCSNG configuration (TRACE_DELETED must be active)",
    fr: "Configuration OCSNG invalide (TRACE_DELETED doit être activé)",
};
pub const SERVER_INACTIVE: Text = Text {
    en: "The selected server is not active. Import and synchronisation is not available",
    fr: "Le serveur sélectionné n'est pas actif. L'import et la synchronisation sont impossibles",
};
pub const NO_CHECKSUM_RIGHT: Text = Text {
    en: "Access denied on database (Need write rights on hardware.CHECKSUM necessary)",
    fr: "Accès refusé à la base de données (droits d'écriture sur hardware.CHECKSUM nécessaires)",
};
pub const NO_DELETE_RIGHT: Text = Text {
    en: "Access denied on database (Delete rights in deleted_equiv table necessary)",
    fr: "Accès refusé à la base de données (droits de suppression sur la table deleted_equiv nécessaires)",
};
pub const CONNECTION_OK: Text = Text {
    en: "Connection to database successful",
    fr: "Connexion à la base de données réussie",
};
pub const CONFIG_OK: Text = Text {
    en: "Valid OCSNG configuration and version",
    fr: "Version et Configuration OCSNG valide",
};
/// How to turn TRACE_DELETED on, printed under the message.
pub const TRACE_DELETED_HOWTO: Text = Text {
    en: "Turn it on in the OCS console: Configuration > General configuration > Server > TRACE_DELETED = ON",
    fr: "Activez-le dans la console OCS : Configuration > Configuration générale > Serveur > TRACE_DELETED = ON",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_locales_get_french_others_english() {
        assert_eq!(
            TRACE_DELETED_OFF.get("fr_FR"),
            "Configuration OCSNG invalide (TRACE_DELETED doit être activé)"
        );
        assert_eq!(TRACE_DELETED_OFF.get("fr"), TRACE_DELETED_OFF.fr);
        assert_eq!(TRACE_DELETED_OFF.get("en"), TRACE_DELETED_OFF.en);
        assert_eq!(TRACE_DELETED_OFF.get("de"), TRACE_DELETED_OFF.en);
    }
}
