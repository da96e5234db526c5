//! SVG charts drawn by Leptos (no chart library). Each chart is a `<figure>` with a title,
//! labelled axes, and its data as a table for screen readers and for reading exact values.
//! Everything is a pure function of the data, so server and browser render the same markup.
mod bars;
mod daily;
mod hardest;
mod load;
mod radar;

pub use bars::BarList;
pub use daily::DayBars;
pub use hardest::HardestChart;
pub use load::{LoadChart, LoadChartLater};
pub use radar::RadarChart;

use leptos::prelude::*;

/// Charts are drawn twice: this wide for tablets and desktops, and [`NARROW`] for phones,
/// where a 640-unit drawing would shrink its text to 5 px. CSS shows one (style/main.css).
pub(crate) const WIDE: f64 = 640.0;
pub(crate) const NARROW: f64 = 320.0;

/// The class of a chart's `<svg>` drawn `w` units wide.
pub(crate) fn svg_class(w: f64) -> &'static str {
    if w < WIDE {
        "chart-svg narrow"
    } else {
        "chart-svg wide"
    }
}

/// A round number at or above `max`, so the axis reads well (1, 2, 5 × 10^n).
pub(crate) fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * magnitude)
}

/// The figure around a chart: title, the drawing, and the same data as a table.
#[component]
pub(crate) fn ChartFigure(
    id: &'static str,
    title: &'static str,
    /// Column headings of the data table.
    columns: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    children: Children,
) -> impl IntoView {
    let caption = format!("{id}-title");
    let labelled_by = caption.clone();
    view! {
        <figure class="chart" aria-labelledby={labelled_by}>
            <figcaption id={caption}>{title}</figcaption>
            {children()}
            <details>
                <summary>"Show the data as a table"</summary>
                <table>
                    <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>{r.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(130.0), 200.0);
        assert_eq!(nice_ceiling(2000.0), 2000.0);
        assert_eq!(nice_ceiling(2001.0), 5000.0);
    }
}
