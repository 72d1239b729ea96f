//! The demo year's budget (seed 004): 60 000 € split across the default
//! lines, a few commitments and payments, the forecast's rise from N+2, and
//! the plan's 2 FTE under the head of the social-cohesion service.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::Connection;

use super::*;
use crate::error::Result;
use crate::rights::Actor;

pub fn load_demo(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let year = today.year();
    let budget = create_budget(
        conn,
        actor,
        now,
        &BudgetInput {
            year: year.to_string(),
            planned_fte: "2".into(),
            notes: "Budget de la première année du plan : 60 000 €, en hausse à partir de N+2."
                .into(),
        },
    )?;
    // The plan's rise from N+2, which the seed does not quantify: 10 % here.
    set_forecast_increase(
        conn,
        actor,
        now,
        &ForecastInput {
            increase: "6000".into(),
        },
    )?;
    // 60 000 € across the lines, as the plan's first year foresees.
    let split = [
        (LineKind::Trainings, "12000"),
        (LineKind::Events, "10000"),
        (LineKind::Studies, "5000"),
        (LineKind::Fund, "25000"),
        (LineKind::Platform, "3000"),
        (LineKind::Communication, "4000"),
        (LineKind::Other, "1000"),
    ];
    let all = lines(conn, budget.id)?;
    for (kind, amount) in split {
        if let Some(line) = all.iter().find(|l| l.kind == kind) {
            update_line(
                conn,
                actor,
                now,
                line.id,
                &LineInput {
                    budget_id: budget.id,
                    label: line.label.clone(),
                    kind: kind.code().into(),
                    nature: line.nature.code().into(),
                    initial: amount.into(),
                },
            )?;
        }
    }
    // The assembly voted the initial budget in December of the year before.
    vote_budget(
        conn,
        actor,
        now,
        budget.id,
        &VoteInput {
            day: format!("15/12/{}", year - 1),
        },
    )?;
    let line_of = |kind: LineKind| {
        all.iter()
            .find(|l| l.kind == kind)
            .map(|l| l.id)
            .unwrap_or(0)
    };
    let date = |m: u32, d: u32| {
        NaiveDate::from_ymd_opt(year, m, d)
            .map(|d| d.min(today))
            .map(crate::input::format_date_fr)
            .unwrap_or_default()
    };
    add_amendment(
        conn,
        actor,
        now,
        &AmendmentInput {
            line_id: line_of(LineKind::Studies),
            day: date(3, 20),
            direction: "decrease".into(),
            amount: "1000".into(),
            reason: "Décision modificative n° 1 : étude de l’offre réduite".into(),
        },
    )?;
    add_amendment(
        conn,
        actor,
        now,
        &AmendmentInput {
            line_id: line_of(LineKind::Platform),
            day: date(3, 20),
            direction: "increase".into(),
            amount: "1000".into(),
            reason: "Décision modificative n° 1 : outils de la plateforme ressources".into(),
        },
    )?;
    // The fund's call, the week and the trainings of the demo year cost more
    // than the first split foresaw: a second decision raises their lines to
    // what they received, rounded up to the hundred euros.
    for kind in [
        LineKind::Trainings,
        LineKind::Events,
        LineKind::Fund,
        LineKind::Communication,
    ] {
        let f = line_figures(conn, line_of(kind), today)?;
        if f.available_cents < 0 {
            let raise = (-f.available_cents + 9_999) / 10_000 * 100;
            add_amendment(
                conn,
                actor,
                now,
                &AmendmentInput {
                    line_id: line_of(kind),
                    day: date(6, 30),
                    direction: "increase".into(),
                    amount: raise.to_string(),
                    reason: "Décision modificative n° 2 : crédits ajustés aux actions réalisées"
                        .into(),
                },
            )?;
        }
    }
    let commitments = [
        (
            LineKind::Studies,
            date(2, 10),
            "État des lieux de l’offre et veille stratégique",
            "Cabinet Territoires & Égalité",
            "3200",
            "EJ-2026-014",
            "1600",
        ),
        (
            LineKind::Platform,
            date(2, 24),
            "Conception de la plateforme ressources",
            "Atelier numérique du Sud",
            "2500",
            "EJ-2026-021",
            "2500",
        ),
        (
            LineKind::Other,
            date(4, 2),
            "Guide de bonnes pratiques : mise en page et impression",
            "Imprimerie du Vieux-Port",
            "850",
            "EJ-2026-037",
            "",
        ),
    ];
    for (kind, day, object, party, amount, reference, paid) in commitments {
        let c = create_commitment(
            conn,
            actor,
            now,
            &CommitmentInput {
                line_id: line_of(kind),
                day: day.clone(),
                object: object.into(),
                party: party.into(),
                amount: amount.into(),
                reference: reference.into(),
                confirm_over_commit: false,
            },
        )?;
        if !paid.is_empty() {
            create_payment(
                conn,
                actor,
                now,
                &BudgetPaymentInput {
                    commitment_id: c.id,
                    day,
                    amount: paid.into(),
                    reference: format!("M-{}", c.id),
                },
            )?;
        }
    }
    let start = format!("01/01/{year}");
    for (title, person, share) in [
        ("Chef·fe de projet PMLCD", "Camille Martin", "1"),
        ("Assistant·e administratif·ve", "Nadia Benali", "1"),
        ("Chef·fe de service cohésion sociale", "", "0,1"),
    ] {
        create_position(
            conn,
            actor,
            now,
            &PositionInput {
                title: title.into(),
                person: person.into(),
                fte: "1".into(),
                plan_share: share.into(),
                start_day: start.clone(),
                end_day: String::new(),
                yearly_cost: String::new(),
            },
        )?;
    }
    Ok(())
}
