//! The journal as CSV, one row per entry, for spreadsheets and for moving between apps.
//!
//! Columns: `date,kind,location,duration_min,rpe,energy,sleep,mood,climbs,pain,notes,tags`
//! (load is derived, so an import recomputes it). Inside a cell, a list uses `;` between
//! items: climbs are `GRADE STYLE [xATTEMPTS] [| NAME]` ("V5 redpoint x3; V6 flash"), pain is
//! `BODY PART[: NOTES]`, tags are comma-separated as in the form. Cells are quoted as RFC 4180.
use super::journal::{ClimbInput, EntryData, EntryInput, PainInput};

pub const HEADER: [&str; 12] = [
    "date",
    "kind",
    "location",
    "duration_min",
    "rpe",
    "energy",
    "sleep",
    "mood",
    "climbs",
    "pain",
    "notes",
    "tags",
];

/// Most rows one import may hold.
pub const MAX_ROWS: usize = 5000;

/// Largest CSV text one import may send: room for [`MAX_ROWS`] rows of about 800 bytes (a
/// dozen climbs and a paragraph of notes each; an exported row is usually far smaller).
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;

/// What a climber reads when a file is over [`MAX_IMPORT_BYTES`].
pub fn too_large_to_import() -> String {
    format!(
        "That file is too large to import at once (limit {} MB). Split it into smaller files \
         and import them one at a time.",
        MAX_IMPORT_BYTES / (1024 * 1024)
    )
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with([' ', '=', '+', '-', '@']) {
        // Leading = + - @ would run as a formula in a spreadsheet: quote and prefix with '.
        let guarded = if cell.starts_with(['=', '+', '-', '@']) {
            format!("'{cell}")
        } else {
            cell.to_string()
        };
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

fn opt(v: Option<u8>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// The entries as CSV, header first.
pub fn to_csv(entries: &[EntryData]) -> String {
    let mut out = HEADER.join(",");
    out.push_str("\r\n");
    for e in entries {
        let climbs: Vec<String> = e
            .climbs
            .iter()
            .map(|c| {
                let mut s = format!("{} {}", c.grade.label, c.style.code());
                if c.attempts > 1 {
                    s.push_str(&format!(" x{}", c.attempts));
                }
                if !c.name.is_empty() {
                    s.push_str(&format!(" | {}", c.name.replace(';', ",")));
                }
                s
            })
            .collect();
        let pain: Vec<String> = e
            .pain
            .iter()
            .map(|p| {
                if p.notes.is_empty() {
                    p.body_part.replace(';', ",")
                } else {
                    format!(
                        "{}: {}",
                        p.body_part.replace([';', ':'], ","),
                        p.notes.replace(';', ",")
                    )
                }
            })
            .collect();
        let cells = [
            e.date.to_string(),
            e.kind.code().to_string(),
            e.location.clone(),
            e.duration_min.to_string(),
            opt(e.rpe),
            opt(e.energy),
            opt(e.sleep),
            opt(e.mood),
            climbs.join("; "),
            pain.join("; "),
            e.notes.clone(),
            e.tags.join(", "),
        ];
        out.push_str(&cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// A row that could not be read, with its line number in the file (header = line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// Splits CSV text into records (RFC 4180: quoted cells may hold commas, quotes, newlines).
/// Each record carries the line it starts on.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, RowError> {
    let mut out = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let (mut line, mut start_line) = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                if !(row.len() == 1 && row[0].trim().is_empty()) {
                    out.push((start_line, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                start_line = line;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(RowError {
            line: start_line,
            message: "A quoted cell is never closed.".into(),
        });
    }
    if any && (!cell.is_empty() || !row.is_empty()) {
        row.push(cell);
        out.push((start_line, row));
    }
    Ok(out)
}

fn parse_climb(item: &str) -> Result<ClimbInput, String> {
    let (main, name) = match item.split_once('|') {
        Some((m, n)) => (m.trim(), n.trim().to_string()),
        None => (item.trim(), String::new()),
    };
    let mut words = main.split_whitespace();
    let grade = words.next().ok_or("it has no grade")?.to_string();
    let style = words.next().unwrap_or("").to_string();
    let attempts = match words.next() {
        None => String::new(),
        Some(a) => a
            .strip_prefix(['x', 'X'])
            .ok_or_else(|| format!("attempts are written x3, not {a:?}"))?
            .to_string(),
    };
    if let Some(extra) = words.next() {
        return Err(format!(
            "unexpected {extra:?} (write GRADE STYLE xATTEMPTS | NAME)"
        ));
    }
    Ok(ClimbInput {
        grade,
        style,
        attempts,
        name,
    })
}

/// One data row of a file, with its line number: the form inputs its cells hold, or why
/// they can't be read. A row that can't be read is reported like a row that fails
/// validation, so the rest of the file can still be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvRow {
    pub line: usize,
    pub input: Result<EntryInput, String>,
}

/// Reads CSV into form inputs, one per data row; the inputs still have to pass
/// `validate_entry`. Only a file that can't be read as a whole fails: empty, without the
/// header, a quoted cell never closed (the rest of the file would be one cell), or more
/// than [`MAX_ROWS`] rows.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRow>, RowError> {
    let mut recs = records(text)?.into_iter();
    let Some((_, header)) = recs.next() else {
        return Err(RowError {
            line: 1,
            message: "The file is empty.".into(),
        });
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header != HEADER {
        return Err(RowError {
            line: 1,
            message: format!("The first line must be the header: {}", HEADER.join(",")),
        });
    }
    let mut out = Vec::new();
    for (line, cells) in recs {
        if out.len() == MAX_ROWS {
            return Err(RowError {
                line,
                message: format!("At most {MAX_ROWS} entries per import."),
            });
        }
        out.push(CsvRow {
            line,
            input: row_input(&cells),
        });
    }
    Ok(out)
}

/// One record's cells as form inputs, or what is wrong with their layout.
fn row_input(cells: &[String]) -> Result<EntryInput, String> {
    if cells.len() != HEADER.len() {
        return Err(format!(
            "Expected {} cells, found {}.",
            HEADER.len(),
            cells.len()
        ));
    }
    // The export's formula guard ('=…) comes off again.
    let c = |i: usize| {
        let t = cells[i].trim();
        match t.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
            _ => t.to_string(),
        }
    };
    let climbs = items(&c(8))
        .enumerate()
        .map(|(i, item)| {
            parse_climb(item).map_err(|e| format!("climb {} ({:?}): {e}.", i + 1, item.trim()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pain = items(&c(9)).map(parse_pain).collect();
    Ok(EntryInput {
        date: c(0),
        kind: c(1),
        location: c(2),
        duration_min: c(3),
        rpe: c(4),
        energy: c(5),
        sleep: c(6),
        mood: c(7),
        climbs,
        pain,
        notes: c(10),
        tags: c(11),
    })
}

/// The `;`-separated items of a list cell, blanks skipped.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').filter(|s| !s.trim().is_empty())
}

/// `BODY PART[: NOTES]`.
fn parse_pain(item: &str) -> PainInput {
    match item.split_once(':') {
        Some((part, notes)) => PainInput {
            body_part: part.trim().into(),
            notes: notes.trim().into(),
        },
        None => PainInput {
            body_part: item.trim().into(),
            notes: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::validate_entry;
    use crate::domain::when::Date;

    fn today() -> Date {
        Date::new(2026, 11, 25).unwrap()
    }

    fn sample() -> Vec<EntryData> {
        let input = EntryInput {
            date: "2026-11-24".into(),
            kind: "bouldering".into(),
            location: "The Arch, London".into(),
            duration_min: "90".into(),
            rpe: "8".into(),
            mood: "4".into(),
            climbs: vec![
                ClimbInput {
                    grade: "V5".into(),
                    style: "redpoint".into(),
                    attempts: "3".into(),
                    name: "The \"Prow\"".into(),
                },
                ClimbInput {
                    grade: "6C+".into(),
                    style: "flash".into(),
                    ..ClimbInput::default()
                },
            ],
            pain: vec![PainInput {
                body_part: "left ring finger".into(),
                notes: "a bit sore".into(),
            }],
            notes: "Line one\nline two, with a comma".into(),
            tags: "power, limit".into(),
            ..EntryInput::default()
        };
        let rest = EntryInput {
            date: "2026-11-25".into(),
            kind: "rest".into(),
            notes: "=cmd()".into(),
            ..EntryInput::default()
        };
        vec![
            validate_entry(&input, today()).unwrap(),
            validate_entry(&rest, today()).unwrap(),
        ]
    }

    #[test]
    fn csv_round_trips_through_the_form_rules() {
        let entries = sample();
        let csv = to_csv(&entries);
        assert!(csv.starts_with("date,kind,location,"));
        let back: Vec<EntryData> = parse_csv(&csv)
            .unwrap()
            .into_iter()
            .map(|r| validate_entry(&r.input.unwrap(), today()).unwrap())
            .collect();
        assert_eq!(back[0], entries[0]);
        assert_eq!(
            back[1].notes, "=cmd()",
            "the formula guard is removed on import"
        );
        assert_eq!(to_csv(&back), csv);
    }

    #[test]
    fn formulas_are_defused_for_spreadsheets() {
        let csv = to_csv(&sample());
        assert!(csv.contains("\"'=cmd()\""), "{csv}");
    }

    #[test]
    fn a_file_that_cannot_be_read_as_a_whole_names_the_line() {
        assert_eq!(parse_csv("").unwrap_err().line, 1);
        assert!(parse_csv("a,b\n").unwrap_err().message.contains("header"));
        let head = HEADER.join(",");
        let err = parse_csv(&format!(
            "{head}\n2026-11-24,bouldering,,60,7,,,,,,,\n\"x,bouldering,,60,7,,,,,,,\n"
        ))
        .unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (3, "A quoted cell is never closed.")
        );
        let many = format!(
            "{head}\n{}",
            "2026-11-23,rest,,,,,,,,,,\n".repeat(MAX_ROWS + 1)
        );
        let err = parse_csv(&many).unwrap_err();
        assert_eq!(err.line, MAX_ROWS + 2);
    }

    /// Each row's line and, for a row that can't be read, its message.
    fn read(rows: &str) -> Vec<(usize, Result<(), String>)> {
        parse_csv(&format!("{}\n{rows}", HEADER.join(",")))
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.input.map(|_| ())))
            .collect()
    }

    #[test]
    fn a_row_that_cannot_be_read_is_reported_and_the_rest_still_read() {
        assert_eq!(
            read("2026-11-24,bouldering,,60,7,,,,,,\n2026-11-23,rest,,,,,,,,,,\n"),
            vec![(2, Err("Expected 12 cells, found 11.".into())), (3, Ok(()))]
        );
        assert_eq!(
            read("2026-11-24,bouldering,,60,7,,,,V4 flash; V5 redpoint 3,,,\n2026-11-23,rest,,,,,,,,,,\n"),
            vec![
                (
                    2,
                    Err("climb 2 (\"V5 redpoint 3\"): attempts are written x3, not \"3\".".into())
                ),
                (3, Ok(()))
            ]
        );
        let rows = read("2026-11-24,bouldering,,60,7,,,,V5 redpoint x3 soft,,,\n");
        let message = rows[0].1.clone().unwrap_err();
        assert!(
            message.contains("write GRADE STYLE xATTEMPTS | NAME"),
            "{message}"
        );
    }

    #[test]
    fn line_numbers_count_the_lines_of_quoted_cells() {
        assert_eq!(
            read("2026-11-24,bouldering,,60,7,,,,,,\"a\nb\",\n2026-11-23,rest,,,,,,,,,,\n"),
            vec![(2, Ok(())), (4, Ok(()))]
        );
    }
}

/// What an import does once the rows are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Check every row, save nothing.
    Preview,
    /// Save every row, or nothing if any row is invalid.
    All,
    /// Save the valid rows only (the climber confirmed after seeing the preview).
    ValidOnly,
}

/// One row of an import: what it would save, or what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportRow {
    pub line: usize,
    pub ok: bool,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    /// Entries saved (0 for a preview or a refused import).
    pub saved: usize,
}

impl ImportReport {
    pub fn invalid(&self) -> usize {
        self.rows.iter().filter(|r| !r.ok).count()
    }
}
