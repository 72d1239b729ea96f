//! The demo year's training sessions (seed 004): the Défenseur des droits,
//! the CNFPT and the IRDSU in several communes of the territory.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::Connection;

use super::{create, TrainingInput};
use crate::error::{Error, Result};
use crate::input::format_date_fr;
use crate::rights::Actor;

/// One demo session: (days from 1 January, days long, title, theme, audience,
/// trainer, hours, venue, commune, capacity, women, men, unstated, planned €,
/// actual €, satisfaction).
type Row = (
    i64,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [&'static str; 3],
    &'static str,
    &'static str,
    &'static str,
);

const SESSIONS: &[Row] = &[
    (
        27,
        1,
        "Comprendre le droit de la non-discrimination",
        "Cadre juridique",
        "own_agents",
        "Défenseur des droits",
        "7",
        "Hôtel de la Métropole",
        "13055",
        "20",
        ["12", "6", "0"],
        "0",
        "0",
        "4,5",
    ),
    (
        45,
        2,
        "Prévenir les discriminations dans le recrutement",
        "Emploi",
        "own_managers",
        "CNFPT",
        "12",
        "Délégation CNFPT Provence",
        "13001",
        "16",
        ["7", "8", "0"],
        "1800",
        "1750",
        "4,2",
    ),
    (
        63,
        1,
        "Accueil du public sans discrimination",
        "Accueil et service public",
        "own_agents",
        "CNFPT",
        "6,5",
        "Maison de la Métropole",
        "13117",
        "18",
        ["11", "4", "1"],
        "950",
        "950",
        "4,6",
    ),
    (
        80,
        1,
        "Discriminations et politique de la ville",
        "Territoires",
        "outside_professionals",
        "IRDSU",
        "6",
        "Centre social des Canourgues",
        "13103",
        "25",
        ["14", "9", "2"],
        "1200",
        "1320",
        "4,0",
    ),
    (
        98,
        1,
        "Écoute et orientation des victimes",
        "Accès aux droits",
        "volunteers_associations",
        "Défenseur des droits",
        "3,5",
        "Maison de la justice et du droit",
        "13028",
        "15",
        ["10", "4", "3"],
        "0",
        "0",
        "4,8",
    ),
    (
        120,
        1,
        "Les stéréotypes dans le management",
        "Égalité professionnelle",
        "own_managers",
        "CNFPT",
        "3",
        "Hôtel de la Métropole",
        "13055",
        "30",
        ["9", "11", "0"],
        "600",
        "600",
        "3,9",
    ),
    (
        150,
        1,
        "Sensibilisation des élu·es au plan métropolitain",
        "Gouvernance",
        "elected_officials",
        "Défenseur des droits",
        "2",
        "Site-mémorial du Camp des Milles",
        "13001",
        "40",
        ["8", "13", "1"],
        "0",
        "0",
        "4,4",
    ),
    (
        175,
        2,
        "Discriminations dans l’accès au logement",
        "Logement",
        "mixed",
        "IRDSU",
        "10",
        "Salle des fêtes",
        "13063",
        "20",
        ["13", "9", "0"],
        "1500",
        "1480",
        "4,1",
    ),
    (
        260,
        1,
        "Former les formateurs internes",
        "Ingénierie de formation",
        "own_agents",
        "CNFPT",
        "7",
        "Délégation CNFPT Provence",
        "13001",
        "12",
        ["0", "0", "0"],
        "1100",
        "",
        "",
    ),
    (
        290,
        1,
        "Laïcité et non-discrimination au travail",
        "Cadre juridique",
        "own_agents",
        "Défenseur des droits",
        "3",
        "Médiathèque",
        "13056",
        "20",
        ["0", "0", "0"],
        "0",
        "",
        "",
    ),
    (
        320,
        1,
        "Réseau des référent·es PLCD",
        "Travail en réseau",
        "outside_professionals",
        "IRDSU",
        "6",
        "Maison de la Métropole",
        "13117",
        "30",
        ["0", "0", "0"],
        "700",
        "",
        "",
    ),
];

/// Enters the demo year's sessions through the form's validation; returns
/// how many were entered.
pub(crate) fn load_demo(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize> {
    let year = today.year();
    let jan1 =
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or(Error::Refused("Année invalide.".into()))?;
    let mut count = 0;
    for (i, row) in SESSIONS.iter().enumerate() {
        let (
            offset,
            days,
            title,
            theme,
            audience,
            trainer,
            hours,
            venue,
            commune,
            capacity,
            attended,
            planned,
            actual,
            satisfaction,
        ) = *row;
        let first = jan1 + Duration::days(offset);
        let last = first + Duration::days(days - 1);
        // Sessions already past are held (one of them cancelled, as happens);
        // the others are still ahead of the unit, confirmed or planned.
        let past = last <= today;
        let cancelled = past && i == 5;
        let status = match (past, cancelled, i % 2) {
            (_, true, _) => "cancelled",
            (true, false, _) => "held",
            (false, _, 0) => "confirmed",
            _ => "planned",
        };
        let held = status == "held";
        let input = TrainingInput {
            title: title.into(),
            theme: theme.into(),
            audience: audience.into(),
            trainer: trainer.into(),
            format: if i == 2 { "remote" } else { "in_person" }.into(),
            first_day: format_date_fr(first),
            last_day: format_date_fr(last),
            hours: hours.into(),
            venue: venue.into(),
            commune_insee: commune.into(),
            capacity: capacity.into(),
            registered: if held {
                (capacity.parse::<i64>().unwrap_or(0) - 1).to_string()
            } else {
                String::new()
            },
            attended_women: if held {
                attended[0].into()
            } else {
                String::new()
            },
            attended_men: if held {
                attended[1].into()
            } else {
                String::new()
            },
            attended_unstated: if held {
                attended[2].into()
            } else {
                String::new()
            },
            planned_cost: planned.into(),
            actual_cost: if held { actual.into() } else { String::new() },
            status: status.into(),
            cancel_reason: if cancelled {
                "Intervenant indisponible, session reportée.".into()
            } else {
                String::new()
            },
            satisfaction: if held {
                satisfaction.into()
            } else {
                String::new()
            },
            notes: String::new(),
        };
        create(conn, actor, today, now, &input)?;
        count += 1;
    }
    Ok(count)
}
