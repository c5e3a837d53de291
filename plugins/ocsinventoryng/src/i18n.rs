//! The messages administrators know from GLPI's plugin, in English and
//! French; the host's `locale` setting picks the language.

/// A message in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub en: &'static str,
    pub fr: &'static str,
}

impl Text {
    /// The message in `locale` (`fr`, `fr_FR`, … → French; else English).
    pub fn get(self, locale: &str) -> &'static str {
        if locale.to_ascii_lowercase().starts_with("fr") {
            self.fr
        } else {
            self.en
        }
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
