import ArgumentParser
import Foundation
import VigilRules
import VigilSignatures

/// Who may sign: an allowed-signers file (git's `gpg.ssh.allowedSignersFile` format) and the keys revoked.
struct SignerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Allowed-signers file (git's format) whose keys sign approvals and commits (default: the policy's approvals.allowed_signers).", valueName: "file"))
    var allowedSigners: String?

    @Option(name: .long, help: ArgumentHelp("Revoked public keys, one a line (default: the policy's approvals.revoked_keys).", valueName: "file"))
    var revokedKeys: String?

    /// The files named here, else the policy's; nil when neither names an allowed-signers file.
    func load(policy: PushPolicy?) throws -> (AllowedSigners?, RevokedKeys) {
        do {
            let signers = try (allowedSigners ?? policy?.allowedSigners).map { try AllowedSigners.load(path: $0) }
            let revoked = try (revokedKeys ?? policy?.revokedKeys).map { try RevokedKeys.load(path: $0) } ?? RevokedKeys()
            return (signers, revoked)
        } catch let error as SignerFileError {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.badInput)
        }
    }
}
