-- GLPI's `textual` key on IP addresses: rules that find a computer by its
-- IP address look addresses up by their text.
CREATE INDEX textual ON glpi_ipaddresses (name);
