//! Partners, conventions and committees: the computed dates over month ends
//! and leap years, every validation rule, the refusals of a deletion with
//! what refers to it, and the schema refusing what slips past the core.

use chrono::NaiveDate;
use plan_lcd::partners::{
    self, convention_dates, ConventionInput, ConventionState, PartnerContactInput, PartnerInput,
};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::store;
use rusqlite::Connection;

use crate::fund_fixtures::{field, refused};
use crate::util::{amp_db, assistant, lead, now, today};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn partner_input(name: &str) -> PartnerInput {
    PartnerInput {
        name: name.into(),
        kind: "independent_authority".into(),
        ..Default::default()
    }
}

pub fn partner(conn: &mut Connection, name: &str) -> i64 {
    partners::create_partner(conn, &assistant(), now(), &partner_input(name))
        .expect("a valid partner")
        .id
}

/// A convention like seed 001's: three years, tacit renewal, two months' notice.
pub fn convention_input(a: i64, b: i64) -> ConventionInput {
    ConventionInput {
        title: "Convention CGET – Défenseur des droits".into(),
        partner_ids: vec![a, b],
        signed_on: "17/11/2015".into(),
        starts_on: String::new(),
        duration_months: "36".into(),
        tacit_renewal: true,
        notice_months: "2".into(),
        status: "active".into(),
        file_location: "conventions/cget-ddd.pdf".into(),
        notes: String::new(),
        commitments: vec![
            partners::ConventionCommitmentInput {
                party: a.to_string(),
                text: "Désigner des délégués référents".into(),
                status: "done".into(),
                evidence: "Liste transmise".into(),
            },
            partners::ConventionCommitmentInput {
                party: "collectivite".into(),
                text: "Relayer les permanences".into(),
                status: "todo".into(),
                evidence: String::new(),
            },
        ],
    }
}

fn manager() -> Actor {
    Actor {
        name: "Jeanne Roux".into(),
        role: Role::Manager,
    }
}

// ---- Date arithmetic ----
// The counts themselves are tested in `dates.rs`; here, how a convention's
// terms, renewals, notice deadline and badge follow from them.

#[test]
fn the_issue_s_convention_ends_on_31_march_with_notice_by_30_september() {
    // « Pour 36 mois à compter du 01/04/2020 », six months' notice.
    let x = convention_dates(d(2020, 4, 1), 36, true, 6, d(2022, 1, 1));
    assert_eq!(
        x.first_end,
        d(2023, 3, 31),
        "1 April 2020 counts: the eve of the anniversary"
    );
    assert_eq!(x.term_end, d(2023, 3, 31));
    assert_eq!(
        x.notice_deadline,
        Some(d(2022, 9, 30)),
        "from 1 October, six months of notice would run past 31 March"
    );
    assert_eq!(
        x.renews_on(),
        d(2023, 4, 1),
        "the renewed term starts on the anniversary"
    );
}

#[test]
fn a_one_month_term_from_31_january_ends_on_the_last_day_of_february() {
    let leap = convention_dates(d(2024, 1, 31), 1, false, 0, d(2024, 1, 31));
    assert_eq!(leap.first_end, d(2024, 2, 29), "2024 is a leap year");
    let common = convention_dates(d(2025, 1, 31), 1, false, 0, d(2025, 1, 31));
    assert_eq!(
        common.first_end,
        d(2025, 2, 28),
        "no 31 February: the month runs to its end, not to the 27th"
    );
    assert_eq!(common.term_end, common.first_end);
    assert_eq!(
        common.notice_deadline, None,
        "no tacit renewal, no notice deadline"
    );
}

#[test]
fn renewed_monthly_terms_follow_each_other_and_do_not_drift_to_the_28th() {
    // From 31 January: 31/01–28/02, then 01/03–31/03, then 01/04–30/04.
    let x = convention_dates(d(2025, 1, 31), 1, true, 0, d(2025, 3, 1));
    assert_eq!(x.term_end, d(2025, 3, 31), "not 27 or 28 March");
    assert_eq!(x.renewals, 1, "renewed once, on 1 March");
    let april = convention_dates(d(2025, 1, 31), 1, true, 0, d(2025, 4, 1));
    assert_eq!(april.term_end, d(2025, 4, 30));
    assert_eq!(april.renewals, 2);
    // On a term's last day, that term is still the one in force.
    let last_day = convention_dates(d(2025, 1, 31), 1, true, 0, d(2025, 2, 28));
    assert_eq!(last_day.term_end, d(2025, 2, 28));
    assert_eq!(last_day.renewals, 0);
}

#[test]
fn signed_31_january_with_two_months_notice() {
    // One year, tacit renewal, two months' notice: the term ends on 30
    // January 2025; from 30 November two months expire on 30 January.
    let x = convention_dates(d(2024, 1, 31), 12, true, 2, d(2024, 6, 1));
    assert_eq!(x.term_end, d(2025, 1, 30));
    assert_eq!(x.notice_deadline, Some(d(2024, 11, 30)));
    let later = convention_dates(d(2024, 1, 31), 12, true, 2, d(2025, 2, 1));
    assert_eq!(later.term_end, d(2026, 1, 30));
    assert_eq!(later.notice_deadline, Some(d(2025, 11, 30)));
    assert_eq!(later.renewals, 1);
    // Renewed on 30 April: there is no 30 February, so the notice runs to
    // the end of February, the 29th in a leap year.
    let april = convention_dates(d(2023, 4, 30), 12, true, 2, d(2023, 5, 1));
    assert_eq!(april.term_end, d(2024, 4, 29));
    assert_eq!(april.notice_deadline, Some(d(2024, 2, 29)));
    let april = convention_dates(d(2024, 4, 30), 12, true, 2, d(2024, 5, 1));
    assert_eq!(april.notice_deadline, Some(d(2025, 2, 28)));
}

#[test]
fn a_convention_signed_on_29_february_runs_to_the_end_of_february_then_from_1_march() {
    let start = d(2024, 2, 29);
    let first = convention_dates(start, 12, true, 2, d(2024, 3, 1));
    assert_eq!(first.term_end, d(2025, 2, 28), "no 29 February 2025");
    assert_eq!(first.notice_deadline, Some(d(2024, 12, 31)));
    let x = convention_dates(start, 12, true, 2, d(2027, 6, 1));
    assert_eq!(
        x.term_end,
        d(2028, 2, 29),
        "the term from 1 March 2027 ends on the eve of 1 March 2028"
    );
    assert_eq!(x.notice_deadline, Some(d(2027, 12, 31)));
    assert_eq!(x.renewals, 3);
    assert_eq!(
        convention_dates(start, 48, false, 0, d(2024, 3, 1)).first_end,
        d(2028, 2, 28),
        "29 February 2028 exists: its eve"
    );
}

#[test]
fn seed_001_ends_its_terms_on_16_november_with_notice_by_16_september() {
    // Signed 17/11/2015 for three years, tacit renewal, two months' notice.
    let start = d(2015, 11, 17);
    let first = convention_dates(start, 36, true, 2, d(2018, 1, 1));
    assert_eq!(first.term_end, d(2018, 11, 16));
    assert_eq!(first.notice_deadline, Some(d(2018, 9, 16)));
    let last_day = convention_dates(start, 36, true, 2, d(2024, 11, 16));
    assert_eq!(
        last_day.term_end,
        d(2024, 11, 16),
        "in force until the evening of its last day"
    );
    assert_eq!(last_day.notice_deadline, Some(d(2024, 9, 16)));
    let anniversary = convention_dates(start, 36, true, 2, d(2024, 11, 17));
    assert_eq!(
        anniversary.term_end,
        d(2027, 11, 16),
        "renewed that very day"
    );
    let seed = convention_dates(start, 36, true, 2, today());
    assert_eq!(seed.term_end, d(2027, 11, 16));
    assert_eq!(seed.notice_deadline, Some(d(2027, 9, 16)));
    assert_eq!(seed.renewals, 3, "2018, 2021, 2024");
    // Without tacit renewal the end stays the first term's, even once passed.
    let fixed = convention_dates(d(2009, 6, 16), 12, false, 0, today());
    assert_eq!(fixed.term_end, d(2010, 6, 15));
}

#[test]
fn the_badge_follows_the_windows() {
    use partners::{convention_state, ConventionStatus::*};
    let start = d(2024, 1, 31);
    let at = |t| {
        let x = convention_dates(start, 12, true, 2, t);
        convention_state(Active, true, &x, t)
    };
    // Deadline 30/11/2024: sixty days before is 01/10/2024.
    assert_eq!(at(d(2024, 9, 30)), ConventionState::Active);
    assert_eq!(at(d(2024, 10, 1)), ConventionState::NoticeSoon);
    assert_eq!(at(d(2024, 11, 30)), ConventionState::NoticeSoon);
    // Renewal on 31/01/2025 (the term ends on the 30th): sixty days before
    // is 02/12/2024.
    assert_eq!(at(d(2024, 12, 1)), ConventionState::Active);
    assert_eq!(at(d(2024, 12, 2)), ConventionState::RenewalSoon);
    let fixed = |t| {
        let x = convention_dates(start, 12, false, 0, t);
        convention_state(Active, false, &x, t)
    };
    // The end 30/01/2025: sixty days before is 01/12/2024.
    assert_eq!(fixed(d(2024, 11, 30)), ConventionState::Active);
    assert_eq!(fixed(d(2024, 12, 1)), ConventionState::EndingSoon);
    assert_eq!(
        fixed(d(2025, 1, 30)),
        ConventionState::EndingSoon,
        "still in force on its last day"
    );
    assert_eq!(fixed(d(2025, 1, 31)), ConventionState::Expired);
    let x = convention_dates(start, 12, false, 0, d(2025, 6, 1));
    assert_eq!(
        convention_state(Ended, false, &x, d(2025, 6, 1)),
        ConventionState::Ended
    );
}

// ---- Partners ----

#[test]
fn a_partner_with_contacts_is_saved_and_read_back() {
    let mut conn = amp_db();
    let mut input = partner_input("Défenseur des droits");
    input.siret = "732 829 320 00074".into();
    input.website = "www.defenseurdesdroits.fr".into();
    input.contacts = vec![
        PartnerContactInput {
            name: "Claire Dupont".into(),
            role: "Déléguée territoriale".into(),
            email: "claire.dupont@defenseurdesdroits.fr".into(),
            phone: "04 91 00 00 00".into(),
        },
        PartnerContactInput {
            name: "Paul Martin".into(),
            ..Default::default()
        },
    ];
    let p = partners::create_partner(&mut conn, &assistant(), now(), &input).unwrap();
    assert_eq!(p.siret.as_deref(), Some("73282932000074"), "spaces dropped");
    assert_eq!(p.contacts.len(), 2);
    assert_eq!(p.contacts[0].name, "Claire Dupont");
    let form = partners::partner_form(&conn, p.id).unwrap();
    assert_eq!(form.contacts[1].name, "Paul Martin");
    input.contacts.pop();
    let p = partners::update_partner(&mut conn, &assistant(), now(), p.id, &input).unwrap();
    assert_eq!(
        p.contacts.len(),
        1,
        "the contacts are replaced by the form's"
    );
}

#[test]
fn every_partner_field_is_checked_at_once() {
    let mut conn = amp_db();
    let input = PartnerInput {
        name: "  ".into(),
        kind: "ministry".into(),
        siret: "73282932000075".into(),
        address: String::new(),
        website: "pas un site".into(),
        notes: String::new(),
        contacts: vec![PartnerContactInput {
            name: String::new(),
            role: String::new(),
            email: "claire@".into(),
            phone: "zéro quatre".into(),
        }],
    };
    let err = partners::create_partner(&mut conn, &assistant(), now(), &input).unwrap_err();
    let plan_lcd::Error::Invalid(f) = err else {
        panic!("expected field errors")
    };
    assert_eq!(f.get("name"), Some("Le nom du partenaire est obligatoire."));
    assert_eq!(f.get("kind"), Some("Choisissez le type de partenaire."));
    assert!(
        f.get("siret").unwrap().contains("clé de contrôle"),
        "the fund's Luhn check"
    );
    assert!(f.get("website").is_some());
    assert_eq!(
        f.get("contacts.0.name"),
        Some("Le nom du contact est obligatoire.")
    );
    assert!(f.get("contacts.0.email").is_some());
    assert!(f.get("contacts.0.phone").is_some());
    let count: i64 = conn
        .query_row("SELECT count(*) FROM partner", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "nothing saved");
}

#[test]
fn two_partners_do_not_share_a_name() {
    let mut conn = amp_db();
    partner(&mut conn, "CNFPT");
    let err = partners::create_partner(&mut conn, &assistant(), now(), &partner_input("CNFPT"))
        .unwrap_err();
    assert_eq!(field(err, "name"), "Un partenaire porte déjà ce nom.");
}

#[test]
fn a_manager_reads_but_does_not_enter_and_an_assistant_does_not_delete() {
    let mut conn = amp_db();
    assert!(
        partners::create_partner(&mut conn, &manager(), now(), &partner_input("IRDSU")).is_err()
    );
    let id = partner(&mut conn, "IRDSU");
    assert!(partners::delete_partner(&mut conn, &assistant(), now(), id).is_err());
    assert_eq!(partners::list_partners(&conn, "").unwrap().len(), 1);
    partners::delete_partner(&mut conn, &lead(), now(), id).unwrap();
    assert!(partners::list_partners(&conn, "").unwrap().is_empty());
}

#[test]
fn deleting_a_partner_that_something_refers_to_is_refused_with_the_list() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "CGET");
    let b = partner(&mut conn, "Défenseur des droits");
    let mut input = partners::PartnerInput {
        contacts: vec![PartnerContactInput {
            name: "Claire Dupont".into(),
            ..Default::default()
        }],
        ..partner_input("IRDSU")
    };
    input.kind = "network".into();
    let c_id = partners::create_partner(&mut conn, &assistant(), now(), &input)
        .unwrap()
        .id;
    partners::create_convention(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &convention_input(a, b),
    )
    .unwrap();
    let committee = partners::create_committee(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &committee_input(None),
    )
    .unwrap();
    partners::create_meeting(
        &mut conn,
        &assistant(),
        now(),
        &partners::MeetingInput {
            committee_id: committee.id,
            held_on: "12/03/2026".into(),
            partner_ids: vec![c_id, a],
            ..Default::default()
        },
    )
    .unwrap();
    let msg = refused(partners::delete_partner(&mut conn, &lead(), now(), a).unwrap_err());
    assert_eq!(
        msg,
        "« CGET » ne peut pas être supprimé : il est cité par la convention « Convention CGET – Défenseur des droits » ; la réunion du 12/03/2026 (Comité technique)."
    );
    let msg = refused(partners::delete_partner(&mut conn, &lead(), now(), c_id).unwrap_err());
    assert!(msg.contains("la réunion du 12/03/2026"), "{msg}");
    // The schema refuses it too, behind the core's back.
    assert!(conn
        .execute("DELETE FROM partner WHERE id = ?1", [a])
        .is_err());
    assert_eq!(partners::list_partners(&conn, "").unwrap().len(), 3);
}

// ---- Conventions ----

#[test]
fn a_convention_is_saved_with_its_partners_commitments_and_computed_dates() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "Défenseur des droits");
    let b = partner(&mut conn, "CGET");
    let c = partners::create_convention(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &convention_input(a, b),
    )
    .unwrap();
    assert_eq!(
        c.starts_on, "2015-11-17",
        "the start defaults to the signing date"
    );
    assert_eq!(c.term_end, "2027-11-16");
    assert_eq!(c.notice_deadline.as_deref(), Some("2027-09-16"));
    assert_eq!(c.state, ConventionState::Active);
    assert_eq!(c.partners.len(), 2);
    assert_eq!(c.commitments.len(), 2);
    assert_eq!(c.commitments[0].party_name, "Défenseur des droits");
    assert_eq!(c.commitments[1].party_name, "La collectivité");
    assert_eq!(c.commitments_done, 1);
    let form = partners::convention_form(&conn, c.id).unwrap();
    assert_eq!(form.signed_on, "17/11/2015");
    assert_eq!(form.commitments[1].party, "collectivite");
    // Near the deadline the badge says so.
    let near = partners::get_convention(&conn, c.id, d(2027, 8, 1)).unwrap();
    assert_eq!(near.state, ConventionState::NoticeSoon);
}

#[test]
fn every_convention_rule_is_checked_at_once_and_nothing_is_saved() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "CGET");
    let other = partner(&mut conn, "IRDSU");
    let mut input = convention_input(a, a);
    input.title = String::new();
    input.signed_on = "31/02/2026".into();
    input.duration_months = "0".into();
    input.notice_months = "deux".into();
    input.status = "signed".into();
    input.commitments[0].party = other.to_string();
    input.commitments[1].text = " ".into();
    input.commitments[1].status = "late".into();
    let err =
        partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap_err();
    let plan_lcd::Error::Invalid(f) = err else {
        panic!("expected field errors")
    };
    assert_eq!(
        f.get("title"),
        Some("Le titre de la convention est obligatoire.")
    );
    assert_eq!(
        f.get("partner_ids"),
        Some("Une convention est signée par deux partenaires au moins : cochez-les."),
        "the same partner twice counts once"
    );
    assert_eq!(
        f.get("signed_on"),
        Some("Cette date n’existe pas : 31/02/2026.")
    );
    assert_eq!(
        f.get("duration_months"),
        Some("La durée est d’un mois au moins : la fin doit venir après le début.")
    );
    assert!(f.get("notice_months").is_some());
    assert_eq!(f.get("status"), Some("Choisissez où en est la convention."));
    assert!(f.get("commitments.0.party").is_some(), "not a signatory");
    assert_eq!(f.get("commitments.1.text"), Some("Décrivez l’engagement."));
    assert!(f.get("commitments.1.status").is_some());
    let count: i64 = conn
        .query_row("SELECT count(*) FROM convention", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn the_notice_is_shorter_than_the_duration_and_the_duration_is_given() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "FACE");
    let b = partner(&mut conn, "Alliance Villes Emploi");
    let mut input = convention_input(a, b);
    input.duration_months = "12".into();
    input.notice_months = "12".into();
    let err =
        partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap_err();
    assert_eq!(
        field(err, "notice_months"),
        "Le préavis doit être plus court que la durée (12 mois)."
    );
    input.notice_months = "11".into();
    partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap();
    input.duration_months = String::new();
    let err =
        partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap_err();
    assert!(field(err, "duration_months").starts_with("Indiquez la durée en mois"));
    input.duration_months = "241".into();
    let err =
        partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap_err();
    assert_eq!(field(err, "duration_months"), "240 mois (20 ans) au plus.");
}

#[test]
fn a_start_date_other_than_the_signing_date_drives_the_dates() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "Charte de la diversité");
    let b = partner(&mut conn, "CNML");
    let mut input = convention_input(a, b);
    input.signed_on = "16/06/2009".into();
    input.starts_on = "01/07/2009".into();
    input.duration_months = "12".into();
    input.tacit_renewal = false;
    input.notice_months = String::new();
    let c = partners::create_convention(&mut conn, &assistant(), now(), today(), &input).unwrap();
    assert_eq!(c.term_end, "2010-06-30", "twelve months from 1 July 2009");
    assert_eq!(c.notice_deadline, None);
    assert_eq!(
        c.state,
        ConventionState::Expired,
        "past its end and still marked in force"
    );
}

#[test]
fn a_convention_with_committees_is_not_deleted_and_one_without_is() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "CGET");
    let b = partner(&mut conn, "DDD");
    let c = partners::create_convention(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &convention_input(a, b),
    )
    .unwrap();
    let committee = partners::create_committee(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &committee_input(Some(c.id)),
    )
    .unwrap();
    let msg = refused(partners::delete_convention(&mut conn, &lead(), now(), c.id).unwrap_err());
    assert!(msg.contains("« Comité technique »"), "{msg}");
    assert!(conn
        .execute("DELETE FROM convention WHERE id = ?1", [c.id])
        .is_err());
    partners::delete_committee(&mut conn, &lead(), now(), committee.id).unwrap();
    partners::delete_convention(&mut conn, &lead(), now(), c.id).unwrap();
    partners::delete_partner(&mut conn, &lead(), now(), a).unwrap();
}

// ---- Committees and meetings ----

pub fn committee_input(convention: Option<i64>) -> partners::CommitteeInput {
    partners::CommitteeInput {
        name: "Comité technique".into(),
        kind: "technical".into(),
        convention_id: convention,
        frequency_per_year: "2".into(),
        notes: String::new(),
    }
}

#[test]
fn committee_and_meeting_rules() {
    let mut conn = amp_db();
    let mut bad = committee_input(Some(999));
    bad.name = String::new();
    bad.kind = "board".into();
    bad.frequency_per_year = "5".into();
    let err =
        partners::create_committee(&mut conn, &assistant(), now(), today(), &bad).unwrap_err();
    let plan_lcd::Error::Invalid(f) = err else {
        panic!("expected field errors")
    };
    for key in ["name", "kind", "convention_id", "frequency_per_year"] {
        assert!(f.get(key).is_some(), "{key} is checked");
    }
    let committee = partners::create_committee(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &committee_input(None),
    )
    .unwrap();
    assert_eq!(
        committee.next_due.as_deref(),
        Some("2026-06-15"),
        "no meeting yet: due now"
    );
    let meeting = partners::MeetingInput {
        committee_id: committee.id,
        held_on: "12/03/2026".into(),
        partner_ids: vec![],
        agenda: "Bilan".into(),
        decisions: "Poursuivre".into(),
        follow_ups: vec![partners::FollowUpInput {
            text: String::new(),
            owner: "Camille Martin".into(),
            due_on: "11/03/2026".into(),
            status: "waiting".into(),
        }],
    };
    let err = partners::create_meeting(&mut conn, &assistant(), now(), &meeting).unwrap_err();
    let plan_lcd::Error::Invalid(f) = err else {
        panic!("expected field errors")
    };
    assert_eq!(
        f.get("follow_ups.0.text"),
        Some("Décrivez l’action de suivi.")
    );
    assert_eq!(
        f.get("follow_ups.0.due_on"),
        Some("L’échéance ne peut pas précéder la réunion (12/03/2026).")
    );
    assert!(f.get("follow_ups.0.status").is_some());
    let mut ok = meeting.clone();
    ok.follow_ups[0].text = "Envoyer le compte rendu".into();
    ok.follow_ups[0].due_on = "30/03/2026".into();
    ok.follow_ups[0].status = "todo".into();
    let m = partners::create_meeting(&mut conn, &assistant(), now(), &ok).unwrap();
    assert_eq!(m.follow_ups[0].due_on.as_deref(), Some("2026-03-30"));
    let c = partners::get_committee(&conn, committee.id, today()).unwrap();
    assert_eq!(c.last_meeting.as_deref(), Some("2026-03-12"));
    assert_eq!(
        c.next_due.as_deref(),
        Some("2026-09-12"),
        "twice a year: six months later"
    );
    let msg = refused(partners::delete_committee(&mut conn, &lead(), now(), c.id).unwrap_err());
    assert!(
        msg.contains("1 réunion y est enregistrée. Supprimez-la d’abord."),
        "{msg}"
    );
    partners::delete_meeting(&mut conn, &lead(), now(), m.id).unwrap();
    partners::delete_committee(&mut conn, &lead(), now(), c.id).unwrap();
}

// ---- The schema's second wall ----

#[test]
fn the_schema_refuses_what_the_core_never_writes() {
    let mut conn = amp_db();
    let a = partner(&mut conn, "CGET");
    let b = partner(&mut conn, "DDD");
    let outsider = partner(&mut conn, "IRDSU");
    let c = partners::create_convention(
        &mut conn,
        &assistant(),
        now(),
        today(),
        &convention_input(a, b),
    )
    .unwrap();
    let stamp = "'2026-01-01T00:00:00Z', 'x', '2026-01-01T00:00:00Z', 'x'";
    let convention = |duration: i64, notice: i64, tacit: i64, day: &str| {
        format!(
            "INSERT INTO convention (title, signed_on, starts_on, duration_months, tacit_renewal,
                notice_months, created_at, created_by, updated_at, updated_by)
             VALUES ('T', '{day}', '{day}', {duration}, {tacit}, {notice}, {stamp})"
        )
    };
    assert!(
        conn.execute(&convention(12, 2, 1, "2026-01-31"), [])
            .is_ok(),
        "the control row"
    );
    assert!(
        conn.execute(&convention(12, 12, 1, "2026-01-31"), [])
            .is_err(),
        "notice = duration"
    );
    assert!(
        conn.execute(&convention(0, 0, 0, "2026-01-31"), [])
            .is_err(),
        "no duration"
    );
    assert!(
        conn.execute(&convention(12, 0, 2, "2026-01-31"), [])
            .is_err(),
        "tacit is 0 or 1"
    );
    assert!(
        conn.execute(&convention(12, 0, 0, "2026-02-30"), [])
            .is_err(),
        "no such day"
    );
    assert!(
        conn.execute(&convention(12, -1, 0, "2026-01-31"), [])
            .is_err(),
        "negative notice"
    );
    // A commitment's party is a signatory.
    let commitment = |party: i64| {
        format!(
            "INSERT INTO convention_commitment (convention_id, position, party_partner_id, text, status)
             VALUES ({}, 9, {party}, 'X', 'todo')",
            c.id
        )
    };
    assert!(
        conn.execute(&commitment(outsider), []).is_err(),
        "not a signatory"
    );
    assert!(conn.execute(&commitment(a), []).is_ok());
    assert!(
        conn.execute(
            "DELETE FROM convention_partner WHERE convention_id = ?1 AND partner_id = ?2",
            [c.id, a]
        )
        .is_err(),
        "a signatory a commitment names stays"
    );
    assert!(
        conn.execute(
            &format!(
                "INSERT INTO convention_commitment (convention_id, position, text, status)
                 VALUES ({}, 10, 'X', 'finished')",
                c.id
            ),
            []
        )
        .is_err(),
        "an unknown status"
    );
    assert!(
        conn.execute(
            &format!(
                "INSERT INTO committee (name, kind, frequency_per_year, {})
                 VALUES ('C', 'technical', 5, {stamp})",
                "created_at, created_by, updated_at, updated_by"
            ),
            []
        )
        .is_err(),
        "five meetings a year do not divide the year into whole months"
    );
    assert!(
        conn.execute(
            "INSERT INTO partner_contact (partner_id, position, name, email) VALUES (?1, 0, 'A', 'pas-un-courriel')",
            [a]
        )
        .is_err(),
        "an email without @"
    );
    assert!(
        conn.execute(
            &format!("INSERT INTO partner (name, kind, siret, {}) VALUES ('P', 'other', '1234', {stamp})",
                "created_at, created_by, updated_at, updated_by"),
            []
        )
        .is_err(),
        "a SIRET of 4 digits"
    );
}

#[test]
fn the_demo_year_holds_the_four_seed_conventions() {
    let mut conn = store::open_in_memory().unwrap();
    plan_lcd::demo::load(&mut conn, today(), now()).unwrap();
    let list = partners::list_conventions(&conn, today()).unwrap();
    assert_eq!(list.len(), 4);
    let ddd = list
        .iter()
        .find(|c| c.title.contains("CGET"))
        .expect("seed 001");
    assert_eq!(
        (ddd.duration_months, ddd.tacit_renewal, ddd.notice_months),
        (36, true, 2)
    );
    assert_eq!(ddd.term_end, "2027-11-16");
    assert_eq!(
        ddd.committees.len(),
        2,
        "a technical and a steering committee"
    );
    let charte = list
        .iter()
        .find(|c| c.title.contains("Charte"))
        .expect("seed 002");
    assert_eq!((charte.duration_months, charte.tacit_renewal), (12, false));
    assert_eq!(partners::list_committees(&conn, today()).unwrap().len(), 7);
    let reminders = partners::reminders(&conn, today()).unwrap();
    assert!(
        reminders
            .iter()
            .any(|r| r.kind == partners::ReminderKind::FollowUpDue && r.late),
        "a late follow-up: {reminders:?}"
    );
}
