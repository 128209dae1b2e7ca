//! Territory colours on the ready-made scenarios: in every model, no two neighbouring
//! territories (touching, or nearest by centre) share a colour, and the map uses more of the
//! palette than a plain four-colouring would.

use std::collections::BTreeSet;

use visit_sandbox::charts::colouring::{
    clashes, nearest_customers, neighbours, territory_colours, territory_colours_near,
};
use visit_sandbox::core::compare::{compare_with, Options};
use visit_sandbox::core::generate::{generate, Preset};
use visit_sandbox::core::geo::Point;

#[test]
fn neighbouring_territories_never_share_a_colour_on_the_presets() {
    for preset in [Preset::County, Preset::Urban, Preset::Rural] {
        let sc = generate(preset, 42).expect("preset");
        let opt = Options {
            calendar: false,
            headcount_search: false,
            ..Options::default()
        };
        let cmp = compare_with(&sc, &opt).expect("compare");
        let pts: Vec<Point> = sc.customers.iter().map(|c| c.pos).collect();
        // Found once and shared by the models, as the page's outcome does.
        let near = nearest_customers(&pts);
        for m in &cmp.models {
            let n = m.assignment.staff.len();
            let owner: Vec<usize> = (0..pts.len()).map(|c| m.assignment.main_staff(c)).collect();
            let adj = neighbours(&pts, &owner, n);
            let colour = territory_colours(&pts, &owner, n);
            assert_eq!(colour, territory_colours_near(&pts, &near, &owner, n));
            assert_eq!(colour.len(), n);
            let clash = clashes(&adj, &colour);
            assert!(
                clash.is_empty(),
                "{} {:?}: neighbours sharing a colour {clash:?}",
                preset.id(),
                m.model
            );
            // Every territory with customers has a neighbour (the map is one piece).
            let served: BTreeSet<usize> = owner.iter().copied().collect();
            for &s in &served {
                assert!(!adj[s].is_empty(), "{} territory {s} alone", preset.id());
            }
            let distinct = colour.iter().collect::<BTreeSet<_>>().len();
            if n >= 9 {
                assert!(
                    distinct >= 7,
                    "{} {:?}: {n} territories in only {distinct} colours",
                    preset.id(),
                    m.model
                );
            }
        }
    }
}
