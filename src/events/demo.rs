//! The demo year's week and events (seed 004): an edition around 21 March,
//! the international day for the elimination of racial discrimination, with a
//! festive day that brings inhabitants in, and the events held outside the
//! week: the launch workshop at the Camp des Milles memorial, the managers'
//! conference, the day that celebrates mentoring agents. Everything goes
//! through the validated create functions, as a user's entries would.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rusqlite::Connection;

use super::{create_campaign_item, create_edition, create_event};
use super::{CampaignInput, CostLineInput, EditionInput, EventInput};
use crate::error::{Error, Result};
use crate::input::format_date_fr;
use crate::rights::Actor;

/// One demo event: (day offset from the edition's Monday, or `None` with a
/// day of the year for a standalone event), times, title, kind, venue,
/// commune, organiser, partners, public, capacity, expected, attendance
/// (women, men, not stated), cost lines.
struct DemoEvent {
    in_week: Option<i64>,
    day_of_year: i64,
    start: &'static str,
    end: &'static str,
    title: &'static str,
    kind: &'static str,
    venue: &'static str,
    commune: &'static str,
    organiser: &'static str,
    partners: &'static str,
    public: &'static str,
    capacity: &'static str,
    expected: &'static str,
    attended: [&'static str; 3],
    costs: &'static [(&'static str, &'static str, &'static str)],
    description: &'static str,
}

const EVENTS: &[DemoEvent] = &[
    DemoEvent {
        in_week: None,
        day_of_year: 40,
        start: "09:30",
        end: "16:30",
        title: "Lancement du plan au site-mémorial du Camp des Milles",
        kind: "workshop",
        venue: "Site-mémorial du Camp des Milles",
        commune: "13001",
        organiser: "Métropole Aix-Marseille-Provence",
        partners: "Fondation du Camp des Milles",
        public: "agents",
        capacity: "80",
        expected: "70",
        attended: ["38", "27", "3"],
        costs: &[
            (
                "Visite guidée et salle",
                "Fondation du Camp des Milles",
                "1 800",
            ),
            ("Déjeuner", "Traiteur Le Relais", "1 450,50"),
        ],
        description:
            "Workshop des élu·es et directions générales pour lancer la dynamique métropolitaine.",
    },
    DemoEvent {
        in_week: Some(0),
        day_of_year: 0,
        start: "18:00",
        end: "20:00",
        title: "Conférence d’ouverture : briser le mur du silence",
        kind: "conference",
        venue: "Hôtel de la Métropole",
        commune: "13055",
        organiser: "Métropole Aix-Marseille-Provence",
        partners: "Défenseur des droits",
        public: "general_public",
        capacity: "200",
        expected: "150",
        attended: ["92", "61", "7"],
        costs: &[
            ("Intervention et déplacement", "Défenseur des droits", "0"),
            ("Captation vidéo", "Studio Vieux-Port", "900"),
        ],
        description: "Ouverture de la semaine par la vice-présidente déléguée.",
    },
    DemoEvent {
        in_week: Some(1),
        day_of_year: 0,
        start: "14:00",
        end: "17:00",
        title: "Atelier « Connaître ses droits » au centre social",
        kind: "workshop",
        venue: "Centre social Les Amandiers",
        commune: "13117",
        organiser: "Ville de Vitrolles",
        partners: "Point d’accès au droit",
        public: "adults",
        capacity: "25",
        expected: "20",
        attended: ["14", "6", "0"],
        costs: &[("Animation", "Association Juris Sud", "450")],
        description: "",
    },
    DemoEvent {
        in_week: Some(2),
        day_of_year: 0,
        start: "09:00",
        end: "12:00",
        title: "Théâtre-forum au collège",
        kind: "school_youth",
        venue: "Collège Louis-Aragon",
        commune: "13063",
        organiser: "Ville de Miramas",
        partners: "Compagnie Théâtre de l’Éveil",
        public: "young_people",
        capacity: "120",
        expected: "110",
        attended: ["", "", ""],
        costs: &[("Représentation", "Compagnie Théâtre de l’Éveil", "1 200")],
        description: "Deux classes de 3e jouent et rejouent des scènes de discrimination.",
    },
    DemoEvent {
        in_week: Some(3),
        day_of_year: 0,
        start: "19:00",
        end: "22:00",
        title: "Ciné-débat : « Les Misérables »",
        kind: "screening_debate",
        venue: "Cinéma Lumière",
        commune: "13028",
        organiser: "Ville de La Ciotat",
        partners: "Ligue des droits de l’Homme",
        public: "general_public",
        capacity: "180",
        expected: "120",
        attended: ["48", "41", "0"],
        costs: &[("Droits de projection", "Cinéma Lumière", "350")],
        description: "Projection suivie d’un débat avec la Ligue des droits de l’Homme.",
    },
    DemoEvent {
        in_week: Some(5),
        day_of_year: 0,
        start: "11:00",
        end: "18:00",
        title: "Fête des égalités : village associatif",
        kind: "festive",
        venue: "Cours Mirabeau",
        commune: "13001",
        organiser: "Métropole Aix-Marseille-Provence",
        partners: "Associations du territoire",
        public: "general_public",
        capacity: "",
        expected: "1500",
        attended: ["", "", ""],
        costs: &[
            ("Location de stands", "Événements Provence", "3 200"),
            ("Sonorisation", "Son'Azur", "1 100"),
        ],
        description: "Stands, jeux et expositions des associations, ouverts à toutes et tous.",
    },
    DemoEvent {
        in_week: Some(5),
        day_of_year: 0,
        start: "16:00",
        end: "18:30",
        title: "Concert de clôture",
        kind: "festive",
        venue: "Cours Mirabeau",
        commune: "13001",
        organiser: "Métropole Aix-Marseille-Provence",
        partners: "Conservatoire Darius-Milhaud",
        public: "general_public",
        capacity: "",
        expected: "800",
        attended: ["", "", ""],
        costs: &[(
            "Cachets des musicien·nes",
            "Conservatoire Darius-Milhaud",
            "2 400",
        )],
        description: "",
    },
    DemoEvent {
        in_week: None,
        day_of_year: 160,
        start: "09:00",
        end: "12:30",
        title: "Conférence des managers : recruter sans discriminer",
        kind: "conference",
        venue: "Hôtel de la Métropole",
        commune: "13055",
        organiser: "Direction des ressources humaines",
        partners: "CNFPT",
        public: "agents",
        capacity: "120",
        expected: "100",
        attended: ["51", "39", "0"],
        costs: &[("Intervenante", "Cabinet Égalité Conseil", "1 500")],
        description: "",
    },
    DemoEvent {
        in_week: None,
        day_of_year: 300,
        start: "17:00",
        end: "20:00",
        title: "Journée des parrains et marraines",
        kind: "other",
        venue: "Maison de la Métropole",
        commune: "13056",
        organiser: "Métropole Aix-Marseille-Provence",
        partners: "IRDSU",
        public: "professionals",
        capacity: "60",
        expected: "45",
        attended: ["", "", ""],
        costs: &[("Réception", "Traiteur Le Relais", "850")],
        description:
            "Valoriser les agents qui parrainent de jeunes diplômé·es des quartiers prioritaires.",
    },
];

/// Adds the demo year's edition, events and campaign; returns the number of
/// events written. Events already past are held, with attendance; the
/// school visit is held without a count by sex, as happens in a busy school.
pub fn load_demo(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize> {
    let year = today.year();
    let march21 =
        NaiveDate::from_ymd_opt(year, 3, 21).ok_or(Error::Refused("Année invalide.".into()))?;
    let monday = march21 - Duration::days(march21.weekday().num_days_from_monday() as i64);
    let jan1 =
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or(Error::Refused("Année invalide.".into()))?;
    let edition = create_edition(
        conn,
        actor,
        now,
        &EditionInput {
            theme: "Toutes et tous égaux, toutes et tous concernés".into(),
            first_day: format_date_fr(monday),
            last_day: format_date_fr(monday + Duration::days(5)),
            aims: "Briser le mur du silence en expliquant que toute discrimination est inacceptable ; \
                   permettre à la parole d’émerger collectivement ; replacer les discriminations dans \
                   leur contexte historique, social et culturel."
                .into(),
        },
    )?;
    let mut count = 0;
    for (i, d) in EVENTS.iter().enumerate() {
        let day = match d.in_week {
            Some(offset) => monday + Duration::days(offset),
            None => jan1 + Duration::days(d.day_of_year),
        };
        let past = day <= today;
        let counted = d.attended.iter().any(|a| !a.is_empty());
        // The school visit is held with a total only: its split was not counted.
        let (total, split) = match (past, counted) {
            (true, true) => (String::new(), d.attended.map(String::from)),
            (true, false) => (
                d.expected.to_string(),
                [String::new(), String::new(), String::new()],
            ),
            _ => (String::new(), [String::new(), String::new(), String::new()]),
        };
        let [women, men, unstated] = split;
        let input = EventInput {
            edition_id: d.in_week.map(|_| edition.id),
            title: d.title.into(),
            kind: d.kind.into(),
            day: format_date_fr(day),
            start_time: d.start.into(),
            end_time: d.end.into(),
            venue: d.venue.into(),
            commune_insee: d.commune.into(),
            organiser: d.organiser.into(),
            partners: d.partners.into(),
            public: d.public.into(),
            registration_required: !d.capacity.is_empty(),
            capacity: d.capacity.into(),
            expected_attendance: d.expected.into(),
            attended_total: total,
            attended_women: women,
            attended_men: men,
            attended_unstated: unstated,
            status: match (past, i % 2) {
                (true, _) => "held",
                (false, 0) => "confirmed",
                _ => "planned",
            }
            .into(),
            cancel_reason: String::new(),
            description: d.description.into(),
            costs: d
                .costs
                .iter()
                .map(|(object, supplier, amount)| CostLineInput {
                    object: (*object).into(),
                    supplier: (*supplier).into(),
                    amount: (*amount).into(),
                })
                .collect(),
        };
        create_event(conn, actor, today, now, &input)?;
        count += 1;
    }
    let campaign: [(&str, &str, &str, i64, i64, &str, &str); 4] = [
        (
            "posters",
            "Affichage abribus sur les 92 communes",
            "Afficheur Métropole",
            -14,
            6,
            "4 800",
            "250000",
        ),
        (
            "press",
            "Encart dans le magazine métropolitain",
            "Métropole Mag",
            -7,
            0,
            "1 200",
            "400000",
        ),
        (
            "radio",
            "Spots sur la radio locale",
            "Radio Grenouille",
            -3,
            5,
            "2 100",
            "60000",
        ),
        (
            "social_media",
            "Campagne sur les réseaux sociaux",
            "",
            -7,
            6,
            "",
            "85000",
        ),
    ];
    for (kind, description, supplier, from, to, cost, reach) in campaign {
        create_campaign_item(
            conn,
            actor,
            now,
            &CampaignInput {
                edition_id: edition.id,
                kind: kind.into(),
                description: description.into(),
                supplier: supplier.into(),
                first_day: format_date_fr(monday + Duration::days(from)),
                last_day: format_date_fr(monday + Duration::days(to)),
                cost: cost.into(),
                reach: reach.into(),
            },
        )?;
    }
    Ok(count)
}
