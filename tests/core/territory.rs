//! The territory: the national list, setup, the communes and their flags.

use plan_lcd::rights::Role;
use plan_lcd::territory::{self, SetupInput, AMP_SIREN};
use plan_lcd::{store, Error};

use crate::util::{amp_db, now, setup_input, today};

#[test]
fn the_national_list_holds_every_epci_and_offers_aix_marseille_first() {
    assert!(
        territory::epci_count() > 1200,
        "the full national list is embedded"
    );
    let first = &territory::search_epcis("", 50)[0];
    assert_eq!(first.siren, AMP_SIREN);
    assert_eq!(
        first.commune_count, 92,
        "the source lists 92 members for Aix-Marseille-Provence"
    );
    let lyon = territory::search_epcis("metropole de lyon", 10);
    assert!(
        lyon.iter().any(|e| e.name == "Métropole de Lyon"),
        "accents and case are folded"
    );
    let by_siren = territory::search_epcis("200054807", 10);
    assert_eq!(by_siren.len(), 1);
    assert!(territory::search_epcis("zzzz introuvable", 10).is_empty());
}

#[test]
fn setup_copies_the_member_communes_and_flags_those_the_plan_names() {
    let conn = amp_db();
    let communes = territory::communes(&conn).unwrap();
    assert_eq!(communes.len(), 92);
    let flag = |insee: &str| {
        let c = communes.iter().find(|c| c.insee == insee).unwrap();
        (c.has_plcd, c.has_officer)
    };
    assert_eq!(flag("13028"), (true, false), "La Ciotat has a local plan");
    assert_eq!(flag("13117"), (true, false), "Vitrolles has a local plan");
    assert_eq!(
        flag("13103"),
        (true, false),
        "Salon-de-Provence has a local plan"
    );
    assert_eq!(flag("13063"), (true, false), "Miramas has a local plan");
    assert_eq!(
        flag("13056"),
        (true, true),
        "Martigues, Pays de Martigues: plan and officer"
    );
    assert_eq!(flag("13055"), (false, true), "Marseille has an officer");
    assert_eq!(flag("13001"), (false, false), "Aix-en-Provence has neither");
    assert!(communes
        .iter()
        .all(|c| c.insee.len() == 5 && c.population >= 0));
    let unit = territory::unit(&conn).unwrap().unwrap();
    assert_eq!(unit.epci_name, "Métropole d'Aix-Marseille-Provence");
    assert!(!unit.is_demo);
    let actor = territory::current_actor(&conn).unwrap().unwrap();
    assert_eq!(actor.name, "Nadia Benali");
}

#[test]
fn another_epci_gets_its_own_communes_and_no_flags() {
    let mut conn = store::open_in_memory().unwrap();
    let lyon = territory::search_epcis("metropole de lyon", 1).remove(0);
    let input = SetupInput {
        epci_siren: lyon.siren.clone(),
        ..setup_input()
    };
    territory::setup(&mut conn, &input, today(), now()).unwrap();
    let communes = territory::communes(&conn).unwrap();
    assert_eq!(communes.len() as i64, lyon.commune_count);
    assert!(communes.iter().all(|c| !c.has_plcd && !c.has_officer));
}

#[test]
fn setup_reports_every_wrong_field_and_saves_nothing() {
    let mut conn = store::open_in_memory().unwrap();
    let input = SetupInput {
        unit_name: "  ".into(),
        epci_siren: "123".into(),
        first_year: "deux mille".into(),
        user_name: String::new(),
        user_role: "admin".into(),
    };
    let Err(Error::Invalid(fields)) = territory::setup(&mut conn, &input, today(), now()) else {
        panic!("an invalid setup is refused");
    };
    let names: Vec<&str> = fields.fields().collect();
    assert_eq!(
        names,
        [
            "epci_siren",
            "first_year",
            "unit_name",
            "user_name",
            "user_role"
        ]
    );
    assert!(
        territory::unit(&conn).unwrap().is_none(),
        "nothing is saved"
    );
    assert_eq!(territory::commune_count(&conn).unwrap(), 0);

    let far = SetupInput {
        first_year: "2040".into(),
        ..setup_input()
    };
    let Err(Error::Invalid(fields)) = territory::setup(&mut conn, &far, today(), now()) else {
        panic!("a first year far in the future is refused");
    };
    assert!(fields
        .get("first_year")
        .unwrap()
        .contains("entre 2000 et 2031"));
}

#[test]
fn setup_runs_once() {
    let mut conn = amp_db();
    let again = territory::setup(&mut conn, &setup_input(), today(), now());
    assert!(matches!(again, Err(Error::Refused(_))));
    assert_eq!(
        territory::commune_count(&conn).unwrap(),
        92,
        "communes are not duplicated"
    );
}

#[test]
fn commune_flags_change_and_record_who_changed_them() {
    let mut conn = amp_db();
    let actor = crate::util::lead();
    let c = territory::set_commune_flags(&mut conn, &actor, now(), "13001", true, true).unwrap();
    assert!(c.has_plcd && c.has_officer);
    let by: String = conn
        .query_row(
            "SELECT updated_by FROM commune WHERE insee = '13001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "Camille Martin");
    let missing = territory::set_commune_flags(&mut conn, &actor, now(), "99999", true, true);
    assert!(matches!(missing, Err(Error::NotFound(_))));
}

#[test]
fn the_profile_picker_offers_everyone_who_acted_the_last_one_first() {
    let mut conn = amp_db();
    let later = crate::util::now() + chrono::Duration::minutes(5);
    territory::switch_actor(&mut conn, "Camille Martin", Some(Role::ProjectLead), later).unwrap();
    let names = |conn: &rusqlite::Connection| -> Vec<(String, &'static str)> {
        territory::profiles(conn)
            .unwrap()
            .into_iter()
            .map(|a| (a.name, a.role.code()))
            .collect()
    };
    assert_eq!(
        names(&conn),
        vec![
            ("Camille Martin".to_string(), "project_lead"),
            ("Nadia Benali".to_string(), "assistant"),
        ],
        "the one who acted last is preselected"
    );
    // Picking an existing profile again makes it the last used, without a copy.
    let again = later + chrono::Duration::minutes(5);
    territory::switch_actor(&mut conn, "Nadia Benali", Some(Role::Assistant), again).unwrap();
    assert_eq!(names(&conn)[0].0, "Nadia Benali");
    assert_eq!(names(&conn).len(), 2);
    assert_eq!(
        territory::current_actor(&conn).unwrap().unwrap().name,
        "Nadia Benali",
        "the core acts for the profile picked"
    );
}

#[test]
fn every_epci_of_the_national_list_has_a_valid_siren_and_a_mistyped_one_is_said_so() {
    let all = territory::search_epcis("", usize::MAX);
    assert_eq!(all.len(), territory::epci_count());
    for e in &all {
        assert!(
            plan_lcd::sirene::siren_is_valid(&e.siren),
            "{} ({}) carries its key",
            e.name,
            e.siren
        );
    }
    let mut conn = store::open_in_memory().unwrap();
    let input = SetupInput {
        // The Métropole's SIREN with its last digit wrong: checked invalid
        // with python-stdnum 2.2 (stdnum.fr.siren).
        epci_siren: "200054808".into(),
        ..setup_input()
    };
    let Err(Error::Invalid(fields)) = territory::setup(&mut conn, &input, today(), now()) else {
        panic!("a SIREN whose key is wrong is refused");
    };
    assert!(
        fields
            .get("epci_siren")
            .unwrap_or_default()
            .contains("clé de contrôle"),
        "{fields:?}"
    );
}
