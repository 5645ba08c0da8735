//! Shards: N processes, on one machine or many, each convert a fixed share of one plan, so that their
//! outputs are disjoint and together are those of one full run. A file's share is decided by a stable hash
//! of its path below its input folder, so every process decides alike without talking to the others, and
//! a file keeps its shard when other files come and go.

use sha2::{Digest, Sha256};
use std::path::Path;

/// The environment variables that carry a worker's index: a Kubernetes Indexed Job's, then a Slurm job
/// array's.
pub const INDEX_VARIABLES: [&str; 2] = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"];

/// One share of a batch: shard `index` of `count` (`0 ≤ index < count`). A run without `--shard` is
/// [`Shard::WHOLE`], shard 0 of 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

/// `--shard` as typed: an index, or `auto` to take it from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardArg {
    /// `--shard I/N`.
    Fixed(Shard),
    /// `--shard auto/N`.
    Auto {
        /// N.
        count: u32,
    },
}

impl Shard {
    /// The whole batch in one process.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`, refused unless `index < count`.
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 {
            return Err("the number of shards must be at least 1".to_owned());
        }
        if index >= count {
            return Err(format!(
                "shard {index} of {count} does not exist: shards are numbered 0 to {}",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// The index, from 0.
    pub fn index(self) -> u32 {
        self.index
    }

    /// How many shards share the batch.
    pub fn count(self) -> u32 {
        self.count
    }

    /// Whether the file at `relative` (its path below its input folder) is this shard's: the first eight
    /// bytes of the SHA-256 of the path's bytes, `/`-separated, as a big-endian number, modulo the count.
    /// SHA-256 is fixed by FIPS 180-4, so the share never changes with the Rust version or the platform.
    pub fn takes(self, relative: &Path) -> bool {
        self.count == 1 || shard_of(relative, self.count) == self.index
    }

    /// The name of this shard's part of the manifest: `shard-I-of-N.jsonl`.
    pub fn part_name(self) -> String {
        format!("shard-{}-of-{}.jsonl", self.index, self.count)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The shard, of `count`, that the file at `relative` belongs to.
fn shard_of(relative: &Path, count: u32) -> u32 {
    let mut hasher = Sha256::new();
    for (i, part) in relative.components().enumerate() {
        if i > 0 {
            hasher.update(b"/");
        }
        hasher.update(part.as_os_str().as_encoded_bytes());
    }
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // The remainder is below `count`, a u32.
    u32::try_from(u64::from_be_bytes(first) % u64::from(count)).unwrap_or(0)
}

impl ShardArg {
    /// Reads `I/N` or `auto/N`.
    pub fn parse(text: &str) -> Result<ShardArg, String> {
        let usage = || format!("expected I/N (e.g. 0/4) or auto/N, not '{text}'");
        let (index, count) = text.trim().split_once('/').ok_or_else(usage)?;
        let count: u32 = count.trim().parse().map_err(|_| usage())?;
        let index = index.trim();
        if index.eq_ignore_ascii_case("auto") {
            Shard::new(0, count)?;
            return Ok(ShardArg::Auto { count });
        }
        let index: u32 = index.parse().map_err(|_| usage())?;
        Shard::new(index, count).map(ShardArg::Fixed)
    }

    /// The shard this process takes; for `auto/N`, the index is read from the first of
    /// [`INDEX_VARIABLES`] that `variable` finds set. Refused when none is, when the two disagree, or when
    /// the index is not below N (a Slurm array numbered from 1 is refused rather than losing a shard).
    pub fn resolve(self, variable: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
        let count = match self {
            ShardArg::Fixed(shard) => return Ok(shard),
            ShardArg::Auto { count } => count,
        };
        let set: Vec<(&str, String)> = INDEX_VARIABLES
            .iter()
            .filter_map(|&name| variable(name).map(|value| (name, value.trim().to_owned())))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let Some((name, value)) = set.first() else {
            return Err(format!(
                "--shard auto/{count} needs the index of this process in {} (a Kubernetes Indexed Job) or {} \
                 (a Slurm job array), and neither is set; give it as --shard I/{count}",
                INDEX_VARIABLES[0], INDEX_VARIABLES[1]
            ));
        };
        if let Some((other, other_value)) = set.get(1).filter(|(_, v)| v != value) {
            return Err(format!(
                "--shard auto/{count}: {name}={value} and {other}={other_value} disagree; give the index as \
                 --shard I/{count}"
            ));
        }
        let index: u32 = value
            .parse()
            .map_err(|_| format!("--shard auto/{count}: {name}={value} is not a shard index"))?;
        Shard::new(index, count).map_err(|why| {
            format!(
                "--shard auto/{count}: {name}={value}: {why} (number the job's indexes from 0, e.g. \
                 #SBATCH --array=0-{})",
                count - 1
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn shares_are_stable_disjoint_and_cover_every_file() {
        // Pinned: a change here would move files between the shards of running batches.
        let shards: Vec<u32> =
            ["notice.txt", "sub/article.md", "a/b/c.txt"].iter().map(|p| shard_of(Path::new(p), 7)).collect();
        // The first eight bytes of each path's SHA-256, big-endian, modulo 7, as `sha256sum` computes them.
        assert_eq!(shards, [2, 1, 2]);
        for name in ["a.txt", "sub/b.md", "x/y/z.markdown", "长篇/第一章.txt"] {
            let takers: Vec<u32> =
                (0..5).filter(|&i| Shard::new(i, 5).expect("shard").takes(Path::new(name))).collect();
            assert_eq!(takers.len(), 1, "{name}: {takers:?}");
            assert!(Shard::WHOLE.takes(Path::new(name)));
        }
    }

    #[test]
    fn the_argument_reads_an_index_or_auto_and_refuses_the_rest() {
        assert_eq!(ShardArg::parse("2/5"), Ok(ShardArg::Fixed(Shard { index: 2, count: 5 })));
        assert_eq!(ShardArg::parse("auto/3"), Ok(ShardArg::Auto { count: 3 }));
        for bad in ["5/5", "0/0", "auto/0", "1", "a/3", "-1/3", "1/x"] {
            assert!(ShardArg::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn auto_takes_the_index_from_kubernetes_or_slurm_and_refuses_clearly() {
        let auto = ShardArg::Auto { count: 4 };
        let shard = |pairs: &[(&str, &str)]| auto.resolve(env(pairs));
        assert_eq!(shard(&[("JOB_COMPLETION_INDEX", "3")]), Ok(Shard { index: 3, count: 4 }));
        assert_eq!(shard(&[("SLURM_ARRAY_TASK_ID", "1")]), Ok(Shard { index: 1, count: 4 }));
        assert_eq!(
            shard(&[("SLURM_ARRAY_TASK_ID", "2"), ("JOB_COMPLETION_INDEX", "2")]),
            Ok(Shard { index: 2, count: 4 })
        );
        let neither = shard(&[]).expect_err("refused");
        assert!(
            neither.contains("JOB_COMPLETION_INDEX") && neither.contains("SLURM_ARRAY_TASK_ID"),
            "{neither}"
        );
        let beyond = shard(&[("SLURM_ARRAY_TASK_ID", "4")]).expect_err("refused");
        assert!(beyond.contains("--array=0-3"), "{beyond}");
        assert!(shard(&[("JOB_COMPLETION_INDEX", "x")]).is_err());
        assert!(shard(&[("JOB_COMPLETION_INDEX", "1"), ("SLURM_ARRAY_TASK_ID", "2")]).is_err());
        let fixed = ShardArg::Fixed(Shard { index: 1, count: 2 });
        assert_eq!(fixed.resolve(env(&[("JOB_COMPLETION_INDEX", "0")])), Ok(Shard { index: 1, count: 2 }));
    }
}
