//! Output files: each written atomically (a temporary file beside the target, then a rename), deleted when
//! the run is interrupted, cleaned up when a killed run left it behind, and checked at the end of the run
//! to still be the file this run wrote.

use crate::diag::Error;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// Temporary outputs are named `.paiban-<pid>@<host>-<random>.part`: the process id and the host name let a
/// later run tell a file still being written by a live run from one a killed run left behind. The host
/// matters when the shards of a batch on several machines (or containers, each with its own process ids)
/// write into one shared folder: a process id is only checked on its own host.
const TEMPORARY_PREFIX: &str = ".paiban-";
const TEMPORARY_SUFFIX: &str = ".part";

/// A temporary file untouched this long is removed even when its writer cannot be shown to be dead (no
/// `/proc`, a process id since reused): writing one output takes seconds, not a day.
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Creates a temporary output file in `dir`, named after this process.
pub(super) fn temporary_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&format!("{TEMPORARY_PREFIX}{}-", writer_name()))
        .suffix(TEMPORARY_SUFFIX)
        .tempfile_in(dir)
}

/// `<pid>@<host>`, or `<pid>` where the host's name cannot be learnt: the writer part of a temporary name.
fn writer_name() -> String {
    match host_name() {
        Some(host) => format!("{}@{host}", std::process::id()),
        None => std::process::id().to_string(),
    }
}

/// This machine's (or container's) name, letters and digits only so that it cannot reach outside the file
/// name or be mistaken for its other parts; `None` where the system does not say.
fn host_name() -> Option<&'static str> {
    static HOST: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .or_else(|| std::env::var("COMPUTERNAME").ok())?;
        let name: String = name.chars().filter(char::is_ascii_alphanumeric).take(40).collect();
        (!name.is_empty()).then_some(name)
    })
    .as_deref()
}

/// Temporary files being written right now. An interrupt (see [`abandon_temporary_files`]) deletes them
/// before the process exits, so that nothing half-written is left behind.
static LIVE_TEMPORARY_FILES: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn live_temporary_files() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // The set stays valid even if a thread panicked while holding it (insert and remove cannot tear it).
    LIVE_TEMPORARY_FILES.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// For the signal handler of the command: deletes every temporary output being written and keeps any
/// new one from being created (the registry stays locked for the rest of the process), so the caller can
/// exit at once. Outputs already renamed into place are complete and stay. Returns how many were deleted.
pub fn abandon_temporary_files() -> usize {
    let live = live_temporary_files();
    let removed = live.iter().filter(|path| std::fs::remove_file(path).is_ok()).count();
    // Never unlocked: a worker that wants to create or finish a temporary file now waits until the exit.
    std::mem::forget(live);
    removed
}

/// Removes the temporary outputs that runs killed before they could clean up (`kill -9`, a power cut) left
/// in `folders`. A file is removed when the process named in it is gone (checked in `/proc`), or, when
/// that cannot be told, once it has been untouched for a day; so another run writing into the same folder
/// at the same time keeps its files. Returns how many were removed.
pub(super) fn remove_abandoned_temporary_files<'a>(folders: impl IntoIterator<Item = &'a Path>) -> usize {
    let now = SystemTime::now();
    let mut removed = 0;
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(middle) =
                name.strip_prefix(TEMPORARY_PREFIX).and_then(|n| n.strip_suffix(TEMPORARY_SUFFIX))
            else {
                continue;
            };
            let Some((writer, _)) = middle.split_once('-') else { continue };
            let (pid, host) = match writer.split_once('@') {
                Some((pid, host)) => (pid, Some(host)),
                None => (writer, None),
            };
            // A process id names a process only on its own host; another host's file waits out the day.
            let writer =
                pid.parse::<u32>().ok().filter(|_| host.is_none_or(|host| Some(host) == host_name()));
            if writer == Some(std::process::id()) {
                continue;
            }
            let untouched = entry
                .metadata()
                .ok()
                .filter(std::fs::Metadata::is_file)
                .and_then(|m| m.modified().ok())
                .and_then(|modified| now.duration_since(modified).ok());
            let Some(untouched) = untouched else { continue };
            let abandoned = writer.and_then(process_is_alive) == Some(false) || untouched >= ABANDONED_AFTER;
            if abandoned && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

/// Whether process `pid` exists, when this system can tell (Linux, through `/proc`).
fn process_is_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self").exists().then(|| proc.join(pid.to_string()).exists())
}

/// What tells the file this run wrote from any other at the same path: device and inode on Unix (a file
/// renamed over it has others), elsewhere its length and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Identity {
    #[cfg(unix)]
    device_and_inode: (u64, u64),
    length: u64,
    #[cfg(not(unix))]
    modified: Option<SystemTime>,
}

impl Identity {
    fn of(metadata: &std::fs::Metadata) -> Identity {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Identity {
            #[cfg(unix)]
            device_and_inode: (metadata.dev(), metadata.ino()),
            length: metadata.len(),
            #[cfg(not(unix))]
            modified: metadata.modified().ok(),
        }
    }

    /// Whether `path` is still the file this identity was taken from.
    pub(super) fn is_at(&self, path: &Path) -> bool {
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && Identity::of(&m) == *self)
    }
}

/// Writes `bytes` to a temporary file beside `target` and renames it into place, so `target` is either
/// absent, the old file, or the complete new one; a failure leaves no temporary file behind, and neither
/// does an interrupt (see [`abandon_temporary_files`]). Returns the identity of the file written.
///
/// The file's data is flushed to the disk (`fsync`) before the rename, so that after a power cut the name
/// never points at an empty or partial file. The folder is not synced: a rename lost that way leaves the
/// old file, which the promise allows, and syncing it per output would cost more than it saves.
pub(super) fn write_atomically(target: &Path, bytes: &[u8]) -> Result<Identity, Error> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let write_error = |path: &Path, source| Error::Write { path: path.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let temp = {
        // Created and registered under the lock, so an interrupt sees every temporary file that exists.
        let mut live = live_temporary_files();
        let temp = temporary_file_in(dir).map_err(|e| write_error(dir, e))?;
        live.insert(temp.path().to_path_buf());
        temp
    };
    let temp_path = temp.path().to_path_buf();
    let result = fill_and_rename(temp, target, bytes);
    live_temporary_files().remove(&temp_path);
    result.map_err(|e| write_error(target, e))
}

/// The part of [`write_atomically`] that can fail after the temporary file exists; on failure the file is
/// dropped, which deletes it.
fn fill_and_rename(
    mut temp: tempfile::NamedTempFile,
    target: &Path,
    bytes: &[u8],
) -> std::io::Result<Identity> {
    temp.write_all(bytes)?;
    #[cfg(unix)]
    {
        // tempfile creates files readable by the owner only; outputs are ordinary documents.
        use std::os::unix::fs::PermissionsExt;
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.as_file().sync_all()?;
    let file = temp.persist(target).map_err(|e| e.error)?;
    Ok(Identity::of(&file.metadata()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_only_the_target_and_knows_it_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("deep/x.pdf");
        let identity = write_atomically(&target, b"%PDF").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"%PDF");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("deep"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["x.pdf"]);
        assert!(identity.is_at(&target));
        // Another file renamed over it (another run, or a name the disk folds to the same) is told apart.
        let other = dir.path().join("other.pdf");
        std::fs::write(&other, b"%PDF").expect("write");
        std::fs::rename(&other, &target).expect("rename");
        assert!(!identity.is_at(&target));
    }

    #[test]
    fn temporary_files_name_their_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let temp = temporary_file_in(dir.path()).expect("create");
        let name = temp.path().file_name().expect("name").to_string_lossy().into_owned();
        assert!(name.starts_with(&format!(".paiban-{}-", writer_name())), "{name}");
        assert!(name.ends_with(".part"), "{name}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_temporary_files_of_dead_writers_or_a_day_old_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let touch = |name: &str| std::fs::write(dir.path().join(name), b"partial").expect("write");
        // A process id above the kernel's limit (4194304) belongs to no process.
        touch(".paiban-4194305-abc123.part");
        // The parent of this test runner is alive: its file is another run's, still being written.
        let parent = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|stat| stat.rsplit(')').next()?.split_whitespace().nth(1)?.parse::<u32>().ok())
            .expect("parent pid");
        touch(&format!(".paiban-{parent}-def456.part"));
        // An old-style name without a writer, recent: kept until it is a day old.
        touch(".paiban-ghi789.part");
        // A dead process id on another host (a shard on another machine sharing the folder): that host's
        // process ids are not this one's, so its file is kept until it is a day old.
        touch(".paiban-4194305@otherhost-jkl012.part");
        // The same dead process id on this host: removed.
        let here = host_name().expect("Linux names its host");
        touch(&format!(".paiban-4194305@{here}-mno345.part"));
        touch("report.pdf");
        touch(".paiban-notes.txt");
        assert_eq!(remove_abandoned_temporary_files([dir.path()]), 2);
        let left: BTreeSet<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        let kept = [
            format!(".paiban-{parent}-def456.part"),
            ".paiban-4194305@otherhost-jkl012.part".into(),
            ".paiban-ghi789.part".into(),
            ".paiban-notes.txt".into(),
            "report.pdf".into(),
        ];
        assert_eq!(left, kept.into());
    }
}
