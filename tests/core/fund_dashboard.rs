//! The call's figures on a dataset computed by hand: dashboard, breakdowns,
//! table totals, board, ranking, amounts by year, the SCDL export, the demo.
//!
//! The dataset (envelope 50 000 €):
//!
//! | app | organisation (kind) | communes (PLCD?) | requested | stage | granted | paid |
//! |---|---|---|---|---|---|---|
//! | A | Asso Nord (association) | Marseille (no) | 10 000 | granted | 8 000 | 5 000 |
//! | B | Ville de La Ciotat (commune) | La Ciotat (yes) | 20 000 | granted, agreement | 15 000,01 | 0 |
//! | C | CCAS Miramas (ccas) | Miramas (yes), Marseille (no) | 5 000 | refused | — | — |
//! | D | Asso Nord (association) | Vitrolles (yes), Marseille, Aubagne | 3 000 | under review | — | — |
//! | E | Asso Nord (association) | none | 1 000 | withdrawn | — | — |
//! | F | Asso Nord (association) | Marseille | 700 | draft | — | — |
//!
//! Received (not drafts): A–E = 5; requested (received, not withdrawn):
//! 10 000 + 20 000 + 5 000 + 3 000 = 38 000; granted 23 000,01; paid 5 000;
//! left to grant 26 999,99; left to pay 18 000,01.

use plan_lcd::fund::{self, ApplicationQuery, ApplicationSort, Stage};
use plan_lcd::territory;
use rusqlite::Connection;

use crate::fund_fixtures::*;
use crate::util::{assistant, now, today};

struct Data {
    conn: Connection,
    call: i64,
    ids: [i64; 6],
}

fn dataset() -> Data {
    let (mut conn, call) = fund_db();
    // The seed pre-flags La Ciotat and Vitrolles, not Marseille: say so in the test.
    for (insee, plan) in [
        ("13055", false),
        ("13028", true),
        ("13063", true),
        ("13117", true),
        ("13005", false),
    ] {
        territory::set_commune_flags(&mut conn, &lead(), now(), insee, plan, false).unwrap();
    }
    let nord = {
        let mut o = org_input("Asso Nord", "association");
        o.siret = "81661318609139".into();
        o.rna = "W133012345".into();
        fund::create_organisation(&mut conn, &assistant(), now(), &o)
            .unwrap()
            .id
    };
    let ciotat = org(&mut conn, "Ville de La Ciotat", "commune");
    let ccas = org(&mut conn, "CCAS Miramas", "ccas");
    let mk = |conn: &mut Connection, o: i64, req: &str, communes: &[&str], title: &str| {
        let mut i = app_input(call, o, req, "40 000");
        i.communes = communes.iter().map(|c| c.to_string()).collect();
        i.title = title.into();
        fund::create_application(conn, &assistant(), now(), &i).unwrap()
    };
    let a = mk(&mut conn, nord, "10 000", &["13055"], "Alpha");
    let b = mk(&mut conn, ciotat, "20 000", &["13028"], "Bravo");
    let c = mk(&mut conn, ccas, "5 000", &["13063", "13055"], "Charlie");
    let d = mk(
        &mut conn,
        nord,
        "3 000",
        &["13117", "13055", "13005"],
        "Delta",
    );
    let e = mk(&mut conn, nord, "1 000", &[], "Echo");
    let f = mk(&mut conn, nord, "700", &["13055"], "Foxtrot");
    for id in [a, b, c, d, e] {
        to_review(&mut conn, id);
    }
    grant(&mut conn, a, "8 000").unwrap();
    grant(&mut conn, b, "15 000,01").unwrap();
    take(&mut conn, b, "sign_agreement", "20/04/2026").unwrap();
    take_as(
        &mut conn,
        &lead(),
        c,
        "refuse",
        "10/04/2026",
        "",
        "Hors champ",
    )
    .unwrap();
    take_as(
        &mut conn,
        &lead(),
        e,
        "withdraw",
        "10/04/2026",
        "",
        "Abandon",
    )
    .unwrap();
    pay(&mut conn, a, "01/05/2026", "5 000", "02/05/2026").unwrap();
    pay(&mut conn, a, "01/10/2026", "3 000", "").unwrap();
    Data {
        conn,
        call,
        ids: [a, b, c, d, e, f],
    }
}

#[test]
fn the_dashboard_matches_the_hand_computed_figures() {
    let Data { conn, call, .. } = dataset();
    let d = fund::dashboard(&conn, call, today()).unwrap();
    assert_eq!(d.envelope_cents, 5_000_000);
    assert_eq!(d.applications, 5, "drafts are not applications received");
    assert_eq!(d.requested_cents, 3_800_000, "withdrawn requests drop out");
    assert_eq!(d.granted_cents, 2_300_001);
    assert_eq!(d.paid_cents, 500_000);
    assert_eq!(d.left_to_grant_cents, 2_699_999);
    assert_eq!(d.left_to_pay_cents, 1_800_001);
    assert_eq!(
        (d.granted_count, d.refused_count, d.withdrawn_count),
        (2, 1, 1)
    );

    let kinds: Vec<(&str, i64, i64, i64, i64)> = d
        .by_kind
        .iter()
        .map(|b| {
            (
                b.key.as_str(),
                b.applications,
                b.requested_cents,
                b.granted_cents,
                b.paid_cents,
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("association", 2, 1_300_000, 800_000, 500_000),
            ("commune", 1, 2_000_000, 1_500_001, 0),
            ("ccas", 1, 500_000, 0, 0),
        ]
    );
    let plans: Vec<(&str, i64, i64, i64)> = d
        .by_local_plan
        .iter()
        .map(|b| {
            (
                b.key.as_str(),
                b.applications,
                b.requested_cents,
                b.granted_cents,
            )
        })
        .collect();
    // A: Marseille only → without; B, C, D have a commune with a plan → with.
    assert_eq!(
        plans,
        vec![
            ("with_plan", 3, 2_800_000, 1_500_001),
            ("without_plan", 1, 1_000_000, 800_000)
        ]
    );

    // By commune, a project's amounts are split cent by cent between its communes:
    // C 5 000 → 2 500 Miramas + 2 500 Marseille; D 3 000 → 1 000 each of three.
    let communes: Vec<(&str, i64, i64, i64)> = d
        .by_commune
        .iter()
        .map(|b| {
            (
                b.label.as_str(),
                b.applications,
                b.requested_cents,
                b.granted_cents,
            )
        })
        .collect();
    assert_eq!(
        communes,
        vec![
            ("La Ciotat", 1, 2_000_000, 1_500_001),
            ("Marseille", 3, 1_000_000 + 250_000 + 100_000, 800_000),
            ("Aubagne", 1, 100_000, 0),
            ("Miramas", 1, 250_000, 0),
            ("Vitrolles", 1, 100_000, 0),
        ]
    );
    for (name, list) in [
        ("kind", &d.by_kind),
        ("commune", &d.by_commune),
        ("plan", &d.by_local_plan),
    ] {
        let req: i64 = list.iter().map(|b| b.requested_cents).sum();
        let gr: i64 = list.iter().map(|b| b.granted_cents).sum();
        let pd: i64 = list.iter().map(|b| b.paid_cents).sum();
        assert_eq!(
            (req, gr, pd),
            (d.requested_cents, d.granted_cents, d.paid_cents),
            "the {name} breakdown adds up"
        );
    }
    assert_eq!(d.reports_overdue, 0, "the projects end on 30/11/2026");
    let later = fund::dashboard(
        &conn,
        call,
        chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
    )
    .unwrap();
    assert_eq!(
        later.reports_overdue, 2,
        "due six months after the end: 30/05/2027"
    );
}

#[test]
fn a_split_keeps_every_cent() {
    let Data {
        mut conn,
        call,
        ids,
    } = dataset();
    let mut i = fund::application_form(&conn, ids[3]).unwrap();
    i.requested = "1 000,01".into();
    fund::update_application(&mut conn, &assistant(), now(), ids[3], &i).unwrap();
    let d = fund::dashboard(&conn, call, today()).unwrap();
    let sum: i64 = d.by_commune.iter().map(|b| b.requested_cents).sum();
    assert_eq!(
        sum, d.requested_cents,
        "1 000,01 over three communes loses no cent"
    );
}

#[test]
fn the_table_filters_sorts_and_totals_in_sql() {
    let Data { conn, call, ids } = dataset();
    let mut q = ApplicationQuery::call(call);
    let page = fund::list_applications(&conn, &q).unwrap();
    assert_eq!(page.totals.applications, 6, "the table shows drafts too");
    assert_eq!(page.totals.requested_cents, 3_970_000);
    assert_eq!(page.totals.granted_cents, 2_300_001);
    assert_eq!(page.totals.paid_cents, 500_000);
    q.sort = ApplicationSort::Requested;
    q.descending = true;
    let page = fund::list_applications(&conn, &q).unwrap();
    assert_eq!(page.items[0].id, ids[1]);
    assert_eq!(page.items[5].id, ids[5]);
    q.kind = Some(fund::OrganisationKind::Association);
    q.commune_insee = Some("13055".into());
    let page = fund::list_applications(&conn, &q).unwrap();
    let got: Vec<i64> = page.items.iter().map(|r| r.id).collect();
    assert_eq!(got, vec![ids[0], ids[3], ids[5]]);
    q = ApplicationQuery::call(call);
    q.search = Some("ciotat".into());
    assert_eq!(
        fund::list_applications(&conn, &q).unwrap().items[0].id,
        ids[1],
        "the organisation's name is searched"
    );
    q.search = Some("100%".into());
    assert_eq!(
        fund::list_applications(&conn, &q)
            .unwrap()
            .totals
            .applications,
        0,
        "% is matched literally"
    );
    q = ApplicationQuery::call(call);
    q.stage = Some(Stage::Granted);
    assert_eq!(
        fund::list_applications(&conn, &q)
            .unwrap()
            .totals
            .applications,
        1,
        "B has moved on to its agreement"
    );
    q = ApplicationQuery::call(call);
    q.page_size = 4;
    q.page = 2;
    let p = fund::list_applications(&conn, &q).unwrap();
    assert_eq!((p.page_count, p.items.len()), (2, 2));
}

#[test]
fn the_board_and_the_ranking() {
    let Data {
        mut conn,
        call,
        ids,
    } = dataset();
    let board = fund::board(&conn, call).unwrap();
    assert_eq!(board.len(), Stage::ALL.len(), "every stage has its column");
    let order: Vec<Stage> = board.iter().map(|c| c.stage).collect();
    assert!(
        Stage::ALL.iter().all(|s| order.contains(s)),
        "no stage is left out"
    );
    assert_eq!(
        &order[order.len() - 2..],
        &[Stage::Refused, Stage::Withdrawn],
        "the stages that leave the life come last, after closing"
    );
    let col = |s: Stage| {
        board
            .iter()
            .find(|c| c.stage == s)
            .unwrap()
            .items
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(col(Stage::Draft), vec![ids[5]]);
    assert_eq!(col(Stage::AgreementSigned), vec![ids[1]]);
    assert_eq!(col(Stage::UnderReview), vec![ids[3]]);
    // Two more under review, scored differently: the ranking puts the best first.
    let o = org(&mut conn, "Asso Sud", "association");
    let x = app(&mut conn, call, o, "1000");
    let y = app(&mut conn, call, o, "1000");
    to_review(&mut conn, x);
    to_review(&mut conn, y);
    let crit = fund::get_call(&conn, call).unwrap().criteria;
    let score = |conn: &mut Connection, id: i64, s: [&str; 4]| {
        let scores = crit
            .iter()
            .zip(s)
            .map(|(c, v)| fund::ScoreInput {
                criterion_id: c.id,
                score: v.into(),
            })
            .collect();
        fund::save_review(
            conn,
            &lead(),
            now(),
            id,
            &fund::ReviewInput {
                scores,
                notes: "privé".into(),
            },
        )
        .unwrap();
    };
    score(&mut conn, x, ["2", "2", "3", "3"]);
    score(&mut conn, y, ["5", "4", "4", "4"]);
    let r = fund::ranking(&conn, call).unwrap();
    let order: Vec<(i64, Option<i64>)> = r.iter().map(|r| (r.id, r.score_centi)).collect();
    assert_eq!(order, vec![(y, Some(425)), (x, Some(250)), (ids[3], None)]);
}

#[test]
fn amounts_by_year_for_the_budget_module() {
    let Data { conn, .. } = dataset();
    let years = fund::amounts_by_year(&conn).unwrap();
    assert_eq!(years.len(), 1);
    assert_eq!(years[0].year, 2026);
    assert_eq!(years[0].envelope_cents, 5_000_000);
    assert_eq!(years[0].granted_cents, 2_300_001);
    assert_eq!(years[0].paid_cents, 500_000);
}

#[test]
fn the_scdl_export_has_the_schemas_header_and_one_row_per_grant() {
    let Data { mut conn, call, .. } = dataset();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scdl.csv");
    let err = fund::write_scdl(&conn, call, &path).unwrap_err();
    assert!(
        refused(err).contains("SIRET"),
        "the grantor's SIRET is required by the schema"
    );
    let mut c = call_input();
    c.grantor_siret = "20005480700017".into();
    c.name = "Fonds d’initiative, édition 2026".into();
    fund::update_call(&mut conn, &lead(), now(), call, &c).unwrap();
    let err = fund::write_scdl(&conn, call, &path).unwrap_err();
    assert!(
        refused(err).contains("« Ville de La Ciotat » n’a ni l’un ni l’autre"),
        "a beneficiary with neither SIRET nor RNA is named, never written with both empty"
    );
    assert!(
        !path.exists(),
        "nothing is written when the export is refused"
    );
    let ciotat: i64 = conn
        .query_row(
            "SELECT id FROM fund_organisation WHERE name = 'Ville de La Ciotat'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut o = fund::organisation_form(&conn, ciotat).unwrap();
    // Checked valid (both keys) with python-stdnum 2.2, stdnum.fr.siret.
    o.siret = "21130028000016".into();
    fund::update_organisation(&mut conn, &assistant(), now(), ciotat, &o).unwrap();
    assert_eq!(fund::write_scdl(&conn, call, &path).unwrap(), 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.starts_with('\u{feff}'),
        "open data wants no byte-order mark"
    );
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide"
    );
    assert_eq!(
        lines[1],
        "Métropole d'Aix-Marseille-Provence,20005480700017,2026-04-10,,Asso Nord,81661318609139,W133012345,Alpha,8000.00,aide en numéraire,échelonné,2026-05-02/2026-10-01,,non,1.00,\"Fonds d’initiative, édition 2026\""
    );
    assert!(
        lines[2].contains(",2026-04-20,"),
        "the agreement's date when there is one"
    );
    assert!(lines[2].contains(",15000.01,"));
    assert!(
        lines[2].contains(",unique,2026-04-20/2026-11-30,"),
        "no tranche yet: from the convention to the project's end, an ISO 8601 interval: {}",
        lines[2]
    );
    assert_eq!(
        lines.len(),
        4,
        "header, two grants, and the final line break"
    );
}

#[test]
fn the_demo_shows_the_fund_at_every_stage() {
    let mut conn = plan_lcd::store::open_in_memory().unwrap();
    plan_lcd::demo::load(&mut conn, today(), now()).unwrap();
    let call = fund::call_of_year(&conn, 2026)
        .unwrap()
        .expect("a demo call");
    let board = fund::board(&conn, call.id).unwrap();
    let filled: Vec<Stage> = board
        .iter()
        .filter(|c| !c.items.is_empty())
        .map(|c| c.stage)
        .collect();
    for s in [
        Stage::Draft,
        Stage::Incomplete,
        Stage::UnderReview,
        Stage::Granted,
        Stage::Refused,
        Stage::AgreementSigned,
        Stage::Closed,
    ] {
        assert!(filled.contains(&s), "the demo has an application {s:?}");
    }
    let d = fund::dashboard(&conn, call.id, today()).unwrap();
    assert!(d.granted_cents <= d.envelope_cents);
    assert!(d.paid_cents > 0);
}
