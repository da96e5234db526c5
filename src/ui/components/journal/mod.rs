//! The journal's pieces: the entry form (create and edit) and the filtered list.
mod entry_form;
mod entry_list;
mod import_export;

pub use entry_form::EntryForm;
pub use entry_list::EntryList;
pub use import_export::ImportExport;
