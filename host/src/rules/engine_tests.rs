//! Semantics of conditions and collections, against GLPI's behaviour.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::*;
use crate::rules::condition::{self, code};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 28)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn criterion(criteria: &str, condition: i32, pattern: &str) -> CriterionDef {
    CriterionDef {
        criteria: criteria.to_owned(),
        condition,
        pattern: pattern.to_owned(),
        compiled: condition::compile(condition, pattern).unwrap(),
    }
}

fn assign(field: &str, value: &str) -> ActionDef {
    ActionDef {
        action_type: "assign".to_owned(),
        field: field.to_owned(),
        value: value.to_owned(),
    }
}

fn rule(id: u32, or: bool, criteria: Vec<CriterionDef>, actions: Vec<ActionDef>) -> RuleDef {
    RuleDef {
        id,
        uuid: None,
        name: format!("rule {id}"),
        ranking: id as i32,
        or,
        criteria,
        actions,
    }
}

fn collection(rules: Vec<RuleDef>, stop: bool) -> Collection {
    Collection {
        sub_type: "RuleImportEntity".to_owned(),
        stop_on_first_match: stop,
        kind: Kind::ImportEntity,
        rules,
        entity_tags: [("eu".to_owned(), 7)].into_iter().collect(),
    }
}

fn input(pairs: &[(&str, &str)]) -> Input {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), InputValue::One((*v).to_owned())))
        .collect()
}

fn run(c: &Collection, input: &Input) -> Evaluation {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(c.evaluate(input, &NoLookup, now(), true))
        .unwrap()
}

/// Whether a single criterion holds for a value.
fn holds(condition: i32, pattern: &str, value: &str) -> bool {
    let c = collection(
        vec![rule(
            1,
            false,
            vec![criterion("x", condition, pattern)],
            vec![assign("entities_id", "1")],
        )],
        true,
    );
    run(&c, &input(&[("x", value)])).rule.is_some()
}

#[test]
fn is_and_is_not_ignore_case_and_trim_the_pattern() {
    assert!(holds(code::IS, " PC-01 ", "pc-01"));
    assert!(!holds(code::IS, "pc-01", "pc-02"));
    assert!(holds(code::IS_NOT, "pc-01", "pc-02"));
    assert!(!holds(code::IS_NOT, "PC-01", "pc-01"));
    // An empty pattern "is" an empty value.
    assert!(holds(code::IS, "", ""));
}

#[test]
fn the_wildcard_matches_everything_even_nothing() {
    for condition in [code::IS, code::IS_NOT, code::CONTAIN, code::REGEX_MATCH] {
        assert!(holds(condition, "*", ""), "{condition}");
        assert!(holds(condition, "*", "anything"), "{condition}");
    }
}

#[test]
fn contain_begin_end_are_false_on_empty_pattern_or_value() {
    assert!(holds(code::CONTAIN, "ABC", "xxabcxx"));
    assert!(holds(code::BEGIN, "pc", "PC-01"));
    assert!(holds(code::END, "-01", "PC-01"));
    for condition in [code::CONTAIN, code::BEGIN, code::END] {
        assert!(!holds(condition, "", "value"), "{condition} empty pattern");
        assert!(!holds(condition, "a", ""), "{condition} empty value");
        // PHP's empty(): "0" is empty.
        assert!(!holds(condition, "0", "0"), "{condition} \"0\"");
    }
    assert!(holds(code::NOT_CONTAIN, "abc", "xyz"));
    assert!(holds(code::NOT_CONTAIN, "abc", ""));
    assert!(!holds(code::NOT_CONTAIN, "", "xyz"), "empty pattern");
    assert!(!holds(code::NOT_CONTAIN, "B", "abc"));
}

#[test]
fn exists_treats_zero_as_empty() {
    assert!(holds(code::EXISTS, "", "x"));
    assert!(!holds(code::EXISTS, "", ""));
    assert!(!holds(code::EXISTS, "", "0"));
    assert!(holds(code::DOES_NOT_EXIST, "", "0"));
    assert!(holds(code::DOES_NOT_EXIST, "", ""));
    assert!(!holds(code::DOES_NOT_EXIST, "", "a"));
}

#[test]
fn a_missing_criterion_is_an_empty_string() {
    let c = collection(
        vec![rule(
            1,
            false,
            vec![criterion("absent", code::DOES_NOT_EXIST, "")],
            vec![assign("entities_id", "1")],
        )],
        true,
    );
    assert!(run(&c, &input(&[])).rule.is_some());
    let c = collection(
        vec![rule(
            1,
            false,
            vec![criterion("absent", code::IS, "")],
            vec![assign("entities_id", "1")],
        )],
        true,
    );
    assert!(run(&c, &input(&[])).rule.is_some());
}

#[test]
fn regexes_use_delimiters_with_glpi_flags_and_capture() {
    assert!(
        holds(code::REGEX_MATCH, "/^pc-[0-9]+$/", "PC-42"),
        "case-insensitive (i)"
    );
    assert!(
        holds(code::REGEX_MATCH, "/a.b/", "a\nb"),
        "dot matches newline (s)"
    );
    assert!(holds(code::REGEX_MATCH, "#^x#", "xyz"), "other delimiters");
    assert!(holds(code::REGEX_NOT_MATCH, "/^pc/", "laptop"));
    assert!(!holds(code::REGEX_NOT_MATCH, "/^pc/", "PC"));
    assert!(condition::compile(code::REGEX_MATCH, "no delimiters").is_err());
    assert!(condition::compile(code::REGEX_MATCH, "/(a/").is_err());
    // Captures feed regex_result actions (#0, #1, …).
    let mut r = rule(
        1,
        false,
        vec![criterion(
            "name",
            code::REGEX_MATCH,
            "/^([a-z]+)-([0-9]+)$/",
        )],
        vec![],
    );
    r.actions.push(ActionDef {
        action_type: "regex_result".into(),
        field: "locations_id".into(),
        value: "#1 of #0".into(),
    });
    r.actions.push(ActionDef {
        action_type: "append_regex_result".into(),
        field: "tags".into(),
        value: "#0".into(),
    });
    let e = run(&collection(vec![r], true), &input(&[("name", "paris-12")]));
    assert_eq!(e.output["locations_id"], "12 of paris");
    assert_eq!(e.output["tags"], serde_json::json!(["paris"]));
}

#[test]
fn a_hostile_regex_runs_in_linear_time() {
    let pattern = "/^(a+)+$/";
    let value = format!("{}!", "a".repeat(50_000));
    let started = std::time::Instant::now();
    assert!(!holds(code::REGEX_MATCH, pattern, &value));
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // Patterns that would need huge automata are refused at save time.
    assert!(condition::compile(code::REGEX_MATCH, "/(x{1000}){1000}/").is_err());
}

#[test]
fn cidr_is_ipv4() {
    assert!(holds(code::CIDR, "192.168.0.0/16", "192.168.10.4"));
    assert!(!holds(code::CIDR, "192.168.0.0/16", "10.0.0.1"));
    assert!(holds(code::NOT_CIDR, "192.168.0.0/16", "10.0.0.1"));
    assert!(
        holds(code::CIDR, "10.1.2.3/8", "10.200.0.1"),
        "unaligned network"
    );
    assert!(!holds(code::CIDR, "10.0.0.0/8", "not an ip"));
    assert!(!holds(code::CIDR, "10.0.0.0/8", ""));
    // An IPv6 address is outside every IPv4 network.
    assert!(!holds(code::CIDR, "10.0.0.0/8", "fe80::1"));
    assert!(holds(code::NOT_CIDR, "10.0.0.0/8", "fe80::1"));
    assert!(holds(code::NOT_CIDR, "10.0.0.0/8", "2001:db8::10"));
    // No address is neither in nor out.
    assert!(!holds(code::NOT_CIDR, "10.0.0.0/8", ""));
}

/// GLPI's own RuleCriteria test cases (tests/functional/RuleCriteriaTest):
/// (condition, pattern, value, matches).
#[test]
fn glpi_rule_criteria_cases() {
    let cases: &[(i32, &str, &str, bool)] = &[
        (code::IS, "*", "Mozilla Firefox", true),
        (code::FIND, "*", "Mozilla Firefox", true),
        (code::IS, "Mozilla Firefox", "Mozilla Firefox", true),
        (code::IS, "Mozilla Firefox", "foo", false),
        (code::IS_NOT, "Mozilla Firefox", "foo", true),
        (code::EXISTS, "", "Mozilla Firefox", true),
        (code::EXISTS, "", "", false),
        (code::CONTAIN, "Firefox", "Mozilla Firefox", true),
        (code::CONTAIN, "Firefox", "mozilla firefox", true),
        (code::CONTAIN, "Firefox", "", false),
        (code::NOT_CONTAIN, "Firefox", "Konqueror", true),
        (code::BEGIN, "Mozilla", "Mozilla Firefox", true),
        (code::BEGIN, "Mozilla", "mozilla firefox", true),
        (code::BEGIN, "Mozilla", "", false),
        (code::END, "Firefox", "Mozilla Firefox", true),
        (code::END, "Firefox", "mozilla firefox", true),
        (code::END, "Firefox", "", false),
        (
            code::REGEX_MATCH,
            "/Mozilla Firefox (.*)/",
            "Mozilla Firefox 52",
            true,
        ),
        (
            code::REGEX_MATCH,
            "/Mozilla Firefox (.*)/",
            "Mozilla Thunderbird 52",
            false,
        ),
        (
            code::REGEX_NOT_MATCH,
            "/Mozilla Firefox (.*)/",
            "Mozilla Firefox 52",
            false,
        ),
        (
            code::REGEX_NOT_MATCH,
            "/Mozilla Firefox (.*)/",
            "Mozilla Thunderbird 52",
            true,
        ),
        // Quotes, slashes and HTML special characters.
        (code::BEGIN, "Besoin d'un", "Besoin d'un ordinateur", true),
        (code::BEGIN, "<R&D>", "<R&D> Test", true),
        (code::BEGIN, r"\o", r"\o/", true),
        (code::END, "d'un ordinateur", "Besoin d'un ordinateur", true),
        (code::END, "<R&D>", "Test <R&D>", true),
        (code::END, "/", r"\o/", true),
        (code::CONTAIN, "d'un", "Besoin d'un ordinateur", true),
        (code::CONTAIN, "<R&D>", "<R&D> Test", true),
        (code::CONTAIN, r"\", r"\o/", true),
        (code::NOT_CONTAIN, "d'un", "Besoin d'un ordinateur", false),
        (code::NOT_CONTAIN, "<R&D>", "<R&D> Test", false),
        (code::NOT_CONTAIN, r"\", r"\o/", false),
        (code::NOT_CONTAIN, r"\o/", r"\o/", false),
        (
            code::IS,
            "Besoin d'un ordinateur",
            "Besoin d'un ordinateur",
            true,
        ),
        (code::IS, "<R&D> Test", "<R&D> Test", true),
        (
            code::IS_NOT,
            "Besoin d'un ordinateur",
            "Besoin d'un ordinateur",
            false,
        ),
        (code::IS_NOT, "<R&D> Test", "<R&D> Test", false),
        (code::IS_NOT, r"\o/", r"\o/", false),
        (code::REGEX_MATCH, "/d'un/", "Besoin d'un ordinateur", true),
        (code::REGEX_MATCH, "/<R&D>/", "<R&D> Test", true),
        (code::REGEX_MATCH, r"/\\.+\/$/", r"\o/", true),
        // Where PCRE differs from a linear engine.
        (code::REGEX_MATCH, "/^(?!test)/", "prod-1", true),
        (code::REGEX_MATCH, "/^(?!test)/", "Test-1", false),
        (code::REGEX_NOT_MATCH, "/^(?!test)/", "test-1", true),
        (code::REGEX_MATCH, r"/^(a)\1$/", "aa", true),
        (code::REGEX_MATCH, r"/^(a)\1$/", "ab", false),
        (code::REGEX_MATCH, "/^pc-1$/", "pc-1\n", true),
        (code::REGEX_MATCH, "/^pc-1$/D", "pc-1\n", false),
    ];
    for (condition, pattern, value, expected) in cases {
        assert_eq!(
            holds(*condition, pattern, value),
            *expected,
            "{} {pattern:?} on {value:?}",
            condition::label(*condition)
        );
    }
    // Captures, every match, group by group (#8117 in GLPI).
    let captures = |pattern: &str, value: &str| {
        let compiled = condition::compile(code::REGEX_MATCH, pattern).unwrap();
        condition::matches(
            code::REGEX_MATCH,
            &compiled,
            value,
            &value.to_lowercase(),
            now(),
            pattern,
        )
        .captures
    };
    assert_eq!(
        captures("/Mozilla Firefox (.*)/", "Mozilla Firefox 52"),
        Some(vec!["52".to_owned()])
    );
    assert_eq!(
        captures(
            "/Mozilla (Firefox|Thunderbird) (.*)/",
            "Mozilla Thunderbird 52"
        ),
        Some(vec!["Thunderbird".to_owned(), "52".to_owned()])
    );
    assert_eq!(
        captures(
            "/CN=([0-9a-z]+) VPN/",
            "Subject = CN=val01 VPN Certificate,O=x Subject = CN=val02 VPN Certificate,O=x"
        ),
        Some(vec!["val01".to_owned(), "val02".to_owned()])
    );
    // An invalid pattern never matches, either way.
    assert!(condition::compile(code::REGEX_MATCH, "/Mozilla Firefox (.*)").is_err());
}

#[test]
fn arrays_positive_any_negative_all() {
    let ips = |values: &[&str]| -> Input {
        [(
            "ip".to_owned(),
            InputValue::Many(values.iter().map(|v| (*v).to_owned()).collect()),
        )]
        .into_iter()
        .collect()
    };
    let one = |condition, pattern| {
        collection(
            vec![rule(
                1,
                false,
                vec![criterion("ip", condition, pattern)],
                vec![assign("entities_id", "1")],
            )],
            true,
        )
    };
    let c = one(code::CIDR, "10.0.0.0/8");
    assert!(
        run(&c, &ips(&["192.168.1.1", "10.1.1.1"])).rule.is_some(),
        "any"
    );
    let c = one(code::NOT_CIDR, "10.0.0.0/8");
    assert!(
        run(&c, &ips(&["192.168.1.1", "172.16.0.1"])).rule.is_some(),
        "all outside"
    );
    // "is not CIDR" is not one of GLPI's negative conditions: one address
    // outside is enough.
    assert!(
        run(&c, &ips(&["192.168.1.1", "10.1.1.1"])).rule.is_some(),
        "one outside"
    );
    assert!(
        run(&c, &ips(&["10.0.0.1", "10.1.1.1"])).rule.is_none(),
        "all inside"
    );
    // Neither is "not under".
    let c = one(code::NOT_UNDER, "3");
    assert!(run(&c, &ips(&["3", "4"])).rule.is_some(), "one not under");
    let c = one(code::IS_NOT, "10.0.0.1");
    assert!(run(&c, &ips(&["10.0.0.2", "10.0.0.1"])).rule.is_none());
    // An empty array is one empty value.
    let c = one(code::DOES_NOT_EXIST, "");
    assert!(run(&c, &ips(&[])).rule.is_some());
}

#[test]
fn dates_absolute_and_relative() {
    assert!(holds(code::DATE_BEFORE, "2026-11-01", "2026-10-31"));
    assert!(!holds(code::DATE_BEFORE, "2026-11-01", "2026-11-02"));
    assert!(holds(code::DATE_AFTER, "-2DAY", "2026-11-27"));
    assert!(!holds(code::DATE_AFTER, "-2DAY", "2026-11-25"));
    assert!(holds(code::DATE_EQUAL, "TODAY", "2026-11-28 08:30:00"));
    assert!(holds(code::DATE_NOT_EQUAL, "TODAY", "2026-11-27 08:30:00"));
    assert!(holds(code::DATE_BEFORE, "NOW", "2026-11-28 11:59:59"));
}

#[test]
fn and_needs_all_or_needs_one() {
    let both = vec![
        criterion("tag", code::IS, "a"),
        criterion("name", code::BEGIN, "pc"),
    ];
    let and = collection(
        vec![rule(
            1,
            false,
            both.clone(),
            vec![assign("entities_id", "1")],
        )],
        true,
    );
    let or = collection(
        vec![rule(1, true, both, vec![assign("entities_id", "1")])],
        true,
    );
    let half = input(&[("tag", "a"), ("name", "laptop")]);
    assert!(run(&and, &half).rule.is_none());
    assert!(run(&or, &half).rule.is_some());
    let e = run(&and, &half);
    assert_eq!(e.rules[0].criteria.len(), 2);
    assert!(
        e.rules[0].reason.contains("name starting with"),
        "{}",
        e.rules[0].reason
    );
}

#[test]
fn ranking_order_and_stop_on_first_match() {
    let rules = vec![
        rule(
            1,
            false,
            vec![criterion("tag", code::IS, "x")],
            vec![assign("entities_id", "1")],
        ),
        rule(
            2,
            false,
            vec![criterion("tag", code::IS, "*")],
            vec![assign("entities_id", "2")],
        ),
        rule(
            3,
            false,
            vec![criterion("tag", code::IS, "*")],
            vec![assign("locations_id", "3")],
        ),
    ];
    let first = collection(rules.clone(), true);
    let e = run(&first, &input(&[("tag", "y")]));
    assert_eq!(e.output["entities_id"], "2");
    assert_eq!(e.output["_ruleid"], 2);
    assert_eq!(e.output["_no_rule_matches"], false);
    assert!(
        !e.output.contains_key("locations_id"),
        "stopped at the first match"
    );
    // A collection that does not stop applies every matching rule in order.
    let all = collection(rules, false);
    let e = run(&all, &input(&[("tag", "y")]));
    assert_eq!(e.output["entities_id"], "2");
    assert_eq!(e.output["locations_id"], "3");
    assert_eq!(e.output["_ruleid"], 3);
    assert_eq!(e.rule.unwrap().id, 2, "the first match decided");
}

#[test]
fn stop_rules_processing_stops_any_collection() {
    let rules = vec![
        rule(
            1,
            false,
            vec![criterion("tag", code::IS, "*")],
            vec![
                assign("entities_id", "1"),
                assign("_stop_rules_processing", "1"),
            ],
        ),
        rule(
            2,
            false,
            vec![criterion("tag", code::IS, "*")],
            vec![assign("locations_id", "2")],
        ),
    ];
    let e = run(&collection(rules, false), &input(&[("tag", "y")]));
    assert!(!e.output.contains_key("locations_id"));
}

#[test]
fn no_rule_matches_is_always_in_the_output() {
    let c = collection(
        vec![rule(
            1,
            false,
            vec![criterion("tag", code::IS, "x")],
            vec![],
        )],
        true,
    );
    let e = run(&c, &input(&[("tag", "y")]));
    assert_eq!(e.output["_no_rule_matches"], true);
    assert!(e.rule.is_none());
    assert!(!e.output.contains_key("_ruleid"));
    // A rule without criteria never matches.
    let c = collection(
        vec![rule(1, false, vec![], vec![assign("entities_id", "1")])],
        true,
    );
    assert_eq!(run(&c, &input(&[])).output["_no_rule_matches"], true);
}

#[test]
fn entity_from_tag() {
    let mut r = rule(
        1,
        false,
        vec![criterion("tag", code::REGEX_MATCH, "/^(.*)-site$/")],
        vec![],
    );
    r.actions.push(ActionDef {
        action_type: "regex_result".into(),
        field: "_affect_entity_by_tag".into(),
        value: "#0".into(),
    });
    let c = collection(vec![r], true);
    assert_eq!(
        run(&c, &input(&[("tag", "EU-site")])).output["entities_id"],
        "7"
    );
    let e = run(&c, &input(&[("tag", "ASIA-site")]));
    assert!(!e.output.contains_key("entities_id"));
    assert!(e.rules[0].reason.contains("no entity has the tag"));
}

/// RuleImportAsset against a real (SQLite scratch) asset store: found by
/// serial → link; a FIND criterion missing from the input cannot match;
/// not found with "link or refuse" → refused; else the import rule.
#[test]
fn import_asset_find_link_import_refuse() {
    use crate::rules::lookup::AssetLookup;
    use crate::store::rows::{Val, insert_many};
    use crate::store::scratch;

    let link = rule(
        1,
        false,
        vec![criterion("serial", code::FIND, "1")],
        vec![assign("_inventory", "0")],
    );
    let refuse_unknown = rule(
        2,
        false,
        vec![criterion("uuid", code::FIND, "1")],
        vec![assign("_inventory", "1")],
    );
    let import = rule(
        3,
        false,
        vec![criterion("name", code::EXISTS, "1")],
        vec![assign("_inventory", "0")],
    );
    let c = Collection {
        sub_type: "RuleImportAsset".into(),
        stop_on_first_match: true,
        kind: Kind::ImportAsset,
        rules: vec![link, refuse_unknown, import],
        entity_tags: Default::default(),
    };
    scratch::on_sqlite(|db| async move {
        let mut tx = db.begin().await.unwrap();
        insert_many(
            &mut tx,
            "glpi_computers",
            &["id", "name", "serial", "uuid"],
            &[
                vec![
                    Val::Int(42),
                    Val::Static("pc"),
                    Val::Static("S1"),
                    Val::Static("U42"),
                ],
                vec![
                    Val::Int(43),
                    Val::Static("pc2"),
                    Val::Static("S3"),
                    Val::Static("U43"),
                ],
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let lookup = AssetLookup::new(db.clone(), None);
        let eval = |pairs: &'static [(&'static str, &'static str)]| {
            let c = &c;
            let lookup = &lookup;
            async move {
                c.evaluate(&input(pairs), lookup, now(), true)
                    .await
                    .unwrap()
            }
        };
        // Found by serial: link to that computer, not another.
        let e = eval(&[("serial", "S1"), ("name", "pc")]).await;
        assert_eq!(e.output["action"], link_result::LINK);
        assert_eq!(e.output["found_id"], 42);
        let e = eval(&[("serial", "S3"), ("name", "pc")]).await;
        assert_eq!(e.output["found_id"], 43);
        // Serial missing in the input: that rule cannot match ("a value
        // seems missing"); uuid not found with link-or-refuse: refused.
        let e = eval(&[("uuid", "U1"), ("name", "pc")]).await;
        assert_eq!(e.output["action"], link_result::DENIED);
        assert_eq!(e.output["_ruleid"], 2);
        assert!(e.rules[0].reason.contains("a value seems missing"));
        // The uuid found: linked by the second rule.
        let e = eval(&[("uuid", "U43"), ("name", "pc")]).await;
        assert_eq!(e.output["action"], link_result::LINK);
        assert_eq!(e.output["found_id"], 43);
        // Nothing to link: the import rule.
        let e = eval(&[("serial", "S2"), ("name", "pc")]).await;
        assert_eq!(e.output["action"], link_result::CREATE);
        assert_eq!(e.output["_ruleid"], 3);
        // Nothing at all: no rule matched.
        let e = eval(&[("serial", "S2")]).await;
        assert_eq!(e.output["_no_rule_matches"], true);
    });
}

#[test]
fn refuse_import_denies() {
    let r = rule(
        1,
        false,
        vec![criterion("name", code::EXISTS, "")],
        vec![assign("_ignore_import", "1")],
    );
    let c = Collection {
        sub_type: "RuleImportAsset".into(),
        stop_on_first_match: true,
        kind: Kind::ImportAsset,
        rules: vec![r],
        entity_tags: Default::default(),
    };
    let e = run(&c, &input(&[("name", "x")]));
    assert_eq!(e.output["action"], Value::from(link_result::DENIED));
    let _: BTreeMap<String, Value> = e.output;
}
