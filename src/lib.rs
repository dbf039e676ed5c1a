//! freightdesk: the back office of a freight broker, as a pipeline.
//!
//! [`intake`] → [`mime`] → [`extract`] (with [`rules`]) → [`store`] → [`checks`] (link and
//! check) → [`notify`], one message at a time in [`pipeline`], driven by [`daemon`] and reached
//! through [`cli`]. The trade's nouns are in [`model`]; the config file in [`config`]; a new
//! site's folder in [`init`].

pub mod billing;
pub mod checks;
pub mod cli;
pub mod config;
pub mod daemon;
pub mod eval;
pub mod extract;
pub mod init;
pub mod intake;
pub mod mime;
pub mod model;
pub mod noa;
pub mod notify;
pub mod pipeline;
pub mod rules;
pub mod store;
pub mod web;
