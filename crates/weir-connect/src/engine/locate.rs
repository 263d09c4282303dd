//! Finding what the local engine needs on disk: Java 17+, Flink's jars and Weir's engine jar.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::{EngineConfig, EngineError};

/// Everything needed to start the engine, found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnginePaths {
    /// The `java` executable.
    pub java: PathBuf,
    /// Java's major version when its `release` file tells it.
    pub java_major: Option<u32>,
    /// Flink's `lib/` directory.
    pub flink_lib: PathBuf,
    /// `weir-engine.jar`.
    pub engine_jar: PathBuf,
    /// The class-data-sharing archive beside the jar, when present and wanted.
    pub cds_archive: Option<PathBuf>,
}

/// Finds Java (JAVA_HOME, then PATH), Flink's jars (explicit, FLINK_HOME, then the cache) and the
/// engine jar (explicit, then the cache), using the process environment.
pub fn locate(config: &EngineConfig) -> Result<EnginePaths, EngineError> {
    locate_with(config, &|k| std::env::var_os(k))
}

/// [`locate`] with the environment given as a lookup function (for tests).
pub(crate) fn locate_with(
    config: &EngineConfig,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<EnginePaths, EngineError> {
    let (java, java_major) = find_java(config, env)?;
    let cache = cache_dir(config, env);
    let version = &config.flink_version;
    let flink_home = config
        .flink_home
        .clone()
        .or_else(|| {
            env("FLINK_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| cache.join("flink").join(version));
    let flink_lib = flink_home.join("lib");
    check_flink_lib(&flink_lib, version)?;
    let engine_jar = config
        .engine_jar
        .clone()
        .unwrap_or_else(|| cache.join("engine").join(version).join("weir-engine.jar"));
    if !engine_jar.is_file() {
        return Err(EngineError::EngineJarNotFound {
            version: version.clone(),
            jar: engine_jar,
        });
    }
    let cds_archive = engine_jar
        .parent()
        .map(|d| d.join("weir-engine.jsa"))
        .filter(|p| config.use_cds && p.is_file());
    Ok(EnginePaths {
        java,
        java_major,
        flink_lib,
        engine_jar,
        cds_archive,
    })
}

/// `${WEIR_CACHE:-~/.cache/weir}`, as the project's scripts use it.
fn cache_dir(config: &EngineConfig, env: &dyn Fn(&str) -> Option<OsString>) -> PathBuf {
    if let Some(dir) = &config.cache_dir {
        return dir.clone();
    }
    if let Some(dir) = env("WEIR_CACHE").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = env("HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".cache").join("weir")
}

fn java_exe() -> &'static str {
    if cfg!(windows) {
        "java.exe"
    } else {
        "java"
    }
}

fn find_java(
    config: &EngineConfig,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<(PathBuf, Option<u32>), EngineError> {
    let home = config.java_home.clone().or_else(|| {
        env("JAVA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let java = match home {
        Some(home) => {
            let java = home.join("bin").join(java_exe());
            if !java.is_file() {
                return Err(EngineError::JavaHomeInvalid { java_home: home });
            }
            java
        }
        None => env("PATH")
            .and_then(|path| {
                std::env::split_paths(&path)
                    .map(|dir| dir.join(java_exe()))
                    .find(|p| p.is_file())
            })
            .ok_or(EngineError::JavaNotFound)?,
    };
    let major = java_major_version(&java);
    if let Some(m) = major {
        if m < 17 {
            return Err(EngineError::JavaTooOld { java, major: m });
        }
    }
    Ok((java, major))
}

/// Java's major version from `<java home>/release` (`JAVA_VERSION="17.0.15"`, `"1.8.0_392"`),
/// following symlinks such as /usr/bin/java → /usr/lib/jvm/.../bin/java. No JVM is started.
pub(crate) fn java_major_version(java: &Path) -> Option<u32> {
    let real = std::fs::canonicalize(java).ok()?;
    let home = real.parent()?.parent()?;
    let text = std::fs::read_to_string(home.join("release")).ok()?;
    let line = text.lines().find(|l| l.starts_with("JAVA_VERSION="))?;
    let v = line["JAVA_VERSION=".len()..].trim().trim_matches('"');
    let mut parts = v.split(['.', '_', '-', '+']);
    let first: u32 = parts.next()?.parse().ok()?;
    if first == 1 {
        parts.next()?.parse().ok()
    } else {
        Some(first)
    }
}

fn check_flink_lib(lib: &Path, version: &str) -> Result<(), EngineError> {
    let not_found = || EngineError::FlinkNotFound {
        version: version.to_string(),
        lib: lib.to_path_buf(),
    };
    let entries = std::fs::read_dir(lib).map_err(|_| not_found())?;
    let dist: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with("flink-dist") && n.ends_with(".jar"))
        .collect();
    if dist.is_empty() {
        return Err(not_found());
    }
    if !dist.iter().any(|n| n.contains(version)) {
        return Err(EngineError::FlinkVersionMismatch {
            version: version.to_string(),
            lib: lib.to_path_buf(),
            found: dist.join(", "),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn touch(p: &Path) {
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(p, b"").unwrap_or_else(|e| panic!("{e}"));
    }

    fn env_of(vars: HashMap<&'static str, PathBuf>) -> impl Fn(&str) -> Option<OsString> {
        move |k| vars.get(k).map(|p| p.clone().into_os_string())
    }

    /// A fake JDK (bin/java + release) and cache with Flink 2.3.0's dist jar and the engine jar.
    fn layout(root: &Path, java_version: &str) -> (PathBuf, PathBuf) {
        let jdk = root.join("jdk");
        touch(&jdk.join("bin").join(java_exe()));
        std::fs::write(
            jdk.join("release"),
            format!("JAVA_VERSION=\"{java_version}\"\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let cache = root.join("cache");
        touch(&cache.join("flink/2.3.0/lib/flink-dist-2.3.0.jar"));
        touch(&cache.join("engine/2.3.0/weir-engine.jar"));
        (jdk, cache)
    }

    #[test]
    fn finds_java_home_flink_cache_and_engine_jar() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (jdk, cache) = layout(dir.path(), "17.0.15");
        let env = env_of(HashMap::from([
            ("JAVA_HOME", jdk.clone()),
            ("WEIR_CACHE", cache.clone()),
        ]));
        let paths =
            locate_with(&EngineConfig::new("2.3.0"), &env).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(paths.java, jdk.join("bin").join(java_exe()));
        assert_eq!(paths.java_major, Some(17));
        assert_eq!(paths.flink_lib, cache.join("flink/2.3.0/lib"));
        assert_eq!(paths.engine_jar, cache.join("engine/2.3.0/weir-engine.jar"));
        assert_eq!(paths.cds_archive, None);
        touch(&cache.join("engine/2.3.0/weir-engine.jsa"));
        let paths =
            locate_with(&EngineConfig::new("2.3.0"), &env).unwrap_or_else(|e| panic!("{e}"));
        assert!(paths.cds_archive.is_some());
    }

    #[test]
    fn java_on_path_when_no_java_home() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (jdk, cache) = layout(dir.path(), "21.0.2");
        let env = env_of(HashMap::from([
            ("PATH", jdk.join("bin")),
            ("WEIR_CACHE", cache),
        ]));
        let paths =
            locate_with(&EngineConfig::new("2.3.0"), &env).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(paths.java_major, Some(21));
    }

    #[test]
    fn missing_pieces_say_what_to_install_or_set() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (jdk, cache) = layout(dir.path(), "1.8.0_392");
        let no_java = env_of(HashMap::from([("PATH", dir.path().join("nothing"))]));
        let e = locate_with(&EngineConfig::new("2.3.0"), &no_java).expect_err("no java");
        assert!(
            e.to_string()
                .contains("Java 17+ not found: install openjdk-17-jre"),
            "{e}"
        );

        let old = env_of(HashMap::from([("JAVA_HOME", jdk.clone())]));
        let e = locate_with(&EngineConfig::new("2.3.0"), &old).expect_err("java 8");
        assert!(matches!(e, EngineError::JavaTooOld { major: 8, .. }), "{e}");

        let bad_home = env_of(HashMap::from([("JAVA_HOME", dir.path().join("nope"))]));
        let e = locate_with(&EngineConfig::new("2.3.0"), &bad_home).expect_err("bad JAVA_HOME");
        assert!(e.to_string().contains("JAVA_HOME"), "{e}");

        std::fs::write(jdk.join("release"), "JAVA_VERSION=\"17.0.1\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let env = env_of(HashMap::from([
            ("JAVA_HOME", jdk.clone()),
            ("WEIR_CACHE", cache.clone()),
        ]));
        let e = locate_with(&EngineConfig::new("1.20.3"), &env).expect_err("no 1.20.3 jars");
        let text = e.to_string();
        assert!(
            text.contains("Flink 1.20.3 jars not found under")
                && text.contains("run scripts/flink-jars.sh 1.20.3 or set FLINK_HOME"),
            "{text}"
        );

        let mut config = EngineConfig::new("1.20.3");
        config.flink_home = Some(cache.join("flink/2.3.0"));
        let e = locate_with(&config, &env).expect_err("wrong version");
        assert!(matches!(e, EngineError::FlinkVersionMismatch { .. }), "{e}");

        std::fs::remove_file(cache.join("engine/2.3.0/weir-engine.jar"))
            .unwrap_or_else(|e| panic!("{e}"));
        let e = locate_with(&EngineConfig::new("2.3.0"), &env).expect_err("no engine jar");
        assert!(e.to_string().contains("engine/build.sh 2.3.0"), "{e}");
    }
}
