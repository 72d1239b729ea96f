//! Shared fixtures of the fund's tests: a set-up database with one 2026 call
//! (envelope 50 000 €, open 01/01–31/03/2026, the default criteria and
//! documents), organisations, applications, and steps taken by the right person.

use plan_lcd::fund::{
    self, ApplicationInput, CallInput, OrganisationInput, PaymentInput, Stage, StepInput,
};
use plan_lcd::rights::Actor;
use plan_lcd::Result;
use rusqlite::Connection;

use crate::util::{amp_db, assistant, now, today};

pub use crate::util::lead;

pub fn call_input() -> CallInput {
    let mut c = CallInput::with_defaults(2026);
    c.envelope = "50 000".into();
    c.opens_on = "01/01/2026".into();
    c.closes_on = "31/03/2026".into();
    c
}

/// A database with the territory and the 2026 call; returns it with the call's id.
pub fn fund_db() -> (Connection, i64) {
    let mut conn = amp_db();
    let call = fund::create_call(&mut conn, &lead(), now(), &call_input()).expect("a valid call");
    (conn, call.id)
}

pub fn org_input(name: &str, kind: &str) -> OrganisationInput {
    OrganisationInput {
        name: name.into(),
        kind: kind.into(),
        ..Default::default()
    }
}

pub fn org(conn: &mut Connection, name: &str, kind: &str) -> i64 {
    fund::create_organisation(conn, &assistant(), now(), &org_input(name, kind))
        .expect("a valid organisation")
        .id
}

pub fn app_input(call: i64, org: i64, requested: &str, total: &str) -> ApplicationInput {
    ApplicationInput {
        call_id: call.to_string(),
        organisation_id: org.to_string(),
        title: "Ateliers d’accès aux droits".into(),
        summary: String::new(),
        public_concerned: "Habitant·es".into(),
        priority_neighbourhoods: true,
        communes: vec!["13055".into()],
        starts_on: "01/04/2026".into(),
        ends_on: "30/11/2026".into(),
        total_budget: total.into(),
        requested: requested.into(),
        grant_share: "100".into(),
        cofunders: Vec::new(),
        indicators: Vec::new(),
    }
}

pub fn app(conn: &mut Connection, call: i64, org: i64, requested: &str) -> i64 {
    fund::create_application(
        conn,
        &assistant(),
        now(),
        &app_input(call, org, requested, "100 000"),
    )
    .expect("a valid application")
}

/// One step as `actor` would take it.
pub fn take_as(
    conn: &mut Connection,
    actor: &Actor,
    id: i64,
    action: &str,
    date: &str,
    amount: &str,
    text: &str,
) -> Result<Stage> {
    fund::step(
        conn,
        actor,
        today(),
        now(),
        id,
        &StepInput {
            action: fund::StepAction::from_code(action).expect("a step action"),
            date: date.into(),
            amount: amount.into(),
            reference: String::new(),
            text: text.into(),
            confirm_over_budget: false,
        },
    )
}

/// A step by the project lead, who may take every step.
pub fn take(conn: &mut Connection, id: i64, action: &str, date: &str) -> Result<Stage> {
    take_as(conn, &lead(), id, action, date, "", "")
}

pub fn tick_all(conn: &mut Connection, id: i64, date: &str) {
    let view = fund::get_application(conn, id, today()).unwrap();
    for doc in view.documents {
        fund::set_document(
            conn,
            &assistant(),
            today(),
            now(),
            id,
            doc.document_id,
            date,
        )
        .unwrap();
    }
}

/// Receipt on 15/02/2026, every document, complete, under review on 01/03/2026.
pub fn to_review(conn: &mut Connection, id: i64) {
    take(conn, id, "receive", "15/02/2026").unwrap();
    tick_all(conn, id, "15/02/2026");
    take(conn, id, "mark_complete", "20/02/2026").unwrap();
    take(conn, id, "start_review", "01/03/2026").unwrap();
}

pub fn grant(conn: &mut Connection, id: i64, amount: &str) -> Result<Stage> {
    take_as(conn, &lead(), id, "grant", "10/04/2026", amount, "")
}

pub fn payment(planned: &str, amount: &str, paid: &str) -> PaymentInput {
    PaymentInput {
        planned_on: planned.into(),
        amount: amount.into(),
        paid_on: paid.into(),
    }
}

/// A tranche entered by the assistant: planned on `planned`, paid on `paid`
/// (empty: only planned).
pub fn pay(conn: &mut Connection, id: i64, planned: &str, amount: &str, paid: &str) -> Result<i64> {
    fund::add_payment(
        conn,
        &assistant(),
        today(),
        now(),
        id,
        &payment(planned, amount, paid),
    )
}

pub fn stage_of(conn: &Connection, id: i64) -> Stage {
    fund::get_application(conn, id, today()).unwrap().row.stage
}

/// The field errors of an `Invalid`, or a panic naming what came instead.
pub fn field(err: plan_lcd::Error, name: &str) -> String {
    match err {
        plan_lcd::Error::Invalid(f) => f
            .get(name)
            .unwrap_or_else(|| panic!("no message for {name}: {f:?}"))
            .to_string(),
        other => panic!("expected a field error on {name}, got {other:?}"),
    }
}

pub fn refused(err: plan_lcd::Error) -> String {
    match err {
        plan_lcd::Error::Refused(m) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}
