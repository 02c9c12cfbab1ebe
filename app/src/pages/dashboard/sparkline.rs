//! A sparkline's geometry: a series of figures as the `points` of an SVG `<polyline>`, pure so
//! it is tested natively and drawn the same on both sides.

/// The polyline points of `values`, oldest first, spread evenly from the left edge to the
/// right edge of a `width` × `height` box: 0 on the bottom edge, the largest value on the top
/// edge. A single value is a level line across the box, so a lone figure still shows; no
/// values is no points. Values that are negative or not finite count as 0, so a point is never
/// NaN and never leaves the box.
pub fn points(values: &[f64], width: f64, height: f64) -> String {
    let clean: Vec<f64> = values
        .iter()
        .map(|&value| {
            if value.is_finite() {
                value.max(0.0)
            } else {
                0.0
            }
        })
        .collect();
    let max = clean.iter().copied().fold(0.0, f64::max);
    let y = |value: f64| {
        if max > 0.0 {
            height - value / max * height
        } else {
            height
        }
    };
    let point = |x: f64, value: f64| format!("{},{}", round(x), round(y(value)));
    let drawn: Vec<String> = match clean.as_slice() {
        [] => Vec::new(),
        [only] => vec![point(0.0, *only), point(width, *only)],
        many => {
            let step = width / (many.len() - 1) as f64;
            many.iter()
                .enumerate()
                .map(|(index, &value)| point(index as f64 * step, value))
                .collect()
        }
    };
    drawn.join(" ")
}

/// Two decimals are finer than any screen draws, and keep the attribute short.
fn round(coordinate: f64) -> f64 {
    (coordinate * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(points: &str) -> Vec<(f64, f64)> {
        points
            .split(' ')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (x, y) = pair.split_once(',').expect("x,y");
                (x.parse().expect("x"), y.parse().expect("y"))
            })
            .collect()
    }

    #[test]
    fn no_values_draw_nothing() {
        assert_eq!(points(&[], 100.0, 30.0), "");
    }

    #[test]
    fn a_single_value_is_a_level_line_across_the_box() {
        assert_eq!(points(&[7.0], 100.0, 30.0), "0,0 100,0");
        assert_eq!(points(&[0.0], 100.0, 30.0), "0,30 100,30");
    }

    #[test]
    fn a_flat_series_is_a_level_line() {
        assert_eq!(points(&[5.0, 5.0, 5.0], 100.0, 30.0), "0,0 50,0 100,0");
        assert_eq!(points(&[0.0, 0.0], 100.0, 30.0), "0,30 100,30");
    }

    #[test]
    fn the_largest_value_touches_the_top_and_zero_the_bottom() {
        assert_eq!(
            pairs(&points(&[0.0, 10.0, 5.0, 2.5, 0.0], 120.0, 40.0)),
            [
                (0.0, 40.0),
                (30.0, 0.0),
                (60.0, 20.0),
                (90.0, 30.0),
                (120.0, 40.0)
            ]
        );
    }

    #[test]
    fn points_are_spread_over_the_whole_width_oldest_first() {
        let xs: Vec<f64> = pairs(&points(&[1.0, 2.0, 3.0, 4.0], 90.0, 30.0))
            .into_iter()
            .map(|(x, _)| x)
            .collect();
        assert_eq!(xs, [0.0, 30.0, 60.0, 90.0]);
    }

    #[test]
    fn broken_values_count_as_zero_and_never_make_nan() {
        let drawn = points(
            &[f64::NAN, f64::INFINITY, -3.0, 4.0, f64::NEG_INFINITY],
            100.0,
            20.0,
        );
        assert!(!drawn.contains("NaN") && !drawn.contains("inf"), "{drawn}");
        assert_eq!(
            pairs(&drawn),
            [
                (0.0, 20.0),
                (25.0, 20.0),
                (50.0, 20.0),
                (75.0, 0.0),
                (100.0, 20.0)
            ]
        );
        let all_broken = points(&[f64::NAN, f64::NAN], 100.0, 20.0);
        assert_eq!(all_broken, "0,20 100,20");
    }

    #[test]
    fn coordinates_are_rounded_to_two_decimals() {
        assert_eq!(points(&[1.0, 3.0, 2.0], 100.0, 30.0), "0,20 50,0 100,10");
        assert_eq!(
            pairs(&points(&[1.0, 1.0, 1.0, 3.0], 100.0, 10.0))[1].0,
            33.33
        );
    }
}
