//! Times the annual budget summary (PDF) for a year of 5 000 operations:
//! 2 500 commitments and 2 500 payments spread over the seven lines.
//!
//! Run in a release build: `cargo run --release --example budget_summary_bench`.

use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use plan_lcd::budget::{self, BudgetInput, BudgetPaymentInput, CommitmentInput, LineInput};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::store;
use plan_lcd::territory::{self, SetupInput, AMP_SIREN};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).ok_or("date")?;
    let now = Utc
        .with_ymd_and_hms(2026, 12, 31, 9, 0, 0)
        .single()
        .ok_or("time")?;
    let lead = Actor {
        name: "Camille Martin".into(),
        role: Role::ProjectLead,
    };
    let mut conn = store::open_in_memory()?;
    territory::setup(
        &mut conn,
        &SetupInput {
            unit_name: "Mission LCD".into(),
            epci_siren: AMP_SIREN.into(),
            first_year: "2026".into(),
            user_name: lead.name.clone(),
            user_role: "project_lead".into(),
        },
        today,
        now,
    )?;
    let b = budget::create_budget(
        &mut conn,
        &lead,
        now,
        &BudgetInput {
            year: "2026".into(),
            planned_fte: "2".into(),
            notes: String::new(),
        },
    )?;
    let lines = budget::lines(&conn, b.id)?;
    for l in &lines {
        budget::update_line(
            &mut conn,
            &lead,
            now,
            l.id,
            &LineInput {
                budget_id: b.id,
                label: l.label.clone(),
                kind: l.kind.code().into(),
                nature: l.nature.code().into(),
                initial: "1000000".into(),
            },
        )?;
    }
    for i in 0..2_500 {
        let line = &lines[i % lines.len()];
        let day = format!("{:02}/{:02}/2026", 1 + i % 28, 1 + i % 12);
        let c = budget::create_commitment(
            &mut conn,
            &lead,
            now,
            &CommitmentInput {
                line_id: line.id,
                day: day.clone(),
                object: format!("Engagement {i}"),
                party: "Fournisseur".into(),
                amount: "100".into(),
                reference: format!("EJ-{i}"),
                confirm_over_commit: false,
            },
        )?;
        budget::create_payment(
            &mut conn,
            &lead,
            now,
            &BudgetPaymentInput {
                commitment_id: c.id,
                day,
                amount: "60".into(),
                reference: format!("M-{i}"),
            },
        )?;
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("synthese.pdf");
    // The first rendering loads the fonts; the figure is the median of the next runs.
    budget::summary_pdf(&conn, 2026, &lead.name, today, &path)?;
    let mut times = Vec::new();
    for _ in 0..9 {
        let start = Instant::now();
        budget::summary_pdf(&conn, 2026, &lead.name, today, &path)?;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "summary PDF of a year of 5 000 operations: median {:?}, min {:?}, max {:?}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    Ok(())
}
