//! The policy bundle: built-in policies (compiled into the binary) plus users' directories,
//! and the configuration data rules read as `data.tenet.config`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use include_dir::{include_dir, Dir};
use serde_json::Value;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// One Rego file: the name shown in messages, and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Source {
    pub fn is_test(&self) -> bool {
        self.path.ends_with("_test.rego")
    }
}

/// sha256 over the Rego that is evaluated (test files left out), in load order: for each
/// source its path, a NUL, its text, a NUL. The same policies loaded the same way give the
/// same digest on any machine (built-in and directory sources load in sorted path order).
pub fn policy_digest(sources: &[Source]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for source in sources.iter().filter(|s| !s.is_test()) {
        hasher.update(source.path.as_bytes());
        hasher.update([0]);
        hasher.update(source.text.as_bytes());
        hasher.update([0]);
    }
    crate::results::evidence::hex(&hasher.finalize())
}

/// Test data: `<name>_test.json`, `.yaml` or `.yml` beside `<name>_test.rego`.
fn is_test_data(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    [".json", ".yaml", ".yml"].iter().any(|ext| {
        name.strip_suffix(ext)
            .is_some_and(|stem| stem.ends_with("_test"))
    })
}

/// Every file of the built-in policies (Rego, tests, test data, config.yaml, catalogs), as
/// paths relative to `policies/` and contents, sorted by path: what `tenet init` copies.
pub fn builtin_files() -> Vec<(PathBuf, &'static [u8])> {
    fn add(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
        for file in dir.files() {
            out.push((file.path().to_path_buf(), file.contents()));
        }
        for sub in dir.dirs() {
            add(sub, out);
        }
    }
    let mut files = Vec::new();
    add(&BUILTIN, &mut files);
    files.sort();
    files
}

#[derive(Debug, Clone)]
pub struct Bundle {
    /// Every .rego file, rules, libraries and tests, in load order (built-in first).
    pub sources: Vec<Source>,
    /// `data.tenet.config`: built-in defaults, then each policy dir's config.yaml, then `--config`.
    pub config: Value,
    /// Control catalogs (`frameworks/*.yaml`): built-in first, then each policy dir's. The
    /// built-in ones are loaded even with `--no-builtin`: they are reference data, not policy.
    pub catalogs: Vec<Source>,
    /// Data for the Rego tests only (`*_test.json`, `*_test.yaml`), never for `check`.
    pub test_data: Vec<Source>,
}

/// Which policies to load.
#[derive(Debug, Clone, Default)]
pub struct BundleOptions {
    pub builtin: bool,
    pub dirs: Vec<PathBuf>,
    pub config: Option<PathBuf>,
}

impl Bundle {
    pub fn load(options: &BundleOptions) -> Result<Bundle> {
        let mut bundle = Bundle {
            sources: Vec::new(),
            config: Value::Object(Default::default()),
            catalogs: Vec::new(),
            test_data: Vec::new(),
        };
        if let Some(frameworks) = BUILTIN.get_dir("frameworks") {
            for file in frameworks.files() {
                bundle.catalogs.push(Source {
                    path: format!("policies/{}", file.path().display()),
                    text: file.contents_utf8().unwrap_or_default().to_string(),
                });
            }
        }
        if options.builtin {
            bundle.add_builtin(&BUILTIN);
            let defaults = BUILTIN
                .get_file("config.yaml")
                .and_then(|f| f.contents_utf8())
                .context("built-in policies/config.yaml is missing")?;
            bundle.merge_config(defaults, "policies/config.yaml")?;
        }
        for dir in &options.dirs {
            bundle.add_dir(dir)?;
        }
        if let Some(file) = &options.config {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("{}: cannot read config", file.display()))?;
            bundle.merge_config(&text, &file.display().to_string())?;
        }
        if bundle.sources.is_empty() {
            bail!(
                "no Rego policies to evaluate (--no-builtin and no --policy DIR with .rego files)"
            );
        }
        Ok(bundle)
    }

    fn add_builtin(&mut self, dir: &Dir<'static>) {
        for file in dir.files() {
            let path = file.path();
            let source = || Source {
                path: format!("policies/{}", path.display()),
                text: file.contents_utf8().unwrap_or_default().to_string(),
            };
            if path.extension().is_some_and(|e| e == "rego") {
                self.sources.push(source());
            } else if is_test_data(path) {
                self.test_data.push(source());
            }
        }
        for sub in dir.dirs() {
            self.add_builtin(sub);
        }
    }

    fn add_dir(&mut self, dir: &Path) -> Result<()> {
        if !dir.is_dir() {
            bail!("{}: not a policy directory", dir.display());
        }
        let mut files = Vec::new();
        walk(dir, &mut files).with_context(|| format!("{}: cannot list", dir.display()))?;
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let source = Source {
                path: path.display().to_string(),
                text,
            };
            let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if path.extension().is_some_and(|e| e == "rego") {
                self.sources.push(source);
            } else if is_test_data(&path) {
                self.test_data.push(source);
            } else if path.parent() == Some(dir)
                && path.file_name().is_some_and(|n| n == "config.yaml")
            {
                self.merge_config(&source.text, &source.path)?;
            } else if is_yaml && path.parent() == Some(dir.join("frameworks").as_path()) {
                // The directory's own edition of a catalog (as `tenet init` writes them).
                self.catalogs.push(source);
            }
        }
        Ok(())
    }

    /// Top-level keys of `text` (a YAML mapping) override those already set.
    fn merge_config(&mut self, text: &str, file: &str) -> Result<()> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            anyhow::anyhow!(
                "{file}{at}: invalid config YAML: {}",
                crate::error::yaml_message(&e)
            )
        })?;
        match value {
            Value::Object(map) => {
                let config = self.config.as_object_mut().expect("config is an object");
                config.extend(map);
                Ok(())
            }
            Value::Null => Ok(()),
            _ => bail!("{file}: config must be a mapping of names to values"),
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_digest_separates_path_and_text_and_skips_tests() {
        let src = |path: &str, text: &str| Source {
            path: path.into(),
            text: text.into(),
        };
        // "a" + "bc" must not collide with "ab" + "c".
        assert_ne!(
            policy_digest(&[src("a", "bc")]),
            policy_digest(&[src("ab", "c")])
        );
        assert_eq!(
            policy_digest(&[src("a.rego", "x"), src("a_test.rego", "y")]),
            policy_digest(&[src("a.rego", "x")])
        );
        // From `printf 'a.rego\0x\0' | sha256sum`.
        assert_eq!(
            policy_digest(&[src("a.rego", "x")]),
            "877fec227aec145a856b26a259feecd8fcc15b62e31cbaabd46003f96499e78b"
        );
        assert_eq!(
            crate::results::evidence::sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
