//! Writing one content file (an import, a CMS save): atomically, and only where it belongs.

use crate::output::guard::resolve;
use std::io::{Error, ErrorKind, Write as _};
use std::path::{Component, Path};

/// Writes `bytes` to `target` through a temporary file beside it and a rename, so a reader or a
/// crash never sees half a file. Refused unless the target's real folder (every link resolved)
/// lies inside `root/area` — itself no link — and the target is not a link: a folder link under
/// `content/` cannot send a write elsewhere. A replaced file keeps its permissions.
pub(crate) fn write_inside(
    root: &Path,
    area: &str,
    target: &Path,
    bytes: &[u8],
) -> std::io::Result<()> {
    let outside = |why: &str| {
        Error::new(
            ErrorKind::PermissionDenied,
            format!("{} is not written: {why}", target.display()),
        )
    };
    if target.components().any(|c| c == Component::ParentDir) {
        return Err(outside("its path climbs out with `..`"));
    }
    let parent = target.parent().ok_or_else(|| outside("it has no folder"))?;
    let allowed = root.canonicalize()?.join(area);
    let real_parent = resolve(parent).map_err(Error::other)?;
    if !real_parent.starts_with(&allowed) || resolve(&allowed).map_err(Error::other)? != allowed {
        return Err(outside(&format!(
            "its folder is {}, outside {area}/ (a link?)",
            real_parent.display()
        )));
    }
    let existing = match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => return Err(outside("it is a link")),
        Ok(m) if !m.is_file() => return Err(outside("it is not a regular file")),
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    std::fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    tmp.write_all(bytes)?;
    if let Some(permissions) = existing {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_inside;

    #[test]
    fn writes_inside_and_refuses_links_out() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/procedures")).unwrap();
        let ok = root.join("content/procedures/a/x.yaml");
        write_inside(root, "content/procedures", &ok, b"code: x\n").unwrap();
        assert_eq!(std::fs::read(&ok).unwrap(), b"code: x\n");
        // A folder link under content/procedures pointing elsewhere.
        std::os::unix::fs::symlink(elsewhere.path(), root.join("content/procedures/b")).unwrap();
        let via_link = root.join("content/procedures/b/y.yaml");
        assert!(write_inside(root, "content/procedures", &via_link, b"y").is_err());
        assert!(!elsewhere.path().join("y.yaml").exists());
        // A file link.
        let victim = elsewhere.path().join("letter.txt");
        std::fs::write(&victim, "keep").unwrap();
        let link = root.join("content/procedures/z.yaml");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(write_inside(root, "content/procedures", &link, b"z").is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        // `..` in the path.
        let up = root.join("content/procedures/../../x.yaml");
        assert!(write_inside(root, "content/procedures", &up, b"x").is_err());
    }

    #[test]
    fn a_replaced_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let f = root.join("content/stats/2026/2026-10.csv");
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(&f, "old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_inside(root, "content/stats", &f, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o664);
    }
}
