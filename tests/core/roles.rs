//! Roles, enforced by the core whatever the window shows: the manager reads
//! and prints, the assistant enters and edits, only the project lead decides
//! and deletes. A refusal names the person and the role, and saves nothing.

use plan_lcd::rights::{self, Actor, Permission, Rights, Role};
use plan_lcd::{events, territory, trainings, Error};

use crate::events::{conference, edition};
use crate::util::{amp_db, assistant, count_sessions, create, held, lead, now, today};

fn manager() -> Actor {
    Actor {
        name: "Sophie Arnaud".into(),
        role: Role::Manager,
    }
}

fn refused<T: std::fmt::Debug>(result: plan_lcd::Result<T>) -> String {
    match result {
        Err(Error::Refused(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn each_role_may_do_what_the_unit_decided() {
    use Permission::*;
    let table = [
        (Role::Manager, [false, false, false]),
        (Role::Assistant, [true, false, false]),
        (Role::ProjectLead, [true, true, true]),
    ];
    for (role, rights) in table {
        for (permission, expected) in [Enter, Decide, Delete].into_iter().zip(rights) {
            assert_eq!(role.may(permission), expected, "{role:?} {permission:?}");
        }
        assert!(role.may(Identify), "{role:?} says who acts");
    }
}

/// The window learns what the person may do from the status, not from a
/// table of its own: the same rule, and nothing on a read-only file.
#[test]
fn the_status_tells_the_window_what_the_person_may_do() {
    let as_role = |role| Actor {
        name: "X".into(),
        role,
    };
    let all = |on| Rights {
        enter: on,
        decide: on,
        delete: on,
    };
    assert_eq!(
        Rights::of(Some(&as_role(Role::ProjectLead)), false),
        all(true)
    );
    assert_eq!(
        Rights::of(Some(&as_role(Role::ProjectLead)), true),
        all(false)
    );
    assert_eq!(
        Rights::of(Some(&as_role(Role::Assistant)), false),
        Rights {
            enter: true,
            decide: false,
            delete: false
        }
    );
    assert_eq!(Rights::of(Some(&as_role(Role::Manager)), false), all(false));
    assert_eq!(Rights::of(None, false), all(false));
    let conn = amp_db();
    let status =
        plan_lcd::status::status(&conn, std::path::Path::new(":memory:"), today()).unwrap();
    assert_eq!(status.actor.as_ref().map(|a| a.role), Some(Role::Assistant));
    assert_eq!(
        status.rights,
        Rights {
            enter: true,
            decide: false,
            delete: false
        },
        "the assistant who set the file up enters, and no more"
    );
}

#[test]
fn the_manager_reads_but_enters_nothing() {
    let mut conn = amp_db();
    let m = refused(trainings::create(
        &mut conn,
        &manager(),
        today(),
        now(),
        &held(),
    ));
    assert_eq!(
        m,
        "Sophie Arnaud (Chef·fe de service) ne peut pas saisir ou modifier des données. \
         Le rôle chef·fe de service permet de consulter et d’imprimer : rien n’a été enregistré."
    );
    assert_eq!(count_sessions(&conn), 0);
    let s = create(&mut conn, &held());
    refused(trainings::update(
        &mut conn,
        &manager(),
        today(),
        now(),
        s.id,
        &held(),
    ));
    let e = edition(&mut conn);
    refused(events::create_event(
        &mut conn,
        &manager(),
        today(),
        now(),
        &conference(e.id),
    ));
    // Reading is always allowed.
    assert_eq!(trainings::get(&conn, s.id).unwrap().title, held().title);
}

#[test]
fn the_assistant_enters_and_edits_but_neither_deletes_nor_decides() {
    let mut conn = amp_db();
    let s = trainings::create(&mut conn, &assistant(), today(), now(), &held()).unwrap();
    trainings::update(&mut conn, &assistant(), today(), now(), s.id, &held()).unwrap();
    let m = refused(trainings::delete(&mut conn, &assistant(), now(), s.id));
    assert!(
        m.starts_with("Nadia Benali (Assistant·e administratif·ve) ne peut pas supprimer."),
        "{m}"
    );
    assert!(
        m.contains("Seul·e la ou le chef·fe de projet peut le faire"),
        "{m}"
    );
    assert_eq!(count_sessions(&conn), 1, "nothing deleted");

    let e = edition(&mut conn);
    let ev =
        events::create_event(&mut conn, &assistant(), today(), now(), &conference(e.id)).unwrap();
    refused(events::delete_event(
        &mut conn,
        &assistant(),
        now(),
        ev.event.id,
    ));
    refused(events::delete_edition(&mut conn, &assistant(), now(), e.id));
    refused(territory::set_commune_flags(
        &mut conn,
        &assistant(),
        now(),
        "13001",
        true,
        true,
    ));
    let c: (bool, bool) = conn
        .query_row(
            "SELECT has_plcd, has_officer FROM commune WHERE insee = '13001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(c, (false, false), "the flags did not change");
}

#[test]
fn the_project_lead_decides_and_deletes() {
    let mut conn = amp_db();
    let s = create(&mut conn, &held());
    trainings::delete(&mut conn, &lead(), now(), s.id).unwrap();
    territory::set_commune_flags(&mut conn, &lead(), now(), "13001", true, false).unwrap();
    let e = edition(&mut conn);
    let ev = events::create_event(&mut conn, &lead(), today(), now(), &conference(e.id)).unwrap();
    events::delete_event(&mut conn, &lead(), now(), ev.event.id).unwrap();
    events::delete_edition(&mut conn, &lead(), now(), e.id).unwrap();
    rights::require(&lead(), Permission::Decide).unwrap();
}
