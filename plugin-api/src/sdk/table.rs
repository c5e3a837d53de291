//! Listings as parc prints them: an aligned table under upper-case headers,
//! so that a plugin's commands read like the host's own (`parc computer
//! list`), and the host and every plugin share one layout.

/// `rows` under `headers` (printed in upper case): each column padded to
/// its widest cell, columns two spaces apart, no trailing spaces, one line
/// per row ending in a newline. Cells are printed as given; parc writes `-`
/// for an absent value.
///
/// # Example
/// ```
/// let text = parc_plugin_api::table(
///     &["id", "name"],
///     &[vec!["1".into(), "pc-01".into()], vec!["12".into(), "-".into()]],
/// );
/// assert_eq!(text, "ID  NAME\n1   pc-01\n12  -\n");
/// ```
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let upper: Vec<String> = headers.iter().map(|h| h.to_uppercase()).collect();
    let width = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .chain([&upper[i]])
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..headers.len()).map(width).collect();
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (cell, w) in cells.zip(&widths) {
            if !text.is_empty() {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(
                ' ',
                w.saturating_sub(cell.chars().count()),
            ));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&mut upper.iter().map(String::as_str));
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::table;

    #[test]
    fn columns_align_on_their_widest_cell_in_characters() {
        let text = table(
            &["id", "name", "tag"],
            &[
                vec!["1".into(), "écran".into(), "PARIS".into()],
                vec!["1234".into(), "pc".into(), String::new()],
            ],
        );
        assert_eq!(text, "ID    NAME   TAG\n1     écran  PARIS\n1234  pc\n");
        assert_eq!(table(&["id"], &[]), "ID\n");
        // Widths are those of the printed (upper-case) header.
        assert_eq!(
            table(&["straße", "x"], &[vec!["a".into(), "b".into()]]),
            "STRASSE  X\na        b\n"
        );
    }
}
