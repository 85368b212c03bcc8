import Foundation
import VigilGit
import VigilSignatures

/// How commits' own signatures are checked when no allowed-signers file is given on the command
/// line: with git's own `gpg.ssh.allowedSignersFile` and `gpg.ssh.revocationFile`, as
/// `git log --show-signature` would.
public enum ScanWorkerSignatures {
    public static func verifier(_ given: CommitSignatureVerifier, repository: Repository) -> CommitSignatureVerifier {
        guard given.allowedSigners == nil, let path = repository.configValue("gpg.ssh.allowedsignersfile") else { return given }
        let revoked = repository.configValue("gpg.ssh.revocationfile").flatMap { try? RevokedKeys.load(path: expand($0)) } ?? given.revoked
        return CommitSignatureVerifier(allowedSigners: try? AllowedSigners.load(path: expand(path)), revoked: revoked)
    }

    static func expand(_ path: String) -> String {
        path.hasPrefix("~/") ? FileManager.default.homeDirectoryForCurrentUser.path + path.dropFirst(1) : path
    }
}
