//! Integration tests of the Plan LCD core: one binary, one module per area,
//! every test on a database that ran every migration.

mod util;

mod audit;
mod backup;
/// Budget and FTE: rules on their boundaries, a hand-computed year, the summary.
mod budget;
/// The year's figures, restes à réaliser carried over, the vote and the closing.
mod budget_year_end;
mod cli;
mod crash;
mod dates;
mod demo;
mod event_documents;
mod events;
mod export;
mod fund_dashboard;
mod fund_documents;
mod fund_fixtures;
mod fund_lifecycle;
mod fund_money;
mod fund_rules;
mod hostile;
mod import;
/// Grant applications from a Démarches Simplifiées export: created, updated, undone.
mod import_applications;
/// Organisations, partners with their contacts, events, the budget's
/// commitments and payments from spreadsheets.
mod import_kinds;
mod lock;
mod log;
/// Partners, conventions and committees: dates, rules, refusals, schema.
mod partners;
/// The plan's axes and actions: rules, roll-ups, dashboard, per commune, bilan.
mod plan;
/// Privacy: retention, purge, one person's export, the register entry.
mod privacy;
/// Reminders on the boundaries of their windows.
mod reminders;
mod roles;
/// The SCDL file against the official validator; SIRET/SIREN against python-stdnum.
mod scdl;
mod store;
/// `check` against tampering; restore and recovery that leave a sound file.
mod tamper;
mod territory;
mod training_list;
mod training_rules;
mod training_stats;
