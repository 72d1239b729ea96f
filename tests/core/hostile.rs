//! Hostile input: every form the window sends, fed with random and extreme
//! values (empty, huge, negative, NaN-like numbers, 1 MB of text, SQL and HTML
//! fragments, impossible dates, control characters). No panic; every refusal
//! is a field error naming a field of the form, in French; a refused form
//! saves nothing; an accepted one stores the text exactly as typed.
//!
//! Each case starts from a valid form and replaces some of its text fields, so
//! that both refusals and hostile text that is rightly accepted are exercised.

use plan_lcd::events::{self, CampaignInput, EditionInput, EventInput};
use plan_lcd::store;
use plan_lcd::territory::{self, SetupInput};
use plan_lcd::trainings::{self, TrainingInput};
use plan_lcd::Error;
use proptest::prelude::*;
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::events::{conference, edition, week};
use crate::util::{amp_db, assistant, held, now, setup_input, today};

pub const XSS: &str = "<img src=x onerror=alert(1)>";

/// What a hostile person, or a confused one, types.
fn nasty() -> impl Strategy<Value = String> {
    let fixed: Vec<String> = vec![
        String::new(),
        " ".into(),
        "\t\n".into(),
        "-1".into(),
        "-0".into(),
        "0".into(),
        "NaN".into(),
        "nan".into(),
        "inf".into(),
        "-Infinity".into(),
        "1e308".into(),
        "1,7976931348623157e308".into(),
        "99999999999999999999999".into(),
        "9223372036854775807".into(),
        "-9223372036854775808".into(),
        "1 000 000 000 000,00".into(),
        "12,345".into(),
        "0,001".into(),
        "3.5".into(),
        "31/02/2027".into(),
        "29/02/2025".into(),
        "00/00/0000".into(),
        "32/13/2026".into(),
        "01/01/99999".into(),
        "2026-03-17".into(),
        "24:00".into(),
        "23:60".into(),
        "-1:30".into(),
        XSS.into(),
        "'; DROP TABLE training_session; --".into(),
        "\" OR 1=1 --".into(),
        "\u{0}".into(),
        "\u{FEFF}".into(),
        "\u{202E}gnp.exe".into(),
        "\u{FFFD}".into(),
        "é".repeat(5_000),
        "x".repeat(1_000_000),
        "held".into(),
        "cancelled".into(),
        "13055".into(),
        "00000".into(),
    ];
    prop_oneof![
        3 => proptest::sample::select(fixed),
        1 => any::<String>(),
        1 => "[-0-9 ,.]{0,14}",
        1 => "[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,5}",
        1 => "[0-9]{1,2}:[0-9]{1,2}",
    ]
}

/// The valid form with some text fields replaced by `changes` (a field is
/// replaced when its flag is set), and the names of the form's fields.
fn spoil<T: Serialize + DeserializeOwned>(
    valid: &T,
    changes: &[(bool, String)],
) -> (T, Vec<String>) {
    let mut value = serde_json::to_value(valid).unwrap();
    let Value::Object(map) = &mut value else {
        panic!("a form is an object")
    };
    let names: Vec<String> = map.keys().cloned().collect();
    let mut changes = changes.iter().cycle();
    for (_, field) in map.iter_mut() {
        if let Value::String(s) = field {
            let (replace, with) = changes.next().unwrap();
            if *replace {
                *s = with.clone();
            }
        }
    }
    (serde_json::from_value(value).unwrap(), names)
}

/// Ok, or a refusal made only of field errors, each on a field of the form
/// (or a line of one of its lists, `costs.2.amount`) with a French message.
fn only_field_errors<T: std::fmt::Debug>(result: &plan_lcd::Result<T>, names: &[String]) {
    match result {
        Ok(_) => {}
        Err(Error::Invalid(fields)) => {
            for field in fields.fields() {
                let top = field.split('.').next().unwrap();
                assert!(
                    names.iter().any(|n| n == top),
                    "error on unknown field {field}"
                );
                let message = fields.get(field).unwrap();
                assert!(!message.trim().is_empty(), "{field} has an empty message");
                assert!(
                    message.len() < 500,
                    "{field}: the message does not echo the input"
                );
            }
        }
        Err(other) => panic!("a refusal that is not a field error: {other:?}"),
    }
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn changes() -> impl Strategy<Value = Vec<(bool, String)>> {
    proptest::collection::vec((proptest::bool::weighted(0.3), nasty()), 24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_training_form(changes in changes()) {
        let mut conn = amp_db();
        let (input, names) = spoil::<TrainingInput>(&held(), &changes);
        let before = count(&conn, "training_session");
        let result = trainings::create(&mut conn, &assistant(), today(), now(), &input);
        only_field_errors(&result, &names);
        match result {
            Ok(s) => {
                prop_assert_eq!(count(&conn, "training_session"), before + 1);
                let stored: String = conn
                    .query_row("SELECT title FROM training_session WHERE id = ?1", [s.id], |r| r.get(0))
                    .unwrap();
                prop_assert_eq!(stored.trim(), input.title.trim(), "the title is stored as typed");
            }
            Err(_) => prop_assert_eq!(count(&conn, "training_session"), before, "nothing saved"),
        }
    }

    #[test]
    fn an_event_form(changes in changes()) {
        let mut conn = amp_db();
        let edition_id = edition(&mut conn).id;
        let (input, names) = spoil::<EventInput>(&conference(edition_id), &changes);
        let before = count(&conn, "event");
        let result = events::create_event(&mut conn, &assistant(), today(), now(), &input);
        only_field_errors(&result, &names);
        let expected = before + i64::from(result.is_ok());
        prop_assert_eq!(count(&conn, "event"), expected);
    }

    #[test]
    fn an_edition_form(changes in changes()) {
        let mut conn = amp_db();
        let (input, names) = spoil::<EditionInput>(&week(), &changes);
        let result = events::create_edition(&mut conn, &assistant(), now(), &input);
        only_field_errors(&result, &names);
        prop_assert_eq!(count(&conn, "week_edition"), i64::from(result.is_ok()));
    }

    #[test]
    fn a_campaign_form(changes in changes()) {
        let mut conn = amp_db();
        let edition_id = edition(&mut conn).id;
        let valid = CampaignInput {
            edition_id,
            kind: "posters".into(),
            description: "Affiches abribus".into(),
            supplier: "Imprimerie du Port".into(),
            first_day: "09/03/2026".into(),
            last_day: "21/03/2026".into(),
            cost: "1 250,00".into(),
            reach: "400".into(),
        };
        let (input, names) = spoil::<CampaignInput>(&valid, &changes);
        let result = events::create_campaign_item(&mut conn, &assistant(), now(), &input);
        only_field_errors(&result, &names);
        prop_assert_eq!(count(&conn, "campaign_item"), i64::from(result.is_ok()));
    }

    #[test]
    fn the_setup_form(changes in changes()) {
        let mut conn = store::open_in_memory().unwrap();
        let valid = setup_input();
        let mut value = serde_json::json!({
            "unit_name": valid.unit_name, "epci_siren": valid.epci_siren,
            "first_year": valid.first_year, "user_name": valid.user_name,
            "user_role": valid.user_role,
        });
        let names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        for ((_, field), (replace, with)) in value.as_object_mut().unwrap().iter_mut().zip(changes.iter()) {
            if *replace {
                *field = Value::String(with.clone());
            }
        }
        let input: SetupInput = serde_json::from_value(value).unwrap();
        let result = territory::setup(&mut conn, &input, today(), now());
        only_field_errors(&result, &names);
        prop_assert_eq!(territory::unit(&conn).unwrap().is_some(), result.is_ok());
    }
}

#[test]
fn the_campaign_kind_is_a_known_code() {
    // The fixture above must be valid, or the property tests would only ever
    // exercise refusals.
    let mut conn = amp_db();
    let edition_id = edition(&mut conn).id;
    let valid = CampaignInput {
        edition_id,
        kind: "posters".into(),
        description: "Affiches abribus".into(),
        supplier: "Imprimerie du Port".into(),
        first_day: "09/03/2026".into(),
        last_day: "21/03/2026".into(),
        cost: "1 250,00".into(),
        reach: "400".into(),
    };
    events::create_campaign_item(&mut conn, &assistant(), now(), &valid).unwrap();
}

#[test]
fn hostile_text_in_every_text_field_is_stored_as_typed() {
    let mut conn = amp_db();
    let mut input = held();
    input.title = XSS.into();
    input.theme = "'; DROP TABLE training_session; --".into();
    input.trainer = "=HYPERLINK(\"http://example.org\";\"clic\")".into();
    input.notes = "<script>alert('x')</script>".into();
    let s = trainings::create(&mut conn, &assistant(), today(), now(), &input).unwrap();
    let (title, theme, trainer, notes): (String, String, String, String) = conn
        .query_row(
            "SELECT title, theme, trainer, notes FROM training_session WHERE id = ?1",
            [s.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(title, XSS);
    assert_eq!(theme, "'; DROP TABLE training_session; --");
    assert_eq!(trainer, "=HYPERLINK(\"http://example.org\";\"clic\")");
    assert_eq!(notes, "<script>alert('x')</script>");
    assert_eq!(
        count(&conn, "training_session"),
        1,
        "the table is still there"
    );
}

/// A directional override (Unicode UAX #9) makes the text after it print
/// backwards: refused beside its field, in French, and nothing is saved.
#[test]
fn a_directional_override_is_refused_beside_its_field() {
    let mut conn = amp_db();
    let mut input = held();
    input.trainer = "\u{202E}gnp.exe".into();
    match trainings::create(&mut conn, &assistant(), today(), now(), &input) {
        Err(Error::Invalid(f)) => {
            assert!(
                f.get("trainer").unwrap().contains("sens d’écriture"),
                "{f:?}"
            )
        }
        other => panic!("refused expected, got {other:?}"),
    }
    assert_eq!(count(&conn, "training_session"), 0);
}

#[test]
fn invalid_utf16_from_the_window_is_refused_before_the_core() {
    // A lone surrogate typed or pasted in the window arrives as a JSON escape
    // that is not Unicode: deserialisation refuses it, so no command runs.
    let mut json = serde_json::to_value(held()).unwrap();
    json["title"] = Value::String("PLACEHOLDER".into());
    let text = json.to_string().replace("PLACEHOLDER", "\\ud800");
    assert!(serde_json::from_str::<TrainingInput>(&text).is_err());
}
