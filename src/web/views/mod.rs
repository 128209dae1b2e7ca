pub mod assumptions;
pub mod what_if;
