//! The fund's input rules on their boundaries: the call, SIRET and RNA, the
//! organisation, the application's amounts and dates; and deletion.

use plan_lcd::fund::{
    self, parse_rna, parse_siren, parse_siret, siren_is_valid, siret_is_valid, CofunderInput,
    CriterionInput, Stage, DEFAULT_CRITERIA, DEFAULT_DOCUMENTS,
};
use plan_lcd::Error;

use crate::fund_fixtures::*;
use crate::util::{amp_db, assistant, now};

#[test]
fn a_new_call_offers_seed_000_criteria_and_the_usual_documents() {
    let (conn, call) = fund_db();
    let c = fund::get_call(&conn, call).unwrap();
    assert_eq!(
        c.criteria.len(),
        4,
        "article 4 lists four kinds of projects"
    );
    assert_eq!(c.criteria.len(), DEFAULT_CRITERIA.len());
    assert!(c.criteria[3].label.contains("essaimage"));
    assert_eq!(c.criteria.iter().map(|k| k.weight).sum::<i64>(), 100);
    let docs: Vec<&str> = c.documents.iter().map(|d| d.label.as_str()).collect();
    assert_eq!(docs, DEFAULT_DOCUMENTS.to_vec());
    assert!(docs[0].contains("12156"));
    assert_eq!(c.envelope_cents, 5_000_000);
}

#[test]
fn the_call_form_reports_every_error_at_once() {
    let mut c = call_input();
    c.year = "1999".into();
    c.name = " ".into();
    c.envelope = "0".into();
    c.opens_on = "01/04/2026".into();
    c.closes_on = "31/03/2026".into();
    c.grantor_siret = "12345678901234".into();
    c.criteria = vec![CriterionInput {
        label: "Originalité".into(),
        weight: "0".into(),
    }];
    c.documents = vec!["Statuts".into(), "statuts".into()];
    let Err(e) = fund::validate_call(&c) else {
        panic!("an invalid call")
    };
    for f in [
        "year",
        "name",
        "envelope",
        "closes_on",
        "grantor_siret",
        "criteria.0.weight",
        "documents.1",
    ] {
        assert!(e.get(f).is_some(), "{f} has its message: {e:?}");
    }
    c = call_input();
    c.criteria.clear();
    assert!(fund::validate_call(&c)
        .unwrap_err()
        .get("criteria")
        .is_some());
    c = call_input();
    c.criteria[0].weight = "101".into();
    assert!(fund::validate_call(&c).is_err(), "weights stop at 100");
    c.criteria[0].weight = "100".into();
    assert!(fund::validate_call(&c).is_ok());
    c.closes_on = c.opens_on.clone();
    assert!(
        fund::validate_call(&c).is_ok(),
        "a call may open and close the same day"
    );
}

#[test]
fn one_call_a_year() {
    let (mut conn, _) = fund_db();
    let err = fund::create_call(&mut conn, &lead(), now(), &call_input()).unwrap_err();
    assert!(field(err, "year").contains("2026"));
}

#[test]
fn criteria_freeze_once_an_application_is_scored() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "1000");
    let mut c = call_input();
    c.criteria[0].weight = "40".into();
    fund::update_call(&mut conn, &lead(), now(), call, &c)
        .expect("no score yet: weights may change");
    to_review(&mut conn, a);
    let crit = fund::get_call(&conn, call).unwrap().criteria[0].id;
    fund::save_review(
        &mut conn,
        &lead(),
        now(),
        a,
        &fund::ReviewInput {
            scores: vec![fund::ScoreInput {
                criterion_id: crit,
                score: "4".into(),
            }],
            notes: String::new(),
        },
    )
    .unwrap();
    c.criteria[0].weight = "10".into();
    let err = fund::update_call(&mut conn, &lead(), now(), call, &c).unwrap_err();
    assert!(field(err, "criteria").contains("déjà notés"));
    let mut docs = c.clone();
    docs.criteria = call_input().criteria;
    docs.criteria[0].weight = "40".into();
    docs.documents.remove(0);
    let err = fund::update_call(&mut conn, &lead(), now(), call, &docs).unwrap_err();
    assert!(
        field(err, "documents").contains("déjà reçue"),
        "a ticked document stays"
    );
}

#[test]
fn the_envelope_cannot_shrink_below_what_is_granted() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "20 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "20 000").unwrap();
    let mut c = call_input();
    c.envelope = "19 999,99".into();
    let err = fund::update_call(&mut conn, &lead(), now(), call, &c).unwrap_err();
    assert!(field(err, "envelope").contains("20\u{202f}000,00\u{a0}€"));
    c.envelope = "20 000".into();
    fund::update_call(&mut conn, &lead(), now(), call, &c)
        .expect("exactly what is granted is allowed");
}

#[test]
fn siret_luhn_key_and_rna_format() {
    assert!(siret_is_valid("81661318609139"));
    assert!(
        !siret_is_valid("81661318609138"),
        "one digit off breaks the key"
    );
    assert!(
        siret_is_valid("35600000000048"),
        "La Poste's head office keeps the Luhn key"
    );
    assert!(
        siret_is_valid("35600000000001"),
        "La Poste's offices: sum of digits divisible by 5"
    );
    assert!(!siret_is_valid("35600000000002"));
    // The verdicts below were checked with python-stdnum 2.2
    // (stdnum.fr.siret.is_valid, stdnum.fr.siren.is_valid).
    assert!(
        !siret_is_valid("82684656321223"),
        "the fourteen digits' key holds but the SIREN's (826846563) does not"
    );
    assert!(parse_siret("82684656321223")
        .unwrap_err()
        .contains("9 premiers chiffres (le SIREN 826846563)"));
    assert!(
        !siret_is_valid("35600000000014"),
        "a La Poste office with the Luhn key but a sum not divisible by 5"
    );
    assert!(siret_is_valid("35600000009075"), "a La Poste office");
    assert!(siret_is_valid("26130063600014"), "the demo's CCAS");
    assert!(siren_is_valid("200054807"));
    assert!(!siren_is_valid("200054808"));
    assert!(!siren_is_valid("20005480"), "nine digits");
    assert_eq!(parse_siren("200 054 807"), Ok(Some("200054807".into())));
    assert!(parse_siren("200054808").unwrap_err().contains("clé"));
    assert!(parse_siren("20005480").unwrap_err().contains("9 chiffres"));
    assert_eq!(
        parse_siret("816 613 186 09139"),
        Ok(Some("81661318609139".into()))
    );
    assert_eq!(parse_siret(""), Ok(None));
    assert!(
        parse_siret("8166131860913").unwrap_err().contains("13"),
        "says how many digits there are"
    );
    assert!(parse_siret("8166131860913A")
        .unwrap_err()
        .contains("chiffres"));
    assert!(parse_siret("81661318609138").unwrap_err().contains("clé"));
    assert_eq!(parse_rna("w133012345"), Ok(Some("W133012345".into())));
    assert!(parse_rna("133012345").unwrap_err().contains("W"));
    assert!(parse_rna("W13301234").unwrap_err().contains("9 chiffres"));
    assert!(parse_rna("W1330123456").is_err());
    assert!(parse_rna("W13301234X").is_err());
}

#[test]
fn organisations_are_checked_and_unique() {
    let mut conn = amp_db();
    let mut o = org_input("Ville de Vitrolles", "commune");
    o.rna = "W133012345".into();
    o.contact_email = "pas-une-adresse".into();
    o.contact_phone = "04 abc".into();
    o.commune_insee = "75056".into();
    let err = fund::create_organisation(&mut conn, &assistant(), now(), &o).unwrap_err();
    let Error::Invalid(f) = err else { panic!() };
    assert!(f.get("rna").unwrap().contains("associations"));
    assert!(f.get("contact_email").is_some());
    assert!(f.get("contact_phone").is_some());
    assert!(
        f.get("commune_insee").is_some(),
        "Paris is not in the Métropole"
    );
    let mut a = org_input("Asso A", "association");
    a.siret = "81661318609139".into();
    a.rna = "W133012345".into();
    a.contact_email = "contact@asso-a.fr".into();
    fund::create_organisation(&mut conn, &assistant(), now(), &a).unwrap();
    let mut b = org_input("Asso B", "association");
    b.siret = "81661318609139".into();
    b.rna = "W133012345".into();
    let err = fund::create_organisation(&mut conn, &assistant(), now(), &b).unwrap_err();
    let Error::Invalid(f) = err else { panic!() };
    assert!(f.get("siret").unwrap().contains("Asso A"));
    assert!(f.get("rna").unwrap().contains("Asso A"));
}

#[test]
fn amounts_hold_together_on_their_boundaries() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let mut i = app_input(call, o, "10 000,01", "10 000");
    let err = fund::create_application(&mut conn, &assistant(), now(), &i).unwrap_err();
    assert!(field(err, "requested").contains("budget total"));
    i.requested = "10 000".into();
    fund::create_application(&mut conn, &assistant(), now(), &i)
        .expect("requested = total is allowed");
    i.requested = "6 000".into();
    i.cofunders = vec![
        CofunderInput {
            name: "Région".into(),
            amount: "3 000".into(),
        },
        CofunderInput {
            name: "État".into(),
            amount: "1 000,01".into(),
        },
    ];
    let err = fund::create_application(&mut conn, &assistant(), now(), &i).unwrap_err();
    assert!(
        field(err, "cofunders").contains("0,01"),
        "says by how much the budget is overrun"
    );
    i.cofunders[1].amount = "1 000".into();
    fund::create_application(&mut conn, &assistant(), now(), &i)
        .expect("funders + request = total is allowed");
    i.cofunders[1].amount = "0".into();
    let err = fund::create_application(&mut conn, &assistant(), now(), &i).unwrap_err();
    assert!(field(err, "cofunders.1.amount").contains("positif"));
    i.cofunders.clear();
    i.requested = "0".into();
    assert!(field(
        fund::create_application(&mut conn, &assistant(), now(), &i).unwrap_err(),
        "requested"
    )
    .contains("positif"));
}

#[test]
fn the_application_form_checks_dates_communes_and_links() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let mut i = app_input(call, o, "1000", "2000");
    i.starts_on = "01/12/2026".into();
    i.ends_on = "30/11/2026".into();
    i.communes = vec!["13055".into(), "75056".into()];
    i.organisation_id = "999".into();
    i.call_id = "abc".into();
    i.title = String::new();
    let Error::Invalid(f) =
        fund::create_application(&mut conn, &assistant(), now(), &i).unwrap_err()
    else {
        panic!()
    };
    for k in ["ends_on", "communes", "organisation_id", "call_id", "title"] {
        assert!(f.get(k).is_some(), "{k}: {f:?}");
    }
    let mut ok = app_input(call, o, "1000", "2000");
    ok.ends_on = ok.starts_on.clone();
    assert!(
        fund::create_application(&mut conn, &assistant(), now(), &ok).is_ok(),
        "a one-day project"
    );
}

#[test]
fn only_a_draft_is_deleted() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let draft = app(&mut conn, call, o, "1000");
    fund::delete_application(&mut conn, &lead(), now(), draft).expect("a draft goes");
    let a = app(&mut conn, call, o, "1000");
    take(&mut conn, a, "receive", "15/02/2026").unwrap();
    let msg = refused(fund::delete_application(&mut conn, &lead(), now(), a).unwrap_err());
    assert!(msg.contains("brouillon"));
    to_review_from_received(&mut conn, a);
    grant(&mut conn, a, "1000").unwrap();
    assert!(
        fund::delete_application(&mut conn, &lead(), now(), a).is_err(),
        "a decided application is never deleted"
    );
    assert_eq!(stage_of(&conn, a), Stage::Granted);
    let msg = refused(fund::delete_organisation(&mut conn, &lead(), now(), o).unwrap_err());
    assert!(
        msg.contains("dossier"),
        "an applicant with applications stays"
    );
    let msg = refused(fund::delete_call(&mut conn, &lead(), now(), call).unwrap_err());
    assert!(msg.contains("dossier"));
}

fn to_review_from_received(conn: &mut rusqlite::Connection, id: i64) {
    tick_all(conn, id, "15/02/2026");
    take(conn, id, "mark_complete", "20/02/2026").unwrap();
    take(conn, id, "start_review", "01/03/2026").unwrap();
}

#[test]
fn editing_after_a_grant_keeps_the_request_above_it() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "5 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "4 000").unwrap();
    let mut i = fund::application_form(&conn, a).unwrap();
    assert_eq!(i.requested, "5000");
    assert_eq!(i.starts_on, "01/04/2026");
    i.requested = "3 999,99".into();
    let err = fund::update_application(&mut conn, &assistant(), now(), a, &i).unwrap_err();
    assert!(field(err, "requested").contains("accordés"));
    i.requested = "4 000".into();
    i.ends_on = "31/12/2026".into();
    fund::update_application(&mut conn, &assistant(), now(), a, &i).unwrap();
    let v = fund::get_application(&conn, a, crate::util::today()).unwrap();
    assert_eq!(
        v.report_due_on.as_deref(),
        Some("2027-06-30"),
        "the report follows the project's end"
    );
    let mut other = fund::CallInput::with_defaults(2027);
    other.envelope = "1000".into();
    let c2 = fund::create_call(&mut conn, &lead(), now(), &other).unwrap();
    i.call_id = c2.id.to_string();
    let err = fund::update_application(&mut conn, &assistant(), now(), a, &i).unwrap_err();
    assert!(field(err, "call_id").contains("reçu"));
}
