//! Integration tests of the Plan LCD core: one binary, one module per area,
//! every test on a database that ran every migration.

mod util;

mod audit;
mod backup;
mod cli;
mod crash;
mod demo;
mod export;
mod store;
mod territory;
mod training_list;
mod training_rules;
mod training_stats;
