import CLibgit2
import Foundation

/// Process-wide libgit2 set-up, done once before any repository is opened.
public enum GitLibrary {
    /// `git_libgit2_init` is reference counted; vigil initialises once and never shuts down,
    /// so handles freed late in `deinit` always find the library alive.
    static let initialised: Void = {
        git_libgit2_init()
        // vigil only reads repositories and never runs programs named in their config, so git's
        // "dubious ownership" guard (which protects against exactly that) is not needed; hooks and CI
        // often run as a user that does not own the repository.
        _ = vigil_git_set_owner_validation(0)
        // Every object read is checked against its id, so a flipped byte is an error, not data.
        _ = vigil_git_enable_strict_hash_verification(ProcessInfo.processInfo.environment["VIGIL_NO_VERIFY"] == nil ? 1 : 0)
        // Raw trees above 4 KiB are not cached by default; diff walks revisit the same large trees.
        _ = vigil_git_set_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
    }()

    static func ensureInitialised() { _ = initialised }
}

extension GitLibrary {
    /// The version of the libgit2 vigil runs on (`1.5.1`).
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }
}
