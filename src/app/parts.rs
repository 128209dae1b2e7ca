//! A large reply in parts. Reading a city's outcome (50,000 customers, 27 MB of JSON) in one
//! message held the page for a fifth of a second. The worker sends the scenario's customers
//! ahead in parts (`Reply::Customers`), then each model (`Reply::Model`), and the reply itself
//! without them (`into_parts`); the page reads each part as its own task and puts the reply
//! back together (`Assembler`). Plain data on both sides, so both are tested natively;
//! `web::worker` only posts and receives.

use std::rc::Rc;
use std::sync::Arc;

use super::outcome::ModelView;
use super::protocol::Reply;
use crate::core::scenario::Customer;

/// Customers per part: about 0.7 MB of JSON. 5,000 was read in 40-50 ms while the page's
/// thread had a core of its own; with the helpers computing the calendars on both cores while
/// the page reads the assignment, two parts of 2,500 took 54-57 ms, and one of a province's
/// 63 ms.
pub const CUSTOMERS_PER_PART: usize = 1_500;

/// The messages that carry `reply`: for a `Done`, `Imported` or `Rederived` whose scenario has
/// more than `per_part` customers, the customers in parts of `per_part`, a `Done`'s models one
/// by one, and then the reply without them; any other reply as it is. A `Done` whose customers were
/// left out (its `list`) still sends its models one by one: each has a column per customer.
pub fn into_parts(reply: Reply, per_part: usize) -> Vec<Reply> {
    let per_part = per_part.max(1);
    let mut reply = reply;
    let (id, customers) = match &mut reply {
        Reply::Done {
            id, outcome, list, ..
        } if outcome.scenario.customers.len() > per_part || list.is_some() => {
            (*id, &mut outcome.scenario.customers)
        }
        Reply::Imported { id, scenario } if scenario.customers.len() > per_part => {
            (*id, &mut scenario.customers)
        }
        // Shared with the list the worker keeps: the parts take a copy.
        Reply::Rederived { id, scenario, .. } if scenario.customers.len() > per_part => {
            (*id, &mut Rc::make_mut(scenario).customers)
        }
        _ => return vec![reply],
    };
    // Moved into the parts, not copied, unless another scenario shares them (the list the
    // worker keeps): a city's customers are megabytes of text.
    let mut rest = Arc::unwrap_or_clone(std::mem::take(customers)).into_iter();
    let mut out = Vec::new();
    loop {
        let part: Vec<Customer> = rest.by_ref().take(per_part).collect();
        if part.is_empty() {
            break;
        }
        out.push(Reply::Customers {
            id,
            customers: part,
        });
    }
    if let Reply::Done { outcome, .. } = &mut reply {
        out.extend(
            std::mem::take(&mut outcome.models)
                .into_iter()
                .map(|m| Reply::Model {
                    id,
                    model: Box::new(m),
                }),
        );
    }
    out.push(reply);
    out
}

/// The page's end: gathers the parts of one reply and gives back whole replies.
#[derive(Debug, Default)]
pub struct Assembler {
    /// The id the gathered customers belong to.
    id: Option<u64>,
    customers: Vec<Customer>,
    models: Vec<ModelView>,
}

impl Assembler {
    /// `None` while a reply's parts arrive; the whole reply when it is complete, and every
    /// other reply as it came. Parts of another id than the ones gathered start afresh (a
    /// reply the page no longer waits for is dropped whole).
    pub fn take(&mut self, reply: Reply) -> Option<Reply> {
        match reply {
            Reply::Customers { id, customers } => {
                self.start(id);
                self.customers.extend(customers);
                None
            }
            Reply::Model { id, model } => {
                self.start(id);
                self.models.push(*model);
                None
            }
            Reply::Done {
                id,
                mut outcome,
                list,
            } => {
                let empty = outcome.scenario.customers.is_empty() && outcome.models.is_empty();
                if let Some((customers, models)) = self.gathered(id, empty) {
                    outcome.scenario.customers = customers.into();
                    outcome.models = models;
                }
                Some(Reply::Done { id, outcome, list })
            }
            Reply::Imported { id, mut scenario } => {
                if let Some((customers, _)) = self.gathered(id, scenario.customers.is_empty()) {
                    scenario.customers = customers.into();
                }
                Some(Reply::Imported { id, scenario })
            }
            Reply::Rederived {
                id,
                keep,
                rules,
                mut scenario,
            } => {
                if let Some((customers, _)) = self.gathered(id, scenario.customers.is_empty()) {
                    // Read from its message: not shared, so nothing is copied.
                    Rc::make_mut(&mut scenario).customers = customers.into();
                }
                Some(Reply::Rederived {
                    id,
                    keep,
                    rules,
                    scenario,
                })
            }
            other => Some(other),
        }
    }

    /// Parts of `id` arrive: those of another id are dropped.
    fn start(&mut self, id: u64) {
        if self.id != Some(id) {
            self.id = Some(id);
            self.customers.clear();
            self.models.clear();
        }
    }

    /// The customers and models gathered for `id`, if the reply came without its own
    /// (`empty`); the assembler is empty afterwards either way.
    fn gathered(&mut self, id: u64, empty: bool) -> Option<(Vec<Customer>, Vec<ModelView>)> {
        let mine = self.id.take() == Some(id);
        let customers = std::mem::take(&mut self.customers);
        let models = std::mem::take(&mut self.models);
        (mine && empty).then_some((customers, models))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::protocol::Request;
    use crate::app::session;

    fn done(customers: Option<usize>) -> Reply {
        let req = Request {
            id: 3,
            customers,
            ..Request::of_preset("rural", 5)
        };
        session::run(&req, &mut |_| {})
    }

    /// Through JSON, as the messages cross.
    fn crossed(r: &Reply) -> Reply {
        serde_json::from_slice(&serde_json::to_vec(r).expect("to json")).expect("from json")
    }

    #[test]
    fn a_reply_in_parts_is_put_back_together_whole() {
        let whole = done(None);
        let Reply::Done { outcome, .. } = &whole else {
            panic!("not done: {whole:?}");
        };
        let n = outcome.scenario.customers.len();
        assert!(n > 1000, "{n} customers");
        let parts = into_parts(whole.clone(), 300);
        let k = n.div_ceil(300);
        assert_eq!(parts.len(), k + outcome.models.len() + 1);
        assert!(parts[..k]
            .iter()
            .all(|p| matches!(p, Reply::Customers { id: 3, customers } if customers.len() <= 300)));
        assert!(parts[k..parts.len() - 1]
            .iter()
            .all(|p| matches!(p, Reply::Model { id: 3, .. })));
        let mut page = Assembler::default();
        let mut out = Vec::new();
        for p in &parts {
            out.extend(page.take(crossed(p)));
        }
        assert_eq!(out, vec![whole]);
        assert!(page.customers.is_empty() && page.models.is_empty() && page.id.is_none());
    }

    #[test]
    fn small_and_other_replies_pass_as_they_are() {
        let small = done(Some(200));
        assert_eq!(into_parts(small.clone(), 300), vec![small.clone()]);
        let mut page = Assembler::default();
        assert_eq!(page.take(small.clone()), Some(small));
        let other = Reply::Progress {
            id: 3,
            done: 1,
            total: 5,
        };
        assert_eq!(into_parts(other.clone(), 1), vec![other.clone()]);
        assert_eq!(page.take(other.clone()), Some(other));
    }

    #[test]
    fn parts_of_a_dropped_reply_are_not_mixed_into_the_next() {
        let whole = done(None);
        let mut parts = into_parts(whole.clone(), 400);
        let mut page = Assembler::default();
        // Parts of an earlier request (id 2) whose reply never came.
        let Reply::Customers { customers, .. } = parts[0].clone() else {
            panic!("not a part");
        };
        assert_eq!(page.take(Reply::Customers { id: 2, customers }), None);
        let last = parts.pop().expect("reply");
        for p in parts {
            assert_eq!(page.take(p), None);
        }
        assert_eq!(page.take(last), Some(whole.clone()));
        // A reply of another id after stray parts: those parts are dropped, not attached.
        let Reply::Customers { customers, .. } = into_parts(whole.clone(), 400)[0].clone() else {
            panic!("not a part");
        };
        page.take(Reply::Customers { id: 9, customers });
        let small = done(Some(200));
        assert_eq!(page.take(small.clone()), Some(small));
        assert!(page.customers.is_empty());
    }

    #[test]
    fn a_derived_list_crosses_in_parts_and_the_worker_keeps_its_own() {
        let mut sc = crate::core::generate::generate(crate::core::generate::Preset::Rural, 2)
            .expect("preset");
        sc.source = "imported".into();
        let kept = Rc::new(sc);
        let whole = Reply::Rederived {
            id: 7,
            keep: 3,
            rules: Box::default(),
            scenario: kept.clone(),
        };
        let parts = into_parts(whole.clone(), 400);
        let n = kept.customers.len();
        assert_eq!(parts.len(), n.div_ceil(400) + 1);
        // The worker's list is not emptied by the parts taken from the reply.
        assert_eq!(kept.customers.len(), n);
        let mut page = Assembler::default();
        let mut out = Vec::new();
        for p in parts {
            let crossed: Reply = serde_json::from_slice(&serde_json::to_vec(&p).expect("to json"))
                .expect("from json");
            out.extend(page.take(crossed));
        }
        assert_eq!(out, vec![whole]);
    }
}
