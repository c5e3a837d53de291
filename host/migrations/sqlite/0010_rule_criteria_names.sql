-- One name per rule criterion: the names GLPI 9's OCS plugin gave to
-- criteria the host collections have under GLPI 10's names become those.
UPDATE glpi_rulecriterias SET criteria = 'tag'
 WHERE criteria = 'TAG'
   AND rules_id IN (SELECT id FROM glpi_rules WHERE sub_type IN ('RuleImportEntity', 'RuleImportAsset'));
UPDATE glpi_rulecriterias SET criteria = 'ip'
 WHERE criteria = 'IPADDRESS'
   AND rules_id IN (SELECT id FROM glpi_rules WHERE sub_type IN ('RuleImportEntity', 'RuleImportAsset'));
UPDATE glpi_rulecriterias SET criteria = 'subnet'
 WHERE criteria = 'IPSUBNET'
   AND rules_id IN (SELECT id FROM glpi_rules WHERE sub_type = 'RuleImportEntity');
UPDATE glpi_rulecriterias SET criteria = 'domain'
 WHERE criteria = 'DOMAIN'
   AND rules_id IN (SELECT id FROM glpi_rules WHERE sub_type = 'RuleImportEntity');
-- Their registrations go: the plugin no longer makes them.
DELETE FROM parc_plugin_registrations
 WHERE kind = 'criterion'
   AND name IN ('RuleImportEntity.TAG', 'RuleImportAsset.TAG', 'RuleImportEntity.IPADDRESS',
                'RuleImportEntity.IPSUBNET', 'RuleImportEntity.DOMAIN');
