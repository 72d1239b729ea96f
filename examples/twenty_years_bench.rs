//! Measures the app's start-up phases, lists, pages, views, PDF and saves on
//! a file `examples/twenty_years.rs` wrote, and prints p50 and p95 of each
//! (milliseconds). The file is copied first: the saves measured do not
//! change it.
//!
//! `cargo run --release --example twenty_years_bench -- FILE [RUNS]`
//! (RUNS: 30 by default). Figures, with the machine they were taken on:
//! docs/PERFORMANCE.md.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use plan_lcd::audit::reading::{self, JournalCursor, JournalFilter, JournalQuery};
use plan_lcd::budget::{self, CommitmentInput};
use plan_lcd::rights::{Actor, Role};
use plan_lcd::trainings::{self, TrainingInput};
use plan_lcd::{backup, fund, partners, plan, store, territory};

type Error = Box<dyn std::error::Error>;

/// p50 and p95 of `runs` runs of `f`, in milliseconds.
fn measure(
    what: &str,
    runs: usize,
    mut f: impl FnMut(usize) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for i in 0..runs {
        let start = Instant::now();
        f(i)?;
        times.push(start.elapsed());
    }
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "{what:<44} p50 {:>8.2} ms   p95 {:>8.2} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3
    );
    Ok(())
}

fn once(what: &str, f: impl FnOnce() -> Result<(), Error>) -> Result<(), Error> {
    let start = Instant::now();
    f()?;
    println!("{what:<44} {:>8.2} ms", start.elapsed().as_secs_f64() * 1e3);
    Ok(())
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let source = args.next().ok_or("usage: twenty_years_bench FILE [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(30), |r| r.parse())?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("plan.sqlite3");
    std::fs::copy(&source, &path)?;
    let size = std::fs::metadata(&path)?.len();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).ok_or("date")?;
    let now = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .ok_or("time")?;
    let lead = Actor {
        name: "Camille Martin".into(),
        role: Role::ProjectLead,
    };

    println!("file {source}: {:.0} MB", size as f64 / 1e6);
    // Start-up, in the order the app takes these steps: before the window,
    // the file opens and its schema reads; the home page shows; beside the
    // window, the full check, then the day's copy; the first save (the
    // profile chosen) waits for the check's verdict.
    once("start: the file opens, its schema reads", || {
        assert!(backup::opens_for_a_later_check(&path));
        Ok(())
    })?;
    let mut conn = None;
    once("start: open and migrate", || {
        conn = Some(store::open(&path)?);
        Ok(())
    })?;
    let mut conn = conn.ok_or("open")?;
    once("start: home page's figures", || {
        plan::dashboard(&conn, 2026, today)?;
        Ok(())
    })?;
    once("beside the window: integrity check (quick_check)", || {
        assert!(backup::is_sound(&path));
        Ok(())
    })?;
    once("beside the window: the day's copy", || {
        backup::daily(&conn, &dir.path().join("copies"), today)?;
        Ok(())
    })?;
    once("start: profile chosen (a save)", || {
        territory::switch_actor(&mut conn, &lead.name, Some(lead.role), now)?;
        Ok(())
    })?;
    once("check: the journal (audit::verify)", || {
        let report = plan_lcd::audit::verify(&conn)?;
        assert!(report.is_ok(), "{report:?}");
        Ok(())
    })?;
    if let Ok(journal) = conn.query_row(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'audit_%'",
        [],
        |r| r.get::<_, i64>(0),
    ) {
        println!(
            "journal share of the file: {:.0} %",
            journal as f64 * 100.0 / size as f64
        );
    }

    println!("-- views, {runs} runs each");
    measure("home page (plan dashboard 2026)", runs, |_| {
        plan::dashboard(&conn, 2026, today)
            .map(drop)
            .map_err(Into::into)
    })?;
    measure("call list", runs, |_| {
        fund::list_calls(&conn).map(drop).map_err(Into::into)
    })?;
    measure("budget view 2026", runs, |_| {
        budget::budget_view(&conn, 2026, today)
            .map(drop)
            .map_err(Into::into)
    })?;
    measure("year comparison 2026", runs, |_| {
        budget::year_comparison(&conn, 2026, today)
            .map(drop)
            .map_err(Into::into)
    })?;
    measure("reminders", runs, |_| {
        partners::reminders(&conn, today)
            .map(drop)
            .map_err(Into::into)
    })?;
    let query = |kind: Option<&str>, page: u32, from: Option<JournalCursor>| JournalQuery {
        filter: JournalFilter {
            record_kind: kind.map(Into::into),
            actor_name: None,
        },
        page,
        page_size: 25,
        from,
    };
    let first = reading::page(&conn, &query(None, 1, None))?;
    measure("journal: first page", runs, |_| {
        reading::page(&conn, &query(None, 1, None))
            .map(drop)
            .map_err(Into::into)
    })?;
    measure("journal: filtered (sessions), first page", runs, |_| {
        reading::page(&conn, &query(Some("training_session"), 1, None))
            .map(drop)
            .map_err(Into::into)
    })?;
    measure("journal: last page", runs, |_| {
        reading::page(&conn, &query(None, first.page_count, None))
            .map(drop)
            .map_err(Into::into)
    })?;
    let cursor = JournalCursor {
        page: 1,
        first_id: first.items.first().map_or(0, |l| l.id),
        last_id: first.items.last().map_or(0, |l| l.id),
    };
    measure("journal: next page, from the one shown", runs, |_| {
        reading::page(&conn, &query(None, 2, Some(cursor)))
            .map(drop)
            .map_err(Into::into)
    })?;
    let pdf = dir.path().join("synthese.pdf");
    budget::summary_pdf(&conn, 2026, &lead.name, today, &pdf)?;
    measure("budget summary PDF 2026", runs.min(10), |_| {
        budget::summary_pdf(&conn, 2026, &lead.name, today, &pdf).map_err(Into::into)
    })?;

    println!("-- saves, {runs} runs each");
    let line = budget::budget_view(&conn, 2026, today)?
        .and_then(|v| v.lines.first().map(|l| l.line.id))
        .ok_or("no budget line in 2026")?;
    measure("save: a training session", runs, |i| {
        let mut s = session();
        s.title = format!("Session mesurée {i}");
        trainings::create(&mut conn, &lead, today, now, &s)
            .map(drop)
            .map_err(Into::into)
    })?;
    measure("save: a commitment", runs, |i| {
        budget::create_commitment(
            &mut conn,
            &lead,
            now,
            &CommitmentInput {
                line_id: line,
                day: "20/11/2026".into(),
                object: format!("Mesure {i}"),
                party: "Fournisseur".into(),
                amount: "10".into(),
                reference: format!("EJ-MESURE-{i}"),
                confirm_over_commit: true,
            },
        )
        .map(drop)
        .map_err(Into::into)
    })?;
    measure("save: the profile chosen at start", runs, |i| {
        let at = now + chrono::Duration::seconds(i as i64 + 1);
        territory::switch_actor(&mut conn, &lead.name, Some(lead.role), at)
            .map(drop)
            .map_err(Into::into)
    })?;
    drop(conn);
    let _ = Path::new(&source);
    Ok(())
}

fn session() -> TrainingInput {
    TrainingInput {
        title: String::new(),
        theme: "Cadre juridique".into(),
        audience: "own_agents".into(),
        trainer: "Défenseur des droits".into(),
        format: "in_person".into(),
        first_day: "20/11/2026".into(),
        last_day: "20/11/2026".into(),
        hours: "7".into(),
        venue: "Salle du conseil".into(),
        commune_insee: "13055".into(),
        capacity: "20".into(),
        registered: "12".into(),
        attended_women: "7".into(),
        attended_men: "5".into(),
        attended_unstated: "0".into(),
        planned_cost: "900".into(),
        actual_cost: "850".into(),
        status: "held".into(),
        cancel_reason: String::new(),
        satisfaction: "4".into(),
        notes: String::new(),
    }
}
