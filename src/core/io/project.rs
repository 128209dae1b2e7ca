//! WGS84 longitude/latitude to the local km plane and back (equirectangular about an origin):
//! within a county or a city the error is well under 1 %, far below the road factor's.

use crate::core::geo::Point;
use crate::core::scenario::GeoOrigin;

/// Mean Earth radius, km (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;

fn rad(deg: f64) -> f64 {
    deg * core::f64::consts::PI / 180.0
}

/// The point on the km plane of (`lon`, `lat`).
pub fn to_plane(origin: GeoOrigin, lon: f64, lat: f64) -> Point {
    let k = EARTH_RADIUS_KM * libm::cos(rad(origin.lat));
    Point::new(
        k * rad(lon - origin.lon),
        EARTH_RADIUS_KM * rad(lat - origin.lat),
    )
}

/// (lon, lat) of a point on the km plane.
pub fn to_lon_lat(origin: GeoOrigin, p: Point) -> (f64, f64) {
    let k = EARTH_RADIUS_KM * libm::cos(rad(origin.lat));
    let lon = origin.lon + p.x / k.max(1e-9) * 180.0 / core::f64::consts::PI;
    let lat = origin.lat + p.y / EARTH_RADIUS_KM * 180.0 / core::f64::consts::PI;
    (lon, lat)
}

/// The origin for a set of (lon, lat): the middle of their bounding box.
pub fn origin_of(pts: &[(f64, f64)]) -> Option<GeoOrigin> {
    let first = pts.first()?;
    let (mut lo, mut hi) = (*first, *first);
    for &(x, y) in pts {
        lo = (lo.0.min(x), lo.1.min(y));
        hi = (hi.0.max(x), hi.1.max(y));
    }
    Some(GeoOrigin {
        lon: (lo.0 + hi.0) / 2.0,
        lat: (lo.1 + hi.1) / 2.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_111_km_and_back() {
        let o = GeoOrigin {
            lat: 36.65,
            lon: 117.0,
        };
        let p = to_plane(o, 117.0, 37.65);
        assert!((p.y - 111.19).abs() < 0.05, "{p:?}");
        let q = to_plane(o, 118.0, 36.65);
        assert!((q.x - 89.2).abs() < 0.3, "{q:?}");
        let (lon, lat) = to_lon_lat(o, Point::new(12.5, -3.25));
        let back = to_plane(o, lon, lat);
        assert!((back.x - 12.5).abs() < 1e-9 && (back.y + 3.25).abs() < 1e-9);
    }
}
