//! Analysis of the coded segments: counts over what consent allows today
//! ([`counts`], which reads the vault), and inter-coder agreement ([`agreement`],
//! pure arithmetic on tables so that the statistics can be checked against
//! published worked examples without a vault).

pub mod agreement;
pub mod counts;
