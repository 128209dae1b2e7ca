//! The page's views, one file each, and the parts of the page around them. Each renders from
//! the state and the shown result and draws its own charts; the app component wires them.

pub mod assumptions;
pub mod calendar;
pub mod compare;
pub mod data;
pub mod learn;
pub mod map;
pub mod page;
pub mod pilot;
pub mod present;
pub mod report;
pub mod review;
pub mod staffing;
pub mod verdict;
pub mod what_if;
