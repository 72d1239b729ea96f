//! The budget and FTE: every rule on its boundary, a hand-computed year
//! (seed 004's 60 000 € fed by a grant of the fund and a training), the
//! summary PDF read back with `pdftotext`, the spreadsheet read back, and the
//! proration of FTE over dates.

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use plan_lcd::budget::{
    self, AmendmentInput, BudgetInput, BudgetPaymentInput, CommitmentInput, LineInput, LineKind,
    PositionInput,
};
use plan_lcd::export::SheetFormat;
use plan_lcd::rights::{Actor, Role};
use plan_lcd::{fund, trainings, Error};
use rusqlite::Connection;

use crate::fund_fixtures::{self, app, fund_db, grant, org, to_review};
use crate::util::{amp_db, assistant, held, lead, now, today};

fn manager() -> Actor {
    Actor {
        name: "Claire Dupuis".into(),
        role: Role::Manager,
    }
}

fn field_error(r: plan_lcd::Result<impl std::fmt::Debug>, field: &str) -> String {
    match r {
        Err(Error::Invalid(f)) => f
            .get(field)
            .unwrap_or_else(|| panic!("no error on {field}: {f:?}"))
            .to_string(),
        other => panic!("expected a field error on {field}, got {other:?}"),
    }
}

/// Creates the 2026 budget with seed 004's split of 60 000 € and returns
/// its id and a function giving a line's id by kind.
pub fn budget_2026(conn: &mut Connection) -> (i64, Vec<(LineKind, i64)>) {
    let b = budget::create_budget(
        conn,
        &lead(),
        now(),
        &BudgetInput {
            year: "2026".into(),
            planned_fte: "2".into(),
            notes: String::new(),
        },
    )
    .expect("a valid budget");
    let split = [
        (LineKind::Trainings, "12 000"),
        (LineKind::Events, "10 000"),
        (LineKind::Studies, "5 000"),
        (LineKind::Fund, "25 000"),
        (LineKind::Platform, "3 000"),
        (LineKind::Communication, "4 000"),
        (LineKind::Other, "1 000"),
    ];
    let lines = budget::lines(conn, b.id).unwrap();
    assert_eq!(lines.len(), 7, "the seven default lines are created");
    for (kind, amount) in split {
        let l = lines.iter().find(|l| l.kind == kind).unwrap();
        budget::update_line(
            conn,
            &lead(),
            now(),
            l.id,
            &LineInput {
                budget_id: b.id,
                label: l.label.clone(),
                kind: kind.code().into(),
                nature: l.nature.code().into(),
                initial: amount.into(),
            },
        )
        .unwrap();
    }
    budget::vote_budget(
        conn,
        &lead(),
        now(),
        b.id,
        &budget::VoteInput {
            day: "15/12/2025".into(),
        },
    )
    .expect("the vote of the budget");
    (b.id, lines.iter().map(|l| (l.kind, l.id)).collect())
}

fn line(ids: &[(LineKind, i64)], kind: LineKind) -> i64 {
    ids.iter().find(|(k, _)| *k == kind).unwrap().1
}

fn commitment(line_id: i64, amount: &str) -> CommitmentInput {
    CommitmentInput {
        line_id,
        day: "10/02/2026".into(),
        object: "État des lieux de l’offre".into(),
        party: "Cabinet Territoires".into(),
        amount: amount.into(),
        reference: "EJ-1".into(),
        confirm_over_commit: false,
    }
}

fn amendment(line_id: i64, direction: &str, amount: &str) -> AmendmentInput {
    AmendmentInput {
        line_id,
        day: "20/03/2026".into(),
        direction: direction.into(),
        amount: amount.into(),
        reason: "Décision modificative n° 1".into(),
    }
}

fn pay(commitment_id: i64, amount: &str) -> BudgetPaymentInput {
    BudgetPaymentInput {
        commitment_id,
        day: "15/03/2026".into(),
        amount: amount.into(),
        reference: "M-1".into(),
    }
}

#[test]
fn a_commitment_up_to_the_available_passes_one_cent_more_needs_confirmation() {
    let mut conn = amp_db();
    let (_, ids) = budget_2026(&mut conn);
    let studies = line(&ids, LineKind::Studies);
    budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(studies, "4 000"),
    )
    .expect("within the line");
    budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(studies, "1 000"),
    )
    .expect("exactly the available: the line reaches zero");
    let msg = field_error(
        budget::create_commitment(&mut conn, &assistant(), now(), &commitment(studies, "0,01")),
        "amount",
    );
    assert!(msg.contains("Confirmer le dépassement"), "{msg}");
    assert_eq!(
        budget::line_figures(&conn, studies, today())
            .unwrap()
            .committed_cents,
        500_000,
        "a refused commitment saves nothing"
    );
    let mut confirmed = commitment(studies, "0,01");
    confirmed.confirm_over_commit = true;
    let c = budget::create_commitment(&mut conn, &assistant(), now(), &confirmed).unwrap();
    assert!(
        c.over_commit,
        "the confirmation is recorded on the commitment"
    );
    let view = budget::budget_view(&conn, 2026, today()).unwrap().unwrap();
    let l = view.lines.iter().find(|l| l.line.id == studies).unwrap();
    assert_eq!(l.figures.available_cents, -1);
    assert!(l.over_committed, "the summary shows the line in red");
}

#[test]
fn the_schema_refuses_an_over_commitment_without_its_flag() {
    let mut conn = amp_db();
    let (_, ids) = budget_2026(&mut conn);
    let r = conn.execute(
        "INSERT INTO budget_commitment (line_id, day, object, amount_cents, created_at, created_by,
            updated_at, updated_by) VALUES (?1, '2026-02-01', 'x', 500001, 'n', 'n', 'n', 'n')",
        [line(&ids, LineKind::Studies)],
    );
    assert!(r.is_err(), "the trigger holds the voted credits: {r:?}");
}

#[test]
fn a_payment_may_reach_what_is_left_to_pay_never_more() {
    let mut conn = amp_db();
    let (_, ids) = budget_2026(&mut conn);
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(line(&ids, LineKind::Studies), "3 200"),
    )
    .unwrap();
    budget::create_payment(&mut conn, &assistant(), now(), &pay(c.id, "1 600")).unwrap();
    let msg = field_error(
        budget::create_payment(&mut conn, &assistant(), now(), &pay(c.id, "1 600,01")),
        "amount",
    );
    assert!(
        msg.contains("1\u{202f}600,00"),
        "the message names what is left: {msg}"
    );
    budget::create_payment(&mut conn, &assistant(), now(), &pay(c.id, "1 600"))
        .expect("exactly what is left");
    let c = budget::get_commitment(&conn, c.id).unwrap();
    assert_eq!((c.paid_cents, c.left_to_pay_cents), (320_000, 0));
    let r = conn.execute(
        "INSERT INTO budget_payment (commitment_id, day, amount_cents, created_at, created_by)
         VALUES (?1, '2026-04-01', 1, 'n', 'n')",
        [c.id],
    );
    assert!(
        r.is_err(),
        "the trigger refuses a payment over the commitment"
    );
    let mut early = pay(c.id, "1");
    early.day = "09/02/2026".into();
    field_error(
        budget::create_payment(&mut conn, &assistant(), now(), &early),
        "day",
    );
}

#[test]
fn an_amendment_lowers_a_line_down_to_what_is_committed_not_below() {
    let mut conn = amp_db();
    let (_, ids) = budget_2026(&mut conn);
    let studies = line(&ids, LineKind::Studies);
    budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(studies, "3 200"),
    )
    .unwrap();
    field_error(
        budget::add_amendment(
            &mut conn,
            &lead(),
            now(),
            &amendment(studies, "decrease", "1 800,01"),
        ),
        "amount",
    );
    budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &amendment(studies, "decrease", "1 800"),
    )
    .expect("down to the committed amount exactly");
    let f = budget::line_figures(&conn, studies, today()).unwrap();
    assert_eq!((f.voted_cents, f.available_cents), (320_000, 0));
    let mut unexplained = amendment(studies, "increase", "100");
    unexplained.reason = "  ".into();
    field_error(
        budget::add_amendment(&mut conn, &lead(), now(), &unexplained),
        "reason",
    );
    let mut undated = amendment(studies, "increase", "100");
    undated.day = "01/01/2025".into();
    field_error(
        budget::add_amendment(&mut conn, &lead(), now(), &undated),
        "day",
    );
}

#[test]
fn voted_credits_are_decided_by_the_project_lead_only() {
    let mut conn = amp_db();
    let input = BudgetInput {
        year: "2026".into(),
        planned_fte: "2".into(),
        notes: String::new(),
    };
    assert!(matches!(
        budget::create_budget(&mut conn, &assistant(), now(), &input),
        Err(Error::Refused(_))
    ));
    let (_, ids) = budget_2026(&mut conn);
    assert!(matches!(
        budget::add_amendment(
            &mut conn,
            &assistant(),
            now(),
            &amendment(line(&ids, LineKind::Other), "increase", "10")
        ),
        Err(Error::Refused(_))
    ));
    assert!(
        matches!(
            budget::create_commitment(
                &mut conn,
                &manager(),
                now(),
                &commitment(line(&ids, LineKind::Other), "10")
            ),
            Err(Error::Refused(_))
        ),
        "the manager reads and prints, never enters"
    );
}

/// Seed 004's year by hand: 60 000 € voted (studies −1 000 €, platform
/// +1 000 €); a grant of 20 000 € of which 8 000 € paid; a training's actual
/// cost of 850,50 €; studies 3 200 € committed, 1 600 € paid; other 850 €
/// committed. Committed 24 900,50 €, paid 10 450,50 €, available
/// 35 099,50 €, left to pay 14 450 €, rate 17,4 %.
fn hand_computed() -> Connection {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let a = app(&mut conn, call, o, "20 000");
    to_review(&mut conn, a);
    grant(&mut conn, a, "20 000").unwrap();
    fund_fixtures::pay(&mut conn, a, "01/05/2026", "8 000", "02/05/2026").unwrap();
    trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    let (_, ids) = budget_2026(&mut conn);
    budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &amendment(line(&ids, LineKind::Studies), "decrease", "1 000"),
    )
    .unwrap();
    budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &amendment(line(&ids, LineKind::Platform), "increase", "1 000"),
    )
    .unwrap();
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(line(&ids, LineKind::Studies), "3 200"),
    )
    .unwrap();
    budget::create_payment(&mut conn, &assistant(), now(), &pay(c.id, "1 600")).unwrap();
    budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(line(&ids, LineKind::Other), "850"),
    )
    .unwrap();
    conn
}

#[test]
fn the_figures_of_a_hand_computed_year() {
    let conn = hand_computed();
    let view = budget::budget_view(&conn, 2026, today()).unwrap().unwrap();
    let t = view.total;
    assert_eq!(t.voted_cents, 6_000_000, "amendments balance out: 60 000 €");
    assert_eq!(t.committed_cents, 2_490_050);
    assert_eq!(t.paid_cents, 1_045_050);
    assert_eq!(t.available_cents, 3_509_950);
    assert_eq!(t.left_to_pay_cents, 1_445_000);
    assert_eq!(t.rate_permille, Some(174), "10 450,50 / 60 000 = 17,4 %");
    let fund_line = view
        .lines
        .iter()
        .find(|l| l.line.kind == LineKind::Fund)
        .unwrap();
    assert_eq!(
        (
            fund_line.figures.committed_cents,
            fund_line.figures.paid_cents
        ),
        (2_000_000, 800_000),
        "the grant is the fund line's commitment and its tranche its payment, without retyping"
    );
    let trainings_line = view
        .lines
        .iter()
        .find(|l| l.line.kind == LineKind::Trainings)
        .unwrap();
    assert_eq!(
        trainings_line.fed_paid_cents, 85_050,
        "the training's actual cost"
    );
    let sum: i64 = view.lines.iter().map(|l| l.figures.committed_cents).sum();
    assert_eq!(sum, t.committed_cents, "the lines add up to the total");
    assert!(view.lines.iter().all(|l| !l.over_committed));
}

pub(crate) fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a real PDF file");
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
fn the_summary_pdf_prints_the_same_totals_as_the_screens() {
    let conn = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthese.pdf");
    budget::summary_pdf(&conn, 2026, "Claire Dupuis", today(), &path).unwrap();
    let text = pdf_text(&path);
    assert!(text.contains("Synthèse budgétaire annuelle 2026"), "{text}");
    let total = text
        .lines()
        .find(|l| l.trim_start().starts_with("Total"))
        .expect("a total row");
    for figure in [
        "60 000,00 €",
        "24 900,50 €",
        "10 450,50 €",
        "35 099,50 €",
        "14 450,00 €",
        "17,4 %",
    ] {
        assert!(total.contains(figure), "{figure} in the total row: {total}");
    }
    assert!(text.contains("Imprimé le 15/06/2026 par Claire Dupuis"));
    assert!(text.contains("Page 1 /"), "pages are numbered");
    assert!(text.contains("Subventions accordées"), "the fund's part");
    assert!(
        text.contains("femmes 10, hommes 6"),
        "participants by sex: {text}"
    );
    assert!(matches!(
        budget::summary_pdf(&conn, 2031, "x", today(), &path),
        Err(Error::Refused(_))
    ));
}

#[test]
fn the_spreadsheet_totals_equal_the_core_figures() {
    let conn = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.xlsx");
    assert_eq!(
        budget::summary_sheet(&conn, 2026, today(), SheetFormat::Xlsx, &path).unwrap(),
        7
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range("Budget 2026").unwrap();
    let total = range.rows().last().unwrap();
    assert_eq!(total[0], Data::String("Total".into()));
    let euros = |c: &Data| match c {
        Data::Float(f) => (f * 100.0).round() as i64,
        other => panic!("a number, got {other:?}"),
    };
    let t = budget::budget_view(&conn, 2026, today())
        .unwrap()
        .unwrap()
        .total;
    assert_eq!(euros(&total[4]), t.voted_cents);
    assert_eq!(euros(&total[5]), t.committed_cents);
    assert_eq!(euros(&total[6]), t.paid_cents);
    assert_eq!(euros(&total[7]), t.available_cents);
    assert_eq!(euros(&total[8]), t.left_to_pay_cents);
    let csv = dir.path().join("engagements.csv");
    assert_eq!(
        budget::commitments_sheet(&conn, 2026, SheetFormat::Csv, &csv).unwrap(),
        2
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "UTF-8 with BOM for French spreadsheets"
    );
}

fn position(person: &str, fte: &str, share: &str, start: &str, end: &str) -> PositionInput {
    PositionInput {
        title: "Chef·fe de projet PMLCD".into(),
        person: person.into(),
        fte: fte.into(),
        plan_share: share.into(),
        start_day: start.into(),
        end_day: end.into(),
        yearly_cost: "45 000".into(),
    }
}

#[test]
fn fte_shares_lie_between_0_and_1_and_a_position_ends_after_it_starts() {
    let mut conn = amp_db();
    let ok = |conn: &mut Connection, p: PositionInput| {
        budget::create_position(conn, &assistant(), now(), &p)
    };
    ok(&mut conn, position("A", "1", "1", "01/01/2026", "")).expect("full time, all to the plan");
    ok(
        &mut conn,
        position("B", "0,01", "0", "01/01/2026", "02/01/2026"),
    )
    .expect("the smallest share, nothing to the plan, one day after the start");
    field_error(
        ok(&mut conn, position("C", "1,01", "1", "01/01/2026", "")),
        "fte",
    );
    field_error(
        ok(&mut conn, position("C", "0", "1", "01/01/2026", "")),
        "fte",
    );
    field_error(
        ok(&mut conn, position("C", "1", "1,01", "01/01/2026", "")),
        "plan_share",
    );
    field_error(
        ok(
            &mut conn,
            position("C", "1", "1", "01/01/2026", "01/01/2026"),
        ),
        "end_day",
    );
    assert_eq!(
        budget::positions(&conn).unwrap().len(),
        2,
        "refusals save nothing"
    );
    let r = conn.execute(
        "UPDATE staff_position SET fte_hundredths = 101 WHERE person = 'A'",
        [],
    );
    assert!(
        r.is_err(),
        "the schema refuses more than one FTE per position"
    );
}

#[test]
fn fte_is_prorated_by_dates_and_a_person_over_one_fte_is_flagged() {
    let mut conn = amp_db();
    let (_, _) = budget_2026(&mut conn);
    let mut p = |input: PositionInput| {
        budget::create_position(&mut conn, &assistant(), now(), &input).unwrap();
    };
    p(position("Camille Martin", "1", "1", "01/01/2026", ""));
    // Half time, half to the plan, from 1 July: 184 days of 365, 0,25 × 184 / 365 = 0,126.
    p(position("Nadia Benali", "0,5", "0,5", "01/07/2026", ""));
    // Held in 2025 only: not in 2026.
    p(position(
        "Ancien poste",
        "1",
        "1",
        "01/01/2025",
        "31/12/2025",
    ));
    // Camille also holds 0,2 FTE elsewhere from 1 October: 1,2 FTE.
    p(position(
        "camille martin ",
        "0,2",
        "0",
        "01/10/2026",
        "31/12/2026",
    ));
    let s = budget::staff_year(&conn, 2026).unwrap();
    assert_eq!(
        s.positions.len(),
        3,
        "the 2025 position is not held in 2026"
    );
    let nadia = s
        .positions
        .iter()
        .find(|p| p.position.person == "Nadia Benali")
        .unwrap();
    assert_eq!(nadia.days_held, 184);
    assert_eq!(nadia.plan_fte_hundredths, 13, "0,126 rounded to 0,13");
    assert_eq!(nadia.fte_hundredths, 25, "0,5 × 184 / 365 = 0,252");
    assert_eq!(s.plan_fte_hundredths, 113, "1 + 0,13 + 0");
    assert_eq!(s.planned_fte_hundredths, 200, "2 FTE planned in the seed");
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0].contains("01/10/2026") && s.warnings[0].contains("1,2 ETP"),
        "{:?}",
        s.warnings
    );
    let s25 = budget::staff_year(&conn, 2025).unwrap();
    assert!(s25.warnings.is_empty(), "one FTE exactly is no warning");
}

#[test]
fn the_demo_year_carries_seed_004s_budget_and_its_two_fte() {
    let mut conn = plan_lcd::store::open_in_memory().unwrap();
    plan_lcd::demo::load(&mut conn, today(), now()).unwrap();
    let view = budget::budget_view(&conn, 2026, today())
        .unwrap()
        .expect("the demo budget");
    assert_eq!(
        view.total.initial_cents, 6_000_000,
        "60 000 € the first year"
    );
    assert!(view.total.committed_cents > 0 && view.total.paid_cents > 0);
    assert!(
        view.lines.iter().all(|l| !l.over_committed),
        "the demo's amendments cover what the other modules feed"
    );
    let f = budget::forecast(&conn)
        .unwrap()
        .expect("the demo's forecast");
    assert_eq!(
        f.years.iter().map(|y| y.forecast_cents).collect::<Vec<_>>(),
        vec![6_000_000, 6_000_000, 6_600_000],
        "60 000 € for N and N+1, 66 000 € from N+2"
    );
    let s = budget::staff_year(&conn, 2026).unwrap();
    assert_eq!(s.planned_fte_hundredths, 200);
    assert_eq!(
        s.plan_fte_hundredths, 210,
        "2 FTE and a tenth of the head of service"
    );
}

/// The budget of `year` with every initial credit at zero but one line.
pub(crate) fn budget_of(conn: &mut Connection, year: i32, kind: LineKind, amount: &str) -> i64 {
    let b = budget::create_budget(
        conn,
        &lead(),
        now(),
        &BudgetInput {
            year: year.to_string(),
            planned_fte: "2".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    let l = budget::lines(conn, b.id)
        .unwrap()
        .into_iter()
        .find(|l| l.kind == kind)
        .unwrap();
    budget::update_line(
        conn,
        &lead(),
        now(),
        l.id,
        &LineInput {
            budget_id: b.id,
            label: l.label.clone(),
            kind: kind.code().into(),
            nature: l.nature.code().into(),
            initial: amount.into(),
        },
    )
    .unwrap();
    l.id
}

#[test]
fn a_commitment_is_corrected_with_the_same_rules_and_never_below_what_was_paid() {
    let mut conn = amp_db();
    let (_, ids) = budget_2026(&mut conn);
    let studies = line(&ids, LineKind::Studies);
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(studies, "3 000"),
    )
    .unwrap();
    budget::create_payment(&mut conn, &assistant(), now(), &pay(c.id, "1 000")).unwrap();

    // The form comes back as it was typed.
    let form = budget::commitment_form(&conn, c.id).unwrap();
    assert_eq!(form.amount, "3000");
    assert_eq!(form.day, "10/02/2026");

    // Raised up to the line's 5 000 €: the commitment's own 3 000 € count as available.
    let mut raised = commitment(studies, "5 000");
    raised.object = "État des lieux, volet 2".into();
    let c2 = budget::update_commitment(&mut conn, &assistant(), now(), c.id, &raised)
        .expect("the whole line");
    assert_eq!(c2.amount_cents, 500_000);
    assert_eq!(c2.object, "État des lieux, volet 2");
    assert_eq!(c2.paid_cents, 100_000, "the payment stays on it");
    let msg = field_error(
        budget::update_commitment(
            &mut conn,
            &assistant(),
            now(),
            c.id,
            &commitment(studies, "5 000,01"),
        ),
        "amount",
    );
    assert!(msg.contains("(5\u{202f}000,00\u{a0}€)"), "{msg}");

    // Lowered down to what was paid, not one cent below.
    let msg = field_error(
        budget::update_commitment(
            &mut conn,
            &assistant(),
            now(),
            c.id,
            &commitment(studies, "999,99"),
        ),
        "amount",
    );
    assert!(
        msg.contains("déjà mandaté (1\u{202f}000,00\u{a0}€)"),
        "{msg}"
    );
    budget::update_commitment(
        &mut conn,
        &assistant(),
        now(),
        c.id,
        &commitment(studies, "1 000"),
    )
    .expect("exactly what was paid");
    assert_eq!(
        budget::line_figures(&conn, studies, today())
            .unwrap()
            .left_to_pay_cents,
        0
    );

    // Never dated after its first payment (15/03/2026), nor outside its year.
    let mut late = commitment(studies, "1 000");
    late.day = "16/03/2026".into();
    let msg = field_error(
        budget::update_commitment(&mut conn, &assistant(), now(), c.id, &late),
        "day",
    );
    assert!(msg.contains("15/03/2026"), "{msg}");
    late.day = "15/03/2026".into();
    budget::update_commitment(&mut conn, &assistant(), now(), c.id, &late)
        .expect("the day of its payment");

    // Moved to another line of the same budget, whose available is then checked.
    let mut moved = commitment(line(&ids, LineKind::Other), "1 000");
    moved.day = "01/03/2026".into();
    let c3 = budget::update_commitment(&mut conn, &assistant(), now(), c.id, &moved).unwrap();
    assert_eq!(c3.line_id, line(&ids, LineKind::Other));
    let msg = field_error(
        budget::update_commitment(
            &mut conn,
            &assistant(),
            now(),
            c.id,
            &commitment(line(&ids, LineKind::Other), "1 000,01"),
        ),
        "amount",
    );
    assert!(msg.contains("Confirmer le dépassement"), "{msg}");

    // The manager corrects nothing.
    assert!(matches!(
        budget::update_commitment(&mut conn, &manager(), now(), c.id, &moved),
        Err(Error::Refused(_))
    ));
    // Behind the core, the schema holds the voted credits on an update too.
    let r = conn.execute(
        "UPDATE budget_commitment SET amount_cents = 100001 WHERE id = ?1",
        [c.id],
    );
    let err = r
        .expect_err("the trigger holds a correction too")
        .to_string();
    assert!(err.contains("over the voted credits"), "{err}");
}

#[test]
fn a_commitment_stays_on_its_years_budget() {
    let mut conn = amp_db();
    let (_, ids) = budget_2026(&mut conn);
    let other_year = budget_of(&mut conn, 2027, LineKind::Studies, "5 000");
    let c = budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(line(&ids, LineKind::Studies), "100"),
    )
    .unwrap();
    let msg = field_error(
        budget::update_commitment(
            &mut conn,
            &assistant(),
            now(),
            c.id,
            &commitment(other_year, "100"),
        ),
        "line_id",
    );
    assert!(msg.contains("son année"), "{msg}");
}

#[test]
fn a_position_is_corrected_with_the_same_rules() {
    let mut conn = amp_db();
    let p = budget::create_position(
        &mut conn,
        &assistant(),
        now(),
        &position("Camille Martin", "1", "1", "01/01/2026", ""),
    )
    .unwrap();
    let form = budget::position_form(&conn, p.id).unwrap();
    assert_eq!(form.start_day, "01/01/2026");
    assert_eq!(form.yearly_cost, "45000");
    let msg = field_error(
        budget::update_position(
            &mut conn,
            &assistant(),
            now(),
            p.id,
            &position("Camille Martin", "1", "1", "01/01/2026", "01/01/2026"),
        ),
        "end_day",
    );
    assert!(msg.contains("suivre"), "{msg}");
    let q = budget::update_position(
        &mut conn,
        &assistant(),
        now(),
        p.id,
        &position("Camille Martin", "1", "0,5", "01/01/2026", "30/06/2026"),
    )
    .unwrap();
    assert_eq!(q.plan_share_hundredths, 50);
    // 181 days of 365 at half a position: 0,25 FTE.
    assert_eq!(
        budget::staff_year(&conn, 2026).unwrap().plan_fte_hundredths,
        25
    );
    assert!(matches!(
        budget::update_position(&mut conn, &manager(), now(), p.id, &form),
        Err(Error::Refused(_))
    ));
}

#[test]
fn the_forecast_of_n_n1_n2_adds_the_increase_from_n2_only() {
    let mut conn = amp_db();
    assert_eq!(
        budget::forecast(&conn).unwrap(),
        None,
        "no budget, no forecast"
    );
    let msg = match budget::set_forecast_increase(
        &mut conn,
        &lead(),
        now(),
        &budget::ForecastInput {
            increase: "5 000".into(),
        },
    ) {
        Err(Error::Refused(m)) => m,
        other => panic!("refused without a budget: {other:?}"),
    };
    assert!(msg.contains("première année"), "{msg}");

    // Seed 004: 60 000 € the first year (2026).
    let (_, ids) = budget_2026(&mut conn);
    let f = budget::forecast(&conn).unwrap().unwrap();
    assert_eq!(f.first_year, 2026);
    assert_eq!(f.base_cents, 6_000_000);
    assert_eq!(
        f.years.iter().map(|y| y.forecast_cents).collect::<Vec<_>>(),
        vec![6_000_000; 3],
        "no increase entered yet"
    );

    // The project lead foresees 7 500,50 € more from N+2.
    let input = budget::ForecastInput {
        increase: "7 500,50".into(),
    };
    assert!(
        matches!(
            budget::set_forecast_increase(&mut conn, &assistant(), now(), &input),
            Err(Error::Refused(_))
        ),
        "the forecast is the project lead's decision"
    );
    let msg = field_error(
        budget::set_forecast_increase(
            &mut conn,
            &lead(),
            now(),
            &budget::ForecastInput {
                increase: "-10".into(),
            },
        ),
        "increase",
    );
    assert!(!msg.is_empty());
    let f = budget::set_forecast_increase(&mut conn, &lead(), now(), &input).unwrap();
    assert_eq!(f.increase_cents, 750_050);
    let by_year: Vec<(i32, i64)> = f.years.iter().map(|y| (y.year, y.forecast_cents)).collect();
    assert_eq!(
        by_year,
        vec![(2026, 6_000_000), (2027, 6_000_000), (2028, 6_750_050)]
    );

    // An amendment changes the year's voted credits, never the forecast's base
    // (the first year's initial budget); a budget entered for N+2 is compared.
    budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &amendment(line(&ids, LineKind::Platform), "increase", "1 000"),
    )
    .unwrap();
    budget_of(&mut conn, 2028, LineKind::Fund, "70 000");
    let f = budget::forecast(&conn).unwrap().unwrap();
    assert_eq!(f.base_cents, 6_000_000);
    let n = &f.years[0];
    assert_eq!(
        (n.voted_cents, n.gap_cents),
        (Some(6_100_000), Some(100_000))
    );
    assert_eq!(f.years[1].voted_cents, None, "no budget for 2027");
    let n2 = &f.years[2];
    assert_eq!(n2.offset, 2);
    assert_eq!(
        (n2.voted_cents, n2.gap_cents),
        (Some(7_000_000), Some(249_950)),
        "70 000 € voted against 67 500,50 € foreseen"
    );
}

#[test]
fn a_year_is_compared_with_the_one_before() {
    let mut conn = amp_db();
    assert_eq!(budget::year_comparison(&conn, 2027, today()).unwrap(), None);
    let (_, ids) = budget_2026(&mut conn);
    budget::create_commitment(
        &mut conn,
        &assistant(),
        now(),
        &commitment(line(&ids, LineKind::Studies), "3 000"),
    )
    .unwrap();
    assert_eq!(
        budget::year_comparison(&conn, 2027, today()).unwrap(),
        None,
        "no 2027 budget yet"
    );
    let studies_2027 = budget_of(&mut conn, 2027, LineKind::Studies, "6 000");
    let mut c = commitment(studies_2027, "1 500");
    c.day = "10/02/2027".into();
    budget::create_commitment(&mut conn, &assistant(), now(), &c).unwrap();

    let cmp = budget::year_comparison(&conn, 2027, today())
        .unwrap()
        .unwrap();
    assert_eq!((cmp.year, cmp.previous_year), (2027, 2026));
    let voted = &cmp.totals[0];
    assert_eq!(voted.label, "Crédits votés");
    // 6 000 € against 60 000 €: −54 000 €, −90,0 %.
    assert_eq!(
        (
            voted.current_cents,
            voted.previous_cents,
            voted.change_cents
        ),
        (600_000, Some(6_000_000), Some(-5_400_000))
    );
    assert_eq!(voted.change_permille, Some(-900));
    let committed = &cmp.totals[1];
    // 1 500 € against 3 000 €: −50,0 %.
    assert_eq!(committed.change_permille, Some(-500));
    let studies = cmp.lines.iter().find(|l| l.label == "Études").unwrap();
    // 6 000 € against 5 000 €: +20,0 %.
    assert_eq!(studies.change_cents, Some(100_000));
    assert_eq!(studies.change_permille, Some(200));
    let fund = cmp
        .lines
        .iter()
        .find(|l| l.label == "Fonds d’initiative annuel")
        .unwrap();
    assert_eq!(
        (
            fund.current_cents,
            fund.previous_cents,
            fund.change_permille
        ),
        (0, Some(2_500_000), Some(-1000))
    );
}

#[test]
fn the_summary_to_print_is_rendered_into_the_print_folder() {
    let conn = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("impression");
    let path =
        budget::summary_pdf_to_print_in(&conn, 2026, "Camille Martin", today(), &folder).unwrap();
    assert_eq!(path, folder.join("synthese-budgetaire-2026.pdf"));
    let text = pdf_text(&path);
    assert!(text.contains("24 900,50 €"), "the committed total: {text}");
    // Printed again, the same file is replaced.
    budget::summary_pdf_to_print_in(&conn, 2026, "Camille Martin", today(), &folder).unwrap();
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    assert!(
        budget::print_dir().ends_with("impression"),
        "the cache's print folder"
    );
}

/// Splits one line of LibreOffice's CSV (`;`, fields quoted with `"` when needed).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The budget's XLSX opened by LibreOffice Calc itself (headless, converted to
/// CSV with the cells' values): the totals and every line equal the core's.
/// LibreOffice is part of the project's setup (`scripts/deps.sh`).
#[test]
fn libreoffice_reads_the_budget_spreadsheet_with_the_core_totals() {
    let conn = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("budget-2026.xlsx");
    budget::summary_sheet(&conn, 2026, today(), SheetFormat::Xlsx, &xlsx).unwrap();
    let profile = format!("file://{}", dir.path().join("lo-profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--convert-to",
            // `;`, `"`, UTF-8, from line 1; values, not the cells as shown.
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "LibreOffice is needed by this test, which checks that Calc reads the budget's \
                 XLSX with the core's totals ({e}): run scripts/deps.sh, or \
                 apt-get install --no-install-recommends libreoffice-calc-nogui"
            )
        });
    let csv = dir.path().join("budget-2026.csv");
    assert!(
        out.status.success() && csv.exists(),
        "LibreOffice converted the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<String>> = text.lines().map(csv_fields).collect();
    let cents = |s: &str| -> i64 {
        let v: f64 = s
            .replace(',', ".")
            .parse()
            .unwrap_or_else(|_| panic!("a number: {s:?}"));
        (v * 100.0).round() as i64
    };
    let figures = |row: &[String]| -> [i64; 5] {
        [
            cents(&row[4]),
            cents(&row[5]),
            cents(&row[6]),
            cents(&row[7]),
            cents(&row[8]),
        ]
    };
    let view = budget::budget_view(&conn, 2026, today()).unwrap().unwrap();
    let expect = |f: &budget::Figures| -> [i64; 5] {
        [
            f.voted_cents,
            f.committed_cents,
            f.paid_cents,
            f.available_cents,
            f.left_to_pay_cents,
        ]
    };
    let total = rows
        .iter()
        .find(|r| r[0] == "Total")
        .unwrap_or_else(|| panic!("a total row in {text}"));
    assert_eq!(
        figures(total),
        expect(&view.total),
        "Calc reads the core's totals: {text}"
    );
    // Hand-computed (see `hand_computed`): 60 000 € voted, 24 900,50 € committed.
    assert_eq!(figures(total)[0..2], [6_000_000, 2_490_050]);
    for l in &view.lines {
        let row = rows
            .iter()
            .find(|r| r[0] == l.line.label)
            .unwrap_or_else(|| panic!("the line {} in {text}", l.line.label));
        assert_eq!(figures(row), expect(&l.figures), "{}", l.line.label);
    }
}

/// The completion rate is a number a spreadsheet sums, sorts and charts: the
/// fraction with a percentage format, never the text « 17,4 ». By hand: the
/// fund line paid 8 000 € of 25 000 € voted, 32,0 %; the year 10 450,50 € of
/// 60 000 €, 17,4 %.
#[test]
fn the_spreadsheet_rate_is_a_percentage_number() {
    let conn = hand_computed();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.xlsx");
    budget::summary_sheet(&conn, 2026, today(), SheetFormat::Xlsx, &path).unwrap();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let range = book.worksheet_range("Budget 2026").unwrap();
    assert_eq!(
        range.get((0, 9)),
        Some(&Data::String("Taux de réalisation (%)".into()))
    );
    let rate = |row: &[Data]| match &row[9] {
        Data::Float(f) => (f * 1000.0).round() as i64,
        other => panic!("the rate is a number, got {other:?}"),
    };
    let rows: Vec<&[Data]> = range.rows().collect();
    let total = rows.last().unwrap();
    assert_eq!(rate(total), 174, "10 450,50 / 60 000 stored as 0.174");
    let fund_row = rows
        .iter()
        .find(|r| r[1] != Data::Empty && r[4] == Data::Float(25_000.0))
        .expect("the fund line, 25 000 € voted");
    assert_eq!(rate(fund_row), 320, "8 000 / 25 000 stored as 0.32");
    for row in &rows[1..] {
        for (col, cell) in row.iter().enumerate().skip(2).take(8) {
            assert!(
                matches!(cell, Data::Float(_) | Data::Int(_)),
                "every figure is a number: column {col} holds {cell:?}"
            );
        }
    }
    // The CSV keeps the French decimal comma under its « (%) » header.
    let csv = dir.path().join("budget.csv");
    budget::summary_sheet(&conn, 2026, today(), SheetFormat::Csv, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let total = text.lines().last().unwrap();
    assert!(total.contains(";17,4;"), "{total}");
}

/// Money as the core writes it, with plain spaces.
fn plain(s: &str) -> String {
    s.replace(['\u{202f}', '\u{a0}'], " ")
}

/// The call's envelope (50 000 €) above the voted credits of the budget's
/// fund line (25 000 €) is flagged with both amounts, for the stored call and
/// for the call form as typed; an envelope equal to the credits is not; with
/// no budget for the year there is nothing to compare with.
#[test]
fn an_envelope_above_the_fund_lines_credits_is_flagged_with_both_amounts() {
    let (mut conn, _) = fund_db();
    assert_eq!(
        fund::call_envelope_over_credits(&conn, 2026).unwrap(),
        None,
        "no budget for 2026 yet: nothing to compare with"
    );
    let (_, ids) = budget_2026(&mut conn);
    let w = fund::call_envelope_over_credits(&conn, 2026)
        .unwrap()
        .expect("50 000 € of envelope over 25 000 € of credits");
    assert_eq!((w.envelope_cents, w.voted_cents), (5_000_000, 2_500_000));
    let message = plain(&w.message);
    assert!(
        message.contains("50 000,00 €") && message.contains("25 000,00 €"),
        "both amounts: {message}"
    );
    let mut typed = crate::fund_fixtures::call_input();
    typed.envelope = "25 000".into();
    assert_eq!(
        fund::typed_envelope_over_credits(&conn, &typed).unwrap(),
        None,
        "an envelope equal to the credits fits"
    );
    typed.envelope = "25 000,01".into();
    assert!(fund::typed_envelope_over_credits(&conn, &typed)
        .unwrap()
        .is_some());
    budget::add_amendment(
        &mut conn,
        &lead(),
        now(),
        &amendment(line(&ids, LineKind::Fund), "increase", "25 000"),
    )
    .unwrap();
    assert_eq!(
        fund::call_envelope_over_credits(&conn, 2026).unwrap(),
        None,
        "credits amended to 50 000 €: the envelope fits"
    );
}

fn grant_step(amount: &str, confirm: bool) -> fund::StepInput {
    fund::StepInput {
        action: fund::StepAction::Grant,
        date: "10/04/2026".into(),
        amount: amount.into(),
        reference: "DEL-2026-001".into(),
        text: String::new(),
        confirm_over_budget: confirm,
    }
}

/// A grant that would take the fund's line beyond its available credits
/// (voted minus committed) is refused beside the amount unless confirmed,
/// like a manual commitment; the confirmation stays in the history. Without a
/// budget for the call's year nothing is compared.
#[test]
fn a_grant_beyond_the_fund_lines_available_needs_confirmation() {
    let (mut conn, call) = fund_db();
    let o = org(&mut conn, "Asso", "association");
    let ids: Vec<i64> = ["20 000", "10 000", "1 000"]
        .iter()
        .map(|r| {
            let id = app(&mut conn, call, o, r);
            to_review(&mut conn, id);
            id
        })
        .collect();
    grant(&mut conn, ids[0], "20 000").expect("no budget yet: nothing to compare with");
    let (_, lines) = budget_2026(&mut conn);
    let fund_line = line(&lines, LineKind::Fund);
    // 25 000 € voted, 20 000 € granted: 5 000 € available.
    assert_eq!(
        budget::line_figures(&conn, fund_line, today())
            .unwrap()
            .available_cents,
        500_000
    );
    let over = fund::step(
        &mut conn,
        &lead(),
        today(),
        now(),
        ids[1],
        &grant_step("5 000,01", false),
    );
    let msg = plain(&field_error(over, "amount"));
    assert!(
        msg.contains("5 000,00 €") && msg.contains("Confirmer le dépassement"),
        "{msg}"
    );
    fund::step(
        &mut conn,
        &lead(),
        today(),
        now(),
        ids[1],
        &grant_step("5 000", false),
    )
    .expect("exactly the available needs no confirmation");
    let err = fund::step(
        &mut conn,
        &lead(),
        today(),
        now(),
        ids[2],
        &grant_step("0,01", false),
    );
    assert!(field_error(err, "amount").contains("disponible"));
    assert_eq!(
        fund::get_application(&conn, ids[2], today())
            .unwrap()
            .row
            .stage,
        fund::Stage::UnderReview,
        "nothing was saved"
    );
    fund::step(
        &mut conn,
        &lead(),
        today(),
        now(),
        ids[2],
        &grant_step("0,01", true),
    )
    .expect("confirmed");
    let decision = fund::history(&conn, ids[2])
        .unwrap()
        .into_iter()
        .find(|h| h.kind == "forward" && h.to_stage == fund::Stage::Granted)
        .expect("the decision in the history");
    let detail = plain(&decision.detail);
    assert!(
        detail.contains("DEL-2026-001")
            && detail.contains("Dépassement confirmé")
            && detail.contains("0,00 €"),
        "the audit trail shows the confirmation: {detail}"
    );
    let f = budget::line_figures(&conn, fund_line, today()).unwrap();
    assert_eq!(
        f.available_cents, -1,
        "the line is over-committed by one cent"
    );
}
