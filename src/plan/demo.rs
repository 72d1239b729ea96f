//! The demo year's plan (seed 004): the two axes, "an exemplary institution"
//! and "a resource for the territory and its 92 communes", plus the awareness
//! campaign and festive event, with indicators and links to the demo year's
//! trainings, events, grants and budget lines. Runs after the other modules'
//! demos, so that what the actions link to exists.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::Connection;

use super::*;
use crate::error::Result;
use crate::rights::Actor;

/// (label, unit, target, achieved)
type Ind = (&'static str, &'static str, &'static str, &'static str);

/// (title, owner, status, description, indicators, links as (kind, words of the label))
type Act = (
    &'static str,
    &'static str,
    ActionStatus,
    &'static str,
    &'static [Ind],
    &'static [(LinkKind, &'static str)],
);

const EXEMPLARY: &[Act] = &[
    (
        "Conférence managériale sur les discriminations",
        "Direction des ressources humaines",
        ActionStatus::InProgress,
        "Une conférence avec des spécialistes et des outils pour les directions générales adjointes.",
        &[("Managers présent·es", "personnes", "80", "")],
        &[(LinkKind::Event, "Conférence des managers")],
    ),
    (
        "Plan de formation des agents",
        "Chef·fe de projet PMLCD",
        ActionStatus::InProgress,
        "Formations avec le Défenseur des droits, le CNFPT et l’IRDSU.",
        &[
            ("Sessions réalisées", "sessions", "8", "5"),
            ("Agents formés", "agents", "120", "96"),
        ],
        &[
            (LinkKind::Training, "Comprendre le droit"),
            (LinkKind::Training, "recrutement"),
            (LinkKind::BudgetLine, "Formations"),
        ],
    ),
    (
        "Guide de bonnes pratiques pour les agents",
        "Chef·fe de projet PMLCD",
        ActionStatus::ToStart,
        "Un guide sur la prévention des discriminations, diffusé à tous les agents.",
        &[("Guide publié", "guide", "1", "0")],
        &[(LinkKind::BudgetLine, "Études")],
    ),
    (
        "Labels AFNOR diversité et égalité professionnelle",
        "Direction générale des services",
        ActionStatus::Postponed,
        "Candidature aux deux labels une fois les engagements tenus.",
        &[("Labels obtenus", "labels", "2", "0")],
        &[],
    ),
    (
        "Stages pour les jeunes des quartiers prioritaires",
        "Direction des ressources humaines",
        ActionStatus::InProgress,
        "Stages de 3e et stages de 2e et 3e cycle.",
        &[
            ("Stagiaires de 3e accueilli·es", "stagiaires", "20", "24"),
            ("Stagiaires de 2e et 3e cycle", "stagiaires", "10", "6"),
        ],
        &[],
    ),
    (
        "Parrainage de jeunes diplômé·es",
        "Direction des ressources humaines",
        ActionStatus::Done,
        "Des agents volontaires parrainent de jeunes diplômé·es de 3e cycle ; une journée dédiée.",
        &[("Binômes de parrainage", "binômes", "15", "15")],
        &[],
    ),
];

const RESOURCE: &[Act] = &[
    (
        "État des lieux de l’offre et veille stratégique",
        "Chef·fe de projet PMLCD",
        ActionStatus::InProgress,
        "Recenser l’offre du territoire et suivre les actions innovantes ailleurs.",
        &[("Notes de veille diffusées", "notes", "4", "2")],
        &[(LinkKind::BudgetLine, "Études")],
    ),
    (
        "Création et valorisation d’outils",
        "Chef·fe de projet PMLCD",
        ActionStatus::ToStart,
        "Outils pour les professionnel·les, sur la plateforme ressources.",
        &[("Outils mis en ligne", "outils", "3", "")],
        &[(LinkKind::BudgetLine, "Plateforme")],
    ),
    (
        "Offre de formation externe",
        "Chef·fe de projet PMLCD",
        ActionStatus::InProgress,
        "Formations pour les acteurs du territoire : professionnel·les, bénévoles, associations.",
        &[("Acteurs locaux formés", "personnes", "60", "45")],
        &[
            (LinkKind::Training, "politique de la ville"),
            (LinkKind::Training, "Accès aux droits"),
        ],
    ),
    (
        "Travail en réseau des territoires",
        "Chef·fe de projet PMLCD",
        ActionStatus::InProgress,
        "Rencontres des communes et conseils de territoire engagés, avec la DRJSCS.",
        &[("Rencontres du réseau", "rencontres", "4", "3")],
        &[],
    ),
    (
        "Fonds d’initiative annuel",
        "Chef·fe de projet PMLCD",
        ActionStatus::InProgress,
        "Soutien aux plans locaux et aux actions des communes sans PLCD.",
        &[
            ("Projets soutenus", "projets", "6", "4"),
            ("Communes sans PLCD soutenues", "communes", "2", "2"),
        ],
        &[
            (LinkKind::Grant, "Mes droits face aux discriminations"),
            (LinkKind::Grant, "formation des agents d’accueil"),
            (LinkKind::BudgetLine, "Fonds"),
        ],
    ),
];

const AWARENESS: &[Act] = &[
    (
        "Campagne de communication annuelle",
        "Direction de la communication",
        ActionStatus::Done,
        "Pendant la semaine de lutte contre les discriminations, sur toute la Métropole.",
        &[("Affiches posées", "affiches", "400", "450")],
        &[(LinkKind::BudgetLine, "Communication")],
    ),
    (
        "Événement festif avec les habitant·es",
        "Chef·fe de projet PMLCD",
        ActionStatus::Done,
        "Un temps festif et des échanges d’expertises pour donner de la visibilité au travail mené.",
        &[("Participant·es", "personnes", "500", "")],
        &[
            (LinkKind::Event, "Fête des égalités"),
            (LinkKind::Event, "Concert de clôture"),
            (LinkKind::BudgetLine, "Événements"),
        ],
    ),
];

pub fn load_demo(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let year = today.year();
    let options = link_options(conn, year)?;
    let axes_of_plan: [(&str, &[Act]); 3] = [
        (
            "Une institution exemplaire en matière de lutte contre les discriminations et d’égalité professionnelle",
            EXEMPLARY,
        ),
        (
            "Une ressource pour le territoire et ses 92 communes",
            RESOURCE,
        ),
        ("Sensibiliser les habitant·es", AWARENESS),
    ];
    for (title, list) in axes_of_plan {
        let axis = create_axis(
            conn,
            actor,
            now,
            &AxisInput {
                title: title.into(),
            },
        )?;
        for (title, owner, status, description, indicators, links) in list.iter() {
            let links = links
                .iter()
                .filter_map(|(kind, words)| {
                    options
                        .iter()
                        .find(|o| o.kind == *kind && o.label.contains(words))
                        .map(|o| LinkInput {
                            kind: kind.code().into(),
                            target_id: o.id,
                        })
                })
                .collect();
            create_action(
                conn,
                actor,
                now,
                &ActionInput {
                    axis_id: Some(axis.id),
                    title: (*title).into(),
                    owner: (*owner).into(),
                    status: status.code().into(),
                    period_start: year.to_string(),
                    period_end: (year + 2).to_string(),
                    description: (*description).into(),
                    indicators: indicators
                        .iter()
                        .map(|(label, unit, target, achieved)| PlanIndicatorInput {
                            label: (*label).into(),
                            unit: (*unit).into(),
                            year: year.to_string(),
                            target: (*target).into(),
                            achieved: (*achieved).into(),
                        })
                        .collect(),
                    links,
                },
            )?;
        }
    }
    Ok(())
}
