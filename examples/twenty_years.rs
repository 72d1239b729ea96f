//! Writes a synthetic file of twenty years of a unit's plan (2007–2026),
//! through the core's own functions, as the app would have written it day
//! after day: every record checked by its form, every change journaled and
//! sealed. The volumes are a large unit's, seeded (the same file each run):
//!
//! | per year | sessions | applications (steps, tranches) | commitments | payments | events | partners |
//! |---|---|---|---|---|---|---|
//! | | 500 | 1 000 (about 12 each, 900) | 2 500 | 2 500 | the week's | 210 once |
//!
//! Run in a release build (a few minutes for twenty years):
//! `cargo run --release --example twenty_years -- FILE [YEARS]`
//! (YEARS: 20 by default; 1 writes the last year alone). `examples/twenty_years_bench.rs`
//! then measures the app's lists, pages, views and saves on it.

use std::time::Instant;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use plan_lcd::budget::{self, BudgetInput, BudgetPaymentInput, CommitmentInput, LineInput};
use plan_lcd::fund::{
    self, ApplicationInput, CallInput, OrganisationInput, PaymentInput, ReviewInput, ScoreInput,
    StepAction, StepInput,
};
use plan_lcd::partners::{self, PartnerContactInput, PartnerInput};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::territory::{self, SetupInput, AMP_SIREN};
use plan_lcd::trainings::{self, TrainingInput};
use plan_lcd::{events, store};

type Error = Box<dyn std::error::Error>;

/// The last year of the file, and the day it is written "as of".
const LAST_YEAR: i32 = 2026;
const SESSIONS: usize = 500;
const APPLICATIONS: usize = 1_000;
const OPERATIONS: usize = 2_500;
const PARTNERS: usize = 210;
const ORGANISATIONS: usize = 400;

/// The communes the sessions and projects take place in (Aix-Marseille-Provence).
const COMMUNES: [&str; 8] = [
    "13055", "13001", "13028", "13056", "13117", "13063", "13103", "13005",
];
const AUDIENCES: [&str; 3] = ["own_agents", "own_managers", "elected_officials"];
const TITLES: [&str; 6] = [
    "Droit de la non-discrimination",
    "Accueil des publics sans discrimination",
    "Recruter sans discriminer",
    "Laïcité et service public",
    "Prévenir le harcèlement discriminatoire",
    "Référents égalité : prise de poste",
];

/// A small seeded generator (SplitMix64): the same file at each run.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn day(year: i32, ordinal: usize) -> NaiveDate {
    NaiveDate::from_yo_opt(year, ordinal.clamp(1, 365) as u32).unwrap_or_default()
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: twenty_years FILE [YEARS]")?;
    let years: i32 = args.next().map_or(Ok(20), |y| y.parse())?;
    let first = LAST_YEAR - years + 1;
    let _ = std::fs::remove_file(&path);
    let mut conn = store::open(std::path::Path::new(&path))?;
    // A generator's file: nothing to lose if the machine stops.
    conn.pragma_update(None, "synchronous", "OFF")?;
    let lead = Actor {
        name: "Camille Martin".into(),
        role: Role::ProjectLead,
    };
    let assistant = Actor {
        name: "Nadia Benali".into(),
        role: Role::Assistant,
    };
    let start = Instant::now();
    territory::setup(
        &mut conn,
        &SetupInput {
            unit_name: "Mission lutte contre les discriminations".into(),
            epci_siren: AMP_SIREN.into(),
            first_year: first.to_string(),
            user_name: lead.name.clone(),
            user_role: lead.role.code().into(),
        },
        day(first, 10),
        at(day(first, 10)),
    )?;
    let mut rng = Seeded(2007);
    partners_once(&mut conn, &assistant, day(first, 20))?;
    let organisations = organisations_once(&mut conn, &assistant, day(first, 20), &mut rng)?;
    for year in first..=LAST_YEAR {
        let today = if year == LAST_YEAR {
            NaiveDate::from_ymd_opt(year, 12, 1).unwrap_or_default()
        } else {
            day(year, 360)
        };
        sessions(&mut conn, &assistant, year, today, &mut rng)?;
        events::load_demo(&mut conn, &assistant, today, at(today))?;
        grants(&mut conn, &lead, year, today, &organisations, &mut rng)?;
        operations(&mut conn, &lead, year, today, &mut rng)?;
        eprintln!("{year} written ({:.0?})", start.elapsed());
    }
    let entries: i64 = conn.query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))?;
    println!(
        "{path}: {years} years, {entries} journal entries, written in {:.0?}",
        start.elapsed()
    );
    Ok(())
}

fn at(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(9, 0, 0).unwrap_or_default())
}

fn partners_once(
    conn: &mut rusqlite::Connection,
    who: &Actor,
    today: NaiveDate,
) -> Result<(), Error> {
    for i in 0..PARTNERS {
        partners::create_partner(
            conn,
            who,
            at(today),
            &PartnerInput {
                name: format!("Partenaire {i:03}"),
                kind: ["association", "commune", "state_service", "network"][i % 4].into(),
                notes: "Partenaire de longue date.".into(),
                contacts: vec![PartnerContactInput {
                    name: format!("Contact {i:03}"),
                    role: "Chargé·e de mission".into(),
                    email: format!("contact{i:03}@exemple.fr"),
                    phone: String::new(),
                }],
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

fn organisations_once(
    conn: &mut rusqlite::Connection,
    who: &Actor,
    today: NaiveDate,
    rng: &mut Seeded,
) -> Result<Vec<i64>, Error> {
    let mut ids = Vec::new();
    for i in 0..ORGANISATIONS {
        let o = fund::create_organisation(
            conn,
            who,
            at(today),
            &OrganisationInput {
                name: format!("Association n° {i:03}"),
                kind: "association".into(),
                commune_insee: COMMUNES[rng.below(COMMUNES.len())].into(),
                contact_name: format!("Responsable {i:03}"),
                ..Default::default()
            },
        )?;
        ids.push(o.id);
    }
    Ok(ids)
}

fn sessions(
    conn: &mut rusqlite::Connection,
    who: &Actor,
    year: i32,
    today: NaiveDate,
    rng: &mut Seeded,
) -> Result<(), Error> {
    let days = today.ordinal() as usize;
    for i in 0..SESSIONS {
        let d = fr(day(year, 1 + rng.below(days)));
        let women = 4 + rng.below(10);
        let men = 2 + rng.below(8);
        trainings::create(
            conn,
            who,
            today,
            at(today),
            &TrainingInput {
                title: format!("{} ({i})", TITLES[i % TITLES.len()]),
                theme: "Cadre juridique".into(),
                audience: AUDIENCES[i % AUDIENCES.len()].into(),
                trainer: "Défenseur des droits".into(),
                format: if i % 5 == 0 { "remote" } else { "in_person" }.into(),
                first_day: d.clone(),
                last_day: d,
                hours: ["3,5", "7"][i % 2].into(),
                venue: "Salle du conseil".into(),
                commune_insee: COMMUNES[rng.below(COMMUNES.len())].into(),
                capacity: "25".into(),
                registered: (women + men).to_string(),
                attended_women: women.to_string(),
                attended_men: men.to_string(),
                attended_unstated: "0".into(),
                planned_cost: "900".into(),
                actual_cost: (500 + rng.below(800)).to_string(),
                status: "held".into(),
                cancel_reason: String::new(),
                satisfaction: "4,2".into(),
                notes: String::new(),
            },
        )?;
    }
    Ok(())
}

fn step(
    conn: &mut rusqlite::Connection,
    who: &Actor,
    today: NaiveDate,
    id: i64,
    action: StepAction,
    on: NaiveDate,
    amount: &str,
) -> Result<(), Error> {
    fund::step(
        conn,
        who,
        today,
        at(today),
        id,
        &StepInput {
            action,
            date: fr(on),
            amount: amount.into(),
            reference: if matches!(action, StepAction::Grant | StepAction::Refuse) {
                format!("DEL-{}-{id}", on.year())
            } else {
                String::new()
            },
            text: if action == StepAction::Refuse {
                "Projet hors des priorités de l’appel.".into()
            } else {
                String::new()
            },
            confirm_over_budget: true,
        },
    )?;
    Ok(())
}

/// The year's call and its applications, each taken through its life:
/// received, complete, reviewed, granted (its agreement signed) or refused,
/// paid, reported, closed
/// (the last year's stop at their tranche: their projects run).
fn grants(
    conn: &mut rusqlite::Connection,
    who: &Actor,
    year: i32,
    today: NaiveDate,
    organisations: &[i64],
    rng: &mut Seeded,
) -> Result<(), Error> {
    let mut input = CallInput::with_defaults(year);
    input.envelope = "5 000 000".into();
    let call = fund::create_call(conn, who, at(day(year, 5)), &input)?;
    let call = fund::get_call(conn, call.id)?;
    for i in 0..APPLICATIONS {
        let requested = 1_000 + 100 * rng.below(40);
        let id = fund::create_application(
            conn,
            who,
            at(today),
            &ApplicationInput {
                call_id: call.id.to_string(),
                organisation_id: organisations[rng.below(organisations.len())].to_string(),
                title: format!("Projet {year}-{i:04}"),
                summary: "Ateliers d’accès aux droits et sensibilisation.".into(),
                public_concerned: "Habitant·es".into(),
                priority_neighbourhoods: i % 3 == 0,
                communes: vec![COMMUNES[rng.below(COMMUNES.len())].into()],
                starts_on: fr(day(year, 120)),
                ends_on: fr(day(year, 330)),
                total_budget: (requested * 3).to_string(),
                requested: requested.to_string(),
                grant_share: "100".into(),
                cofunders: Vec::new(),
                indicators: Vec::new(),
            },
        )?;
        step(conn, who, today, id, StepAction::Receive, day(year, 60), "")?;
        for d in &call.documents {
            fund::set_document(conn, who, today, at(today), id, d.id, &fr(day(year, 60)))?;
        }
        step(
            conn,
            who,
            today,
            id,
            StepAction::MarkComplete,
            day(year, 75),
            "",
        )?;
        step(
            conn,
            who,
            today,
            id,
            StepAction::StartReview,
            day(year, 80),
            "",
        )?;
        let scores = call
            .criteria
            .iter()
            .map(|c| ScoreInput {
                criterion_id: c.id,
                score: rng.below(6).to_string(),
            })
            .collect();
        fund::save_review(
            conn,
            who,
            at(today),
            id,
            &ReviewInput {
                scores,
                notes: String::new(),
            },
        )?;
        if i % 10 == 9 {
            step(conn, who, today, id, StepAction::Refuse, day(year, 120), "")?;
            continue;
        }
        let granted = requested - 500;
        step(
            conn,
            who,
            today,
            id,
            StepAction::Grant,
            day(year, 120),
            &granted.to_string(),
        )?;
        step(
            conn,
            who,
            today,
            id,
            StepAction::SignAgreement,
            day(year, 135),
            "",
        )?;
        fund::add_payment(
            conn,
            who,
            today,
            at(today),
            id,
            &PaymentInput {
                planned_on: fr(day(year, 150)),
                amount: granted.to_string(),
                paid_on: fr(day(year, 155)),
            },
        )?;
        if year < LAST_YEAR {
            step(
                conn,
                who,
                today,
                id,
                StepAction::ReceiveReport,
                day(year, 340),
                "",
            )?;
            step(conn, who, today, id, StepAction::Close, day(year, 345), "")?;
        }
    }
    Ok(())
}

/// The year's budget: its lines, then commitments and their payments.
fn operations(
    conn: &mut rusqlite::Connection,
    who: &Actor,
    year: i32,
    today: NaiveDate,
    rng: &mut Seeded,
) -> Result<(), Error> {
    let b = budget::create_budget(
        conn,
        who,
        at(day(year, 5)),
        &BudgetInput {
            year: year.to_string(),
            planned_fte: "2".into(),
            notes: String::new(),
        },
    )?;
    let lines = budget::lines(conn, b.id)?;
    for l in &lines {
        budget::update_line(
            conn,
            who,
            at(day(year, 5)),
            l.id,
            &LineInput {
                budget_id: b.id,
                label: l.label.clone(),
                kind: l.kind.code().into(),
                nature: l.nature.code().into(),
                initial: "10 000 000".into(),
            },
        )?;
    }
    let days = today.ordinal() as usize;
    for i in 0..OPERATIONS {
        let line = &lines[i % lines.len()];
        let committed = day(year, 1 + rng.below(days.saturating_sub(10).max(1)));
        let amount = 100 + 10 * rng.below(300);
        let c = budget::create_commitment(
            conn,
            who,
            at(today),
            &CommitmentInput {
                line_id: line.id,
                day: fr(committed),
                object: format!("Prestation {i}"),
                party: format!("Fournisseur {}", rng.below(80)),
                amount: amount.to_string(),
                reference: format!("EJ-{year}-{i:04}"),
                confirm_over_commit: true,
            },
        )?;
        budget::create_payment(
            conn,
            who,
            at(today),
            &BudgetPaymentInput {
                commitment_id: c.id,
                day: fr(committed + chrono::Duration::days(7)),
                // Nine in ten paid in full; one in ten partly, left open
                // and carried into every later year (restes à réaliser).
                amount: if i % 10 == 9 { amount * 8 / 10 } else { amount }.to_string(),
                reference: format!("M-{year}-{i:04}"),
            },
        )?;
    }
    Ok(())
}
