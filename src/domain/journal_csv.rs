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

/// Largest cell an import reads, in bytes: room for the longest valid cell (200 climbs with
/// names, or 5,000 characters of notes). A longer cell makes its row unreadable; its bytes
/// are skipped, never stored.
pub const MAX_CELL_BYTES: usize = 128 * 1024;

/// One record as read: the line it starts on and its first [`HEADER`]`.len()` cells, or why
/// it can't be used (too many cells, a cell too long). Cells past the header's count are
/// counted, never stored.
struct Record {
    line: usize,
    cells: Vec<String>,
    count: usize,
    too_long: Option<usize>,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.count == 1 && self.too_long.is_none() && self.cells[0].trim().is_empty()
    }
}

/// Reads CSV text one record at a time with the csv crate's streaming reader (RFC 4180:
/// quoted cells may hold commas, quotes, newlines). Memory stays bounded whatever the file
/// holds: at most [`HEADER`]`.len()` cells of at most [`MAX_CELL_BYTES`] are kept per record,
/// and `each` gets every non-blank record as soon as it ends (it answers false to stop).
fn read_records(
    text: &str,
    mut each: impl FnMut(Record) -> Result<bool, RowError>,
) -> Result<(), RowError> {
    let input = text.trim_start_matches('\u{feff}').as_bytes();
    let mut reader = csv_core::Reader::new();
    let mut cell = vec![0u8; MAX_CELL_BYTES];
    let (mut pos, mut filled) = (0usize, 0usize);
    // Newlines consumed so far: a record starting after n of them is on line n + 1.
    let mut newlines = 0usize;
    let mut record: Option<Record> = None;
    let mut field_start = 0usize;
    loop {
        let (result, nin, nout) = reader.read_field(&input[pos..], &mut cell[filled..]);
        let consumed = &input[pos..pos + nin];
        if record.is_none() && nin > 0 {
            // Blank lines before a record are skipped by the reader: start after them.
            let skipped = consumed.iter().take_while(|b| matches!(b, b'\n' | b'\r'));
            let leading = skipped.filter(|b| **b == b'\n').count();
            record = Some(Record {
                line: newlines + leading + 1,
                cells: Vec::with_capacity(HEADER.len()),
                count: 0,
                too_long: None,
            });
        }
        newlines += consumed.iter().filter(|b| **b == b'\n').count();
        pos += nin;
        filled += nout;
        match result {
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => {
                // The cell is too long: note it, and read the rest of it into the same
                // buffer, dropping it.
                if let Some(r) = record.as_mut() {
                    r.too_long.get_or_insert(r.count + 1);
                }
                filled = 0;
            }
            csv_core::ReadFieldResult::Field { record_end } => {
                let Some(r) = record.as_mut() else {
                    continue;
                };
                let raw = &input[field_start..pos];
                field_start = pos;
                // A quote opens a cell that runs to the matching quote; one never closed
                // would swallow the rest of the file.
                if unclosed_quote(raw) {
                    return Err(RowError {
                        line: r.line,
                        message: "A quoted cell is never closed.".into(),
                    });
                }
                r.count += 1;
                if r.cells.len() < HEADER.len() && r.too_long.is_none() {
                    r.cells
                        .push(String::from_utf8_lossy(&cell[..filled]).into_owned());
                }
                filled = 0;
                if record_end {
                    let done = record.take().expect("a record was started");
                    if !done.is_blank() && !each(done)? {
                        return Ok(());
                    }
                }
            }
            csv_core::ReadFieldResult::End => return Ok(()),
        }
        if record.is_none() {
            field_start = pos;
        }
    }
}

/// True when a cell's raw text (with any blank lines skipped before it) opens a quote and
/// never closes it (`""` inside quotes is an escaped quote).
fn unclosed_quote(raw: &[u8]) -> bool {
    let start = raw
        .iter()
        .take_while(|b| matches!(b, b'\n' | b'\r'))
        .count();
    let raw = &raw[start..];
    if raw.first() != Some(&b'"') {
        return false;
    }
    let (mut quoted, mut i) = (true, 1);
    while i < raw.len() {
        if quoted && raw[i] == b'"' {
            if raw.get(i + 1) == Some(&b'"') {
                i += 1;
            } else {
                quoted = false;
            }
        }
        i += 1;
    }
    quoted
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
    let mut header_seen = false;
    let mut out = Vec::new();
    read_records(text, |record| {
        if !header_seen {
            header_seen = true;
            let header: Vec<String> = record
                .cells
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect();
            if record.count != HEADER.len() || header != HEADER {
                return Err(RowError {
                    line: 1,
                    message: format!("The first line must be the header: {}", HEADER.join(",")),
                });
            }
            return Ok(true);
        }
        if out.len() == MAX_ROWS {
            return Err(RowError {
                line: record.line,
                message: format!("At most {MAX_ROWS} entries per import."),
            });
        }
        out.push(CsvRow {
            line: record.line,
            input: row_input(&record),
        });
        Ok(true)
    })?;
    if !header_seen {
        return Err(RowError {
            line: 1,
            message: "The file is empty.".into(),
        });
    }
    Ok(out)
}

/// One record's cells as form inputs, or what is wrong with their layout.
fn row_input(record: &Record) -> Result<EntryInput, String> {
    if record.count != HEADER.len() {
        return Err(format!(
            "Expected {} cells, found {}.",
            HEADER.len(),
            record.count
        ));
    }
    if let Some(n) = record.too_long {
        return Err(format!(
            "Cell {n} is longer than {} KB: no journal field holds that much.",
            MAX_CELL_BYTES / 1024
        ));
    }
    let cells = &record.cells;
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
    fn caps_hold_while_reading_and_nothing_huge_is_kept() {
        let head = HEADER.join(",");
        // 4 MB of commas: one record, counted, never split into millions of strings.
        let commas = format!(
            "{head}\n{}\n2026-11-23,rest,,,,,,,,,,\n",
            ",".repeat(4 << 20)
        );
        assert_eq!(
            read(&commas[head.len() + 1..]),
            vec![
                (
                    2,
                    Err(format!("Expected 12 cells, found {}.", (4 << 20) + 1))
                ),
                (3, Ok(()))
            ]
        );
        // A header of commas is not a header.
        assert!(parse_csv(&",".repeat(1 << 20))
            .unwrap_err()
            .message
            .contains("header"));
        // A cell past the byte cap makes its row unreadable; the next row is still read.
        let long = "n".repeat(MAX_CELL_BYTES + 10);
        assert_eq!(
            read(&format!(
                "2026-11-24,bouldering,,60,7,,,,,,\"{long}\",\n2026-11-23,rest,,,,,,,,,,\n"
            )),
            vec![
                (
                    2,
                    Err("Cell 11 is longer than 128 KB: no journal field holds that much.".into())
                ),
                (3, Ok(()))
            ]
        );
        // Blank lines are skipped but counted; a BOM is ignored; CRLF ends lines.
        assert_eq!(
            parse_csv(&format!(
                "\u{feff}{head}\r\n\r\n   \r\n2026-11-23,rest,,,,,,,,,,\r\n\n"
            ))
            .unwrap()
            .iter()
            .map(|r| (r.line, r.input.is_ok()))
            .collect::<Vec<_>>(),
            vec![(4, true)]
        );
        // A quote that closes and goes on is read, not taken for an unclosed one.
        assert_eq!(
            read("2026-11-24,bouldering,,60,7,,,,,,\"a\"\"b\",x\n"),
            vec![(2, Ok(()))]
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
