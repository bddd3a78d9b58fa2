//! The ledger folder written as one unit: a crash or `kill -9` at any
//! moment leaves either the previous ledger or the new one, whole.
//!
//! In: a folder path and the ledger's files, as bytes ([`LedgerFiles`]) or
//! as a [`FileSet`] that writes each file into the staged folder as its rows
//! come (so no file is ever whole in memory). Out: the folder holding
//! exactly those files. The files are written into
//! a hidden folder beside it, then the two folders are swapped (see
//! [`write_ledger`]); a single file (`diff --out`) is written to a
//! temporary file and renamed over ([`write_file_atomically`]).

use super::LedgerFiles;
use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Writes the ledger into `dir` as one unit: afterwards `dir` holds exactly
/// the ledger's files, all from this run; a crash or kill at any moment
/// leaves `dir` as it was before (or, once swapped, as it is after).
///
/// How:
/// 1. `dir`'s parent is created when missing; stale hidden folders of an
///    earlier interrupted run beside `dir` are removed (or, if `dir` itself is
///    missing because the run died between two renames, the old ledger is put
///    back).
/// 2. An existing `dir` that holds anything but ledger files is refused
///    ([`Error::ForeignFiles`]): replacing it would delete them.
/// 3. The files are written and synced in a new hidden folder beside `dir`
///    (`.NAME.modledger-new-PID-N`).
/// 4. The new folder replaces `dir`: on Linux with one atomic exchange
///    (`renameat2(RENAME_EXCHANGE)`), then the old folder is removed; where
///    the exchange is refused, `dir` is renamed aside
///    (`.NAME.modledger-old-PID-N`), the new folder renamed to `dir`, the old
///    one removed. A `dir` that is a mount point cannot be renamed, and the
///    current working folder should not be: their files are then replaced one
///    by one, each atomically.
pub fn write_ledger(dir: &Path, ledger: &LedgerFiles) -> Result<(), Error> {
    write_ledger_from(dir, ledger)
}

/// The files of a ledger as the folder writer takes them: their names, and
/// each file's bytes written into a sink (a file in the staged folder).
pub trait FileSet {
    /// The files' names, in writing order.
    fn names(&self) -> Vec<&'static str>;
    /// Writes the file called `name` into `out`.
    fn write_file(&self, name: &str, out: &mut dyn Write) -> std::io::Result<()>;
}

impl FileSet for LedgerFiles {
    fn names(&self) -> Vec<&'static str> {
        self.files.iter().map(|(n, _)| *n).collect()
    }

    fn write_file(&self, name: &str, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(self.file(name))
    }
}

/// [`write_ledger`] of files written as their rows come ([`FileSet`]).
pub fn write_ledger_from(dir: &Path, ledger: &dyn FileSet) -> Result<(), Error> {
    let target = Target::resolve(dir)?;
    target.clean_stale();
    let exists = target.path.is_dir();
    if exists {
        refuse_foreign_files(&target.path, ledger)?;
    }
    if exists && target.is_working_dir() {
        // swapping the folder would leave the shell that started us in a removed one
        return write_files_in_place(&target.path, ledger);
    }
    let staged = target.stage(ledger)?;
    if exists {
        return target.replace_with(&staged, ledger);
    }
    match std::fs::rename(&staged, &target.path) {
        Ok(()) => {
            sync_dir(&target.parent);
            Ok(())
        }
        // another run made the folder first: replace its ledger, as if it had been there
        Err(_) if target.path.is_dir() => {
            if let Err(e) = refuse_foreign_files(&target.path, ledger) {
                remove_quietly(&staged);
                return Err(e);
            }
            target.replace_with(&staged, ledger)
        }
        Err(e) => {
            remove_quietly(&staged);
            Err(out_err(&target.path, e))
        }
    }
}

/// An output error for `path`.
fn out_err(path: &Path, source: std::io::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        source,
    }
}

/// Environment variable that pauses this many milliseconds after each file and
/// before the swap, so tests can kill a run in the middle of writing.
pub const PAUSE_ENV: &str = "MODLEDGER_WRITE_PAUSE_MS";

/// Sleeps for [`PAUSE_ENV`] milliseconds, when set.
fn test_pause() {
    if let Some(ms) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// The output folder, resolved.
struct Target {
    /// The folder's real path (links resolved when it exists).
    path: PathBuf,
    /// Its parent folder, where the hidden folders go.
    parent: PathBuf,
    /// Prefix of the hidden folders beside it: `.NAME.modledger-`.
    prefix: String,
}

impl Target {
    /// Resolves `dir`: a folder (followed through links), or a path whose parent
    /// can be created. Anything else (a regular file) is an output error.
    fn resolve(dir: &Path) -> Result<Target, Error> {
        let not_a_folder = || {
            out_err(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "it exists and is not a folder",
                ),
            )
        };
        let path = match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => dir.canonicalize().map_err(|e| out_err(dir, e))?,
            Ok(_) => return Err(not_a_folder()),
            Err(_) => match dir.symlink_metadata() {
                // another run made the folder between the two looks: it is one now
                Ok(_) if dir.is_dir() => dir.canonicalize().map_err(|e| out_err(dir, e))?,
                // a link to nothing, or a file made meanwhile
                Ok(_) => return Err(not_a_folder()),
                Err(_) => Target::missing_folder(dir, not_a_folder)?,
            },
        };
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(out_err(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a ledger cannot replace the root folder",
                ),
            ));
        };
        Ok(Target {
            parent: parent.to_path_buf(),
            prefix: format!(".{}.modledger-", name.to_string_lossy()),
            path,
        })
    }

    /// The path of an output folder that does not exist yet, its parent
    /// created (and resolved through links).
    fn missing_folder(dir: &Path, not_a_folder: impl Fn() -> Error) -> Result<PathBuf, Error> {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent).map_err(|e| out_err(parent, e))?;
        let parent = parent.canonicalize().map_err(|e| out_err(parent, e))?;
        let name = dir.file_name().ok_or_else(not_a_folder)?;
        Ok(parent.join(name))
    }

    /// True when the output folder is the current working folder.
    fn is_working_dir(&self) -> bool {
        std::env::current_dir()
            .and_then(|d| d.canonicalize())
            .is_ok_and(|d| d == self.path)
    }

    /// A fresh hidden path beside the output folder (`kind` is `new` or `old`).
    fn hidden(&self, kind: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        self.parent.join(format!(
            "{}{kind}-{}-{nanos}",
            self.prefix,
            std::process::id()
        ))
    }

    /// Removes hidden folders left by interrupted runs (not those of a run that
    /// is still going), first putting back an old ledger that was renamed aside
    /// when the output folder is missing.
    fn clean_stale(&self) {
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return;
        };
        let mut stale: Vec<(PathBuf, String)> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let rest = name.strip_prefix(&self.prefix)?.to_string();
                Some((e.path(), rest))
            })
            .filter(|(_, rest)| !run_is_alive(rest))
            .collect();
        stale.sort();
        for (path, rest) in &stale {
            if rest.starts_with("old-") && !self.path.exists() {
                let _ = std::fs::rename(path, &self.path);
            } else {
                remove_quietly(path);
            }
        }
    }

    /// Writes every file into a new hidden folder and syncs it; returns its path.
    fn stage(&self, ledger: &dyn FileSet) -> Result<PathBuf, Error> {
        let staged = self.hidden("new");
        std::fs::create_dir(&staged).map_err(|e| out_err(&staged, e))?;
        let filled = fill(&staged, &self.path, ledger);
        if let Err(e) = filled {
            remove_quietly(&staged);
            return Err(e);
        }
        Ok(staged)
    }

    /// Puts the staged folder in place of the existing output folder.
    fn replace_with(&self, staged: &Path, ledger: &dyn FileSet) -> Result<(), Error> {
        test_pause();
        if exchange(staged, &self.path).is_ok() {
            // `staged` now holds the previous ledger
            remove_quietly(staged);
            sync_dir(&self.parent);
            return Ok(());
        }
        let aside = self.hidden("old");
        let renamed_aside = std::fs::rename(&self.path, &aside);
        test_pause();
        if let Err(e) = renamed_aside {
            remove_quietly(staged);
            if is_mount_point_error(&e) {
                return write_files_in_place(&self.path, ledger);
            }
            return Err(out_err(&self.path, e));
        }
        if let Err(e) = std::fs::rename(staged, &self.path) {
            let _ = std::fs::rename(&aside, &self.path);
            remove_quietly(staged);
            return Err(out_err(&self.path, e));
        }
        remove_quietly(&aside);
        sync_dir(&self.parent);
        Ok(())
    }
}

/// True when the hidden folder's name (after the prefix: `new-PID-N`) belongs to
/// another run of modledger that is still going (Linux; elsewhere never).
fn run_is_alive(rest: &str) -> bool {
    let pid = rest.split('-').nth(1).and_then(|p| p.parse::<u32>().ok());
    match pid {
        Some(pid) if pid != std::process::id() => {
            cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
        }
        _ => false,
    }
}

/// Writes the ledger's files into `staged`, each synced, then syncs the folder;
/// the folder takes the permissions of the existing output folder.
fn fill(staged: &Path, existing: &Path, ledger: &dyn FileSet) -> Result<(), Error> {
    if let Ok(m) = std::fs::metadata(existing) {
        std::fs::set_permissions(staged, m.permissions()).map_err(|e| out_err(staged, e))?;
    }
    for name in ledger.names() {
        let path = staged.join(name);
        let f = std::fs::File::create(&path).map_err(|e| out_err(&path, e))?;
        let mut w = std::io::BufWriter::new(f);
        ledger
            .write_file(name, &mut w)
            .map_err(|e| out_err(&path, e))?;
        let f = w.into_inner().map_err(|e| out_err(&path, e.into_error()))?;
        f.sync_all().map_err(|e| out_err(&path, e))?;
        test_pause();
    }
    sync_dir(staged);
    Ok(())
}

/// True for the lock file an office program keeps beside a ledger file it
/// has open: LibreOffice's `.~lock.history.csv#`, Excel's `~$ledger.xlsx`
/// (Excel drops a long name's first characters: `~$dger.xlsx`). It goes
/// with the old folder; the program does not need it back.
fn is_office_lock(name: &str, names: &[&str]) -> bool {
    let libreoffice = name
        .strip_prefix(".~lock.")
        .and_then(|rest| rest.strip_suffix('#'))
        .is_some_and(|file| names.contains(&file));
    let excel = name
        .strip_prefix("~$")
        .is_some_and(|rest| !rest.is_empty() && names.iter().any(|n| n.ends_with(rest)));
    libreoffice || excel
}

/// Refuses an output folder holding anything but ledger files (and the hidden
/// temporary files of the per-file writer of earlier versions, and office
/// lock files of open ledger files).
fn refuse_foreign_files(dir: &Path, ledger: &dyn FileSet) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| out_err(dir, e))?;
    let mut foreign = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| out_err(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let names = ledger.names();
        let ledger_file = names.iter().any(|n| *n == name);
        let old_temp =
            name.starts_with('.') && names.iter().any(|n| name.starts_with(&format!(".{n}.")));
        if !(is_file && (ledger_file || old_temp || is_office_lock(&name, &names))) {
            foreign.push(name);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort();
    if foreign.len() > 5 {
        let more = foreign.len() - 4;
        foreign.truncate(4);
        foreign.push(format!("and {more} more"));
    }
    Err(Error::ForeignFiles {
        path: dir.to_path_buf(),
        names: foreign,
    })
}

/// Environment variable that disables the atomic exchange, so tests can run the
/// rename-aside fallback on Linux too.
pub const NO_EXCHANGE_ENV: &str = "MODLEDGER_NO_EXCHANGE";

/// Swaps two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    if std::env::var_os(NO_EXCHANGE_ENV).is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "atomic exchange disabled",
        ));
    }
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// No atomic exchange here: always falls back to rename aside, then rename.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "no atomic exchange on this system",
    ))
}

/// True for the errors renaming a mount point gives (busy, or across devices).
fn is_mount_point_error(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(16) | Some(18)) // EBUSY, EXDEV
}

/// The fallback for an output folder that cannot be renamed (a mount point):
/// each file written to a temporary file in the folder, then renamed over the old.
fn write_files_in_place(dir: &Path, ledger: &dyn FileSet) -> Result<(), Error> {
    for name in ledger.names() {
        write_file_atomically_with(&dir.join(name), &|w| ledger.write_file(name, w))?;
    }
    sync_dir(dir);
    Ok(())
}

/// The mode a new file asks for (the umask then takes its bits away), as
/// `File::create` and every ordinary tool ask.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o666;

/// Writes one file atomically: a temporary file beside it, synced, then
/// renamed over it, with the permissions any new file gets.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_file_atomically_with(path, &|w| w.write_all(bytes))
}

/// [`write_file_atomically`] of the bytes `write` writes.
fn write_file_atomically_with(
    path: &Path,
    write: &dyn Fn(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        // as File::create makes files: rw for all, less the umask (0644 under 022),
        // not the 0600 a temporary file gets
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(NEW_FILE_MODE));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| out_err(dir, e))?;
    let tmp_path = tmp.path().to_path_buf();
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut w)
            .and_then(|()| w.flush())
            .map_err(|e| out_err(&tmp_path, e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| out_err(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| out_err(path, e.error))?;
    Ok(())
}

/// Removes a folder (or file) and everything in it, ignoring failures (what is
/// left is cleaned up by the next run).
fn remove_quietly(path: &Path) {
    if std::fs::remove_dir_all(path).is_err() {
        let _ = std::fs::remove_file(path);
    }
}

/// Flushes a folder's entries to disk where the system allows it.
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_folders_of_live_runs_are_told_apart() {
        let me = std::process::id();
        assert!(
            !run_is_alive(&format!("new-{me}-12")),
            "our own pid is not another run"
        );
        assert!(!run_is_alive("new-notapid-12"));
        assert!(!run_is_alive("garbage"));
        assert!(!run_is_alive("old-4294967295-1"), "no such process");
        if cfg!(target_os = "linux") {
            assert!(run_is_alive("new-1-5"), "pid 1 is always running");
        }
    }

    #[test]
    fn foreign_files_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        let ledger = LedgerFiles {
            files: vec![("reports.csv", b"a\n".to_vec())],
        };
        std::fs::write(tmp.path().join("reports.csv"), "x").unwrap();
        std::fs::write(tmp.path().join(".reports.csv.a1b2"), "x").unwrap();
        std::fs::write(tmp.path().join(".~lock.reports.csv#"), "x").unwrap();
        std::fs::write(tmp.path().join("~$reports.csv"), "x").unwrap();
        std::fs::write(tmp.path().join("~$ports.csv"), "x").unwrap();
        assert!(refuse_foreign_files(tmp.path(), &ledger).is_ok());
        for (name, lock) in [
            (".~lock.reports.csv#", true),
            ("~$ports.csv", true),
            (".~lock.notes.csv#", false),
            ("~$", false),
            ("~$notes.txt", false),
            (".~lock.reports.csv", false),
        ] {
            assert_eq!(is_office_lock(name, &ledger.names()), lock, "{name}");
        }
        std::fs::create_dir(tmp.path().join("sub")).unwrap();
        std::fs::write(tmp.path().join("notes.csv"), "x").unwrap();
        match refuse_foreign_files(tmp.path(), &ledger) {
            Err(Error::ForeignFiles { names, .. }) => assert_eq!(names, ["notes.csv", "sub"]),
            other => panic!("{other:?}"),
        }
    }
}
