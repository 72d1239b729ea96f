//! Privacy: the retention period of contact details on its boundary, the
//! purge (exactly what was listed, from the records and from the journal,
//! with the chain still whole), the export of one person's data, and the
//! register entry read back from its PDF.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use plan_lcd::privacy::{self, PurgeKey};
use plan_lcd::{audit, fund, trainings};
use rusqlite::Connection;

use crate::fund_fixtures::{app_input, field, fund_db, lead, org_input, refused};
use crate::util::{assistant, held, now, today};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An organisation with a full contact, created on the pinned date (15/06/2026).
fn org_with_contact(conn: &mut Connection, name: &str, email: &str) -> i64 {
    let mut input = org_input(name, "association");
    input.contact_name = format!("Contact de {name}");
    input.contact_role = "Présidente".into();
    input.contact_email = email.into();
    input.contact_phone = "04 91 00 00 00".into();
    fund::create_organisation(conn, &assistant(), now(), &input)
        .unwrap()
        .id
}

fn keys(conn: &Connection, today: NaiveDate) -> Vec<PurgeKey> {
    privacy::purge_plan(conn, today)
        .unwrap()
        .into_iter()
        .map(|i| i.key)
        .collect()
}

fn journal_mentions(conn: &Connection, needle: &str) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM audit_entry
         WHERE instr(coalesce(before_json, ''), ?1) > 0 OR instr(coalesce(after_json, ''), ?1) > 0",
        [needle],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_contact_is_kept_three_years_after_the_last_exchange_and_listed_the_day_it_expires() {
    let (mut conn, _) = fund_db();
    let id = org_with_contact(&mut conn, "Amis du Panier", "contact@panier.example");
    // An organisation without a contact holds no personal data: never listed.
    fund::create_organisation(
        &mut conn,
        &assistant(),
        now(),
        &org_input("Sans contact", "association"),
    )
    .unwrap();
    assert!(privacy::purge_plan(&conn, day(2029, 6, 14))
        .unwrap()
        .is_empty());
    let plan = privacy::purge_plan(&conn, day(2029, 6, 15)).unwrap();
    assert_eq!(plan.len(), 1, "{plan:?}");
    let item = &plan[0];
    assert_eq!(
        item.key,
        PurgeKey {
            table: "fund_organisation".into(),
            row_id: id
        }
    );
    assert_eq!(item.record, "Amis du Panier");
    assert_eq!(item.fields, ["nom", "fonction", "courriel", "téléphone"]);
    assert_eq!(item.last_activity, "15/06/2026");
    assert_eq!(item.due_on, "15/06/2029");
    assert!(item.source.contains("fonds d’initiative"));
}

#[test]
fn the_period_runs_from_the_end_of_the_last_project_and_over_month_ends() {
    let (mut conn, call) = fund_db();
    let org = org_with_contact(&mut conn, "Maison des droits", "md@example.org");
    let mut app = app_input(call, org, "5 000", "10 000");
    app.ends_on = "29/02/2028".into();
    app.starts_on = "01/04/2026".into();
    fund::create_application(&mut conn, &assistant(), now(), &app).unwrap();
    // A project that ended on 29 February: three years later is 28 February.
    assert!(keys(&conn, day(2031, 2, 27)).is_empty());
    let plan = privacy::purge_plan(&conn, day(2031, 2, 28)).unwrap();
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0].last_activity, "29/02/2028");
    assert_eq!(plan[0].due_on, "28/02/2031");
    assert_eq!(
        privacy::retention::retention_end(day(2026, 1, 31)),
        day(2029, 1, 31)
    );
}

#[test]
fn the_purge_removes_what_was_listed_from_the_records_and_the_journal_and_keeps_the_chain() {
    let (mut conn, call) = fund_db();
    let old = org_with_contact(&mut conn, "Amis du Panier", "contact@panier.example");
    let recent = org_with_contact(&mut conn, "Maison des droits", "md@example.org");
    // The second one has a project running until the end of 2028.
    let mut app = app_input(call, recent, "5 000", "10 000");
    app.ends_on = "31/12/2028".into();
    fund::create_application(&mut conn, &assistant(), now(), &app).unwrap();
    // A change of the old one's contact: the journal now holds two emails.
    let mut edit = fund::organisation_form(&conn, old).unwrap();
    edit.contact_email = "presidente@panier.example".into();
    fund::update_organisation(&mut conn, &assistant(), now(), old, &edit).unwrap();
    assert!(journal_mentions(&conn, "contact@panier.example") >= 2);

    let when = day(2029, 7, 1);
    let listed = keys(&conn, when);
    assert_eq!(listed.len(), 1, "only the old contact is due");
    let done = privacy::purge(&mut conn, &lead(), when, now(), &listed).unwrap();
    assert_eq!(done.contacts, 1);
    assert!(done.journal_entries >= 3, "{done:?}");

    let o = fund::get_organisation(&conn, old).unwrap();
    assert_eq!(o.name, "Amis du Panier", "the organisation stays");
    assert_eq!(
        (
            o.contact_name.as_str(),
            o.contact_role.as_str(),
            o.contact_email.as_str(),
            o.contact_phone.as_str()
        ),
        ("", "", "", "")
    );
    // (Both contacts share a phone number, so it stays in the other's entries.)
    for value in [
        "contact@panier.example",
        "presidente@panier.example",
        "Contact de Amis du Panier",
    ] {
        assert_eq!(
            journal_mentions(&conn, value),
            0,
            "{value} left in the journal"
        );
    }
    assert!(journal_mentions(&conn, audit::REDACTED) >= 1);
    assert!(
        journal_mentions(&conn, "md@example.org") >= 1,
        "the other contact is kept"
    );
    assert_eq!(
        fund::get_organisation(&conn, recent).unwrap().contact_email,
        "md@example.org"
    );

    let report = audit::verify(&conn).unwrap();
    assert!(report.is_ok(), "the chain is sealed again: {report:?}");
    let (n, summary, by): (i64, String, String) = conn
        .query_row(
            "SELECT contacts, summary, by_name FROM privacy_purge",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, by.as_str()), (1, "Camille Martin"));
    assert!(
        !summary.contains("Panier"),
        "the purge's record names no one: {summary}"
    );
    assert!(keys(&conn, when).is_empty(), "nothing left to purge");
    let found = privacy::find_person(&conn, "panier.example", when).unwrap();
    assert!(
        found.records.is_empty() && found.journal.is_empty(),
        "{found:?}"
    );
}

#[test]
fn a_purge_of_a_list_that_changed_removes_nothing() {
    let (mut conn, _) = fund_db();
    let a = org_with_contact(&mut conn, "Amis du Panier", "a@example.org");
    let b = org_with_contact(&mut conn, "Cité des droits", "b@example.org");
    let when = day(2030, 1, 1);
    let stale = vec![PurgeKey {
        table: "fund_organisation".into(),
        row_id: a,
    }];
    let err = privacy::purge(&mut conn, &lead(), when, now(), &stale).unwrap_err();
    assert!(refused(err).contains("a changé"));
    let extra = vec![
        PurgeKey {
            table: "fund_organisation".into(),
            row_id: a,
        },
        PurgeKey {
            table: "fund_organisation".into(),
            row_id: b,
        },
        PurgeKey {
            table: "fund_organisation".into(),
            row_id: 999,
        },
    ];
    assert!(privacy::purge(&mut conn, &lead(), when, now(), &extra).is_err());
    let none = privacy::purge(&mut conn, &lead(), when, now(), &[]).unwrap_err();
    assert!(refused(none).contains("rien à effacer"));
    assert_eq!(
        fund::get_organisation(&conn, a).unwrap().contact_email,
        "a@example.org"
    );
    assert_eq!(
        fund::get_organisation(&conn, b).unwrap().contact_email,
        "b@example.org"
    );
    let purges: i64 = conn
        .query_row("SELECT count(*) FROM privacy_purge", [], |r| r.get(0))
        .unwrap();
    assert_eq!(purges, 0);
}

#[test]
fn only_the_project_lead_purges() {
    let (mut conn, _) = fund_db();
    org_with_contact(&mut conn, "Amis du Panier", "a@example.org");
    let when = day(2030, 1, 1);
    let listed = keys(&conn, when);
    let err = privacy::purge(&mut conn, &assistant(), when, now(), &listed).unwrap_err();
    assert!(refused(err).contains("Nadia Benali"));
    assert_eq!(keys(&conn, when), listed, "nothing was removed");
}

#[test]
fn outside_a_purge_the_journal_and_the_purges_stay_append_only() {
    let (mut conn, _) = fund_db();
    org_with_contact(&mut conn, "Amis du Panier", "a@example.org");
    let when = day(2030, 1, 1);
    let listed = keys(&conn, when);
    privacy::purge(&mut conn, &lead(), when, now(), &listed).unwrap();
    for sql in [
        "UPDATE audit_entry SET after_json = '{}' WHERE id = 1",
        "UPDATE audit_entry SET hash = NULL WHERE id = 1",
        "UPDATE audit_entry SET actor_name = 'X' WHERE id = 1",
        "DELETE FROM audit_entry WHERE id = 1",
        "UPDATE privacy_purge SET contacts = 2",
        "DELETE FROM privacy_purge",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} was accepted");
    }
    // Even inside a redaction, who acted, when and on what never change.
    conn.execute("INSERT INTO audit_redaction (purge_id) VALUES (1)", [])
        .unwrap();
    assert!(conn
        .execute("UPDATE audit_entry SET actor_name = 'X' WHERE id = 1", [])
        .is_err());
    assert!(conn
        .execute("UPDATE audit_entry SET at = '2000-01-01' WHERE id = 1", [])
        .is_err());
}

#[test]
fn the_export_finds_a_person_everywhere_the_file_names_them() {
    let (mut conn, _) = fund_db();
    org_with_contact(&mut conn, "Amis du Panier", "nadia.benali@panier.example");
    let mut session = held();
    session.commune_insee = "13055".into();
    session.trainer = "Nadia BENALI (CNFPT)".into();
    trainings::create(&mut conn, &assistant(), today(), now(), &session).unwrap();

    let found = privacy::find_person(&conn, "  nadia benali ", today()).unwrap();
    assert_eq!(found.query, "nadia benali");
    assert_eq!(found.searched_on, "15/06/2026");
    let sources: Vec<&str> = found.records.iter().map(|r| r.source.as_str()).collect();
    assert!(
        sources.iter().any(|s| s.contains("Formateur")),
        "{sources:?}"
    );
    assert!(sources.iter().any(|s| s.contains("Profil")), "{sources:?}");
    let profile = found
        .records
        .iter()
        .find(|r| r.source.contains("Profil"))
        .unwrap();
    assert!(profile
        .fields
        .iter()
        .any(|f| f.label == "rôle" && f.value == "assistant·e"));
    // The contact's name is « Contact de … », but the email names her.
    let by_email = privacy::find_person(&conn, "NADIA.BENALI@", today()).unwrap();
    assert_eq!(by_email.records.len(), 1);
    assert_eq!(by_email.records[0].record, "Amis du Panier");
    assert!(by_email.records[0]
        .fields
        .iter()
        .any(|f| f.label == "courriel" && f.value == "nadia.benali@panier.example"));
    assert!(by_email.journal.iter().all(|e| e.how == "recorded"));
    // She made every change of this file: the journal names her as acting.
    assert!(found.journal.iter().any(|e| e.how == "acting"));

    let err = privacy::find_person(&conn, " ab ", today()).unwrap_err();
    assert!(field(err, "query").contains("trois caractères"));
    let nobody = privacy::find_person(&conn, "Personne Inconnue", today()).unwrap();
    assert!(nobody.records.is_empty() && nobody.journal.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(privacy::person_file_name(today()));
    privacy::write_person_json(&found, &path).unwrap();
    let back: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(back["query"], "nadia benali");
    assert_eq!(
        back["records"].as_array().unwrap().len(),
        found.records.len()
    );
    assert!(path.ends_with("donnees-personnelles-2026-06-15.json"));
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(['\u{202f}', '\u{a0}'], " ")
}

#[test]
fn the_register_entry_says_what_the_file_holds_and_for_how_long() {
    let (mut conn, _) = fund_db();
    org_with_contact(&mut conn, "Amis du Panier", "a@example.org");
    org_with_contact(&mut conn, "Cité des droits", "b@example.org");
    let data = privacy::register_data(&conn, "Camille Martin", today()).unwrap();
    assert!(
        data.controller.contains("Mission LCD"),
        "{}",
        data.controller
    );
    let contacts = &data.categories[0];
    assert_eq!(contacts.held, "2 contacts");
    assert!(contacts
        .retention
        .starts_with("3 ans après le dernier échange"));
    assert_eq!(data.purges, "Aucune purge n’a encore été faite.");
    let held: Vec<&str> = data.categories.iter().map(|c| c.held.as_str()).collect();
    assert_eq!(
        held,
        [
            "2 contacts",
            "aucun contact",
            "aucun nom d’intervenant·e",
            "aucun poste nominatif",
            "aucun nom",
            "1 profil"
        ]
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(privacy::register_file_name(today()));
    privacy::register_pdf(&conn, "Camille Martin", today(), &path).unwrap();
    let text = pdf_text(&path);
    for expected in [
        "Fiche de registre des activités de traitement",
        "Mission LCD",
        "Finalités",
        "2 contacts",
        "Données sensibles",
        "Imprimé le lundi 15 juin 2026 par Camille Martin",
        "Page 1 / ",
    ] {
        assert!(
            text.contains(expected),
            "missing « {expected} » in:\n{text}"
        );
    }
    assert!(
        !text.contains("a@example.org"),
        "the register lists no one's details"
    );
    // The journal's head as the file holds it, printed as its empreinte.
    let head = plan_lcd::anchor::head(&conn).unwrap().unwrap();
    let printed = format!(
        "empreinte du journal n° {} · {}",
        head.entry,
        &head.hash[..16]
    );
    assert!(text.contains(&printed), "missing « {printed} » in:\n{text}");
}

/// What a PDF prints of a name: the directional overrides and the
/// characters the embedded fonts cannot draw (emoji) are left out, the rest
/// is kept, accents and typographic apostrophes included.
#[test]
fn reports_leave_out_what_would_print_reversed_or_as_empty_boxes() {
    use plan_lcd::reports::printable_text;
    assert_eq!(
        printable_text("Asso \u{202E}Élan\u{202C} des Quartiers 🎉🏳️‍🌈 l’été"),
        "Asso Élan des Quartiers  l’été"
    );
    assert_eq!(
        printable_text("Café « Œuvre » – 1 234,56 €"),
        "Café « Œuvre » – 1 234,56 €"
    );
}

/// A partner with a contact, and a convention signed with it on `signed`
/// for `months`, tacitly renewed or not.
fn partner_with_convention(
    conn: &mut Connection,
    signed: &str,
    months: &str,
    tacit: bool,
) -> (i64, i64) {
    let mut input = crate::partners::partner_input("Défenseur des droits");
    input.contacts = vec![plan_lcd::partners::PartnerContactInput {
        name: "Claire Délégué".into(),
        role: "Déléguée territoriale".into(),
        email: "claire.delegue@ddd.example".into(),
        phone: String::new(),
    }];
    let p = plan_lcd::partners::create_partner(conn, &assistant(), now(), &input).unwrap();
    let other = crate::partners::partner(conn, "Métropole");
    let mut c = crate::partners::convention_input(p.id, other);
    c.signed_on = signed.into();
    c.duration_months = months.into();
    c.tacit_renewal = tacit;
    c.notice_months = String::new();
    c.commitments.clear();
    plan_lcd::partners::create_convention(conn, &lead(), now(), today(), &c).unwrap();
    (p.id, p.contacts[0].id)
}

#[test]
fn a_partners_contact_is_kept_while_a_tacit_convention_runs_and_purged_three_years_after_the_end() {
    let (mut tacit, _) = fund_db();
    partner_with_convention(&mut tacit, "01/01/2020", "12", true);
    assert!(
        keys(&tacit, day(2040, 1, 1)).is_empty(),
        "a tacit convention in force keeps the exchange going"
    );

    let (mut conn, _) = fund_db();
    let (partner, contact) = partner_with_convention(&mut conn, "01/01/2026", "12", false);
    // The partner's record was last changed on 15/06/2026; the convention,
    // twelve months from 01/01/2026, ended on 31/12/2026.
    assert!(keys(&conn, day(2029, 12, 30)).is_empty());
    let plan = privacy::purge_plan(&conn, day(2029, 12, 31)).unwrap();
    assert_eq!(plan.len(), 1, "{plan:?}");
    assert_eq!(
        plan[0].key,
        PurgeKey {
            table: "partner_contact".into(),
            row_id: contact
        }
    );
    assert_eq!(plan[0].record, "Défenseur des droits — Claire Délégué");
    assert_eq!(plan[0].fields, ["nom", "fonction", "courriel"]);
    assert_eq!(plan[0].last_activity, "31/12/2026");

    // A correction of the partner replaced the contact's row: the former
    // row's journal entries hold the email too, and are redacted as well.
    let mut form = plan_lcd::partners::partner_form(&conn, partner).unwrap();
    form.notes = "Permanences le mardi".into();
    plan_lcd::partners::update_partner(&mut conn, &assistant(), now(), partner, &form).unwrap();
    let listed = keys(&conn, day(2030, 1, 1));
    assert_eq!(listed.len(), 1);
    let done = privacy::purge(&mut conn, &lead(), day(2030, 1, 1), now(), &listed).unwrap();
    assert_eq!(done.contacts, 1);
    let left: i64 = conn
        .query_row("SELECT count(*) FROM partner_contact", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "the contact is deleted");
    assert_eq!(journal_mentions(&conn, "claire.delegue@ddd.example"), 0);
    assert_eq!(journal_mentions(&conn, "Claire Délégué"), 0);
    assert!(audit::verify(&conn).unwrap().is_ok());
    assert_eq!(
        plan_lcd::partners::get_partner(&conn, partner)
            .unwrap()
            .name,
        "Défenseur des droits",
        "the partner stays"
    );
}

#[test]
fn a_row_id_another_partner_took_over_keeps_that_partners_journal() {
    let (mut conn, _) = fund_db();
    let contact = |name: &str, email: &str| plan_lcd::partners::PartnerContactInput {
        name: name.into(),
        role: String::new(),
        email: email.into(),
        phone: String::new(),
    };
    // Partner A: a one-year convention from 01/01/2026, ended 31/12/2026, so its
    // contacts are due on 31/12/2029.
    let (a, _) = partner_with_convention(&mut conn, "01/01/2026", "12", false);
    // A's contacts replaced twice: rows 1 and 2, then row 1 alone; row 2 is free.
    let mut form = plan_lcd::partners::partner_form(&conn, a).unwrap();
    form.contacts = vec![
        contact("Claire Délégué", "claire.delegue@ddd.example"),
        contact("Paul Second", "paul.second@ddd.example"),
    ];
    plan_lcd::partners::update_partner(&mut conn, &assistant(), now(), a, &form).unwrap();
    form.contacts.truncate(1);
    plan_lcd::partners::update_partner(&mut conn, &assistant(), now(), a, &form).unwrap();
    // Partner B, under a tacit convention in force, takes the free row id.
    let mut b_input = crate::partners::partner_input("Association Relais");
    b_input.contacts = vec![contact("Inès Relais", "ines@relais.example")];
    let b = plan_lcd::partners::create_partner(&mut conn, &assistant(), now(), &b_input).unwrap();
    let shared = b.contacts[0].id;
    let a_used: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_entry WHERE table_name = 'partner_contact' AND row_id = ?1
               AND json_extract(coalesce(after_json, before_json), '$.partner_id') = ?2",
            [shared, a],
            |r| r.get(0),
        )
        .unwrap();
    assert!(a_used > 0, "the row id {shared} once held a contact of A");
    let other = crate::partners::partner(&mut conn, "Métropole de test");
    let mut c = crate::partners::convention_input(b.id, other);
    c.commitments.clear();
    plan_lcd::partners::create_convention(&mut conn, &lead(), now(), today(), &c).unwrap();

    let when = day(2030, 6, 1);
    let listed = keys(&conn, when);
    assert!(
        listed.iter().all(|k| k.row_id != shared),
        "B's contact is not due: {listed:?}"
    );
    privacy::purge(&mut conn, &lead(), when, now(), &listed).unwrap();
    assert_eq!(
        journal_mentions(&conn, "paul.second@ddd.example"),
        0,
        "A's former contact is redacted"
    );
    assert!(
        journal_mentions(&conn, "ines@relais.example") >= 1,
        "B's entries are kept"
    );
    let report = audit::verify(&conn).unwrap();
    assert!(report.is_ok(), "{report:?}");
}
