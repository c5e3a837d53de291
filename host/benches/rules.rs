//! Rules engine benchmark: an entity-assignment collection (RuleImportEntity
//! semantics) of 1,000 rules with mixed operators, 20% of them regular
//! expressions, evaluated against 100,000 inputs on one core; then the
//! same for a 50-rule collection (target ≥ 50,000 evaluations/s), next to
//! a 1-rule collection as the baseline of the evaluation's fixed cost.
//!
//! `cargo bench -p parc --bench rules`
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use chrono::Utc;
use parc::rules::condition::{self, code};
use parc::rules::engine::{
    ActionDef, Collection, CriterionDef, Input, InputValue, Kind, NoLookup, RuleDef,
};

const INPUTS: usize = 100_000;

fn criterion(criteria: &str, condition: i32, pattern: &str) -> CriterionDef {
    CriterionDef {
        criteria: criteria.to_owned(),
        condition,
        pattern: pattern.to_owned(),
        compiled: condition::compile(condition, pattern).unwrap(),
    }
}

/// Rule `i` assigns entity `i` to computers tagged `site-i` whose name and
/// address fit; one rule in five tests the tag with a regular expression.
fn collection(rules: usize) -> Collection {
    let mut defs = Vec::with_capacity(rules);
    for i in 0..rules {
        let tag = if i % 5 == 0 {
            criterion("tag", code::REGEX_MATCH, &format!("/^site-{i}(-[a-z]+)?$/"))
        } else {
            criterion("tag", code::IS, &format!("SITE-{i}"))
        };
        let second = match i % 4 {
            0 => criterion("name", code::BEGIN, "pc-"),
            1 => criterion("name", code::CONTAIN, "-"),
            2 => criterion("ip", code::CIDR, "10.0.0.0/8"),
            _ => criterion("serial", code::EXISTS, ""),
        };
        defs.push(RuleDef {
            id: i as u32 + 1,
            uuid: None,
            name: format!("rule {i}"),
            ranking: i as i32 + 1,
            or: false,
            criteria: vec![tag, second],
            actions: vec![ActionDef {
                action_type: "assign".into(),
                field: "entities_id".into(),
                value: i.to_string(),
            }],
        });
    }
    Collection {
        sub_type: "RuleImportEntity".into(),
        stop_on_first_match: true,
        kind: Kind::ImportEntity,
        rules: defs,
        entity_tags: Default::default(),
    }
}

/// Inputs whose tag names a uniformly chosen rule (one in ten matches
/// none), so on average half the collection is scanned.
fn inputs(rules: usize) -> Vec<Input> {
    let mut state = 7u64;
    (0..INPUTS)
        .map(|n| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let k = (state >> 33) as usize % rules;
            let tag = if n % 10 == 0 {
                "elsewhere".to_owned()
            } else {
                format!("site-{k}")
            };
            [
                ("tag", InputValue::One(tag)),
                ("name", InputValue::One(format!("PC-{n:06}"))),
                ("serial", InputValue::One(format!("SN{n}"))),
                (
                    "ip",
                    InputValue::Many(vec![
                        format!("10.1.{}.{}", n % 250, n % 200),
                        "192.168.1.4".into(),
                    ]),
                ),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
        })
        .collect()
}

fn measure(label: &str, rules: usize, runtime: &tokio::runtime::Runtime) -> f64 {
    let c = collection(rules);
    let inputs = inputs(rules);
    let now = Utc::now().naive_utc();
    let started = Instant::now();
    let mut matched = 0usize;
    runtime.block_on(async {
        for input in &inputs {
            let e = c.evaluate(input, &NoLookup, now, false).await.unwrap();
            if e.rule.is_some() {
                matched += 1;
            }
        }
    });
    let elapsed = started.elapsed();
    let rate = INPUTS as f64 / elapsed.as_secs_f64();
    println!(
        "{label:>12}: {rules:>5} rules, {INPUTS} inputs: {rate:>10.0} evaluations/s, {:>8.2} µs each ({matched} matched)",
        elapsed.as_secs_f64() * 1e6 / INPUTS as f64
    );
    rate
}

fn main() {
    // One core: a current-thread runtime, no other work.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let baseline = measure("baseline", 1, &runtime);
    let fifty = measure("entity", 50, &runtime);
    let thousand = measure("entity", 1000, &runtime);
    println!(
        "ratios to the 1-rule baseline: 50 rules {:.1}× slower, 1,000 rules {:.1}× slower",
        baseline / fifty,
        baseline / thousand
    );
}
