//! The SCDL *subventions* file against the official validator, Validata, and
//! our SIRET/SIREN check against python-stdnum, the library Validata itself
//! uses for SIRETs. Both run from the project's virtual environment
//! (`.venv`, built by `scripts/deps.sh` from `requirements-test.txt`); the
//! schema is read where the project's shared files keep it,
//! `../shared/scdl/`, never copied.
//!
//! Without the environment the tests say so and pass locally; under CI
//! (`CI=true`) they fail, so that a missing validator never reads as a pass.

use std::path::{Path, PathBuf};
use std::process::Command;

use plan_lcd::fund::{self, parse_siret, siren_is_valid, siret_is_valid};
use plan_lcd::store;
use serde_json::Value;

use crate::fund_fixtures::{
    app, call_input, fund_db, grant, lead, org_input, payment, refused, to_review,
};
use crate::util::{assistant, now, today};

const SCHEMA: &str = "scdl-subventions-2.1.1.schema.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared_scdl(file: &str) -> PathBuf {
    root().join("..").join("shared").join("scdl").join(file)
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The virtual environment's `bin` folder, when it and the schema are there.
/// Under CI their absence is a failure; locally, a skip said aloud.
fn tools() -> Option<PathBuf> {
    let bin = std::env::var_os("PLAN_LCD_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv"))
        .join("bin");
    let missing = if !bin.join("validata").is_file() || !bin.join("python").exists() {
        Some(format!(
            "{} has no validata or python: run scripts/deps.sh",
            bin.display()
        ))
    } else if !shared_scdl(SCHEMA).is_file() {
        Some(format!(
            "the SCDL schema is not at {}",
            shared_scdl(SCHEMA).display()
        ))
    } else {
        None
    };
    match missing {
        None => Some(bin),
        Some(why) if under_ci() => panic!("CI needs the SCDL validator: {why}"),
        Some(why) => {
            eprintln!("SKIPPED (not under CI): {why}");
            None
        }
    }
}

/// What Validata says of a file: its error messages, one line each. Validata
/// exits 0 whether the file is valid or not; the verdict is in its JSON.
fn validate(bin: &Path, csv: &Path) -> Vec<String> {
    let out = Command::new(bin.join("validata"))
        .arg("--schema")
        .arg(shared_scdl(SCHEMA))
        .arg(csv)
        .output()
        .expect("validata runs");
    assert!(
        out.status.success(),
        "validata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "validata's report is JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let mut errors: Vec<String> = Vec::new();
    let tasks = report["tasks"].as_array().cloned().unwrap_or_default();
    for e in report["errors"].as_array().into_iter().flatten().chain(
        tasks
            .iter()
            .flat_map(|t| t["errors"].as_array().into_iter().flatten()),
    ) {
        errors.push(format!(
            "row {} {} [{}] {}",
            e["rowNumber"], e["fieldName"], e["code"], e["message"]
        ));
    }
    let counted = report["stats"]["errors"].as_u64().expect("stats.errors");
    assert_eq!(counted as usize, errors.len(), "every error is read");
    assert_eq!(
        report["valid"].as_bool(),
        Some(errors.is_empty()),
        "the verdict agrees with the errors"
    );
    errors
}

#[test]
fn the_demo_years_file_passes_the_official_validator() {
    let Some(bin) = tools() else { return };
    let mut conn = store::open_in_memory().unwrap();
    plan_lcd::demo::load(&mut conn, today(), now()).unwrap();
    let call = fund::call_of_year(&conn, 2026)
        .unwrap()
        .expect("a demo call");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("demo.csv");
    let n = fund::write_scdl(&conn, call.id, &csv).unwrap();
    assert!(n >= 4, "the demo's grants are all written");
    let errors = validate(&bin, &csv);
    assert!(
        errors.is_empty(),
        "the demo's SCDL file has {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn shared_grants_next_years_tranches_rna_only_and_la_poste_pass_the_validator() {
    let Some(bin) = tools() else { return };
    let (mut conn, call) = fund_db();
    let mut c = call_input();
    c.grantor_siret = "20005480700017".into();
    fund::update_call(&mut conn, &lead(), now(), call, &c).unwrap();

    let org = |conn: &mut rusqlite::Connection, name: &str, siret: &str, rna: &str| {
        let mut o = org_input(name, "association");
        o.siret = siret.into();
        o.rna = rna.into();
        fund::create_organisation(conn, &assistant(), now(), &o)
            .unwrap()
            .id
    };
    // Every number here was checked with python-stdnum 2.2
    // (stdnum.fr.siret / stdnum.fr.rna format): valid.
    let alpha = org(&mut conn, "Association Alpha", "81661318609139", "");
    let beta = org(&mut conn, "Collectif Bêta", "", "W131009876");
    let poste = org(
        &mut conn,
        "La Poste, bureau de Marseille Colbert",
        "35600000009075",
        "",
    );

    // One grant of 10 000 € shared 45 % / 55 % between two structures, each
    // with its application, its part and its share.
    let shared = [(alpha, "45", "4 500"), (beta, "55", "5 500")];
    for (o, share, amount) in shared {
        let mut input = crate::fund_fixtures::app_input(call, o, "6 000", "20 000");
        input.grant_share = share.into();
        let id = fund::create_application(&mut conn, &assistant(), now(), &input).unwrap();
        to_review(&mut conn, id);
        grant(&mut conn, id, amount).unwrap();
    }
    // A grant to La Poste paid in two tranches, the second next year.
    let id = app(&mut conn, call, poste, "3 000");
    to_review(&mut conn, id);
    grant(&mut conn, id, "3 000").unwrap();
    for p in [
        payment("02/05/2026", "1 500", "02/05/2026"),
        payment("15/02/2027", "1 500", ""),
    ] {
        fund::add_payment(&mut conn, &lead(), today(), now(), id, &p).unwrap();
    }

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("edge.csv");
    assert_eq!(fund::write_scdl(&conn, call, &csv).unwrap(), 3);
    let text = std::fs::read_to_string(&csv).unwrap();
    let row = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} is written:\n{text}"))
            .to_string()
    };
    assert!(
        row("Association Alpha").contains(",10000.00,aide en numéraire,unique,")
            && row("Association Alpha").ends_with(",non,0.45,Fonds d’initiative 2026"),
        "the whole grant and this beneficiary's 45 %: {}",
        row("Association Alpha")
    );
    assert!(
        row("Collectif Bêta").contains(",Collectif Bêta,,W131009876,")
            && row("Collectif Bêta").contains(",10000.00,")
            && row("Collectif Bêta").contains(",non,0.55,"),
        "an RNA alone identifies an association; its 55 % of the same grant: {}",
        row("Collectif Bêta")
    );
    assert!(
        row("La Poste").contains(",35600000009075,,")
            && row("La Poste").contains(",échelonné,2026-05-02/2027-02-15,,non,1.00,"),
        "two tranches over two years: an ISO 8601 interval: {}",
        row("La Poste")
    );
    let errors = validate(&bin, &csv);
    assert!(
        errors.is_empty(),
        "the edge cases' SCDL file has {} error(s):\n{}\n{text}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn the_official_invalid_example_is_refused_by_the_harness() {
    let Some(bin) = tools() else { return };
    let errors = validate(
        &bin,
        &shared_scdl("scdl-subventions-2.1.1-exemple_invalide_erreurs_cellules.csv"),
    );
    assert!(
        errors.len() > 10,
        "the example's deliberate errors are found: {errors:?}"
    );
    for code in ["french-siret-value", "one-of-required", "constraint-error"] {
        assert!(
            errors.iter().any(|e| e.contains(code)),
            "the harness sees {code} errors: {errors:?}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|e| e.contains("datesPeriodeVersement") && e.contains("constraint-error")),
        "an underscore between two dates is refused, as our file once had it"
    );
    let valid = validate(
        &bin,
        &shared_scdl("scdl-subventions-2.1.1-exemple_valide.csv"),
    );
    assert!(valid.is_empty(), "the official valid example: {valid:?}");
}

#[test]
fn a_granted_structure_with_neither_siret_nor_rna_refuses_the_file_and_is_named() {
    let (mut conn, call) = fund_db();
    let mut c = call_input();
    c.grantor_siret = "20005480700017".into();
    fund::update_call(&mut conn, &lead(), now(), call, &c).unwrap();
    let mut names = Vec::new();
    for name in ["Amicale du Vieux-Port", "Compagnie Sans Numéro"] {
        let o = fund::create_organisation(
            &mut conn,
            &assistant(),
            now(),
            &org_input(name, "association"),
        )
        .unwrap()
        .id;
        let id = app(&mut conn, call, o, "2 000");
        to_review(&mut conn, id);
        grant(&mut conn, id, "2 000").unwrap();
        names.push(name);
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("refused.csv");
    let message = refused(fund::write_scdl(&conn, call, &csv).unwrap_err());
    assert!(
        message.contains(
            "« Amicale du Vieux-Port » et « Compagnie Sans Numéro » n’ont ni l’un ni l’autre"
        ),
        "both structures are named: {message}"
    );
    assert!(message.contains("SIRET ou le numéro RNA"), "{message}");
    assert!(!csv.exists(), "nothing is written, not even the header");
    assert!(
        fund::scdl_rows(&conn, call).is_err(),
        "the window checks before its dialog opens"
    );
}

/// `=HYPERLINK("…";"clic")` as a structure's name would become a live link
/// when a spreadsheet opens the open-data file, which must carry names as
/// typed: refused beside the field at entry; a name stored by an earlier
/// version refuses the file, named, and nothing is written.
#[test]
fn a_name_a_spreadsheet_would_run_as_a_formula_never_reaches_the_open_data_file() {
    let (mut conn, call) = fund_db();
    let mut c = call_input();
    c.grantor_siret = "20005480700017".into();
    fund::update_call(&mut conn, &lead(), now(), call, &c).unwrap();
    let hostile = "=HYPERLINK(\"http://example.org\";\"clic\")";
    for first in ["=", "+", "-", "@"] {
        let mut o = org_input(&format!("{first}Asso"), "association");
        o.rna = "W133000001".into();
        match fund::create_organisation(&mut conn, &assistant(), now(), &o) {
            Err(plan_lcd::Error::Invalid(f)) => {
                assert!(f.get("name").unwrap().contains("formule"), "{f:?}")
            }
            other => panic!("{first}: refused expected, got {other:?}"),
        }
    }
    let mut o = org_input("Amicale du Vieux-Port", "association");
    o.rna = "W133000001".into();
    let org = fund::create_organisation(&mut conn, &assistant(), now(), &o)
        .unwrap()
        .id;
    let id = app(&mut conn, call, org, "2 000");
    to_review(&mut conn, id);
    grant(&mut conn, id, "2 000").unwrap();
    // As an earlier version let it be typed.
    conn.execute(
        "UPDATE fund_organisation SET name = ?1 WHERE id = ?2",
        rusqlite::params![hostile, org],
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("refused.csv");
    let message = refused(fund::write_scdl(&conn, call, &csv).unwrap_err());
    assert!(
        message.contains(&format!("« {hostile} » commence par =, +, - ou @")),
        "{message}"
    );
    assert!(!csv.exists(), "nothing is written");
}

/// A small deterministic generator (xorshift), seeded from the clock and
/// printed, so that a failure can be replayed with `SCDL_SEED`.
struct Rng(u64);

impl Rng {
    fn digit(&mut self) -> u8 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 10) as u8
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.digit())).collect()
    }
}

/// The digit that completes `head` with a valid Luhn key.
// `is_multiple_of` would need Rust 1.87; the project builds with 1.85.
#[allow(clippy::manual_is_multiple_of)]
fn luhn_key(head: &str) -> char {
    (b'0'..=b'9')
        .map(char::from)
        .find(|k| {
            let full = format!("{head}{k}");
            let sum: u32 = full
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let d = u32::from(b - b'0');
                    if i % 2 == 1 {
                        if d * 2 > 9 {
                            d * 2 - 9
                        } else {
                            d * 2
                        }
                    } else {
                        d
                    }
                })
                .sum();
            sum % 10 == 0
        })
        .unwrap()
}

#[test]
fn our_siret_and_siren_check_agrees_with_python_stdnum() {
    let Some(bin) = tools() else { return };
    let seed: u64 = std::env::var("SCDL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let mut sirets: Vec<String> = vec![
        "81661318609139".into(),
        "82684656321223".into(),
        "35600000000048".into(),
        "35600000000014".into(),
        "35600000009075".into(),
        "35600000000001".into(),
        "35600000000002".into(),
        "20005480700017".into(),
        "00000000000000".into(),
    ];
    for _ in 0..400 {
        // Plain random numbers: almost all invalid.
        sirets.push(rng.digits(14));
        // A valid SIREN with a random NIC: the fourteen digits' key decides.
        let head = rng.digits(8);
        let siren = format!("{head}{}", luhn_key(&head));
        sirets.push(format!("{siren}{}", rng.digits(5)));
        // Both keys valid.
        let body = format!("{siren}{}", rng.digits(4));
        sirets.push(format!("{body}{}", luhn_key(&body)));
        // The fourteen digits' key valid, the SIREN's most often not.
        let body = rng.digits(13);
        sirets.push(format!("{body}{}", luhn_key(&body)));
        // La Poste's establishments.
        sirets.push(format!("356000000{}", rng.digits(5)));
    }
    let sirens: Vec<String> = sirets.iter().map(|s| s[..9].to_string()).collect();

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("numbers.txt");
    std::fs::write(
        &input,
        format!("{}\n{}\n", sirets.join("\n"), sirens.join("\n")),
    )
    .unwrap();
    let script = "import sys\n\
        from stdnum.fr import siren, siret\n\
        for line in open(sys.argv[1]):\n\
        \x20   n = line.strip()\n\
        \x20   ok = (siret if len(n) == 14 else siren).is_valid(n)\n\
        \x20   print(n, 1 if ok else 0)\n";
    let out = Command::new(bin.join("python"))
        .arg("-c")
        .arg(script)
        .arg(&input)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdicts = String::from_utf8(out.stdout).unwrap();
    let mut checked = 0;
    let mut valid = 0;
    for line in verdicts.lines() {
        let (n, v) = line.split_once(' ').unwrap();
        let stdnum = v == "1";
        let ours = if n.len() == 14 {
            siret_is_valid(n)
        } else {
            siren_is_valid(n)
        };
        assert_eq!(
            ours, stdnum,
            "{n}: stdnum says {stdnum}, we say {ours} (replay with SCDL_SEED={seed})"
        );
        if n.len() == 14 {
            assert_eq!(
                parse_siret(n).is_ok(),
                stdnum,
                "{n}: the form's check agrees too"
            );
        }
        checked += 1;
        valid += usize::from(stdnum);
    }
    assert_eq!(checked, sirets.len() + sirens.len(), "every number judged");
    assert!(
        valid > 400 && valid < checked - 400,
        "the set holds many valid and many invalid numbers ({valid} of {checked})"
    );
}
