//! The demo year's fund: one call, a handful of organisations, and
//! applications at every stage of their life, entered through the same
//! validated functions as real data. Dates are counted back from `today`
//! so that every step stands in the past, whatever day the demo is built.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::Connection;

use super::{
    add_payment, call_of_year, create_application, create_call, create_organisation, get_call,
    save_review, set_document, step, ApplicationInput, CallInput, CofunderInput, IndicatorInput,
    OrganisationInput, PaymentInput, ReviewInput, ScoreInput, StepInput,
};
use crate::error::{Error, Result};
use crate::fund::StepAction;
use crate::input::format_date_fr;
use crate::rights::Actor;

/// (name, kind, SIRET, RNA, commune, contact name, contact role). The
/// SIRETs are made up but built as real ones are (a commune's SIREN is 21,
/// its INSEE code with a 0 after the department, and the key; a CCAS's 26),
/// and each carries both keys, so the SCDL validator accepts the demo's file.
const ORGANISATIONS: [(&str, &str, &str, &str, &str, &str, &str); 6] = [
    (
        "Association Égalité Quartiers Nord",
        "association",
        "81661318609139",
        "W133012345",
        "13055",
        "Samira Haddad",
        "Coordinatrice",
    ),
    (
        "Ville de La Ciotat",
        "commune",
        "21130028000016",
        "",
        "13028",
        "Julien Roux",
        "Chargé de mission PLCD",
    ),
    (
        "Collectif Mixité Emploi",
        "association",
        "89093786579754",
        "W131009876",
        "13117",
        "Thomas Nguyen",
        "Président",
    ),
    (
        "CCAS de Miramas",
        "ccas",
        "26130063600014",
        "",
        "13063",
        "Claire Bonnet",
        "Directrice",
    ),
    (
        "Théâtre de l’Autre Rive",
        "association",
        "82154728800018",
        "W132004567",
        "13001",
        "Inès Moreau",
        "Chargée de production",
    ),
    (
        "Ville de Salon-de-Provence",
        "commune",
        "21130103100012",
        "",
        "13103",
        "Marc Olivier",
        "Directeur de la cohésion sociale",
    ),
];

/// (organisation index, title, communes, requested €, total €, stage to reach, granted €)
const APPLICATIONS: [(usize, &str, &[&str], &str, &str, &str, &str); 8] = [
    (
        0,
        "Parcours « Mes droits face aux discriminations » dans les quartiers prioritaires",
        &["13055"],
        "12000",
        "30000",
        "agreement_signed",
        "10000",
    ),
    (
        1,
        "Plan local de La Ciotat : formation des agents d’accueil",
        &["13028"],
        "25000",
        "60000",
        "agreement_signed",
        "24000",
    ),
    (
        2,
        "Testing et accompagnement des employeurs de l’étang de Berre",
        &["13117", "13056"],
        "15000",
        "32000",
        "granted",
        "8000",
    ),
    (
        3,
        "Permanences d’accès aux droits au CCAS",
        &["13063"],
        "6000",
        "15000",
        "closed",
        "6000",
    ),
    (
        4,
        "Théâtre-forum « Le jour où j’ai été discriminé·e »",
        &["13001", "13005"],
        "8000",
        "20000",
        "under_review",
        "",
    ),
    (
        5,
        "Diagnostic territorial des discriminations à Salon-de-Provence",
        &["13103"],
        "18000",
        "36000",
        "refused",
        "",
    ),
    (
        0,
        "Ateliers d’éducation populaire au collège",
        &["13055"],
        "4000",
        "9000",
        "incomplete",
        "",
    ),
    (
        2,
        "Forum de l’emploi sans discrimination",
        &["13117"],
        "5000",
        "12000",
        "draft",
        "",
    ),
];

fn date(d: NaiveDate) -> String {
    format_date_fr(d)
}

fn take(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
    id: i64,
    action: &str,
    on: NaiveDate,
    amount: &str,
    text: &str,
) -> Result<()> {
    step(
        conn,
        actor,
        today,
        now,
        id,
        &StepInput {
            action: StepAction::from_code(action).ok_or_else(|| {
                Error::Refused(format!("Étape de démonstration inconnue : {action}."))
            })?,
            date: date(on),
            amount: amount.into(),
            reference: if matches!(action, "grant" | "refuse") {
                format!("DEL-{}-{:03}", on.year(), id)
            } else {
                String::new()
            },
            text: text.into(),
            confirm_over_budget: false,
        },
    )?;
    Ok(())
}

/// Fills the demo database's fund. Returns the number of applications.
pub fn load_demo(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize> {
    let year = today.year();
    if call_of_year(conn, year)?.is_some() {
        return Ok(0);
    }
    let day = |n: i64| today - Duration::days(n);
    let mut call_input = CallInput::with_defaults(year);
    call_input.name = format!("Fonds d’initiative annuel {year}");
    call_input.envelope = "60 000".into();
    call_input.opens_on = date(day(200));
    call_input.closes_on = date(day(140));
    call_input.grantor_siret = "20005480700017".into();
    call_input.notes =
        "Soutien aux plans locaux (PLCD) et aux actions des communes sans plan.".into();
    let call = create_call(conn, actor, now, &call_input)?;
    let call = get_call(conn, call.id)?;

    let mut orgs = Vec::new();
    for (name, kind, siret, rna, commune, contact, role) in ORGANISATIONS {
        let o = create_organisation(
            conn,
            actor,
            now,
            &OrganisationInput {
                name: name.into(),
                kind: kind.into(),
                siret: siret.into(),
                rna: rna.into(),
                address: String::new(),
                commune_insee: commune.into(),
                city: String::new(),
                contact_name: contact.into(),
                contact_role: role.into(),
                contact_email: String::new(),
                contact_phone: String::new(),
            },
        )?;
        orgs.push(o.id);
    }

    let mut count = 0;
    for (i, (org, title, communes, requested, total, target, granted)) in
        APPLICATIONS.iter().enumerate()
    {
        let id = create_application(
            conn,
            actor,
            now,
            &ApplicationInput {
                call_id: call.id.to_string(),
                organisation_id: orgs[*org].to_string(),
                title: title.to_string(),
                summary: "Projet de démonstration : actions de prévention et d’accès aux droits."
                    .into(),
                public_concerned: "Habitant·es, professionnel·les de l’accueil".into(),
                priority_neighbourhoods: i % 2 == 0,
                communes: communes.iter().map(|c| c.to_string()).collect(),
                starts_on: date(day(100)),
                ends_on: date(day(100) + Duration::days(150 + 20 * i as i64)),
                total_budget: total.to_string(),
                requested: requested.to_string(),
                grant_share: "100".into(),
                cofunders: vec![CofunderInput {
                    name: "État (politique de la ville)".into(),
                    amount: "3 000".into(),
                }],
                indicators: vec![
                    IndicatorInput {
                        label: "Personnes accompagnées".into(),
                        target: "80".into(),
                        achieved: if *target == "closed" {
                            "92".into()
                        } else {
                            String::new()
                        },
                    },
                    IndicatorInput {
                        label: "Professionnel·les formé·es".into(),
                        target: "25".into(),
                        achieved: String::new(),
                    },
                ],
            },
        )?;
        count += 1;
        if *target == "draft" {
            continue;
        }
        let received = day(170 - 3 * i as i64);
        take(conn, actor, today, now, id, "receive", received, "", "")?;
        let all_docs = *target != "incomplete";
        for (k, doc) in call.documents.iter().enumerate() {
            if all_docs || k < 2 {
                set_document(conn, actor, today, now, id, doc.id, &date(received))?;
            }
        }
        if *target == "incomplete" {
            take(
                conn,
                actor,
                today,
                now,
                id,
                "mark_incomplete",
                day(120),
                "",
                "",
            )?;
            continue;
        }
        take(
            conn,
            actor,
            today,
            now,
            id,
            "mark_complete",
            day(130),
            "",
            "",
        )?;
        take(
            conn,
            actor,
            today,
            now,
            id,
            "start_review",
            day(125),
            "",
            "",
        )?;
        let scores: Vec<ScoreInput> = call
            .criteria
            .iter()
            .enumerate()
            .map(|(k, c)| ScoreInput {
                criterion_id: c.id,
                score: ((3 + i + k) % 6).to_string(),
            })
            .collect();
        save_review(
            conn,
            actor,
            now,
            id,
            &ReviewInput {
                scores,
                notes: "Porteur expérimenté ; budget à préciser sur la communication.".into(),
            },
        )?;
        match *target {
            "under_review" => continue,
            "refused" => {
                take(
                    conn,
                    actor,
                    today,
                    now,
                    id,
                    "refuse",
                    day(90),
                    "",
                    "Projet déjà financé par un autre dispositif de la Métropole.",
                )?;
                continue;
            }
            _ => {}
        }
        take(conn, actor, today, now, id, "grant", day(90), granted, "")?;
        if matches!(*target, "agreement_signed" | "closed") {
            take(
                conn,
                actor,
                today,
                now,
                id,
                "sign_agreement",
                day(75),
                "",
                "",
            )?;
        }
        let amount: i64 = granted.parse().unwrap_or(0);
        let first = amount * 70 / 100;
        add_payment(
            conn,
            actor,
            today,
            now,
            id,
            &PaymentInput {
                planned_on: date(day(60)),
                amount: if *target == "closed" { amount } else { first }.to_string(),
                paid_on: if *target == "granted" && amount * 100 > super::AGREEMENT_THRESHOLD_CENTS
                {
                    String::new()
                } else {
                    date(day(55))
                },
            },
        )?;
        if *target == "closed" {
            take(
                conn,
                actor,
                today,
                now,
                id,
                "receive_report",
                day(20),
                "",
                "",
            )?;
            take(conn, actor, today, now, id, "close", day(10), "", "")?;
        } else {
            add_payment(
                conn,
                actor,
                today,
                now,
                id,
                &PaymentInput {
                    planned_on: date(today + Duration::days(60)),
                    amount: (amount - first).to_string(),
                    paid_on: String::new(),
                },
            )?;
        }
    }
    Ok(count)
}
