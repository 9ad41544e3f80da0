//! The JSON Schemas in `docs/schema/` (`report.schema.json` for `build
//! --report`, `check.schema.json` for `check --format json`) hold for real
//! outputs: a published run, one with a broken post, a usage error, a run
//! stopped by `--previous`, and `check` of the sample site.
//!
//! Validated by the small validator below rather than the `jsonschema`
//! crate, whose dependency tree (regex engines, HTTP reference resolution)
//! would double this crate's test build. It implements exactly the keywords
//! the two schemas use, and fails on any other, so a schema can never rely on
//! a keyword that is silently not checked.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common;
use crate::cron_support::Site;

fn schema(name: &str) -> Value {
    let p = common::root().join("docs/schema").join(name);
    serde_json::from_str(&fs::read_to_string(&p).expect("schema file")).expect("schema is JSON")
}

/// The schemas by file name, for `$ref`s between them.
struct Schemas {
    files: Vec<(&'static str, Value)>,
}

impl Schemas {
    fn load() -> Schemas {
        Schemas {
            files: ["report.schema.json", "check.schema.json"]
                .into_iter()
                .map(|n| (n, schema(n)))
                .collect(),
        }
    }

    fn file(&self, name: &str) -> &Value {
        &self
            .files
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no schema {name}"))
            .1
    }

    /// The errors of `v` against the schema file `name`, each with its JSON path.
    fn validate(&self, name: &str, v: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(name, self.file(name), v, "$", &mut errors);
        errors
    }

    /// `file`: the schema file `s` is in, which `#/…` references resolve against.
    fn check(&self, file: &str, s: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(s) = s.as_object() else {
            panic!("{file}: a schema at {at} is not an object");
        };
        for (key, rule) in s {
            match key.as_str() {
                "$schema" | "$id" | "title" | "description" | "$defs" => {}
                "$ref" => {
                    let r = rule.as_str().expect("$ref is a string");
                    let (target_file, pointer) = match r.split_once('#') {
                        Some(("", p)) => (file, p),
                        Some((f, p)) => (
                            self.files
                                .iter()
                                .find(|(n, _)| *n == f)
                                .map(|(n, _)| *n)
                                .unwrap_or_else(|| panic!("{file}: $ref to unknown {f}")),
                            p,
                        ),
                        None => panic!("{file}: $ref {r} without a pointer"),
                    };
                    let target = self
                        .file(target_file)
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("{file}: $ref {r} resolves to nothing"));
                    self.check(target_file, target, v, at, errors);
                }
                "type" => {
                    let types: Vec<&str> = match rule {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        _ => panic!("{file}: bad type at {at}"),
                    };
                    if !types.iter().any(|t| is_type(v, t)) {
                        errors.push(format!("{at}: {v} is not of type {types:?}"));
                    }
                }
                "enum" => {
                    let allowed = rule.as_array().expect("enum is an array");
                    if !allowed.contains(v) {
                        errors.push(format!("{at}: {v} is not one of {rule}"));
                    }
                }
                "const" => {
                    if v != rule {
                        errors.push(format!("{at}: {v} is not {rule}"));
                    }
                }
                "minimum" => {
                    let min = rule.as_f64().expect("minimum is a number");
                    if v.as_f64().is_some_and(|n| n < min) {
                        errors.push(format!("{at}: {v} is below {min}"));
                    }
                }
                "required" => {
                    if let Some(o) = v.as_object() {
                        for r in rule.as_array().expect("required is an array") {
                            let r = r.as_str().expect("a key");
                            if !o.contains_key(r) {
                                errors.push(format!("{at}: required key {r:?} is missing"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Some(o) = v.as_object() {
                        for (k, sub) in rule.as_object().expect("properties is an object") {
                            if let Some(x) = o.get(k) {
                                self.check(file, sub, x, &format!("{at}.{k}"), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    let Some(o) = v.as_object() else { continue };
                    let known = s.get("properties").and_then(Value::as_object);
                    for (k, x) in o {
                        if known.is_some_and(|p| p.contains_key(k)) {
                            continue;
                        }
                        match rule {
                            Value::Bool(false) => {
                                errors.push(format!("{at}: key {k:?} is not in the schema"))
                            }
                            Value::Bool(true) => {}
                            sub => self.check(file, sub, x, &format!("{at}.{k}"), errors),
                        }
                    }
                }
                "items" => {
                    if let Some(a) = v.as_array() {
                        for (i, x) in a.iter().enumerate() {
                            self.check(file, rule, x, &format!("{at}[{i}]"), errors);
                        }
                    }
                }
                "oneOf" => {
                    let branches = rule.as_array().expect("oneOf is an array");
                    let passing = branches
                        .iter()
                        .filter(|b| {
                            let mut e = Vec::new();
                            self.check(file, b, v, at, &mut e);
                            e.is_empty()
                        })
                        .count();
                    if passing != 1 {
                        errors.push(format!(
                            "{at}: {v} matches {passing} of the oneOf branches, not exactly one"
                        ));
                    }
                }
                other => {
                    panic!("{file}: keyword {other:?} at {at} is not checked by this validator")
                }
            }
        }
    }
}

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("unknown type {other}"),
    }
}

fn assert_valid(schemas: &Schemas, name: &str, what: &str, v: &Value) {
    let errors = schemas.validate(name, v);
    assert!(
        errors.is_empty(),
        "{what} does not match docs/schema/{name}:\n  {}",
        errors.join("\n  ")
    );
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .expect("JSON")
}

#[test]
fn build_reports_match_the_schema() {
    let schemas = Schemas::load();
    let tmp = tempfile::tempdir().unwrap();

    // The sample site, published.
    let report = tmp.path().join("sample.json");
    let o = common::feedcal()
        .arg("--config")
        .arg(common::sample_config())
        .arg("--out")
        .arg(tmp.path().join("out"))
        .args(["--quiet", "build", "--today", common::TODAY, "--report"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(o.status.success());
    let sample = read_json(&report);
    assert!(sample["files"].as_array().is_some_and(|f| !f.is_empty()));
    assert!(sample["warnings"].as_array().is_some_and(|w| !w.is_empty()));
    assert_valid(&schemas, "report.schema.json", "a published run", &sample);

    // A broken post (exit 1), a bad config (exit 2), an unreadable --previous (exit 4).
    let site = Site::new();
    site.good_posts();
    site.write(
        "zh/activities/broken/index.md",
        "---\ntitle: [unclosed\n---\n",
    );
    let r1 = site.root().join("r1.json");
    site.build().arg("--report").arg(&r1).assert().code(1);
    let broken = read_json(&r1);
    assert!(broken["errors"].as_array().is_some_and(|e| !e.is_empty()));
    assert_valid(
        &schemas,
        "report.schema.json",
        "a run with a broken post",
        &broken,
    );

    let bad = Site::with_config("feed_items = \"many\"");
    let r2 = bad.root().join("r2.json");
    bad.build().arg("--report").arg(&r2).assert().code(2);
    assert_valid(
        &schemas,
        "report.schema.json",
        "a usage error",
        &read_json(&r2),
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let r4 = site.root().join("r4.json");
    site.build()
        .args(["--previous", &format!("http://127.0.0.1:{port}/feeds/")])
        .arg("--report")
        .arg(&r4)
        .assert()
        .code(4);
    assert_valid(
        &schemas,
        "report.schema.json",
        "an unreadable --previous",
        &read_json(&r4),
    );
}

#[test]
fn check_json_matches_the_schema() {
    let schemas = Schemas::load();
    let o = common::feedcal()
        .arg("--config")
        .arg(common::sample_config())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["posts"].as_array().is_some_and(|p| !p.is_empty()));
    assert_valid(
        &schemas,
        "check.schema.json",
        "check of the sample site",
        &v,
    );
}

/// The validator catches what the schema forbids (else the tests above
/// would pass on anything).
#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schemas = Schemas::load();
    let bad = serde_json::json!({
        "format": 1, "exit_code": 9, "status": "fine", "files": [{"path": "x"}],
        "errors": [], "warnings": [], "surprise": true
    });
    let errors = schemas.validate("report.schema.json", &bad).join("\n");
    for expected in ["exit_code", "status", "\"kind\" is missing", "surprise"] {
        assert!(
            errors.contains(expected),
            "{expected} not caught:\n{errors}"
        );
    }
    let when = serde_json::json!({"posts": [{"path": "p", "title": "t", "url": "u", "section": "s",
        "lang": "zh", "date_source": null, "warnings": [],
        "event": {"when": {"kind": "timed", "first": "2024-01-01"}, "evidence": null,
                  "year_rule": null, "warnings": []}}],
        "errors": [], "summary": {}});
    let errors = schemas.validate("check.schema.json", &when).join("\n");
    assert!(errors.contains("oneOf"), "{errors}");
    assert!(
        errors.contains("\"posts\" is missing"),
        "summary keys: {errors}"
    );
}
